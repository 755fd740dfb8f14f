"""Connects sitemap.py to Pelican: note each page as it is written, write the files at the end."""

from __future__ import annotations

import logging
import os
from zoneinfo import ZoneInfo

from .sitemap import Sitemap, absolute, address, is_absolute, robots_txt, sitemap_files

logger = logging.getLogger(__name__)

_build: dict = {}  # the Sitemap of the build under way (one per Pelican run)


def start(pelican) -> None:
    """A new build: forget the pages of any earlier one (autoreload rebuilds in one process).

    Connected to get_generators, which every build sends first; it adds no generator.
    """
    settings = pelican.settings
    _build.clear()
    _build["sitemap"] = Sitemap(settings["SITEURL"], settings.get("SITEMAP_EXCLUDE", ()))


def note_page(path, context) -> None:
    """Pelican wrote a page: `output_file` is where (below the output folder), with what it shows."""
    sitemap = _build.get("sitemap")
    if sitemap is None or "output_file" not in context:
        return
    item = context.get("article")
    if item is None:
        item = context.get("page")
    sitemap.add(str(context["output_file"]), item, () if item is not None else context.get("articles") or ())


def write_files(pelican) -> None:
    """Write /sitemap.xml and /robots.txt into the output folder.

    Only when SITEURL is absolute (production): a sitemap's addresses must be
    absolute, so development builds, with relative links, write neither file.
    A robots.txt the site ships itself (a static file) is kept as it is.
    """
    sitemap = _build.pop("sitemap", None)
    settings = pelican.settings
    siteurl = settings["SITEURL"]
    if sitemap is None or not is_absolute(siteurl):
        logger.debug("sitemap: SITEURL %r is not absolute; no sitemap.xml or robots.txt", siteurl)
        return
    output = pelican.output_path
    saved_as = settings.get("SITEMAP_SAVE_AS", "sitemap.xml")
    entries = sitemap.entries()
    for name, data in sitemap_files(entries, saved_as, siteurl, ZoneInfo(settings["TIMEZONE"])).items():
        path = inside(output, name, "SITEMAP_SAVE_AS")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)
    logger.info("sitemap: %d addresses in %s", len(entries), saved_as)

    robots = settings.get("ROBOTS_SAVE_AS", "robots.txt")
    if not robots:
        return
    path = inside(output, robots, "ROBOTS_SAVE_AS")
    if os.path.exists(path):
        logger.warning("sitemap: %s comes with the site; make sure it names the sitemap", robots)
        return
    with open(path, "w", encoding="utf-8") as file:
        file.write(robots_txt(absolute(siteurl, address(saved_as))))


class OutsideOutput(ValueError):
    """A *_SAVE_AS setting names a file outside the output folder."""

    stage = "writing the sitemap"


def inside(output: str, name: str, setting: str) -> str:
    """The path of `name` in `output`, if it stays inside it (a setting may not write elsewhere)."""
    path = os.path.realpath(os.path.join(output, name))
    if os.path.commonpath([path, os.path.realpath(output)]) != os.path.realpath(output):
        raise OutsideOutput(
            f"{setting} is {name!r}, which is outside the output folder; name a file inside it"
        )
    return path
