"""`invoke import`: a folder of saved pages of the old site in, checked Markdown files and redirects out.

The run, step by step:

1. **Find** the saved pages and files (archive.py) and what each address says it is.
2. **Read** every page (saved_page.py), on every core: title, date, category label,
   authors, tags, the text by allowlist. A page that cannot be read is skipped, named
   in the report; the run goes on.
3. **Plan** (plan.py): each article's kind, category, region, slug (a slug already
   taken gets a suffix), its file under content/ and its new address; which images
   and documents the texts use; where each old listing goes.
4. **Convert** each text to Markdown with its links pointing at the new site (convert.py).
5. **Check** each file as a build would (the content model's front-matter rules and
   size limits): a file that would stop the build is not written, and is reported.
6. **Write**, each file atomically: Markdown files, copied files, the redirects data
   file (REDIRECTS_FILE; never from an address the new site publishes itself, which the
   build would refuse) and the manifest (IMPORT_MANIFEST), which remembers what the
   import wrote so that a file someone has edited since is never overwritten.
7. **Report**, in the terminal and as JSON (IMPORT_REPORT).

Running it twice on the same archive writes the same bytes; `dry_run` writes nothing.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from ..paths import write_atomically
from .archive import SavedFile, archive_root, as_sent, classify, saved_files, sections_of
from .convert import Addresses, Converted, resolve, to_markdown
from .markup import phrase
from .plan import (
    FOLDER_KINDS,
    KIND_NAMES,
    Rules,
    category_for,
    file_path,
    front_matter,
    kind_for,
    listed,
    listing_address,
    new_address,
    publication_type,
)
from .saved_page import NotAnArticle, SavedPage, html_text, parse_date, read_saved_page

STATUSES = ("published", "draft")
BOOKING_TEXT = re.compile(r"\b(book|booking|register|registration|sign up|reserve)\b", re.IGNORECASE)


class ImportRefused(Exception):
    """The import cannot start (no such folder, a bad option); nothing was written."""


@dataclass
class Finding:
    """One thing a person should look at: the old address, the new file and what happened."""

    old: str
    file: str
    what: str

    def as_dict(self) -> dict[str, str]:
        return {"old": self.old, "file": self.file, "what": self.what}


@dataclass
class Read:
    """What step 2 made of one saved page."""

    address: str
    form: str  # article, page, listing, home, other, skipped
    section: str = ""
    slug: str = ""
    page: SavedPage | None = None
    links: list[str] = field(default_factory=list)  # old addresses of the old site its text links or shows
    booking: str = ""  # an event's booking link
    why: str = ""  # for a skipped page
    saved_at: float = 0.0  # the saved file's modification time
    old_host: str = ""


@dataclass
class Item:
    """One Markdown file the import makes."""

    read: Read
    kind: str
    slug: str
    path: str  # below content/
    address: str  # on the new site
    fields: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""


@dataclass
class Report:
    archive: str
    dry_run: bool
    status: str
    counts: Counter = field(default_factory=Counter)  # by kind, and listings, files, skipped
    actions: Counter = field(default_factory=Counter)  # written, unchanged, kept
    review: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)
    redirects: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "archive": self.archive,
            "dry_run": self.dry_run,
            "status": self.status,
            "counts": dict(sorted(self.counts.items())),
            "files": dict(sorted(self.actions.items())),
            "redirects": self.redirects,
            "review": [finding.as_dict() for finding in self.review],
            "skipped": [finding.as_dict() for finding in self.skipped],
        }


# -- step 2: reading, on every core ---------------------------------------------------


def unexpected(error: Exception) -> str:
    """Why a page was skipped when the import's own code failed on it."""
    what = f"{type(error).__name__}: {error}"
    return f"the import could not read it ({what}); please tell a maintainer, with this page"


def read_one(saved: SavedFile, form: str, section: str, slug: str, old_host: str, known: frozenset[str],
             event: bool, max_bytes: int) -> Read:  # fmt: skip
    """Read one saved page; never raises for a bad page (the reason is in `why`): one page the
    reading code cannot cope with must not stop the other thousands."""
    try:
        return read_page(saved, form, section, slug, old_host, known, event, max_bytes)
    except Exception as error:  # noqa: BLE001 - reported by name below, the run goes on
        return Read(saved.address, "skipped", section, slug, why=unexpected(error))


