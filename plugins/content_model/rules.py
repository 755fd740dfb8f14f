"""The front-matter rules of DESIGN.md, as plain functions over parsed front matter.

Each check returns Problems; nothing here raises on bad input or needs Pelican.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from dateutil import parser as dateutil_parser
from pelican.contents import Article, Page

from .front_matter import Field, FrontMatter
from .kinds import Kind
from .problems import Problem, suggestion

STATUSES = ("published", "draft", "hidden")
RELATABLE = ("yes", "no")  # Relatable: whether a post may appear in other posts' related lists
# YYYY-MM-DD, optionally with a time: "HH:MM" after a space, or ISO 8601's "THH:MM[:SS]"
# with an optional offset (real archives carry those). strptime alone would take 2026-1-2.
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}(?P<time>[ T]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?$")
# Bidirectional embeddings, overrides and isolates ("Trojan Source": text that reads differently from
# how it is written); browsers order right-to-left words by themselves.
DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# What no front-matter value may hold: control characters (C0 but tab, DEL, C1) and direction controls.
INVISIBLE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{DIRECTION_CONTROLS}]")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
YEAR_PATTERN = re.compile(r"^\d{4}$")
FOUR_DIGITS = re.compile(r"\b\d{4}\b")
TIME_OF_DAY = re.compile(r"\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\b|\b\d{1,2}[:.]\d{2}\b(?![./-]\d)", re.IGNORECASE)


@dataclass(frozen=True)
class Vocabulary:
    """The configured choices, from pelicanconf.py."""

    categories: tuple[str, ...]
    regions: tuple[str, ...]
    publication_types: tuple[str, ...]
    content_root: Path  # where File: paths are looked up


def canonical(value: str, choices: tuple[str, ...]) -> str | None:
    """The configured spelling of `value` when it matches a choice ignoring case."""
    folded = value.strip().casefold()
    return next((choice for choice in choices if choice.casefold() == folded), None)


def parse_date(value: str) -> datetime | None:
    """A date, with or without a time (see DATE_PATTERN), as a datetime; else None.

    The result is naive (UK time) unless the value gives an offset.
    """
    value = value.strip()
    if not DATE_PATTERN.match(value):
        return None
    try:
        return datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        return None


def parse_time(value: str) -> datetime | None:
    """A date with a time (events need one), else None."""
    match = DATE_PATTERN.match(value.strip())
    return parse_date(value) if match and match["time"] else None


def corrected_date(value: str) -> tuple[datetime, bool] | None:
    """A date written another way ('22/11/2026', '12 January 2027 2pm', day before month as in the
    UK) read as the moment it means, and whether it gave a time; None when it names no date with a
    four-digit year (dateutil would otherwise make a date of almost anything, '2' included)."""
    if not FOUR_DIGITS.search(value):
        return None
    try:
        moment = dateutil_parser.parse(value, dayfirst=True, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError):  # ParserError is a ValueError
        return None
    return moment.replace(tzinfo=None), bool(TIME_OF_DAY.search(value))


def date_fix(field_name: str, value: str, needs_time: bool, otherwise: str) -> str:
    """How to fix a date in the wrong form: its value in the right one when it can be read, else
    `otherwise`."""
    corrected = corrected_date(value)
    if corrected is None:
        return otherwise
    moment, has_time = corrected
    if has_time:
        return f"Did you mean '{field_name}: {moment:%Y-%m-%d %H:%M}'? (UK time)"
    if needs_time:
        return f"Write it with its time, like '{field_name}: {moment:%Y-%m-%d} 09:30' (UK time)."
    return f"Did you mean '{field_name}: {moment:%Y-%m-%d}'?"


def wall_clock(moment: datetime) -> datetime:
    """The time as a clock shows it, without its offset, to compare with times written without one."""
    return moment.replace(tzinfo=None)


def is_https_url(value: str) -> bool:
    parts = urlsplit(value.strip())
    return parts.scheme == "https" and bool(parts.netloc) and " " not in value.strip()


def slug_suggestion(value: str) -> str:
    """A valid slug made from `value`: lower case, runs of other characters to one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


