"""Addresses: clean folders, and pagination that never collides with a real tag."""

from __future__ import annotations

from tests.conftest import post, text_of


def test_pagination_uses_page_folders_and_does_not_collide_with_similar_tags(site):
    site.root.joinpath("pelicanconf.py").write_text(
        site.root.joinpath("pelicanconf.py").read_text(encoding="utf-8") + "\nDEFAULT_PAGINATION = 2\n",
        encoding="utf-8",
    )
    for number in range(5):
        site.write(
            f"blog/p{number}.md", post(f"Python post {number}", date=f"2026-01-0{number + 1}", tags="python")
        )
    site.write("blog/p3-tag.md", post("Tagged python3", tags="python3"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    for url in (
        "/tag/python/",
        "/tag/python/page/2/",
        "/tag/python/page/3/",
        "/tag/python3/",
        "/blog/page/2/",
    ):
        assert (site.output / url.strip("/") / "index.html").is_file(), url
    page_two = site.page("/tag/python/page/2/")
    assert "(page 2 of 3)" in page_two.title.get_text()
    nav = page_two.find("nav", attrs={"aria-label": "Pagination"})
    assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "2"
    assert nav.find("a", rel="prev") and nav.find("a", rel="next")


def test_slug_line_sets_the_address(site):
    site.write("blog/x.md", post("A long title", slug="short"))
    site.write("pages/y.md", "Title: Who we are\nSlug: about-us\n\nBody\n")
    assert site.build().returncode == 0
    assert (site.output / "blog" / "short" / "index.html").is_file()
    assert (site.output / "about-us" / "index.html").is_file()


def test_a_page_cannot_take_a_section_address(site):
    site.write("pages/blog.md", "Title: Blog\n\nBody\n")
    result = site.build()
    assert result.returncode == 1
    assert "content/pages/blog.md:1: Slug 'blog' is the address of a section of the site" in result.stderr


def test_region_names_are_normalised_and_listed(site):
    site.write("regional-updates/u.md", post("An update", region="north west"))
    assert site.build().returncode == 0
    listing = site.page("/region/north-west/")
    assert "An update" in text_of(listing.find("main"))
    assert "North West" in site.page("/regional-updates/an-update/").select_one(".facts").get_text()
