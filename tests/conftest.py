"""Shared helpers: fixture sites built with the project's own settings, theme and plugins."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
# The address production builds in tests are made for: a production build refuses the example
# address publishconf.py falls back to (https://www.example.org), and an empty one.
SITEURL = "https://www.acsd.test"

SETTINGS_TEMPLATE = """\
# A fixture site: the project's {name}, with its theme and plugins.
import runpy

globals().update(
    {{key: value for key, value in runpy.run_path({source!r}).items() if key.isupper()}}
)
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
{extra}
"""


class Site:
    """A small site in a temporary folder, built through the real build command."""

    def __init__(self, root: Path, content: Path | None = None, extra_settings: str = ""):
        self.root = root
        self.content = content or root / "content"
        self.content.mkdir(parents=True, exist_ok=True)
        path_line = f"PATH = {str(self.content)!r}\n" if content else ""
        for name in ("pelicanconf.py", "publishconf.py"):
            (root / name).write_text(
                SETTINGS_TEMPLATE.format(
                    name=name,
                    source=str(REPO / name),
                    theme=str(REPO / "theme"),
                    plugins=str(REPO / "plugins"),
                    extra=path_line + textwrap.dedent(extra_settings),
                ),
                encoding="utf-8",
            )

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, relative: str, text: str) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    def build(self, production: bool = False, env: dict | None = None) -> subprocess.CompletedProcess:
        """Build through the real command; `env` adds environment variables for this build."""
        command = [sys.executable, "-m", "sitebuild", "build", "--project", str(self.root)]
        if production:
            command.append("--production")
            env = production_environment(env)
        environment = os.environ | env if env else None
        return subprocess.run(
            command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=300, encoding="utf-8"
        )

    def page(self, url: str) -> BeautifulSoup:
        """The built page at a site URL such as '/blog/my-post/'."""
        path = self.output / url.strip("/") / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def production_environment(env: dict | None = None) -> dict:
    """`env` for a production build: SITEURL is the tests' address unless `env` or the environment sets one."""
    if "SITEURL" in (env or {}) or "SITEURL" in os.environ:
        return env or {}
    return (env or {}) | {"SITEURL": SITEURL}


@pytest.fixture(scope="session")
def example(tmp_path_factory) -> Site:
    """The repository's own content, built once with the production settings."""
    site = Site(tmp_path_factory.mktemp("example"), content=REPO / "content")
    result = site.build(production=True)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "site")


def snapshot(folder: Path) -> dict[str, str]:
    """The sha256 of every file under `folder`, by relative path: equal snapshots mean identical trees."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def text_of(element) -> str:
    """Visible text with typography's non-breaking spaces made plain, for comparing with titles."""
    return " ".join(element.get_text(" ").replace("\xa0", " ").split())


def post(
    title: str, *, date="2026-03-01", category="General", authors="Ann Example", body="Some words.", **fields
) -> str:
    """A blog post's Markdown with the required front matter plus any `fields`."""
    lines = [f"Title: {title}", f"Date: {date}", f"Category: {category}", f"Authors: {authors}"]
    lines += [f"{key.capitalize()}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + f"\n\n{body}\n"


def pytest_terminal_summary(terminalreporter):
    """How many generated inputs the property-based tests tried (counted in tests/hostile.py)."""
    hostile = sys.modules.get("tests.hostile")
    if hostile and hostile.TRIED:
        tried = ", ".join(f"{number} {what}" for what, number in sorted(hostile.TRIED.items()))
        terminalreporter.write_line(f"Generated inputs tried: {tried}")
