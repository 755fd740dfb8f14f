"""What one saved page of the old site says: its title, date, category label, authors, tags and text.

`read_saved_page` is a pure function of the page's HTML. It finds the parts an
old article shows by what they are (a heading that repeats the page's <title>, a
date in one of the forms people write, an element marked or labelled as the
author, the "Tags assigned to this article:" list), not by one template's class
names, and takes them out; it takes out the old site's furniture (navigation,
banners, cookie notices, comment forms, side boxes such as "Related Articles"
and "Next Upcoming Event"); what is left, in the element that holds nearly all
of it, is the text. That text is then kept by allowlist (markup.py).
"""

from __future__ import annotations

import codecs
import datetime
import hashlib
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup, Comment, Tag, UnicodeDammit
from dateutil import parser as date_parser

from .markup import clean_text, remove_where

MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|\s+\d{1,2}\s*[ap]\.?m\.?)?"
DATE_PATTERNS = [
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}{TIME}",
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}{TIME}",
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?",
    rf"\d{{1,2}}/\d{{1,2}}/\d{{4}}{TIME}",
]
DATE_RE = re.compile("|".join(f"(?:{pattern})" for pattern in DATE_PATTERNS), re.IGNORECASE)
DATE_LABEL_RE = re.compile(r"^\s*(?:posted|published|date|dated|on)\s*:?\s*$", re.IGNORECASE)

# Class and id words that mark an element's role (matched as whole words of a class or id).
DATE_WORDS = {"date", "pubdate", "published", "posted", "timestamp", "time", "dateline"}
AUTHOR_WORDS = {"author", "authors", "byline", "writer", "vcard"}
CATEGORY_WORDS = {"category", "categories", "cat", "section", "subject", "channel"}
BODY_WORDS = {"article-body", "entry-content", "post-content", "article-content", "body-text", "story-body"}
FURNITURE_WORDS = {
    "cookie", "cookies", "consent", "gdpr", "outdated", "chromeframe", "browser", "unsupported",
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "header", "masthead",
    "footer", "sidebar", "side", "aside", "related", "upcoming", "share", "sharing", "social",
    "comment", "comments", "respond", "newsletter", "signup", "subscribe", "skip", "widget",
    "advert", "advertisement", "banner", "search", "pagination", "pager", "print",
}  # fmt: skip
# Headings of the old site's boxes: a box with one of these headings is furniture, not text.
FURNITURE_HEADINGS = re.compile(
    r"^\s*(related articles?|related content|related|next upcoming events?|upcoming events?|"
    r"leave a (comment|reply)|comments?|post a comment|share this( article| page)?|"
    r"you might also like|latest news|most read|popular articles)\s*:?\s*$",
    re.IGNORECASE,
)
TAGS_LABEL = re.compile(
    r"^\s*(tags assigned to this article|tags|tagged|tagged with|keywords)\s*:?", re.IGNORECASE
)
# A line holding nothing but the words and separators around a date, author or category.
META_WORDS_ONLY = re.compile(
    r"[\s|·•/,:;–—-]*(posted|published|date|by|in|on|category|filed under)?[\s|·•/,:;–—-]*", re.IGNORECASE
)
DETAIL_LINE = re.compile(
    r"^(venue|location|where|start|starts|end|ends|when|date|time)\s*:\s*(.{1,200})$", re.IGNORECASE
)
AUTHOR_PREFIX = re.compile(r"^\s*(written by|posted by|author\s*:|authors\s*:|by)\s+", re.IGNORECASE)
# Short notices that are the old site's furniture whatever their markup.
NOTICE = re.compile(
    r"(we use cookies|this (web)?site uses cookies|accept (all )?cookies|cookie (policy|settings)|"
    r"browser is (not supported|out of date|outdated)|outdated browser|upgrade your browser|"
    r"update your browser|enable javascript)",
    re.IGNORECASE,
)
# Left out whatever they hold. Scripts, styles and embeds stay until the text is cleaned
# (markup.py), which counts those inside the text for the report.
FURNITURE_TAGS = ("nav", "header", "footer", "aside", "form", "button", "input", "select", "textarea",
                  "label", "link", "meta", "head")  # fmt: skip
