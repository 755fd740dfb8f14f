"""A build that fails at any stage says what failed in one line and leaves the last good output/ as it was.

Each failure is real: a broken template in a copy of the theme, a Pagefind
program that fails or is killed (PAGEFIND_BINARY_PATH is Pagefind's own way to
choose its program), and a write that fails with "No space left on device".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time

import pytest

from tests.conftest import REPO, Site, post, snapshot

FULL_DISK_PLUGIN = '''\
"""Test only: every file Pelican writes fails as if the disk were full."""

import errno
import os

from pelican import signals


def fill_disk(path, context):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)


def register():
    signals.content_written.connect(fill_disk)
'''


@pytest.fixture
def built(site) -> Site:
    """A site whose first build succeeded: the last good output/ every test must keep."""
    site.write("blog/good.md", post("Good"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    return site


def add_settings(site: Site, text: str) -> None:
    settings = site.root / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + textwrap.dedent(text), encoding="utf-8")


def build(site: Site, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "sitebuild", "build", "--project", str(site.root)]
    return subprocess.run(
        command,
        check=False,
        cwd=REPO,
        env=os.environ | (env or {}),
        capture_output=True,
        text=True,
        timeout=300,
        encoding="utf-8",
    )


def assert_failed_cleanly(site: Site, result, before: dict[str, str], first_line: str) -> None:
    assert result.returncode != 0
    assert result.stderr.splitlines()[0].startswith(first_line), result.stderr
    assert "Traceback" not in result.stderr
    assert "the previous output folder is unchanged" in result.stderr
    assert snapshot(site.output) == before
    assert sorted(path.name for path in site.root.iterdir() if path.name.startswith(".")) == []


@pytest.mark.parametrize(
    ("template", "error"),
    [
        ("{{ page.title_html|nosuchfilter }}", "No filter named 'nosuchfilter'"),
        ("{{ page.title_html.no.such.attribute }}", "has no attribute 'no'"),
    ],
    ids=["syntax", "while rendering"],
)
def test_a_template_error_names_the_template_and_its_line(built, tmp_path, template, error):
    before = snapshot(built.output)
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    broken = theme / "templates" / "article.html"
    broken.write_text(
        f"{{% extends 'base.html' %}}\n{{% block content %}}\n<p>\n{template}\n{{% endblock %}}\n",
        encoding="utf-8",
    )
    add_settings(built, f"THEME = {str(theme)!r}\n")
    result = build(built)
    assert_failed_cleanly(built, result, before, f"The build failed in the template {broken}, line 4: ")
    assert error in result.stderr


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (
            "echo 'Error: could not read the site' >&2; exit 3",
            "Pagefind failed (exit status 3): Error: could not read the site",
        ),
        ("kill -KILL $$", "Pagefind was stopped by SIGKILL before it finished"),
    ],
    ids=["fails", "is killed"],
)
def test_a_failed_search_index_fails_the_build(built, tmp_path, script, message):
    before = snapshot(built.output)
    pagefind = tmp_path / "pagefind"
    pagefind.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    pagefind.chmod(0o755)
    result = build(built, env={"PAGEFIND_BINARY_PATH": str(pagefind)})
    assert_failed_cleanly(built, result, before, "The build failed during search indexing: ")
    assert message in result.stderr


def test_a_missing_pagefind_program_says_how_to_reinstall_it(built, tmp_path):
    before = snapshot(built.output)
    result = build(built, env={"PAGEFIND_BINARY_PATH": str(tmp_path / "no-such-program")})
    assert_failed_cleanly(
        built, result, before, "The build failed during search indexing: Pagefind could not start"
    )
    assert "Reinstall it with: .venv/bin/pip install -r requirements.txt -c constraints.txt" in result.stderr


def test_a_full_disk_is_named_as_such(built, tmp_path):
    before = snapshot(built.output)
    plugin = tmp_path / "test_plugins" / "fill_disk"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(FULL_DISK_PLUGIN, encoding="utf-8")
    add_settings(
        built,
        f"""
        PLUGIN_PATHS = [*PLUGIN_PATHS, {str(plugin.parent)!r}]
        PLUGINS = [*PLUGINS, "fill_disk"]
        """,
    )
    result = build(built)
    assert_failed_cleanly(
        built, result, before, "The build failed because the disk is full: could not write "
    )
    assert f"could not write {built.output}/" in result.stderr, (
        "the output folder is named, not the staging one"
    )
    assert "Free some space and build again." in result.stderr


def test_a_good_build_replaces_output_and_the_old_one_is_deleted_after(built):
    """The old output/ is renamed aside in one step and deleted by a process of its own."""
    (built.output / "left-from-before.txt").write_text("old", encoding="utf-8")
    result = build(built)
    assert result.returncode == 0, result.stderr
    assert (built.output / "index.html").is_file()
    assert not (built.output / "left-from-before.txt").exists()
    deadline = time.monotonic() + 30
    while list(built.root.glob(".output-retired-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(path.name for path in built.root.iterdir() if path.name.startswith(".")) == []
