"""The preview's spare folder: the site it replaced, built into again instead of a new folder.

Every build writes into a staging folder and swaps it in (build.py). A new, empty
staging folder costs the preview dearly at 10,000 articles: its ~20,000 page folders
made again and every unchanged page linked into them, then the replaced site's
~50,000 files and folders deleted in the background while the next build runs,
which slowed that build by about a fifth on a 2-core machine.

So the preview (build(..., recycle=True)) keeps the site it replaces as a spare,
and its next build takes that spare as its staging folder, emptied first of
everything but the files at the addresses of the live site's pages (the writer's
record, pages/render.py). What is left is not trusted, only reused: the writer
keeps such a file only when it is the live site's own file (a hard link to it) and
the page's key is unchanged, replaces it otherwise, and removes the pages it no
longer writes. So the staging folder ends as a new one would, whatever the spare
held: a build that failed or was cancelled halfway leaves a spare like any other.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .pages.render import file_name


def spare_folder(output: Path) -> Path:
    return output.parent / f".{output.name}-spare"


def take_spare(output: Path, pages: list[str]) -> Path | None:
    """The spare folder of `output`, renamed as a new staging folder and holding only files at
    the addresses of `pages` (the live site's, each a `save_as`); None when there is no spare."""
    spare = spare_folder(output)
    if not spare.is_dir():
        return None
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-building-", dir=output.parent))
    try:
        spare.rename(staging)  # onto the new, empty folder: the name is the build's own
    except OSError:
        staging.rmdir()
        return None
    try:
        keep_only(str(staging), "", {file_name(save_as) for save_as in pages})
    except OSError:  # a file that cannot be deleted: the build takes a new folder
        delete_in_background(staging)
        return None
    return staging


def keep_as_spare(folder: Path, output: Path) -> None:
    """Make `folder` (the site just replaced, or a staging folder a failed or cancelled build left)
    the spare of `output`, in place of any spare there was, which is deleted in the background."""
    spare = spare_folder(output)
    try:
        if spare.exists():
            delete_in_background(set_aside(spare, output))
        folder.rename(spare)
    except OSError:
        delete_in_background(folder)


def set_aside(folder: Path, output: Path) -> Path:
    """`folder` moved, in one step, into a new folder beside `output` that only it is in: the new
    folder, to delete, as nothing else will ever be built there."""
    aside = Path(tempfile.mkdtemp(prefix=f".{output.name}-retired-", dir=output.parent))
    folder.rename(aside / folder.name)
    return aside


def keep_only(folder: str, relative: str, files: set[str]) -> bool:
    """Delete from `folder` every file and link but the regular files at the paths `files`
    (relative to the top folder, where `folder` is at `relative`), and every folder left empty;
    whether anything is left."""
    left = False
    with os.scandir(folder) as entries:
        for entry in entries:
            path = relative + entry.name
            if entry.is_dir(follow_symlinks=False):
                if keep_only(entry.path, path + "/", files):
                    left = True
                else:
                    os.rmdir(entry.path)
            elif path in files and entry.is_file(follow_symlinks=False):
                left = True
            else:
                os.unlink(entry.path)
    return left


def delete_in_background(folder: Path) -> None:
    """Delete `folder` in a process of its own, which carries on after this one has finished."""
    try:
        subprocess.Popen(
            ["rm", "-rf", "--", str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl+C in the terminal does not stop it
        )
    except OSError:  # no rm to run: delete it here
        shutil.rmtree(folder, ignore_errors=True)
