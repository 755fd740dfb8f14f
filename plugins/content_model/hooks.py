"""The thin layer between Pelican's signals and the content model.

Pelican reads each file once; on every build (cached or not) it hands the
file's metadata to `apply_content_model` before making the content object.
That is where each file's kind is set, its values normalised and its front
matter checked. Once every file is read, `check_whole_site` adds the checks
that need all files, and stops the build with every problem if there are any.
"""

from __future__ import annotations

import datetime
import html
import os
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.contents import Page
from pelican.urlwrappers import Category, URLWrapper
from redirects import redirects  # its rules import content_model.problems: a module, not a name

from .conversion import read_text
from .files import below, file_problems, is_outside, is_under
from .kinds import ARTICLE_KINDS, KINDS, Kind, kind_of
from .markup_checks import Body, empty_text, sanitiser_problems
from .object_cache import ObjectCache
from .people import Person, load_people
from .problems import ContentProblems, Problem
from .reader import ContentReader
from .regions import load_regions
from .rules import STATUSES, Vocabulary, canonical, check_beyond_the_file, check_front_matter, parse_time
from .sanitise import Sanitiser, sanitiser_for
from .site_checks import (
    Item,
    Name,
    bad_addresses,
    duplicate_slugs,
    related_and_unrelated,
    reserved_slugs,
    stray_files,
    unknown_related,
)
from .text import excerpt_of, plain_text

PROBLEMS = "content_model_problems"  # context key of the problems found while reading
REGION_FACTS = "region_facts"  # context key of REGIONS_FILE's facts by region name (regions.py)
REDIRECT_ROWS = "redirect_rows"  # context key of REDIRECTS_FILE's rows, checked (plugins/redirects)
# Metadata keys Pelican's reading adds itself (not from the front matter), and the reader's own.
PELICAN_OWN_KEYS = ("reader", "front_matter")
TEMPLATES = {"events": "event", "publications": "publication"}
STAND_IN_DATE = datetime.datetime(1970, 1, 1)
# Every list in which Pelican's generators keep content objects (the translation lists stay
# empty while ARTICLE_TRANSLATION_ID and PAGE_TRANSLATION_ID are None, as pelicanconf.py sets).
CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "draft_pages",
    "draft_translations",
    "hidden_pages",
)


def use_content_reader(readers) -> None:
    for extension in ContentReader.file_extensions:
        readers.reader_classes[extension] = ContentReader


def content_root(settings) -> Path:
    return _resolved(settings["PATH"])


@lru_cache(maxsize=8)
def _resolved(path: str) -> Path:
    return Path(path).resolve()


def project_relative(path: str | Path, settings) -> str:
    """A path as a writer sees it: relative to the folder that holds content/.

    Pelican's paths are already absolute and normalised, so this is string work
    (resolving each of 10,000 paths on disk would cost seconds).
    """
    project = str(content_root(settings).parent) + os.sep
    path = str(path)
    return path[len(project) :].replace(os.sep, "/") if path.startswith(project) else path


def vocabulary(settings) -> Vocabulary:
    return _vocabulary(
        tuple(settings["CATEGORIES"]),
        tuple(settings["REGIONS"]),
        tuple(settings["PUBLICATION_TYPES"]),
        content_root(settings),
    )


@lru_cache(maxsize=8)
def _vocabulary(categories, regions, publication_types, root) -> Vocabulary:
    return Vocabulary(categories, regions, publication_types, root)


def apply_content_model(generator, metadata) -> None:
    """Check the front matter, keep only its kind's keys, set the kind and normalise values, for one file."""
    front_matter = metadata.get("front_matter")
    if front_matter is None:  # not read by our reader (not Markdown)
        return
    kind, problems = front_matter_problems(front_matter, generator.settings)
    if kind is None:
        return
    generator.context.setdefault(PROBLEMS, []).extend(problems)
    keep_only_known_keys(metadata, kind)
    normalise(metadata, kind, generator.settings)


def keep_only_known_keys(metadata: dict, kind: Kind) -> None:
    """Drop every front-matter key that is not one of the kind's, before Pelican makes the object.

    Pelican turns every metadata key into an attribute of the object, and reads some as
    instructions (a template, an address, the text itself). Here, after every cache, only
    the kind's own keys remain; any other key is still in `front_matter`, as written.
    """
    for key in [key for key in metadata if key not in kind.keys and key not in PELICAN_OWN_KEYS]:
        del metadata[key]