NOT_TEXT = ("script", "style", "noscript", "template")
# Real pages, layout tables and all, nest a few dozen elements deep; past this a page is refused
# before the reading steps, some of which look at each element's whole content.
MAX_HTML_DEPTH = 256
NOTICE_BLOCKS = ("div", "p", "section", "span", "aside")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = ("p", "div", "section", "li", "td", "th", "dd", "dt", "span", "small", "em", "strong", "time", "a")


class NotAnArticle(ValueError):
    """The saved page cannot be imported, and why (a sentence)."""


@dataclass
class SavedPage:
    """What a saved page shows, with the text as clean HTML (still with the old addresses)."""

    title: str
    date: datetime.datetime | None  # naive: the old site's wall-clock time (UK)
    category_label: str  # as the page shows it; "" for none
    authors: list[str]
    tags: list[str]
    text_html: str  # the text, markup kept by allowlist
    removed: list[str] = field(default_factory=list)  # markup of the text that was left out, in words
    details: dict[str, str] = field(default_factory=dict)  # labelled lines ("Venue": "Leeds"), for events
    canonical: str = ""  # the page's own address, when it names one
    # A digest of the page's words once the furniture is gone, an event's details included: the
    # same for two copies of a page, whichever section each was saved under.
    words_digest: str = ""


def html_text(data: bytes) -> str:
    """A saved page's text. UTF-8 when it is (most are); else the encoding the page declares, as
    Beautiful Soup's UnicodeDammit finds it, with ISO-8859-1 and ASCII read as Windows-1252 as
    browsers do (old CMS pages often say ISO-8859-1 and hold Windows' curly quotes)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    dammit = UnicodeDammit(data, is_html=True)
    encoding = codecs.lookup(dammit.original_encoding or "cp1252").name
    if encoding in ("latin-1", "iso8859-1", "ascii", "cp1252") or dammit.unicode_markup is None:
        return data.decode("cp1252", errors="replace")
    return dammit.unicode_markup


def read_saved_page(
    html: str, known_categories: frozenset[str] = frozenset(), event: bool = False
) -> SavedPage:
    """The parts of one saved page. `known_categories` are labels (folded) the site maps to a category,
    which helps find an unmarked category label next to the date; an `event`'s labelled lines
    (Venue: ..., Start: ...) are read as its details. Raises NotAnArticle."""
    soup = BeautifulSoup(html, "html.parser")
    if soup.find(True) is None:
        raise NotAnArticle("it holds no HTML elements")
    if nested_deeper_than(soup, MAX_HTML_DEPTH):
        raise NotAnArticle(f"its HTML is nested more than {MAX_HTML_DEPTH} elements deep")
    canonical = canonical_address(soup)
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    title_text = title_from(page_title, soup)
    remove_comments(soup)
    body = soup.body or soup
    heading = title_heading(body, page_title)
    remove_furniture(soup, keep=heading)
    title = squeeze(heading.get_text(" ", strip=True)) if heading else title_text
    if not title:
        raise NotAnArticle("it has no title (no <h1> and no <title>)")
    words_digest = hashlib.sha256(" ".join(body.get_text(" ").split()).encode("utf-8")).hexdigest()
    details = labelled_details(body) if event else {}
    date = find_date(body, heading)
    category = find_category(body, heading, known_categories)
    authors = find_authors(body, heading) or meta_authors(soup)
    tags = find_tags(body)
    if heading is not None:
        heading.decompose()
    drop_empty_leftovers(body)
    container = text_container(body)
    text_html, removed = clean_text(container)
    return SavedPage(
        title, date, category, authors, tags, text_html, removed, details, canonical, words_digest
    )


# -- furniture --------------------------------------------------------------------


def remove_comments(soup: BeautifulSoup) -> None:
    """HTML comments, conditional comments for old browsers included."""
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()


def role_words(element: Tag) -> set[str]:
    """The words of an element's class and id ('article-date main' -> article-date, article, date, main)."""
    names = [*element.get("class", []), element.get("id", "") or "", element.get("role", "") or ""]
    words: set[str] = set()
    for name in names:
        folded = str(name).casefold()
        words.add(folded)
        words.update(part for part in re.split(r"[-_\s]+", folded) if part)
    return words


