"""A saved archive of the old CMS at scale, for the import step of `invoke bench` (issue 18).

`write_archive(root, pages)` saves `pages` pages as a crawler leaves the old
site, through tests/old_cms.py (the same pages the import's tests read), in a
realistic mix: blog-style articles across the old sections, "NW Region
February 2016 Update" regional updates, events, publications linking a PDF,
plain pages, paged listings and the home page, with images and PDFs saved
beside them, both layouts and all three save styles, links between articles,
and a few bad pages (no title, binary, a duplicate).

The text comes from the real talks corpus (`talks`: a folder of its Markdown
files, as bench/corpora.py unpacks it), so pages have real lengths, names and
punctuation; without it, from generated sentences. The same `pages` and
`seed` write the same bytes.
"""

from __future__ import annotations

import calendar
import datetime
import html
import random
import re
import struct
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.old_cms import CLASSIC, OLD_HOST, PDF, PLAIN, OldArchive, OldArticle, OldPage, article_page, frame

SEED = 18
ARTICLE_SECTIONS = ("blog", "leadership", "workforce", "education", "inspection", "general-subject")
SECTION_WEIGHTS = (40, 12, 10, 14, 10, 14)
# The old site's labels in each section; a label the settings do not map ("Miscellany") and no
# label at all happen too, as on the real site.
LABELS = {
    "blog": ("General Subject", "Leadership", "Education", "SEND", "Miscellany", ""),
    "leadership": ("Leadership", "Leadership", ""),
    "workforce": ("Workforce", "Workforce", "Leadership"),
    "education": ("Education", "SEND", ""),
    "inspection": ("Inspection", "Inspection and Improvement", "Improvement"),
    "general-subject": ("General Subject", "General", ""),
}
REGIONS = ("NW", "NE", "SE", "SW", "L", "EM", "WM", "YH", "EE")
PUBLICATION_WORDS = ("report", "briefing", "policy paper", "consultation response", "chapter", "")
PLAIN_PAGE_NAMES = (
    "about", "contact", "working-with-us", "membership", "privacy", "cookies", "accessibility",
    "our-history", "governance", "annual-reports", "join", "press", "vacancies", "sponsors",
)  # fmt: skip
VENUES = ("Leeds Civic Hall", "Manchester Central", "The Studio, Birmingham", "Friends House, London",
          "Bristol Marriott", "Newcastle Civic Centre", "York Racecourse", "Online (Teams)")  # fmt: skip
DOMAIN_TAGS = ("Ofsted", "SEND", "peer challenge", "workforce", "funding", "care leavers", "kinship care",
               "inclusion", "youth justice", "high needs")  # fmt: skip
STYLES = ("folder",) * 7 + ("html",) * 2 + ("bare",)  # most crawls save folders; wget -E saves .html
DATES = (datetime.datetime(2010, 1, 4), datetime.datetime(2024, 11, 29))


@dataclass(frozen=True)
class Talk:
    """One record of the talks corpus: the words an article is made of."""

    title: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    blocks: tuple[str, ...]  # the description's paragraphs, as written (reStructuredText-like)


@dataclass
class Planned:
    """One article of the archive, before its text is written."""

    kind: str  # article, update, event, publication
    section: str
    slug: str
    title: str
    date: datetime.datetime
    talks: list[Talk]
    style: str
    layout: str
    label: str = ""
    author: str = ""
    tags: tuple[str, ...] = ()

    @property
    def address(self) -> str:
        return f"/{self.section}/article/{self.slug}"


@dataclass
class Written:
    """What was written, by kind, for the bench's table and the test."""

    counts: Counter = field(default_factory=Counter)
    styles: Counter = field(default_factory=Counter)
    layouts: Counter = field(default_factory=Counter)
    pages: int = 0  # saved HTML pages, bad ones included
    files: int = 0  # images and documents
    bytes: int = 0