def read_page(saved: SavedFile, form: str, section: str, slug: str, old_host: str, known: frozenset[str],
              event: bool, max_bytes: int) -> Read:  # fmt: skip
    read = Read(saved.address, form, section, slug, old_host=old_host)
    if form not in ("article", "page"):
        return read
    try:
        data = saved.path.read_bytes()
        read.saved_at = saved.path.stat().st_mtime
        if len(data) > max_bytes:
            raise NotAnArticle(f"it is {len(data):,} bytes, more than IMPORT_MAX_PAGE_BYTES ({max_bytes:,})")
        if b"\0" in data[:4096] or b"<" not in data[:4096]:
            raise NotAnArticle("it is not an HTML page")
        read.page = read_saved_page(html_text(data), known, event)
    except NotAnArticle as why:
        return Read(saved.address, "skipped", section, slug, why=str(why))
    except RecursionError:
        return Read(saved.address, "skipped", section, slug, why="its HTML is nested too deeply to read")
    read.links = linked_addresses(read.page.text_html, saved.address, old_host)
    if event:
        read.booking = booking_link(read.page.text_html)
    return read


def read_all(jobs: list[tuple], progress: Callable[[int], None]) -> list[Read]:
    """read_one for every job, on every core, in the jobs' order."""
    workers = len(os.sched_getaffinity(0))
    if workers == 1 or len(jobs) < 50:
        results = []
        for number, job in enumerate(jobs, 1):
            results.append(read_one(*job))
            progress(number)
        return results
    results = []
    with ProcessPoolExecutor(workers) as pool:
        for number, result in enumerate(pool.map(read_one_packed, jobs, chunksize=16), 1):
            results.append(result)
            progress(number)
    return results


def read_one_packed(job: tuple) -> Read:
    return read_one(*job)


def linked_addresses(text_html: str, page: str, old_host: str) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text_html, "html.parser")
    found = []
    for element in soup.find_all(["a", "img"]):
        target = resolve(str(element.get("href") or element.get("src") or ""), page, old_host)
        if target.form == "internal":
            found.append(target.path)
    return found


def booking_link(text_html: str) -> str:
    from bs4 import BeautifulSoup

    for link in BeautifulSoup(text_html, "html.parser").find_all("a", href=True):
        href = str(link["href"])
        if href.startswith("https://") and BOOKING_TEXT.search(link.get_text(" ", strip=True)):
            return href
    return ""


# -- the run -------------------------------------------------------------------------


def import_archive(project: Path, folder: Path, dry_run: bool = False, status: str = "published",
                   say: Callable[[str], None] = print) -> Report:  # fmt: skip
    """Import the saved pages in `folder` into the site in `project`; the report of the run."""
    from ..build import load_settings

    started = time.perf_counter()
    if status not in STATUSES:
        raise ImportRefused(f"--status takes published or draft, not '{status}'.")
    if not folder.is_dir():
        raise ImportRefused(
            f"{folder} is not a folder. Give the folder of saved pages (what wget --mirror made)."
        )
    settings = load_settings(project.resolve(), production=False)
    from content_model.hooks import reserved_names

    rules = Rules.from_settings(settings, frozenset(reserved_names(settings)))
    content = Path(settings["PATH"])
    site = Site(project.resolve(), content, settings)
    report = Report(str(folder), dry_run, status)

    root, old_host = archive_root(folder)
    pages, files = saved_files(root)
    if not pages:
        raise ImportRefused(
            f"{folder} holds no saved pages (.html, .htm, or files without a type, as wget saves /about). "
            "Give the folder of saved pages: wget --mirror makes one named after the old site's host."
        )
    old_host = old_host or host_from_canonicals(pages)
    say(f"Importing {phrase('saved page', len(pages))} and {phrase('other file', len(files))} from {folder}"
        + (f" (the old site: {old_host})" if old_host else ""))  # fmt: skip
    reads = read_pages(pages, old_host, rules, Progress(len(pages), "Read", say))
    copies = plan_copies(reads, files, site, report)
    items, redirects = plan_items(reads, rules, site, status, copies, report)
    addresses = Addresses(old_host, {item.read.address: link_to(item) for item in items})
    addresses.pages |= {old: new for old, new in redirects.items() if old not in addresses.pages}
    addresses.files = {old: f"{{static}}/{new}" for old, new in copies.items()}
    items = convert_texts(items, addresses, report, Progress(len(items), "Converted", say))
    items = [item for item in items if checked(item, site, report)]
    redirects |= {item.read.address: item.address for item in items}
    redirects |= {old: "/" + new for old, new in copies.items()}
    redirects = {old: new for old, new in redirects.items() if new.rstrip("/") != old.rstrip("/")}
    redirects = without_hidden_pages(redirects, addresses_of_the_site(site, rules), items, site, report)
    report.redirects = len(redirects)
    for item in items:
        report.counts[KIND_NAMES[item.kind]] += 1
    report.counts["file"] = len(copies)
    sources = {saved.address: saved.path for saved in files}
    write_everything(site, items, copies, sources, redirects, report)
    report.seconds = time.perf_counter() - started
    report_path = project / settings["IMPORT_REPORT"]
    if not dry_run:
        write_atomically(report_path, json_text(report.as_dict()))
    say(summary(report, shown_from_here(report_path)))
    return report


