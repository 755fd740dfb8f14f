"""An SVG is published only when it is a still drawing (plugins/content_model/svg.py)."""

from __future__ import annotations

import time
import xml.sax.saxutils

import pytest
from content_model.svg import MOST_FINDINGS, check_drawing, style_loader
from hypothesis import given, settings
from hypothesis import strategies as st

PATH = "content/images/chart.svg"
OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'

# What Inkscape saves: its own and Sodipodi's notes, and the licence in RDF, Dublin Core and CC.
INKSCAPE = """\
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg
   width="210mm" height="297mm" viewBox="0 0 210 297" version="1.1" id="svg5"
   inkscape:version="1.2 (dc2aedaf03, 2022-05-15)" sodipodi:docname="chart.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview7" pagecolor="#ffffff" bordercolor="#666666" inkscape:zoom="0.7" />
  <metadata><rdf:RDF><cc:Work rdf:about=""><dc:title>Placements</dc:title>
    <cc:license rdf:resource="http://creativecommons.org/licenses/by/4.0/" /></cc:Work></rdf:RDF></metadata>
  <defs id="defs2"><linearGradient id="g1"><stop offset="0" style="stop-color:#1d70b8;stop-opacity:1" /></linearGradient></defs>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <rect style="fill:url(#g1);stroke:#000;stroke-width:0.26" id="rect1" width="50" height="30" x="10" y="10" />
    <text xml:space="preserve" style="font-size:10px;font-family:sans-serif" x="12" y="50"><tspan
      sodipodi:role="line" x="12" y="50">North East</tspan></text>
  </g>
</svg>
"""

# What matplotlib saves: a DOCTYPE naming the SVG 1.1 DTD, a style element, and uses of local parts.
MATPLOTLIB = """\
<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="460.8pt" height="345.6pt" viewBox="0 0 460.8 345.6"
  xmlns="http://www.w3.org/2000/svg" version="1.1">
 <defs>
  <style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>
  <path id="m1" d="M 0 0 L 0 3.5" style="stroke: #000000; stroke-width: 0.8"/>
  <clipPath id="p1"><rect x="57.6" y="41.47" width="357.12" height="266.112"/></clipPath>
 </defs>
 <g id="figure_1"><g id="axes_1" clip-path="url(#p1)">
  <use xlink:href="#m1" x="73.83" y="307.58" style="stroke: #000000; stroke-width: 0.8"/>
  <use href="#m1" x="90" y="307.58"/>
 </g></g>
</svg>
"""

# What Figma saves: a filter for a shadow, and a picture embedded in a pattern.
FIGMA = """\
<svg width="320" height="180" viewBox="0 0 320 180" fill="none" xmlns="http://www.w3.org/2000/svg"
  xmlns:xlink="http://www.w3.org/1999/xlink">
<g filter="url(#filter0_d)"><rect x="4" width="312" height="172" rx="8" fill="url(#pattern0)"/></g>
<defs>
<filter id="filter0_d" x="0" y="0" width="320" height="180" filterUnits="userSpaceOnUse"
  color-interpolation-filters="sRGB">
<feFlood flood-opacity="0" result="BackgroundImageFix"/>
<feColorMatrix in="SourceAlpha" type="matrix" values="0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 127 0" result="hardAlpha"/>
<feOffset dy="4"/><feGaussianBlur stdDeviation="2"/>
<feBlend mode="normal" in2="BackgroundImageFix" result="effect1_dropShadow"/>
</filter>
<pattern id="pattern0" patternContentUnits="objectBoundingBox" width="1" height="1">
<use xlink:href="#image0" transform="scale(0.01)"/></pattern>
<image id="image0" width="100" height="100" xlink:href="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="/>
</defs>
</svg>
"""


def problems(text: str) -> list:
    return check_drawing(text.encode("utf-8"), PATH)


def found(text: str) -> list[tuple[int, str]]:
    """(line, message) of each problem, in the order of the file."""
    return sorted((problem.line, problem.message) for problem in problems(text))


