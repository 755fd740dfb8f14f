import datetime
from dataclasses import replace
from types import SimpleNamespace

from content_model.people import Person, load_people
from listings.publications import (
    Reference,
    bibtex,
    by_type_and_year,
    citation,
    citation_meta,
    file_details,
    ris,
)


def test_citation_reads_like_a_reference():
    text = citation(
        ["Aisha Rahman", "Tom Fairlie"],
        "2026",
        "High needs deficits",
        "The Association",
        "48",
        "https://x.org/p/",
    )
    assert (
        text
        == "Aisha Rahman and Tom Fairlie (2026) High needs deficits. The Association. 48 pages. Available at: https://x.org/p/"
    )
    chapter = citation([], "2025", "Leading through inspection", "Harbourside Press", "113-131", "")
    assert chapter == "Harbourside Press (2025) Leading through inspection. pp. 113–131."


def test_a_one_page_publication_is_one_page():
    assert citation([], "2026", "Pay and conditions", "The Association", "1", "").endswith("1 page.")
    assert citation([], "2026", "Pay and conditions", "The Association", "12", "").endswith("12 pages.")


def test_file_details_give_format_and_size(tmp_path):
    report = tmp_path / "report.pdf"
    report.write_bytes(b"x" * 2800)
    assert file_details(report) == ("PDF", "2.7 KB")


def test_publications_group_by_configured_type_newest_year_first():
    def pub(slug, kind, year):
        return SimpleNamespace(slug=slug, type=kind, year=year, date=datetime.datetime(int(year), 1, 1))

    groups = by_type_and_year(
        [pub("a", "Briefing", "2024"), pub("b", "Report", "2023"), pub("c", "Briefing", "2026")],
        ["Report", "Briefing", "Book chapter"],
    )
    assert [(kind, [p.slug for p in items]) for kind, items in groups] == [
        ("Report", ["b"]),
        ("Briefing", ["c", "a"]),
    ]


def test_people_file_is_read_and_its_mistakes_named(tmp_path):
    good = tmp_path / "authors.toml"
    good.write_text('["Jo Bloggs"]\nrole = "Director"\norganisation = "Anytown Council"\n', encoding="utf-8")
    people, problems = load_people(good, "content/data/authors.toml")
    assert people["Jo Bloggs"] == Person("Jo Bloggs", "Director", "Anytown Council") and problems == []
    bad = tmp_path / "bad.toml"
    bad.write_text('["Jo Bloggs"]\nrole = Director\n', encoding="utf-8")
    _, [problem] = load_people(bad, "content/data/authors.toml")
    assert problem.line == 2 and "cannot be read" in problem.message
    odd = tmp_path / "odd.toml"
    odd.write_text('["Jo Bloggs"]\nrole = "Director"\nshoe_size = "9"\n', encoding="utf-8")
    _, [problem] = load_people(odd, "content/data/authors.toml")
    assert problem.line == 1 and problem.value == "shoe_size"


def test_a_year_that_is_not_a_number_sorts_last_and_is_left_to_the_content_model_to_refuse():
    def item(year, slug):
        return SimpleNamespace(type="Report", year=year, slug=slug, date=datetime.datetime(2026, 1, 1))

    odd, good = item("<script>alert(1)</script>", "odd"), item("2025", "good")
    assert by_type_and_year([odd, good], ["Report"]) == [("Report", [good, odd])]


CHAPTER = Reference(
    key="leading-through-inspection",
    type="Book chapter",
    title="Leading through inspection: 100% {candid} & short_notes",
    authors=("Aisha Rahman", "Tom Fairlie"),
    year="2025",
    publisher="Harbourside Press",
    pages="113-131",
    address="https://www.acsd.test/publications/leading/",
    page_address="https://www.acsd.test/publications/leading/",
    file_address="https://www.acsd.test/files/leading.pdf",
    language="en-GB",
)


def test_bibtex_escapes_what_bibtex_would_read_as_markup_and_gives_a_page_range():
    entry = bibtex(CHAPTER)
    assert entry.startswith("@misc{leading-through-inspection,\n")
    assert r"title = {Leading through inspection: 100\% \{candid\} \& short\_notes}," in entry
    assert "author = {Aisha Rahman and Tom Fairlie}," in entry and "pages = {113--131}," in entry
    assert entry.endswith("}\n")
    report = bibtex(replace(CHAPTER, type="Report", pages="48"))
    assert report.startswith("@techreport{") and "institution = {Harbourside Press}," in report
    assert "note = {48 pages}," in report


def test_ris_has_one_line_per_author_the_type_and_crlf_line_ends():
    record = ris(CHAPTER)
    lines = record.split("\r\n")
    assert lines[0] == "TY  - CHAP" and lines[-2] == "ER  - " and lines[-1] == ""
    assert [line for line in lines if line.startswith("AU")] == ["AU  - Aisha Rahman", "AU  - Tom Fairlie"]
    assert (
        "SP  - 113" in lines
        and "EP  - 131" in lines
        and "L1  - https://www.acsd.test/files/leading.pdf" in lines
    )
    assert "\n" not in record.replace("\r\n", "")


def test_citation_meta_is_what_scholarly_indexes_read():
    tags = citation_meta(CHAPTER)
    assert tags[0] == ("citation_title", CHAPTER.title)
    assert [value for name, value in tags if name == "citation_author"] == ["Aisha Rahman", "Tom Fairlie"]
    assert ("citation_firstpage", "113") in tags and ("citation_lastpage", "131") in tags
    assert ("citation_pdf_url", "https://www.acsd.test/files/leading.pdf") in tags
    assert ("citation_publisher", "Harbourside Press") in tags
    no_file = citation_meta(replace(CHAPTER, file_address="", pages="12"))
    assert not [name for name, _ in no_file if name in ("citation_pdf_url", "citation_firstpage")]
