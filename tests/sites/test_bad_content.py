"""A site with several bad files fails once, listing every problem, and leaves output/ untouched."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO, post, snapshot

BAD_FILES = {
    "blog/typo.md": post("Typo", category="Leadershp"),
    "blog/no-title.md": "Date: 2026-01-01\nCategory: General\nAuthors: A\n\nBody\n",
    "regional-updates/no-region.md": post("No region"),
    "events/backwards.md": "Title: Backwards\nStart: 2026-12-01 10:00\nEnd: 2026-12-01 09:00\n\nBody\n",
    "blog/first.md": post("Same title"),
    "pages/second.md": "Title: Same title\n\nBody\n",
}

EXPECTED = [
    "content/blog/typo.md:3: Category 'Leadershp' is not one of General, Inspection & Improvement, "
    "Leadership, Education. Did you mean 'Leadership'?",
    "content/blog/no-title.md:1: Title is missing",
    "content/regional-updates/no-region.md:1: Region is missing",
    "content/events/backwards.md:3: End '2026-12-01 09:00' is not after Start '2026-12-01 10:00'.",
    "content/blog/first.md:1: Slug 'same-title' is also the slug of content/pages/second.md",
    "content/pages/second.md:1: Slug 'same-title' is also the slug of content/blog/first.md",
]


def test_every_problem_is_reported_at_once_and_output_is_untouched(site):
    site.write("blog/good.md", post("A good post"))
    assert site.build().returncode == 0
    before = snapshot(site.output)
    assert "blog/a-good-post/index.html" in before

    for relative, text in BAD_FILES.items():
        site.write(relative, text)
    result = site.build()

    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "Found 6 problems in 6 content files:" in result.stderr
    for expected in EXPECTED:
        assert expected in result.stderr
    reported = [
        line.strip().split(":")[0] for line in result.stderr.splitlines() if line.startswith("  content/")
    ]
    assert reported == sorted(reported), "problems are sorted by file"
    assert "the previous output folder is unchanged" in result.stderr
    assert snapshot(site.output) == before
    assert not list(site.root.glob(".output-*")), "no staging folder is left behind"


def test_the_same_problems_are_reported_when_files_come_from_the_cache(site):
    site.write("blog/typo.md", post("Typo", category="Leadershp"))
    first = site.build()
    second = site.build()
    assert first.returncode == second.returncode == 1
    assert "Did you mean 'Leadership'?" in second.stderr


def test_fixing_the_files_lets_the_build_through(site):
    site.write("blog/typo.md", post("Typo", category="Leadershp"))
    assert site.build().returncode == 1
    site.write("blog/typo.md", post("Typo", category="leadership"))
    assert site.build().returncode == 0
    soup = site.page("/blog/typo/")
    assert soup.select_one('.facts a[href*="category/leadership/"]').get_text() == "Leadership"


def test_a_file_that_is_not_utf8_is_named(site):
    (site.content / "blog").mkdir(parents=True)
    (site.content / "blog" / "latin.md").write_bytes(b"Title: Caf\xe9\nDate: 2026-01-01\n\nBody\n")
    result = site.build()
    assert result.returncode == 1
    assert "content/blog/latin.md:1: This file is not UTF-8 text" in result.stderr


def test_a_post_outside_the_content_folders_is_reported(site):
    site.write("blog/good.md", post("Good"))
    site.write("news/lost.md", post("Lost"))
    result = site.build()
    assert result.returncode == 1
    assert "content/news/lost.md:1: This file is not in one of the content folders" in result.stderr


def test_a_template_error_fails_cleanly_and_keeps_output(site, tmp_path):
    site.write("blog/good.md", post("Good"))
    assert site.build().returncode == 0
    before = snapshot(site.output)
    theme = tmp_path / "theme"
    import shutil

    from tests.conftest import REPO

    shutil.copytree(REPO / "theme", theme)
    (theme / "templates" / "article.html").write_text(
        "{% extends 'base.html' %}{% block content %}{{ article.title|nosuchfilter }}{% endblock %}",
        encoding="utf-8",
    )
    settings = site.root / "pelicanconf.py"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"\nTHEME = {str(theme)!r}\n", encoding="utf-8"
    )
    result = site.build()
    assert result.returncode == 1
    assert "The build failed" in result.stderr and "nosuchfilter" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site.output) == before


def test_messages_with_curly_quotes_reach_a_terminal_whose_locale_says_ascii(site):
    """LC_ALL=C with PYTHONUTF8=0 (as on some CI machines) makes Python's output ASCII; a value
    quoted back in a message still arrives, as UTF-8, with no traceback."""
    site.write("blog/quoted.md", post("Quoted", category="Leadership’s"))
    result = subprocess.run(
        [sys.executable, "-m", "sitebuild", "build", "--project", str(site.root)],
        cwd=REPO,
        env=os.environ | {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
        capture_output=True,
        timeout=300,
    )
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 1
    assert "Traceback" not in stderr
    assert "content/blog/quoted.md:3: Category 'Leadership’s' is not one of" in stderr


def test_a_draft_saved_with_a_blank_first_line_is_one_clear_problem_and_never_published(site):
    site.write("blog/good.md", post("A good post"))
    site.content.joinpath("blog/draft.md").write_text(
        "\n" + post("Not ready yet", status="draft"), encoding="utf-8"
    )
    result = site.build(production=True)
    assert result.returncode == 1
    assert "content/blog/draft.md:1: The file starts with a blank line" in result.stderr
    assert "is missing" not in result.stderr  # not every key reported as missing
    assert not site.output.exists()


def test_a_region_the_regions_file_misspells_stops_the_build_at_its_line(site):
    site.write("blog/good.md", post("A good post"))
    site.write("data/regions.toml", '["North West"]\nchair = "A"\n\n["Londn"]\ncouncils = ["Northgate"]\n')
    result = site.build()
    assert result.returncode == 1
    assert (
        "content/data/regions.toml:4: 'Londn' is not one of the site's regions. Did you mean 'London'?"
        in result.stderr
    )


def test_a_link_to_a_missing_file_is_shown_as_its_text_and_named_by_file_never_as_a_literal_address(site):
    site.write(
        "blog/a.md",
        post(
            "A post",
            body="See [the other post]({filename}/blog/nope.md) and ![A chart]({filename}/images/no.png).",
        ),
    )
    for production in (False, True):
        result = site.build(production=production)
        assert result.returncode == 0, result.stderr
        assert "content/blog/a.md: '{filename}/blog/nope.md' is no page or file of the site" in result.stderr
        assert (
            "Unable to find" not in result.stderr and str(site.content) not in result.stderr
        )  # not Pelican's
        text = "\n".join(
            path.read_text(encoding="utf-8")
            for path in site.output.rglob("*")
            if path.suffix in (".html", ".xml")
        )
        assert "{filename}" not in text and "{static}" not in text
        assert "See the other post and A chart." in site.page("/blog/a-post/").select_one(".prose").get_text()


def test_an_image_that_is_not_in_content_is_shown_as_its_description_and_named_by_file(site):
    site.write(
        "blog/a.md", post("A post", body="Before ![A chart of referrals]({static}/images/missing.png) after.")
    )
    for production in (False, True):
        result = site.build(production=production)
        assert result.returncode == 0, result.stderr
        assert (
            "content/blog/a.md: '{static}/images/missing.png' is no page or file of the site" in result.stderr
        )
        assert "Cannot get modification stamp" not in result.stderr and str(site.root) not in result.stderr
        prose = site.page("/blog/a-post/").select_one(".prose")
        assert prose.find("img") is None, "no image whose address leads nowhere"
        assert "Before A chart of referrals after." in prose.get_text()
        assert not (site.output / "images" / "missing.png").exists()


def test_an_image_without_alt_text_is_named_from_the_project_with_its_fix(site):
    site.write("blog/a.md", post("A post", body="A chart: ![](https://www.example.org/chart.png)"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert "content/blog/a.md: the image 'chart.png' has no alt text. Describe the image" in result.stderr
    assert str(site.root) not in result.stderr and "Empty alt attribute" not in result.stderr
