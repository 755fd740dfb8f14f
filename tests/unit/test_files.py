"""Which files a build reads or publishes (plugins/content_model/files.py), decided without a build."""

from __future__ import annotations

import os
import socket

import pytest
from content_model.files import (
    ACTIVE_TYPES,
    READ_EXTENSIONS,
    Allowlist,
    non_markdown_problems,
    published_file_problems,
    read_only_markdown,
    refusal_by_name,
    special_file_problems,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican import signals
from pelican.readers import HTMLReader, MarkdownReader, Readers
from pelican.settings import DEFAULT_CONFIG

ALLOWED = frozenset({"pdf", "docx", "xlsx", "csv", "txt", "png", "jpg", "svg", "json", "ics"})
ALLOWLIST = Allowlist(types=ALLOWED, static_paths=("files", "images"), max_bytes=10_000)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 40
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'


# --- Only ordinary files and folders --------------------------------------------------------


def test_links_pipes_and_sockets_are_found_without_following_any_link(tmp_path, monkeypatch):
    project = tmp_path / "project"
    content = project / "content"
    (content / "blog" / "2026").mkdir(parents=True)
    (content / "blog" / "2026" / "post.md").write_text("Title: A post\n", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET=1\n", encoding="utf-8")
    (content / "files").mkdir()
    os.symlink(secret, content / "files" / "env.txt")  # a file outside the project
    os.symlink(".", content / "blog" / "loop")  # a loop: following it would never end
    os.symlink("/nowhere", content / "blog" / "dangling.md")
    os.mkfifo(content / "blog" / "2026" / "waiting.md")
    with socket.socket(socket.AF_UNIX) as listening:
        monkeypatch.chdir(content / "files")  # a socket's address must be short
        listening.bind("socket")
        found = special_file_problems([content], project)
    by_path = {problem.path: problem for problem in found}
    assert sorted(by_path) == [
        "content/blog/2026/waiting.md",
        "content/blog/dangling.md",
        "content/blog/loop",
        "content/files/env.txt",
        "content/files/socket",
    ]
    link = by_path["content/files/env.txt"]
    assert (link.line, link.field, link.value) == (1, "File", str(secret))
    assert link.message.startswith(f"This is a symbolic link (to {secret}), not a file.")
    assert link.fix == "Replace the link with a copy of the file, or delete it."
    assert by_path["content/blog/2026/waiting.md"].message == (
        "This is a named pipe (FIFO), not a file. Reading it would make the build wait for ever."
    )
    assert by_path["content/files/socket"].message == "This is a socket, not a file."


def test_a_folder_that_is_itself_a_link_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "theme")
    [problem] = special_file_problems([tmp_path / "theme"], tmp_path)
    assert problem.path == "theme" and "symbolic link" in problem.message


def test_a_folder_outside_the_project_is_named_in_full(tmp_path):
    theme = tmp_path / "shared-theme"
    theme.mkdir()
    os.symlink("/etc/hostname", theme / "secret.txt")
    [problem] = special_file_problems([theme], tmp_path / "project")
    assert problem.path == str(theme / "secret.txt")


def test_ordinary_files_and_folders_give_no_problem(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "c.md").write_text("x", encoding="utf-8")
    assert special_file_problems([tmp_path, tmp_path / "missing"], tmp_path) == []


# --- Only Markdown is read --------------------------------------------------------------------


def test_the_extensions_read_are_those_of_pelicans_markdown_reader():
    """READ_EXTENSIONS repeats Pelican's list so that files.py needs no Pelican: a new Pelican must agree."""
    assert tuple(MarkdownReader.file_extensions) == READ_EXTENSIONS


def test_only_the_markdown_reader_is_left_whatever_the_readers_setting():
    with signals.readers_init.muted():  # a build earlier in this process connected the plugin's receiver
        readers = Readers({**DEFAULT_CONFIG, "READERS": {"txt": HTMLReader}})
    assert {"html", "htm", "rst", "txt"} <= set(readers.reader_classes)  # rst: docutils is installed
    read_only_markdown(readers)
    assert sorted(readers.reader_classes) == sorted([*READ_EXTENSIONS, "static"])


def test_a_file_in_a_kind_folder_that_is_not_markdown_is_reported_with_where_it_belongs(tmp_path):
    content = tmp_path / "content"
    files = {
        "blog/2026/post.md": "",
        "blog/2026/chart.png": "",
        "blog/.DS_Store": "",
        "pages/about.html": "",
        "events/programme.pdf": "",
        "publications/report.rst": "",
        "files/report.pdf": "",  # not a kind folder
        "notes.txt": "",  # nor is the top of content/
    }
    for relative in files:
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_text("x", encoding="utf-8")
    found = {p.path: p for p in non_markdown_problems(content, ("files", "images"), (".*",))}
    assert sorted(found) == [
        "content/blog/2026/chart.png",
        "content/events/programme.pdf",
        "content/pages/about.html",
        "content/publications/report.rst",
    ]
    chart = found["content/blog/2026/chart.png"]
    assert (chart.line, chart.field, chart.value) == (1, "File", "chart.png")
    assert chart.message == (
        "This is not a Markdown file (.md), so it is never published: "
        "content/blog/ holds only blog posts, written in Markdown."
    )
    assert chart.fix == (
        "Move it to content/images/ and show it in the post with ![what it shows]({static}/images/chart.png)."
    )
    assert found["content/events/programme.pdf"].fix == (
        "Move it to content/files/ and link to it from the post with "
        "[its title]({static}/files/programme.pdf)."
    )
    assert "Write it as a Markdown file" in found["content/pages/about.html"].fix
    assert "Write it as a Markdown file" in found["content/publications/report.rst"].fix


def test_a_kind_folder_the_settings_publish_as_it_is_is_left_alone(tmp_path):
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "chart.png").write_bytes(PNG)
    assert non_markdown_problems(tmp_path, ("blog",), ()) == []


