"""`invoke new`: start a blog post, regional update, event, publication or page as a draft.

The work is plain functions that tests call without prompting:

- `choose` turns a typed answer (a number or a name, any case) into a configured choice;
- `front_matter_text` and `skeleton` turn the answers into the file's text;
- `file_path` says where the file goes; `slug_for` makes the slug as Pelican does;
- `existing_slugs` and `check_free` refuse a slug another file already has.

`collect` gathers the answers from the options and, only when a required one is
missing and there is a terminal, by asking; `create` writes the file. The task in
tasks.py only passes the options along.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from content_model.front_matter import parse_front_matter
from content_model.problems import did_you_mean, suggestion
from content_model.rules import is_https_url, parse_time
from pelican.utils import slugify

from .build import load_settings

# The guidance `invoke new` writes into a new file, phrase by phrase. A writer
# replaces each one; `invoke check` flags any still there once a file is no
# longer a draft. Every phrase appears in a new file exactly as written here.
PLACEHOLDERS = (
    "Write your introduction here.",
    "Add a heading here",
    "Write the rest of the text here.",
    "Where it happens: a venue and town, or Online",
    "https://www.example.org/replace-with-the-real-address",
)
INTRODUCTION, HEADING, REST, LOCATION, LINK = PLACEHOLDERS


@dataclass(frozen=True)
class NewKind:
    """One kind `invoke new` can start, and what it asks for."""

    name: str  # as typed: --kind blog
    label: str  # as a writer reads it
    folder: str  # under content/
    by_year: bool  # files go in <folder>/<year>/
    required: tuple[str, ...]  # answers it cannot do without
    optional: tuple[str, ...] = ()  # answers it asks for but may leave out


NEW_KINDS = {
    kind.name: kind
    for kind in (
        NewKind("blog", "Blog post", "blog", True, ("title", "category", "authors"), ("region", "tags")),
        NewKind(
            "update",
            "Regional update",
            "regional-updates",
            True,
            ("title", "category", "region", "authors"),
            ("tags",),
        ),
        NewKind("event", "Event", "events", False, ("title",), ("start", "tags")),
        NewKind(
            "publication",
            "Publication",
            "publications",
            False,
            ("title", "category", "type"),
            ("source", "authors", "tags"),
        ),
        NewKind("page", "Page", "pages", False, ("title",)),
    )
}
# Other names a writer might type for a kind.
KIND_ALIASES = {
    **{kind.folder: kind.name for kind in NEW_KINDS.values()},
    **{kind.label.lower(): kind.name for kind in NEW_KINDS.values()},
    "post": "blog",
    "regional update": "update",
}

# How each answer is asked for and named in messages: (option, question).
# In the order they are asked.
QUESTIONS = {
    "kind": ("--kind", "What are you writing?"),
    "title": ("--title", "Title"),
    "category": ("--category", "Which category?"),
    "region": ("--region", "Which region?"),
    "type": ("--type", "Which type of publication?"),
    "source": (
        "--source",
        "Its file under content/ (like files/report.pdf) or its web address (https://...);"
        " press Enter to add it later",
    ),
    "start": ("--start", "Start (YYYY-MM-DD HH:MM; press Enter for tomorrow 10:00, to change later)"),
    "tags": ("--tags", "Tags (separated by commas; press Enter for none)"),
    "authors": ("--authors", "Authors (one name, or several separated by commas)"),
}


class NewPostError(Exception):
    """A clear reason nothing was written."""


@dataclass(frozen=True)
class Choices:
    """What the site's settings allow, and what new files need from them."""

    categories: tuple[str, ...]
    regions: tuple[str, ...]
    types: tuple[str, ...]
    content: Path  # the content folder
    timezone: str = "Europe/London"
    slug_settings: dict = field(default_factory=dict, compare=False)  # Pelican's SLUG* settings
    urls: dict = field(default_factory=dict, compare=False)  # ARTICLE_URL, PAGE_URL, EVENT_URL
    reserved: frozenset[str] = frozenset()  # slugs a page may not take (sections of the site)


