"""The related list, an article's tags and the home page's next-event box are there and lead to real pages."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from tests.browser.conftest import goto
from tests.conftest import REPO

# The links in the block a heading introduces (its closest sectioning or grouping ancestor),
# so the test follows the visible wording rather than a class name.
LINKS_UNDER_HEADING = """(wanted) => {
  const normal = (s) => s.replace(/\\s+/g, " ").trim();
  const heading = Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6"))
    .find((h) => normal(h.textContent) === wanted);
  if (!heading) return null;
  const block = heading.closest("section, aside, nav, div, article") || heading.parentElement;
  return Array.from(block.querySelectorAll("a[href]")).map((a) => a.href);
}"""

RELATED = """() => { const r = document.getElementById("related-articles");
  return r ? Array.from(r.querySelectorAll("a[href]")).map((a) => a.href) : null; }"""

ARTICLE_PATH = r"/(blog|regional-updates)/[^/]+/"


def statuses(context, urls) -> dict[str, int]:
    return {url: context.request.get(url).status for url in sorted(set(urls))}


def test_every_article_has_related_articles_and_tags_that_load(context, served):
    articles = served.items("blog") + served.items("regional-updates")
    assert articles, "No articles listed on /blog/ or /regional-updates/"
    page = context.new_page()
    problems, targets, tagged = [], [], 0
    for path in articles:
        goto(page, path)
        related = page.evaluate(RELATED)
        if related is None:
            problems.append(f"{path}: no #related-articles")
        elif not related:
            problems.append(f"{path}: #related-articles has no links")
        for url in related or []:
            target = urlsplit(url)
            if target.netloc != urlsplit(served.origin).netloc or not re.fullmatch(ARTICLE_PATH, target.path):
                problems.append(f"{path}: related link {url} is not a post or update of this site")
            elif target.path == path:
                problems.append(f"{path}: the related list links the article itself")
        tags = page.evaluate(LINKS_UNDER_HEADING, "Tags assigned to this article")
        if tags is not None:
            tagged += 1
            if not tags:
                problems.append(f"{path}: 'Tags assigned to this article' has no links")
            problems += [f"{path}: tag link {url} is not a tag page" for url in tags if "/tag/" not in url]
        targets += (related or []) + (tags or [])
    assert tagged, "No article shows 'Tags assigned to this article' (the example content has tagged posts)"
    broken = {url: status for url, status in statuses(context, targets).items() if status != 200}
    problems += [f"link to {url} answered {status}" for url, status in broken.items()]
    assert not problems, "Related articles and tags:\n" + "\n".join(problems)


def upcoming_events_in_content() -> list[str]:
    """Titles of published events in content/ whose Start is still to come (UK time)."""
    now = datetime.datetime.now(ZoneInfo("Europe/London")).replace(tzinfo=None)
    titles = []
    for file in sorted((REPO / "content" / "events").rglob("*.md")):
        head = file.read_text(encoding="utf-8").split("\n\n", 1)[0]
        fields = dict(
            (key.strip().lower(), value.strip())
            for key, _, value in (line.partition(":") for line in head.splitlines())
            if value
        )
        if fields.get("status", "published").lower() != "published" or "start" not in fields:
            continue
        if datetime.datetime.fromisoformat(fields["start"]) > now:
            titles.append(fields.get("title", file.name))
    return titles


def test_next_event_box_links_to_an_event_that_loads(page, served):
    goto(page, "/")
    links = page.evaluate(LINKS_UNDER_HEADING, "Next upcoming event")
    upcoming = upcoming_events_in_content()
    if not upcoming:
        assert links is None, "The home page shows a 'Next upcoming event' box although no event is to come"
        return
    assert links, f"The home page has no 'Next upcoming event' box with a link; to come: {upcoming}"
    event = urlsplit(links[0])
    assert event.netloc == urlsplit(served.origin).netloc and re.fullmatch(r"/events/[^/]+/", event.path), (
        f"The next-event box's first link {links[0]} is not an event page of this site"
    )
    assert statuses(page.context, links) == {url: 200 for url in set(links)}
