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
import posixpath
import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from content_model.hooks import all_contents, vocabulary
from editor.config import BadEditorSetting, Choices, checked_backend, editor_config, editor_policy

from . import models as m
from .build import Task, page_root
from .render import Renderer, check_inside_output, code_digest

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
    if not settings["EDITOR_BACKEND"]:
        return
    backend, folder = checked_backend(settings["EDITOR_BACKEND"]), editor_folder(settings)
    choices = Choices(vocabulary(settings), series_of(generators))
    config = editor_config(
        choices,
        backend,
        content=content_folder(settings),
        workflow=settings["EDITOR_WORKFLOW"],
        preview=settings["EDITOR_PREVIEW_SOURCE"],
    )
    text = json.dumps(config, indent=2, ensure_ascii=False) + "\n"
    yield Task(str(folder / CONFIG), EDITOR_CONFIG, m.EditorConfigFile(text))
    root = page_root(settings, settings["EDITOR_SAVE_AS"]) + "/"
    page = m.EditorPage(
        title=f"Editor – {settings['SITENAME']}",
        policy=editor_policy(backend),
        script=SCRIPT,
        additions=ADDITIONS.name,
        style=root + site.asset("css/site.css"),
        icon=root + site.asset("favicon.svg"),
        collections=tuple(collection["name"] for collection in config["collections"]),
    )
    yield Task(settings["EDITOR_SAVE_AS"], "admin.html", page)


def editor_folder(settings: dict) -> PurePosixPath:
    """The folder of EDITOR_SAVE_AS ('admin/index.html'), which holds the editor's files too."""
    saved_as = settings["EDITOR_SAVE_AS"]
    check_inside_output(saved_as, "EDITOR_SAVE_AS")
    path = PurePosixPath(saved_as)
    if path.name != "index.html" or str(path.parent) in ("", "."):
        raise BadEditorSetting(
            f"EDITOR_SAVE_AS is {saved_as!r}: give it a folder of its own, like 'admin/index.html' "
            "(the editor's scripts and configuration go beside its page)"
        )
    return path.parent


def content_folder(settings: dict) -> str:
    """EDITOR_CONTENT_PATH as the prefix of the editor's paths: 'content/' ('' for the repository's root)."""
    value = settings["EDITOR_CONTENT_PATH"]
    path = posixpath.normpath(value.strip("/")) if isinstance(value, str) else ".."
    if path == ".." or path.startswith("../"):
        raise BadEditorSetting(
            f"EDITOR_CONTENT_PATH is {value!r}: give the content folder's path in the repository, "
            "like 'content'"
        )
    return "" if path == "." else f"{path}/"


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
    folder = output / editor_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    for source in [*sorted(DECAP.glob(f"*{SCRIPT}")), ADDITIONS]:
        target = folder / source.name
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
