"""Serve a built site on 127.0.0.1 as a CDN would: the `_headers` rules and the precompressed copies.

A production build writes `_headers` (plugins/assets) and `.br`/`.gz` copies of
its text files (pelican-precompress). Python's own file server sends neither, so
Lighthouse and the browser tests would see a slower, less locked-down site than
readers get. This server answers each request as Cloudflare Pages or Netlify
would from the same folder: a folder's index.html, the `.br` or `.gz` copy with
its Content-Encoding when the browser accepts it, every matching rule's headers
(two values of one header joined with a comma, as Cloudflare does), and
/404.html with status 404 for an address the site does not have.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .search_cost import Quiet

ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # the server's preference, best first
HIDDEN = {"_headers"}  # read by the host, never served

Rule = tuple[str, list[tuple[str, str]]]  # a path pattern and its (name, value) headers


def parse_headers(text: str) -> list[Rule]:
    """The rules of a `_headers` file: a path pattern on its own line, its headers indented below."""
    rules: list[Rule] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def matches(pattern: str, path: str) -> bool:
    """'/theme/*' matches everything below /theme/ ('*' only at the end, as this site writes them)."""
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


def headers_for(rules: list[Rule], path: str) -> dict[str, str]:
    """The headers of every rule matching `path`, in file order; a repeated header's values joined."""
    found: dict[str, str] = {}
    for pattern, headers in rules:
        if matches(pattern, path):
            for name, value in headers:
                found[name] = f"{found[name]}, {value}" if name in found else value
    return found


def accepted(accept_encoding: str) -> set[str]:
    """The codings an Accept-Encoding header allows ('gzip, deflate, br;q=0' -> {'gzip', 'deflate'})."""
    codings = set()
    for part in accept_encoding.lower().split(","):
        coding, *parameters = (piece.strip() for piece in part.split(";"))
        if coding and _weight(parameters) > 0:
            codings.add(coding)
    return codings


def _weight(parameters: list[str]) -> float:
    """The q= of one coding (1 when it has none; 0, refused, when it cannot be read)."""
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


class SiteHandler(Quiet):
    """Answers from the built site in `directory` with the CDN's headers and encodings."""

    def send_head(self):
        address = unquote(urlsplit(self.path).path)
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not address.endswith("/"):
                return super().send_head()  # redirects to the folder's address, with its slash
            file = file / "index.html"
        status = 200
        if not file.is_file() or file.name in HIDDEN:
            status, file = 404, Path(self.directory) / "404.html"
            if not file.is_file():
                self.send_error(404)
                return None
        coding, body = self._body(file)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Length", str(len(body)))
        if coding:
            self.send_header("Content-Encoding", coding)
        if any(file.with_name(file.name + suffix).is_file() for _, suffix in ENCODINGS):
            self.send_header("Vary", "Accept-Encoding")
        for name, value in headers_for(self._rules(), address).items():
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(body)

    def _body(self, file: Path) -> tuple[str, bytes]:
        """The best precompressed copy the browser accepts, else the file itself."""
        wanted = accepted(self.headers.get("Accept-Encoding", ""))
        for coding, suffix in ENCODINGS:
            copy = file.with_name(file.name + suffix)
            if coding in wanted and copy.is_file():
                return coding, copy.read_bytes()
        return "", file.read_bytes()

    def _rules(self) -> list[Rule]:
        headers = Path(self.directory) / "_headers"
        return parse_headers(headers.read_text(encoding="utf-8")) if headers.is_file() else []


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free port of 127.0.0.1 until the block ends; yields 'http://127.0.0.1:PORT'.

    The folder is read on every request, so it may be built after the server
    starts: a production build needs the address (SITEURL) before it runs.
    """
    handler = functools.partial(SiteHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="static-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