# -- the text ----------------------------------------------------------------------------


def load_talks(folder: Path | None) -> list[Talk]:
    """Every talk under `folder` (its *.md files, by path); [] when there is no such folder."""
    if folder is None or not folder.is_dir():
        return []
    talks = []
    for path in sorted(folder.rglob("*.md")):
        talk = parse_talk(path.read_text(encoding="utf-8", errors="replace"))
        if talk.title and talk.blocks:
            talks.append(talk)
    return talks


def parse_talk(text: str) -> Talk:
    head, _, body = text.partition("\n\n")
    fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    names = tuple(name.strip() for name in fields.get("Authors", "").split(",") if name.strip())
    tags = tuple(tag.strip() for tag in fields.get("Tags", "").split(",") if tag.strip())
    blocks = tuple(block.strip("\n") for block in re.split(r"\n\s*\n", body) if block.strip())
    return Talk(fields.get("Title", "").strip(), names, tags, blocks)


WORDS = (
    "councils children families directors services schools care leaders inspection budget plans "
    "workforce social workers partners outcomes support safeguarding teams practice evidence "
    "review funding places community early help health reform pressure peer challenge young people"
).split()


def generated_talks(rng: random.Random, count: int = 400) -> list[Talk]:
    """Talks made of plain sentences, when the real corpus is not there."""

    def sentence() -> str:
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
        return " ".join(words).capitalize() + "."

    talks = []
    for _ in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize()
        paragraphs = rng.randint(2, 6)
        blocks = tuple(" ".join(sentence() for _ in range(rng.randint(2, 6))) for _ in range(paragraphs))
        authors = tuple(f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(1, 2)))
        talks.append(Talk(title, authors, tuple(rng.sample(DOMAIN_TAGS, 2)), blocks))
    return talks


FIRST = ("Amara", "Tom", "Ruth", "Priya", "Owen", "Grace", "Yusuf", "Helen", "Marek", "Siobhan")
LAST = ("Quist", "Hale", "Ellery", "Okafor", "Patel", "Lindqvist", "Byrne", "Nowak", "Reid", "Ahmed")
LINKS = re.compile(
    r"(?P<image>!)?\[(?P<text>[^\]\n]{1,200})\]\((?P<target>[^)\s]{1,300})\)"  # [text](address), as Markdown
    r"|(?P<url>https?://[^\s<>&\"'\[\]]+[^\s<>&\"'.,;:)\[\]])"  # a bare address, as a linkifier finds it
)
UNDERLINE = re.compile(r"^[-=~^*#]{3,}$")
HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.+)$")


def block_html(block: str) -> str:
    """One paragraph of a talk's description as the old CMS's editor saved it: headings, lists and
    links as the author meant them; anything else (hashtags, stray markup) as the text it is."""
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    if len(lines) == 2 and UNDERLINE.match(lines[1]):
        return f"<h2>{inline(lines[0])}</h2>"
    heading = HEADING.match(lines[0]) if len(lines) == 1 else None
    if heading:
        level = min(max(len(heading["marks"]), 2), 4)  # editors skip levels: an h4 right after the title
        return f"<h{level}>{inline(heading['text'])}</h{level}>"
    if lines and all(line.startswith(("- ", "* ")) for line in lines):
        return "<ul>" + "".join(f"<li>{inline(line[2:])}</li>" for line in lines) + "</ul>"
    if lines == ["::"]:
        return ""
    return f"<p>{inline(' '.join(line for line in lines if not UNDERLINE.match(line)))}</p>"


def inline(text: str) -> str:
    """Escaped text whose links and images are elements, as the old editor made them."""
    parts, last = [], 0
    for found in LINKS.finditer(text):
        parts.append(html.escape(text[last : found.start()], quote=False))
        parts.append(link_html(found))
        last = found.end()
    parts.append(html.escape(text[last:], quote=False))
    return "".join(parts)


