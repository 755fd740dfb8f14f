"""Nothing needs JavaScript: with it off, an article shows its whole text and its related list."""

from __future__ import annotations

from tests.browser.conftest import goto


def normal(text: str) -> str:
    return " ".join(text.split())


def test_article_readable_with_javascript_off(new_context, served, page_types):
    path = page_types["blog post"]
    page = new_context(java_script_enabled=False).new_page()
    goto(page, path)

    # Every paragraph of the built article (outside the related list) is visible.
    soup = served.soup(path)
    related = soup.find(id="related-articles")
    paragraphs = [
        normal(p.get_text())
        for p in soup.select("main p")
        if len(normal(p.get_text())) >= 40 and not (related and related in p.parents)
    ]
    assert len(paragraphs) >= 3, f"{path}: the built article has hardly any text: {paragraphs}"
    hidden = [
        text[:60] for text in paragraphs if not page.locator("main p", has_text=text[:60]).first.is_visible()
    ]
    assert not hidden, f"{path}: with JavaScript off these paragraphs are not visible: {hidden}"

    related_list = page.locator("#related-articles")
    assert related_list.is_visible(), f"{path}: with JavaScript off the related list is not visible"
    visible_links = [link for link in related_list.locator("a[href]").all() if link.is_visible()]
    assert visible_links, f"{path}: with JavaScript off the related list shows no links"
