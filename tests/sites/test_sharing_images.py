"""The picture each page shows where it is shared (og:image), in real builds."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from PIL import Image

from tests.conftest import SITEURL, Site, post


def meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


def html_pages(site: Site) -> dict[str, BeautifulSoup]:
    return {
        path.relative_to(site.output).as_posix(): BeautifulSoup(path.read_bytes(), "html.parser")
        for path in site.output.rglob("*.html")
        if path.name != "404.html" and "admin" not in path.parts
    }


def file_of(site: Site, url: str) -> Path:
    assert url.startswith(f"{SITEURL}/"), url
    return site.output / url.removeprefix(f"{SITEURL}/")


def test_every_page_shows_a_picture_that_the_build_wrote_with_its_size_and_description(example):
    pages = html_pages(example)
    assert len(pages) > 40
    for name, soup in pages.items():
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect page
        url = meta(soup, "og:image")
        assert url, f"{name} has no og:image"
        picture = Image.open(file_of(example, url))
        assert picture.format == "PNG"
        assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
        assert picture.size == (1200, 630)
        assert meta(soup, "og:image:type") == "image/png"
        assert meta(soup, "og:image:alt"), f"{name}: a picture without its description"
        assert meta(soup, "twitter:card") == "summary_large_image"
        assert meta(soup, "twitter:image:alt") == meta(soup, "og:image:alt")


def test_a_post_shows_its_own_picture_described_by_its_title_and_the_site(example):
    soup = example.page("/blog/why-school-attendance-is-a-safeguarding-question/")
    title = soup.find("h1").get_text(" ", strip=True).replace("\xa0", " ")
    address = "blog/why-school-attendance-is-a-safeguarding-question/"
    assert meta(soup, "og:image") == f"{SITEURL}/{address}index.png"
    assert meta(soup, "og:image:alt") == f"{title} – Association of Children's Services Directors"
    assert meta(soup, "og:image:alt") == meta(soup, "og:title")


def test_every_kind_has_its_own_picture_and_other_pages_the_sites(example):
    own = {}
    for name, soup in html_pages(example).items():
        url = meta(soup, "og:image")
        if url:
            own[name] = url.removeprefix(f"{SITEURL}/")
    for kind in ("blog/", "regional-updates/", "events/", "publications/"):
        items = [name for name in own if name.startswith(kind) and name.count("/") == 2]
        assert items, kind
        for name in items:
            assert own[name] == name.replace("index.html", "index.png"), name
    for page in ("about/index.html", "privacy/index.html"):
        assert own[page] == page.replace("index.html", "index.png")
    listings = (
        "index.html",
        "blog/index.html",
        "search/index.html",
        "events/index.html",
        "archive/index.html",
    )
    for listing in listings:
        assert own[listing] == "sharing.png", listing


def test_pictures_are_small_and_no_picture_is_left_unshown(example):
    pictures = {path.relative_to(example.output).as_posix() for path in example.output.rglob("*.png")}
    shown = {
        meta(soup, "og:image").removeprefix(f"{SITEURL}/")
        for soup in html_pages(example).values()
        if meta(soup, "og:image")
    }
    drawn = {name for name in pictures if name == "sharing.png" or name.endswith("/index.png")}
    assert drawn == shown, "each picture drawn is some page's, and each page's was drawn"
    for name in drawn:
        assert (example.output / name).stat().st_size < 30_000, name


def test_pictures_stay_out_of_the_sitemap(example):
    sitemap = (example.output / "sitemap.xml").read_text(encoding="utf-8")
    assert ".png" not in sitemap


def test_a_title_the_typeface_cannot_draw_shows_the_sites_picture(site):
    site.write("blog/2026/celebration.md", post("Celebrating our teams 🎉"))
    site.write("blog/2026/plain.md", post("Our teams in numbers"))
    result = site.build(production=True)
    assert result.returncode == 0, result.stderr
    plain = site.page("/blog/our-teams-in-numbers/")
    assert meta(plain, "og:image") == f"{SITEURL}/blog/our-teams-in-numbers/index.png"
    celebration = site.page("/blog/celebrating-our-teams/")
    assert meta(celebration, "og:image") == f"{SITEURL}/sharing.png"
    assert meta(celebration, "og:image:alt") == "Association of Children's Services Directors"
    assert not (site.output / "blog/celebrating-our-teams/index.png").exists()


def test_a_development_build_draws_no_picture_and_names_none(site):
    site.write("blog/2026/post.md", post("Peer challenge, a year on"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert not list(site.output.rglob("*.png"))
    assert meta(site.page("/blog/peer-challenge-a-year-on/"), "og:image") is None


def test_pictures_can_be_turned_off(tmp_path):
    site = Site(tmp_path / "site", extra_settings="SHARING_IMAGES = False\n")
    site.write("blog/2026/post.md", post("Peer challenge, a year on"))
    result = site.build(production=True)
    assert result.returncode == 0, result.stderr
    assert not list(site.output.rglob("*.png"))
    soup = site.page("/blog/peer-challenge-a-year-on/")
    assert meta(soup, "og:image") is None and meta(soup, "twitter:card") == "summary"
