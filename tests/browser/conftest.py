"""Real-browser tests: the example site, built once, served on 127.0.0.1, opened in Debian's Chromium.

The browser is the machine's own (/usr/bin/chromium, installed by setup.sh); Playwright
drives it and never downloads one. One browser serves the whole session; every test
gets fresh contexts, so no state leaks from one test into another.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext, sync_playwright

from tests.conftest import REPO, Site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root on CI machines
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

# An item's own page under a kind's folder (not page N of the listing): /blog/<slug>/.
ITEM = r"/{kind}/(?!page/)[^/]+/"

# The primary navigation every page carries in its header.
PRIMARY_NAVIGATION = ["Blog", "Regional updates", "Events", "Publications", "Search", "About"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site without logging every request to the test output."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@dataclass
class Served:
    """The built example site and the address it is served at."""

    site: Site
    origin: str  # http://127.0.0.1:PORT

    def soup(self, path: str) -> BeautifulSoup:
        """The built HTML of a site path such as '/blog/' or '/404.html'."""
        file = self.site.output / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")

    def exists(self, path: str) -> bool:
        file = self.site.output / path.lstrip("/")
        return (file / "index.html" if path.endswith("/") else file).is_file()

    def links(self, path: str, selector: str = "main a[href]") -> list[str]:
        """The site paths that the links matching `selector` on the page at `path` point to, in order."""
        found = []
        for anchor in self.soup(path).select(selector):
            target = urlsplit(urljoin("http://site" + path, anchor["href"]))
            if target.netloc == "site":
                found.append(target.path)
        return found

    def items(self, kind: str) -> list[str]:
        """The items (posts, updates, events, publications) linked from the first page of a kind's listing."""
        pattern = ITEM.format(kind=kind)
        return list(dict.fromkeys(path for path in self.links(f"/{kind}/") if re.fullmatch(pattern, path)))

    def first_link(self, pages: list[str], pattern: str, selector: str = "main a[href]") -> str:
        """The first link on `pages` (in order) whose path matches `pattern` and is a built page."""
        for page in pages:
            for path in self.links(page, selector):
                if re.fullmatch(pattern, path) and self.exists(path):
                    return path
        raise AssertionError(
            f"No link matching {pattern!r} (selector {selector!r}) on {', '.join(pages)} "
            "of the built example site"
        )


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Served:
    """The example content built once with development settings (relative URLs), served on a free port."""
    site = Site(tmp_path_factory.mktemp("browser-site"), content=REPO / "content")
    result = site.build()
    assert result.returncode == 0, f"The example site did not build:\n{result.stdout}\n{result.stderr}"
    handler = functools.partial(QuietHandler, directory=str(site.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Served(site, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def page_types(served) -> dict[str, str]:
    """One site path per page type, found by reading the built listings (no slug is hard-coded)."""
    s = served
    blog_post = s.first_link(["/blog/"], ITEM.format(kind="blog"))
    types = {
        "home": "/",
        "blog post": blog_post,
        "regional update": s.first_link(["/regional-updates/"], ITEM.format(kind="regional-updates")),
        "event": s.first_link(["/events/"], ITEM.format(kind="events")),
        "publication": s.first_link(["/publications/"], ITEM.format(kind="publications")),
        "page": "/about/",
        "blog listing": "/blog/",
        "regional updates listing": "/regional-updates/",
        "category": s.first_link(["/category/"], ITEM.format(kind="category")),
        "categories index": "/category/",
        "tag": s.first_link(["/tag/"], ITEM.format(kind="tag")),
        "tags index": "/tag/",
        "region": s.first_link(["/region/"], ITEM.format(kind="region")),
        "regions index": "/region/",
        "author": s.first_link(["/author/"], ITEM.format(kind="author")),
        "authors index": "/author/",
        "series": s.first_link([blog_post, *s.items("blog")], r"/series/[^/]+/", "a[href]"),
        "events": "/events/",
        "publications": "/publications/",
        "archive": "/archive/",
        "year archive": s.first_link(["/archive/"], r"/archive/\d{4}/"),
        "search": "/search/",
    }
    second_pages = sorted(s.site.output.glob("**/page/2/index.html"))
    if second_pages:
        types["listing page 2"] = "/" + second_pages[0].parent.relative_to(s.site.output).as_posix() + "/"
    if (s.site.output / "404.html").is_file():
        types["404"] = "/404.html"
    missing = {name: path for name, path in types.items() if not s.exists(path)}
    assert not missing, f"Page types missing from the built example site: {missing}"
    return types


@pytest.fixture(scope="session")
def browser() -> Browser:
    """Debian's Chromium, headless, shared by the whole session. Missing Chromium fails, never skips."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium and never download one. "
            "Run ./setup.sh (it runs `apt-get install chromium`).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_context(browser, served):
    """Makes fresh browser contexts (base_url is the served site), closed when the test ends."""
    contexts: list[BrowserContext] = []

    def make(**options) -> BrowserContext:
        context = browser.new_context(base_url=served.origin, **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()


def goto(page, path: str, wait_until: str = "load"):
    """Open a site path and insist that it answered 200 (the test server serves /404.html as any file)."""
    response = page.goto(path, wait_until=wait_until)
    assert response is not None, f"No response for {path}"
    assert response.status == 200, f"{path} answered {response.status}"
    return response


def grouped(problems: list[tuple[str, str]], limit: int = 8) -> str:
    """(problem, page) pairs as one line per distinct problem with the pages it is on, so that
    a fault in the base template reads as one line rather than one per page."""
    pages: dict[str, list[str]] = {}
    for problem, page in problems:
        pages.setdefault(problem, []).append(page)
    lines = []
    for problem, where in pages.items():
        more = f" and {len(where) - limit} more" if len(where) > limit else ""
        lines.append(f"{problem}\n    on {len(where)} page(s): {', '.join(where[:limit])}{more}")
    return "\n".join(lines)
