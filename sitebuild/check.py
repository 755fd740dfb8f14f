"""`invoke check`: everything a reviewer wants to know before publishing, without building.

The site is read as a development build reads it (drafts included, so a draft
under review is checked too), with every plugin, and nothing is written. The
findings are everything that would stop a build (the content model's
front-matter and site-wide problems, raw HTML that is not allowed, an empty text
in a file that is no longer a draft) plus the checks of
`content_model/markup_checks.py`'s `check_body` on each file's text: broken
internal links, images without alt text or too large, headings that skip a
level, and placeholder text in a file that is no longer a draft. Once those are
clean, the build's own steps short of rendering list every file it would write,
against which the redirects file is checked as a build checks it (an old address
that is a page of the site, a new address that is none). They are reported like
a build's problems, sorted by file and line, or as JSON for a review bot.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from content_model.hooks import all_contents, content_root, project_relative
from content_model.markup_checks import Body, SiteMap, check_body
from content_model.problems import ContentProblems, Problem, format_report
from pelican import signals
from pelican.urlwrappers import Author, Category, Tag

from .build import DEVELOPMENT, PRODUCTION, ErrorCounter, SettingsError, describe_failure, load_settings
from .explain import read_site
from .new_post import PLACEHOLDERS  # the guidance `invoke new` writes into a new file
from .pages.build import site_pages
from .pipeline import chrome, every_task

# Settings whose `{slug}` pattern gives one address per category, tag, author, region or series.
TAXONOMY_PREFIXES = {
    "CATEGORY_": "categories",
    "TAG_": "tags",
    "AUTHOR_": "authors",
    "REGION_": "regions",
    "SERIES_": "series_list",
}


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0  # content files read
    complete: bool = True  # False when the site could not be read (or Pelican reported errors)
    notes: list[str] = field(default_factory=list)  # why it is not complete, in plain words

    @property
    def failed(self) -> bool:
        return bool(self.problems) or not self.complete


def check_site(project: Path) -> CheckResult:
    """Read the site in `project` (the folder holding pelicanconf.py) and check every content file."""
    project = project.resolve()
    if not (project / DEVELOPMENT).is_file():
        return CheckResult(complete=False, notes=[f"{project} has no {DEVELOPMENT}: give the site's folder."])
    generators, result = read(project)
    if not generators:
        result.notes.append("The checks of each file's text did not run: fix this first.")
        return result
    settings = generators[0].settings
    contents = all_contents(generators)
    production, unread = production_settings(project)
    if unread:  # the production build reports it; links to feeds may then look broken
        result.complete = False
        result.notes.append(unread)
    result.problems += text_problems(generators, production)
    if not result.problems:
        try:
            result.problems += publishing_problems(generators)
        except Exception as failure:  # a setting the build refuses too, said as the build says it
            result.complete = False
            result.notes.append(describe_failure(failure))
    result.problems = sorted(set(result.problems))
    checked = {project_relative(content.front_matter.path, settings) for content in contents}
    result.files = len(checked | {problem.path for problem in result.problems})
    return result


def production_settings(project: Path) -> tuple[dict, str]:
    """publishconf.py's settings, for the addresses only production writes (its feeds); with {}, why
    they could not be read."""
    if not (project / PRODUCTION).is_file():
        return {}, ""
    try:
        return load_settings(project, production=True), ""
    except Exception as failure:
        return {}, f"{PRODUCTION} could not be read: {type(failure).__name__}: {failure}"


def text_problems(generators: list, production: dict, only: Collection[str] | None = None) -> list[Problem]:
    """The checks of each content file's text (content_model/markup_checks.py's `check_body`):
    of every file, or of the files whose absolute paths are in `only` (the preview's saved files).
    `production` is publishconf.py's settings, whose addresses (feeds) links may use."""
    settings, context = generators[0].settings, generators[0].context
    contents = all_contents(generators)
    chosen = contents
    if only is not None:
        chosen = [content for content in contents if os.path.abspath(content.front_matter.path) in only]
    if not chosen:
        return []
    site = site_map(context, contents, settings, production)
    root = content_root(settings)
    options = {
        "image_max_bytes": int(settings.get("IMAGE_MAX_BYTES", 500_000) or 0),
        "placeholders": PLACEHOLDERS,
    }
    problems = []
    for content in chosen:
        path = Path(content.front_matter.path)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the content model has reported a file it could not read
        if content.front_matter.unreadable:
            continue  # nor is an empty or binary file's text worth checking
        body = Body(
            project_relative(path, settings),
            source,
            content._content,
            folder=below(path.parent, root),
            address=address_of(content.url),
            draft=content.status == "draft",
        )
        problems += check_body(body, site, **options)
    return problems


def publishing_problems(generators: list) -> list[Problem]:
    """What only the list of files a build writes shows: a redirect whose old address is a page of
    the site, or whose new address is none. The build's own steps, short of rendering (so only
    once the content itself is right: the pages are made from it)."""
    site = chrome(generators[0].settings)
    pages = site_pages(generators, site)
    outlines = [pages.item_outline(number) for number in range(pages.count)]
    try:
        for _ in every_task(generators, pages, outlines, site):
            pass
    except ContentProblems as found:
        return list(found.problems)
    return []


def read(project: Path) -> tuple[list, CheckResult]:
    """Pelican's generators after reading every file (or [] if it failed), and the content model's problems.

    The content model stops a reading with ContentProblems only once every file
    is read, so the generators (kept as Pelican makes them) are complete and the
    other checks go on. Any other failure means the site could not be read: no
    generators, and a result that says so.
    """
    generators: list = []
    result = CheckResult()
    errors = ErrorCounter()
    pelican_logger = logging.getLogger("pelican")
    level = pelican_logger.level
    pelican_logger.setLevel(logging.ERROR)  # its warnings (empty alt text...) repeat what the checks say
    pelican_logger.addHandler(errors)
    try:
        with signals.generator_init.connected_to(generators.append):
            read_site(project)
    except Exception as failure:  # a broken settings file too: every failure is a message, not a traceback
        problems = getattr(failure, "problems", None)
        if problems is None:
            result.complete = False
            named = failure if isinstance(failure, SettingsError) else f"{type(failure).__name__}: {failure}"
            result.notes.append(f"The site could not be read: {named}")
            generators = []
        else:
            result.problems += problems  # front matter and site-wide rules
    finally:
        pelican_logger.removeHandler(errors)
        pelican_logger.setLevel(level)
    if errors.messages:
        result.complete = False
        result.notes += ["Pelican reported errors while reading the site (a build would fail too):"]
        result.notes += errors.messages
    if generators and "articles" not in generators[0].context:
        result.complete = False
        result.notes.append("The site could not be read: Pelican found no articles list.")
        generators = []
    return generators, result


def below(path: Path, root: Path) -> str:
    """`path` relative to the content folder `root`, with '/' ("" for the folder itself)."""
    relative = Path(os.path.relpath(path.resolve(), root)).as_posix()
    return "" if relative == "." else relative


def address_of(url: str) -> str:
    """A URL setting's value (relative to the site) as an address from the root: 'blog/a/' -> '/blog/a/'."""
    url = "/" + str(url).lstrip("/")
    return url[: -len("index.html")] if url.endswith("/index.html") or url == "/index.html" else url


def site_map(context: dict, contents: list, settings: dict, production: dict) -> SiteMap:
    """Every address the site will have, from the read content and the *_URL / *_SAVE_AS settings.

    Both settings files count: a link to a feed that only production writes is fine.
    """
    root = content_root(settings)
    files = files_under(root)
    wrappers = {
        "categories": [pair[0] for pair in context.get("categories", [])],
        "tags": [pair[0] if isinstance(pair, tuple) else pair for pair in context.get("tags", [])],
        "authors": [pair[0] for pair in context.get("authors", [])],
        "regions": list(context.get("regions", [])),
        "series_list": list(context.get("series_list", [])),
    }
    addresses = {address_of(content.url) for content in contents}
    addresses |= {address_of(item.url) for items in wrappers.values() for item in items}
    addresses |= {address_of(section.url) for section in context.get("sections", [])}
    only_production = [(key, value) for key, value in production.items() if settings.get(key) != value]
    both = [*settings.items(), *only_production]
    addresses |= setting_addresses(both, wrappers, contents, context.get("articles", []))
    static = {}
    for item in context.get("staticfiles", []):
        relative = below(Path(item.source_path), root) if item.source_path else ""
        if relative in files:  # Pelican lists a missing {static} file too
            static[address_of(item.url)] = relative
    theme_static = Path(settings["THEME"]) / "static"
    prefix = "/" + settings.get("THEME_STATIC_DIR", "theme").strip("/") + "/"
    addresses |= {prefix + path for path in files_under(theme_static)}
    drafts = [content for content in contents if content.status == "draft"]
    return SiteMap(
        addresses=frozenset(addresses),
        files=files,
        static=static,
        draft_addresses=frozenset(address_of(content.url) for content in drafts),
        draft_files=frozenset(below(Path(content.front_matter.path), root) for content in drafts),
        taxonomy={
            "tag": lambda name: address_of(Tag(name, settings).url),
            "category": lambda name: address_of(Category(name, settings).url),
            "author": lambda name: address_of(Author(name, settings).url),
        },
    )


def files_under(folder: Path) -> dict[str, int]:
    """Every file below `folder` (path relative to it, with '/') and its size in bytes.

    Strings, not Path objects: twice as quick over 10,000 files, and the preview lists them
    after every build. Links to folders are not followed, as Path.rglob does not.
    """
    files = {}
    start = len(str(folder)) + 1
    for parent, _, names in os.walk(folder):
        relative = parent[start:].replace(os.sep, "/")
        for name in names:
            try:
                status = os.stat(os.path.join(parent, name))
            except OSError:  # a link to nothing
                continue
            if stat.S_ISREG(status.st_mode):
                files[f"{relative}/{name}" if relative else name] = status.st_size
    return files


def setting_addresses(values: list[tuple], wrappers: dict, contents: list, articles: list) -> set[str]:
    """The addresses that address settings (*_URL, *_SAVE_AS, feeds) give, filled in from the content;
    `values` are (setting, value) pairs, a setting that both settings files give alike once."""
    addresses = set()
    for key, value in values:
        if not isinstance(value, str) or not value or "://" in value:
            continue
        if not (key.endswith(("_URL", "_SAVE_AS")) or key.startswith("FEED_") or "_FEED_" in key):
            continue
        prefix = next((prefix for prefix in TAXONOMY_PREFIXES if key.startswith(prefix)), None)
        if "{" not in value:
            addresses.add(address_of(value))  # /archive/, /search/, /feeds/all.atom.xml...
        elif prefix and "{slug}" in value:
            items = wrappers[TAXONOMY_PREFIXES[prefix]]
            addresses |= {address_of(value.format(slug=item.slug)) for item in items}
        elif key.startswith("EVENT_") and "{slug}" in value:
            events = [content for content in contents if getattr(content, "kind", "") == "events"]
            addresses |= {address_of(value.format(slug=event.slug)) for event in events}
        elif key.startswith("YEAR_ARCHIVE_") and "{date" in value:
            addresses |= {address_of(value.format(date=article.date)) for article in articles}
    return addresses


def as_text(result: CheckResult) -> str:
    lines = []
    if result.problems:
        lines.append(format_report(result.problems))
    elif result.complete:
        noun = "file" if result.files == 1 else "files"
        lines.append(f"No problems found in {result.files} content {noun}.")
    lines += result.notes
    return "\n".join(lines)


def as_json(result: CheckResult) -> str:
    data = {"problems": [problem.as_dict() for problem in result.problems], "files": result.files}
    if not result.complete:
        data["complete"] = False
        data["notes"] = result.notes
    return json.dumps(data, indent=2, ensure_ascii=False)


def main(project: Path, as_json_output: bool = False) -> int:
    """Print the findings; 1 when any problem remains (or the site could not be read), else 0."""
    result = check_site(project)
    print(as_json(result) if as_json_output else as_text(result))
    return 1 if result.failed else 0


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m sitebuild.check")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="folder holding pelicanconf.py")
    parser.add_argument("--json", action="store_true", help="print JSON for a review bot")
    arguments = parser.parse_args()
    sys.exit(main(arguments.project, arguments.json))
