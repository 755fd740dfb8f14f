"""The browser editor's local backend (sitebuild/local_repository.py, sitebuild/local_editor.py)
on a temporary content folder: what it reads and writes, and everything it refuses."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from pathlib import Path

import pytest
from content_model.kinds import KINDS

from sitebuild.local_editor import MAX_REQUEST_BYTES, EditorBackend
from sitebuild.local_repository import LocalRepository, Refused

PNG = b"\x89PNG\r\n\x1a\n-an-image"


@pytest.fixture
def root(tmp_path) -> Path:
    content = tmp_path / "content"
    for folder in ("blog", "events", "images", "files"):
        (content / folder).mkdir(parents=True)
    return content


@pytest.fixture
def repository(root) -> LocalRepository:
    return LocalRepository(root, KINDS, ["files", "images"], ["pdf", "png", "jpg"])


def write(path: Path, text: str = "Title: A post\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def call(repository: LocalRepository, action: str, **params):
    return repository.handle({"action": action, "params": params})


def persist(path: str, raw: str = "Title: A post\n", new_path: str | None = None, **extra) -> dict:
    data_file = {"path": path, "raw": raw, **({"newPath": new_path} if new_path else {})}
    return {"action": "persistEntry", "params": {"dataFiles": [data_file], **extra}}


def asset(path: str, content: bytes = PNG) -> dict:
    return {"path": path, "content": base64.b64encode(content).decode("ascii"), "encoding": "base64"}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones included) and its content: to see that nothing was written."""
    files = (path for path in folder.rglob("*") if path.is_file())
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in files}


# -- reading ----------------------------------------------------------------------


@pytest.fixture
def blog(root) -> Path:
    write(root / "blog/2026/a.md", "Title: A\n")
    write(root / "blog/b.md", "Title: B\n")
    write(root / "blog/.x.md")
    write(root / "blog/.git/HEAD.md")
    write(root / "blog/notes.txt")
    return root / "blog"


def test_entries_by_folder_lists_the_posts_with_their_text_and_digest(repository, blog):
    entries = call(repository, "entriesByFolder", folder="blog", extension="md", depth=2)
    assert [entry["file"]["path"] for entry in entries] == ["blog/2026/a.md", "blog/b.md"]
    assert [entry["data"] for entry in entries] == ["Title: A\n", "Title: B\n"]
    assert entries[1]["file"]["id"] == hashlib.sha256(b"Title: B\n").hexdigest()


def test_entries_by_folder_to_depth_one_leaves_out_the_year_folders(repository, blog):
    entries = call(repository, "entriesByFolder", folder="blog", extension="md", depth=1)
    assert [entry["file"]["path"] for entry in entries] == ["blog/b.md"]


def test_a_missing_entry_has_no_data(repository):
    assert call(repository, "getEntry", path="blog/missing.md")["data"] is None


# -- writing ----------------------------------------------------------------------


def test_persist_entry_writes_the_text_in_utf8_in_new_folders(repository, root):
    text = "Title: Café – naïve 🎉\nDate: 2026-01-02\n\nStraße.\n"
    repository.handle(persist("blog/2026/new.md", text))
    assert (root / "blog/2026/new.md").read_text(encoding="utf-8") == text
    assert call(repository, "getEntry", path="blog/2026/new.md")["data"] == text


def test_persist_entry_leaves_no_temporary_file(repository, root):
    repository.handle(persist("blog/2026/new.md"))
    repository.handle(persist("blog/2026/new.md", "Title: Again\n"))
    assert sorted(tree(root / "blog")) == ["2026/new.md"]


def test_persist_entry_with_a_new_path_moves_the_file(repository, root):
    write(root / "blog/old.md", "Title: Old\n")
    repository.handle(persist("blog/old.md", "Title: New\n", new_path="blog/2026/new.md"))
    assert not (root / "blog/old.md").exists()
    assert (root / "blog/2026/new.md").read_text(encoding="utf-8") == "Title: New\n"


def test_persist_entry_writes_its_images(repository, root):
    repository.handle(persist("blog/post.md", assets=[asset("images/pic.png")]))
    assert (root / "images/pic.png").read_bytes() == PNG


# -- refusals ---------------------------------------------------------------------

NOT_ENTRIES = [
    "../outside.md",
    "/etc/passwd",
    "blog/../../x.md",
    "blog/.hidden.md",
    ".git/config",
    "blog\\x.md",
    "theme/x.md",
    "pelicanconf.py",
    "blog/x.py",
    "images/x.md",
]

REFUSED = [
    *[pytest.param(persist(path), id=f"entry {path}") for path in NOT_ENTRIES],
    pytest.param(persist("blog/a.md", new_path="../a.md"), id="moved outside"),
    pytest.param({"action": "persistMedia", "params": {"asset": asset("images/x.exe")}}, id="media x.exe"),
    pytest.param(persist("blog/ok.md", assets=[asset("blog/x.md")]), id="asset blog/x.md"),
    pytest.param(
        {"action": "persistMedia", "params": {"asset": {**asset("images/x.png"), "content": "not base64!"}}},
        id="invalid base64",
    ),
    pytest.param({"action": "getEntry", "params": {"path": "../outside.md"}}, id="read outside"),
    pytest.param({"action": "runCommand", "params": {"command": "rm -rf /"}}, id="unknown action"),
    pytest.param({"action": "persistEntry", "params": ["blog/x.md"]}, id="params not a dict"),
]


@pytest.mark.parametrize("request_", REFUSED)
def test_what_the_editor_may_not_do_is_refused_and_writes_nothing(repository, tmp_path, request_):
    write(tmp_path / "outside.md", "secret\n")
    before = tree(tmp_path)
    with pytest.raises(Refused):
        repository.handle(request_)
    assert tree(tmp_path) == before


