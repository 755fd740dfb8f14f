"""The preview's local backend for the browser editor: Decap CMS's proxy protocol over the content folder.

Decap's "proxy" backend sends each operation as a JSON POST ({"action": ..., "params": ...});
decap-server answers it from a folder. `invoke serve` answers it itself (local_editor.py),
from this class, so the editor reads and writes the working folder with no other process.

The editor is a web page, so what it sends is untrusted: a path is allowed only when it is
a file the site itself reads, decided by allowlist: a Markdown file in a kind's folder, or a
file of an allowed type (STATIC_FILE_TYPES) in a static folder (STATIC_PATHS), with no
hidden or empty part and nothing outside the content folder. Everything else is refused with
a message, and nothing is written. Files are written whole (a temporary file renamed over
the old one), so the preview's watcher never reads half a file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from .paths import write_atomically

MAX_DEPTH = 4  # folders below a kind's folder that listing looks into (blog/2026/post.md is 2)


class Refused(Exception):
    """An operation the editor may not do here; its message says why."""


class LocalRepository:
    """The content folder, as Decap's proxy backend sees a repository."""

    def __init__(self, root: Path, entry_folders: Iterable[str], media_folders: Iterable[str], media_types):
        self.root = root.resolve()
        self.entry_folders = frozenset(entry_folders)
        self.media_folders = frozenset(media_folders)
        self.media_types = frozenset(suffix.lower().lstrip(".") for suffix in media_types)

    def handle(self, request: dict) -> dict | list | None:
        """The answer to one request; raises Refused for anything not allowed."""
        action, params = request.get("action"), request.get("params") or {}
        if not isinstance(params, dict):
            raise Refused("The request's params are not an object.")
        handler = ACTIONS.get(action) if isinstance(action, str) else None
        if handler is None:
            raise Refused(f"Unknown action {action!r}.")
        return handler(self, params)

    # -- paths ------------------------------------------------------------------

    def allowed(self, path: object, media: bool | None = None) -> Path:
        """The file `path` names, when the editor may read or write it; else Refused.

        `media`: True for media only, False for entries only, None for either.
        """
        if not isinstance(path, str) or not path or "\\" in path or "\x00" in path:
            raise Refused(f"{path!r} is not a file path.")
        parts = PurePosixPath(path).parts
        if path.startswith("/") or any(part in ("", ".", "..") or part.startswith(".") for part in parts):
            raise Refused(f"{path!r} is not a file of the content folder.")
        folder, suffix = parts[0], PurePosixPath(path).suffix.lower().lstrip(".")
        is_entry = len(parts) > 1 and folder in self.entry_folders and suffix == "md"
        is_media = len(parts) > 1 and folder in self.media_folders and suffix in self.media_types
        if not ((is_entry and media is not True) or (is_media and media is not False)):
            raise Refused(f"{path!r} is not a post's Markdown file or an allowed image or document.")
        target = self.root.joinpath(*parts)
        if not target.resolve().is_relative_to(self.root):  # a symbolic link leading out
            raise Refused(f"{path!r} leads outside the content folder.")
        return target

    def folder(self, name: object, media: bool) -> Path:
        folders = self.media_folders if media else self.entry_folders
        if not isinstance(name, str) or name.strip("/") not in folders:
            raise Refused(f"{name!r} is not a folder the editor works in.")
        return self.root / name.strip("/")

    # -- reading ----------------------------------------------------------------

    def entry(self, path: str) -> dict:
        target = self.allowed(path, media=False)
        try:
            content = target.read_bytes()
        except OSError:
            return {"data": None, "file": {"path": path, "id": None}}
        text = content.decode("utf-8", errors="replace")
        return {"data": text, "file": {"path": path, "id": digest(content)}}

    def media_file(self, path: str) -> dict:
        target = self.allowed(path, media=True)
        content = target.read_bytes()
        return {
            "id": digest(content),
            "content": base64.b64encode(content).decode("ascii"),
            "encoding": "base64",
            "path": path,
            "name": target.name,
        }

    def listed(self, folder: Path, depth: int, suffix: str = "") -> list[str]:
        """The files under `folder` (to `depth` levels), as paths from the root, hidden ones left out."""
        found = []
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            relative = path.relative_to(self.root)
            inside = relative.relative_to(folder.relative_to(self.root))
            if len(inside.parts) > depth or any(part.startswith(".") for part in relative.parts):
                continue
            if path.is_file() and not path.is_symlink() and path.name.endswith(suffix):
                found.append(relative.as_posix())
        return found

    # -- writing ----------------------------------------------------------------

    def write(self, path: str, content: bytes, media: bool) -> None:
        write_atomically(self.allowed(path, media=media), content)


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def listed_param(params: dict, name: str, default: list) -> list:
    """A parameter that must be a list, or Refused."""
    value = params.get(name, default)
    if not isinstance(value, list):
        raise Refused(f"The request's {name} is not a list.")
    return value