@pytest.mark.parametrize("drawing", [INKSCAPE, MATPLOTLIB, FIGMA], ids=["Inkscape", "matplotlib", "Figma"])
def test_drawings_as_programs_save_them_are_published(drawing):
    assert problems(drawing) == []


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("<script>alert(1)</script>", 2, "a <script> element"),
        ('<script xlink:href="https://evil.example/x.js"/>', 2, "a <script> element"),
        ('<rect width="1" height="1" onclick="alert(1)"/>', 2, "event attribute (onclick= on <rect>)"),
        (
            '<rect width="1" height="1" ONMOUSEOVER="alert(1)"/>',
            2,
            "event attribute (ONMOUSEOVER= on <rect>)",
        ),
        (
            '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">Hi</div></foreignObject>',
            2,
            "embeds a web page",
        ),
        (
            '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>',
            2,
            "an HTML element (<script>)",
        ),
        ('<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="/"/>', 2, "an HTML element (<iframe>)"),
        ('<a href="javascript:alert(1)"><text>Go</text></a>', 2, "a link (<a>)"),
        ('<set attributeName="href" to="javascript:alert(1)"/>', 2, "is animated (<set>)"),
        ('<animate attributeName="href" values="javascript:alert(1)"/>', 2, "is animated (<animate>)"),
        (
            '<animateTransform attributeName="transform" type="rotate" from="0" to="90" dur="1s"/>',
            2,
            "animated",
        ),
        ('<use href="other.svg#part"/>', 2, "<use> refers to 'other.svg#part', outside the drawing"),
        (
            '<use xlink:href="https://evil.example/x.svg#a"/>',
            2,
            "<use> refers to 'https://evil.example/x.svg#a'",
        ),
        (
            '<image href="https://tracker.example/pixel.png"/>',
            2,
            "<image> refers to 'https://tracker.example/",
        ),
        ('<image href="data:image/svg+xml;base64,PHN2Zz4="/>', 2, "<image> refers to 'data:image/svg+xml"),
        (
            '<rect width="1" height="1" style="fill:url(https://evil.example/a.svg#g)"/>',
            2,
            "'url(https://evil",
        ),
        (
            '<rect width="1" height="1" fill="url(&quot;x.svg#g&quot;)"/>',
            2,
            "The fill= attribute of <rect> uses",
        ),
        ("<style>@import url(https://evil.example/a.css);</style>", 2, "The <style> element uses '@import'"),
        ("<style>rect { fill: \\75 rl(https://evil.example/) }</style>", 2, "uses a backslash escape"),
        ('<rect width="1" height="1" style="cursor: image-set(\'a.png\' 1x)"/>', 2, "'image-set('"),
        (
            '<cursor xlink:href="https://evil.example/c.png"/>',
            2,
            "uses <cursor>, which is not one of the elements",
        ),
        (
            '<rect width="1" height="1" xml:base="https://evil.example/"/>',
            2,
            "the attribute xml:base= on <rect>",
        ),
        (
            '<rect xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="click" width="1"/>',
            2,
            "the attribute {http://www.w3.org/2001/xml-events}event= on <rect>",
        ),
        ("<thing/>", 2, "<thing>, which is not one of the elements"),
    ],
)
def test_anything_that_could_run_or_load_is_refused_at_its_line(body, line, words):
    reported = found(f"{OPEN}\n{body}\n</svg>\n")
    assert {reported_line for reported_line, _ in reported} == {line}
    assert any(words in message for _, message in reported), reported


def test_each_kind_of_problem_is_reported_once_with_how_often_it_occurs():
    body = "\n".join(f'<rect width="{n}" height="1" onclick="alert({n})"/>' for n in range(1, 6))
    [problem] = problems(f"{OPEN}\n{body}\n<script>x()</script>\n</svg>")[:1]
    assert (problem.line, problem.field, problem.value) == (2, "File", "onclick=alert(1)")
    assert problem.message.endswith("It occurs 5 times; this is the first.")
    assert [p.line for p in problems(f"{OPEN}\n{body}\n<script>x()</script>\n</svg>")] == [2, 7]


