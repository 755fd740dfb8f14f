"""`invoke publish`: build with the production settings, then copy output/ to the web host with rsync.

rsync runs with --delete, so a page that leaves the site (a post turned back
into a draft) leaves the host too. That makes a wrong target dangerous, so the
target is checked before anything runs, against what is allowed:

- any target is one line of printable characters that does not start with '-';
- a remote target (rsync's rule: a ':' before the first '/') is an SSH
  destination `[user@]host:/absolute/path` (`check_remote`): the path written
  plainly, at least two levels below the root and not a home folder;
- a local folder (`check_local`), taken from the project folder when relative,
  is outside the project, holds nothing of the project's own, is not the root or
  home folder, and if it already holds files, it holds an index.html (a copy of
  the site).

rsync is given the target after `--`, so nothing can be read as an option, and
makes a new folder, and every new file, readable by a web server. Like every
production build, publish refuses to run without the site's address (SITEURL).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .__main__ import report
from .build import SettingsError, build, load_settings
from .paths import ProjectFiles, UnsafePath, build_folder_values, check_build_folders, danger, real
from .siteurl import UnsafeSiteURL, check_siteurl

RSYNC_OPTIONS = [
    "--recursive",
    "--links",
    "--checksum",  # every build rewrites every file: compare contents, not dates
    "--delete-delay",  # remove what the site no longer has, once the new files are in
    "--delay-updates",  # put changed files in place together at the end
    "--itemize-changes",
    "--chmod=D755,F644",  # new folders and files readable by the web server, whatever their mode here
]
NO_TARGET = (
    "No publish target is configured. Give one with --target (a folder, or user@host:/path for SSH), "
    "or set the PUBLISH_TARGET environment variable or PUBLISH_TARGET in publishconf.py."
)
REMOTE_FIX = "Name the site's own folder on the host by its absolute path, such as deploy@host:/var/www/site."
# [user@]host:path, the host a name (letters, digits, . _ -) or an [IPv6] address; never starting with '-'.
SSH_TARGET = re.compile(
    r"(?:(?P<user>[A-Za-z0-9_][A-Za-z0-9._-]*)@)?(?P<host>[A-Za-z0-9][A-Za-z0-9._-]*|\[[0-9A-Fa-f:.]+\])"
    r":(?P<path>.*)",
    re.DOTALL,
)
PATH_PART = re.compile(r"[A-Za-z0-9._+@=,-]+")  # one folder name of a remote path
HOME_ROOTS = ("home", "Users")  # /home/<name> and /Users/<name> are home folders (and /root, one level)
ACTIONS = ("add", "update", "delete")


class PublishRefused(Exception):
    """Publishing stopped before (or instead of) changing the target; the message says why."""


@dataclass(frozen=True)
class Change:
    action: str  # one of ACTIONS
    path: str  # relative to the site's root


def publish(
    project: Path, option: str = "", dry_run: bool = False, debug: bool = False, environ: Mapping = os.environ
) -> str:
    """Build `project` for production and copy it to the target; what changed, in plain words."""
    project = project.resolve()
    settings = production_settings(project)
    try:
        output = check_build_folders(project, settings, ["OUTPUT_PATH", "CACHE_PATH"])["OUTPUT_PATH"]
        check_siteurl(settings["SITEURL"])
    except (UnsafePath, UnsafeSiteURL) as refusal:
        raise PublishRefused(str(refusal)) from None
    target = resolve_target(option, environ, settings)
    files = ProjectFiles.of(project, settings).besides(build_folder_values(project, settings))
    destination = check_target(target, files)
    if not shutil.which("rsync"):
        raise PublishRefused(
            "rsync is not installed. Install it with `apt-get install rsync` (setup.sh does)."
        )
    if report(build(project, production=True, debug=debug), production=True):
        raise PublishRefused(f"Nothing was sent to {target}: the build failed.")
    check_built(output)
    changes = run_rsync(rsync_command(output, destination, dry_run))
    return describe(changes, output, target, dry_run)


def production_settings(project: Path) -> dict:
    try:
        return load_settings(project, production=True)
    except SettingsError as error:
        raise PublishRefused(f"Nothing was published: {error}") from None


def resolve_target(option: str, environ: Mapping, settings: Mapping) -> str:
    """The target from --target, else the PUBLISH_TARGET environment variable, else the setting.

    Only spaces are trimmed: a newline or other control character is refused, never dropped.
    """
    for candidate in (option, environ.get("PUBLISH_TARGET"), settings.get("PUBLISH_TARGET")):
        if candidate and str(candidate).strip():
            return str(candidate).strip(" ")
    raise PublishRefused(NO_TARGET)


def is_remote(target: str) -> bool:
    """rsync's own rule: a colon before any slash makes `host:path` (or `user@host:path`) remote."""
    return ":" in target.split("/", 1)[0]


def check_target(target: str, files: ProjectFiles) -> str:
    """The target as rsync should get it, or PublishRefused saying why it is dangerous.

    `files` are the project's own paths and its build folders, which a publish must never
    write into or delete. A relative local target is taken from the project folder.
    """
    if not target.isprintable():
        raise PublishRefused(
            f"Refusing to publish to {target!r}: it holds a newline, tab or other control character. "
            "Give the target on one line."
        )
    if not fits_file_names(target):
        raise PublishRefused(
            f"Refusing to publish to {target!r}: this system cannot write its characters in a file name "
            f"(its file names are {sys.getfilesystemencoding()}, as in the C locale). Set a UTF-8 locale "
            "(LANG=C.UTF-8) or give a name in plain letters."
        )
    if target.startswith("-"):
        raise PublishRefused(
            f"Refusing to publish to {target}: it starts with '-', which rsync would read as an option. "
            f"If it is a folder's name, write ./{target}."
        )
    return check_remote(target) if is_remote(target) else check_local(target, files)


