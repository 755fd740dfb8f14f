"""`invoke serve` in Chromium: open pages refresh by themselves when a file is saved."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.conftest import post
from tests.previewing import CHANGE_SECONDS, RunningPreview

WAIT_MS = CHANGE_SECONDS * 1000


def test_open_pages_refresh_themselves_after_a_save_and_show_problems(browser, site):
    site.write("blog/first.md", post("Winter planning", body="The first draft of the text."))
    site.write("blog/second.md", post("Spring planning", date="2026-03-02"))
    with RunningPreview(site) as preview:
        context = browser.new_context(base_url=preview.origin)
        try:
            article = context.new_page()
            article.goto("/blog/winter-planning/")
            listing = context.new_page()
            listing.goto("/blog/")
            article.evaluate("window.notReloaded = true")

            site.write("blog/first.md", post("Winter planning again", slug="winter-planning", body="Redrafted."))
            expect(article.locator("main")).to_contain_text("Redrafted.", timeout=WAIT_MS)
            assert article.evaluate("window.notReloaded === undefined"), "the page reloaded itself"
            expect(listing.locator("main")).to_contain_text("Winter planning again", timeout=WAIT_MS)

            site.write("blog/first.md", post("Winter planning", slug="winter-planning", category="Leadershp"))
            alert = article.get_by_role("alert")
            expect(alert).to_contain_text("Did you mean 'Leadership'?", timeout=WAIT_MS)
            expect(article.locator("main")).to_contain_text("Redrafted.")
        finally:
            context.close()
