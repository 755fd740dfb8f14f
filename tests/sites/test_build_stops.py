"""A broken settings file and Ctrl+C end a build with one clear message, never a traceback.

Both through the real commands, `python -m sitebuild build` and `invoke build`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO, Site, post, production_environment, snapshot


def break_settings(site: Site, name: str, line: str) -> int:
    """Append `line` to the settings file `name`; the number of the line it became."""
    settings = site.root / name
    text = settings.read_text(encoding="utf-8").rstrip("\n") + "\n"
    settings.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


@pytest.mark.parametrize(
    ("name", "line", "error"),
    [
        ("pelicanconf.py", "SITENAME = 'Unclosed", "SyntaxError: unterminated string literal"),
        (
            "pelicanconf.py",
            "FEED_MAX_ITEMS = UNDEFINED_NAME",
            "NameError: name 'UNDEFINED_NAME' is not defined",
        ),
        ("publishconf.py", "SITEURL = 'https://' + PORT", "NameError: name 'PORT' is not defined"),
    ],
    ids=["syntax error", "NameError", "production settings"],
)
def test_a_broken_settings_file_is_named_with_its_line(site, name, line, error):
    site.write("blog/good.md", post("Good"))
    assert site.build().returncode == 0
    before = snapshot(site.output)
    number = break_settings(site, name, line)
    result = site.build(production=name == "publishconf.py")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    first = result.stderr.splitlines()[0]
    assert f"the settings file {site.root / name}, line {number} has an error: {error}" in first, first
    assert first.startswith("The build failed: ") and first.endswith("Fix it and try again.")
    assert snapshot(site.output) == before


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Site:
    """The example content, built once (development): the output every interrupted build must keep."""
    site = Site(tmp_path_factory.mktemp("interrupted"), content=REPO / "content")
    result = site.build()
    assert result.returncode == 0, result.stderr
    return site


def staging_folders(site: Site) -> list[str]:
    """The build's staging folders (sitebuild/build.py), not an earlier build's retired output,
    which a background process may still be deleting: seeing one of those, the test sent Ctrl+C
    before the new build had even started Python, and the signal was lost (a build that ended 0)."""
    return sorted(path.name for path in site.root.iterdir() if path.name.startswith(".output-building-"))


# The two ways to start a build: `python -m sitebuild` and `invoke`, which runs the same task.
BUILD_COMMANDS = {"sitebuild": ["-m", "sitebuild", "build"], "invoke": ["-m", "invoke", "build"]}


def start_build(site: Site, via: str = "sitebuild") -> subprocess.Popen:
    """A production build in its own process group, as a terminal runs a command."""
    command = [sys.executable, *BUILD_COMMANDS[via], "--production", "--project", str(site.root)]
    return subprocess.Popen(
        command,
        cwd=REPO,
        env=os.environ | production_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        encoding="utf-8",
    )


def wait_for_staging(site: Site, build: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not staging_folders(site):
        assert build.poll() is None, "the build ended before it started writing"
        assert time.monotonic() < deadline, "the build did not start within a minute"
        time.sleep(0.05)


def staged(site: Site, name: str) -> bool:
    """Whether the build under way has written `name` into its staging folder yet."""
    return any((site.root / folder / name).exists() for folder in staging_folders(site))


# Where Ctrl+C lands: as reading starts, once pages are being written, once search indexing began.
STAGES = {"reading": "", "writing": "index.html", "indexing": "pagefind"}


@pytest.mark.parametrize(
    ("stage", "via"), [*((stage, "sitebuild") for stage in STAGES), ("writing", "invoke")]
)
def test_ctrl_c_stops_the_build_and_keeps_output(example, stage, via):
    before = snapshot(example.output)
    build = start_build(example, via)
    try:
        wait_for_staging(example, build)
        while STAGES[stage] and not staged(example, STAGES[stage]) and build.poll() is None:
            time.sleep(0.01)
        if build.poll() is not None:
            pytest.skip("the build finished before Ctrl+C")  # not expected: the stages take seconds
        os.killpg(build.pid, signal.SIGINT)  # Ctrl+C reaches the build and its children, Pagefind too
        _, stderr = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    assert build.returncode == 130, stderr
    assert stderr.strip() == "Build interrupted; output/ is unchanged.", stderr
    assert snapshot(example.output) == before
    assert staging_folders(example) == []