def load_choices(project: Path) -> Choices:
    """The choices and paths of the site in `project` (the folder holding pelicanconf.py)."""
    if not (project / "pelicanconf.py").is_file():
        raise NewPostError(
            f"{project} has no pelicanconf.py; run this from the site's folder or give --project."
        )
    settings = load_settings(project.resolve(), production=False)
    from content_model.hooks import reserved_names

    return Choices(
        categories=tuple(settings["CATEGORIES"]),
        regions=tuple(settings["REGIONS"]),
        types=tuple(settings["PUBLICATION_TYPES"]),
        content=Path(settings["PATH"]),
        timezone=settings["TIMEZONE"],
        slug_settings={
            key: settings[key]
            for key in ("SLUG_REGEX_SUBSTITUTIONS", "SLUGIFY_PRESERVE_CASE", "SLUGIFY_USE_UNICODE")
        },
        urls={key: settings[key] for key in ("ARTICLE_URL", "PAGE_URL", "EVENT_URL")},
        reserved=frozenset(reserved_names(settings)),
    )


# -- answers -------------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    kind: str = ""  # a NEW_KINDS name
    title: str = ""
    category: str = ""
    region: str = ""
    type: str = ""
    authors: str = ""
    tags: str = ""
    start: str = ""  # YYYY-MM-DD HH:MM; empty for the placeholder (tomorrow 10:00)
    source: str = ""  # a publication's file under content/ or its https address; empty for a placeholder


def choose(value: str, choices: tuple[str, ...] | list[str], what: str) -> str:
    """The choice `value` names: its number in the list (from 1) or its name, any case.

    Raises NewPostError saying what is allowed, and the closest choice if one is close.
    """
    typed = value.strip()
    if typed.isdigit():
        number = int(typed)
        if 1 <= number <= len(choices):
            return choices[number - 1]
        raise NewPostError(f"{what} {typed} is not a number from 1 to {len(choices)}.")
    folded = typed.casefold()
    for choice in choices:
        if choice.casefold() == folded:
            return choice
    hint = suggestion(typed, tuple(choices))
    raise NewPostError(f"{what} '{typed}' is not one of {', '.join(choices)}.{hint}")


def choose_kind(value: str) -> str:
    """A kind by its number, name or another name for it, written with any spaces, hyphens or case
    ('Blog post', 'blogpost', 'regional-update'); a near miss is refused with the closest name."""
    typed = value.strip().casefold()
    if typed in NEW_KINDS:
        return typed
    names = {squeezed(name): kind for name, kind in KIND_ALIASES.items()} | {kind: kind for kind in NEW_KINDS}
    if squeezed(typed) in names:
        return names[squeezed(typed)]
    if typed.isdigit():
        return choose(typed, tuple(NEW_KINDS), "Kind")
    meant = did_you_mean(squeezed(typed), list(names))
    hint = f" Did you mean '{names[meant]}'?" if meant else ""
    raise NewPostError(f"Kind '{value.strip()}' is not one of {', '.join(NEW_KINDS)}.{hint}")


def squeezed(name: str) -> str:
    """'Blog post', 'blog-post' and 'blogpost' alike: lower case, letters and digits only."""
    return "".join(character for character in name.casefold() if character.isalnum())


def comma_list(value: str) -> str:
    """'a,b ,, c' -> 'a, b, c'."""
    return ", ".join(part.strip() for part in value.split(",") if part.strip())


