"""`invoke check` as people run it: a fixture site with one of every mistake, and the example site."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sitebuild.new_post import PLACEHOLDERS
from tests.conftest import REPO, Site, post

SETTINGS = """
IMAGE_MAX_BYTES = 1000
IFRAME_HOSTS = ["www.youtube-nocookie.com"]
"""

# Every link and image here is fine: the check must say nothing about this file.
CLEAN_BODY = """\
A [post](/blog/target-post/), the [same post](../target-post/), [by its file]({filename}target.md),
a [tag](/tag/peer-challenge/) and [again]({tag}Peer challenge), a [category](/category/general/),
a [region](/region/london/), an [author](/author/ann-example/), a [series](/series/presidents-blog/),
the [archive](/archive/), [search](/search/), [events](/events/), [publications](/publications/),
[updates](/regional-updates/), [home](/), [GOV.UK](https://www.gov.uk/), [email](mailto:a@example.org),
[this page's top](#top) and [the feed](/feeds/all.atom.xml).

![A chart of placements by region](/images/ok.png) ![The same chart]({static}/images/ok.png)

## What we found

### In detail

<iframe src="https://www.youtube-nocookie.com/embed/abc" title="A short video"></iframe>

Code is text, not markup:

    <script>alert("shown, not run")</script>
    <p onclick="alert(1)">shown</p>
"""

# (file, line, field, words the message must contain): one of every mistake, each once.
FILES = {
    "blog/target.md": post("Target post", tags="peer challenge", series="President's blog", region="London"),
    "blog/clean.md": post("Clean", body=CLEAN_BODY),
    "blog/front-matter.md": post("Front matter", category="Leadershp"),
    "blog/unknown-related.md": post("Unknown related", related="no-such-post"),
    "blog/broken-link.md": post("Broken link", body="See [the report](/blog/no-such-post/)."),
    "blog/broken-tag.md": post("Broken tag", body="All our [Ofsted posts](/tag/no-such-tag/)."),
    "blog/broken-file-link.md": post("Broken file link", body="An [old post]({filename}2025/old-post.md)."),
    "blog/missing-image.md": post("Missing image", body="![A chart]({static}/images/missing.png)"),
    "blog/no-alt.md": post("No alt", body="Intro.\n\n![](/images/ok.png)"),
    "blog/big-image.md": post("Big image", body="![A large photograph](/images/big.png)"),
    "blog/external-image.md": post("External image", body="![Their logo](https://cdn.example.com/logo.png)"),
    "blog/script.md": post("Script", body="Intro.\n\n<script>alert(1)</script>"),
    "blog/handler.md": post("Handler", body='<p onclick="alert(1)">Click here</p>'),
    "blog/javascript-link.md": post("Javascript link", body="[Click me](javascript:alert(1))"),
    "blog/iframe.md": post("Iframe", body='<iframe src="https://tracker.example.com/a" title="x"></iframe>'),
    "blog/headings.md": post("Headings", body="Intro.\n\n## First\n\nText.\n\n#### Too deep\n\nText."),
    "blog/placeholder.md": post("Placeholder", body=f"{PLACEHOLDERS[0]} And some real words."),
    "blog/empty.md": post("Empty", body=""),
    "blog/draft-in-progress.md": post("Draft in progress", status="draft", body=f"{PLACEHOLDERS[0]}"),
    "blog/draft-broken.md": post("Draft broken", status="draft", body="Intro.\n\n[Gone](/blog/gone/)"),
    "blog/links-to-draft.md": post("Links to draft", body="[Coming soon](/blog/draft-in-progress/)"),
}

EXPECTED = [
    ("content/blog/big-image.md", 6, "Body", "is 2,000 bytes, over the limit of 1,000 bytes"),
    ("content/blog/broken-file-link.md", 6, "Body", "points to content/blog/2025/old-post.md"),
    ("content/blog/broken-link.md", 6, "Body", "link '/blog/no-such-post/' is not the address of a page"),
    ("content/blog/broken-tag.md", 6, "Body", "link '/tag/no-such-tag/' is not the address of a page"),
    ("content/blog/draft-broken.md", 9, "Body", "link '/blog/gone/' is not the address"),
    ("content/blog/empty.md", 6, "Body", "has no text after its front matter"),
    ("content/blog/external-image.md", 6, "Body", "is loaded from cdn.example.com"),
    ("content/blog/front-matter.md", 3, "Category", "Category 'Leadershp' is not one of"),
    ("content/blog/handler.md", 6, "Body", "inline event handler 'onclick'"),
    ("content/blog/headings.md", 12, "Body", "level 4 (####) after a level 2 heading (##), skipping"),
    ("content/blog/iframe.md", 6, "Body", "An iframe from tracker.example.com is not allowed"),
    ("content/blog/javascript-link.md", 6, "Body", "'javascript:' address is not allowed"),
    ("content/blog/links-to-draft.md", 6, "Body", "goes to a draft"),
    ("content/blog/missing-image.md", 6, "Body", "points to content/images/missing.png, which does not"),
    ("content/blog/no-alt.md", 8, "Body", "has no alt text"),
    ("content/blog/placeholder.md", 6, "Body", f"'{PLACEHOLDERS[0]}' is placeholder text"),
    ("content/blog/script.md", 8, "Body", "A <script> element is not allowed"),
    ("content/blog/unknown-related.md", 5, "Related", "Related names 'no-such-post'"),
]


def run_check(*arguments: str, cwd=REPO) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "invoke", "check", *arguments]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, encoding="utf-8")


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("check") / "site", extra_settings=SETTINGS)
    for relative, text in FILES.items():
        site.write(relative, text)
    images = site.content / "images"
    images.mkdir()
    (images / "ok.png").write_bytes(b"\x89PNG" + b"\0" * 96)
    (images / "big.png").write_bytes(b"\x89PNG" + b"\0" * 1996)
    return site


def test_every_mistake_is_reported_once_with_its_file_line_and_fix(mistakes):
    result = run_check("--project", str(mistakes.root))

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "could not be read" not in result.stdout and "Pelican reported" not in result.stdout
    lines = [line.strip() for line in result.stdout.splitlines() if line.startswith("  content/")]
    assert result.stdout.startswith(f"Found {len(EXPECTED)} problems in {len(EXPECTED)} content files:\n")
    assert len(lines) == len(EXPECTED), result.stdout
    for (path, line, _field, words), reported in zip(EXPECTED, lines):
        assert reported.startswith(f"{path}:{line}: "), (reported, path, line)
        assert words in reported, (reported, words)
    for clean in ("content/blog/clean.md", "content/blog/target.md", "content/blog/draft-in-progress.md"):
        assert clean not in result.stdout


def test_json_gives_the_same_findings_with_a_fix_for_each(mistakes):
    result = run_check("--project", str(mistakes.root), "--json")

    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["files"] == len(FILES)
    found = [(p["path"], p["line"], p["field"]) for p in report["problems"]]
    assert found == [(path, line, field) for path, line, field, _ in EXPECTED]
    for problem, (*_, words) in zip(report["problems"], EXPECTED):
        assert words in problem["message"]
        assert problem["fix"].strip() and problem["line"] >= 1
        assert set(problem) == {"path", "line", "field", "value", "message", "fix"}


def test_the_example_site_is_clean():
    invoke = REPO / ".venv" / "bin" / "invoke"
    result = subprocess.run(
        [str(invoke), "check"], cwd=REPO, capture_output=True, text=True, timeout=300, encoding="utf-8"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("No problems found in ")


def test_a_clean_fixture_site_passes(tmp_path):
    site = Site(tmp_path / "site")
    site.write("blog/one.md", post("One", body="Text with a [link](/blog/two/).\n\n## A heading"))
    site.write("blog/two.md", post("Two"))
    result = run_check("--project", str(site.root))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "No problems found in 2 content files."


def test_settings_that_cannot_be_read_are_named_without_a_traceback(tmp_path):
    site = Site(tmp_path / "site")
    (site.root / "pelicanconf.py").write_text("CATEGORIES = [\n", encoding="utf-8")
    result = run_check("--project", str(site.root))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "The site could not be read: the settings file" in result.stdout
    assert "line 1 has an error: SyntaxError" in result.stdout
    assert "did not run" in result.stdout