@dataclass
class Site:
    """The site the import writes into."""

    project: Path
    content: Path
    settings: dict
    manifest: dict[str, str] = field(default_factory=dict)  # path below content/ -> sha256 written

    def __post_init__(self):
        path = self.content / self.settings["IMPORT_MANIFEST"]
        if path.is_file():
            self.manifest = json.loads(path.read_text(encoding="utf-8")).get("files", {})

    def shown(self, relative: str) -> str:
        """A path below content/ as the project shows it: content/blog/2023/x.md."""
        return (self.content / relative).relative_to(self.project).as_posix()

    @cached_property
    def outside_import(self) -> dict[str, str]:
        """Slug -> file below content/ of every content file the import did not write."""
        return content_outside_import(self)


class Progress:
    """'Read 1,000 of 5,000 saved pages' every two seconds, and at the end."""

    def __init__(self, total: int, verb: str, say: Callable[[str], None]):
        self.total, self.verb, self.say = total, verb, say
        self.last = time.perf_counter()

    def __call__(self, done: int) -> None:
        now = time.perf_counter()
        if done == self.total or now - self.last >= 2:
            self.last = now
            self.say(f"  {self.verb} {done:,} of {self.total:,}")


def host_from_canonicals(pages: list[SavedFile], sample: int = 20) -> str:
    """The old site's host, from the canonical links of the first pages (the most common one)."""
    hosts: Counter[str] = Counter()
    for saved in pages[:sample]:
        head = saved.path.read_bytes()[:20000].decode("utf-8", errors="replace")
        match = re.search(r'<link[^>]+rel=["\']?canonical["\']?[^>]+href=["\']?https?://([^/"\' >]+)', head)
        if match:
            hosts[match.group(1).casefold()] += 1
    return hosts.most_common(1)[0][0] if hosts else ""


def read_pages(pages: list[SavedFile], old_host: str, rules: Rules, progress: Progress) -> list[Read]:
    sections = sections_of([saved.address for saved in pages])
    known = frozenset(rules.category_map)
    jobs = []
    for saved in pages:
        address = classify(saved.address, sections)
        event = address.form == "article" and address.section.casefold() in rules.event_sections
        jobs.append((saved, address.form, address.section, address.slug, old_host, known, event,
                     rules.max_page_bytes))  # fmt: skip
    return read_all(jobs, progress)


# -- step 3: the plan ---------------------------------------------------------------------


def plan_copies(reads: list[Read], files: list[SavedFile], site: Site, report: Report) -> dict[str, str]:
    """The saved files the texts use, each with its place below content/ (images/x.png, files/x.pdf).
    A type the site does not publish, or a file that is not what its name says, is left out."""
    from content_model.files import Allowlist, extension_of, home_folder, published_file_problems

    allowlist = Allowlist.from_settings(site.settings)
    by_address = {saved.address: saved for saved in files}
    used = sorted({link for read in reads if read.page for link in read.links if link in by_address})
    copies: dict[str, str] = {}
    digests: dict[str, str] = {}  # place -> sha256 of what goes there
    for old in used:
        saved = by_address[old]
        try:
            problems = [f"{p.message} {p.fix}" for p in published_file_problems(saved.path, old, allowlist)]
            digest = sha256(saved.path.read_bytes())
        except OSError as error:  # a file without read permission, one that went meanwhile
            problems = [f"it cannot be read ({error.strerror or error})."]
        if problems:
            report.skipped.append(Finding(old, "", f"file not copied: {problems[0]}"))
            continue
        extension = extension_of(saved.path.name)
        stem = site_slug(site, saved.path.name.rsplit(".", 1)[0]) or "file"
        home = home_folder(extension, allowlist.static_paths)
        place, number = f"{home}/{stem}.{extension}", 1
        while digests.get(place, digest) != digest or not free_place(site, place, digest):
            number += 1
            place = f"{home}/{stem}-{number}.{extension}"
        digests[place] = digest
        copies[old] = place
    return copies


