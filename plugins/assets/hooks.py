"""Connects fingerprint.py and headers.py to Pelican."""

from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath

from editor.config import editor_policy

from .fingerprint import manifest, rename_published, theme_files
from .headers import (
    content_security_policies,
    headers_file,
    permissions_policy,
    revalidated_patterns,
    script_paths,
)

logger = logging.getLogger(__name__)

PAGEFIND_FOLDER = "pagefind"  # where plugins/search has Pagefind write, at the same signal as this plugin


def _theme_files(settings) -> dict[str, Path]:
    theme = Path(settings["THEME"])
    sources = [theme / path for path in settings["THEME_STATIC_PATHS"]]
    return theme_files(sources, settings.get("IGNORE_FILES", ()))


def site_policies(settings, names: dict[str, str], for_meta: bool = False) -> list[str]:
    """The site's two Content-Security-Policies (headers.py), for the theme files `names`.

    The scripts allowed: the theme's JavaScript files, SEARCH_SCRIPTS while
    SEARCH_INDEX is on (Pagefind's), and EXTRA_SCRIPTS (the preview's own).
    """
    search = settings["SEARCH_SCRIPTS"] if settings.get("SEARCH_INDEX", True) else []
    others = [*search, *settings["EXTRA_SCRIPTS"]]
    scripts = script_paths(settings.get("SITEURL", ""), settings["THEME_STATIC_DIR"], names, others)
    return content_security_policies(settings.get("IFRAME_HOSTS", ()), scripts, for_meta)


def theme_manifest(settings) -> dict[str, str]:
    """Each theme file's name and its hashed name below THEME_STATIC_DIR ('css/site.css' -> 'css/site.3f2a9c1b.css')."""
    return manifest(_theme_files(settings))


def publish_assets(pelican) -> None:
    """Rename the theme files Pelican copied to their hashed names; write `_headers` if asked."""
    settings = pelican.settings
    output = Path(pelican.output_path)
    static_dir = settings["THEME_STATIC_DIR"]
    names = theme_manifest(settings)
    rename_published(output / static_dir, names)
    logger.info("assets: %d theme files published under hashed names", len(names))

    saved_as = settings.get("HEADERS_SAVE_AS", "")
    if not saved_as:
        return
    top_level = [(entry.name, entry.is_dir()) for entry in output.iterdir()]
    if settings.get("SEARCH_INDEX", True):
        top_level.append((PAGEFIND_FOLDER, True))
    security = {
        "Content-Security-Policy": ", ".join(site_policies(settings, names)),  # several policies: one value
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": settings["REFERRER_POLICY"],
        "Permissions-Policy": permissions_policy(settings["PERMISSIONS_POLICY_DENY"]),
    }
    text = headers_file(
        security, static_dir, revalidated_patterns(top_level, static_dir), editor_policies(settings)
    )
    path = (output / saved_as).resolve()
    if not path.is_relative_to(output.resolve()):
        raise OutsideOutput(
            f"HEADERS_SAVE_AS is {saved_as!r}, which is outside the output folder; name a file inside it"
        )
    path.write_text(text, encoding="utf-8")


def editor_policies(settings) -> dict[str, str]:
    """The browser editor's folder and its own policy, when it is published (plugins/editor)."""
    if not settings.get("EDITOR_BACKEND"):
        return {}
    folder = PurePosixPath(settings["EDITOR_SAVE_AS"]).parent
    return {f"/{folder}/*": editor_policy(settings["EDITOR_BACKEND"], for_meta=False)}


class OutsideOutput(ValueError):
    """HEADERS_SAVE_AS names a file outside the output folder."""

    stage = "writing the _headers file"
