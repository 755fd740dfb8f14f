"""Private: no page asks any host but the site's own for anything, and nothing is stored in the browser."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.browser.conftest import goto, grouped

STORAGE = """() => ({cookie: document.cookie, local: localStorage.length, session: sessionStorage.length})"""

# What a page could load from elsewhere without the browser fetching it at once (a lazy image,
# a preconnect, a search form that posts to a search engine): caught by reading the markup.
RESOURCES = ", ".join(
    [
        "img",
        "source",
        "script",
        "iframe",
        "frame",
        "video",
        "audio",
        "track",
        "embed",
        "object",
        "input[type=image]",
        "form",
    ]
    + [
        f"link[rel~={rel}]"
        for rel in (
            "stylesheet",
            "icon",
            "apple-touch-icon",
            "manifest",
            "preload",
            "prefetch",
            "modulepreload",
            "preconnect",
            "dns-prefetch",
        )
    ]
)
OFF_SITE_REFERENCES = """(selector) => {
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    for (const attribute of ["src", "srcset", "href", "data", "poster", "action"]) {
      const value = el.getAttribute(attribute);
      if (!value) continue;
      const urls = attribute === "srcset" ? value.split(",").map((s) => s.trim().split(/\\s+/)[0]) : [value];
      for (const part of urls) {
        const url = new URL(part, document.baseURI);
        if (url.protocol !== "data:" && url.origin !== location.origin)
          found.push(`<${el.tagName.toLowerCase()} ${attribute}="${part}">`);
      }
    }
  }
  return found;
}"""


def test_no_request_leaves_the_origin_and_nothing_is_stored(context, served, page_types):
    origin = urlsplit(served.origin).netloc
    current = {"path": None}
    problems: list[tuple[str, str]] = []  # (what, on which page)

    def on_request(request):
        url = urlsplit(request.url)
        if url.scheme != "data" and url.netloc != origin:
            problems.append((f"requests {request.resource_type} {request.url}", current["path"]))

    def only_the_site(route):
        # on_request above records every request; this keeps the tests off the internet.
        url = urlsplit(route.request.url)
        route.continue_() if url.scheme == "data" or url.netloc == origin else route.abort()

    context.on("request", on_request)
    context.route("**/*", only_the_site)
    page = context.new_page()
    for path in page_types.values():
        current["path"] = path
        goto(page, path, wait_until="networkidle")  # late requests count too
        stored = page.evaluate(STORAGE)
        if stored["cookie"]:
            problems.append((f"document.cookie is {stored['cookie']!r}", path))
        if stored["local"] or stored["session"]:
            problems.append(
                (f"localStorage has {stored['local']} and sessionStorage {stored['session']} item(s)", path)
            )
        for cookie in context.cookies():
            problems.append((f"sets cookie {cookie['name']!r} (domain {cookie['domain']})", path))
        for reference in page.evaluate(OFF_SITE_REFERENCES, RESOURCES):
            problems.append((f"refers to another host: {reference}", path))
        # Start the next page clean, so that each problem is put down to the page that caused it.
        context.clear_cookies()
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    assert not problems, "Privacy:\n" + grouped(problems)
