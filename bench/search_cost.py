"""What one search costs a reader: the bytes a browser downloads to search a built site.

Pagefind splits its index into fragments fetched on demand; this serves the
built site on 127.0.0.1, searches it in Debian's Chromium and adds up the
bodies of every response the search page needed.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def bytes_for_one_search(output: Path, term: str) -> dict[str, int]:
    """{'page': bytes of the search page and its CSS and JS, 'search': bytes Pagefind fetched}."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sizes = {"page": 0, "search": 0}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
            )
            page = browser.new_page()

            def count(response):
                size = len(response.body()) if response.ok else 0
                sizes["search" if "/pagefind/" in response.url else "page"] += size

            page.on("response", count)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q={term}")
            page.wait_for_selector("#search-results li", timeout=60000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return sizes
