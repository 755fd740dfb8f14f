"""A commit cannot publish the build machine's files, run script on the site or hang the build.

Real builds and `invoke check` runs of fixture sites (plugins/content_model/files.py): links,
a loop of links and a FIFO are refused before anything is read; only Markdown is read from
the kind folders; files are published as they are only by the allowlist. Each failing site
holds many mistakes at once, and the report must list every one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO, Site, post, snapshot

SECRET = "BUILD_MACHINE_SECRET=hunter2"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
CLEAN_SVG = (
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<title>A bar</title><rect width="5" height="8" fill="#1d70b8"/></svg>\n'
)


def build(site: Site) -> subprocess.CompletedProcess:
    """`invoke build` for the fixture site; a build that hangs fails the test after a minute."""
    command = [sys.executable, "-m", "sitebuild", "build", "--project", str(site.root)]
    return subprocess.run(
        command, check=False, cwd=REPO, capture_output=True, text=True, timeout=60, encoding="utf-8"
    )


def check(site: Site) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "invoke", "check", "--project", str(site.root)]
    return subprocess.run(
        command, check=False, cwd=REPO, capture_output=True, text=True, timeout=60, encoding="utf-8"
    )


def reported(text: str) -> list[str]:
    """'path:line' of each problem in a report."""
    return [line.split(": ", 1)[0].strip() for line in text.splitlines() if line.startswith("  ")]


def assert_refused(site: Site, result, before: dict[str, str], expected: list[str]) -> None:
    """The build failed with exactly the `expected` problems, and left output/ and the folder as they were."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert re.match(rf"Found {len(expected)} problems? in \d+ content files?:\n", result.stderr), (
        result.stderr
    )
    assert reported(result.stderr) == expected, result.stderr
    assert "Nothing was published: the previous output folder is unchanged." in result.stderr
    assert snapshot(site.output) == before
    assert [path.name for path in site.root.iterdir() if path.name.startswith(".")] == []


@pytest.fixture
def built(site) -> Site:
    """A site whose first build succeeded: the last good output/ that a refused build must keep."""
    site.write("blog/good.md", post("Good"))
    result = build(site)
    assert result.returncode == 0, result.stderr
    return site


def test_links_a_loop_and_a_fifo_are_refused_before_anything_is_read(built, tmp_path):
    before = snapshot(built.output)
    secret = tmp_path / "environ"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    outside_post = tmp_path / "outside.md"
    outside_post.write_text(post("Outside", body=SECRET), encoding="utf-8")
    content = built.content
    (content / "files").mkdir()
    os.symlink(secret, content / "files" / "env.txt")  # as a link to /proc/self/environ would
    os.symlink(outside_post, content / "blog" / "outside.md")
    os.symlink(".", content / "blog" / "loop")  # Pelican's walk would go round for ever
    os.mkfifo(content / "blog" / "post.md")  # reading it would never return
    expected = [
        "content/blog/loop:1",
        "content/blog/outside.md:1",
        "content/blog/post.md:1",
        "content/files/env.txt:1",
    ]

    started = time.monotonic()
    result = build(built)
    assert time.monotonic() - started < 30

    assert_refused(built, result, before, expected)
    assert f"content/files/env.txt:1: This is a symbolic link (to {secret}), not a file." in result.stderr
    assert "content/blog/post.md:1: This is a named pipe (FIFO), not a file." in result.stderr
    assert SECRET not in result.stderr
    checked = check(built)
    assert checked.returncode == 1 and "Traceback" not in checked.stdout + checked.stderr
    assert reported(checked.stdout) == expected, checked.stdout
    assert "The checks of each file's text did not run: fix this first." in checked.stdout


def test_a_link_in_the_theme_is_refused(built, tmp_path):
    before = snapshot(built.output)
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    os.symlink("/etc/hostname", theme / "static" / "hostname.txt")
    settings = built.root / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + f"THEME = {str(theme)!r}\n", encoding="utf-8")

    result = build(built)

    assert_refused(built, result, before, [f"{theme}/static/hostname.txt:1"])
    assert "This is a symbolic link (to /etc/hostname), not a file." in result.stderr