def site_slug(site: Site, text: str) -> str:
    from pelican.utils import slugify

    return slugify(text, regex_subs=site.settings["SLUG_REGEX_SUBSTITUTIONS"])


def free_place(site: Site, place: str, digest: str) -> bool:
    """A place is free for a file when nothing is there, or what is there is the same or the import's own."""
    path = site.content / place
    return not path.exists() or place in site.manifest or sha256(path.read_bytes()) == digest


def plan_items(reads: list[Read], rules: Rules, site: Site, status: str, copies: dict[str, str],
               report: Report) -> tuple[list[Item], dict[str, str]]:  # fmt: skip
    """The Markdown files to write, and the redirects of old listings and duplicates."""
    taken = set(site.outside_import)
    items: list[Item] = []
    redirects: dict[str, str] = {}
    firsts: dict[tuple[str, str], Item] = {}  # (title, words) -> the first item with them
    for read in sorted(reads, key=copy_last):
        if read.form == "skipped":
            report.skipped.append(Finding(read.address, "", f"skipped: {read.why}"))
        elif read.form == "listing":
            redirects[read.address] = listing_address(read.section, rules)
            report.counts["listing"] += 1
        elif read.form == "other":
            report.skipped.append(Finding(read.address, "", "skipped: not an article, a page or a listing"))
        elif read.form in ("article", "page"):
            fingerprint = (read.page.title.casefold(), read.page.words_digest)
            first = firsts.get(fingerprint)
            if first is not None:
                redirects[read.address] = first.address
                what = f"skipped: a duplicate of {first.read.address}, whose new address it redirects to"
                report.skipped.append(Finding(read.address, site.shown(first.path), what))
                continue
            item = plan_item(read, rules, site, status, copies, taken, report)
            firsts[fingerprint] = item
            items.append(item)
    report.counts["skipped"] = len(report.skipped)
    return items, redirects


def copy_last(read: Read) -> tuple[bool, str]:
    """Pages at their own canonical address first, so of two copies of a page the original is kept."""
    canonical = read.page.canonical if read.page else ""
    own = not canonical or as_sent(urlsplit(canonical).path).rstrip("/") == read.address.rstrip("/")
    return not own, read.address


def content_outside_import(site: Site) -> dict[str, str]:
    """The slugs of the content files the import did not write (an imported item may not take
    one), each with its file below content/. Read once per run (see Site)."""
    from content_model.front_matter import parse_front_matter

    slugs = {}
    for path in sorted(site.content.rglob("*.md")):
        relative = path.relative_to(site.content).as_posix()
        if relative in site.manifest:
            continue
        front = parse_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        field_ = front.get("slug") or front.get("title")
        slug = (
            field_.value.strip()
            if front.get("slug")
            else site_slug(site, field_.value)
            if field_
            else path.stem
        )
        slugs.setdefault(slug, relative)
    return slugs


def addresses_of_the_site(site: Site, rules: Rules) -> dict[str, str]:
    """Addresses (without the closing /) that the new site publishes whatever the import does:
    its content outside the import and its own sections (/blog, /search...), each with what is
    there. No old address there may redirect: the build refuses a redirect that hides a page."""
    own = {f"/{name}": f"the site's own /{name}/ pages" for name in rules.reserved}
    for slug, relative in site.outside_import.items():
        kind = FOLDER_KINDS.get(relative.split("/", 1)[0])
        if kind is not None:
            own[new_address(kind, slug).rstrip("/")] = site.shown(relative)
    return own


def without_hidden_pages(
    redirects: dict[str, str], own: dict[str, str], items: list[Item], site: Site, report: Report
) -> dict[str, str]:
    """The redirects, less those from an address the new site publishes itself (listed for review)."""
    files = {item.address: site.shown(item.path) for item in items}
    kept = {}
    for old, new in redirects.items():
        there = own.get(old.rstrip("/") or "/")
        if there is None:
            kept[old] = new
        else:
            what = (f"no redirect to {new}: the new site publishes {there} at this address; check which one "
                    "readers need")  # fmt: skip
            report.review.append(Finding(old, files.get(new, ""), what))
    return kept


