"""Every page type fits 320, 768 and 1280 CSS pixels without horizontal scrolling.

320 px is also what a 1280 px window shows at 400% zoom, so the 320 run is the WCAG 1.4.10
(reflow) and "readable at 400% zoom" check for every page type, the article page included.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import PRIMARY_NAVIGATION, goto, grouped

OVERFLOW = """() => {
  const width = window.innerWidth;
  const name = (el) => {
    const classes = typeof el.className === "string" ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes.map((c) => "." + c).join("");
  };
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(name(e));
    }
    return parts.join(" > ");
  };
  // Boxes that stick out of the window, and boxes whose content (an unbreakable word, say) sticks out.
  const over = Array.from(document.body.querySelectorAll("*")).filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && (r.right > width + 0.5
      || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible"));
  });
  // The innermost culprits: overflowing elements with no overflowing element inside them.
  const wide = over.filter((el) => !over.some((other) => other !== el && el.contains(other)))
    .slice(0, 5).map((el) => {
      const r = el.getBoundingClientRect();
      const text = (el.textContent || "").replace(/\\s+/g, " ").trim().slice(0, 50);
      const box = `box ${Math.round(r.left)}..${Math.round(r.right)}px`;
      return `${path(el)} (${box}, content ${el.scrollWidth}px wide: "${text}")`;
    });
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide};
}"""

NAVIGATION = """(names) => {
  const normal = (s) => s.replace(/\\s+/g, " ").trim();
  const links = Array.from(document.querySelectorAll("header a[href]"));
  return names.map((wanted) => {
    // The header holds the menu twice, one shown (wide: in the header; narrow: behind "Menu").
    const named = links.filter((a) => normal(a.textContent) === wanted);
    const link = named.find((a) => a.getBoundingClientRect().width > 0) || named[0];
    if (!link) return {name: wanted, problem: "no link with this text in <header>"};
    const r = link.getBoundingClientRect();
    const cs = getComputedStyle(link);
    if (r.width < 1 || r.height < 1 || cs.visibility !== "visible" || cs.opacity === "0")
      return {name: wanted, problem: "hidden"};
    if (r.left < 0 || r.right > innerWidth)
      return {name: wanted, problem: `off screen (${Math.round(r.left)}..${Math.round(r.right)}px)`};
    return null;
  }).filter(Boolean);
}"""


@pytest.mark.parametrize("width", [320, 768, 1280])
def test_no_horizontal_overflow_on_any_page_type(new_context, page_types, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    failures = []
    for name, path in page_types.items():
        goto(page, path)
        result = page.evaluate(OVERFLOW)
        if result["scrollWidth"] > result["innerWidth"]:
            failures.append(
                f"{path} ({name}): scrollWidth {result['scrollWidth']} > {result['innerWidth']}; "
                f"too wide: {'; '.join(result['wide']) or '(no single element found)'}"
            )
    assert not failures, f"Horizontal scrolling at {width} CSS px:\n" + "\n".join(failures)


@pytest.mark.parametrize("javascript", [True, False])
def test_at_320_the_first_screen_shows_the_page_and_the_menu_button_opens_the_navigation(
    new_context, page_types, javascript
):
    page = new_context(viewport={"width": 320, "height": 640}, java_script_enabled=javascript).new_page()
    failures = []
    for name, path in page_types.items():
        goto(page, path)
        heading = page.locator("main h1").first.bounding_box()
        if heading is None or heading["y"] + heading["height"] > 640:
            failures.append((f"the page's heading is not on the first screen: {heading}", path))
        page.get_by_text("Menu", exact=True).click()
        failures += [
            (f"{p['name']!r}: {p['problem']}", path) for p in page.evaluate(NAVIGATION, PRIMARY_NAVIGATION)
        ]
    assert not failures, "At 320 CSS px:\n" + grouped(failures)


def test_wide_screens_show_the_navigation_without_a_menu_button(page, page_types):
    goto(page, page_types["blog post"])
    assert page.evaluate(NAVIGATION, PRIMARY_NAVIGATION) == []
    assert not page.get_by_text("Menu", exact=True).is_visible()


FONT_SIZES = """() => ({
  tags: parseFloat(getComputedStyle(document.getElementById("tags-heading")).fontSize),
  section: parseFloat(getComputedStyle(document.querySelector(".prose h2")).fontSize),
})"""


@pytest.mark.parametrize("kind", ["publication", "blog post"])
def test_an_items_tags_are_labelled_more_quietly_than_its_texts_sections(page, page_types, kind):
    goto(page, page_types[kind])
    sizes = page.evaluate(FONT_SIZES)
    assert sizes["tags"] < sizes["section"], f"{page_types[kind]}: {sizes}"