def decoded(asset: object) -> tuple[str, bytes]:
    if not isinstance(asset, dict) or asset.get("encoding") != "base64":
        raise Refused("A file must be sent base64-encoded.")
    try:
        return asset.get("path"), base64.b64decode(str(asset.get("content", "")), validate=True)
    except (binascii.Error, ValueError) as error:
        raise Refused("A file's content is not valid base64.") from error


def info(repository: LocalRepository, params: dict) -> dict:
    return {"repo": repository.root.name, "publish_modes": ["simple"], "type": "local_fs"}


def entries_by_folder(repository: LocalRepository, params: dict) -> list[dict]:
    folder = repository.folder(params.get("folder"), media=False)
    depth = params.get("depth")
    depth = min(depth, MAX_DEPTH) if isinstance(depth, int) and depth > 0 else 1
    extension = "." + str(params.get("extension") or "md").lstrip(".")
    return [repository.entry(path) for path in repository.listed(folder, depth, extension)]


def entries_by_files(repository: LocalRepository, params: dict) -> list[dict]:
    files = listed_param(params, "files", [])
    return [repository.entry(file.get("path") if isinstance(file, dict) else None) for file in files]


def get_entry(repository: LocalRepository, params: dict) -> dict:
    return repository.entry(params.get("path"))


def persist_entry(repository: LocalRepository, params: dict) -> dict:
    """Save an entry (its files, and any images added in the form); a renamed entry is moved."""
    data_files = listed_param(params, "dataFiles", []) or [params.get("entry")]
    checked = []
    for data_file in data_files:
        if not isinstance(data_file, dict) or not isinstance(data_file.get("raw"), str):
            raise Refused("An entry must come with its text.")
        repository.allowed(data_file.get("path"), media=False)
        if data_file.get("newPath"):
            repository.allowed(data_file["newPath"], media=False)
        checked.append(data_file)
    assets = [decoded(asset) for asset in listed_param(params, "assets", [])]
    for path, _ in assets:
        repository.allowed(path, media=True)
    for path, content in assets:
        repository.write(path, content, media=True)
    for data_file in checked:
        repository.write(data_file["path"], data_file["raw"].encode("utf-8"), media=False)
        if data_file.get("newPath"):
            new = repository.allowed(data_file["newPath"], media=False)
            new.parent.mkdir(parents=True, exist_ok=True)
            os.replace(repository.allowed(data_file["path"], media=False), new)
    return {"message": "entry persisted"}


def get_media(repository: LocalRepository, params: dict) -> list[dict]:
    """The files of a media folder; none for a folder the editor may not use (it asks for others)."""
    try:
        folder = repository.folder(params.get("mediaFolder"), media=True)
    except Refused:
        return []
    media = []
    for path in repository.listed(folder, depth=1):
        try:
            media.append(repository.media_file(path))
        except Refused:  # a file of a type the site does not publish: not offered
            continue
    return media


def get_media_file(repository: LocalRepository, params: dict) -> dict:
    return repository.media_file(params.get("path"))


def persist_media(repository: LocalRepository, params: dict) -> dict:
    path, content = decoded(params.get("asset"))
    repository.write(path, content, media=True)
    return repository.media_file(path)


def delete_files(repository: LocalRepository, params: dict) -> dict:
    paths = listed_param(params, "paths", []) if "paths" in params else [params.get("path")]
    targets = [repository.allowed(path) for path in paths]
    for target in targets:
        target.unlink(missing_ok=True)
    return {"message": f"deleted {len(targets)} file(s)"}


ACTIONS = {
    "info": info,
    "entriesByFolder": entries_by_folder,
    "entriesByFiles": entries_by_files,
    "getEntry": get_entry,
    "persistEntry": persist_entry,
    "getMedia": get_media,
    "getMediaFile": get_media_file,
    "persistMedia": persist_media,
    "deleteFile": delete_files,
    "deleteFiles": delete_files,
    "getDeployPreview": lambda repository, params: None,
}
