"""The browser editor in `invoke serve`: /admin/ on the working folder, with no other process.

The preview's builds publish the editor (plugins/editor) with Decap's "proxy" backend
pointed at EDITOR_BACKEND_PATH on the preview itself, and the preview answers those
requests from the content folder (local_repository.py). A save there is a
change like any other: the watcher sees it and the preview shows the page, problems
included.

The preview listens on 127.0.0.1 only, but any web page open in the same browser could
send it requests, so a request that writes is taken only when the browser says it comes
from the preview's own pages: its Host and Origin are the preview's, and it is JSON (a
page elsewhere cannot send that to another origin without asking first, and the preview
never says yes).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from content_model.kinds import KINDS

from .local_repository import LocalRepository, Refused

EDITOR_BACKEND_PATH = "/__preview/editor"
SOURCE_PATH = "/__preview/source/"  # + a content file's path: that file's page (the editor's "View live")
MAX_REQUEST_BYTES = 64 * 1024 * 1024  # a request carries at most one post and its images, base64-encoded
LOCAL_HOSTS = ("127.0.0.1", "localhost")


class EditorBackend:
    """The editor's local backend for one preview."""

    def __init__(self, settings: dict, address_of: Callable[[Path], str | None] = lambda source: None):
        self.repository = LocalRepository(
            Path(settings["PATH"]), KINDS, settings["STATIC_PATHS"], settings["STATIC_FILE_TYPES"]
        )
        self.page_folder = f"/{PurePosixPath(settings['EDITOR_SAVE_AS']).parent}/"
        self.address_of = address_of  # a content file's page in the last good build, if it has one

    @staticmethod
    def settings(origin: str) -> dict:
        """What the preview's builds at `origin` (http://127.0.0.1:8000) set for the editor: on,
        on the content folder itself, its "View in the preview" links to the preview's pages."""
        backend = {"name": "proxy", "proxy_url": EDITOR_BACKEND_PATH, "branch": "main"}
        return {
            "EDITOR_BACKEND": backend,
            "EDITOR_CONTENT_PATH": "",
            "EDITOR_WORKFLOW": False,
            "EDITOR_PREVIEW_SOURCE": f"{origin}{SOURCE_PATH}",
        }

    def page_of(self, request_path: str) -> str | None:
        """The address of the page of the content file named after SOURCE_PATH in `request_path`
        ("blog/2026//a-post.md": the editor leaves an empty folder empty), or None."""
        parts = [part for part in request_path.removeprefix(SOURCE_PATH).split("/") if part]
        try:
            source = self.repository.allowed("/".join(parts), media=False)
        except Refused:
            return None
        return self.address_of(source)

    def answer(self, headers, body: BinaryIO, port: int) -> tuple[int, object]:
        """The status and JSON answer to one request to EDITOR_BACKEND_PATH."""
        origins = {f"http://{host}:{port}" for host in LOCAL_HOSTS}
        if f"http://{headers.get('Host', '')}" not in origins or headers.get("Origin") not in origins:
            return 403, {"error": "Only the preview's own editor may use this address."}
        if not headers.get("Content-Type", "").startswith("application/json"):
            return 415, {"error": "Requests must be JSON."}
        length = headers.get("Content-Length", "")
        if not (length.isascii() and length.isdigit()) or int(length) > MAX_REQUEST_BYTES:
            return 413, {"error": "The request is too large (at most 64 MB), or its size is not given."}
        try:
            request = json.loads(body.read(int(length)))
            if not isinstance(request, dict):
                raise Refused("The request is not a JSON object.")
            return 200, self.repository.handle(request)
        except (Refused, ValueError, OSError) as refusal:
            return 422, {"error": str(refusal)}
