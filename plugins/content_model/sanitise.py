"""The one sanitiser: every text's HTML passes it before it reaches a page, a feed, JSON-LD or search.

Markdown lets a writer put raw HTML in a post, and a post comes from a pull request
that may be careless or hostile. What may reach readers is decided here, by
allowlist, and nowhere else:

- `Sanitiser.clean` keeps only the elements, attributes and address schemes below,
  with nh3 (the Python binding of ammonia, on html5ever: an HTML parser that follows
  the HTML standard, so it sees the markup as browsers see it). Its output is a
  balanced fragment that a browser parses back into the same tree.
- `Sanitiser.findings` says what the writer would miss, so the build can refuse the
  file with a line and a fix instead of silently dropping it: scripts, style sheets,
  embeds, forms, drawings, document-level tags, event handlers, and addresses with a
  scheme the site does not link to. It reads the text with lexbor, another parser
  that follows the same standard, and parses the text as a whole page would (so
  `<body onload=...>` is seen adding a handler to the page's own body).

What is removed without a finding is what a reader never sees: comments, unknown
or layout-only tags (their text is kept), and attributes that are not allowed but
change nothing a reader sees or that the site's Content-Security-Policy blocks anyway
(`style`, `data-*`, `target`...).

No Pelican here: hooks.py applies it to every content object as it is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from selectolax.lexbor import LexborHTMLParser

# --- What a text may carry -----------------------------------------------------------

ELEMENTS = frozenset(
    """a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em
    figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q rp rt ruby s samp small
    span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr""".split()
)
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
ATTRIBUTES = {
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "time": {"datetime"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
}
# Embedded pages, only from the hosts in IFRAME_HOSTS (and only over https).
IFRAME_ATTRIBUTES = {
    "src",
    "title",
    "width",
    "height",
    "allow",
    "allowfullscreen",
    "loading",
    "referrerpolicy",
}
# The schemes of links and images (besides addresses on this site). Ammonia checks them in href and
# src; no other attribute that holds an address is allowed (it does not check cite, say).
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "poster", "data", "xlink:href"})

# --- What a writer would miss, and what to tell them ------------------------------------
# Elements the sanitiser removes with their content; each gets a finding.
SCRIPT = ("script",)
STYLE = ("style",)
EMBEDS = ("iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe")
FORMS = ("form", "input", "button", "select", "textarea", "option", "optgroup", "datalist", "output",
         "fieldset", "legend", "label", "keygen", "selectedcontent")  # fmt: skip
MEDIA = ("svg", "math", "video", "audio", "source", "track", "picture", "canvas", "map", "area")
DOCUMENT = ("meta", "link", "base", "title", "template", "slot", "noscript", "noembed", "noframes", "xmp",
            "plaintext", "dialog", "search")  # fmt: skip
REMOVED_WITH_CONTENT = frozenset(SCRIPT + STYLE + EMBEDS + FORMS + MEDIA + DOCUMENT)
# Parsed into every page (whole-page parsing), never a writer's element of their own.
PAGE_ELEMENTS = frozenset({"html", "head", "body"})
MAX_FINDINGS = 20  # per text: the rest are counted in one more finding


@dataclass(frozen=True)
class Finding:
    """Something in a text that the sanitiser would take away and its writer would miss.

    `places` are regular expressions that find where it is written in the Markdown,
    best first (the problem's line is that of the first one found).
    """

    value: str  # what the problem shows as the field's value
    message: str
    fix: str
    places: tuple[str, ...] = ()


class Sanitiser:
    """The allowlist above, with iframes from `iframe_hosts` (a host allows its subdomains)."""

    def __init__(self, iframe_hosts: tuple[str, ...] = ()):
        self.iframe_hosts = tuple(host.lower().rstrip(".") for host in iframe_hosts)
        attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
        attributes["*"] = set(GLOBAL_ATTRIBUTES)
        tags = set(ELEMENTS)
        removed = set(REMOVED_WITH_CONTENT)
        options = {}
        if self.iframe_hosts:
            tags.add("iframe")
            removed.discard("iframe")
            attributes["iframe"] = set(IFRAME_ATTRIBUTES)
            options["attribute_filter"] = self._iframe_source_only_from_allowed_hosts
        self._cleaner = nh3.Cleaner(
            tags=tags,
            clean_content_tags=removed,
            attributes=attributes,
            url_schemes=set(SCHEMES),
            link_rel=None,  # links are left as written (no rel added)
            strip_comments=True,
            **options,
        )
        self._text_only = nh3.Cleaner(tags=set(), clean_content_tags=set(REMOVED_WITH_CONTENT), attributes={})
        self._loses_text: dict[str, bool] = {}

    # -- what reaches readers -------------------------------------------------------

    def clean(self, html: str) -> str:
        """`html` with only what the allowlist allows: what a page, feed or index may show."""
        return self._cleaner.clean(html) if html else html

    def clean_text(self, html: str) -> str:
        """A title's HTML (escaped text and typography's entities), with no element at all."""
        return self._text_only.clean(html) if html else html

    def _iframe_source_only_from_allowed_hosts(self, element: str, attribute: str, value: str):
        if element == "iframe" and attribute == "src" and not self.iframe_allowed(value):
            return None
        return value

    def _loses_its_text(self, tag: str) -> bool:
        """Whether `clean` drops the text inside an element it does not allow, rather than keeping it.

        Ammonia drops the text of elements it knows as drawing or formula elements
        (<text>, <path>, <mi>...) even outside <svg> and <math>; asked once per name.
        """
        if tag not in self._loses_text:
            self._loses_text[tag] = "text" not in self._cleaner.clean(f"<{tag}>text</{tag}>")
        return self._loses_text[tag]

    def iframe_allowed(self, source: str) -> bool:
        parts = urlsplit(source.strip())
        host = (parts.hostname or "").rstrip(".")
        return parts.scheme == "https" and bool(host) and host_allowed(host, self.iframe_hosts)

    # -- what the writer is told ------------------------------------------------------

    def findings(self, html: str) -> list[Finding]:
        """What `clean` would remove from `html` that a writer would miss, in document order."""
        if not html:
            return []
        found: list[Finding] = []
        removed: set[int] = set()  # elements removed whole: what is inside them goes without a word
        for node in LexborHTMLParser(html).root.traverse(include_text=False):
            if not node.is_element_node:
                continue  # text, comments (a processing instruction is one too), the document
            tag = node.tag
            parent = node.parent
            if parent is not None and parent.mem_id in removed:
                removed.add(node.mem_id)
                continue
            findings = self._element_findings(tag, node.attributes)
            if findings and tag in REMOVED_WITH_CONTENT:
                removed.add(node.mem_id)
            found += findings
        if len(found) > MAX_FINDINGS:
            more = len(found) - MAX_FINDINGS
            found = found[:MAX_FINDINGS] + [
                Finding(
                    "",
                    f"This text has {more:,} more places like these.",
                    "Fix the ones listed, then build again to see the rest.",
                )
            ]
        return found

    def _element_findings(self, tag: str, attributes) -> list[Finding]:
        found = []
        element = element_finding(tag, self.iframe_hosts)
        if element:
            found.append(element)
        elif tag not in ELEMENTS and tag not in PAGE_ELEMENTS and self._loses_its_text(tag):
            found.append(lost_text_finding(tag))
        if tag == "iframe" and self.iframe_hosts and not self.iframe_allowed(attributes.get("src") or ""):
            found.append(iframe_finding(attributes.get("src") or "", self.iframe_hosts))
        for name, value in attributes.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(handler_finding(tag, name))
            elif name in URL_ATTRIBUTES and value and tag not in REMOVED_WITH_CONTENT:
                scheme = scheme_of(value)
                if scheme and scheme not in SCHEMES:
                    found.append(address_finding(name, value, scheme))
        return found


@lru_cache(maxsize=8)
def sanitiser_for(iframe_hosts: tuple[str, ...]) -> Sanitiser:
    """One sanitiser per IFRAME_HOSTS value, made once (its cleaners are reused for every text)."""
    return Sanitiser(iframe_hosts)


def host_allowed(host: str, allowed) -> bool:
    host = host.lower().rstrip(".")
    return any(host == entry.lower() or host.endswith("." + entry.lower()) for entry in allowed)


SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def scheme_of(address: str) -> str:
    """The scheme of an address as a browser reads it (lower case), or '' for one on this site.

    The URL standard's parser first strips control characters and spaces from both ends, and
    removes every tab and newline (so "java&#9;script:" is javascript:); a space inside is kept.
    """
    cleaned = address.strip("".join(map(chr, range(0x21)))).translate(TAB_AND_NEWLINE)
    match = SCHEME.match(cleaned)
    return match[1].lower() if match else ""


TAB_AND_NEWLINE = str.maketrans("", "", "\t\n\r")


# --- The findings, in words a comms officer understands ----------------------------------


def element_finding(tag: str, iframe_hosts: tuple[str, ...]) -> Finding | None:
    name = tag.lower()
    opening = [rf"<{re.escape(name)}\b"]
    if name in SCRIPT:
        return Finding(
            "<script>",
            "A <script> element is not allowed in a post: the site runs only its own scripts.",
            "Remove the <script> element; to share a video, map or form, link to it instead.",
            tuple(opening),
        )
    if name in STYLE:
        return Finding(
            "<style>",
            "A <style> element is not allowed in a post: the site's style sheet decides how every page looks.",
            "Remove it, and use Markdown for headings, lists, emphasis and tables.",
            tuple(opening),
        )
    if name == "iframe" and iframe_hosts:
        return None  # judged by its address (iframe_finding)
    if name in EMBEDS:
        hosts = ", ".join(iframe_hosts) if iframe_hosts else "none"
        return Finding(
            f"<{name}>",
            f"An embedded <{name}> is not allowed here (IFRAME_HOSTS in pelicanconf.py allows iframes "
            f"from: {hosts}).",
            "Link to the video or document instead, or ask a maintainer to add its host to IFRAME_HOSTS.",
            tuple(opening),
        )
    if name in FORMS:
        return Finding(
            f"<{name}>",
            f"A form element (<{name}>) is not allowed in a post: the site collects nothing from readers.",
            "Link to the form on the service that collects the answers (for example a survey site) instead.",
            tuple(opening),
        )
    if name in MEDIA:
        what = "drawing" if name in ("svg", "math", "canvas") else "media element"
        return Finding(
            f"<{name}>",
            f"An inline {what} (<{name}>) is not allowed in a post's text.",
            "Save it as a file (an image under content/images/, a recording on a video site) and show "
            "or link to it: ![Description](/images/name.png) or [Watch the recording](https://...).",
            tuple(opening),
        )
    if name in DOCUMENT:
        return Finding(
            f"<{name}>",
            f"A <{name}> element is not allowed in a post: it belongs to the page, which the site writes itself "
            "(a <meta> or <base> could send readers elsewhere or change every link).",
            f"Remove the <{name}> element.",
            tuple(opening),
        )
    return None


def lost_text_finding(tag: str) -> Finding:
    return Finding(
        f"<{tag}>",
        f"<{tag}> is not an element the site shows, and the text inside it would be lost.",
        f"To show the characters <{tag}>, write them as `<{tag}>` (in backticks) or &lt;{tag}&gt;; "
        "otherwise remove the tags and keep the text.",
        (rf"<{re.escape(tag)}\b",),
    )


def handler_finding(tag: str, name: str) -> Finding:
    return Finding(
        f"{name}=",
        f"The inline event handler '{name}' on <{tag}> is not allowed: it runs script.",
        f'Remove the {name}="..." attribute.',
        (rf"\b{re.escape(name)}\s*=",),
    )


def iframe_finding(source: str, iframe_hosts: tuple[str, ...]) -> Finding:
    parts = urlsplit(source.strip())
    where = f"from {parts.hostname}" if parts.hostname else "without an https address on an allowed host"
    if parts.hostname and parts.scheme != "https":
        where = f"from {parts.hostname} over {parts.scheme or 'an address without https'}"
    return Finding(
        source.strip() or "<iframe>",
        f"An iframe {where} is not allowed (IFRAME_HOSTS in pelicanconf.py allows: {', '.join(iframe_hosts)}).",
        "Link to the video or document instead, or ask a maintainer to add its host to IFRAME_HOSTS.",
        (re.escape(source.strip()), r"<iframe\b") if source.strip() else (r"<iframe\b",),
    )


def address_finding(attribute: str, value: str, scheme: str) -> Finding:
    places = (re.escape(value.strip()), r"[\s/(]*".join(re.escape(letter) for letter in scheme) + r"\s*:")
    if scheme in ("javascript", "vbscript"):
        return Finding(
            value.strip(),
            f"A '{scheme}:' address is not allowed: it runs script.",
            "Link to a page instead, e.g. https://... or /blog/<slug>/.",
            places,
        )
    if scheme == "data":
        return Finding(
            value.strip()[:60],
            "A 'data:' address is not allowed: the site shows only its own files.",
            "Put the image or document under content/images/ or content/files/ and use its address.",
            places,
        )
    allowed = ", ".join(sorted(SCHEMES))
    return Finding(
        value.strip(),
        f"The address '{value.strip()}' ({attribute}) starts with '{scheme}:', which the site does not link to "
        f"(allowed: {allowed}, or an address on this site).",
        "Use an https:// address, or a mailto: address for email.",
        places,
    )
