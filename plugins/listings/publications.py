"""Publication details for people and for reference managers: file format and size, a ready-to-copy
citation, the citation_* meta tags scholarly indexes read (Google Scholar's), and the citation as
BibTeX and RIS files. Plain functions over a `Reference`, which holds what a citation needs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from content_model.text import plain_text


def file_details(path: Path) -> tuple[str, str]:
    """('PDF', '2.7 KB') for a file: its format from the extension and its size."""
    size = path.stat().st_size
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return path.suffix.lstrip(".").upper() or "File", f"{size / scale:.1f} {unit}"
    return path.suffix.lstrip(".").upper() or "File", f"{size} bytes"


def citation(authors: list[str], year: str, title: str, publisher: str, pages: str, address: str) -> str:
    """A Harvard-style reference: Authors (Year) Title. Publisher. Pages. Available at: address."""
    who = " and ".join(authors) if len(authors) < 3 else f"{', '.join(authors[:-1])} and {authors[-1]}"
    parts = [f"{who or publisher} ({year})" if year else who or publisher, f"{title}."]
    if publisher and who:
        parts.append(f"{publisher}.")
    if pages:
        parts.append(f"pp. {pages.replace('-', '–')}." if "-" in pages else f"{pages} {page_noun(pages)}.")
    if address:
        parts.append(f"Available at: {address}")
    return " ".join(part for part in parts if part)


def page_noun(pages: str) -> str:
    """'page' for one page, else 'pages' ("Pages: 1" is a one-page briefing)."""
    return "page" if pages.strip() == "1" else "pages"


def reference(item, settings) -> Reference | None:
    """What a citation of a published publication needs; None for a draft or hidden one, whose page
    offers no citation. Addresses are absolute in production, from the site's root otherwise."""
    if item.status != "published":
        return None
    site = settings["SITEURL"] if not settings["RELATIVE_URLS"] else ""
    file = getattr(item, "file", "") or ""
    return Reference(
        key=item.slug,
        type=str(getattr(item, "type", "") or ""),
        title=plain_text(item.title),
        authors=tuple(author.name for author in getattr(item, "authors", [])),
        year=str(getattr(item, "year", "") or "") or str(item.date.year),
        publisher=str(getattr(item, "publisher", "") or ""),
        pages=str(getattr(item, "pages", "") or ""),
        address=getattr(item, "link", "") or f"{site}/{item.url}",
        page_address=f"{site}/{item.url}",
        file_address=f"{site}/{file}" if file else "",
        language=settings.get("LANGUAGE", "en-GB"),
    )


def details(item, cited: Reference | None, settings) -> tuple[str, str]:
    """('PDF, 2.7 KB', citation) for a published publication's page, from the item and its
    `reference`; ('', '') for a draft or hidden one (no reference), whose page shows neither."""
    if cited is None:
        return "", ""
    file_info = ""
    if (
        getattr(item, "file", "") and (Path(settings["PATH"]) / item.file).is_file()
    ):  # else the content model says so
        file_info = ", ".join(file_details(Path(settings["PATH"]) / item.file))
    year = str(getattr(item, "year", "") or "")  # the ready-to-copy text shows only a Year given
    text = citation(list(cited.authors), year, cited.title, cited.publisher, cited.pages, cited.address)
    return file_info, text


def year_number(item) -> int:
    """A publication's Year as a number, 0 when it has none or it is not a year: the listings are
    made before the content model reports every problem (rules.py refuses such a Year)."""
    year = str(getattr(item, "year", "") or "").strip()
    return int(year) if year.isascii() and year.isdigit() else 0


def by_type_and_year(publications: list, types: list[str]) -> list[tuple[str, list]]:
    """Publications grouped by type (in the configured order), newest year first within each."""
    groups = []
    for kind in types:
        members = [item for item in publications if getattr(item, "type", "") == kind]
        if members:
            members.sort(key=lambda item: (-year_number(item), -item.date.timestamp(), item.slug))
            groups.append((kind, members))
    return groups


