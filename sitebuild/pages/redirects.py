"""The redirects of old addresses, as tasks: `_redirects`, the nginx map and a page at each old address.

The content model read REDIRECTS_FILE and checked what the file alone can tell (its
site-wide check, which `invoke check` runs too); the rows are in the context. What
needs the files the build writes is checked here, once every other task has passed
(plugins/redirects/redirects.py, `check_against_site`): an old address the build
publishes a page or file at, and a new address that is no page or file of the build.
Problems stop the build with the content model's report; nothing is published.

A new address that is an item this build does not write is left out of this build,
with one info line, rather than refused: a draft in a production build (publishconf.py
sets DRAFT_SAVE_AS and DRAFT_PAGE_SAVE_AS to "", so drafts get no file) or a post dated
later (WITH_FUTURE_DATES = False makes it a draft until its date). The redirect is right,
only early: it is published by the first build that publishes its page, and a production
build never points readers at a missing page. Development builds write drafts, so there it
is published at once, as the preview should show. Either way the item's address counts as
taken: an old address that a draft will have is refused in every build, not only once the
draft is published.

The files come after the feeds and the sitemap, so no redirect page is ever in the sitemap,
and their pages carry no data-pagefind-body, so Pagefind leaves them out of the search index.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from content_model.hooks import REDIRECT_ROWS, all_contents, project_relative
from content_model.problems import ContentProblems
from pelican.contents import Article
from pelican.utils import get_relative_path, path_to_url
from redirects.redirects import (
    Redirect,
    WrittenSite,
    check_against_site,
    each_page,
    netlify_rules,
    nginx_rules,
    site_prefix,
)

from . import models as m
from .build import Task
from .render import Renderer
from .renderers import NGINX_MAP, REDIRECTS

logger = logging.getLogger(__name__)

SEARCH_INDEX_FOLDER = "pagefind"  # plugins/search: Pagefind's own folder (pagefind-2/... past 2,000 pages)


def redirect_tasks(generators: list, written: list[Task]) -> Iterator[Task]:
    """The redirect files and pages, checked against every other file of the build: `written`, the
    tasks (without models) of every page, feed, calendar and sitemap file."""
    settings, context = generators[0].settings, generators[0].context
    shown = project_relative(Path(settings["PATH"], settings["REDIRECTS_FILE"]), settings)
    site = written_site(settings, context, generators, written)
    published, left_out, problems = check_against_site(context.get(REDIRECT_ROWS, []), site, shown)
    if problems:
        raise ContentProblems(problems)
    if left_out:
        why = "their new address is a draft or a post dated later"
        logger.info("redirects: %d left out of this build: %s", left_out, why)
    if not published:
        return
    prefix = site_prefix(settings["SITEURL"]) if not settings["RELATIVE_URLS"] else ""
    if settings["REDIRECTS_SAVE_AS"]:
        model = m.RedirectsFile(netlify_rules(published, prefix), shown)
        yield Task(settings["REDIRECTS_SAVE_AS"], REDIRECTS, model)
    if settings["REDIRECTS_NGINX_SAVE_AS"]:
        name = settings["REDIRECTS_NGINX_SAVE_AS"]
        yield Task(name, NGINX_MAP, m.NginxMapFile(nginx_rules(published, prefix), shown, Path(name).name))
    if settings["REDIRECT_PAGES"]:
        for saved_as, redirect in each_page(published):
            yield Task(saved_as, "redirect.html", redirect_page(settings, saved_as, redirect))


def redirect_page(settings: dict, saved_as: str, redirect: Redirect) -> m.RedirectPage:
    """The page at an old address: its links relative to it in development, absolute in production."""
    if settings["RELATIVE_URLS"]:
        target = path_to_url(get_relative_path(saved_as)) + redirect.new
        text = redirect.new
    else:
        target = text = settings["SITEURL"] + redirect.new
    return m.RedirectPage(f"This page has moved – {settings['SITENAME']}", target, text)


def written_site(settings: dict, context: dict, generators: list, written: list[Task]) -> WrittenSite:
    """Every file the build writes, the folders it fills itself, and the files of the items it
    leaves out, each with what it is (for messages)."""
    files = {task.save_as: described(task, settings) for task in written}
    files |= {
        static.save_as: f"the file {project_relative(static.source_path, settings)}"
        for static in context["staticfiles"]
    }
    for setting in ("HEADERS_SAVE_AS", "REDIRECTS_SAVE_AS", "REDIRECTS_NGINX_SAVE_AS"):
        if settings.get(setting):
            files[settings[setting]] = f"its own file ({setting})"
    folders = {settings["THEME_STATIC_DIR"]: "the theme's files", SEARCH_INDEX_FOLDER: "the search index"}
    unwritten = {
        file_when_published(content, settings): f"{project_relative(content.source_path, settings)}, "
        "which this build does not publish yet"
        for content in all_contents(generators)
        if not content.save_as
    }
    return WrittenSite(files, folders, unwritten)


def described(task: Task, settings: dict) -> str:
    """What a task writes, as a maintainer knows it: its Markdown file, or its kind of page or file."""
    source = getattr(task.item, "source_path", None)
    if source:
        return project_relative(source, settings)
    if isinstance(task.template, Renderer):
        return task.template.name
    return f"the {task.template.removesuffix('.html').replace('_', ' ')} page"


def file_when_published(content, settings: dict) -> str:
    """The file an item gets once a build publishes it (a draft has none in a production build)."""
    if getattr(content, "kind", None) == "events":
        pattern = settings["EVENT_SAVE_AS"]
    else:
        pattern = settings["ARTICLE_SAVE_AS" if isinstance(content, Article) else "PAGE_SAVE_AS"]
    return pattern.format(**content.url_format)
