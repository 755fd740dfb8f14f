"""`invoke new` end to end on fixture sites, and the writing guide's examples built for real."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from zoneinfo import ZoneInfo

from tests.conftest import REPO, SITEURL, post, text_of

GUIDE = REPO / "docs" / "writing-guide.md"
INVOKE = REPO / ".venv" / "bin" / "invoke"


def invoke_new(site, *options: str, task: str = "new") -> subprocess.CompletedProcess:
    """`invoke new --project <fixture site> ...` with no terminal: it may never wait for input."""
    command = [str(INVOKE)] if INVOKE.exists() else [sys.executable, "-m", "invoke"]
    command += [task, "--project", str(site.root), *options]
    return subprocess.run(
        command,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        encoding="utf-8",
    )


def markdown_files(site) -> list[str]:
    return sorted(path.relative_to(site.content).as_posix() for path in site.content.rglob("*.md"))


def test_new_files_of_every_kind_are_drafts_the_preview_shows_and_production_leaves_out(site):
    year = datetime.datetime.now(ZoneInfo("Europe/London")).year
    runs = {
        f"blog/{year}/why-family-help-needs-a-front-door.md": [
            "--kind",
            "blog",
            "--title",
            "Why family help needs a front door",
            "--category",
            "leadership",
            "--tags",
            "family help, Ofsted",
            "--authors",
            "Ann Example, Bo Example",
        ],
        f"regional-updates/{year}/north-west-autumn-report.md": [
            "--kind",
            "update",
            "--title",
            "North West: autumn report",
            "--category",
            "2",
            "--region",
            "north west",
            "--authors",
            "Cy Example",
        ],
        "events/winter-webinar.md": [
            "--kind",
            "event",
            "--title",
            "Winter webinar",
            "--start",
            "2030-01-10 14:00",
        ],
        "publications/stretched-but-steady.md": [
            "--kind",
            "publication",
            "--title",
            "Stretched but steady",
            "--category",
            "Education",
            "--type",
            "report",
        ],
        "pages/our-team.md": ["--kind", "page", "--title", "Our team"],
    }
    for path, options in runs.items():
        result = invoke_new(site, *options)
        assert result.returncode == 0, result.stderr
        assert f"Wrote content/{path}" in result.stdout
        assert "invoke serve" in result.stdout and "Status: draft" in result.stdout
    assert markdown_files(site) == sorted(runs)
    text = (site.content / f"blog/{year}/why-family-help-needs-a-front-door.md").read_text(encoding="utf-8")
    assert "Category: Leadership\n" in text and "Authors: Ann Example, Bo Example\n" in text
    assert "Status: draft\n" in text
    checked = invoke_new(site, task="check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    development = site.build()
    assert development.returncode == 0, development.stderr
    addresses = {
        "/blog/why-family-help-needs-a-front-door/": "Why family help needs a front door",
        "/regional-updates/north-west-autumn-report/": "North West: autumn report",
        "/events/winter-webinar/": "Winter webinar",
        "/publications/stretched-but-steady/": "Stretched but steady",
        "/our-team/": "Our team",
    }
    for url, title in addresses.items():
        page = site.page(url)
        assert text_of(page.find("h1")) == title, url
        assert page.select_one(".draft-notice"), f"{url} is marked as a draft"

    production = site.build(production=True)
    assert production.returncode == 0, production.stderr
    for url in addresses:
        assert not (site.output / url.strip("/")).exists(), url
    everything = "\n".join(path.read_text(encoding="utf-8") for path in site.output.rglob("*.html"))
    assert "front-door" not in everything and "Our team" not in everything


def test_the_same_title_twice_is_refused_naming_the_other_file(site):
    options = ["--kind", "blog", "--title", "Peer challenge", "--category", "General", "--authors", "A"]
    assert invoke_new(site, *options).returncode == 0
    [path] = site.content.rglob("peer-challenge.md")
    before = path.read_text(encoding="utf-8")
    again = invoke_new(site, *options)
    assert again.returncode != 0
    assert f"which content/{path.relative_to(site.content).as_posix()} already has" in again.stderr
    # another kind with the same title would share the slug too
    as_event = invoke_new(site, "--kind", "event", "--title", "Peer challenge!")
    assert as_event.returncode != 0 and "every slug must be unique" in as_event.stderr
    assert path.read_text(encoding="utf-8") == before
    assert len(markdown_files(site)) == 1


def test_a_wrong_category_suggests_the_closest_and_writes_nothing(site):
    result = invoke_new(site, "-k", "blog", "-t", "T", "-c", "Leadershp", "--authors", "A")
    assert result.returncode != 0
    choices = "General, Inspection & Improvement, Leadership, Education"
    assert f"Category 'Leadershp' is not one of {choices}." in result.stderr
    assert "Did you mean 'Leadership'?" in result.stderr
    assert "Traceback" not in result.stderr
    assert markdown_files(site) == []


def test_missing_options_without_a_terminal_fail_clearly_instead_of_waiting(site):
    result = invoke_new(site, "--kind", "update", "--title", "An update")
    assert result.returncode != 0
    assert "Missing --category, --region, --authors: there is no terminal to ask on" in result.stderr
    nothing = invoke_new(site, "--no-input")
    assert nothing.returncode != 0 and "Missing --kind" in nothing.stderr
    assert markdown_files(site) == []


def test_a_new_post_is_scheduled_by_its_date(site):
    """Published (Status removed) but dated tomorrow: production waits; dated yesterday: it is there."""
    created = invoke_new(site, "-k", "blog", "-t", "Scheduled", "-c", "General", "--authors", "A")
    assert created.returncode == 0, created.stderr
    [path] = site.content.rglob("scheduled.md")
    site.write("blog/other.md", post("Other"))
    text = path.read_text(encoding="utf-8").replace("Status: draft\n", "")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    path.write_text(re.sub(r"Date: .*", f"Date: {tomorrow}", text), encoding="utf-8")
    assert site.build(production=True).returncode == 0
    assert not (site.output / "blog" / "scheduled").exists()
    assert "Scheduled" not in (site.output / "index.html").read_text(encoding="utf-8")
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    path.write_text(re.sub(r"Date: .*", f"Date: {yesterday}", text), encoding="utf-8")
    assert site.build(production=True).returncode == 0
    assert (site.output / "blog" / "scheduled" / "index.html").is_file()
    assert "Scheduled" in (site.output / "index.html").read_text(encoding="utf-8")


def guide_example() -> str:
    """The writing guide's complete example post (its first ```markdown block)."""
    match = re.search(r"```markdown\n(Title: .*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert match, "the guide has an example post"
    return match[1]


def test_the_writing_guides_example_post_builds_with_its_image_and_link(site):
    example = guide_example()
    images = re.findall(r"\{static\}/([\w/.-]+)", example)
    links = re.findall(r"\{filename\}/([\w/.-]+\.md)", example)
    assert images and links
    for image in images:
        (site.content / image).parent.mkdir(parents=True, exist_ok=True)
        (site.content / image).write_bytes(b"\xff\xd8\xff\xe0 a picture")
    for number, link in enumerate(links):
        site.write(link, post(f"Linked post {number}"))
    site.write("blog/2026/guide-example.md", example)
    for production in (False, True):
        result = site.build(production=production)
        assert result.returncode == 0, result.stderr
        assert "WARNING" not in result.stderr, result.stderr  # e.g. "Unable to find" a link's file
        for image in images:
            assert (site.output / image).is_file()
    page = site.page("/blog/what-we-learned-from-the-summer-school/")  # the production build
    assert page.select_one(".draft-notice") is None
    sources = [img["src"] for img in page.select("main img")]
    assert sources == [f"{SITEURL}/{image}" for image in images]
    assert all(img["alt"].strip() for img in page.select("main img"))
    hrefs = {a["href"] for a in page.select("main a")}
    for number in range(len(links)):
        assert f"{SITEURL}/blog/linked-post-{number}/" in hrefs