@dataclass(frozen=True)
class Reference:
    """What a citation of one published publication needs, as plain text."""

    key: str  # its slug: the BibTeX key
    type: str  # a PUBLICATION_TYPES name: "Report", "Book chapter"...
    title: str
    authors: tuple[str, ...]
    year: str  # its Year, else the year it was published on the site
    publisher: str
    pages: str  # "48" (a count) or "113-131" (a range)
    address: str  # where it is read: its Link, else its page
    page_address: str  # its page on this site
    file_address: str  # its own PDF's address, or ""
    language: str  # "en-GB"


# What each publication type is called in BibTeX and in RIS; any other type is generic.
BIBTEX_TYPES = {"Report": "techreport", "Policy paper": "techreport", "Briefing": "techreport"}
RIS_TYPES = {"Report": "RPRT", "Policy paper": "RPRT", "Briefing": "RPRT", "Book chapter": "CHAP"}
PAGE_RANGE = re.compile(r"^\s*(\d+)\s*[-–]\s*(\d+)\s*$")


def page_range(pages: str) -> tuple[str, str] | None:
    """('113', '131') for '113-131'; None for a page count or nothing."""
    match = PAGE_RANGE.match(pages)
    return (match[1], match[2]) if match else None


def citation_meta(reference: Reference) -> tuple[tuple[str, str], ...]:
    """The citation_* meta tags (name, content) of the publication's page, as Google Scholar reads them."""
    tags = [("citation_title", reference.title)]
    tags += [("citation_author", author) for author in reference.authors]
    if reference.year:
        tags.append(("citation_publication_date", reference.year))
    if reference.publisher:
        kind = (
            "citation_technical_report_institution"
            if reference.type in BIBTEX_TYPES
            else "citation_publisher"
        )
        tags.append((kind, reference.publisher))
    pages = page_range(reference.pages)
    if pages:
        tags += [("citation_firstpage", pages[0]), ("citation_lastpage", pages[1])]
    if reference.file_address.lower().endswith(".pdf"):
        tags.append(("citation_pdf_url", reference.file_address))
    tags += [
        ("citation_abstract_html_url", reference.page_address),
        ("citation_language", reference.language),
    ]
    return tuple(tags)


BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")


def bibtex_text(value: str) -> str:
    """A value as BibTeX reads it literally: its special characters escaped (Unicode kept, as
    biblatex and every current reference manager read UTF-8)."""
    escaped = BIBTEX_SPECIAL.sub(lambda match: BIBTEX_ESCAPES[match[1]], value)
    return " ".join(escaped.split())


BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
    "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}  # fmt: skip


def bibtex(reference: Reference) -> str:
    """The citation as one BibTeX entry (.bib)."""
    kind = BIBTEX_TYPES.get(reference.type, "misc")
    fields = [("title", reference.title)]
    if reference.authors:
        fields.append(("author", " and ".join(reference.authors)))
    fields.append(("institution" if kind == "techreport" else "publisher", reference.publisher))
    fields += [("year", reference.year), ("type", reference.type)]
    pages = page_range(reference.pages)
    fields.append(("pages", f"{pages[0]}--{pages[1]}") if pages else ("note", page_note(reference.pages)))
    fields += [("url", reference.address), ("language", reference.language)]
    lines = [f"  {name} = {{{bibtex_text(value)}}}," for name, value in fields if value]
    return f"@{kind}{{{reference.key},\n" + "\n".join(lines) + "\n}\n"


def page_note(pages: str) -> str:
    return f"{pages.strip()} {page_noun(pages)}" if pages.strip() else ""


def ris(reference: Reference) -> str:
    """The citation as one RIS record (.ris): 'TAG  - value' lines, with CRLF as the format has it."""
    lines = [("TY", RIS_TYPES.get(reference.type, "GEN")), ("TI", reference.title)]
    lines += [("AU", author) for author in reference.authors]
    lines += [("PY", reference.year), ("PB", reference.publisher), ("M3", reference.type)]
    pages = page_range(reference.pages)
    lines += [("SP", pages[0]), ("EP", pages[1])] if pages else []  # RIS has pages, not a count
    lines += [
        ("UR", reference.address),
        ("L1", reference.file_address),
        ("LA", reference.language),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines if value or tag == "ER")
