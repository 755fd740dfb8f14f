"""The browser editor at /admin/ in `invoke serve`, used as a comms officer uses it, in Chromium.

Each test starts the preview on a fixture site, signs in to the editor's local backend,
fills the forms with the mouse and keyboard, and then looks where the work should be:
the Markdown file on disk, the page the preview serves, and `invoke check`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from playwright.sync_api import Page, expect

from bench.static_server import serving
from tests.browser.test_csp import REPORT_VIOLATIONS
from tests.conftest import REPO, Site
from tests.previewing import CHANGE_SECONDS, RunningPreview

WAIT_MS = CHANGE_SECONDS * 1000
# Written by hand: "Author" for "Authors", a key the site only keeps, Markdown the form shows as rich text.
HAND_WRITTEN = (
    "Title: Winter planning\n"
    "Date: 2026-01-12\n"
    "Category: General\n"
    "Author: Ann Example\n"
    "Legacy-id: 4471\n"
    "\n"
    "Councils plan for *winter pressures* with [health partners](https://example.org/winter).\n"
    "\n"
    "- Discharge\n"
    "- Staffing\n"
)


@pytest.fixture
def editor(browser, site):
    """The editor of a running preview, signed in: (page, preview, site)."""
    site.write("blog/2026/winter-planning.md", HAND_WRITTEN)
    with RunningPreview(site) as preview:
        context = browser.new_context(base_url=preview.origin, locale="en-GB", timezone_id="Europe/London")
        context.add_init_script(REPORT_VIOLATIONS)
        try:
            page = context.new_page()
            page.goto("/admin/")
            page.get_by_role("button", name="Start editing").click()
            expect(page.get_by_text("Blog posts").first).to_be_visible(timeout=WAIT_MS)
            yield page, preview, site
        finally:
            context.close()


def new_entry(page: Page, collection: str) -> None:
    page.goto(f"/admin/#/collections/{collection}/new")
    expect(page.get_by_label("Title", exact=True)).to_be_visible(timeout=WAIT_MS)


def choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the select labelled `label`."""
    page.get_by_label(label, exact=True).click()
    page.get_by_text(option, exact=True).click()


def write_text(page: Page, text: str) -> None:
    page.locator("[data-slate-editor]").click()
    page.keyboard.type(text)


def save(page: Page) -> None:
    """The preview's editor says "Save" where Decap says "Publish": it saves the file."""
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Save now").click()


def wait_for_file(folder: Path, pattern: str) -> Path:
    deadline = time.monotonic() + CHANGE_SECONDS
    while time.monotonic() < deadline:
        found = sorted(folder.glob(pattern))
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"No file {pattern} under {folder} after {CHANGE_SECONDS} s")


def markdown_files(site) -> set[Path]:
    return set(site.content.rglob("*.md"))


def run_check(site) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "invoke", "check", "--project", str(site.root)]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, encoding="utf-8")