def front_matter_problems(
    front_matter, settings, check=check_front_matter
) -> tuple[Kind | None, list[Problem]]:
    """The file's kind (None outside the content folders) and what `check` finds wrong in its front
    matter (every rule, or rules.check_beyond_the_file)."""
    path = project_relative(front_matter.path, settings)
    kind = kind_of(path.split("/", 1)[-1])  # below content/
    if kind is None:
        return None, []
    return kind, check(path, kind, front_matter, vocabulary(settings))


def keep_content_objects(generator) -> None:
    """Unchanged files' content objects come from the object cache (object_cache.py), when
    the content cache is on (development builds; production starts from the files alone).

    A kept object's file passed every check when it was read, and the object cache's key
    holds all those checks read (the file's bytes, the settings, the plugins' code), so
    only the checks that look beyond the file run again on every build: a publication's
    File: must still exist. (Running every check again took 0.5-0.9 s of each warm
    build at 10,000 articles.)
    """
    if not generator.settings.get("CACHE_CONTENT"):
        return  # nothing kept, and nothing held in memory to keep

    def problems_found() -> int:
        return len(generator.context.get(PROBLEMS, ()))

    def recheck(content) -> None:
        if hasattr(content, "front_matter"):
            settings = generator.settings
            _, problems = front_matter_problems(content.front_matter, settings, check_beyond_the_file)
            generator.context.setdefault(PROBLEMS, []).extend(problems)

    ObjectCache(generator, problems_found, recheck).install()


def normalise(metadata: dict, kind: Kind, settings) -> None:
    """Configured spellings, parsed event times, and stand-ins for missing values.

    A stand-in (a title from the file name, a 1970 date) only keeps a broken
    file alive until validation reports it; such a build never writes output.
    """
    metadata["kind"] = kind.folder
    metadata["kind_label"] = kind.label
    if kind.folder in TEMPLATES:
        metadata.setdefault("template", TEMPLATES[kind.folder])
    if isinstance(metadata.get("category"), Category):
        name = canonical(metadata["category"].name, tuple(settings["CATEGORIES"]))
        if name:
            metadata["category"] = Category(name, settings)
    if "region" in metadata:
        metadata["region"] = canonical(metadata["region"], tuple(settings["REGIONS"])) or metadata["region"]
    status = str(metadata.get("status", "published")).lower()
    metadata["status"] = status if status in STATUSES else "draft"
    metadata.setdefault("title", html.escape(Path(metadata["front_matter"].path).stem, quote=False))
    if kind.folder in ARTICLE_KINDS:
        metadata.setdefault("date", STAND_IN_DATE)
    else:
        metadata.pop("category", None)  # pages and events have no category
    if kind.folder == "events":
        zone = ZoneInfo(settings["TIMEZONE"])
        for key in ("start", "end"):
            parsed = parse_time(str(metadata.get(key, "")))
            if parsed:
                metadata[key] = parsed.astimezone(zone) if parsed.tzinfo else parsed.replace(tzinfo=zone)
            else:
                metadata.pop(key, None)
    for key in ("related", "unrelated"):  # lists of slugs
        slugs = metadata.get(key)
        if isinstance(slugs, str):
            metadata[key] = [slug.strip() for slug in slugs.split(",") if slug.strip()]
    if isinstance(metadata.get("relatable"), str):  # "Relatable: no" (the rules report other values)
        metadata["relatable"] = metadata["relatable"].strip().casefold() != "no"


def sanitise_content(content) -> None:
    """The text, the Markdown fields and the title of every content object, through the one sanitiser.

    It runs as each object is made (content_object_init), on every build and after
    every cache below it, so what reaches a page, a feed, JSON-LD or the search index
    always passed the allowlist of this build's settings (sanitise.py; IFRAME_HOSTS).
    What it would take away that a writer would miss is reported as a problem of the file.
    """
    front_matter = getattr(content, "front_matter", None)
    if front_matter is None or front_matter.unreadable:
        return
    sanitiser = sanitiser_for(tuple(content.settings.get("IFRAME_HOSTS", ())))
    problems = removal_problems(content, sanitiser)
    if problems:
        content._context.setdefault(PROBLEMS, []).extend(problems)
    content._content = sanitiser.clean(content._content)
    for key, markup in markdown_fields(content):
        clean = sanitiser.clean(markup)
        content.metadata[key] = clean
        if key == "summary":
            content._summary = clean  # Pelican's own copy (its `summary` is a property)
        else:
            setattr(content, key, clean)
    if isinstance(getattr(content, "title", None), str):
        content.metadata["title"] = content.title = sanitiser.clean_text(content.title)


