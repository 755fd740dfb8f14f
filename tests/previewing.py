"""`invoke serve` run for real in a child process, and waiting on it with a bounded wait."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from bench.rebuilds import free_port
from tests.conftest import REPO, Site

STARTUP_SECONDS = 120  # the first build of a small site, on a busy 2-core machine
CHANGE_SECONDS = 60  # a rebuild after a change


class RunningPreview:
    """`python -m sitebuild serve` on a fixture site, stopped when the `with` block ends."""

    def __init__(self, site: Site):
        self.site = site
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> RunningPreview:
        command = [sys.executable, "-m", "sitebuild", "serve", "--project", str(self.site.root)]
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )
        self.wait_for("/", lambda status, text: status != 0, STARTUP_SECONDS, "the preview to start")
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.origin + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, ""

    def wait_for(self, path: str, condition: Callable[[int, str], bool], seconds: float, what: str) -> str:
        """The page at `path` once `condition(status, text)` holds; fails after `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"The preview stopped:\n{self.process.stdout.read()}")
            status, text = self.get(path)
            if condition(status, text):
                return text
            time.sleep(0.2)
        raise AssertionError(f"Waited {seconds} s for {what} at {path}")
