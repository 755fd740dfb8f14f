"""Keyboard only: the skip link comes first and shows itself, and Tab walks through the article's links."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import goto

# The properties a focus indicator changes: outline, ring (box-shadow), background, colour, underline, border.
LOOK = """const look = (el) => {
  const cs = getComputedStyle(el);
  return ["outlineStyle", "outlineWidth", "outlineColor", "boxShadow", "backgroundColor", "color",
          "textDecorationLine", "textDecorationThickness", "borderBottomColor"]
    .map((property) => cs[property]).join(" ");
};"""

FOCUSED = (
    """() => {
  """
    + LOOK
    + """
  const el = document.activeElement;
  const main = document.getElementById("main-content");
  const r = el.getBoundingClientRect();
  const cs = getComputedStyle(el);
  const links = Array.from(document.querySelectorAll("main a[href]"));
  return {
    tag: el.tagName,
    href: el.getAttribute("href"),
    text: (el.textContent || "").replace(/\\s+/g, " ").trim(),
    inMain: !!main && main.contains(el) && el !== main,
    isMain: el === main,
    mainLink: links.indexOf(el),
    rect: {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height},
    viewport: {width: innerWidth, height: innerHeight},
    visibility: cs.visibility,
    opacity: cs.opacity,
    clip: cs.clip,
    clipPath: cs.clipPath,
    look: look(el),
  };
}"""
)

# Every link in <main>, with its look while nothing is focused.
MAIN_LINKS = (
    """() => {
  """
    + LOOK
    + """
  return Array.from(document.querySelectorAll("main a[href]")).map((a, i) => {
    const r = a.getBoundingClientRect();
    return {index: i, href: a.getAttribute("href"), text: a.textContent.replace(/\\s+/g, " ").trim(),
            shown: r.width > 0 && r.height > 0 && getComputedStyle(a).visibility === "visible",
            related: !!a.closest("#related-articles"), look: look(a)};
  });
}"""
)

MAIN_IS_MAIN = """() => {
  const main = document.getElementById("main-content");
  return !!main && main.tagName === "MAIN";
}"""


def test_skip_link_first_then_tab_through_the_article(page, page_types):
    path = page_types["blog post"]
    goto(page, path)
    assert page.evaluate(MAIN_IS_MAIN), f'{path}: no <main id="main-content">'
    links = page.evaluate(MAIN_LINKS)  # before anything has focus

    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["tag"] == "A" and skip["href"] == "#main-content", (
        f"{path}: the first Tab focused <{skip['tag']} href={skip['href']!r}> {skip['text']!r}, "
        "not the skip link to #main-content"
    )
    r, view = skip["rect"], skip["viewport"]
    assert (
        r["width"] > 1
        and r["height"] > 1
        and r["left"] >= 0
        and r["top"] >= 0
        and r["right"] <= view["width"]
        and r["bottom"] <= view["height"]
        and skip["visibility"] == "visible"
        and skip["opacity"] != "0"
        and skip["clipPath"] == "none"
        and skip["clip"] in ("auto", "")
    ), f"{path}: the focused skip link is not visibly on screen: {skip}"

    # Following the skip link moves keyboard focus into <main>: either <main> itself takes
    # focus (tabindex="-1"), or the next Tab lands on the first focusable thing inside it.
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"
    after_enter = page.evaluate(FOCUSED)
    page.keyboard.press("Tab")
    first_in_main = page.evaluate(FOCUSED)
    assert after_enter["isMain"] or after_enter["inMain"] or first_in_main["inMain"], (
        f"{path}: after Enter on the skip link, focus stayed on <{after_enter['tag']}> and the next Tab "
        f"went to <{first_in_main['tag']} href={first_in_main['href']!r}> {first_in_main['text']!r}, "
        "outside <main>"
    )

    # Keep tabbing until focus leaves <main>: every visible link in it is reached, and looks
    # different when focused (a visible focus indicator, WCAG 2.4.7).
    shown = [link for link in links if link["shown"]]
    reached = [after_enter["mainLink"]] if after_enter["mainLink"] >= 0 else []
    no_ring, focused = [], first_in_main
    for _ in range(len(links) + 20):
        if not focused["inMain"]:
            break
        if focused["mainLink"] >= 0:
            reached.append(focused["mainLink"])
            if focused["look"] == links[focused["mainLink"]]["look"]:
                no_ring.append(focused["text"])
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
    missed = [f"{link['text']!r} ({link['href']})" for link in shown if link["index"] not in reached]
    assert not missed, f"{path}: Tab never reached these links in <main>: {', '.join(missed)}"
    assert reached == sorted(reached), f"{path}: Tab order in <main> differs from the reading order"
    assert any(link["related"] for link in shown), f"{path}: no related-article link reachable by keyboard"
    assert not no_ring, f"{path}: these links look the same focused as unfocused: {no_ring}"


def test_the_search_page_leaves_focus_alone_so_the_skip_link_is_the_first_tab_stop(page, page_types):
    goto(page, page_types["search"])
    expect(page.locator("#search")).to_be_visible()  # the script has run
    assert page.evaluate("document.activeElement === document.body"), "the search page moved focus on load"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["href"] == "#main-content"