def free_slug(base: str, kind: str, rules: Rules, taken: set[str]) -> str:
    slug, number = base, 1
    while slug in taken or (kind == "page" and slug in rules.reserved):
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def plan_item(read: Read, rules: Rules, site: Site, status: str, copies: dict[str, str], taken: set[str],
              report: Report) -> Item:  # fmt: skip
    page = read.page
    documents = [
        link for link in read.links if link.rsplit(".", 1)[-1].casefold() in rules.publication_file_types
    ]
    if read.form == "page":
        kind, region, note = "page", "", ""
    else:
        kind, region, note = kind_for(read.section, page.title, documents, rules)
    base = rules.slug(read.slug) or rules.slug(page.title) or "untitled"
    slug = free_slug(base, kind, rules, taken)
    date = page.date
    notes = [note] if note else []
    if date is None and kind in ("blog", "update", "publication"):
        date = saved_time(read)
        notes.append(f"no date on the page: dated {date:%Y-%m-%d %H:%M}, when the page was saved; check it")
    item = Item(read, kind, slug, file_path(kind, slug, date), new_address(kind, slug))
    if slug != base:
        notes.append(f"the slug '{base}' is taken: imported as '{slug}' (address {item.address})")
    if kind == "page":
        item.fields = [("Title", page.title), ("Slug", slug)]
    elif kind == "event":
        item.fields = event_fields(read, slug, notes)
    else:
        item.fields = article_fields(read, kind, region, slug, date, documents, copies, rules, notes)
    if status == "draft":
        item.fields.append(("Status", "draft"))
    if page.removed:
        notes.append("removed from the text: " + ", ".join(page.removed))
    report.review += [Finding(read.address, site.shown(item.path), what) for what in notes]
    return item


def saved_time(read: Read) -> datetime.datetime:
    """When the page was saved (a crawler sets it from the old server's Last-Modified)."""
    return datetime.datetime.fromtimestamp(read.saved_at).replace(second=0, microsecond=0)


def article_fields(
    read: Read,
    kind: str,
    region: str,
    slug: str,
    date,
    documents: list[str],
    copies: dict[str, str],
    rules: Rules,
    notes: list[str],
) -> list[tuple[str, str]]:
    page = read.page
    category, guessed = category_for(page.category_label, read.section, rules)
    notes += [guessed] if guessed else []
    authors = page.authors
    if not authors and kind != "publication":
        authors = [rules.default_author]
        notes.append(f"no author on the page: credited to '{rules.default_author}'")
    fields = [("Title", page.title), ("Date", f"{date:%Y-%m-%d %H:%M}"), ("Category", category)]
    if kind == "update":
        fields.append(("Region", region))
    if kind == "publication":
        kind_name, guessed = publication_type(page.title, rules)
        notes += [guessed] if guessed else []
        fields += [("Type", kind_name), ("Year", str(date.year))]
        document = documents[0]
        if document in copies:
            fields.append(("File", copies[document]))
        else:
            fields.append(("Link", f"https://{read.old_host}{document}" if read.old_host else ""))
            notes.append(f"its document {document} is not in the archive: linked at the old site")
    fields += [("Tags", listed(page.tags)), ("Authors", listed(authors)), ("Slug", slug)]
    return fields


def event_fields(read: Read, slug: str, notes: list[str]) -> list[tuple[str, str]]:
    """An event's start, end, place and booking link, from its labelled lines, else the page's date."""
    page, details = read.page, read.page.details
    written = next((details[key] for key in ("start", "starts", "when", "date") if key in details), "")
    start = parse_date(f"{written} {details.get('time', '')}".strip()) if written else None
    if start is None:
        start = page.date
        notes.append("no start on the page: the event starts at the page's date; check it")
    end_text = details.get("end") or details.get("ends") or ""
    end = parse_date(end_text) if end_text else None
    hours = re.search(
        r"(\d{1,2})[:.](\d{2})\s*(?:-|–|—|to|until)\s*(\d{1,2})[:.](\d{2})",
        f"{written} {details.get('time', '')}",
    )
    if start is not None and hours:
        start = start.replace(hour=int(hours[1]), minute=int(hours[2]))
        end = end or start.replace(hour=int(hours[3]), minute=int(hours[4]))
    if start is not None and start.hour == 0 and start.minute == 0:
        notes.append("no start time on the page: 00:00 written; check it")
    return [
        ("Title", page.title),
        ("Start", f"{start:%Y-%m-%d %H:%M}" if start else ""),
        ("End", f"{end:%Y-%m-%d %H:%M}" if end and start and end > start else ""),
        ("Location", details.get("venue") or details.get("location") or details.get("where") or ""),
        ("Booking", read.booking),
        ("Tags", listed(page.tags)),
        ("Slug", slug),
    ]