FILES = {
    "files/app.js": "alert(document.cookie)\n",
    "files/page.html": "<!DOCTYPE html><title>Hi</title><script>alert(1)</script>\n",
    "files/_headers": "/*\n  Content-Security-Policy: script-src *\n",
    "files/chart.php.png": PNG,
    "images/script.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n<rect width="1" height="1"/>\n'
    "<script>alert(1)</script>\n</svg>\n",
    "images/really-html.png": "<html><body><script>alert(1)</script></body></html>\n",
    "blog/chart.png": PNG,
    "blog/raw.html": "<html><head><title>Raw</title></head><body><script>alert(1)</script></body></html>\n",
    "pages/about.rst": "About\n#####\n\n.. raw:: html\n\n   <script>alert(1)</script>\n",
    "data/notes.toml": "a = 1\n",
    "blog/links.md": post(
        "Links",
        body="A [secret]({static}/../secret.txt), [a pipe]({static}/../pipe).\n\n"
        "Our [notes]({static}/data/notes.toml) and ![a chart]({static}chart.png).",
    ),
}
EXPECTED = [
    ("content/blog/chart.png:1", "This is not a Markdown file (.md), so it is never published"),
    ("content/blog/links.md:6", "This links to a file outside content/"),  # the FIFO: never opened
    ("content/blog/links.md:6", "This links to a file outside content/"),
    ("content/blog/links.md:8", "This links to content/blog/chart.png;"),
    ("content/blog/links.md:8", "This links to content/data/notes.toml;"),
    ("content/blog/raw.html:1", "This is not a Markdown file (.md)"),
    ("content/files/_headers:1", "This is a web server's settings file"),
    ("content/files/app.js:1", "This is a script or program that a browser can run."),
    ("content/files/chart.php.png:1", "Its name holds '.php'"),
    ("content/files/page.html:1", "This is a web page"),
    ("content/images/really-html.png:1", "but its content is not: it starts like a web page"),
    ("content/images/script.svg:3", "The drawing has a <script> element"),
    ("content/pages/about.rst:1", "This is not a Markdown file (.md)"),
]


def test_files_that_could_run_script_are_refused_and_only_markdown_is_read(built):
    before = snapshot(built.output)
    (built.root / "secret.txt").write_text(SECRET, encoding="utf-8")
    os.mkfifo(built.root / "pipe")  # outside content/: Pelican would wait for ever to read it
    for relative, data in FILES.items():
        path = built.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())

    result = build(built)

    assert_refused(built, result, before, [place for place, _ in EXPECTED])
    lines = [line.strip() for line in result.stderr.splitlines() if line.startswith("  ")]
    for line, (place, words) in zip(lines, EXPECTED):
        assert line.startswith(place) and words in line, (line, words)
    checked = check(built)
    assert checked.returncode == 1 and "Traceback" not in checked.stdout + checked.stderr
    assert set(reported(result.stderr)) <= set(reported(checked.stdout)), checked.stdout


def test_documents_pictures_still_drawings_and_data_are_published(site):
    published = {
        "files/report.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        "files/figures.csv": b"region,placements\nLondon,12\n",
        "files/dates.ics": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
        "files/figures.json": b'{"London": 12}\n',
        "images/chart.png": PNG,
        "images/bars.svg": CLEAN_SVG.encode(),
    }
    for relative, data in published.items():
        path = site.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (site.content / "images" / ".gitkeep").write_bytes(b"")  # hidden: neither read nor published
    site.write(
        "blog/figures.md",
        post("Figures", body="![Bars]({static}/images/bars.svg) [Report]({static}/files/report.pdf)"),
    )

    result = build(site)

    assert result.returncode == 0, result.stderr
    for relative, data in published.items():
        assert (site.output / relative).read_bytes() == data
    assert not (site.output / "images" / ".gitkeep").exists()
    image = site.page("/blog/figures/").find("img", alt="Bars")
    assert image["src"].endswith("images/bars.svg")