def test_a_blog_post_and_an_event_made_in_the_forms_are_files_the_site_builds_and_checks(editor):
    page, preview, site = editor

    new_entry(page, "blog")
    page.get_by_label("Title", exact=True).fill("Peer challenge in the East Midlands")
    page.get_by_label("Date", exact=True).fill("2026-11-30T09:30")
    choose(page, "Category", "Leadership")
    page.get_by_label("Authors", exact=True).fill("Priya Ramsden, Tom Ashworth")
    page.get_by_label("Tags (optional)", exact=True).fill("peer challenge, inspection")
    write_text(page, "Six councils tried a new way of challenging each other.")
    pane = page.frame_locator("iframe").first  # the preview pane: the entry as the site shows it
    expect(pane.locator(".prose")).to_contain_text("Six councils tried")
    expect(pane.locator("h1")).to_have_text("Peer challenge in the East Midlands")
    expect(pane.locator(".byline")).to_have_text("By Priya Ramsden, Tom Ashworth")
    expect(pane.locator(".facts")).to_contain_text("Category")
    assert pane.locator('link[rel="stylesheet"][href*="theme/css/site."]').count() == 1
    save(page)

    saved = wait_for_file(site.content / "blog", "*/peer-challenge-in-the-east-midlands.md")
    assert saved.read_text(encoding="utf-8") == (
        "Title: Peer challenge in the East Midlands\n"
        "Date: 2026-11-30 09:30\n"
        "Category: Leadership\n"
        "Authors: Priya Ramsden, Tom Ashworth\n"
        "Tags: peer challenge, inspection\n"
        "Status: draft\n"
        "\n"
        "Six councils tried a new way of challenging each other.\n"
    )
    served = preview.wait_for(
        "/blog/peer-challenge-in-the-east-midlands/",
        lambda status, text: status == 200 and "Six councils tried" in text,
        CHANGE_SECONDS,
        "the new post's page",
    )
    assert "Priya Ramsden" in served
    page.reload()  # Decap finds the link of a new entry's page when it opens the entry
    with page.expect_popup() as opened:
        page.get_by_role("link", name="View in the preview").click()
    expect(opened.value.locator("main h1")).to_have_text(
        "Peer challenge in the East Midlands", timeout=WAIT_MS
    )

    new_entry(page, "events")
    page.get_by_label("Title", exact=True).fill("SEND reform webinar")
    page.get_by_label("Start", exact=True).fill("2027-02-03T10:00")
    page.get_by_label("End (optional)", exact=True).fill("2027-02-03T11:30")
    page.get_by_label("Location (optional)", exact=True).fill("Online")
    page.get_by_label("Booking (optional)", exact=True).fill("https://events.example.org/send-reform")
    write_text(page, "An hour on what the reforms mean for councils.")
    save(page)

    event = wait_for_file(site.content / "events", "send-reform-webinar.md")
    assert event.read_text(encoding="utf-8").splitlines()[:6] == [
        "Title: SEND reform webinar",
        "Start: 2027-02-03 10:00",
        "End: 2027-02-03 11:30",
        "Location: Online",
        "Booking: https://events.example.org/send-reform",
        "Status: draft",
    ]
    preview.wait_for(
        "/events/send-reform-webinar/",
        lambda status, text: status == 200 and "what the reforms mean" in text,
        CHANGE_SECONDS,
        "the new event's page",
    )
    checked = run_check(site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert page.evaluate("window.__violations") == []


def test_the_form_refuses_a_missing_title_and_a_booking_address_without_https(editor):
    page, _, site = editor
    before = markdown_files(site)

    new_entry(page, "blog")
    choose(page, "Category", "Leadership")
    page.get_by_label("Authors", exact=True).fill("Priya Ramsden")
    write_text(page, "A post without a title.")
    save(page)
    expect(page.get_by_text("Title is required.")).to_be_visible(timeout=WAIT_MS)

    event = page.context.new_page()  # the unsaved post stays open in its own tab
    new_entry(event, "events")
    event.get_by_label("Title", exact=True).fill("Kinship care webinar")
    event.get_by_label("Start", exact=True).fill("2027-03-03T10:00")
    event.get_by_label("Booking (optional)", exact=True).fill("http://events.example.org/kinship")
    event.get_by_label("Slug (optional)", exact=True).fill("Kinship Care")
    save(event)
    expect(event.get_by_text("starting with https://")).to_be_visible(timeout=WAIT_MS)
    expect(event.get_by_text("like my-first-post")).to_be_visible()

    time.sleep(1)  # a refused save must write nothing, not late
    assert markdown_files(site) == before


def test_a_hand_written_file_changed_in_the_form_differs_only_where_it_was_changed(editor):
    page, preview, site = editor
    page.goto("/admin/#/collections/blog/entries/2026/winter-planning")
    tags = page.get_by_label("Tags (optional)", exact=True)
    expect(page.get_by_label("Title", exact=True)).to_have_value("Winter planning", timeout=WAIT_MS)
    tags.fill("winter, health")
    save(page)

    path = site.content / "blog/2026/winter-planning.md"
    expected = HAND_WRITTEN.replace("Legacy-id: 4471\n", "Legacy-id: 4471\nTags: winter, health\n")
    deadline = time.monotonic() + CHANGE_SECONDS
    while path.read_text(encoding="utf-8") != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    assert path.read_text(encoding="utf-8") == expected
    preview.wait_for(
        "/tag/health/",
        lambda status, text: status == 200 and "Winter planning" in text,
        CHANGE_SECONDS,
        "the new tag's page",
    )


def test_the_published_editor_starts_under_the_cdns_headers_and_asks_for_a_github_sign_in(browser, tmp_path):
    settings = 'EDITOR_BACKEND = {"name": "github", "repo": "association/site", "branch": "main"}\n'
    site = Site(tmp_path / "site", extra_settings=settings)
    site.write("blog/2026/winter-planning.md", HAND_WRITTEN)
    with serving(site.output) as origin:
        with mock.patch.dict(os.environ, {"SITEURL": origin}):
            result = site.build(production=True)
        assert result.returncode == 0, result.stderr
        context = browser.new_context(base_url=origin)
        context.add_init_script(REPORT_VIOLATIONS)
        try:
            page = context.new_page()
            elsewhere = []
            page.on(
                "request",
                lambda request: None if request.url.startswith(origin) else elsewhere.append(request.url),
            )
            page.goto("/admin/")
            expect(page.get_by_role("button", name="Login with GitHub")).to_be_visible(timeout=WAIT_MS)
            assert page.evaluate("window.__violations") == []
            assert elsewhere == []
        finally:
            context.close()


def test_a_problem_the_form_cannot_see_is_shown_by_the_preview_by_file_and_line(editor):
    page, preview, site = editor
    new_entry(page, "blog")
    page.get_by_label("Title", exact=True).fill("Workforce census")
    choose(page, "Category", "Leadership")
    page.get_by_label("Authors", exact=True).fill("Tom Ashworth")
    page.get_by_label("Related (optional)", exact=True).fill("no-such-post")
    write_text(page, "The census counts every social worker.")
    save(page)

    saved = wait_for_file(site.content / "blog", "*/workforce-census.md")
    line = saved.read_text(encoding="utf-8").splitlines().index("Related: no-such-post") + 1
    shown = preview.wait_for(
        "/", lambda status, text: "no-such-post" in text, CHANGE_SECONDS, "the problem on the preview's pages"
    )
    assert f"workforce-census.md:{line}" in shown
