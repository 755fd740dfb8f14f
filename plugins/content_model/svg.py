"""Is an SVG file a still drawing? Read with an allowlist, as the sanitiser reads a post's HTML.

An SVG opened at the site's address is a document of its own, with the site's rights:
a <script>, an onload= attribute, an HTML page inside it (<foreignObject>, or any element
of the XHTML namespace), a link, an animation (which can turn a link into a script), a
style that loads another file or an <?xml-stylesheet?> instruction would all run there.
So an SVG is published only when everything in it is on the lists below:

- elements: the SVG elements of a still drawing (DRAWING_ELEMENTS), and anything in the
  namespaces where drawing programs keep their own notes (EDITOR_NAMESPACES), which
  browsers ignore;
- attributes: the SVG attributes of shapes, text, gradients, filters and their
  presentation (DRAWING_ATTRIBUTES, aria-* and data-*), xml:space, xml:lang and xml:id,
  anything in an editor's namespace, and href or xlink:href only to a part of the same
  drawing ("#name") or, on <image>, an embedded PNG, JPEG, GIF or WebP picture (data:);
- no attribute named on... anywhere, and no style (attribute, presentation attribute or
  <style> element) that loads anything: url(...) only as url(#name), no @import, no
  image(), image-set(), src() or expression(), no backslash escapes (which could spell
  any of these in disguise).

The file is read once, with expat through defusedxml: no entity is declared or expanded,
and nothing outside the file is fetched (the DTD a <!DOCTYPE> names is skipped, as
browsers skip it). Reading is linear in the file's size; files.py refuses an SVG larger
than STATIC_CHECK_MAX_BYTES before it is read. Each kind of problem is reported once, at
the line where it first occurs, with how many times it occurs; past MOST_FINDINGS kinds,
the rest are counted in one last problem, so a hostile file cannot flood the report.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from .problems import Problem

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
XHTML = "http://www.w3.org/1999/xhtml"

# Where drawing programs keep their own notes (layers, guides, licence); browsers show nothing of them.
EDITOR_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",  # RDF, for the metadata below
        "http://purl.org/dc/elements/1.1/",  # Dublin Core: title, creator, date
        "http://purl.org/dc/terms/",
        "http://creativecommons.org/ns#",  # Creative Commons: the licence
        "http://web.resource.org/cc/",  # the same, as older Inkscape writes it
        "http://ns.adobe.com/AdobeIllustrator/10.0/",
        "http://www.bohemiancoding.com/sketch/ns",  # Sketch
        "http://www.serif.com/",  # Affinity Designer
    }
)

# Word lists, one name per word (SIM905: a list literal would take 250 lines).
DRAWING_ELEMENTS = frozenset(
    """
    svg g defs symbol use switch view title desc metadata style
    path rect circle ellipse line polyline polygon text tspan textPath image
    linearGradient radialGradient stop pattern clipPath mask marker
    meshgradient meshrow meshpatch hatch hatchpath solidcolor
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
    feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB
    feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset
    fePointLight feSpecularLighting feSpotLight feTile feTurbulence
    """.split()  # noqa: SIM905
)

DRAWING_ATTRIBUTES = frozenset(
    """
    id class style lang tabindex role focusable version baseProfile
    x y width height viewBox preserveAspectRatio zoomAndPan transform
    d pathLength points x1 y1 x2 y2 cx cy r rx ry fx fy fr dx dy rotate
    textLength lengthAdjust startOffset method spacing side path
    offset gradientUnits gradientTransform spreadMethod
    patternUnits patternContentUnits patternTransform clipPathUnits maskUnits maskContentUnits
    markerUnits markerWidth markerHeight refX refY orient
    hatchUnits hatchContentUnits pitch type media title
    systemLanguage requiredExtensions requiredFeatures externalResourcesRequired
    filterUnits primitiveUnits filterRes in in2 result stdDeviation edgeMode mode operator
    k1 k2 k3 k4 values tableValues slope intercept amplitude exponent order kernelMatrix
    divisor bias targetX targetY kernelUnitLength preserveAlpha surfaceScale diffuseConstant
    specularConstant specularExponent scale xChannelSelector yChannelSelector azimuth
    elevation z pointsAtX pointsAtY pointsAtZ limitingConeAngle baseFrequency numOctaves
    seed stitchTiles radius
    alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation
    color-interpolation-filters color-profile color-rendering cursor direction display
    dominant-baseline enable-background fill fill-opacity fill-rule filter flood-color
    flood-opacity font font-family font-size font-size-adjust font-stretch font-style
    font-variant font-weight glyph-orientation-horizontal glyph-orientation-vertical
    image-rendering isolation kerning letter-spacing lighting-color line-height
    marker marker-start marker-mid marker-end mask mask-type mix-blend-mode opacity overflow
    paint-order pointer-events shape-rendering solid-color solid-opacity stop-color
    stop-opacity stroke stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin
    stroke-miterlimit stroke-opacity stroke-width text-anchor text-decoration
    text-rendering transform-origin transform-box unicode-bidi vector-effect visibility
    white-space word-spacing writing-mode inline-size shape-inside shape-subtract
    shape-padding shape-margin
    """.split()  # noqa: SIM905
)

# xml:space, xml:lang, xml:id and xlink:title; not xml:base, which would move every reference.
NAMESPACED_ATTRIBUTES = frozenset({(XML, "space"), (XML, "lang"), (XML, "id"), (XLINK, "title")})

SCRIPTS = frozenset({"script", "handler", "listener"})
EMBEDDED_PAGES = frozenset({"foreignObject", "iframe", "embed", "object", "video", "audio", "canvas"})
ANIMATIONS = frozenset(
    {"animate", "animateMotion", "animateTransform", "animateColor", "set", "mpath", "discard"}
)
PICTURE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,", re.IGNORECASE)

# In any style: what loads a file or runs code, and the backslash that could spell it in disguise.
CSS_LOADER = re.compile(
    r"@import|\\|\b(?:image|image-set|src|expression)\(|-moz-binding|\bbehavior\s*:", re.IGNORECASE
)
CSS_URL = re.compile(r"\burl\(", re.IGNORECASE)
LOCAL_URL = re.compile(r"""\s*(['"]?)#[^'"\s]*\1\s*""")

NOT_STILL = "Save the drawing as PNG, or export it again as a plain SVG without scripts, links or animation."
EXPORT_AGAIN = (
    "Export it again as plain SVG (in Inkscape: Save As, 'Plain SVG' or 'Optimized SVG'), or save it as PNG."
)
EMBED = "Embed what it refers to in the drawing itself, or save the drawing as PNG."
MOST_FINDINGS = 10  # kinds of problem reported for one drawing; any more are counted in one last line


@dataclass
class Finding:
    """One kind of problem in the drawing: where it first occurs, and how often."""

    line: int
    value: str
    message: str
    fix: str
    times: int = 1


class DrawingReader(ContentHandler):
    """Notes every element, attribute, style and instruction that is not on the lists, by kind."""

    def __init__(self):
        super().__init__()
        self.findings: dict[str, Finding] = {}
        self.more = 0  # problems of kinds beyond the first MOST_FINDINGS
        self.locator = None
        self.started = False  # the first element has been read
        self.style_text: list[str] | None = None  # the text of the <style> element being read
        self.style_line = 1

    def setDocumentLocator(self, locator) -> None:
        self.locator = locator

    def line(self) -> int:
        return self.locator.getLineNumber() if self.locator else 1

    def note(self, key: str, value: str, message: str, fix: str, line: int | None = None) -> None:
        """Keep a problem of the kind `key` (a kind already seen is only counted)."""
        if key in self.findings:
            self.findings[key].times += 1
        elif len(self.findings) < MOST_FINDINGS:
            self.findings[key] = Finding(line or self.line(), shorten(value), message, fix)
        else:
            self.more += 1

    def processingInstruction(self, target: str, data: str) -> None:
        if target.casefold() == "xml-stylesheet":
            message = (
                "The drawing has an <?xml-stylesheet?> instruction, "
                "which makes a browser load and run another file."
            )
            self.note("xml-stylesheet", f"<?{target} {data}?>", message, NOT_STILL)

    def startElementNS(self, name, qname, attributes) -> None:
        namespace, element = name
        if not self.started and (namespace, element) != (SVG, "svg"):
            raise NotADrawing(self.line(), element)
        self.started = True
        self.check_element(namespace or "", element)
        for (attribute_namespace, attribute), value in attributes.items():
            self.check_attribute(namespace or "", element, attribute_namespace or "", attribute, value)
        if (namespace, element) == (SVG, "style"):
            self.style_text, self.style_line = [], self.line()

    def characters(self, content: str) -> None:
        if self.style_text is not None:
            self.style_text.append(content)

    def endElementNS(self, name, qname) -> None:
        if name == (SVG, "style") and self.style_text is not None:
            self.check_style("The <style> element", "".join(self.style_text), self.style_line)
            self.style_text = None

    def check_element(self, namespace: str, element: str) -> None:
        shown = f"<{element}>"
        if namespace in EDITOR_NAMESPACES or (namespace == SVG and element in DRAWING_ELEMENTS):
            return
        if namespace == XHTML:
            message = (
                f"The drawing holds an HTML element ({shown}), part of a web page that could run scripts."
            )
            self.note(f"html {element}", shown, message, NOT_STILL)
        elif namespace != SVG:
            where = f"the namespace {namespace}" if namespace else "no namespace"
            message = f"The drawing has an element {shown} from {where}, which is not part of an SVG drawing."
            self.note(f"foreign {namespace} {element}", shown, message, EXPORT_AGAIN)
        elif element in SCRIPTS:
            message = f"The drawing has a {shown} element: a program that would run when the file is opened."
            self.note(f"script {element}", shown, message, NOT_STILL)
        elif element in EMBEDDED_PAGES:
            message = f"The drawing embeds a web page or media ({shown}), which could run scripts."
            self.note(f"embedded {element}", shown, message, NOT_STILL)
        elif element in ANIMATIONS:
            message = (
                f"The drawing is animated ({shown}); an animation can turn a link into a script, "
                "so only still drawings are published."
            )
            self.note(f"animation {element}", shown, message, NOT_STILL)
        elif element == "a":
            message = "The drawing has a link (<a>), which could run a script when clicked."
            self.note("link", shown, message, NOT_STILL)
        else:
            message = f"The drawing uses {shown}, which is not one of the elements of a still drawing."
            self.note(f"element {element}", shown, message, EXPORT_AGAIN)

    def check_attribute(
        self, namespace: str, element: str, attribute_namespace: str, attribute: str, value: str
    ):
        shown = f"{qualified(attribute_namespace, attribute)}= on <{element}>"
        if attribute.casefold().startswith("on"):
            message = f"The drawing has an event attribute ({shown}), which runs a script."
            self.note(f"event {attribute}", f"{attribute}={value}", message, NOT_STILL)
        elif attribute == "href" and attribute_namespace in ("", XLINK):
            self.check_reference(element, attribute, value)
        elif attribute_namespace == "" and attribute in DRAWING_ATTRIBUTES:
            where = f"The {attribute}= attribute of <{element}>"
            self.check_style(where, value, self.line())  # a presentation attribute is CSS too
        elif not is_inert(namespace, attribute_namespace, attribute):
            message = f"The drawing has the attribute {shown}, which is not an attribute of a still drawing."
            key = f"attribute {attribute_namespace} {attribute}"
            self.note(key, f"{qualified(attribute_namespace, attribute)}={value}", message, EXPORT_AGAIN)

    def check_reference(self, element: str, attribute: str, value: str) -> None:
        target = value.strip()
        if target.startswith("#") or (element == "image" and PICTURE.match(target)):
            return
        message = (
            f"<{element}> refers to '{shorten(target)}', outside the drawing; "
            "a drawing may refer only to its own parts (#name)."
        )
        self.note(f"reference {element}", f"{attribute}={target}", message, EMBED)

    def check_style(self, where: str, text: str, line: int) -> None:
        loads = style_loader(text)
        if loads:
            message = f"{where} uses {loads}, which could load another file or run code."
            self.note(f"style {where}", text, message, EMBED, line)


class NotADrawing(Exception):
    """The file's first element is not <svg> (an HTML page named .svg, say)."""

    def __init__(self, line: int, element: str):
        self.line, self.element = line, element
        super().__init__(element)


class DrawingParser(DefusedExpatParser):
    """defusedxml's expat reader, which also reads past the <!DOCTYPE svg PUBLIC ... svg11.dtd>
    many programs write: the DTD it names is not fetched (no browser fetches it either).
    Every entity declaration, and every other reference to an outside file, is still refused."""

    def __init__(self):
        super().__init__(namespaceHandling=1, forbid_dtd=False, forbid_entities=True, forbid_external=True)

    def defused_external_entity_ref_handler(self, context, base, sysid, pubid):
        if context is None:  # expat asks for the DOCTYPE's external subset: skip it
            return 1
        return super().defused_external_entity_ref_handler(context, base, sysid, pubid)


def is_inert(element_namespace: str, namespace: str, name: str) -> bool:
    """Whether browsers ignore an attribute: an editor's note, any attribute of an editor's element,
    xml:space and the like (NAMESPACED_ATTRIBUTES), aria-* and data-*."""
    return (
        namespace in EDITOR_NAMESPACES
        or element_namespace in EDITOR_NAMESPACES
        or (namespace, name) in NAMESPACED_ATTRIBUTES
        or (namespace == "" and name.startswith(("aria-", "data-")))
    )


def qualified(namespace: str, name: str) -> str:
    """An attribute's name as written in the file: 'fill', 'xlink:href', 'xml:base', '{urn:x}name'."""
    return {"": "", XLINK: "xlink:", XML: "xml:"}.get(namespace, f"{{{namespace}}}") + name


def style_loader(text: str) -> str:
    """What in a piece of CSS could load a file or run code ('' when nothing), in linear time."""
    found = CSS_LOADER.search(text)
    if found:
        return "a backslash escape" if found.group() == "\\" else f"'{found.group().strip()}'"
    position = 0
    while True:
        url = CSS_URL.search(text, position)
        if not url:
            return ""
        end = text.find(")", url.end())
        if end < 0 or not LOCAL_URL.fullmatch(text, url.end(), end):
            return f"'{shorten(text[url.start() : end + 1 if end >= 0 else len(text)])}'"
        position = end + 1


def shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_drawing(data: bytes, path: str) -> list[Problem]:
    """Every kind of thing in the SVG `data` (the file `path`, relative to the project) that is not
    on the lists of a still drawing, each at the line where it first occurs."""
    reader = DrawingReader()
    parser = DrawingParser()
    parser.setContentHandler(reader)
    try:
        parser.parse(io.BytesIO(data))
    except NotADrawing as root:
        message = f"This file is not an SVG drawing: its first element is <{root.element}>, not <svg>."
        fix = "If it is a web page, put its text in a post or page; if it is a picture, save it as PNG."
        return [Problem(path, root.line, "File", f"<{root.element}>", message, fix)]
    except DefusedXmlException as refused:
        message = (
            "The drawing declares entities or refers to another file in its <!DOCTYPE> "
            f"({type(refused).__name__}), which could make it huge or read other files."
        )
        reader.findings["entities"] = Finding(reader.line(), shorten(str(refused)), message, EXPORT_AGAIN)
    except SAXParseException as broken:
        message = f"The drawing is not well-formed XML: {broken.getMessage()}."
        reader.findings["xml"] = Finding(broken.getLineNumber(), "", message, EXPORT_AGAIN)
    problems = [as_problem(finding, path) for finding in reader.findings.values()]
    if reader.more:
        message = f"The drawing has {reader.more} more things that are not allowed in a still drawing."
        problems.append(Problem(path, 1, "File", "", message, EXPORT_AGAIN))
    return problems


def as_problem(finding: Finding, path: str) -> Problem:
    message = finding.message
    if finding.times > 1:
        message += f" It occurs {finding.times} times; this is the first."
    return Problem(path, max(1, finding.line), "File", finding.value, message, finding.fix)