def fits_file_names(text: str) -> bool:
    """Whether `text` can be a file name here (not with a letter like 'é' when the locale is ASCII)."""
    try:
        os.fsencode(text)
    except UnicodeEncodeError:
        return False
    return True


def check_remote(target: str) -> str:
    """`target` if it is a safe SSH destination (see the module's docstring), else PublishRefused."""
    reason = remote_problem(target)
    if reason:
        raise PublishRefused(f"Refusing to publish to {target}: {reason}. {REMOTE_FIX}")
    return target


def remote_problem(target: str) -> str:
    """Why the remote `target` is not `[user@]host:/absolute/path` of a site's own folder, or ''."""
    head = re.sub(r"\[[^\]]*\]", "", target.split("/", 1)[0])  # an [IPv6] address's colons do not count
    if target.lower().startswith("rsync://") or "::" in head:
        return "it names an rsync daemon module, and publish copies over SSH only"
    match = SSH_TARGET.fullmatch(target)
    if not match:
        return "it is not an SSH destination user@host:/path (a host of letters, digits, '.', '_' and '-')"
    return remote_path_problem(match["path"])


def remote_path_problem(path: str) -> str:
    """Why `path` (after `host:`) could name the remote root, a home, or a parent of one, or ''."""
    if not path.startswith("/"):
        return "its path is not absolute, so it names the remote home folder or a folder relative to it"
    parts = path.removesuffix("/").split("/")[1:]  # "/var/www/site/": var, www, site; "/": none
    if any(part in ("", ".", "..") for part in parts):
        return "its path holds '.', '..' or '//', so it may name a parent folder"
    if not all(PATH_PART.fullmatch(part) for part in parts):
        return "its path holds characters other than letters, digits and . _ - + @ = ,"
    if len(parts) < 2:
        return "it is the root folder or a folder just below it, which publishing would empty"
    if parts[0] in HOME_ROOTS and len(parts) == 2:
        return "it is a home folder, which publishing would empty"
    return ""


def check_local(target: str, files: ProjectFiles) -> str:
    """The local folder `target` names, absolute and resolved, or PublishRefused saying why not."""
    folder = real(files.root / os.path.expanduser(target))  # (~nobody, an unknown user, stays as written)
    reason = local_problem(folder, files)
    if reason:
        raise PublishRefused(f"Refusing to publish to {folder}: {reason}. Choose the web server's folder.")
    return str(folder)


def local_problem(folder: Path, files: ProjectFiles) -> str:
    """Why publishing (with --delete) into the local `folder` would destroy something, or ''."""
    reason = danger(folder, files.root)
    if reason:
        return f"it is {reason}, which publishing would empty"
    reason = files.overlap(folder)
    if reason:
        return reason
    if folder.is_relative_to(files.root):
        return f"it is inside the project ({files.root}), whose files publishing would delete"
    if folder.exists() and not folder.is_dir():
        return "it is a file, not a folder"
    if folder.is_dir() and any(folder.iterdir()) and not (folder / "index.html").is_file():
        return "it holds files but no index.html, so it is not a copy of this site, and they would be deleted"
    return ""


def check_built(output: Path) -> None:
    """Refuse to publish an empty site or one without a home page: it would wipe the live site."""
    if not output.is_dir() or not any(output.iterdir()):
        raise PublishRefused(f"The built site in {output} is empty, so nothing was published.")
    if not (output / "index.html").is_file():
        raise PublishRefused(
            f"The built site in {output} has no index.html (home page), so nothing was published. "
            "Check INDEX_SAVE_AS in the settings."
        )


def rsync_command(output: Path, destination: str, dry_run: bool) -> list[str]:
    """rsync copying the contents of `output` (hence the trailing slash) into `destination`."""
    return ["rsync", *RSYNC_OPTIONS, *(["--dry-run"] if dry_run else []), "--", f"{output}/", destination]


def run_rsync(command: list[str]) -> list[Change]:
    result = subprocess.run(command, check=False, capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        raise PublishRefused(
            f"rsync could not publish to {command[-1]} (exit status {result.returncode}): "
            f"{result.stderr.strip()}\nCheck that the target's parent folder exists and can be written "
            "to (for SSH, that `ssh user@host` logs in without a password prompt)."
        )
    return parse_changes(result.stdout)


def parse_changes(itemized: str) -> list[Change]:
    """The files rsync's --itemize-changes lines add, update or delete (folders are left out).

    A line is `YXcstpoguax path`: Y is `>` or `<` for a file sent, `c` for one
    created; the attributes are all `+` for a new file; `*deleting path` removes one.
    """
    changes = []
    for line in itemized.splitlines():
        flags, _, path = line.partition(" ")
        path = path.strip()
        if not path or path.endswith("/"):
            continue
        if flags == "*deleting":
            changes.append(Change("delete", path))
        elif len(flags) == 11 and flags[0] in "<>ch":
            changes.append(Change("add" if flags[2:].strip("+") == "" else "update", path))
    return changes


def describe(changes: list[Change], output: Path, target: str, dry_run: bool) -> str:
    added, updated, deleted = (sum(change.action == action for change in changes) for action in ACTIONS)
    if not dry_run:
        return f"Published {output} to {target}: {added} added, {updated} updated, {deleted} deleted."
    lines = [f"Dry run: publishing {output} to {target} would make these changes (nothing was changed):"]
    lines += [f"  {change.action:<7} {change.path}" for change in changes] or [
        "  none: the target is up to date"
    ]
    lines.append(f"{added} to add, {updated} to update, {deleted} to delete.")
    return "\n".join(lines)