# --- Files published as they are ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("page.html", "This is a web page"),
        ("Page.HTM", "This is a web page"),
        ("feed.xml", "This is XML"),
        ("app.js", "script or program that a browser can run"),
        ("module.wasm", "script or program that a browser can run"),
        ("site.css", "style sheet"),
        ("index.php", "program that a web server may run"),
        ("chart.php.png", "Its name holds '.php'"),
        ("setup.exe", "on their own computer"),
        ("budget.xlsm", "with macros"),
        ("map.svgz", "compressed SVG"),
        ("_headers", "web server's settings file"),
        ("_redirects", "web server's settings file"),
        (".htaccess", "web server's settings file"),
        ("web.config", "web server's settings file"),
        ("README", "has no type"),
        ("talk.mp4", "The site does not publish .mp4 files."),
    ],
)
def test_files_refused_by_their_name(name, words):
    refusal = refusal_by_name(name, ALLOWED | {"html", "js", "css", "xml", "svgz", "config", "mp3"})
    assert refusal is not None and words in refusal[0], refusal
    assert refusal[1]  # a fix


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"[A-Za-z0-9 _.-]{0,20}", fullmatch=True),
    st.sampled_from(sorted(ACTIVE_TYPES)),
    st.sampled_from([str.lower, str.upper, str.title]),
)
def test_an_active_type_is_refused_whatever_the_allowlist_and_the_case(stem, extension, case):
    assert refusal_by_name(f"{stem}.{case(extension)}", frozenset(ACTIVE_TYPES)) is not None


@pytest.mark.parametrize("name", ["report.pdf", "Report.PDF", "chart.png", "data.v2.csv", "plan.docx"])
def test_files_of_allowed_types_pass_by_name(name):
    assert refusal_by_name(name, ALLOWED) is None


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("chart.png", PNG, None),
        ("photo.jpg", PNG, None),  # a PNG named .jpg shows all the same
        ("photo.jpg", JPEG, None),
        (
            "chart.png",
            b"<html><script>alert(1)</script>",
            "a picture (PNG, JPEG, GIF, WebP or AVIF), but its content is not: it starts like a web page",
        ),
        ("chart.png", b"GIF89a" + b"\0" * 10, None),
        ("report.pdf", b"%PDF-1.7\n", None),
        (
            "report.pdf",
            b"\xef\xbb\xbf  <!DOCTYPE html>",
            "a PDF document, but its content is not: it starts like",
        ),
        ("plan.docx", b"PK\x03\x04" + b"\0" * 20, None),
        ("budget.xlsx", b"<table><tr><td>1</td></tr></table>", "an office document"),
        ("data.csv", b"region,count\nLondon,3\n", None),
        ("data.csv", b"\n  <script>alert(1)</script>", "plain text, but its content is not"),
        ("notes.txt", b"A < B\n", None),
        ("events.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", None),
        ("events.ics", b"<html>", "a calendar (iCalendar)"),
        ("data.json", b'{"regions": [1, 2]}', None),
        (
            "data.json",
            b'{\n"a": 1,\n}',
            "This is not valid JSON: Expecting property name enclosed in double quotes (line 3, column 1).",
        ),
        ("data.json", b"alert(document.domain)", "This is not valid JSON"),
        ("chart.svg", SVG, None),
        ("chart.svg", b"<html><body>Hi</body></html>", "not an SVG drawing"),
        (
            "chart.svg",
            SVG + b"<!--" + b"x" * 10_000 + b"-->",
            "This drawing is 10,081 bytes; the build reads one whole",
        ),
    ],
)
def test_a_file_must_be_what_its_name_says(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    found = published_file_problems(path, f"content/files/{name}", ALLOWLIST)
    if words is None:
        assert found == []
    else:
        [problem] = found
        assert problem.path == f"content/files/{name}" and problem.field == "File" and problem.fix
        assert words in problem.message, problem.message


def test_a_bad_json_file_is_reported_at_its_line(tmp_path):
    path = tmp_path / "data.json"
    path.write_bytes(b'{\n"a": 1,\n}')
    [problem] = published_file_problems(path, "content/files/data.json", ALLOWLIST)
    assert problem.line == 3


def test_markdown_under_static_paths_is_left_to_the_stray_file_check(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("Title: x\n", encoding="utf-8")
    assert published_file_problems(path, "content/files/notes.md", ALLOWLIST) == []


def test_settings_give_the_allowlist_and_a_missing_one_allows_nothing():
    allowlist = Allowlist.from_settings(
        {
            "STATIC_FILE_TYPES": ["PDF", ".png"],
            "STATIC_PATHS": ["files/", "images"],
            "STATIC_CHECK_MAX_BYTES": 5,
        }
    )
    assert allowlist == Allowlist(frozenset({"pdf", "png"}), ("files", "images"), 5)
    assert Allowlist.from_settings({}) == Allowlist(frozenset(), (), 0)
    assert refusal_by_name("report.pdf", Allowlist.from_settings({}).types) is not None