def link_to(item: Item) -> str:
    return "{filename}/" + item.path


# -- steps 4 and 5: converting and checking --------------------------------------------

_addresses: Addresses | None = None  # each worker process's copy, set once by its initializer


def use_addresses(addresses: Addresses) -> None:
    global _addresses
    _addresses = addresses


def convert_one(job: tuple[str, str]) -> Converted | str:
    """The converted text, or why it could not be converted (the run goes on without it)."""
    text_html, address = job
    try:
        return to_markdown(text_html, address, _addresses)
    except Exception as error:  # noqa: BLE001 - reported by name, as in read_one
        return unexpected(error)


def convert_texts(items: list[Item], addresses: Addresses, report: Report, progress: Progress) -> list[Item]:
    """Each item's text as Markdown under its front matter, on every core; the items converted."""
    jobs = [(item.read.page.text_html, item.read.address) for item in items]
    workers = len(os.sched_getaffinity(0))
    if workers == 1 or len(jobs) < 50:
        use_addresses(addresses)
        converted = []
        for number, job in enumerate(jobs, 1):
            converted.append(convert_one(job))
            progress(number)
    else:
        with ProcessPoolExecutor(workers, initializer=use_addresses, initargs=(addresses,)) as pool:
            converted = []
            for number, result in enumerate(pool.map(convert_one, jobs, chunksize=16), 1):
                converted.append(result)
                progress(number)
    done = []
    for item, result in zip(items, converted):
        if isinstance(result, str):
            report.skipped.append(Finding(item.read.address, _shown_path(addresses, item), result))
            report.counts["skipped"] += 1
            continue
        done.append(item)
        item.text = front_matter(item.fields) + "\n" + result.markdown
        shown = None
        for old in sorted(set(result.unresolved)):
            shown = shown or _shown_path(addresses, item)
            report.review.append(Finding(item.read.address, shown, f"links to {old}, which the archive does "
                                         "not hold: the link points at the old site"))  # fmt: skip
        for href in sorted(set(result.unreadable)):
            report.review.append(Finding(item.read.address, _shown_path(addresses, item),
                                         f"links to '{href}', an address no browser can follow: the link was "
                                         "taken off and its text kept"))  # fmt: skip
        if result.headings_moved:
            what = (f"{phrase('heading', result.headings_moved)} given another level, so that none skips "
                    "one: check the text's outline")  # fmt: skip
            report.review.append(Finding(item.read.address, _shown_path(addresses, item), what))
        if result.removed:
            what = "removed from the text: " + ", ".join(sorted(set(result.removed)))
            report.review.append(Finding(item.read.address, _shown_path(addresses, item), what))
    return done


def _shown_path(addresses: Addresses, item: Item) -> str:
    return "content/" + item.path


def checked(item: Item, site: Site, report: Report) -> bool:
    """True when the file would pass the build's checks; else it is reported and not written."""
    from content_model.front_matter import parse_front_matter
    from content_model.hooks import front_matter_problems
    from content_model.limits import nesting_problem, size_problem

    settings = site.settings
    front = parse_front_matter(item.text)
    front.path = str(site.content / item.path)
    _, problems = front_matter_problems(front, settings)
    reasons = [f"{problem.message} {problem.fix}" for problem in problems if problem.field != "File"]
    if item.text.split("\n\n", 1)[-1].strip() == "" and item.kind != "event":
        reasons.append("It has no text.")
    too_much = size_problem(len(item.text.encode("utf-8")), settings["TEXT_MAX_BYTES"]) or nesting_problem(
        item.text, settings["NESTING_MAX_DEPTH"], settings["PARAGRAPH_MAX_CHARACTERS"]
    )
    if too_much:
        reasons.append(f"{too_much.message} {too_much.fix}")
    if reasons:
        what = "not imported: the file would stop the build: " + " ".join(reasons)
        report.skipped.append(Finding(item.read.address, site.shown(item.path), what))
        report.counts["skipped"] += 1
        return False
    return True


