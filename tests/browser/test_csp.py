"""Locked down: the production build, served as the CDN serves it, breaks no rule of its own
Content-Security-Policy on any page type, searching included; and a script planted on the
site, where a contributor could try to put one, does not run, in production or development.

The server (bench/static_server.py) sends the `_headers` file's headers and the
precompressed copies, so each page is held to the policies twice: by the header
and by the <meta> tags in its <head>.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from unittest import mock

import pytest

from bench.static_server import serving
from tests.browser.conftest import Served, grouped
from tests.conftest import REPO, Site

# Records every violation the page reports, before any of the page's own code runs.
REPORT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline code"}`
    + ` (${event.sourceFile || "page"}:${event.lineNumber})`);
});
"""
SEARCH_TERM = "peer challenge"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The example site built with production settings for the address it is served at."""
    site = Site(tmp_path_factory.mktemp("csp-site"), content=REPO / "content")
    with serving(site.output) as origin:
        with mock.patch.dict(os.environ, {"SITEURL": origin}):
            result = site.build(production=True)
        assert result.returncode == 0, f"The example site did not build:\n{result.stdout}\n{result.stderr}"
        yield Served(site, origin)


def test_no_page_breaks_the_content_security_policy(browser, production, page_types):
    context = browser.new_context(base_url=production.origin)
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    problems: list[tuple[str, str]] = []  # (what, on which page)
    current = {"path": ""}

    def on_console(message):
        text = message.text
        if message.type in ("error", "warning") or "Content Security Policy" in text:
            problems.append((f"console {message.type}: {text}", current["path"]))

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append((f"uncaught {error}", current["path"])))
    try:
        for path in page_types.values():
            current["path"] = path
            response = page.goto(path, wait_until="networkidle")
            assert response is not None and response.status == 200, f"{path} did not answer 200"
            assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
            if path == "/search/":
                page.fill("#search-input", SEARCH_TERM)
                page.wait_for_selector("#search-results li", timeout=30_000)
                page.wait_for_load_state("networkidle")
            problems += [(violation, path) for violation in page.evaluate("window.__violations")]
    finally:
        context.close()
    assert not problems, "Content-Security-Policy:\n" + grouped(problems)


def reported_violations(page, at_least: int = 1, seconds: float = 10) -> list[str]:
    """The page's violations once it has reported `at_least` of them, polled from here: Playwright's
    wait_for_function would evaluate a string in the page, which the policy refuses (no 'unsafe-eval')."""
    deadline = time.monotonic() + seconds
    while len(violations := page.evaluate("window.__violations")) < at_least and time.monotonic() < deadline:
        time.sleep(0.05)
    return violations


def test_the_policy_really_blocks_what_it_should(browser, production):
    """The test above can fail: an inline script and a style attribute added to a served page are refused."""
    context = browser.new_context(base_url=production.origin)
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    try:
        page.goto("/", wait_until="load")
        page.evaluate(
            """() => {
              const script = document.createElement("script");
              script.textContent = "window.__ran = true";
              document.body.append(script);
              const box = document.createElement("div");
              box.setAttribute("style", "color: red");
              document.body.append(box);
            }"""
        )
        # Four policies hold: two in the header, the same two in meta tags. Each refuses the
        # script; the style attribute, only the site's policy (the scripts policy names no styles).
        violations = reported_violations(page, at_least=6)
        assert page.evaluate("window.__ran") is None
    finally:
        context.close()
    assert sum(v.startswith("script-src") for v in violations) == 4, violations
    assert sum(v.startswith("style-src") for v in violations) == 2, violations


# --- A planted same-site script -------------------------------------------------------------
# A file committed under content/files/ is published at /files/. The content checks refuse a
# script there, so the tests write one into the built output, with a copy of the search page
# whose text links it, as a post's text could if the sanitiser let it through.
PLANTED_SCRIPT = "/files/planted.js"
PLANTED_TAG = f'<script src="{PLANTED_SCRIPT}"></script>'
PLANTED_PAGE = "/planted-search/"  # beside /search/, so the copy's relative addresses still work


def plant_script(output: Path) -> str:
    """The planted script, in the built site; its address."""
    (output / PLANTED_SCRIPT.lstrip("/")).write_text("window.__planted = true;\n", encoding="utf-8")
    return PLANTED_SCRIPT


def plant_page(output: Path) -> str:
    """A copy of the search page whose main text links the planted script; its address."""
    search = (output / "search" / "index.html").read_text(encoding="utf-8")
    assert search.count("</main>") == 1
    page = output / PLANTED_PAGE.strip("/") / "index.html"
    page.parent.mkdir(exist_ok=True)
    page.write_text(search.replace("</main>", PLANTED_TAG + "</main>"), encoding="utf-8")
    return PLANTED_PAGE


def watched_page(context):
    """A page of `context` that records policy violations, and the list of its console errors and warnings."""
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: message.type in ("error", "warning") and console.append(message.text))
    page.on("pageerror", lambda error: console.append(f"uncaught {error}"))
    return page, console


def check_planted_script_is_refused_and_search_works(context, site: Served, policies: int) -> None:
    """The planted page searches, and each of its `policies` that name scripts refuses the planted one."""
    script = plant_script(site.site.output)
    address = plant_page(site.site.output)
    assert context.request.get(script).ok, "the planted script is served: only the policy can stop it"
    page, console = watched_page(context)
    page.goto(address, wait_until="load")
    page.fill("#search-input", SEARCH_TERM)
    page.wait_for_selector("#search-results li", timeout=30_000)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__planted") is None, "the planted script ran"
    violations = page.evaluate("window.__violations")
    refused = [violation for violation in violations if script in violation]
    assert len(refused) == policies, refused
    assert all(refusal.startswith(f"script-src-elem blocked {site.origin}{script} ") for refusal in refused)
    assert [v for v in violations if script not in v] == [], "the site's own scripts were refused"
    assert [text for text in console if script not in text] == [], "searching logged problems"
    workers = [worker.url for worker in page.workers]  # Pagefind would search without one, and only warn
    assert f"{site.origin}/pagefind/pagefind-worker.js" in workers, workers


def test_a_planted_script_does_not_run_in_production(browser, production):
    context = browser.new_context(base_url=production.origin)
    try:
        check_planted_script_is_refused_and_search_works(context, production, policies=2)  # header and meta
    finally:
        context.close()


def test_the_header_alone_refuses_a_planted_script(browser, production):
    """A contributor's own HTML file has no meta policy: the `_headers` policies are all it gets."""
    output = production.site.output
    script = plant_script(output)
    (output / "files" / "planted.html").write_text(
        f"<!DOCTYPE html><title>Planted</title>{PLANTED_TAG}", encoding="utf-8"
    )
    context = browser.new_context(base_url=production.origin)
    try:
        page, _ = watched_page(context)
        page.goto("/files/planted.html", wait_until="load")
        assert page.evaluate("window.__planted") is None, "the planted script ran"
        refused = reported_violations(page)
        assert len(refused) == 1, refused
        assert refused[0].startswith(f"script-src-elem blocked {production.origin}{script} ")
    finally:
        context.close()


def test_a_planted_script_does_not_run_in_a_development_build(browser, served):
    """The development build (relative addresses) from a plain file server: the meta policies hold."""
    context = browser.new_context(base_url=served.origin)
    try:
        check_planted_script_is_refused_and_search_works(context, served, policies=1)  # the meta tag
    finally:
        context.close()
    unguarded = browser.new_context(base_url=served.origin, bypass_csp=True)
    try:
        page = unguarded.new_page()
        page.goto(PLANTED_PAGE, wait_until="load")
        assert page.evaluate("window.__planted") is True, "without the policies, the planted script runs"
    finally:
        unguarded.close()