def check_answer(name: str, value: str, choices: Choices) -> str:
    """One answer, checked and in the form the file needs; raises NewPostError when wrong."""
    value = value.strip()
    if name == "kind":
        return choose_kind(value)
    if name == "category":
        return choose(value, choices.categories, "Category")
    if name == "region":
        return choose(value, choices.regions, "Region")
    if name == "type":
        return choose(value, choices.types, "Type")
    if name in ("authors", "tags"):
        return comma_list(value)
    if name == "start":
        if not parse_time(value):
            raise NewPostError(
                f"Start '{value}' is not a date and time in the form YYYY-MM-DD HH:MM, like 2027-07-08 09:30."
            )
        return value
    if name == "source":
        return checked_source(value, choices)
    if name == "title":
        if not value:
            raise NewPostError("The title is empty.")
        if "\n" in value:
            raise NewPostError("The title must be one line.")
    return value


def checked_source(value: str, choices: Choices) -> str:
    """A publication's https address, or the path of its file under content/ (which must exist)."""
    if value.startswith("https://"):
        if not is_https_url(value):
            raise NewPostError(
                f"'{value}' is not a whole web address; give it like https://www.example.org/report"
            )
        return value
    relative = value.removeprefix("content/").lstrip("/")
    if not (choices.content / relative).is_file():
        files = sorted(
            str(path.relative_to(choices.content)) for path in (choices.content / "files").glob("*")
        )
        hint = suggestion(relative, files) or " Put it in content/files/ first, or give its web address."
        raise NewPostError(
            f"'{value}' is neither a web address starting with https:// nor a file under content/.{hint}"
        )
    return relative


# -- the file ------------------------------------------------------------------


def slug_for(title: str, choices: Choices) -> str:
    """The slug Pelican makes from `title` with the site's settings (SLUGIFY_SOURCE 'title')."""
    settings = choices.slug_settings
    return slugify(
        title,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def existing_slugs(choices: Choices) -> dict[str, Path]:
    """The slug of every Markdown file under content/: its Slug line, or else one made from its Title."""
    slugs: dict[str, Path] = {}
    for path in sorted(choices.content.rglob("*.md")):
        front_matter = parse_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        slug_field, title_field = front_matter.get("slug"), front_matter.get("title")
        if slug_field and slug_field.value.strip():
            slug = slug_field.value.strip()
        else:
            title = title_field.value if title_field and title_field.value.strip() else path.stem
            slug = slug_for(title, choices)
        slugs.setdefault(slug, path)
    return slugs


def check_free(slug: str, kind: str, choices: Choices, project: Path) -> None:
    """Refuse a slug no file can have: empty, another file's, or (for a page) a section's address."""
    if not slug:
        raise NewPostError("The title has no letters or digits to make an address (slug) from.")
    taken = existing_slugs(choices).get(slug)
    if taken:
        raise NewPostError(
            f"The title makes the slug '{slug}', which {shown(taken, project)} already has; "
            "every slug must be unique. "
            "Choose a different title (or open that file if it is the same post)."
        )
    if kind == "page" and slug in choices.reserved:
        raise NewPostError(
            f"The title makes the slug '{slug}', the address of a section of the site (/{slug}/). "
            "Choose a different title for the page."
        )


def file_path(kind: str, slug: str, today: datetime.date, content: Path) -> Path:
    """content/<folder>/[<year>/]<slug>.md"""
    new_kind = NEW_KINDS[kind]
    folder = content / new_kind.folder
    if new_kind.by_year:
        folder = folder / str(today.year)
    return folder / f"{slug}.md"


def address(kind: str, slug: str, choices: Choices) -> str:
    """Where the preview shows the new file, e.g. /blog/<slug>/."""
    new_kind = NEW_KINDS[kind]
    if kind == "page":
        pattern = choices.urls.get("PAGE_URL", "{slug}/")
    elif kind == "event":
        pattern = choices.urls.get("EVENT_URL", "events/{slug}/")
    else:
        pattern = choices.urls.get("ARTICLE_URL", "{kind}/{slug}/")
    return "/" + pattern.format(slug=slug, kind=new_kind.folder)


def front_matter_text(answers: Answers, now: datetime.datetime) -> str:
    """The `Key: value` lines of a new file, ending with `Status: draft`.

    `now` is the local time (Europe/London) the file is written.
    """
    lines = [f"Title: {answers.title}"]
    if answers.kind in ("blog", "update", "publication"):
        lines.append(f"Date: {now:%Y-%m-%d %H:%M}")
        lines.append(f"Category: {answers.category}")
    if answers.kind == "publication":
        lines.append(f"Type: {answers.type}")
        source = answers.source or LINK
        lines.append(f"{'Link' if source.startswith('https://') else 'File'}: {source}")
    if answers.kind == "event":
        start = parse_time(answers.start) if answers.start else None
        if start is None:
            start = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(10, 0))
        end = start + datetime.timedelta(hours=1)
        lines.append(f"Start: {start:%Y-%m-%d %H:%M}")
        lines.append(f"End: {end:%Y-%m-%d %H:%M}")
        lines.append(f"Location: {LOCATION}")
    if answers.region:
        lines.append(f"Region: {answers.region}")
    if answers.kind != "page":
        lines.append(f"Tags: {answers.tags}".rstrip())
    if answers.authors or answers.kind in ("blog", "update"):
        lines.append(f"Authors: {answers.authors}".rstrip())
    lines.append("Status: draft")
    return "\n".join(lines) + "\n"