def markdown_fields(content) -> list[tuple[str, str]]:
    """(key, HTML) of each front-matter field Pelican rendered as Markdown (FORMATTED_FIELDS: Summary)."""
    keys = [key.lower() for key in content.settings.get("FORMATTED_FIELDS", ())]
    return [(key, content.metadata[key]) for key in keys if isinstance(content.metadata.get(key), str)]


def removal_problems(content, sanitiser: Sanitiser) -> list[Problem]:
    """What the sanitiser would remove from the text and the Markdown fields that a writer would miss."""
    front_matter = content.front_matter
    path = project_relative(front_matter.path, content.settings)
    problems = []
    findings = sanitiser.findings(content._content)
    if findings:
        source = front_matter.source or read_text(front_matter.path)[0]
        problems += sanitiser_problems(Body(path, source, ""), findings)
    for key, markup in markdown_fields(content):
        written = front_matter.get(key)
        findings = sanitiser.findings(markup) if written else []
        if findings:
            body = Body(path, written.value, "")
            problems += sanitiser_problems(body, findings, field=written.name, line=written.line)
    return problems


def add_plain_text(content) -> None:
    """Every post, update, event, publication and page gets `excerpt` (plain text of about
    EXCERPT_LENGTH characters from its Summary, or else from the start of its body) and
    `plain_title` (the title without typography's markup, for meta tags and email subjects)."""
    if hasattr(content, "front_matter"):
        summary = content.metadata.get("summary", "")
        content.excerpt = excerpt_of(summary, content._content, content.settings["EXCERPT_LENGTH"])
        content.plain_title = plain_text(content.title)


def place_event(content) -> None:
    """Events are read as pages but live under /events/<slug>/ (EVENT_URL, EVENT_SAVE_AS)."""
    if not isinstance(content, Page) or getattr(content, "kind", None) != "events":
        return
    settings = content.settings
    if content.status == "draft" and not settings["DRAFT_PAGE_SAVE_AS"]:
        return  # drafts are not written at all (production)
    content.override_url = settings["EVENT_URL"].format(slug=content.slug)
    content.override_save_as = settings["EVENT_SAVE_AS"].format(slug=content.slug)


def all_contents(generators) -> list:
    """Every content file's object the generators hold, of every status, read by our reader."""
    return [
        content
        for generator in generators
        for name in CONTENT_LISTS
        for content in getattr(generator, name, [])
        if hasattr(content, "front_matter")
    ]


def check_whole_site(generators) -> None:
    """Add the site-wide checks to what reading found; stop the build if anything is wrong."""
    context = generators[0].context
    settings = generators[0].settings
    contents = all_contents(generators)
    items = [site_item(content, settings) for content in contents]
    problems: list[Problem] = list(context.get(PROBLEMS, []))
    problems += text_problems(contents, settings)
    problems += bad_addresses(items)
    problems += duplicate_slugs(items)
    problems += unknown_related(items)
    problems += related_and_unrelated(items)
    problems += reserved_slugs(items, reserved_names(settings))
    problems += stray_files(markdown_outside_kinds(settings), list(KINDS))
    problems += file_problems(context, contents, settings)  # files.py: what a build would copy as it is
    problems += describe_authors(contents, settings)
    problems += describe_regions(context, settings)
    problems += read_redirect_file(context, settings)
    if problems:
        raise ContentProblems(problems)


def text_problems(contents, settings) -> list[Problem]:
    """A file with front matter but no text that is not a draft (the reader kept the text of such files)."""
    problems = []
    for content in contents:
        front_matter = content.front_matter
        if front_matter.source and content.status != "draft":
            path = project_relative(front_matter.path, settings)
            problems += empty_text(Body(path, front_matter.source, content._content))
    return problems


