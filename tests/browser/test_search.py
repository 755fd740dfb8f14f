"""Search in a real browser: Pagefind's index, built with the site, behind the search page."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import goto


def search(page, served, term: str = "", wait_for_results: bool = True):
    goto(page, "/search/" + (f"?q={term}" if term else ""))
    page.wait_for_selector("#search:not([hidden])", timeout=15000)
    if wait_for_results:
        page.wait_for_selector("#search-results li", timeout=15000)


def result_titles(page) -> list[str]:
    return [title.inner_text().strip() for title in page.locator("#search-results .item-title").all()]


def test_a_word_found_in_one_post_only_finds_that_post_first(page, served):
    # "caretaker" appears only in the President's post on inclusion in the example content.
    search(page, served, "caretaker")
    titles = result_titles(page)
    assert titles[0] == "Inclusion is everybody’s business", titles
    first = page.locator("#search-results li").first
    assert first.locator("mark").first.inner_text().lower() == "caretaker"
    assert re.search(r"Blog post · In Education · \d+ \w+ 2026", first.locator(".meta").inner_text())


def test_typing_in_the_box_searches(page, served):
    search(page, served, wait_for_results=False)
    page.fill("#search-input", "kinship")
    # Wait for the search of the whole word to be shown, not only for some results (on a busy
    # machine the first list shown may still be replaced).
    page.locator("#search-status", has_text="results for “kinship”").wait_for(timeout=15000)
    assert any("Kinship" in title or "kinship" in title for title in result_titles(page))
    assert "results for “kinship”" in page.locator("#search-status").inner_text()


def test_a_new_search_replaces_the_list_at_once_and_never_empties_it_while_it_loads(page, served):
    # Emptied first, the list stood empty under the last search's status while the next one's
    # excerpts loaded: what a reader saw flicker, and what a second search for the same word
    # (Pagefind ready while the typing was waited for) showed a test in a full run.
    search(page, served, "council")
    page.evaluate(
        """() => {
            window.emptied = 0;
            new MutationObserver((changes) => {
                for (const change of changes) {
                    if (change.removedNodes.length && !change.addedNodes.length) window.emptied++;
                }
            }).observe(document.getElementById("search-results"), { childList: true });
        }"""
    )
    page.fill("#search-input", "kinship")
    page.locator("#search-status", has_text="results for “kinship”").wait_for(timeout=15000)
    assert any("inship" in title for title in result_titles(page))
    assert page.evaluate("window.emptied") == 0


@pytest.mark.parametrize(
    "group, value, expected",
    [
        ("kind", "Event", "events/"),
        ("kind", "Regional update", "regional-updates/"),
        ("category", "Education", None),
        ("region", "North West", "regional-updates/"),
        ("year", "2025", None),
    ],
)
def test_each_filter_narrows_the_results(page, served, group, value, expected):
    search(page, served, "council")
    before = page.locator("#search-results li").count()
    status_before = page.locator("#search-status").inner_text()
    page.locator(f"#search-filters details:has(input[name='{group}']) summary").click()
    page.locator(f"#search-filters input[name='{group}'][value='{value}']").check()
    page.wait_for_function(
        "before => document.getElementById('search-status').textContent !== before",
        arg=status_before,
        timeout=15000,
    )
    links = [link.get_attribute("href") for link in page.locator("#search-results .item-title a").all()]
    assert links and len(links) <= before
    total = int(page.locator("#search-status").inner_text().split()[0])
    assert total < int(status_before.split()[0]), "the filter left every result in"
    for href in links:
        if expected:
            assert expected in href, (value, href)
        built = served.soup(href.replace(served.origin, ""))
        if group == "category":
            assert built.select_one("main a[href*='category/education/']"), href
        if group == "region":
            assert "North West" in built.select_one(".facts").get_text(), href
        if group == "year":
            assert "2025" in built.find("time")["datetime"][:4], href


def test_without_javascript_the_page_says_so_and_offers_links(new_context, served):
    page = new_context(java_script_enabled=False).new_page()
    goto(page, "/search/")
    assert not page.locator("#search").is_visible()
    assert page.get_by_text("Search needs JavaScript").is_visible()
    for name in ("Everything, by year", "Categories", "Tags", "Regions"):
        link = page.locator("main").get_by_role("link", name=name, exact=True)
        assert link.is_visible(), name


def test_the_header_search_form_leads_to_the_search_page(page, served, page_types):
    goto(page, page_types["blog post"])
    page.fill("#header-search-input", "caretaker")
    page.press("#header-search-input", "Enter")
    page.wait_for_selector("#search-results li", timeout=15000)
    assert "/search/" in page.url and result_titles(page)[0] == "Inclusion is everybody’s business"


def test_the_benchmark_counts_what_one_search_downloads(served, browser):
    from bench.search_cost import bytes_for_one_search

    sizes = bytes_for_one_search(served.site.output, "kinship", browser)
    assert sizes["search"] > 10_000, "Pagefind's script, wasm, index and fragments were fetched"
    assert 0 < sizes["page"] < 100_000
