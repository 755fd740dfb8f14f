"""Locked down: the production build, served as the CDN serves it, breaks no rule of its own
Content-Security-Policy on any page type, searching included.

The server (bench/static_server.py) sends the `_headers` file's headers and the
precompressed copies, so each page is held to the policy twice: by the header
and by the <meta> tag in its <head>.
"""

from __future__ import annotations

import os
from unittest import mock

import pytest

from bench.static_server import serving
from tests.browser.conftest import grouped
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
        yield origin


def test_no_page_breaks_the_content_security_policy(browser, production, page_types):
    context = browser.new_context(base_url=production)
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


def test_the_policy_really_blocks_what_it_should(browser, production):
    """The test above can fail: an inline script and a style attribute added to a served page are refused."""
    context = browser.new_context(base_url=production)
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
        page.wait_for_function("window.__violations.length >= 2")
        assert page.evaluate("window.__ran") is None
        violations = page.evaluate("window.__violations")
    finally:
        context.close()
    assert any(v.startswith("script-src") for v in violations), violations
    assert any(v.startswith("style-src") for v in violations), violations