class FileChecker:
    """Checks one file's front matter against the rules for its kind."""

    def __init__(self, path: str, kind: Kind, front_matter: FrontMatter, vocabulary: Vocabulary):
        self.path = path
        self.kind = kind
        self.front_matter = front_matter
        self.vocabulary = vocabulary

    def problems(self) -> list[Problem]:
        unreadable = self.front_matter.unreadable
        if unreadable:
            return [self._problem_at(unreadable.line, "File", "", unreadable.message, unreadable.fix)]
        if self.front_matter.late_start and not self.front_matter.fields:
            return [self._late_start()]
        self.misspelt = self._misspelt_keys()
        found = [self._misspelt(field, key) for key, field in self.misspelt.items()]
        found += list(self._missing_fields())
        found += [self._repeated(field) for field in self.front_matter.repeated]
        checks = self._checks()
        for key, field in self.front_matter.fields.items():
            invisible = INVISIBLE.search(field.value)
            if invisible:
                found.append(self._invisible(field, invisible[0]))
            elif key in self.kind.keys:
                check = checks.get(key)
                found += [problem for problem in [check(field) if check else None] if problem]
            elif key in ADDRESS_KEYS:
                found.append(self._check_no_address(field))
            elif reserved(key):
                found.append(self._problem(field, f"{field.name} {reserved(key)}", "Remove the line."))
        return found

    def problems_beyond_the_file(self) -> list[Problem]:
        """The problems of the one check that reads more than the file and the settings."""
        field = self.front_matter.get("file") if "file" in self.kind.keys else None
        problem = self._check_file(field) if field else None
        return [problem] if problem else []

    # -- helpers -------------------------------------------------------------

    def _problem(self, field: Field, message: str, fix: str) -> Problem:
        return Problem(self.path, field.line, field.name, field.value, message, fix)

    def _problem_at(self, line: int, name: str, value: str, message: str, fix: str) -> Problem:
        return Problem(self.path, line, name, value, message, fix)

    def _has(self, key: str) -> bool:
        field = self.front_matter.get(key)
        return bool(field and field.value.strip())

    def _late_start(self) -> Problem:
        line = self.front_matter.late_start
        return self._problem_at(
            1,
            "File",
            "",
            f"The file starts with a blank line, so the site reads none of the front matter on line {line} "
            "onwards (it takes it for text, and the post would have no title, date or status).",
            f"Delete the blank line{'s' if line > 2 else ''} at the top, so that the front matter "
            "starts on line 1.",
        )

    def _misspelt_keys(self) -> dict[str, Field]:
        """Keys the kind does not read that are a letter or two from one it reads and the file lacks
        ('Catgory:' without 'Category:'), by the key they were meant to be. Whole keys are compared
        (difflib, at least 0.8 alike): 'Start:' on a blog post is another kind's key, not 'Status:'."""
        absent = [key for key in self.kind.keys if not self.front_matter.get(key)]
        misspelt = {}
        for key, field in self.front_matter.fields.items():
            if key in self.kind.keys or key in ADDRESS_KEYS or reserved(key):
                continue
            meant = difflib.get_close_matches(key, absent, n=1, cutoff=0.8)
            if meant and meant[0] not in misspelt:
                misspelt[meant[0]] = field
        return misspelt

    def _misspelt(self, field: Field, meant: str) -> Problem:
        name = "Authors" if meant in ("author", "authors") else meant.capitalize()
        return self._problem(
            field,
            f"{field.name} is not a key the site reads, so its value is not used.",
            f"Did you mean '{name}:'? Correct the key's spelling.",
        )

    def _missing_fields(self) -> Iterator[Problem]:
        for key in self.kind.required:
            present = self._has(key) or (key == "authors" and self._has("author"))
            if key in self.misspelt or (key == "authors" and "author" in self.misspelt):
                continue  # reported at the misspelt line
            if not present:
                name = key.capitalize()
                yield self._problem_at(
                    self.front_matter.line_of(key),
                    name,
                    "",
                    f"{name} is missing; every {self.kind.label.lower()} needs one.",
                    f"Add a line '{name}: {EXAMPLES.get(key, '...')}' to the front matter at the top.",
                )
        if self.kind.folder == "publications" and not (self._has("file") or self._has("link")):
            yield self._problem_at(
                1,
                "File",
                "",
                "A publication needs a File or a Link; it has neither.",
                "Add 'File: files/<name>.pdf' (a file under content/) or 'Link: https://...'.",
            )

    def _invisible(self, field: Field, character: str) -> Problem:
        name = unicodedata.name(character, "control").lower()
        if character in DIRECTION_CONTROLS:
            why = "which makes the text read differently from how it is written"
            fix = "Delete it (retype the value): right-to-left words need no such character."
        else:
            why = "which a title, a name or an address cannot carry"
            fix = "Delete it: retype the value, or paste it again as plain text."
        return self._problem(
            field, f"{field.name} holds an invisible {name} character (U+{ord(character):04X}), {why}.", fix
        )

    def _repeated(self, field: Field) -> Problem:
        first = self.front_matter.fields[field.name.lower()]
        return self._problem(
            field,
            f"{field.name} is given twice (first on line {first.line}).",
            "Keep one of the two lines.",
        )

    def _checks(self) -> dict[str, Callable[[Field], Problem | None]]:
        return {
            "title": self._check_not_empty,
            "date": self._check_date,
            "category": self._check_category,
            "region": self._check_region,
            "status": self._check_status,
            "relatable": self._check_relatable,
            "slug": self._check_slug,
            "start": self._check_start,
            "end": self._check_end,
            "booking": self._check_https,
            "link": self._check_https,
            "type": self._check_type,
            "year": self._check_year,
            "file": self._check_file,
        }

    # -- one check per field ------------------------------------------------

    def _check_not_empty(self, field: Field) -> Problem | None:
        if field.value.strip():
            return None
        return self._problem(
            field, f"{field.name} is empty.", f"Write the {field.name.lower()} after '{field.name}:'."
        )

    def _check_date(self, field: Field) -> Problem | None:
        if parse_date(field.value):
            return None
        return self._problem(
            field,
            f"Date '{field.value}' is not a date in the form YYYY-MM-DD or YYYY-MM-DD HH:MM.",
            date_fix(
                field.name,
                field.value,
                needs_time=False,
                otherwise="Write it like 'Date: 2026-11-22' or 'Date: 2026-11-22 09:30' (UK time).",
            ),
        )

    def _check_choice(self, field: Field, choices: tuple[str, ...], what: str) -> Problem | None:
        if canonical(field.value, choices):
            return None
        hint = suggestion(field.value, choices).strip()
        return self._problem(
            field,
            f"{field.name} '{field.value}' is not one of {', '.join(choices)}.",
            hint or f"Use one of the configured {what}.",
        )

    def _check_category(self, field: Field) -> Problem | None:
        return self._check_choice(field, self.vocabulary.categories, "categories")

    def _check_region(self, field: Field) -> Problem | None:
        return self._check_choice(field, self.vocabulary.regions, "regions")

    def _check_type(self, field: Field) -> Problem | None:
        return self._check_choice(field, self.vocabulary.publication_types, "publication types")

    def _check_status(self, field: Field) -> Problem | None:
        return self._check_choice(field, STATUSES, "statuses")

    def _check_relatable(self, field: Field) -> Problem | None:
        if canonical(field.value, RELATABLE):
            return None
        return self._problem(
            field,
            f"Relatable '{field.value}' is not yes or no.",
            "Write 'Relatable: no' to keep this post out of other posts' related lists, or remove the line.",
        )

    def _check_slug(self, field: Field) -> Problem | None:
        if SLUG_PATTERN.match(field.value.strip()):
            return None
        fixed = slug_suggestion(field.value)
        return self._problem(
            field,
            f"Slug '{field.value}' may only hold lower-case letters, digits and single hyphens.",
            f"Did you mean '{fixed}'?" if fixed else "Remove the line to make the slug from the title.",
        )

    def _check_start(self, field: Field) -> Problem | None:
        if parse_time(field.value):
            return None
        return self._problem(
            field,
            f"Start '{field.value}' is not a date and time in the form YYYY-MM-DD HH:MM.",
            date_fix(
                field.name,
                field.value,
                needs_time=True,
                otherwise="Write it like 'Start: 2027-07-08 09:30' (UK time).",
            ),
        )

    def _check_end(self, field: Field) -> Problem | None:
        end = parse_time(field.value)
        if not end:
            return self._problem(
                field,
                f"End '{field.value}' is not a date and time in the form YYYY-MM-DD HH:MM.",
                date_fix(
                    field.name,
                    field.value,
                    needs_time=True,
                    otherwise="Write it like 'End: 2027-07-08 17:00' (UK time).",
                ),
            )
        start_field = self.front_matter.get("start")
        start = parse_time(start_field.value) if start_field else None
        if start and wall_clock(end) <= wall_clock(start):
            return self._problem(
                field,
                f"End '{field.value}' is not after Start '{start_field.value}'.",
                "Make End later than Start, or correct Start.",
            )
        return None

    def _check_https(self, field: Field) -> Problem | None:
        if is_https_url(field.value):
            return None
        return self._problem(
            field,
            f"{field.name} '{field.value}' is not a web address starting with https://.",
            f"Write the full address, like '{field.name}: https://www.example.org/page'.",
        )

    def _check_year(self, field: Field) -> Problem | None:
        if YEAR_PATTERN.match(field.value.strip()):
            return None
        return self._problem(
            field, f"Year '{field.value}' is not a four-digit year.", "Write it like 'Year: 2026'."
        )

    def _check_no_address(self, field: Field) -> Problem:
        return self._problem(
            field,
            f"{field.name} is not used on this site: Pelican would take the page's address from it, "
            "and addresses come from the folder and the slug.",
            "Remove the line (to choose the address, add a 'Slug:' line).",
        )

    def _check_file(self, field: Field) -> Problem | None:
        root = self.vocabulary.content_root
        relative = PurePosixPath(field.value.strip().lstrip("/"))
        if relative.parts[:1] == ("content",):
            return self._problem(
                field,
                f"File '{field.value}' starts with 'content/', but File paths are relative to content/.",
                f"Did you mean '{PurePosixPath(*relative.parts[1:])}'?",
            )
        target = (root / relative).resolve()
        inside = target.is_relative_to(root.resolve())
        if inside and target.is_file():
            return None
        siblings = (
            sorted(
                str(path.relative_to(root)) for path in (root / relative.parent).glob("*") if path.is_file()
            )
            if inside and (root / relative.parent).is_dir()
            else []
        )
        return self._problem(
            field,
            f"File '{field.value}' does not exist under content/.",
            suggestion(str(relative), siblings).strip()
            or "Put the file under content/files/ and give its path from there.",
        )


