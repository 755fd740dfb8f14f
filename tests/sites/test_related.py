"""Related articles as readers see them on built pages, and as editors see them in `invoke related`."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys

import pytest

from tests.conftest import REPO, post, text_of

SOON = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()


def related_of(site, url):
    """(heading, [(href, title, excerpt, meta)]) of the related list on a built page."""
    block = site.page(url).find(id="related-articles")
    if block is None:
        return None, []
    items = [
        (li.a["href"], text_of(li.h3), text_of(li.find_all("p")[0]), text_of(li.find_all("p")[1]))
        for li in block.find_all("li")
    ]
    return text_of(block.h2), items


def slugs(items):
    return [href.rstrip("/").rsplit("/", 1)[-1] for href, *_ in items]


@pytest.fixture
def related_site(site):
    long_body = "Peer challenge visits read case files with social workers. " * 20
    site.write(
        "blog/a.md",
        post(slug="a", title="Peer challenge in practice", tags="peer challenge, Ofsted", body=long_body),
    )
    site.write(
        "blog/b.md",
        post(
            slug="b",
            title="Peer challenge lessons",
            tags="peer challenge",
            date="2026-02-01",
            body=long_body,
            summary="A short summary of the lessons.",
        ),
    )
    site.write(
        "blog/c.md", post(slug="c", title="School meals", tags="food", category="Education", body="Menus.")
    )
    site.write(
        "blog/pinned.md",
        post(slug="pinned", title="Pinning post", tags="food", related="c, a", body="Menus and more."),
    )
    site.write(
        "regional-updates/u.md",
        post(slug="u", title="London peer challenge", tags="peer challenge", region="London", body=long_body),
    )
    site.write(
        "blog/draft.md",
        post(
            slug="draft", title="Draft peer challenge", tags="peer challenge", status="draft", body=long_body
        ),
    )
    site.write(
        "blog/hidden.md",
        post(
            slug="hidden",
            title="Hidden peer challenge",
            tags="peer challenge",
            status="hidden",
            body=long_body,
        ),
    )
    site.write(
        "blog/future.md",
        post(slug="future", title="Future peer challenge", tags="peer challenge", date=SOON, body=long_body),
    )
    site.write(
        "events/e.md", "Title: Peer challenge event\nSlug: e\nStart: 2027-01-01 10:00\n\nPeer challenge.\n"
    )
    site.write(
        "publications/p.md",
        "Title: Peer challenge report\nSlug: p\nDate: 2026-01-01\nCategory: General\n"
        "Type: Report\nLink: https://example.org/r\n\nPeer challenge.\n",
    )
    assert site.build(production=True).returncode == 0
    return site


def test_each_post_and_update_lists_related_articles_with_the_right_heading(related_site):
    heading, items = related_of(related_site, "/blog/a/")
    assert heading == "Related blog articles"
    assert slugs(items)[:2] == ["b", "u"] or slugs(items)[:2] == ["u", "b"]
    heading, items = related_of(related_site, "/regional-updates/u/")
    assert heading == "Related articles"
    assert related_of(related_site, "/events/e/")[1] == []


def test_items_show_title_excerpt_date_and_category(related_site):
    _, items = related_of(related_site, "/blog/a/")
    by_slug = dict(zip(slugs(items), items))
    href, title, excerpt, meta = by_slug["b"]
    assert title == "Peer challenge lessons"
    assert excerpt == "A short summary of the lessons."
    assert meta == "1 February 2026 · In General"
    _, title, excerpt, _ = by_slug["u"]
    assert 120 <= len(excerpt) <= 161 and excerpt.endswith("…")


def test_never_itself_a_draft_a_hidden_or_a_future_post_and_only_posts_and_updates(related_site):
    for url in ("/blog/a/", "/blog/b/", "/blog/c/", "/blog/pinned/", "/regional-updates/u/", "/blog/hidden/"):
        listed = slugs(related_of(related_site, url)[1])
        assert listed, url
        assert url.rstrip("/").rsplit("/", 1)[-1] not in listed
        assert not {"draft", "hidden", "future", "e", "p"} & set(listed), url


def test_editor_picks_come_first(related_site):
    assert slugs(related_of(related_site, "/blog/pinned/")[1])[:2] == ["c", "a"]


def test_two_builds_give_the_same_lists(related_site):
    first = {url: related_of(related_site, url) for url in ("/blog/a/", "/blog/b/", "/regional-updates/u/")}
    assert related_site.build(production=True).returncode == 0
    assert {url: related_of(related_site, url) for url in first} == first


def test_invoke_related_explains_a_list():
    command = [
        str(REPO / ".venv" / "bin" / "invoke"),
        "related",
        "what-a-year-of-peer-challenge-data-tells-us",
    ]
    if not (REPO / ".venv" / "bin" / "invoke").exists():
        command = [sys.executable, "-m", "invoke", *command[1:]]
    text = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, encoding="utf-8")
    assert text.returncode == 0, text.stderr
    assert "chosen by an editor" in text.stdout and "shares tags:" in text.stdout
    report = json.loads(
        subprocess.run(
            [*command, "--json"], cwd=REPO, capture_output=True, text=True, encoding="utf-8"
        ).stdout
    )
    assert [pick["rank"] for pick in report["related"]] == [1, 2, 3, 4, 5]
    assert report["related"][0]["pinned"] is True
    assert all(pick["reasons"] and pick["score"] >= 0 for pick in report["related"])
    # each pick's score is the sum of its reasons' points
    for pick in report["related"]:
        assert abs(sum(reason["points"] for reason in pick["reasons"]) - pick["score"]) < 1e-3
    unknown = subprocess.run(
        [*command[:-1], "peer-chalenge"], cwd=REPO, capture_output=True, text=True, encoding="utf-8"
    )
    assert (
        unknown.returncode == 1
        and "Did you mean 'peer-challenge-is-how-we-get-better-together'?" in unknown.stderr
    )


def test_an_editor_can_leave_one_article_out_of_a_list_and_a_post_out_of_every_list(site):
    body = "Peer challenge visits read case files with social workers and leaders. " * 20
    for slug, extra in (
        ("a", {"unrelated": "b"}),
        ("b", {}),
        ("c", {}),
        ("d", {}),
        ("correction", {"relatable": "no"}),
    ):
        site.write(
            f"blog/{slug}.md",
            post(f"Peer challenge {slug}", slug=slug, tags="peer challenge", body=body, **extra),
        )
    assert site.build().returncode == 0
    lists = {slug: slugs(related_of(site, f"/blog/{slug}/")[1]) for slug in "abcd"}
    assert "b" not in lists["a"] and lists["a"], "left out of a's list, which others fill"
    assert all("a" in lists[slug] for slug in "bcd"), "a's Unrelated line is about a's list only"
    assert all("correction" not in picks for picks in lists.values())
    assert slugs(related_of(site, "/blog/correction/")[1]), "a post kept out of others' lists keeps its own"
