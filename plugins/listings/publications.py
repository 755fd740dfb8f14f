"""Publication details for people: file format and size, and a ready-to-copy citation."""

from __future__ import annotations

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


def details(item, settings) -> tuple[str, str]:
    """('PDF, 2.7 KB', citation) for a published publication's page, from the item alone;
    ('', '') for a draft or hidden one, whose page shows neither."""
    if item.status != "published":
        return "", ""
    file_info = ""
    if (
        getattr(item, "file", "") and (Path(settings["PATH"]) / item.file).is_file()
    ):  # else the content model says so
        file_info = ", ".join(file_details(Path(settings["PATH"]) / item.file))
    site = settings["SITEURL"] if not settings["RELATIVE_URLS"] else ""
    address = getattr(item, "link", "") or (f"{site}/{item.url}" if site else f"/{item.url}")
    reference = citation(
        [author.name for author in getattr(item, "authors", [])],
        str(getattr(item, "year", "")),
        plain_text(item.title),
        getattr(item, "publisher", ""),
        str(getattr(item, "pages", "")),
        address,
    )
    return file_info, reference


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
