"""What each old article becomes: its kind, category, region, type, slug, file and front matter.

`Rules` holds the settings the import reads (IMPORT_* in pelicanconf.py and the
content model's lists); the functions here are pure, so tests need no archive.
Every guess is returned with a note for the report, never made silently.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from pelican.utils import slugify

KIND_FOLDERS = {"blog": "blog", "update": "regional-updates", "event": "events",
                "publication": "publications", "page": "pages"}  # fmt: skip
FOLDER_KINDS = {folder: kind for kind, folder in KIND_FOLDERS.items()}
KIND_NAMES = {"blog": "blog post", "update": "regional update", "event": "event",
              "publication": "publication", "page": "page"}  # fmt: skip
UPDATE_TITLE = re.compile(r"^\s*(?P<region>.+?)\s+region(?:al)?\b.*\bupdate\b", re.IGNORECASE)


def fold(text: str) -> str:
    """'General-Subject', 'general subject' and 'GENERAL_SUBJECT' alike."""
    return re.sub(r"[\s_-]+", " ", text.replace("&", " and ")).strip().casefold()


@dataclass(frozen=True)
class Rules:
    categories: tuple[str, ...]
    category_map: dict[str, str]  # folded old label or section -> category
    default_category: str
    regions: dict[str, str]  # folded region name or abbreviation -> region
    event_sections: frozenset[str]
    publication_types: tuple[tuple[str, str], ...]  # (folded word, type)
    default_publication_type: str
    publication_file_types: frozenset[str]
    listings: dict[str, str]
    default_author: str
    slug_settings: dict
    reserved: frozenset[str]
    max_page_bytes: int

    @classmethod
    def from_settings(cls, settings, reserved: frozenset[str]) -> Rules:
        regions = {fold(name): name for name in settings["REGIONS"]}
        regions |= {fold(short): name for short, name in settings["IMPORT_REGIONS"].items()}
        return cls(
            categories=tuple(settings["CATEGORIES"]),
            category_map={fold(old): new for old, new in settings["IMPORT_CATEGORIES"].items()}
            | {fold(name): name for name in settings["CATEGORIES"]},
            default_category=settings["IMPORT_DEFAULT_CATEGORY"],
            regions=regions,
            event_sections=frozenset(fold(name) for name in settings["IMPORT_EVENT_SECTIONS"]),
            publication_types=tuple(
                (fold(word), kind) for word, kind in settings["IMPORT_PUBLICATION_TYPES"].items()
            ),
            default_publication_type=settings["IMPORT_DEFAULT_PUBLICATION_TYPE"],
            publication_file_types=frozenset(t.casefold() for t in settings["IMPORT_PUBLICATION_FILE_TYPES"]),
            listings=dict(settings["IMPORT_LISTINGS"]),
            default_author=settings["AUTHOR"],
            slug_settings={
                key: settings[key] for key in ("SLUG_REGEX_SUBSTITUTIONS", "SLUGIFY_PRESERVE_CASE")
            },
            reserved=reserved,
            max_page_bytes=int(settings["IMPORT_MAX_PAGE_BYTES"]),
        )

    def slug(self, text: str) -> str:
        return slugify(
            text,
            regex_subs=self.slug_settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=self.slug_settings.get("SLUGIFY_PRESERVE_CASE", False),
        )


def category_for(label: str, section: str, rules: Rules) -> tuple[str, str]:
    """The category, and a note when it was guessed ('' when the label or section is mapped)."""
    for old in (label, section):
        if old and fold(old) in rules.category_map:
            return rules.category_map[fold(old)], ""
    shown = f"category '{label}'" if label else f"section '{section}'"
    return rules.default_category, (
        f"guessed the category '{rules.default_category}': the old {shown} is not in IMPORT_CATEGORIES"
    )


def region_in_title(title: str, rules: Rules) -> tuple[str, str] | None:
    """For a title like 'NW Region February 2016 Update': (region, '') when the region is known,
    ('', region as written) when it is not; None for other titles."""
    match = UPDATE_TITLE.match(title)
    if not match:
        return None
    written = match["region"].strip()
    return rules.regions.get(fold(written), ""), written


def kind_for(section: str, title: str, document_links: list[str], rules: Rules) -> tuple[str, str, str]:
    """(kind, region, note): an event by its section, a regional update by its title, a
    publication when its text links a document, else a blog post."""
    if fold(section) in rules.event_sections:
        return "event", "", ""
    update = region_in_title(title, rules)
    if update is not None:
        region, written = update
        if region:
            return "update", region, ""
        note = (f"looks like a regional update, but the region '{written}' is not known: imported as a blog "
                "post (add the name to IMPORT_REGIONS and import again)")  # fmt: skip
        return "blog", "", note
    if document_links:
        return "publication", "", ""
    return "blog", "", ""


def publication_type(title: str, rules: Rules) -> tuple[str, str]:
    folded = fold(title)
    for word, kind in rules.publication_types:
        if re.search(rf"\b{re.escape(word)}\b", folded):
            return kind, ""
    return rules.default_publication_type, (
        f"guessed the type '{rules.default_publication_type}': "
        "no word of the title is in IMPORT_PUBLICATION_TYPES"
    )


def listing_address(section: str, rules: Rules) -> str:
    """Where an old section's listing goes on the new site."""
    if section in rules.listings:
        return rules.listings[section]
    if fold(section) in rules.category_map:
        return f"/category/{rules.slug(rules.category_map[fold(section)])}/"
    return rules.listings.get("blog", "/blog/")


def new_address(kind: str, slug: str) -> str:
    return f"/{slug}/" if kind == "page" else f"/{KIND_FOLDERS[kind]}/{slug}/"


def file_path(kind: str, slug: str, date: datetime.datetime | None) -> str:
    """Below content/: blog posts and updates in a folder per year, as `invoke new` writes them."""
    folder = KIND_FOLDERS[kind]
    if kind in ("blog", "update") and date is not None:
        folder = f"{folder}/{date.year}"
    return f"{folder}/{slug}.md"


def one_line(text: str) -> str:
    """A front-matter value: one line, no commas where commas separate values."""
    return re.sub(r"\s+", " ", text).strip()


def listed(values: list[str]) -> str:
    """Tags or authors as the comma-separated value the content model reads (a comma inside a
    name would split it, so it becomes a space)."""
    seen: dict[str, str] = {}
    for value in values:
        cleaned = one_line(value.replace(",", " "))
        if cleaned and cleaned.casefold() not in seen:
            seen[cleaned.casefold()] = cleaned
    return ", ".join(seen.values())


def front_matter(fields: list[tuple[str, str]]) -> str:
    """The `Key: value` lines, leaving out empty values."""
    return "".join(f"{key}: {one_line(value)}\n" for key, value in fields if value)