def nested_deeper_than(soup: BeautifulSoup, limit: int) -> bool:
    """Whether any element lies more than `limit` elements deep (without recursion)."""
    level = [soup]
    for _ in range(limit + 1):
        level = [child for element in level for child in element.find_all(True, recursive=False)]
        if not level:
            return False
    return True


def remove_furniture(soup: BeautifulSoup, keep: Tag | None) -> None:
    """Everything that is the site's, not the article's; never the title `keep` or what holds it."""
    holding_title = {id(parent) for parent in keep.parents} | {id(keep)} if keep is not None else set()
    remove_where(soup, lambda element: element.name in FURNITURE_TAGS and id(element) not in holding_title)
    remove_where(soup, lambda element: id(element) not in holding_title and is_furniture(element))


def is_furniture(element: Tag) -> bool:
    if element.name in ("html", "body"):
        return False
    words = role_words(element)
    if words & FURNITURE_WORDS and not words & (BODY_WORDS | {"content", "main", "article"}):
        return True
    return is_notice(element) or is_furniture_box(element)


def is_notice(element: Tag) -> bool:
    """A short block that is a cookie notice or an old-browser banner: the innermost block saying so
    (what holds it may hold the text too)."""
    if element.name not in NOTICE_BLOCKS:
        return False
    text = element.get_text(" ", strip=True)
    if len(text) >= 300 or not NOTICE.search(text):
        return False
    return not any(
        NOTICE.search(inner.get_text(" ", strip=True)) for inner in element.find_all(NOTICE_BLOCKS)
    )


def is_furniture_box(element: Tag) -> bool:
    """A box whose first heading (or first short line) says it is furniture: 'Related Articles'."""
    if element.name not in ("div", "section", "aside", "ul", "table", "td"):
        return False
    first = element.find(True)
    if first is None or first.name not in (*HEADINGS, "p", "strong", "b", "span"):
        return False
    return bool(FURNITURE_HEADINGS.match(first.get_text(" ", strip=True)))


# -- the parts of an article -------------------------------------------------------


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def canonical_address(soup: BeautifulSoup) -> str:
    link = soup.find("link", rel="canonical") or soup.find("meta", property="og:url")
    if link is None:
        return ""
    return str(link.get("href") or link.get("content") or "").strip()


def title_heading(body: Tag, page_title: str) -> Tag | None:
    """The heading that shows the article's title: one whose text begins the <title>, else the first h1."""
    folded_title = squeeze(page_title).casefold()
    headings = body.find_all(HEADINGS)
    for heading in headings:
        text = squeeze(heading.get_text(" ", strip=True)).casefold()
        if text and folded_title.startswith(text) and len(text) > 3:
            return heading
    return next(
        (heading for heading in headings if heading.name == "h1" and heading.get_text(strip=True)), None
    )


def title_from(page_title: str, soup: BeautifulSoup) -> str:
    """The <title> without the site's name after the last separator, or og:title."""
    meta = soup.find("meta", property="og:title")
    if meta and meta.get("content"):
        return squeeze(str(meta["content"]))
    parts = re.split(r"\s+[|–—-]\s+", squeeze(page_title))
    return parts[0] if parts else ""


def following_texts(start: Tag | None, body: Tag, limit: int = 400):
    """The text strings after `start` (or from the top of `body`) in document order, up to `limit`
    characters."""
    strings = start.find_all_next(string=True) if start is not None else body.find_all(string=True)
    seen = 0
    for string in strings:
        text = str(string)
        if not text.strip() or (string.parent is not None and string.parent.name in NOT_TEXT):
            continue
        yield string
        seen += len(text.strip())
        if seen > limit:
            return


