"""Which folders a build may write to and delete, decided before anything is touched."""

from __future__ import annotations

from pathlib import Path


class UnsafePath(Exception):
    """An output folder the build must not replace or delete."""


def check_output_path(project: Path, output: Path, content: Path) -> Path:
    """The output folder, resolved, if it is a folder of its own inside the project.

    A misconfigured OUTPUT_PATH must never make a build or `invoke clean` delete the
    project, its content, the home folder or anything outside the project.
    """
    if not str(output).strip():
        raise UnsafePath("The output folder is empty; set OUTPUT_PATH to a folder such as 'output'.")
    project = project.resolve()
    resolved = output.resolve()
    content = content.resolve()
    dangerous = {Path("/"), Path.home().resolve(), project}
    if resolved in dangerous or resolved in project.parents:
        raise UnsafePath(
            f"Refusing to use {resolved} as the output folder: it would replace {resolved} itself."
        )
    if not resolved.is_relative_to(project):
        raise UnsafePath(
            f"Refusing to use {resolved} as the output folder: it is outside the project ({project})."
        )
    if resolved == content or content.is_relative_to(resolved) or resolved.is_relative_to(content):
        raise UnsafePath(
            f"Refusing to use {resolved} as the output folder: it overlaps the content folder ({content})."
        )
    return resolved