def describe_authors(contents, settings) -> list[Problem]:
    """Give each author of each item the role, organisation and bio from AUTHORS_FILE."""
    path = content_root(settings) / settings["AUTHORS_FILE"]
    people, problems = load_people(path, project_relative(str(path), settings))
    for content in contents:
        for author in getattr(content, "authors", []):
            person = people.get(author.name, Person(author.name))
            author.role, author.organisation, author.bio = person.role, person.organisation, person.bio
    return problems


def describe_regions(context, settings) -> list[Problem]:
    """Keep REGIONS_FILE's facts of each region (its councils and chair) for the region pages."""
    path = content_root(settings) / settings["REGIONS_FILE"]
    facts, problems = load_regions(path, project_relative(str(path), settings), tuple(settings["REGIONS"]))
    context[REGION_FACTS] = facts
    return problems


def read_redirect_file(context, settings) -> list[Problem]:
    """Check REDIRECTS_FILE's rows by the rules the file alone can tell (plugins/redirects), and
    keep them for the build's redirect files and pages (sitebuild/pages/redirects.py)."""
    path = redirect_file(settings)
    shown = project_relative(path, settings)
    try:
        text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    except UnicodeDecodeError:
        context[REDIRECT_ROWS] = []
        fix = "Save it as UTF-8 CSV (a spreadsheet's 'CSV UTF-8'), or export it again."
        return [Problem(shown, 1, "old", "", "The redirects file is not UTF-8 text.", fix)]
    context[REDIRECT_ROWS], problems = redirects.read_redirects(text, shown)
    return problems


class RedirectsSettingError(ValueError):
    """REDIRECTS_FILE names a file the build must not read as its redirects."""

    stage = "reading the redirects"


def redirect_file(settings) -> Path:
    """REDIRECTS_FILE's path, which must be inside content/ and outside STATIC_PATHS (whose files
    are published as they are)."""
    name = settings["REDIRECTS_FILE"]
    relative = below(content_root(settings), name)
    if is_outside(relative) or is_under(relative, tuple(settings["STATIC_PATHS"])):
        raise RedirectsSettingError(
            f"REDIRECTS_FILE is {name!r}: it must name a file inside content/ and outside the folders "
            f"published as they are ({', '.join(settings['STATIC_PATHS'])}), such as 'data/redirects.csv'."
        )
    return content_root(settings) / relative


def site_item(content, settings) -> Item:
    front_matter = content.front_matter
    slug_field = "Slug" if front_matter.get("slug") else "Title"
    written = front_matter.get(slug_field.lower())
    related = getattr(content, "related", [])
    unrelated = getattr(content, "unrelated", [])
    return Item(
        path=project_relative(front_matter.path, settings),
        kind=content.kind,
        slug=content.slug,
        slug_field=slug_field,
        slug_line=front_matter.line_of(slug_field.lower()),
        slug_source=written.value if written else "",
        related=tuple(related) if isinstance(related, list) else (),
        related_line=front_matter.line_of("related"),
        unrelated=tuple(unrelated) if isinstance(unrelated, list) else (),
        unrelated_line=front_matter.line_of("unrelated"),
        names=tuple(listing_names(content, settings)),
    )


def listing_names(content, settings):
    """Each tag, author and series of an item, which gets a listing at an address made from it."""
    front_matter = content.front_matter
    author_key = "authors" if front_matter.get("authors") else "author"
    for key, wrappers in (
        ("tags", getattr(content, "tags", [])),
        (author_key, getattr(content, "authors", [])),
    ):
        field = front_matter.get(key)
        for wrapper in wrappers if field else []:
            yield Name(field.name, wrapper.name, wrapper.slug, field.line)
    series = front_matter.get("series")
    if series and isinstance(content.metadata.get("series"), str):
        name = content.metadata["series"]
        yield Name(series.name, name, URLWrapper(name, settings).slug, series.line)


def reserved_names(settings) -> set[str]:
    """First path segments the site itself uses (blog, category, feeds, theme...)."""
    names = set(KINDS) | {settings["THEME_STATIC_DIR"]}
    for key, value in settings.items():
        if key.endswith(("_URL", "_SAVE_AS")) and isinstance(value, str) and "/" in value:
            first = value.split("/", 1)[0]
            if first and "{" not in first:
                names.add(first)
    return names


def markdown_outside_kinds(settings) -> list[str]:
    root = content_root(settings)
    return sorted(
        project_relative(path, settings)
        for path in root.rglob("*.md")
        if kind_of(path.relative_to(root).as_posix()) is None
    )