def parse_date(text: str) -> datetime.datetime | None:
    """A date written as people write them (day first, as in the UK), or None. A date with an
    offset (from a <time datetime>) becomes UK wall-clock time."""
    match = DATE_RE.search(text)
    if not match:
        return None
    written = match.group(0)
    try:
        if re.match(r"\d{4}-", written):  # ISO 8601: dateutil's day-first would swap its month and day
            moment = datetime.datetime.fromisoformat(written)
        else:
            moment = date_parser.parse(re.sub(r"\s+at\s+", " ", written), dayfirst=True, fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo("Europe/London")).replace(tzinfo=None)
    return moment


def find_date(body: Tag, heading: Tag | None) -> datetime.datetime | None:
    """The article's date: a <time>, an element marked as the date, or a date written just after
    the title. A marked date that cannot be read stops the import of the page (NotAnArticle)."""
    for time in body.find_all("time"):
        moment = parse_date(str(time.get("datetime") or "")) or parse_date(time.get_text(" ", strip=True))
        if moment:
            remove_meta(time)
            return moment
    for element in body.find_all(True):
        if role_words(element) & DATE_WORDS and len(element.get_text(strip=True)) < 80:
            text = element.get_text(" ", strip=True)
            if not text:
                continue
            moment = parse_date(text)
            if moment is None:
                raise NotAnArticle(f"its date '{squeeze(text)}' cannot be read")
            remove_meta(element)
            return moment
    for string in following_texts(heading, body):
        moment = parse_date(str(string))
        if moment:
            parent = string.parent
            label = DATE_RE.sub("", str(string))
            string.replace_with(label if not DATE_LABEL_RE.match(label) and label.strip() else "")
            drop_label_before(parent)
            return moment
    return None


def drop_label_before(element: Tag) -> None:
    """Empty a short element left holding only a label such as 'Posted:'."""
    text = element.get_text(" ", strip=True) if element else ""
    if element is not None and DATE_LABEL_RE.match(text or "x:") and not element.find("img"):
        element.decompose()


def remove_meta(element: Tag) -> None:
    """Take out a part already read (a date, an author), and its wrapper if nothing else is left in it."""
    parent = element.parent
    element.decompose()
    if parent is not None and parent.name not in ("body", "html") and is_leftover(parent):
        remove_meta(parent)


def is_leftover(element: Tag) -> bool:
    """An element with nothing left in it but separators, labels and spaces."""
    if element.find(["img", "table", "ul", "ol"]):
        return False
    text = element.get_text(" ", strip=True)
    return META_WORDS_ONLY.fullmatch(text) is not None


def find_category(body: Tag, heading: Tag | None, known: frozenset[str]) -> str:
    """The category label: an element marked as one, a link labelled 'Category:', or a known label
    written close after the title."""
    for element in body.find_all(True):
        if role_words(element) & CATEGORY_WORDS and len(element.get_text(strip=True)) < 60:
            text = squeeze(element.get_text(" ", strip=True))
            text = re.sub(r"^(category|filed under|in)\s*:?\s*", "", text, flags=re.IGNORECASE)
            if text:
                remove_meta(element)
                return text
    for string in following_texts(heading, body, limit=300):
        text = squeeze(str(string))
        labelled = re.match(r"^(category|filed under)\s*:\s*(.+)$", text, re.IGNORECASE)
        if labelled:
            string.replace_with("")
            return labelled.group(2)
        if text.casefold() in known and string.parent is not None and string.parent.name in BLOCKS:
            if len(string.parent.get_text(strip=True)) == len(text):
                remove_meta(string.parent)
            else:
                string.replace_with("")
            return text
    return ""


def split_names(text: str) -> list[str]:
    parts = re.split(r",|\s+and\s+|\s*&\s*", squeeze(text))
    return [part.strip() for part in parts if part.strip()]