# -- step 6: writing ----------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_everything(site: Site, items: list[Item], copies: dict[str, str], sources: dict[str, Path],
                     redirects: dict[str, str], report: Report) -> None:  # fmt: skip
    """Every file, the redirects and the manifest; nothing when it is a dry run."""
    manifest = dict(site.manifest)
    for item in items:
        settle(site, item.path, item.text.encode("utf-8"), item.read.address, manifest, report)
    for old, place in copies.items():
        settle(site, place, sources[old].read_bytes(), old, manifest, report)
    redirects_path = site.content / site.settings.get("REDIRECTS_FILE", "data/redirects.csv")
    redirects_text = merged_redirects(redirects_path, redirects)
    manifest_text = json_text({"files": dict(sorted(manifest.items()))})
    if not report.dry_run:
        write_atomically(redirects_path, redirects_text)
        write_atomically(site.content / site.settings["IMPORT_MANIFEST"], manifest_text)


def settle(site: Site, place: str, data: bytes, old: str, manifest: dict[str, str], report: Report) -> None:
    """Write `data` at `place` (below content/) unless someone has changed the file since the import
    wrote it, or the file is not the import's; note which happened."""
    path = site.content / place
    digest = sha256(data)
    current = sha256(path.read_bytes()) if path.is_file() else None
    if current == digest:
        report.actions["unchanged"] += 1
    elif current is None or site.manifest.get(place) == current:
        report.actions["written" if current is None else "updated"] += 1
        if not report.dry_run:
            write_atomically(path, data)
    else:
        report.actions["kept"] += 1
        whose = "edited since it was imported" if place in site.manifest else "not written by the import"
        report.review.append(Finding(old, site.shown(place), f"left as it is: the file was {whose}"))
        return
    manifest[place] = digest


def merged_redirects(path: Path, redirects: dict[str, str]) -> str:
    """The redirects file with this import's rows, and every other row it had, sorted by old address."""
    rows: dict[str, str] = {}
    if path.is_file():
        reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
        for row in list(reader)[1:]:
            if len(row) == 2:
                rows[row[0]] = row[1]
    rows |= redirects
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["old", "new"])
    writer.writerows(sorted(rows.items()))
    return out.getvalue()


def json_text(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


# -- step 7: the report ------------------------------------------------------------------

SHOWN_FINDINGS = 30  # lines of each list in the terminal; the JSON report has them all


def shown_from_here(path: Path) -> str:
    """`path` as the person at the terminal would type it: relative to the current folder when inside it."""
    path = path.resolve()
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


def summary(report: Report, report_path: str) -> str:
    kinds = [
        phrase(name, count) for name, count in sorted(report.counts.items()) if name in KIND_NAMES.values()
    ]
    actions = [
        f"{count:,} {file_action(action, report.dry_run)}" for action, count in sorted(report.actions.items())
    ]
    verb = "Would import" if report.dry_run else "Imported"
    lines = [
        f"{verb} {', '.join(kinds) or 'nothing'}; {report.counts['file']:,} images and documents; "
        f"{report.counts['listing']:,} old listings redirected ({report.seconds:.1f} s).",
        f"Files: {', '.join(actions) or 'none'}"
        + (" (a dry run: nothing was written)" if report.dry_run else ""),
        f"Redirects: {report.redirects:,} old addresses.",
    ]
    for title, findings in (("Skipped", report.skipped), ("To review", report.review)):
        if findings:
            lines.append(f"{title} ({len(findings):,}):")
            for finding in findings[:SHOWN_FINDINGS]:
                place = f" -> {finding.file}" if finding.file else ""
                lines.append(f"  {finding.old}{place}: {finding.what}")
            if len(findings) > SHOWN_FINDINGS:
                lines.append(f"  ... and {len(findings) - SHOWN_FINDINGS:,} more")
    if report.dry_run:
        lines.append(f"Without --dry-run the whole report goes to {report_path}.")
    else:
        lines.append(f"The whole report: {report_path}")
    return "\n".join(lines)


def file_action(action: str, dry_run: bool) -> str:
    """'written', or in a dry run 'would be written' ('unchanged' either way)."""
    return f"would be {action}" if dry_run and action != "unchanged" else action
