"""The browser editor at /admin/ (plugins/editor), when EDITOR_BACKEND turns it on.

Three things are published: the editor's page (a template, with the editor's own policy),
its configuration (made from the content model and the settings' lists on every build,
plugins/editor/config.py), and Decap CMS's own scripts, linked (or copied) from the version
package-lock.json pins in node_modules/, with the site's additions beside them. `invoke serve`
turns the editor on with its local backend; a production build publishes it only when a
maintainer sets EDITOR_BACKEND in publishconf.py (README, "Editing in the browser").
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from content_model.hooks import all_contents, vocabulary
from editor.config import Choices, editor_config, editor_policy

from . import models as m
from .build import Task
from .render import Renderer, code_digest

ADDITIONS = Path(__file__).resolve().parents[2] / "plugins" / "editor" / "static" / "site-editor.js"
DECAP = Path(__file__).resolve().parents[2] / "node_modules" / "decap-cms" / "dist"
CONFIG = "config.yml"  # where Decap looks for its configuration: beside its page
SCRIPT = "decap-cms.js"  # Decap's script; it loads its other parts ("<n>.decap-cms.js") from beside itself


def editor_config_file(model: m.EditorConfigFile) -> bytes:
    return model.text.encode("utf-8")


EDITOR_CONFIG = Renderer("the editor's configuration", editor_config_file, code_digest([__file__], []))


class EditorNotInstalled(Exception):
    """EDITOR_BACKEND is set, but Decap CMS is not in node_modules/."""

    stage = "publishing the browser editor"


def editor_tasks(generators: list, site: m.Site) -> Iterator[Task]:
    """The editor's page and configuration, when EDITOR_BACKEND is set."""
    settings = generators[0].settings
    backend = settings["EDITOR_BACKEND"]
    if not backend:
        return
    folder = PurePosixPath(settings["EDITOR_SAVE_AS"]).parent
    choices = Choices(vocabulary(settings), series_of(generators))
    content = settings["EDITOR_CONTENT_PATH"].strip("/")
    config = editor_config(
        choices,
        dict(backend),
        content=f"{content}/" if content else "",
        workflow=settings["EDITOR_WORKFLOW"],
        preview=settings["EDITOR_PREVIEW_SOURCE"],
    )
    text = json.dumps(config, indent=2, ensure_ascii=False) + "\n"
    yield Task(str(folder / CONFIG), EDITOR_CONFIG, m.EditorConfigFile(text))
    root = "/" if not settings["RELATIVE_URLS"] else "../" * len(folder.parts)
    page = m.EditorPage(
        title=f"Editor – {settings['SITENAME']}",
        policy=editor_policy(backend),
        script=SCRIPT,
        additions=ADDITIONS.name,
        style=site_prefix(settings, root) + site.asset("css/site.css"),
        icon=site_prefix(settings, root) + site.asset("favicon.svg"),
        collections=tuple(collection["name"] for collection in config["collections"]),
    )
    yield Task(settings["EDITOR_SAVE_AS"], "admin.html", page)


def site_prefix(settings: dict, root: str) -> str:
    if settings["RELATIVE_URLS"]:
        return root
    return settings["SITEURL"].rstrip("/") + "/"


def series_of(generators: list) -> tuple[str, ...]:
    """Every series the content names, sorted (the editor offers these)."""
    names = {content.metadata.get("series") for content in all_contents(generators)}
    return tuple(sorted(name for name in names if isinstance(name, str) and name))


def copy_editor_scripts(settings: dict, output: Path) -> None:
    """Decap's scripts and the site's additions, into the editor's folder (linked where possible)."""
    if not settings["EDITOR_BACKEND"]:
        return
    if not (DECAP / SCRIPT).is_file():
        raise EditorNotInstalled(
            f"The browser editor is turned on (EDITOR_BACKEND) but Decap CMS is not installed in {DECAP}; "
            "run ./setup.sh, which installs it with npm"
        )
    folder = output / PurePosixPath(settings["EDITOR_SAVE_AS"]).parent
    folder.mkdir(parents=True, exist_ok=True)
    for source in [*sorted(DECAP.glob(f"*{SCRIPT}")), ADDITIONS]:
        target = folder / source.name
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
