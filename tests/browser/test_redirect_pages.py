"""A redirect page in Chromium: it takes the reader to the new address, and axe finds nothing on it.

The example site has no redirects file, so a small site with one is built here (development
settings: relative links) and served like the example site.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tests.browser.conftest import AXE, QuietHandler
from tests.browser.test_axe import RUN_AXE, WCAG_TAGS, report
from tests.conftest import Site, post

OLD = "/blog/article/peer-challenge-works"
NEW = "/blog/peer-challenge-works/"


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("redirect-pages") / "site")
    site.write("blog/peer.md", post("Peer challenge works"))
    site.write("data/redirects.csv", f"old,new\n{OLD},{NEW}\n")
    result = site.build()
    assert result.returncode == 0, result.stderr
    handler = functools.partial(QuietHandler, directory=str(site.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_old_address_takes_the_reader_to_the_new_page(browser, origin):
    context = browser.new_context(java_script_enabled=False)  # the page needs no script
    try:
        page = context.new_page()
        page.goto(f"{origin}{OLD}/")
        page.wait_for_url(f"{origin}{NEW}")
        assert page.locator("h1").inner_text() == "Peer challenge works"
    finally:
        context.close()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_no_axe_violations_on_a_redirect_page(browser, origin, color_scheme):
    context = browser.new_context(bypass_csp=True, color_scheme=color_scheme)
    try:
        # The refresh's request answered "204 No Content": the browser stays on the redirect page.
        context.route(f"{origin}{NEW}", lambda route: route.fulfill(status=204))
        page = context.new_page()
        page.goto(f"{origin}{OLD}/")
        page.wait_for_timeout(200)  # time for the refresh to be tried
        assert page.url == f"{origin}{OLD}/"
        page.add_script_tag(path=str(AXE))
        found = [(OLD, "redirect page", violation) for violation in page.evaluate(RUN_AXE, WCAG_TAGS)]
        assert not found, report(found)
    finally:
        context.close()
