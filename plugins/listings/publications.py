"""Publication details for people: file format and size, and a ready-to-copy citation."""

from __future__ import annotations

from pathlib import Path


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
        parts.append(f"pp. {pages.replace('-', '–')}." if "-" in pages else f"{pages} pages.")
    if address:
        parts.append(f"Available at: {address}")
    return " ".join(part for part in parts if part)


def by_type_and_year(publications: list, types: list[str]) -> list[tuple[str, list]]:
    """Publications grouped by type (in the configured order), newest year first within each."""
    groups = []
    for kind in types:
        members = [item for item in publications if getattr(item, "type", "") == kind]
        if members:
            members.sort(
                key=lambda item: (-int(getattr(item, "year", 0) or 0), -item.date.timestamp(), item.slug)
            )
            groups.append((kind, members))
    return groups
