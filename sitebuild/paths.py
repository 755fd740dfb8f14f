"""Which folders a build, `invoke clean` and `invoke publish` may replace or delete, decided first."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = {"OUTPUT_PATH": "output", "CACHE_PATH": "cache"}  # the usual folder for each setting


class UnsafePath(Exception):
    """A folder the build, clean or publish must not replace or delete."""


def check_output_path(project: Path, output: str | Path | None, content: Path, setting="OUTPUT_PATH") -> Path:
    """The folder named by `setting`, resolved, if it is a folder of its own inside the project.

    A misconfigured OUTPUT_PATH (or CACHE_PATH, for `invoke clean`) must never make a
    build or a clean delete the project, its content, the home folder or anything
    outside the project.
    """
    fix = f"Set {setting} to a folder of its own inside the project, such as '{EXAMPLES[setting]}'."
    if output is None or not str(output).strip():
        raise UnsafePath(f"{setting} is empty. {fix}")
    project = project.resolve()
    resolved = Path(output).expanduser().resolve()
    content = content.resolve()
    refusal = f"Refusing to use {resolved} as {setting}"
    reason = danger(resolved, project)
    if reason:
        raise UnsafePath(f"{refusal}: it is {reason}, which would be deleted. {fix}")
    if not resolved.is_relative_to(project):
        raise UnsafePath(f"{refusal}: it is outside the project ({project}). {fix}")
    if overlaps(resolved, content):
        raise UnsafePath(f"{refusal}: it overlaps the content folder ({content}). {fix}")
    return resolved


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


def overlaps(first: Path, second: Path) -> bool:
    """Whether one of two resolved folders is, or is inside, the other."""
    return first.is_relative_to(second) or second.is_relative_to(first)
