"""What one search costs a reader: the bytes a browser downloads to search a built site.

Pagefind splits its index into fragments fetched on demand; this serves the
built site on 127.0.0.1, searches it in Debian's Chromium and adds up the
bodies of every response the search page needed.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def bytes_for_one_search(output: Path, term: str, browser=None, site_url: str = "") -> dict[str, int]:
    """{'page': bytes of the search page and its CSS and JS, 'search': bytes Pagefind fetched}.

    A production build's pages name their absolute address (`site_url`); the browser
    is then answered from `output` for that address. A development build is served
    on 127.0.0.1. Uses `browser` (a Playwright Browser) when given, else Debian's Chromium.
    """
    server = None
    if site_url:
        address = f"{site_url}/search/?q={term}"
    else:
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Quiet, directory=str(output))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        address = f"http://127.0.0.1:{server.server_address[1]}/search/?q={term}"
    try:
        if browser is not None:
            return _measure(browser, address, output, site_url)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                ],
            )
            try:
                return _measure(own, address, output, site_url)
            finally:
                own.close()
    finally:
        if server:
            server.shutdown()


def _measure(browser, address: str, output: Path, site_url: str) -> dict[str, int]:
    sizes = {"page": 0, "search": 0}
    context = browser.new_context()
    if site_url:

        def from_output(route):
            file = output / urlsplit(route.request.url).path.lstrip("/")
            file = file / "index.html" if file.is_dir() else file
            if file.is_file():
                route.fulfill(path=str(file))
            else:
                route.fulfill(status=404, body="")

        context.route(f"{site_url}/**", from_output)
    page = context.new_page()

    def count(response):
        size = len(response.body()) if response.ok else 0
        sizes["search" if re.search(r"/pagefind(-\d+)?/", response.url) else "page"] += size  # every bundle

    page.on("response", count)
    page.goto(address)
    page.wait_for_selector("#search-results li", timeout=120000)
    page.wait_for_load_state("networkidle")
    context.close()
    return sizes
