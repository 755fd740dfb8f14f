"""Searching a site indexed in several Pagefind bundles: the search page merges them all.

The fixture (tests/bundled_search.py) has 25 posts in three bundles of at most 10.
It is built with production settings and served as the CDN serves it (the `_headers`
file's Content-Security-Policy included), so merging breaks no rule of the policy.
"""

from __future__ import annotations

import os
from unittest import mock

import pytest
from playwright.sync_api import expect

from bench.static_server import serving
from tests.browser.test_csp import REPORT_VIOLATIONS
from tests.bundled_search import BUNDLES, bundled_site, indexed_urls, unique_word

SEARCHED = [3, 14, 22]  # one post in each bundle


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The bundled site, built for the address it is served at; (site, origin)."""
    site = bundled_site(tmp_path_factory.mktemp("bundled-browser"))
    with serving(site.output) as origin:
        with mock.patch.dict(os.environ, {"SITEURL": origin}):
            result = site.build(production=True)
        assert result.returncode == 0, f"The bundled site did not build:\n{result.stdout}\n{result.stderr}"
        yield site, origin


@pytest.fixture
def watched(browser, bundled):
    """A page on the bundled site and the list of every policy violation, console error and uncaught error."""
    _, origin = bundled
    context = browser.new_context(base_url=origin)
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(f"uncaught {error}"))
    yield page, problems
    problems += page.evaluate("window.__violations")
    context.close()
    assert not problems, "\n".join(problems)


def bundle_of(site) -> dict[str, str]:
    """Each post's path and the bundle that holds it."""
    return {url: name for name in BUNDLES for url in indexed_urls(site.output / name)}


def result_paths(page, origin: str) -> list[str]:
    links = page.locator("#search-results .item-title a").all()
    return [link.get_attribute("href").removeprefix(origin) for link in links]


def open_search(page, term: str):
    page.goto(f"/search/?q={term}", wait_until="load")
    page.wait_for_selector("#search-results li", timeout=15000)


@pytest.mark.parametrize("number", SEARCHED)
def test_a_word_of_one_post_finds_it_whichever_bundle_holds_it(watched, bundled, number):
    page, _ = watched
    _, origin = bundled
    open_search(page, unique_word(number))
    assert result_paths(page, origin) == [f"/blog/harbour-notes-{number:02d}/"]


def test_a_word_of_every_post_finds_all_of_them_and_the_filters_count_all_bundles(watched, bundled):
    page, _ = watched
    site, origin = bundled
    open_search(page, "harbour")
    assert page.locator("#search-status").inner_text() == "25 results for “harbour”, showing the first 10."
    for shown in (20, 25):
        page.get_by_role("button", name="Show more results").click()
        expect(page.locator("#search-results li")).to_have_count(shown)
    assert page.locator("#search-status").inner_text() == "25 results for “harbour”."
    expect(page.get_by_role("button", name="Show more results")).to_be_hidden()
    assert len({bundle_of(site)[path] for path in result_paths(page, origin)}) == 3
    links = [link.get_attribute("href") for link in page.locator("#search-results .item-title a").all()]
    assert all(link.startswith("/blog/") for link in links), f"every bundle's links alike: {links}"
    labels = [
        label.text_content() for label in page.locator("#search-filters [name='category'] + label").all()
    ]
    assert labels == ["Education (12)", "Leadership (13)"]


def test_a_filter_narrows_the_results_of_every_bundle(watched, bundled):
    page, _ = watched
    site, origin = bundled
    open_search(page, "harbour")
    before = page.locator("#search-status").inner_text()
    page.locator("#search-filters details:has(input[name='category']) summary").click()
    page.locator("#search-filters input[name='category'][value='Leadership']").check()
    page.wait_for_function(
        "before => document.getElementById('search-status').textContent !== before", arg=before, timeout=15000
    )
    assert page.locator("#search-status").inner_text() == "13 results for “harbour”, showing the first 10."
    page.get_by_role("button", name="Show more results").click()
    expect(page.locator("#search-results li")).to_have_count(13)
    paths = result_paths(page, origin)
    assert sorted(paths) == [f"/blog/harbour-notes-{number:02d}/" for number in range(0, 25, 2)]
    assert {bundle_of(site)[path] for path in paths} == set(BUNDLES)
    for meta in page.locator("#search-results .meta").all_inner_texts():
        assert "In Leadership" in meta, meta