def find_authors(body: Tag, heading: Tag | None) -> list[str]:
    for element in body.find_all(True):
        marked = role_words(element) & AUTHOR_WORDS or element.get("rel") == ["author"]
        marked = marked or element.get("itemprop") == "author"
        if marked and len(element.get_text(strip=True)) < 120:
            names = split_names(AUTHOR_PREFIX.sub("", element.get_text(" ", strip=True)))
            if names:
                remove_meta(element)
                return names
    for string in following_texts(heading, body, limit=400):
        text = squeeze(str(string))
        if AUTHOR_PREFIX.match(text) or (
            text.casefold() in ("by", "written by", "author:") and string.parent
        ):
            element = string.parent
            line = squeeze(element.get_text(" ", strip=True))
            if len(line) < 120 and AUTHOR_PREFIX.match(line):
                names = split_names(AUTHOR_PREFIX.sub("", line))
                if names:
                    remove_meta(element)
                    return names
    return []


def meta_authors(soup: BeautifulSoup) -> list[str]:
    meta = soup.find("meta", attrs={"name": "author"})
    return split_names(str(meta.get("content", ""))) if meta else []


def find_tags(body: Tag) -> list[str]:
    """The 'Tags assigned to this article:' list: its links, or the words after the label."""
    for string in body.find_all(string=TAGS_LABEL):
        label = string.parent
        if label is None or len(label.get_text(strip=True)) > 300:
            continue
        box = label.parent if label.name in (*HEADINGS, "strong", "b", "span", "dt", "em") else label
        links = box.find_all("a")
        following = label.find_next_sibling(True)
        if not links and following is not None and following.find("a"):
            links = following.find_all("a")  # the label, then a list of tags
        names = [squeeze(link.get_text(" ", strip=True)) for link in links]
        if not names:
            rest = TAGS_LABEL.sub("", squeeze(box.get_text(" ", strip=True)))
            names = [name.strip() for name in re.split(r"[,;]", rest)]
        if links and following is not None and links[0] in following.descendants:
            following.decompose()
        (box if box.name not in ("body", "td") else label).decompose()
        return [name for name in names if name]
    return []


def labelled_details(body: Tag) -> dict[str, str]:
    """Short 'Label: value' lines (Venue, Location, Start, End, When, Time): an event's details.
    Each line read is taken out of the text."""
    details = {}

    def is_detail(element: Tag) -> bool:
        if element.name not in ("p", "li", "dd", "div", "tr") or element.find(["p", "li", "div"]):
            return False
        match = DETAIL_LINE.match(squeeze(element.get_text(" ", strip=True)))
        if match:
            details[match.group(1).casefold()] = match.group(2)
        return match is not None

    remove_where(body, is_detail)
    return details


def drop_empty_leftovers(body: Tag) -> None:
    remove_where(
        body,
        lambda element: (
            element.name in ("p", "div", "span", "small")
            and is_leftover(element)
            and not element.get_text(strip=True)
        ),
    )


def text_container(body: Tag) -> Tag:
    """The element that holds the text: one marked as such, an <article> or <main>, else the
    smallest element holding nearly all the text left once the furniture is gone."""
    for element in body.find_all(True):
        if role_words(element) & BODY_WORDS or element.get("itemprop") == "articleBody":
            return element
    container = body
    while True:
        total = text_length(container)
        children = [
            child for child in container.find_all(True, recursive=False) if child.name not in NOT_TEXT
        ]
        if not total or not children:
            return whole_table(container)
        length, biggest = max(((text_length(child), child) for child in children), key=lambda pair: pair[0])
        if length < 0.85 * total or biggest.name in ("p", "ul", "ol", "blockquote"):
            return whole_table(container)
        container = biggest  # a layout table's one big cell too


def whole_table(container: Tag) -> Tag:
    """Not a part of a table (its rows are not text on their own): what holds the whole table."""
    if container.name in ("table", "thead", "tbody", "tfoot", "tr"):
        table = container if container.name == "table" else container.find_parent("table")
        return table.parent or table
    return container


def text_length(element: Tag) -> int:
    """How much text an element shows (scripts and styles are not text)."""
    return sum(
        len(string.strip()) for string in element.find_all(string=True) if string.parent.name not in NOT_TEXT
    )