# Pelican's keys that set an address (Lang makes a translation at "<slug>-<lang>.html"):
# a file may not choose where it is written.
ADDRESS_KEYS = ("save_as", "url", "lang")
# Names Pelican takes from front matter as instructions, or keeps on its content objects itself.
# (Only a kind's own keys reach Pelican at all: hooks.apply_content_model drops the rest. These are
# refused by name so that a writer learns the key does nothing, and why.)
PELICAN_NAMES = frozenset(
    {*dir(Article), *dir(Page)}
    | {
        "settings",
        "translations",
        "metadata",
        "template",
        "in_default_lang",
        "lang",
        "source_path",
        "relative_source_path",
        "date_format",
        "timezone",
        "locale_date",
        "locale_modified",
        "default_status",
        "override_url",
        "override_save_as",
        "translation",
        "reader",
        "content",
        "summary",
    }  # fmt: skip
)
# Names the site's plugins give content objects (tests/sites/test_front_matter_keys.py compares this
# with the objects of a real build, so a plugin that adds one must add it here).
SITE_NAMES = frozenset(
    {
        "kind",
        "kind_label",
        "front_matter",
        "excerpt",
        "plain_title",
        "related_articles",
        "related_heading",
        "structured_data",
        "section",
        "previous_in_kind",
        "next_in_kind",
        "calendar_url",
        "citation",
        "file_format",
        "file_size",
        "region_listing",
        "series_listing",
    }  # fmt: skip
)


