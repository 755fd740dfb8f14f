"""Checks that need the whole site: slugs used twice or unusable, unknown Related slugs, reserved slugs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .problems import Problem, suggestion

RELATED_KINDS = ("blog", "regional-updates")
# A slug is a folder's name in output/: file systems allow 255 bytes, and a feed's
# name adds ".atom.xml" to it. Far longer than any address a person would type.
MAX_SLUG_LENGTH = 200
SINGULAR = {"tags": "Tag", "authors": "Author"}


@dataclass(frozen=True)
class Name:
    """A tag, author or series of one file: each gets a listing at an address made from its slug."""

    field: str  # as written, e.g. "Tags"
    name: str
    slug: str
    line: int


@dataclass(frozen=True)
class Item:
    """What the site-wide checks need to know of one content file."""

    path: str  # relative to the project root
    kind: str  # the kind's folder
    slug: str
    slug_field: str  # "Slug" when written, else "Title" (the slug is made from it)
    slug_line: int
    slug_source: str = ""  # the value of that field, as written
    related: tuple[str, ...] = ()  # Related: slugs shown first
    related_line: int = 1
    unrelated: tuple[str, ...] = ()  # Unrelated: slugs never shown
    unrelated_line: int = 1
    names: tuple[Name, ...] = ()


def bad_addresses(items: list[Item]) -> list[Problem]:
    """A slug that is empty (made from a value with no letter or digit) or too long for a file name."""
    problems = []
    for item in items:
        own = Name(item.slug_field, item.slug_source, item.slug, item.slug_line)
        for name in (own, *item.names):
            problem = _bad_address(item.path, name, is_own=name is own)
            if problem:
                problems.append(problem)
    return problems


def _bad_address(path: str, name: Name, is_own: bool) -> Problem | None:
    shown = name.name if len(name.name) <= 60 else name.name[:60] + "…"
    what = f"{SINGULAR.get(name.field.lower(), name.field.capitalize())} '{shown}'"
    if is_own:
        fix = "Add a 'Slug:' line with a short address of lower-case letters, digits and hyphens."
    else:
        fix = f"Change it to a name with letters or digits, at most {MAX_SLUG_LENGTH} characters long."
    if not any(character.isalnum() for character in name.slug):
        message = f"{what} gives no address: an address is made of its letters and digits, and it has none."
    elif len(name.slug) > MAX_SLUG_LENGTH:
        message = f"{what} gives an address {len(name.slug)} characters long; at most {MAX_SLUG_LENGTH} fit in a file name."
    else:
        return None
    return Problem(path, name.line, name.field, name.name, message, fix)


def duplicate_slugs(items: list[Item]) -> list[Problem]:
    """A problem on each file whose slug another file also has."""
    by_slug: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_slug[item.slug].append(item)
    problems = []
    for slug, sharing in by_slug.items():
        if len(sharing) < 2 or not any(character.isalnum() for character in slug):  # see bad_addresses
            continue
        paths = sorted(item.path for item in sharing)
        for item in sharing:
            problems.append(
                Problem(
                    item.path,
                    item.slug_line,
                    item.slug_field,
                    slug,
                    f"Slug '{slug}' is also the slug of {others(paths, item.path)}; every slug must be unique.",
                    "Give one of them a different title, or add a 'Slug:' line with a unique slug.",
                )
            )
    return problems


def others(paths: list[str], own: str, shown: int = 3) -> str:
    """The first few of `paths` that are not `own`, and how many more (a long list in every line would
    make the report grow with the square of the files sharing a slug)."""
    listed = [path for path in paths[: shown + 1] if path != own][:shown]
    more = len(paths) - 1 - len(listed)
    return ", ".join(listed) + (f" and {more:,} other files" if more else "")


def unknown_related(items: list[Item], suggestions: int = 50) -> list[Problem]:
    """A problem for each `Related:` or `Unrelated:` slug that names no blog post or regional update.

    The first `suggestions` of them get a "did you mean": each suggestion compares one slug
    with every known one, so a suggestion for every one of thousands would take hours.
    """
    known = sorted(item.slug for item in items if item.kind in RELATED_KINDS)
    known_set = set(known)
    problems = []
    for item in items:
        for field, slugs, line in (
            ("Related", item.related, item.related_line),
            ("Unrelated", item.unrelated, item.unrelated_line),
        ):
            for slug in slugs:
                if slug in known_set:
                    continue
                hint = suggestion(slug, known).strip() if len(problems) < suggestions else ""
                problems.append(
                    Problem(
                        item.path,
                        line,
                        field,
                        slug,
                        f"{field} names '{slug}', which is not the slug of any blog post or regional update.",
                        hint or "Use the slug from the address of the post, e.g. /blog/<slug>/.",
                    )
                )
    return problems


def related_and_unrelated(items: list[Item]) -> list[Problem]:
    """A slug named both first (`Related:`) and never (`Unrelated:`) on one post."""
    return [
        Problem(
            item.path,
            item.unrelated_line,
            "Unrelated",
            slug,
            f"Unrelated names '{slug}', which Related names too.",
            "Keep it in one of the two lines: Related shows it first, Unrelated never.",
        )
        for item in items
        for slug in item.unrelated
        if slug in item.related
    ]


def reserved_slugs(items: list[Item], reserved: set[str]) -> list[Problem]:
    """Pages live at /<slug>/, so a page may not take a name the site uses for a section."""
    return [
        Problem(
            item.path,
            item.slug_line,
            item.slug_field,
            item.slug,
            f"Slug '{item.slug}' is the address of a section of the site (/{item.slug}/), "
            "so a page cannot use it.",
            "Add a 'Slug:' line with another slug.",
        )
        for item in items
        if item.kind == "pages" and item.slug in reserved
    ]


def stray_files(paths: list[str], kind_folders: list[str]) -> list[Problem]:
    """Markdown files outside the kind folders would silently never be published."""
    folders = ", ".join(f"{folder}/" for folder in kind_folders)
    return [
        Problem(
            path,
            1,
            "File",
            path,
            f"This file is not in one of the content folders ({folders}), so it would not be published.",
            "Move it into the folder for its kind, e.g. content/blog/.",
        )
        for path in paths
    ]
