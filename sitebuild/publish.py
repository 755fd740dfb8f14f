"""`invoke publish`: build with the production settings, then copy output/ to the web host with rsync.

rsync runs with --delete, so a page that leaves the site (a post turned back
into a draft) leaves the host too. That makes a wrong target dangerous, so
every target is checked before anything runs: a local folder must not be the
root, home, project, content, output or cache folder, hold one of them or be
inside one, and a folder that already holds files must look like a published
copy of the site (it has an index.html). A remote target (user@host:path)
must name a folder, not the remote home or root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .__main__ import report
from .build import build, load_settings
from .paths import UnsafePath, check_output_path, danger, overlaps

RSYNC_OPTIONS = [
    "--recursive",
    "--links",
    "--checksum",  # every build rewrites every file: compare contents, not dates
    "--delete-delay",  # remove what the site no longer has, once the new files are in
    "--delay-updates",  # put changed files in place together at the end
    "--itemize-changes",
]
NO_TARGET = (
    "No publish target is configured. Give one with --target (a folder, or user@host:path for SSH), "
    "or set the PUBLISH_TARGET environment variable or PUBLISH_TARGET in publishconf.py."
)
REMOTE_HOME = {"", ".", "/", "~", "~/", "./"}  # paths after `host:` that name the remote home or root
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
    settings = load_settings(project, production=True)
    try:
        output = check_output_path(project, settings["OUTPUT_PATH"], Path(settings["PATH"]))
    except UnsafePath as refusal:
        raise PublishRefused(str(refusal)) from None
    target = resolve_target(option, environ, settings)
    protected = {"content": Path(settings["PATH"]), "output": output, "cache": Path(settings["CACHE_PATH"])}
    destination = check_target(target, project, protected)
    if not shutil.which("rsync"):
        raise PublishRefused(
            "rsync is not installed. Install it with `apt-get install rsync` (setup.sh does)."
        )
    if report(build(project, production=True, debug=debug), production=True):
        raise PublishRefused(f"Nothing was sent to {target}: the build failed.")
    check_built(output)
    changes = run_rsync(rsync_command(output, destination, dry_run))
    return describe(changes, output, target, dry_run)


def resolve_target(option: str, environ: Mapping, settings: Mapping) -> str:
    """The target from --target, else the PUBLISH_TARGET environment variable, else the setting."""
    for candidate in (option, environ.get("PUBLISH_TARGET", ""), settings.get("PUBLISH_TARGET", "")):
        if candidate and candidate.strip():
            return candidate.strip()
    raise PublishRefused(NO_TARGET)


def is_remote(target: str) -> bool:
    """rsync's own rule: a colon before any slash makes `host:path` (or `user@host:path`) remote."""
    return ":" in target.split("/", 1)[0]


def check_target(target: str, project: Path, protected: Mapping[str, Path]) -> str:
    """The target as rsync should get it, or PublishRefused saying why it is dangerous.

    `protected` names the folders a publish must never write into or delete
    (content, output, cache). A relative local target is taken from the project folder.
    """
    if is_remote(target):
        if target.split(":", 1)[1] in REMOTE_HOME:
            raise PublishRefused(
                f"Refusing to publish to {target}: it names the remote home or root folder, whose files "
                "would be deleted. Name the site's own folder, such as user@host:/var/www/site."
            )
        return target
    folder = (project / Path(target).expanduser()).resolve()
    reason = local_danger(folder, project.resolve(), protected)
    if reason:
        raise PublishRefused(
            f"Refusing to publish to {folder}: {reason}. Choose the web server's own folder."
        )
    return str(folder)


def local_danger(folder: Path, project: Path, protected: Mapping[str, Path]) -> str:
    """Why publishing (with --delete) into the local `folder` would destroy something, or ''."""
    reason = danger(folder, project)
    if reason:
        return f"it is {reason}, which publishing would empty"
    for name, path in protected.items():
        if overlaps(folder, path.resolve()):
            return f"it overlaps the {name} folder ({path.resolve()})"
    if folder.is_relative_to(project):
        return f"it is inside the project ({project}), whose files publishing would delete"
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
    return ["rsync", *RSYNC_OPTIONS, *(["--dry-run"] if dry_run else []), f"{output}/", destination]


def run_rsync(command: list[str]) -> list[Change]:
    result = subprocess.run(command, check=False, capture_output=True, text=True)
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
