"""Example models for the theme's components, as the tests render them.

A component is one Jinja macro in theme/templates/components/<name>.html, named
like its file, whose parameters its opening comment documents. EXAMPLES gives
each component a few calls: the keyword arguments a page template would pass
it, made of the models in models.py, covering its variations (nothing to show,
one item, many, long text, a draft, a missing optional part); an example whose
name ends in ": nothing" must render nothing.

tests/unit/test_components.py renders every example with StrictUndefined, so a
component that reads anything it was not given fails;
tests/browser/test_components.py opens them all in Chromium and runs axe-core.

The examples are one module rather than one per component because they share
their pieces (the days, links and summaries below), and a newcomer reads every
component's variations in one place: a post's pieces first, then the
listings', then the home page's.
"""

from __future__ import annotations

import jinja2

from . import models as m

ROOT = "../.."  # models.Frame.root of a development page two folders deep, /blog/<slug>/

# --- Shared pieces ----------------------------------------------------------------------

MAY_14 = m.Day("2026-05-14T09:00:00+01:00", "14 May 2026")
OCTOBER_14 = m.Day("2026-10-14T09:30:00+01:00", "14 October 2026")
INDUCTION_DAY = m.Day("2026-12-08T10:00:00+00:00", "Tue, 08 Dec 2026 10:00")
COUNCIL_DAY = m.Day("2027-03-18T09:30:00+00:00", "Thu, 18 Mar 2027 09:30")

LEADERSHIP = m.Link("Leadership", "category/leadership/")
INSPECTION = m.Link("Inspection & Improvement", "category/inspection-improvement/")
CATEGORIES = (
    LEADERSHIP,
    INSPECTION,
    m.Link("Education", "category/education/"),
    m.Link("General", "category/general/"),
)
PRESIDENTS_BLOG = m.Link("President's blog", "series/presidents-blog/")
WORKFORCE = m.Link("workforce", "tag/workforce/")
OKAFOR = m.Author(
    "Marguerite Okafor", "author/marguerite-okafor/", "President, 2026-27, Westmarch County Council"
)

# Titles are HTML (typography's entities); every other text is plain and the template escapes it.
LONG_TITLE_HTML = (
    "What a decade of peer challenge, improvement partnerships and regional self-assessment has "
    "taught directors of children&#8217;s services about getting better, together, without waiting "
    "for an inspection to tell them what they already knew"
)
LONG_TITLE = LONG_TITLE_HTML.replace("&#8217;", "’")
LONG_TEXT = (
    "A long excerpt, as a summary written without a limit in mind reads: the association’s "
    "regional groups met eleven times this year, agreed a shared framework for sufficiency planning, "
    "published two reports on kinship care and on the early help workforce, and made "
    "a-very-long-hyphenated-compound-word-that-does-not-break-easily-on-a-narrow-phone-screen "
    "part of every council’s annual conversation."
)

POST = m.Summary(
    path="blog/a-presidential-year-what-i-hope-we-do-together/",
    title_html="A presidential year: what I hope we do together",
    kind_label="Blog post",
    day=MAY_14,
    category="Leadership",
    region="",
    excerpt="So I want to use this first blog to set out, plainly, what I hope we will do together.",
)
UPDATE = m.Summary(
    path="regional-updates/yorkshire-and-humber-update-growing-our-own-social-workers/",
    title_html="Yorkshire and Humber update: growing our own social workers",
    kind_label="Regional update",
    day=OCTOBER_14,
    category="Inspection & Improvement",
    region="Yorkshire and Humber",
    excerpt="The region’s social work academy partnership has its first graduates.",
)
PAGE = m.Summary(
    path="about/",
    title_html="About the association",
    kind_label="Page",
    day=MAY_14,
    category="",
    region="",
    excerpt="Who we are and what we do.",
)
LONG_SUMMARY = m.Summary(
    path="blog/long/",
    title_html=LONG_TITLE_HTML,
    kind_label="Blog post",
    day=MAY_14,
    category="Children’s social care reform and the wider system of family help",
    region="East of England",
    excerpt=LONG_TEXT,
)

INDUCTION = m.EventSummary(
    path="events/new-directors-induction-day-december-2026/",
    title_html="New directors&#8217; induction day, December 2026",
    start=INDUCTION_DAY,
    location="Friends House, London",
    excerpt="A day for directors in their first year in post.",
)
WEBINAR = m.EventSummary(
    path="events/kinship-care-webinar/",
    title_html="Kinship care: what the new guidance asks of councils",
    start=COUNCIL_DAY,
    location="",
    excerpt="An hour online with the policy team.",
)
LONG_EVENT = m.EventSummary(
    path="events/long/",
    title_html=LONG_TITLE_HTML,
    start=COUNCIL_DAY,
    location="The Council Chamber, Westmarch County Hall, Market Square, Westmarch, on the second floor",
    excerpt=LONG_TEXT,
)


