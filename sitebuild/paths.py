"""Which folders a build, the preview, `invoke clean` and `invoke publish` may replace or delete.

A build replaces its output folder whole, the preview its own, `invoke clean`
deletes them and the cache, and a damaged content cache is deleted before a
build runs again. So each build folder (`BUILD_FOLDERS`) must be a folder of its
own: strictly inside the project, not an existing file, and neither being,
holding nor inside anything of the project's own (`ProjectFiles`). Paths are
compared once resolved, so `output/../theme`, `./.git/` and a link to the theme
are the theme and the repository.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

# The settings naming the folders builds write, each with its usual value (shown in every fix).
BUILD_FOLDERS = {"OUTPUT_PATH": "output", "CACHE_PATH": "cache", "PREVIEW_OUTPUT_PATH": "preview"}
# Folders at the project's top level that git never tracks but that are the project's own.
TOOLING = {
    ".git": "the project's git repository",
    ".venv": "the project's Python environment",
    "node_modules": "the project's JavaScript packages",
}
SETTINGS_FILES = ("pelicanconf.py", "publishconf.py")
CODE = Path(__file__).resolve().parent.parent  # the site's own checkout: sitebuild/, tasks.py, theme/...


class UnsafePath(Exception):
    """A folder the build, clean or publish must not replace or delete."""


def real(path: str | Path) -> Path:
    """`path` absolute, with every symbolic link followed (a loop of links is left as it is)."""
    return Path(os.path.realpath(path))


def tracked_files(folder: Path) -> list[str]:
    """The files git tracks below `folder`, relative to it; [] if it is no git checkout (or has no git)."""
    try:
        command = ["git", "-C", str(folder), "ls-files", "-z", "--cached"]
        listing = subprocess.run(command, check=False, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if listing.returncode != 0:
        return []
    return [os.fsdecode(name) for name in listing.stdout.split(b"\0") if name]


@dataclass(frozen=True)
class ProjectFiles:
    """The project's own paths: what a build folder or a publish target may never be, hold or be inside.

    They are what git tracks in the project (when it is a git checkout); the
    tooling folders .git, .venv and node_modules; the top-level names the site's
    own checkout tracks (content, docs, theme, tasks.py...), so a copy of the site
    without git is guarded alike; the settings files; and the folders the settings
    name: PATH, THEME and PLUGIN_PATHS. Inside the project, a folder holding any of
    these is the project's too, so a build folder may not be inside it either.
    The build folders are added with `besides`: none may be, hold or be inside another.
    """

    root: Path  # the project folder, resolved
    named: Mapping[Path, str]  # resolved path -> how a refusal names it
    tracked: frozenset[str]  # files git tracks, relative to root (posix)
    tracked_folders: frozenset[str]  # every folder below root holding one of them
    build_folders: Mapping[Path, str] = field(default_factory=dict)  # resolved path -> how a refusal names it

    @classmethod
    def of(cls, project: Path, settings: Mapping) -> ProjectFiles:
        root = real(project)
        tracked = frozenset(tracked_files(root))
        folders = frozenset(str(parent) for name in tracked for parent in PurePosixPath(name).parents)
        return cls(root, named_paths(root, settings), tracked, folders - {"."})

    def besides(self, build_folders: Mapping[str, str], setting: str = "") -> ProjectFiles:
        """These paths and the build folders (setting -> absolute value), but for `setting`'s own.

        Only folders inside the project are added: one that is not is refused when checked itself.
        """
        others = {real(value): name for name, value in build_folders.items() if name != setting and value}
        named = {path: f"the {name} folder ({path})" for path, name in others.items() if self.is_inside(path)}
        return replace(self, build_folders=named)

    def is_inside(self, path: Path) -> bool:
        return path != self.root and path.is_relative_to(self.root)

    def overlap(self, folder: Path) -> str:
        """How the resolved `folder` is, holds or is inside one of the project's own paths, or ''."""
        return (
            overlap(folder, {**self.named, **self.build_folders})
            or self.holder_of_named(folder)
            or self.tracked_overlap(folder)
        )

    def holder_of_named(self, folder: Path) -> str:
        """A refusal naming the folder below the project holding both `folder` and a named path, or ''."""
        for parent in folder.parents:
            if not self.is_inside(parent):
                return ""
            held = next((path for path in self.named if path.is_relative_to(parent)), None)
            if held is not None:
                return f"it is inside {parent}, which holds {self.named[held]}"
        return ""

    def tracked_overlap(self, folder: Path) -> str:
        if not self.is_inside(folder):
            return ""
        relative = folder.relative_to(self.root).as_posix()
        if relative in self.tracked:
            return f"it is {relative}, a file git tracks"
        if relative in self.tracked_folders:
            example = min(name for name in self.tracked if name.startswith(relative + "/"))
            return f"it holds files git tracks, such as {example}"
        for parent in map(str, PurePosixPath(relative).parents):
            if parent in self.tracked or parent in self.tracked_folders:
                return f"it is inside {parent}, which holds files git tracks"
        return ""


