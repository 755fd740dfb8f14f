"""`invoke serve`: the preview rebuilds when a file changes and never loses the last good build."""

from __future__ import annotations

import socket
import subprocess
import sys

from bs4 import BeautifulSoup

from tests.conftest import REPO, SITEURL, post, snapshot
from tests.previewing import CHANGE_SECONDS, RunningPreview


def test_the_preview_serves_each_saved_change_and_keeps_the_last_good_build_through_mistakes(site):
    site.write("blog/first.md", post("Winter planning", body="The first draft of the text."))
    site.write("blog/second.md", post("Spring planning", date="2026-03-02", body="Another post."))
    site.write("blog/unfinished.md", post("Not ready yet", Status="draft", body="Half a thought."))
    with RunningPreview(site) as preview:
        status, page = preview.get("/blog/winter-planning/")
        assert status == 200 and "The first draft of the text." in page
        assert 'src="/__preview/live.js"' in page, "every page carries the live-reload script"
        draft = BeautifulSoup(preview.get("/blog/not-ready-yet/")[1], "html.parser")
        assert "draft" in draft.select_one("main").get_text().lower(), "drafts are previewed, marked"

        site.write("blog/first.md", post("Winter planning", body="Rewritten after the meeting."))
        preview.wait_for(
            "/blog/winter-planning/",
            lambda status, text: "Rewritten after the meeting." in text,
            CHANGE_SECONDS,
            "the saved text",
        )

        site.write("blog/first.md", post("Winter planning", category="Leadershp", body="A new paragraph."))
        page = preview.wait_for(
            "/blog/winter-planning/",
            lambda status, text: "preview-problems" in text,
            CHANGE_SECONDS,
            "the problem to be shown",
        )
        problem = BeautifulSoup(page, "html.parser").select_one(".preview-problems[role=alert]")
        assert "first.md:3" in problem.get_text() and "Did you mean 'Leadership'?" in problem.get_text()
        assert "Rewritten after the meeting." in page, "the last good build is still served"
        assert "A new paragraph." not in page
        assert "preview-problems" in preview.get("/blog/spring-planning/")[1], "every page shows it"

        site.write("blog/first.md", post("Winter planning", category="Leadership", body="Fixed at last."))
        # The new page can be served a moment before the build's outcome is published.
        preview.wait_for(
            "/blog/winter-planning/",
            lambda status, text: "Fixed at last." in text and "preview-problems" not in text,
            CHANGE_SECONDS,
            "the corrected text, without the problems",
        )
        preview.wait_for(
            "/blog/spring-planning/",
            lambda status, text: "preview-problems" not in text,
            CHANGE_SECONDS,
            "the problem to be cleared from every page",
        )


def test_the_preview_shows_the_problems_when_the_very_first_build_fails(site):
    site.write("blog/first.md", post("Winter planning", category="Leadershp"))
    with RunningPreview(site) as preview:
        status, page = preview.get("/")
        assert status == 503
        assert "Did you mean 'Leadership'?" in BeautifulSoup(page, "html.parser").get_text()
        site.write("blog/first.md", post("Winter planning"))
        preview.wait_for(
            "/blog/winter-planning/", lambda status, text: status == 200, CHANGE_SECONDS, "a build"
        )


def test_the_preview_builds_into_its_own_folder_which_no_build_replaces(site):
    site.write("blog/first.md", post("Winter planning"))
    with RunningPreview(site) as preview:
        previewed = site.root / "preview"
        built = (previewed / "blog" / "winter-planning" / "index.html").read_text(encoding="utf-8")
        assert 'src="/__preview/live.js"' not in built, "the script is added while serving, not built in"
        assert not site.output.exists(), "the preview leaves output/ to `invoke build`"
        before = snapshot(previewed)
        production = site.build(production=True)
        assert production.returncode == 0, production.stderr
        assert f"{SITEURL}/blog/winter-planning/" in (site.output / "index.html").read_text(encoding="utf-8")
        assert snapshot(previewed) == before, "a production build does not replace what the preview serves"
        status, page = preview.get("/blog/winter-planning/")
        assert status == 200 and SITEURL not in page


def test_a_port_in_use_is_named_at_once_with_another_to_try(site):
    site.write("blog/first.md", post("Winter planning"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [
            sys.executable,
            "-m",
            "sitebuild",
            "serve",
            "--project",
            str(site.root),
            "--port",
            str(port),
        ]
        result = subprocess.run(
            command, cwd=REPO, capture_output=True, text=True, timeout=60, encoding="utf-8"
        )
    assert result.returncode == 1
    assert f"Port {port} is already in use" in result.stdout and f"--port {port + 1}" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not site.output.exists() and not (site.root / "preview").exists(), "nothing was built"


def test_what_invoke_check_says_of_a_saved_file_is_shown_as_a_warning_and_the_page_updates(site):
    site.write("blog/first.md", post("Winter planning", body="The first draft."))
    site.write("blog/other.md", post("Spring planning", body="An [old link](/blog/gone/) nobody saved."))
    with RunningPreview(site) as preview:
        assert "preview-warnings" not in preview.get("/blog/winter-planning/")[1], "only saved files"
        body = (
            "## Background\n\nSee [the plan](/blog/no-such-plan/).\n\n"
            "#### Too deep\n\n![](https://www.example.org/chart.png)\n"
        )
        site.write("blog/first.md", post("Winter planning", body=body))
        page = preview.wait_for(
            "/blog/winter-planning/",
            lambda status, text: "preview-warnings" in text,
            CHANGE_SECONDS,
            "the warnings",
        )
        assert "Too deep" in page and "preview-problems" not in page, "the page updated all the same"
        box = BeautifulSoup(page, "html.parser").select_one(".preview-warnings[role=status]").get_text()
        assert "content/blog/first.md:8: " in box and "/blog/no-such-plan/" in box, "the link, by line"
        assert "content/blog/first.md:10: " in box and "skipping level 3" in box, "the heading"
        assert "content/blog/first.md:12: " in box and "has no alt text" in box, "the image"
        assert "Describe the image in the square brackets" in box, "each with its fix"
        assert "other.md" not in box, "a file not saved here is invoke check's to report"
        assert "preview-warnings" in preview.get("/blog/spring-planning/")[1], "every page shows them"

        site.write("blog/first.md", post("Winter planning", body="## Background\n\nAll fixed.\n"))
        preview.wait_for(
            "/blog/spring-planning/",
            lambda status, text: "preview-warnings" not in text,
            CHANGE_SECONDS,
            "the warnings to go once the file is fixed",
        )