def pages(number: int, count: int, window: tuple[int | None, ...]) -> m.Pagination:
    """Page `number` of a listing of `count` pages at blog/, linking the pages in `window`."""

    def path(shown: int) -> str:
        return "blog/" if shown == 1 else f"blog/page/{shown}/"

    return m.Pagination(
        number=number,
        count=count,
        previous_path=path(number - 1) if number > 1 else "",
        next_path=path(number + 1) if number < count else "",
        window=tuple((shown, path(shown) if shown else "") for shown in window),
    )


def related_entry(summary: m.Summary) -> m.RelatedEntry:
    return m.RelatedEntry(summary.path, summary.title_html, summary.excerpt, summary.day, summary.category)


def next_event(event: m.EventSummary) -> m.NextEvent:
    return m.NextEvent(event.path, event.title_html, event.start, event.location)


# --- The examples: component name -> example name -> keyword arguments --------------------

EXAMPLES: dict[str, dict[str, dict]] = {
    "time": {
        "a date": dict(day=MAY_14),
        "a moment": dict(day=INDUCTION_DAY),
    },
    "breadcrumbs": {
        "Home alone": dict(crumbs=(), root=ROOT),
        "one link": dict(crumbs=(m.Link("Blog posts", "blog/"),), root=ROOT),
        "two links": dict(crumbs=(m.Link("Blog posts", "blog/"), PRESIDENTS_BLOG), root=ROOT),
        "long text": dict(crumbs=(m.Link(LONG_TITLE, "blog/"),), root=ROOT),
    },
    "search_data": {
        "a post with every filter": dict(
            search=m.SearchData(
                kind_label="Blog post",
                category="Leadership",
                region="London",
                tags=("workforce", "children’s social care reform"),
                year="2026",
                date_text="14 May 2026",
                date_sort="2026-05-14",
                indexed=True,
            )
        ),
        "a page: its kind only": dict(search=m.SearchData("Page", "", "", (), "", "", "", indexed=True)),
        "a draft with many tags": dict(
            search=m.SearchData(
                kind_label="Regional update",
                category="Education",
                region="",
                tags=tuple(f"tag {number}" for number in range(12)),
                year="2025",
                date_text="3 March 2025",
                date_sort="2025-03-03",
                indexed=False,
            )
        ),
    },
    "draft_notice": {
        "a draft": dict(draft=True),
        "scheduled": dict(draft=False, scheduled=m.Day("2027-01-04T09:00:00+00:00", "4 January 2027")),
        "published: nothing": dict(draft=False),
    },
    "byline": {
        "one author with a role, every fact": dict(
            authors=(OKAFOR,),
            published=MAY_14,
            root=ROOT,
            category=LEADERSHIP,
            region="London",
            region_path="region/london/",
            series=PRESIDENTS_BLOG,
        ),
        "several authors, one without a role": dict(
            authors=(
                m.Author("Aisha Rahman", "author/aisha-rahman/", "Director of Children’s Services"),
                m.Author("Gareth Pryce", "author/gareth-pryce/", ""),
                m.Author("Beth Lowry", "author/beth-lowry/", "Policy officer"),
            ),
            published=OCTOBER_14,
            root=ROOT,
            category=INSPECTION,
        ),
        "no authors, a region without a listing": dict(
            authors=(),
            published=OCTOBER_14,
            root=ROOT,
            category=LEADERSHIP,
            region="Yorkshire and Humber",
        ),
        "only the date": dict(authors=(), published=MAY_14, root=ROOT),
        "long text": dict(
            authors=(m.Author("Dr Rosalind Hart-Fairweather-Montgomery", "author/hart/", LONG_TEXT),),
            published=MAY_14,
            root=ROOT,
            category=m.Link(LONG_TITLE, "category/leadership/"),
            series=m.Link(LONG_TITLE, "series/presidents-blog/"),
        ),
    },
    "tag_list": {
        "no tags: nothing": dict(tags=(), root=ROOT),
        "one tag": dict(tags=(WORKFORCE,), root=ROOT),
        "many tags": dict(
            tags=tuple(m.Link(f"tag number {number}", f"tag/tag-number-{number}/") for number in range(15)),
            root=ROOT,
        ),
        "long text": dict(tags=(m.Link(LONG_TITLE, "tag/long/"), WORKFORCE), root=ROOT),
    },
    "prev_next": {
        "older and newer": dict(
            neighbours=m.Neighbours(
                "blog posts", m.Link(POST.title_html, POST.path), m.Link(LONG_TITLE_HTML, "blog/long/")
            ),
            root=ROOT,
        ),
        "the oldest: newer only": dict(
            neighbours=m.Neighbours("regional updates", None, m.Link(UPDATE.title_html, UPDATE.path)),
            root=ROOT,
        ),
        "the newest: older only, long title": dict(
            neighbours=m.Neighbours("blog posts", m.Link(LONG_TITLE_HTML, "blog/long/"), None),
            root=ROOT,
        ),
        "the only one: nothing": dict(neighbours=m.Neighbours("blog posts", None, None), root=ROOT),
    },
    "related_list": {
        "none: nothing": dict(related=None, root=ROOT),
        "one entry": dict(related=m.Related("Related blog articles", (related_entry(POST),)), root=ROOT),
        "five entries": dict(
            related=m.Related("Related articles", tuple(map(related_entry, (POST, UPDATE) * 2 + (POST,)))),
            root=ROOT,
        ),
        "long text": dict(
            related=m.Related("Related regional updates", (related_entry(LONG_SUMMARY),)), root=ROOT
        ),
    },
    "item_list": {
        "empty": dict(items=(), root=ROOT),
        "one item": dict(items=(POST,), root=ROOT),
        "many items under an <h2>": dict(items=(UPDATE, POST, PAGE) * 4, root=ROOT, level=3),
        "no category or region": dict(items=(PAGE,), root=ROOT),
        "long text": dict(items=(LONG_SUMMARY,), root=ROOT),
    },
    "event_list": {
        "empty": dict(events=(), root=ROOT, empty_message="No upcoming events are planned yet."),
        "one event": dict(events=(INDUCTION,), root=ROOT, empty_message="No past events."),
        "several, one without a location": dict(
            events=(INDUCTION, WEBINAR) * 3, root=ROOT, empty_message="No past events."
        ),
        "long text, under the page's <h1>": dict(
            events=(LONG_EVENT,), root=ROOT, empty_message="No past events.", level=2
        ),
    },
    "pagination": {
        "one page: nothing": dict(pagination=pages(1, 1, (1,)), root=ROOT),
        "the first of two": dict(pagination=pages(1, 2, (1, 2)), root=ROOT),
        "the middle of nine, with gaps": dict(pagination=pages(5, 9, (1, None, 4, 5, 6, None, 9)), root=ROOT),
        "the last of many": dict(pagination=pages(120, 120, (1, None, 119, 120)), root=ROOT),
    },
    "term_index": {
        "no terms": dict(terms=(), root=ROOT),
        "one term": dict(terms=(m.Term(LEADERSHIP, 1),), root=ROOT),
        "many terms": dict(
            terms=tuple(m.Term(link, number) for number, link in enumerate(CATEGORIES * 3, start=1)),
            root=ROOT,
        ),
        "long text": dict(terms=(m.Term(m.Link(LONG_TITLE, "tag/long/"), 1234),), root=ROOT),
    },
    "link_list": {
        "one link": dict(links=(LEADERSHIP,), root=ROOT),
        "several links": dict(links=CATEGORIES, root=ROOT),
        "long text": dict(links=(m.Link(LONG_TITLE, "region/long/"), LEADERSHIP), root=ROOT),
    },
    "featured": {
        "none: nothing": dict(post=None, root=ROOT),
        "the President's latest post": dict(
            post=m.Featured(
                label="President’s blog",
                path=POST.path,
                title_html=POST.title_html,
                plain_title="A presidential year: what I hope we do together",
                authors="Marguerite Okafor",
                day=MAY_14,
                excerpt=POST.excerpt,
                scheduled=False,
            ),
            root=ROOT,
        ),
        "several authors, long text": dict(
            post=m.Featured(
                label="President’s blog",
                path=LONG_SUMMARY.path,
                title_html=LONG_TITLE_HTML,
                plain_title=LONG_TITLE,
                authors="Marguerite Okafor, Aisha Rahman, Gareth Pryce",
                day=OCTOBER_14,
                excerpt=LONG_TEXT,
                scheduled=True,
            ),
            root=ROOT,
        ),
    },
    "event_box": {
        "none: nothing": dict(event=None, root=ROOT),
        "with a location": dict(event=next_event(INDUCTION), root=ROOT),
        "without a location": dict(event=next_event(WEBINAR), root=ROOT),
        "long text": dict(event=next_event(LONG_EVENT), root=ROOT),
    },
}


def render(environment: jinja2.Environment, component: str, arguments: dict) -> str:
    """An example rendered as a page calls it: the macro `component` of components/<component>.html."""
    module = environment.get_template(f"components/{component}.html").module
    return str(getattr(module, component)(**arguments))
