"""The example site in content/ builds, and every kind of URL in DESIGN.md is there."""

from __future__ import annotations

import gzip
import re

import pytest

from tests.conftest import SITEURL, text_of


def links(soup, selector="main a"):
    return [a["href"] for a in soup.select(selector)]


def test_build_says_what_it_did(example):
    result = example.build(production=True)
    assert "Built the site (production settings)" in result.stdout


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/blog/",
        "/regional-updates/",
        "/events/",
        "/publications/",
        "/about/",
        "/regions/",
        "/accessibility-statement/",
        "/privacy/",
        "/contact/",
        "/category/leadership/",
        "/category/inspection-improvement/",
        "/tag/peer-challenge/",
        "/region/north-west/",
        "/author/marguerite-okafor/",
        "/series/presidents-blog/",
        "/tag/",
        "/category/",
        "/author/",
        "/region/",
        "/archive/",
        "/archive/2026/",
        "/search/",
    ],
)
def test_every_listing_and_page_exists(example, url):
    soup = example.page(url)
    assert soup.find("main", id="main-content").get_text(strip=True)
    assert soup.html["lang"] == "en-GB"


def test_every_item_of_every_kind_has_its_own_page(example):
    for folder, prefix in [
        ("blog", "blog"),
        ("regional-updates", "regional-updates"),
        ("publications", "publications"),
    ]:
        listing = example.page(f"/{prefix}/")
        urls = [href for href in links(listing, "main .item-title a")]
        assert urls, folder
        for url in urls:
            assert re.fullmatch(
                rf"(\.\./)*/?{prefix}/[a-z0-9-]+/|{re.escape(SITEURL)}/{prefix}/[a-z0-9-]+/", url
            ), url
            assert (example.output / url.removeprefix(f"{SITEURL}/") / "index.html").is_file()


def test_events_are_under_events_with_upcoming_first(example):
    soup = example.page("/events/")
    headings = [h.get_text() for h in soup.select("main h2")]
    assert headings == ["Upcoming events", "Past events"]
    for url in links(soup, "main .item-title a"):
        page = example.output / url.removeprefix(f"{SITEURL}/") / "index.html"
        assert "/events/" in url and page.is_file()


def test_feeds_exist_in_production(example):
    assert (example.output / "feeds" / "all.atom.xml").is_file()
    assert (example.output / "feeds" / "category" / "leadership.atom.xml").is_file()


def test_article_page_shows_everything_a_reader_needs(example):
    soup = example.page("/blog/peer-challenge-is-how-we-get-better-together/")
    main = soup.find("main")
    assert text_of(main.h1) == "Peer challenge is how we get better, together"
    assert main.find("time")["datetime"].startswith("2026-10-14T09:30:00+01:00")
    byline = " ".join(main.select_one(".byline").get_text().split())
    assert byline == "By Marguerite Okafor, President, 2026-27, Westmarch County Council"
    assert main.select_one('.facts a[href*="/category/inspection-improvement/"]')
    tags = main.find("h2", string="Tags assigned to this article").find_next("ul")
    assert "peer challenge" in [a.get_text() for a in tags.find_all("a")]
    assert len(main.select_one(".prose").get_text().split()) > 300
    assert main.find(id="related-articles") and main.select_one(".have-your-say a[href^='mailto:']")


def test_regional_update_shows_its_region(example):
    listing = example.page("/region/north-west/")
    first = links(listing, "main .item-title a")[0]
    soup = example.page(first.removeprefix(SITEURL))
    assert "Region North West" in text_of(soup.select_one("main .facts"))


def test_home_features_the_presidents_latest_post_and_next_event(example):
    soup = example.page("/")
    featured = soup.select_one(".featured .featured-title a")
    assert "what-the-settlement-means-for-childrens-services" in featured["href"]
    assert soup.select_one(".next-event a")


def test_draft_is_not_published(example):
    assert not (example.output / "blog" / "youth-justice-and-the-case-for-staying-local").exists()
    assert "youth-justice" not in example.page("/blog/").decode()


def test_pages_are_light(example):
    """The hand-written CSS stays small, and an article with its CSS stays under 60 KB uncompressed."""
    soup = example.page("/blog/what-the-settlement-means-for-childrens-services/")
    scripts = [script for script in soup.find_all("script") if script.get("type") != "application/ld+json"]
    assert not scripts, "nothing on an article needs JavaScript (its JSON-LD is data, not code)"
    [stylesheet] = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert re.fullmatch(rf"{re.escape(SITEURL)}/theme/css/site\.[0-9a-f]{{8}}\.css", stylesheet)
    css = example.output / stylesheet.removeprefix(f"{SITEURL}/")
    assert css.stat().st_size < 20_000
    article = example.output / "blog" / "what-the-settlement-means-for-childrens-services" / "index.html"
    assert article.stat().st_size + css.stat().st_size < 60_000


def structured(soup) -> dict:
    import json

    [script] = soup.find_all("script", type="application/ld+json")
    return {thing["@type"]: thing for thing in json.loads(script.string)["@graph"]}