def skeleton(kind: str, has_source: bool = False) -> str:
    """The body of a new file: guidance a writer replaces, with one section heading.

    A publication given no file or link (`has_source` False) is told how to add one."""
    notes = {
        "event": (
            " Say who it is for, the programme, and how to book"
            " (add a 'Booking: https://...' line at the top)."
        ),
        "publication": " Say what it covers and who it is for."
        + (
            ""
            if has_source
            else " At the top, replace the Link address with the real one,"
            " or replace the Link line with 'File: files/<name>.pdf' for a file in content/files/."
        ),
    }
    return (
        f"{INTRODUCTION} Two or three sentences that tell readers what this is about"
        " and why it matters to them."
        f"{notes.get(kind, '')}\n\n## {HEADING}\n\n{REST} Start each main section with a heading: a line that"
        " starts with ## and a space.\n"
    )


def file_text(answers: Answers, now: datetime.datetime) -> str:
    return front_matter_text(answers, now) + "\n" + skeleton(answers.kind, bool(answers.source))


def shown(path: Path, project: Path) -> str:
    """A path as the writer knows it: from the project folder when inside it."""
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return str(path)


# -- asking --------------------------------------------------------------------


def needed(kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    new_kind = NEW_KINDS[kind]
    return new_kind.required, new_kind.optional


def list_for(name: str, choices: Choices) -> tuple[str, ...]:
    if name == "kind":
        return tuple(f"{kind.label} ({kind.name})" for kind in NEW_KINDS.values())
    return {"category": choices.categories, "region": choices.regions, "type": choices.types}.get(name, ())


def ask(
    name: str,
    choices: Choices,
    prompt: Callable[[str], str],
    say: Callable[[str], None],
    optional: bool = False,
    check: Callable[[str], None] | None = None,
) -> str:
    """Ask until the answer is allowed (or left empty, when `optional`); the checked answer."""
    question = QUESTIONS[name][1]
    listed = list_for(name, choices)
    if listed:
        say(f"{question}{' (optional)' if optional else ''}")
        for number, choice in enumerate(listed, start=1):
            say(f"  {number}. {choice}")
        question = "Type its number or its name" + (" (or press Enter for none)" if optional else "")
    while True:
        typed = prompt(f"{question}: ").strip()
        if not typed:
            if optional:
                return ""
            say("  This one is needed: please type an answer.")
            continue
        try:
            answer = check_answer(name, typed, choices)
            if check:
                check(answer)
            return answer
        except NewPostError as wrong:
            say(f"  {wrong}")


def collect(
    given: Answers,
    choices: Choices,
    project: Path,
    interactive: bool,
    prompt: Callable[[str], str] = input,
    say: Callable[[str], None] = print,
) -> Answers:
    """The answers: the options given, checked, and (on a terminal) the rest asked for.

    With every required option given nothing is asked. Without a terminal, a missing
    required option is an error that names it, never a wait for input.
    """
    values = {name: getattr(given, name) for name in QUESTIONS}
    checked = {name: check_answer(name, value, choices) for name, value in values.items() if value.strip()}

    def title_free(title: str) -> None:
        check_free(slug_for(title, choices), checked["kind"], choices, project)

    if "kind" not in checked and not interactive:
        raise missing_error(["kind"])
    if "kind" not in checked:
        checked["kind"] = ask("kind", choices, prompt, say)
    required, optional = needed(checked["kind"])
    if "title" in checked:
        title_free(checked["title"])
    missing = [name for name in required if name not in checked]
    if missing and not interactive:
        raise missing_error(missing)
    if missing or not values["kind"].strip():
        for name in QUESTIONS:
            if name in required + optional and name not in checked:
                check = title_free if name == "title" else None
                checked[name] = ask(name, choices, prompt, say, optional=name in optional, check=check)
    return Answers(**{name: checked.get(name, "") for name in QUESTIONS})


EXAMPLE_OPTIONS = {
    "kind": "blog",
    "title": '"Your title"',
    "category": "Leadership",
    "region": '"North West"',
    "type": "Report",
    "authors": '"Your Name"',
}


def missing_error(missing: list[str]) -> NewPostError:
    """Without a terminal nothing can be asked: name each missing option, with an example."""
    names = ", ".join(QUESTIONS[name][0] for name in missing)
    example = " ".join(f"{QUESTIONS[name][0]} {EXAMPLE_OPTIONS.get(name, '...')}" for name in missing)
    many = len(missing) > 1
    return NewPostError(
        f"Missing {names}: there is no terminal to ask on (or --no-input was given), so give "
        f"{'them as options' if many else 'it as an option'}, e.g. invoke new {example}. "
        "Run invoke --help new for every option."
    )


# -- writing -------------------------------------------------------------------


@dataclass(frozen=True)
class Created:
    path: Path
    address: str
    answers: Answers


def create(
    project: Path, answers: Answers, now: datetime.datetime | None = None, choices: Choices | None = None
) -> Created:
    """Write the new file for complete, checked `answers`; refuse a taken slug or an existing file."""
    choices = choices or load_choices(project)
    answers = replace(answers, title=check_answer("title", answers.title, choices))
    now = now or datetime.datetime.now(ZoneInfo(choices.timezone))
    slug = slug_for(answers.title, choices)
    check_free(slug, answers.kind, choices, project)
    path = file_path(answers.kind, slug, now.date(), choices.content)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as new_file:
            new_file.write(file_text(answers, now))
    except FileExistsError:
        raise NewPostError(f"{shown(path, project)} already exists; nothing was written.") from None
    return Created(path, address(answers.kind, slug, choices), answers)


def next_steps(created: Created, project: Path) -> str:
    where = shown(created.path, project)
    return "\n".join(
        [
            f"Wrote {where} (a draft: the preview shows it, the published site does not).",
            "",
            "Next:",
            f"  1. Open {where} and replace the guidance text with your own.",
            f"  2. Preview it: run .venv/bin/invoke serve and open http://127.0.0.1:8000{created.address}",
            "  3. Check it: .venv/bin/invoke check",
            "  4. Publish it: delete the line 'Status: draft', then send it for review"
            " (the writing guide's section 9 says how, step by step).",
            "See docs/writing-guide.md for the front matter, images, links and scheduling.",
        ]
    )


def run(project: Path, given: Answers, interactive: bool) -> str:
    """`invoke new` from start to end: the next-steps text to print. Raises NewPostError."""
    choices = load_choices(project)
    try:
        answers = collect(given, choices, project, interactive)
    except (EOFError, KeyboardInterrupt):
        raise NewPostError("\nStopped: nothing was written.") from None
    return next_steps(create(project, answers, choices=choices), project)