def link_html(found: re.Match) -> str:
    if found["url"]:
        return f'<a href="{html.escape(found["url"])}">{html.escape(found["url"], quote=False)}</a>'
    target, text = html.escape(found["target"]), html.escape(found["text"])
    return f'<img src="{target}" alt="{text}">' if found["image"] else f'<a href="{target}">{text}</a>'


# -- the plan ------------------------------------------------------------------------------


def shares(pages: int) -> dict[str, int]:
    """How many pages of each kind make `pages` saved pages; every kind at least once."""
    bad = max(1, pages // 1000)  # of each: no title, binary, duplicate
    counts = {
        "bad": 3 * bad,
        "page": max(2, pages // 200),
        "listing": max(4, pages // 25),  # the home page, /events, /blog, /blog/P10, /blog/P20 ...
        "event": max(2, pages * 5 // 100),
        "publication": max(2, pages * 6 // 100),
        "update": max(3, pages * 10 // 100),
    }
    counts["article"] = pages - sum(counts.values())
    if counts["article"] < 6:
        raise ValueError(f"an archive needs at least {pages - counts['article'] + 6} pages, not {pages}")
    return counts


def slugified(text: str, limit: int = 70) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")
    return slug[:limit].rstrip("-")


class Planner:
    """Draws every article's kind, section, title, date, style and talks from one seeded generator."""

    def __init__(self, rng: random.Random, talks: list[Talk]):
        self.rng, self.talks = rng, talks
        self.taken: set[str] = set()

    def slug(self, title: str) -> str:
        base = slugified(title) or "article"
        slug, number = base, 1
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.taken.add(slug)
        return slug

    def date(self) -> datetime.datetime:
        start, end = DATES
        day = start + datetime.timedelta(days=self.rng.randrange((end - start).days))
        return day.replace(hour=self.rng.randint(8, 18), minute=self.rng.randrange(60))

    def some_talks(self) -> list[Talk]:
        """Enough talks for a body of a few KB: real articles run to a few screens."""
        wanted = self.rng.choice((1, 2, 2, 3, 3, 4, 5))
        return [self.rng.choice(self.talks) for _ in range(wanted)]

    def article(self, kind: str, section: str, title: str, date: datetime.datetime) -> Planned:
        talks = self.some_talks()
        lead = talks[0]
        rng = self.rng
        authors = lead.authors[:2] if rng.random() > 0.1 else ()
        tags = tuple(dict.fromkeys(lead.tags[:4] + tuple(rng.sample(DOMAIN_TAGS, rng.randint(0, 2)))))
        label = rng.choice(LABELS.get(section, ("",)))
        layout = PLAIN if rng.random() < 0.25 else CLASSIC
        return Planned(kind, section, self.slug(title), title, date, talks, rng.choice(STYLES), layout, label,
                       " and ".join(authors), tags)  # fmt: skip

    def blog_style(self) -> Planned:
        section = self.rng.choices(ARTICLE_SECTIONS, SECTION_WEIGHTS)[0]
        return self.article("article", section, self.rng.choice(self.talks).title, self.date())

    def update(self, number: int) -> Planned:
        region = REGIONS[number % len(REGIONS)]
        date = self.date()
        title = f"{region} Region {calendar.month_name[date.month]} {date.year} Update"
        section = self.rng.choice(("general-subject", "general-subject", "blog"))
        planned = self.article("update", section, title, date)
        planned.label = "General Subject"
        return planned

    def event(self) -> Planned:
        kind = self.rng.choice(("", "Webinar: ", "Conference: ", "Workshop: "))
        title = kind + self.rng.choice(self.talks).title
        planned = self.article("event", "events", title, self.date())
        planned.label = ""
        return planned

    def publication(self) -> Planned:
        word = self.rng.choice(PUBLICATION_WORDS)
        title = self.rng.choice(self.talks).title + (f": a {word}" if word else "")
        section = self.rng.choice(("workforce", "education", "inspection", "leadership"))
        return self.article("publication", section, title, self.date())


def plan(pages: int, rng: random.Random, talks: list[Talk]) -> tuple[dict[str, int], list[Planned]]:
    counts = shares(pages)
    planner = Planner(rng, talks)
    planned = [planner.blog_style() for _ in range(counts["article"])]
    planned += [planner.update(number) for number in range(counts["update"])]
    planned += [planner.event() for _ in range(counts["event"])]
    planned += [planner.publication() for _ in range(counts["publication"])]
    rng.shuffle(planned)
    return counts, planned


# -- the bodies ----------------------------------------------------------------------------


class Bodies:
    """Each article's HTML: its talks' paragraphs with headings, lists, a table now and then,
    links to other articles, images and, for publications and events, what makes them so."""

    def __init__(self, rng: random.Random, planned: list[Planned]):
        self.rng, self.planned = rng, planned
        self.images: dict[str, bytes] = {}  # old address -> the PNG saved there
        self.documents: dict[str, bytes] = {}  # old address -> the PDF saved there

    def body(self, article: Planned) -> str:
        parts = self.talk_parts(article)
        if article.kind == "event":
            parts.insert(0, self.event_details(article))
        if self.rng.random() < 0.3:
            parts.insert(min(2, len(parts)), self.image(article))
        if self.rng.random() < 0.25:
            parts.insert(self.rng.randrange(len(parts) + 1), self.bullet_list(article))
        if self.rng.random() < 0.1:
            parts.append(self.table(article))
        self.add_links(parts)
        if article.kind == "publication":
            parts.append(self.document_link(article))
        return "".join(part for part in parts if part)

    def talk_parts(self, article: Planned) -> list[str]:
        parts = []
        for number, talk in enumerate(article.talks):
            if number:
                parts.append(f"<h2>{html.escape(talk.title)}</h2>")
            parts += [block_html(block) for block in talk.blocks]
        return [part for part in parts if part]

    def add_links(self, parts: list[str]) -> None:
        """One to three links to other articles, at the end of paragraphs; some with the old host."""
        paragraphs = [number for number, part in enumerate(parts) if part.startswith("<p>")]
        for _ in range(self.rng.randint(1, 3) if paragraphs else 0):
            target = self.rng.choice(self.planned)
            host = f"https://{OLD_HOST}" if self.rng.random() < 0.2 else ""
            lead = self.rng.choice(("See also", "We wrote about this in", "Read more in", "More in"))
            link = f' {lead} <a href="{host}{target.address}">{html.escape(target.title)}</a>.'
            number = self.rng.choice(paragraphs)
            parts[number] = parts[number][: -len("</p>")] + link + "</p>"

    def image(self, article: Planned) -> str:
        """An image in the text, saved beside the pages; some are shared by several articles."""
        if self.images and self.rng.random() < 0.2:
            address = self.rng.choice(sorted(self.images))
        else:
            address = f"/images/uploads/{article.slug[:40]}-{len(self.images) + 1}.png"
            self.images[address] = png(self.rng.randint(40, 160), self.rng.randint(30, 90), self.rng)
        alt = html.escape(article.title[:60])
        return f'<p><img src="{address}" alt="{alt}" width="600" style="float:right"></p>'

    def bullet_list(self, article: Planned) -> str:
        items = list(article.tags) or [talk.title for talk in article.talks]
        return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items[:6]) + "</ul>"

    def table(self, article: Planned) -> str:
        years = range(article.date.year - self.rng.randint(2, 5), article.date.year + 1)
        rows = "".join(
            f"<tr><td>{year}</td><td>{self.rng.randint(3, 400)}</td><td>{self.rng.randint(1, 99)}%</td></tr>"
            for year in years
        )
        return f"<table><tr><th>Year</th><th>Councils</th><th>Share</th></tr>{rows}</table>"

    def event_details(self, article: Planned) -> str:
        start = article.date + datetime.timedelta(days=self.rng.randint(20, 120))
        start = start.replace(hour=self.rng.choice((9, 10, 13)), minute=self.rng.choice((0, 30)))
        end = start + datetime.timedelta(hours=self.rng.choice((1, 2, 6)))
        booking = f"https://tickets.example.org/{article.slug[:40]}"
        return (
            f"<p>Venue: {html.escape(self.rng.choice(VENUES))}</p>"
            f"<p>Date: {start:%a, %d %b %Y %H:%M} - {end:%H:%M}</p>"
            f'<p><a href="{booking}">Book your place</a></p>'
        )

    def document_link(self, article: Planned) -> str:
        """The PDF the publication is; one in fifteen was never saved by the crawler."""
        address = f"/assets/files/{article.slug[:50]}.pdf"
        if self.rng.random() >= 1 / 15:
            self.documents[address] = pdf(self.rng.randint(8_000, 120_000), self.rng)
        size = len(self.documents.get(address, b"")) // 1024 or 200
        name = html.escape(article.title[:40])
        return f'<p><a href="{address}">Download the {name} (PDF, {size} KB)</a></p>'


def png(width: int, height: int, rng: random.Random) -> bytes:
    """A valid PNG of noise, so saved images have real sizes (a few KB to tens of KB)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + rng.randbytes(width * 3) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def pdf(size: int, rng: random.Random) -> bytes:
    """A PDF of about `size` bytes: the tiny valid one, with a stream of bytes before its trailer."""
    stream = rng.randbytes(size).hex().encode()[:size]
    padding = b"2 0 obj << /Length %d >> stream\n%s\nendstream endobj\n" % (len(stream), stream)
    return PDF.replace(b"trailer", padding + b"trailer")


# -- the page around the text ---------------------------------------------------------------

STYLESHEET = "".join(
    f".block-{number} .region-{number % 7} a{{color:#{(number * 2654435761) % 0xFFFFFF:06x};"
    f"margin:{number % 13}px {number % 5}px;font-size:{12 + number % 6}px}}\n"
    for number in range(90)
)
CONSENT_SCRIPT = (
    "<script>var cmsConfig={"
    + ",".join(
        f'"widget{number}":{{"enabled":{str(number % 3 == 0).lower()},"slot":"side-{number}"}}'
        for number in range(40)
    )
    + "};</script>"
)


def extra_head(article: Planned) -> str:
    """What the old CMS put in every head: metadata, an inline stylesheet and a settings script."""
    description = html.escape(" ".join(article.talks[0].blocks)[:300])
    return (
        f'<meta name="description" content="{description}">'
        f'<meta property="og:title" content="{html.escape(article.title)}">'
        f'<meta property="og:description" content="{description}">'
        f'<meta property="og:url" content="https://{OLD_HOST}{article.address}">'
        f"<style>{STYLESHEET}</style>{CONSENT_SCRIPT}"
    )


def old_article(article: Planned, body: str) -> OldArticle:
    return OldArticle(
        article.section,
        article.slug,
        article.title,
        body,
        date=f"{article.date:%a, %d %b %Y %H:%M}",
        category=article.label,
        author=article.author,
        tags=article.tags,
        layout=article.layout,
        extra_head=extra_head(article),
    )


# -- writing ---------------------------------------------------------------------------------


def write_archive(root: Path, pages: int, seed: int = SEED, talks: Path | None = None) -> Written:
    """Save `pages` pages of the old site under root/<old host>/, as `wget --mirror` would."""
    rng = random.Random(seed)
    texts = load_talks(talks) or generated_talks(random.Random(seed))
    counts, planned = plan(pages, rng, texts)
    archive = OldArchive(root / OLD_HOST)
    written = Written()
    bodies = Bodies(rng, planned)
    for article in planned:
        related = [(other.address, other.title) for other in rng.sample(planned, 5) if other is not article]
        text = article_page(old_article(article, bodies.body(article)), related)
        saved = archive.save(article.address, text, article.style)
        note(written, saved, article.kind, article.style, article.layout)
    write_pages(archive, rng, texts, counts["page"], written)
    write_listings(archive, planned, counts["listing"], written)
    write_bad_pages(archive, rng, planned, counts["bad"] // 3, written)
    for address, data in sorted(bodies.images.items()) + sorted(bodies.documents.items()):
        written.bytes += len(data)
        archive.save(address, data, style="bare")
        written.files += 1
    written.counts["image"], written.counts["document"] = len(bodies.images), len(bodies.documents)
    return written


def note(written: Written, path: Path, kind: str, style: str = "folder", layout: str = CLASSIC) -> None:
    written.counts[kind] += 1
    written.styles[style] += 1
    written.layouts[layout] += 1
    written.pages += 1
    written.bytes += path.stat().st_size


def write_pages(archive: OldArchive, rng: random.Random, talks: list[Talk], count: int,
                written: Written) -> None:  # fmt: skip
    """Plain pages at the top level (/about): the first names a real site has, then more."""
    for number in range(count):
        talk = rng.choice(talks)
        if number < len(PLAIN_PAGE_NAMES):
            name = PLAIN_PAGE_NAMES[number]
            title = name.replace("-", " ").capitalize()
        else:
            name, title = f"{slugified(talk.title, 50)}-{number}", talk.title
        body = "".join(block_html(block) for block in talk.blocks)
        style, layout = rng.choice(STYLES), rng.choice((CLASSIC, CLASSIC, PLAIN))
        note(written, archive.page(OldPage(name, title, body, layout), style), "page", style, layout)


def write_listings(archive: OldArchive, planned: list[Planned], count: int, written: Written) -> None:
    """The home page, /events, then /blog, /blog/P10, /blog/P20 ..., newest first, ten a page."""
    newest = sorted(planned, key=lambda article: (article.date, article.slug), reverse=True)
    entries = [(article.address, article.title) for article in newest]
    home = "<h1>Latest news</h1><ul>" + "".join(
        f'<li><a href="{link}">{html.escape(title)}</a></li>' for link, title in entries[:10]
    ) + "</ul>"
    note(written, archive.save("/", frame("Home", home, CLASSIC, canonical="/")), "listing")
    events = [(a.address, a.title) for a in newest if a.kind == "event"][:10]
    note(written, archive.listing("events", events), "listing")
    blog = [(a.address, a.title) for a in newest if a.section == "blog"] or entries
    for number in range(count - 2):
        offset = number * 10
        shown = blog[offset : offset + 10] or blog[:10]
        note(written, archive.listing("blog", shown, offset=offset), "listing")


def write_bad_pages(archive: OldArchive, rng: random.Random, planned: list[Planned], each: int,
                    written: Written) -> None:  # fmt: skip
    """Pages an import must skip by name: no title, not HTML, a copy of another article."""
    for number in range(1, each + 1):
        untitled = "<html><body><p>Words saved without a title or a heading.</p></body></html>"
        note(written, archive.save(f"/blog/article/untitled-{number}", untitled), "no title")
        binary = b"\x00\x01\x02binary export " + rng.randbytes(2000)
        note(written, archive.save(f"/blog/article/export-{number}", binary, style="bare"), "binary", "bare")
        original = rng.choice([article for article in planned if article.kind == "article"])
        copy = (archive.root / saved_path(original)).read_bytes()
        note(written, archive.save(f"/blog/article/copy-of-{original.slug}", copy), "duplicate")


def saved_path(article: Planned) -> str:
    """Where OldArchive.save put an article, below the archive's root."""
    relative = article.address.strip("/")
    return {"folder": f"{relative}/index.html", "html": f"{relative}.html"}.get(article.style, relative)