def test_posts_and_events_describe_themselves_to_search_engines(example):
    post = structured(example.page("/blog/peer-challenge-is-how-we-get-better-together/"))
    posting = post["BlogPosting"]
    assert posting["headline"] == "Peer challenge is how we get better, together"
    assert posting["url"] == f"{SITEURL}/blog/peer-challenge-is-how-we-get-better-together/"
    assert posting["author"] == [{"@type": "Person", "name": "Marguerite Okafor"}]
    assert posting["datePublished"].startswith("2026-10-14T09:30:00+01:00")
    crumbs = [item["name"] for item in post["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Home", "Blog posts", "Peer challenge is how we get better, together"]
    conference = structured(example.page("/events/annual-conference-2027/"))["Event"]
    assert (
        conference["startDate"].startswith("2027-07-07T09:30:00+01:00")
        and conference["location"]["@type"] == "Place"
    )
    head = example.page("/blog/peer-challenge-is-how-we-get-better-together/").head
    assert head.find("link", rel="canonical")["href"] == posting["url"]
    assert head.find("meta", property="og:type")["content"] == "article"
    assert head.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"


DAY = r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"
MOMENT = rf"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) {DAY}, \d{{2}}:\d{{2}}"


def test_every_date_and_time_is_written_in_one_style(example):
    """Posts show '14 October 2026'; events, the next-event box and the events listing show the same
    day written the same way, with its weekday and time: 'Wednesday 7 July 2027, 09:30'."""
    pages = [example.page("/"), example.page("/events/"), example.page("/blog/")]
    events = links(example.page("/events/"), "main .item-title a")
    pages += [example.page(url.removeprefix(SITEURL)) for url in events[:3]]
    shown = [text_of(time) for page in pages for time in page.select("main time")]
    assert shown
    odd = [text for text in shown if not (re.fullmatch(DAY, text) or re.fullmatch(MOMENT, text))]
    assert not odd, f"dates in another style: {odd[:5]}"
    assert any(re.fullmatch(MOMENT, text) for text in shown), "no event time was checked"
    assert any(re.fullmatch(DAY, text) for text in shown), "no post date was checked"


def test_each_publication_can_be_cited_by_scholarly_indexes_and_reference_managers(example):
    urls = links(example.page("/publications/"), "main .item-title a")
    assert urls
    for url in urls:
        soup = example.page(url.removeprefix(SITEURL))
        meta = {tag["name"]: tag["content"] for tag in soup.select('meta[name^="citation_"]')}
        assert meta["citation_title"] == text_of(soup.find("main").h1), url
        assert meta["citation_abstract_html_url"] == url and meta["citation_language"] == "en-GB"
        files = {text_of(a).split()[0]: a["href"] for a in soup.select("main a[download]")}
        assert set(files) == {"BibTeX", "RIS"}, url
        bib = (example.output / files["BibTeX"].removeprefix(f"{SITEURL}/")).read_text(encoding="utf-8")
        ris = (example.output / files["RIS"].removeprefix(f"{SITEURL}/")).read_bytes().decode("utf-8")
        assert bib.startswith("@") and "\n  title = {" in bib and bib.endswith("}\n"), url
        assert (
            ris.startswith("TY  - ")
            and ris.endswith("ER  - \r\n")
            and f"TI  - {meta['citation_title']}" in ris
        )


def test_the_home_page_says_who_the_association_is_and_every_post_shows_the_next_event(example):
    home = example.page("/")
    assert "directors of children's services" in text_of(home.select_one(".home-introduction"))
    next_event = home.select_one(".next-event .next-event-title a")["href"]
    for listing in ("/blog/", "/regional-updates/"):
        post = example.page(links(example.page(listing), "main .item-title a")[0].removeprefix(SITEURL))
        box = post.select_one(".layout-side .next-event")
        assert box is not None, listing
        assert box.select_one(".next-event-title a")["href"] == next_event


def test_every_page_shows_the_associations_own_logo_beside_its_name(example):
    for url in ("/", "/events/", "/blog/"):
        logo = example.page(url).select_one("header .site-name img.logo")
        assert logo is not None and logo["alt"] == "", url  # decorative: the name is beside it
        assert (
            (example.output / logo["src"].removeprefix(f"{SITEURL}/"))
            .read_text(encoding="utf-8")
            .startswith("<svg")
        )


def test_a_region_page_introduces_the_region_from_the_data_file(example):
    facts = text_of(example.page("/region/north-west/").select_one("main .region-facts"))
    assert "Chair: Owen Lathom" in facts and "Councils in the region: Calderholme, Westmarch" in facts
    assert example.page("/region/south-west/").select_one("main .region-facts") is None  # not described


def test_search_snippets_end_each_heading_with_a_full_stop(example):
    """Pagefind joins a heading to the text after it as a sentence, as the site's own excerpts do."""
    fragments = (example.output / "pagefind").rglob("*.pf_fragment")
    text = "\n".join(gzip.decompress(path.read_bytes()).decode("utf-8", "replace") for path in fragments)
    assert "Start from the children, not the structures. Most of what" in text
