"""What production publishes: no drafts, no future posts, hidden posts only at their own address."""

from __future__ import annotations

import datetime
import gzip

from tests.conftest import post

TOMORROW = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()


def all_text(site, skip: str = "") -> str:
    """Every built page and feed, with typography's non-breaking spaces made plain."""
    return "\n".join(
        path.read_text(encoding="utf-8").replace("&nbsp;", " ").replace("&#160;", " ").replace("\xa0", " ")
        for path in site.output.rglob("*")
        if path.suffix in {".html", ".xml"} and not (skip and skip in path.parts)
    )


def make(site):
    site.write("blog/visible.md", post("Visible post", tags="shared"))
    site.write("blog/draft.md", post("Draft post", tags="shared", status="draft"))
    site.write("blog/hidden.md", post("Hidden post", tags="shared", status="hidden"))
    site.write("blog/future.md", post("Future post", tags="shared", date=TOMORROW))
    site.write("pages/draft-page.md", "Title: Draft page\nStatus: draft\n\nBody\n")
    site.write(
        "events/draft-event.md", "Title: Draft event\nStart: 2030-01-01 10:00\nStatus: draft\n\nBody\n"
    )


def test_production_publishes_no_draft_and_no_future_post(site):
    make(site)
    assert site.build(production=True).returncode == 0
    text = all_text(site)
    assert "Visible post" in text
    for title in ("Draft post", "Future post", "Draft page", "Draft event"):
        assert title not in text, title
        assert title.lower().replace(" ", "-") not in text, title
    for folder in ("blog/draft-post", "blog/future-post", "draft-page", "events/draft-event", "drafts"):
        assert not (site.output / folder).exists(), folder


def test_hidden_post_has_its_address_but_is_listed_nowhere(site):
    make(site)
    assert site.build(production=True).returncode == 0
    assert (site.output / "blog" / "hidden-post" / "index.html").is_file()
    assert not site.page("/blog/hidden-post/").find(attrs={"data-pagefind-body": True}), (
        "not in the search index"
    )
    assert site.page("/blog/visible-post/").find(attrs={"data-pagefind-body": True})
    elsewhere = all_text(site, skip="hidden-post")
    assert "Visible post" in elsewhere
    assert "Hidden post" not in elsewhere and "hidden-post" not in elsewhere


def test_preview_shows_drafts_marked_as_drafts_at_their_future_address(site):
    make(site)
    assert site.build().returncode == 0
    soup = site.page("/blog/draft-post/")
    assert "Draft" in soup.select_one(".draft-notice").get_text()
    assert site.page("/events/draft-event/").select_one(".draft-notice")
    assert "draft-post" not in site.page("/blog/").decode(), "drafts are not listed"


def search_index_text(site) -> str:
    """Every page's text as Pagefind indexed it (its fragments are gzipped JSON)."""
    return "\n".join(
        gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        for path in (site.output / "pagefind" / "fragment").glob("*.pf_fragment")
    )


def test_a_scheduled_post_appears_with_the_first_production_build_on_or_after_its_date(site):
    site.write("blog/visible.md", post("Visible post", tags="shared"))
    site.write("blog/future.md", post("Scheduled post", tags="shared", date=TOMORROW, body="Due soon."))
    assert site.build(production=True).returncode == 0
    assert "Scheduled post" not in all_text(site), "no page, listing, feed or sitemap names it yet"
    assert "Due soon" not in search_index_text(site) and "Visible post" in search_index_text(site)
    assert "Visible post" in all_text(site)

    site.write("blog/future.md", post("Scheduled post", tags="shared", date="2026-01-05", body="Due soon."))
    assert site.build(production=True).returncode == 0
    text = all_text(site)
    assert (site.output / "blog" / "scheduled-post" / "index.html").is_file()
    for place in ("blog/index.html", "feeds/all.atom.xml", "sitemap.xml", "tag/shared/index.html"):
        assert "scheduled-post" in (site.output / place).read_text(encoding="utf-8"), place
    assert "Scheduled post" in text
    assert "Due soon" in search_index_text(site)
    related = site.page("/blog/visible-post/").select_one("#related-articles")
    assert related is not None and "Scheduled post" in related.get_text()


def test_the_preview_marks_a_scheduled_post_and_the_build_counts_it_as_scheduled_not_draft(site):
    make(site)
    site.write(
        "blog/president.md", post("Next week's presidential post", date=TOMORROW, series="President's blog")
    )
    day = datetime.date.fromisoformat(TOMORROW)
    shown = f"{day.day} {day:%B %Y}"

    result = site.build()
    assert result.returncode == 0, result.stderr
    assert f"2 scheduled for {shown} (shown here until then), 3 drafts (shown here only)" in result.stdout
    notice = site.page("/blog/future-post/").select_one(".draft-notice").get_text(" ", strip=True)
    assert notice == f"Scheduled: published on {shown} ; until then only the preview shows it."
    featured = site.page("/").select_one(".featured")
    assert "Next week" in featured.get_text()
    assert "Scheduled:" in featured.select_one(".draft-notice").get_text()
    assert not site.page("/blog/visible-post/").select_one(".draft-notice")

    result = site.build(production=True)
    assert result.returncode == 0, result.stderr
    assert f"2 scheduled for {shown} (left out until then), 3 drafts (left out)" in result.stdout
