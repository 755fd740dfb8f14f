"""Every page of the built example site is valid HTML: the Nu Html Checker reports no error.

The checker is the current vnu-jar from npm (package.json; setup.sh runs `npm ci`), run once
over every built page with the machine's Java (setup.sh installs default-jre-headless).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import REPO, Site

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


# The browser editor's page too, as a maintainer publishes it (plugins/editor).
EDITOR = 'EDITOR_BACKEND = {"name": "github", "repo": "association/site", "branch": "main"}\n'


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Site:
    """The example content built as it is published (production settings), with the browser editor."""
    site = Site(tmp_path_factory.mktemp("html-valid"), content=REPO / "content", extra_settings=EDITOR)
    result = site.build(production=True)
    assert result.returncode == 0, f"The example site did not build:\n{result.stdout}\n{result.stderr}"
    return site


def describe(message: dict, output: Path) -> str:
    """'blog/my-post/index.html:12: <message>  [<the markup around it>]'."""
    path = Path(unquote(urlsplit(message.get("url", "")).path))
    name = path.relative_to(output) if path.is_relative_to(output) else path
    extract = " ".join(message.get("extract", "").split())[:100]
    return f"{name}:{message.get('lastLine', '?')}: {message.get('message')}  [{extract}]"


def test_every_built_page_is_valid_html(example):
    java = shutil.which("java")
    assert java, "java is missing: the Nu Html Checker needs it. Run ./setup.sh (it installs a JRE)."
    assert VNU.is_file(), f"{VNU} is missing: run ./setup.sh (it runs `npm ci` to install vnu-jar)."
    pages = sorted(example.output.rglob("*.html"))
    assert len(pages) > 20, f"Only {len(pages)} pages were built into {example.output}"
    assert example.output / "admin" / "index.html" in pages

    # One Java start for every page; the JSON report goes to stderr.
    checked = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
        encoding="utf-8",
    )
    report = f"exit {checked.returncode}:\n{checked.stderr[-3000:]}"
    try:
        messages = json.loads(checked.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"The Nu Html Checker did not report JSON ({report})")

    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    listed = "\n".join(describe(m, example.output) for m in errors)
    assert not errors, f"The Nu Html Checker found {len(errors)} error(s) in {len(pages)} pages:\n{listed}"
    assert checked.returncode == 0, f"The Nu Html Checker failed ({report})"