def test_a_symbolic_link_out_of_the_folder_is_neither_read_nor_written(repository, root, tmp_path):
    outside = write(tmp_path / "outside.md", "secret\n")
    (root / "blog/link.md").symlink_to(outside)
    with pytest.raises(Refused):
        repository.handle(persist("blog/link.md", "overwritten\n"))
    with pytest.raises(Refused):
        call(repository, "getEntry", path="blog/link.md")
    assert outside.read_text(encoding="utf-8") == "secret\n"
    assert call(repository, "entriesByFolder", folder="blog", depth=2) == []


# -- media ------------------------------------------------------------------------


def test_get_media_offers_only_files_of_allowed_types(repository, root):
    (root / "images/pic.png").write_bytes(PNG)
    (root / "images/tool.exe").write_bytes(b"MZ")
    media = call(repository, "getMedia", mediaFolder="images")
    assert [file["path"] for file in media] == ["images/pic.png"]
    assert base64.b64decode(media[0]["content"]) == PNG


@pytest.mark.parametrize("folder", ["blog", "../", "/", ""])
def test_get_media_of_a_folder_that_is_not_a_media_folder_is_empty(repository, root, folder):
    write(root / "blog/a.md")
    assert call(repository, "getMedia", mediaFolder=folder) == []


# -- deleting ---------------------------------------------------------------------


def test_delete_file_removes_a_post(repository, root):
    post = write(root / "blog/x.md")
    call(repository, "deleteFile", path="blog/x.md")
    assert not post.exists()


@pytest.mark.parametrize("path", ["pelicanconf.py", "../x"])
def test_delete_file_outside_the_posts_and_media_is_refused(repository, root, path):
    target = write(root / path)
    with pytest.raises(Refused):
        call(repository, "deleteFile", path=path)
    assert target.exists()


# -- the preview's backend (sitebuild/local_editor.py) ------------------------------

LOCAL = {
    "Host": "127.0.0.1:8000",
    "Origin": "http://127.0.0.1:8000",
    "Content-Type": "application/json; charset=utf-8",
}


@pytest.fixture
def backend(tmp_path) -> EditorBackend:
    (tmp_path / "blog").mkdir()
    settings = {
        "PATH": str(tmp_path),
        "STATIC_PATHS": ["files", "images"],
        "STATIC_FILE_TYPES": ["pdf", "png"],
        "EDITOR_SAVE_AS": "admin/index.html",
    }
    return EditorBackend(settings)


def send(backend: EditorBackend, payload: object, raw: bytes | None = None, **headers: str | None):
    """The answer to a POST of `payload` as JSON (or of `raw`), with LOCAL's headers changed by `headers`."""
    body = json.dumps(payload).encode("utf-8") if raw is None else raw
    sent = {**LOCAL, "Content-Length": str(len(body)), **headers}
    sent = {key: value for key, value in sent.items() if value is not None}
    return backend.answer(sent, io.BytesIO(body), 8000)


def test_a_json_request_from_the_preview_is_answered(backend, tmp_path):
    status, answer = send(backend, {"action": "info", "params": {}})
    assert status == 200
    assert answer["repo"] == tmp_path.name


def test_a_request_from_localhost_is_answered(backend):
    assert send(backend, {"action": "info"}, Host="localhost:8000", Origin="http://localhost:8000")[0] == 200


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:9000", "null", None])
def test_a_request_from_another_origin_is_forbidden_and_writes_nothing(backend, tmp_path, origin):
    status, answer = send(backend, persist("blog/x.md"), Origin=origin)
    assert status == 403
    assert "error" in answer
    assert not (tmp_path / "blog/x.md").exists()


def test_a_request_for_another_host_name_is_forbidden(backend, tmp_path):
    status, _ = send(backend, persist("blog/x.md"), Host="evil.example:8000")
    assert status == 403
    assert not (tmp_path / "blog/x.md").exists()


def test_a_request_that_is_not_json_is_refused(backend, tmp_path):
    assert send(backend, persist("blog/x.md"), **{"Content-Type": "text/plain"})[0] == 415
    assert not (tmp_path / "blog/x.md").exists()


@pytest.mark.parametrize("length", [None, "", "-1", "1e3", str(MAX_REQUEST_BYTES + 1)])
def test_a_request_of_no_or_too_large_a_size_is_refused(backend, length):
    assert send(backend, {"action": "info"}, **{"Content-Length": length})[0] == 413


def test_a_size_in_other_digits_is_refused(backend):
    assert send(backend, {"action": "info"}, **{"Content-Length": "\u00b2"})[0] == 413


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe", b'"info"'])
def test_a_request_that_is_not_a_json_object_is_refused_with_a_message(backend, raw):
    status, answer = send(backend, None, raw=raw)
    assert status == 422
    assert answer["error"]


def test_a_refused_path_is_answered_with_its_reason(backend, tmp_path):
    status, answer = send(backend, persist("../x.md"))
    assert status == 422
    assert "../x.md" in answer["error"]
    assert not (tmp_path.parent / "x.md").exists()


@pytest.mark.parametrize(
    "request_",
    [
        {"action": "entriesByFiles", "params": {"files": 5}},
        {"action": "deleteFiles", "params": {"paths": 5}},
        {"action": "persistEntry", "params": {"dataFiles": 5}},
        {"action": "persistEntry", "params": {"entry": {"path": "blog/x.md", "raw": "x"}, "assets": 5}},
    ],
)
def test_a_malformed_list_in_the_params_is_refused_with_a_message(backend, request_):
    assert send(backend, request_)[0] == 422


def test_the_editor_page_folder_is_the_folder_of_its_page(backend):
    assert backend.page_folder == "/admin/"
