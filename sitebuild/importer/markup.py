"""The markup an imported text keeps, by allowlist, and what was left out, in words for the report.

Kept: what Markdown can say (paragraphs, headings, lists, links, emphasis,
quotes, code, tables, images, line breaks and rules), with only the attributes
that carry meaning (a link's address, an image's address, alt text and title,
a table cell's span). Wrappers (div, span, font, section...) are unwrapped, so
their text stays; inline styles, classes, scripts, embeds and event handlers go.
The site's own sanitiser checks the Markdown again on every build; this step is
about clean Markdown, not safety.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from bs4 import Tag

KEPT = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "i", "strong", "b",
    "blockquote", "code", "pre", "sub", "sup", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
    "caption", "img", "figure", "figcaption", "dl", "dt", "dd", "abbr", "q", "cite", "del", "ins", "s",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
              "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "abbr": {"title"}}  # fmt: skip
# Elements left out with everything in them (the others are unwrapped, keeping their text).
DROPPED = {"script", "style", "noscript", "template", "iframe", "object", "embed", "video", "audio",
           "canvas", "svg", "math", "form", "button", "input", "select", "textarea", "map", "applet",
           "frame", "frameset", "link", "meta"}  # fmt: skip


def clean_text(container: Tag) -> tuple[str, list[str]]:
    """The container's inner HTML, markup kept by allowlist; and what was left out, as phrases
    ('2 script elements', 'inline styles on 3 elements')."""
    removed: Counter[str] = Counter()

    def clean(element: Tag) -> bool:
        if element.name in DROPPED:
            removed[f"{element.name} element"] += 1
            element.decompose()
            return False
        if element.name not in KEPT:
            element.unwrap()
        else:
            keep_attributes(element, removed)
        return True

    walk(container, clean)
    return container.decode_contents().strip(), [
        phrase(name, count) for name, count in sorted(removed.items())
    ]


def walk(top: Tag, visit: Callable[[Tag], bool]) -> None:
    """Call `visit` on every element inside `top`, in document order; it returns whether to go on
    into the element (not after taking it out). A walk of its own: skipping what a loop over
    find_all() has taken out needs bs4's `decomposed`, which searches the element's whole content,
    and made such loops quadratic."""
    waiting = list(reversed(top.find_all(True, recursive=False)))
    while waiting:
        element = waiting.pop()
        inside = element.find_all(True, recursive=False)
        if visit(element):
            waiting.extend(reversed(inside))


def remove_where(top: Tag, unwanted: Callable[[Tag], bool]) -> None:
    """Take out every element inside `top` that is `unwanted` (what is taken out is not looked into)."""

    def visit(element: Tag) -> bool:
        if unwanted(element):
            element.decompose()
            return False
        return True

    walk(top, visit)


def keep_attributes(element: Tag, removed: Counter[str]) -> None:
    allowed = ATTRIBUTES.get(element.name, set())
    for name in list(element.attrs):
        if name in allowed:
            continue
        if name == "style":
            removed["inline style"] += 1
        elif name.startswith("on"):
            removed["event handler"] += 1
        del element.attrs[name]


def phrase(name: str, count: int) -> str:
    if name in ("inline style", "event handler"):
        return f"{name}s on {count} element{'s' if count != 1 else ''}" if count != 1 else f"an {name}"
    return f"{count:,} {name}{'s' if count != 1 else ''}"