def test_a_drawing_full_of_problems_gives_a_bounded_report():
    body = "\n".join(f'<x{n}:thing xmlns:x{n}="urn:n{n}"/>' for n in range(50))
    reported = problems(f"{OPEN}\n{body}\n</svg>")
    assert len(reported) == MOST_FINDINGS + 1
    assert reported[-1].message == "The drawing has 40 more things that are not allowed in a still drawing."


@pytest.mark.parametrize(
    ("document", "line", "words"),
    [
        (
            '<?xml-stylesheet href="https://evil.example/a.xsl" type="text/xsl"?>\n' + OPEN + "</svg>",
            1,
            "xml-stylesheet",
        ),
        (
            '<!DOCTYPE svg [\n<!ENTITY lol "lol">\n]>\n' + OPEN + "&lol;</svg>",
            2,
            "declares entities or refers to another file",
        ),
        (
            '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + OPEN + "&x;</svg>",
            1,
            "declares entities",
        ),
        (
            '<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
            2,
            "event attribute (onload= on <svg>)",
        ),
        (
            "<html><body><script>alert(1)</script></body></html>",
            1,
            "not an SVG drawing: its first element is <html>",
        ),
        ("<svg><rect/></svg>", 1, "not an SVG drawing: its first element is <svg>"),  # no SVG namespace
        (OPEN + "\n<rect>\n</svg>", 3, "not well-formed XML: mismatched tag"),
        ("", 1, "not well-formed XML: no element found"),
    ],
    ids=[
        "stylesheet",
        "entity",
        "external entity",
        "default attribute",
        "html",
        "no namespace",
        "broken",
        "empty",
    ],
)
def test_documents_that_are_not_plain_drawings_are_refused(document, line, words):
    [(reported_line, message)] = found(document)
    assert reported_line == line
    assert words in message, message


@pytest.mark.parametrize(
    ("css", "loads"),
    [
        ("fill:url(#a)", ""),
        ("fill: url( '#a' ) ; stroke: URL(\"#b\")", ""),
        ("fill:url(a.svg#x)", "'url(a.svg#x)'"),
        ("fill:url(#a", "'url(#a'"),  # never closed
        ("@IMPORT 'x.css'", "'@IMPORT'"),
        ("background: -webkit-image-set(url(#a) 1x)", "'image-set('"),
        ("width: expression(alert(1))", "'expression('"),
        ("font-family: 'Open Sans'", ""),
    ],
)
def test_what_a_style_may_load(css, loads):
    assert style_loader(css) == loads


def test_reading_is_linear_and_fast_at_the_largest_size_allowed():
    """About 2 MB (the default STATIC_CHECK_MAX_BYTES) of shapes, and a style that would make a naive
    check quadratic."""
    shapes = '<rect x="1" y="2" width="3" height="4" style="fill:url(#g);stroke:#000"/>\n' * 26_000
    tricky = "url(" * 100_000
    started = time.perf_counter()
    assert problems(f"{OPEN}\n{shapes}</svg>") == []
    assert len(problems(f'{OPEN}\n<rect style="{tricky}"/></svg>')) == 1
    assert time.perf_counter() - started < 10  # about 1 s on this machine


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_problems_never_an_exception(data):
    for problem in check_drawing(data, PATH):
        assert problem.path == PATH and problem.line >= 1 and problem.fix


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9_.-]{1,12}", fullmatch=True))
def test_every_attribute_named_on_something_is_refused(name):
    [problem] = problems(f'{OPEN}<g><rect width="1" on{name}="go()"/></g></svg>')
    assert f"event attribute (on{name}= on <rect>)" in problem.message


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co"), blacklist_characters="\ufffe\uffff")))
def test_any_text_in_a_drawing_is_only_text(text):
    escaped = xml.sax.saxutils.escape(text)
    assert problems(f'{OPEN}<title>{escaped}</title><text x="1" y="1">{escaped}</text></svg>') == []