def overlap(folder: Path, paths: Mapping[Path, str]) -> str:
    """How `folder` is, holds or is inside one of `paths` (resolved, each with how to name it), or ''."""
    for path, what in paths.items():
        if folder == path:
            return f"it is {what}"
        if path.is_relative_to(folder):
            return f"it holds {what}"
        if folder.is_relative_to(path):
            return f"it is inside {what}"
    return ""


def named_paths(root: Path, settings: Mapping) -> dict[Path, str]:
    """The project's own paths other than the files git tracks, resolved, with how a refusal names each."""
    named = {real(root / name): f"{name}, part of the site's layout" for name in layout_names()}
    named |= {real(root / name): f"{name}, {what}" for name, what in TOOLING.items()}
    named |= {real(root / name): f"the settings file {name}" for name in SETTINGS_FILES}
    folders = [("the content folder", "PATH", settings.get("PATH"))]
    folders += [("the theme folder", "THEME", settings.get("THEME"))]
    folders += [("a plugin folder", "PLUGIN_PATHS", folder) for folder in settings.get("PLUGIN_PATHS") or []]
    for what, setting, value in folders:
        if value and os.path.isabs(value):  # THEME may name one of Pelican's own themes instead
            named[real(value)] = f"{what} ({setting}, {real(value)})"
    return named


def layout_names() -> list[str]:
    """The top-level names the site's own checkout tracks: content, docs, theme, tasks.py..."""
    return sorted({name.split("/", 1)[0] for name in tracked_files(CODE)})


def build_folder_values(project: Path, settings: Mapping) -> dict[str, str]:
    """Each build folder setting's value, made absolute as Pelican makes OUTPUT_PATH: from the project folder.

    Empty when unset or blank (Pelican itself reads a blank OUTPUT_PATH as the project folder).
    """
    values = {}
    for name in BUILD_FOLDERS:
        value = settings.get(name)
        values[name] = os.path.join(project, value) if value is not None and str(value).strip() else ""
    return values


def check_build_folders(project: Path, settings: Mapping, names: Iterable[str]) -> dict[str, Path]:
    """The build folders `names` (settings such as OUTPUT_PATH), resolved, once each is a folder of its own.

    Raises UnsafePath for the first that is not, naming the setting, why, and the fix.
    Each is checked against the project's own paths and against the other build folders.
    """
    files = ProjectFiles.of(project, settings)
    values = build_folder_values(files.root, settings)
    return {name: check_build_folder(name, values[name], files.besides(values, name)) for name in names}


def check_build_folder(setting: str, value: str, files: ProjectFiles) -> Path:
    """The folder `value` (absolute) resolved, if it may be `setting`; else UnsafePath saying why."""
    fix = f"Set {setting} to a folder of its own inside the project, such as '{BUILD_FOLDERS[setting]}'."
    if not value:
        raise UnsafePath(f"{setting} is empty. {fix}")
    folder = real(value)
    if folder.is_symlink():  # what is left after resolving: a loop of links
        raise UnsafePath(f"Refusing to use {value} as {setting}: it is a loop of symbolic links. {fix}")
    shown = str(folder) if folder == Path(value) else f"{value} (which is {folder})"
    reason = folder_problem(folder, files)
    if reason:
        raise UnsafePath(f"Refusing to use {shown} as {setting}: {reason}. {fix}")
    return folder


def folder_problem(folder: Path, files: ProjectFiles) -> str:
    """Why the resolved `folder` may not be a build folder of the project, or ''."""
    reason = danger(folder, files.root)
    if reason:
        return f"it is {reason}, which would be deleted"
    if not folder.is_relative_to(files.root):
        return f"it is outside the project ({files.root})"
    reason = files.overlap(folder)
    if reason:
        return reason
    if folder.exists() and not folder.is_dir():
        return "it is a file, not a folder, and would be replaced"
    return ""


def danger(folder: Path, project: Path) -> str:
    """Why deleting `folder` (resolved) would be a disaster, or '' if it is none of those folders."""
    home = Path.home().resolve()
    if folder == Path(folder.anchor):
        return "the root folder"
    if folder == home or folder in home.parents:
        return "the home folder" if folder == home else f"a folder holding the home folder ({home})"
    if folder == project:
        return "the project folder itself"
    if folder in project.parents:
        return f"a folder holding the project ({project})"
    return ""


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write the whole file or nothing: a temporary file beside it, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