def reserved(key: str) -> str:
    """Why a front-matter key (lower case) that is not one of its kind's keys may not be written, or ''.

    Any other key a file carries is kept as written (an archive's own metadata) but used for nothing.
    """
    if key.startswith("_"):
        return "is a private name (it starts with '_'): the site's own code uses such names."
    if key in PELICAN_NAMES:
        return "is a name Pelican uses itself: it would take it as an instruction, not as information."
    if key in SITE_NAMES:
        return "is a name the site uses itself for what it shows on the page."
    return ""


EXAMPLES = {
    "title": "A clear title",
    "date": "2026-11-22",
    "category": "Leadership",
    "authors": "Your Name",
    "region": "North West",
    "start": "2027-07-08 09:30",
    "type": "Report",
}


def check_front_matter(
    path: str, kind: Kind, front_matter: FrontMatter, vocabulary: Vocabulary
) -> list[Problem]:
    """Every problem in one file's front matter, by the rules for its kind."""
    return FileChecker(path, kind, front_matter, vocabulary).problems()


def check_beyond_the_file(
    path: str, kind: Kind, front_matter: FrontMatter, vocabulary: Vocabulary
) -> list[Problem]:
    """The problems of the checks that look beyond the file: File: must name a file under content/.

    Every other check is a function of the file's text and the settings alone, so for a file
    whose front matter passed every check, with the same settings, this is all that can change.
    """
    return FileChecker(path, kind, front_matter, vocabulary).problems_beyond_the_file()
