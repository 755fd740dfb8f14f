"""The regions data file (plugins/content_model/regions.py): each region's chair and councils, checked."""

from __future__ import annotations

from content_model.regions import RegionFacts, load_regions

REGIONS = ("North West", "London")


def load(tmp_path, text: str):
    path = tmp_path / "regions.toml"
    path.write_text(text, encoding="utf-8")
    return load_regions(path, "content/data/regions.toml", REGIONS)


def test_a_region_gets_its_chair_and_councils_in_order(tmp_path):
    facts, problems = load(
        tmp_path, '["North West"]\nchair = "Jo Example"\ncouncils = ["Westmarch", "Ashby Moss"]\n'
    )
    assert problems == []
    assert facts == {"North West": RegionFacts("North West", "Jo Example", ("Westmarch", "Ashby Moss"))}


def test_no_file_is_no_facts_and_no_problem(tmp_path):
    assert load_regions(tmp_path / "missing.toml", "x", REGIONS) == ({}, [])


def test_a_region_not_in_the_settings_is_named_at_its_line_with_the_closest(tmp_path):
    facts, [problem] = load(tmp_path, '# regions\n\n["Londn"]\nchair = "A"\n')
    assert facts == {} and (problem.path, problem.line, problem.field) == (
        "content/data/regions.toml",
        3,
        "Londn",
    )
    assert problem.fix == "Did you mean 'London'?"


def test_other_fields_or_types_are_refused_with_the_form_to_write(tmp_path):
    _, problems = load(
        tmp_path, '["London"]\nchair = "A"\nmayor = "B"\n\n["North West"]\ncouncils = "Westmarch"\n'
    )
    assert [(problem.line, problem.value) for problem in problems] == [(1, "mayor"), (5, "")]
    assert all("councils = [" in problem.fix for problem in problems)


def test_a_file_toml_cannot_read_is_one_problem_at_its_line(tmp_path):
    _, [problem] = load(tmp_path, '["London"]\nchair = "A\n')
    assert problem.line == 2 and "cannot be read" in problem.message
