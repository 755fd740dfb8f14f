"""Which folders may be OUTPUT_PATH, CACHE_PATH and PREVIEW_OUTPUT_PATH (sitebuild/paths.py), however spelled.

A build replaces its folder whole and `invoke clean` deletes it, so a build folder
must be a folder of its own inside the project, holding nothing of the project's.
The project here is a git checkout with the site's layout; the property test
compares the decision for generated spellings with a plain statement of the rule.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sitebuild.paths import UnsafePath, check_build_folders, layout_names

TRACKED = [
    "content/blog/first.md",
    "theme/templates/base.html",
    "plugins/listings/__init__.py",
    "docs/writing-guide.md",
    "site/notes/minutes.md",  # a folder of the project's that no setting names
    "pelicanconf.py",
    "publishconf.py",
]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A git checkout of a site, with an earlier build, tooling folders and two links."""
    root = tmp_path_factory.mktemp("project")
    for name in TRACKED:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("kept\n", encoding="utf-8")
    for folder in (".venv/bin", "node_modules/pagefind", "output/blog"):
        (root / folder).mkdir(parents=True)
    (root / "output" / "index.html").write_text("an earlier build", encoding="utf-8")
    (root / "link-to-theme").symlink_to(root / "theme")
    (root / "link-outside").symlink_to(root.parent)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", *TRACKED], check=True)
    return root


def site_settings(root: Path, **folders: str) -> dict:
    """Settings as Pelican gives them: PATH, THEME and PLUGIN_PATHS absolute; the build folders as given."""
    values = {"OUTPUT_PATH": "output", "CACHE_PATH": "cache", "PREVIEW_OUTPUT_PATH": "preview", **folders}
    return {
        "PATH": str(root / "content"),
        "THEME": str(root / "theme"),
        "PLUGIN_PATHS": [str(root / "plugins")],
        **values,
    }


def checked(root: Path, value: str | None, setting: str = "OUTPUT_PATH") -> Path:
    settings_ = site_settings(root, **{setting: value})
    return check_build_folders(root, settings_, [setting, "CACHE_PATH"])[setting]


@pytest.mark.parametrize(
    "value", ["output", "./output/", "output//", "site-build/../output", "build/site", "new-folder"]
)
def test_a_folder_of_its_own_inside_the_project_is_accepted_resolved(project, value):
    assert checked(project, value) == Path(os.path.realpath(project / value))


def test_an_absolute_spelling_is_the_same_folder(project):
    assert checked(project, str(project / "output")) == project / "output"


# One spelling of each kind of folder a build must not replace, and what the refusal says.
REFUSED = {
    "": "OUTPUT_PATH is empty",
    "   ": "OUTPUT_PATH is empty",
    "/": "it is the root folder",
    ".": "it is the project folder itself",
    "./": "it is the project folder itself",
    "content/..": "it is the project folder itself",
    "..": "it is a folder holding the project",
    "../elsewhere": "it is outside the project",
    "link-outside/x": "it is outside the project",
    "content": "it is the content folder (PATH",
    "content/blog": "it is inside the content folder (PATH",
    "theme": "it is the theme folder (THEME",
    "output/../theme/": "it is the theme folder (THEME",
    "link-to-theme": "it is the theme folder (THEME",
    "link-to-theme/static": "it is inside the theme folder (THEME",
    "plugins/listings": "it is inside a plugin folder (PLUGIN_PATHS",
    ".git": "it is .git, the project's git repository",
    "./.git/": "it is .git, the project's git repository",
    ".git/objects": "it is inside .git",
    ".venv": "it is .venv, the project's Python environment",
    "node_modules/pagefind": "it is inside node_modules",
    "pelicanconf.py": "it is the settings file pelicanconf.py",
    "./publishconf.py": "it is the settings file publishconf.py",
    "docs": "it is docs, part of the site's layout",
    "docs/build": "it is inside docs",
    "tasks.py": "it is tasks.py, part of the site's layout",
    "site": "it holds files git tracks, such as site/notes/minutes.md",
    "site/notes": "it holds files git tracks",
    "site/new": "it is inside site, which holds files git tracks",
    "site/notes/minutes.md": "it is site/notes/minutes.md, a file git tracks",
    "cache": "it is the CACHE_PATH folder",
    "cache/pages": "it is inside the CACHE_PATH folder",
    "preview": "it is the PREVIEW_OUTPUT_PATH folder",
}


@pytest.mark.parametrize("value", REFUSED)
def test_a_folder_of_the_projects_own_is_refused_in_one_line_naming_the_setting_and_fix(project, value):
    with pytest.raises(UnsafePath) as refusal:
        checked(project, value)
    message = str(refusal.value)
    assert REFUSED[value] in message
    assert message.endswith("Set OUTPUT_PATH to a folder of its own inside the project, such as 'output'.")
    assert "\n" not in message


def test_a_link_is_named_with_the_folder_it_leads_to(project):
    with pytest.raises(UnsafePath) as refusal:
        checked(project, "link-to-theme")
    link, theme = project / "link-to-theme", project / "theme"
    assert f"Refusing to use {link} (which is {theme}) as OUTPUT_PATH" in str(refusal.value)


def test_a_file_is_not_a_folder(project):
    (project / "notes.txt").write_text("someone's notes", encoding="utf-8")
    with pytest.raises(UnsafePath, match="it is a file, not a folder"):
        checked(project, "notes.txt")


def test_a_loop_of_links_is_refused(project):
    (project / "loop-a").symlink_to(project / "loop-b")
    (project / "loop-b").symlink_to(project / "loop-a")
    with pytest.raises(UnsafePath, match="it is a loop of symbolic links"):
        checked(project, "loop-a")


def test_each_build_folder_is_checked_against_the_others(project):
    with pytest.raises(UnsafePath, match="as CACHE_PATH: it is inside the OUTPUT_PATH folder"):
        checked(project, "output/cache", setting="CACHE_PATH")
    with pytest.raises(UnsafePath, match="as PREVIEW_OUTPUT_PATH: it is the OUTPUT_PATH folder.*'preview'"):
        checked(project, "./output", setting="PREVIEW_OUTPUT_PATH")


def test_a_build_folder_outside_the_project_is_not_held_against_the_others(project):
    """A broken CACHE_PATH is refused as CACHE_PATH, not blamed on a good OUTPUT_PATH."""
    settings_ = site_settings(project, CACHE_PATH="/")
    assert check_build_folders(project, settings_, ["OUTPUT_PATH"]) == {"OUTPUT_PATH": project / "output"}
    with pytest.raises(UnsafePath, match="as CACHE_PATH: it is the root folder"):
        check_build_folders(project, settings_, ["OUTPUT_PATH", "CACHE_PATH"])


def test_a_copy_without_git_keeps_the_sites_layout(tmp_path):
    """Unpacked from an archive or copied, a project still owns docs/, tests/, tasks.py..."""
    root = tmp_path / "copy"
    (root / "content").mkdir(parents=True)
    for value in ("docs", "tests/site", "tasks.py", "sitebuild"):
        with pytest.raises(UnsafePath, match="part of the site's layout"):
            checked(root, value)
    assert checked(root, "output") == root / "output"
    assert {"content", "docs", "plugins", "sitebuild", "tasks.py", "theme"} <= set(layout_names())


# --- Every spelling: generated paths against the rule stated plainly -------------------------

# Parts a generated spelling is made of: the project's own folders, links, '.', '..' and empty parts.
PARTS = [
    "", ".", "..", "content", "blog", "theme", "docs", "site", "notes", ".git", ".venv",
    "output", "build", "cache", "preview", "link-to-theme", "link-outside", "x",
]
# The project's top-level names that are its own: any folder at, or inside, one of them is refused.
OWN_AT_TOP = {
    "content", "theme", "plugins", "docs", "site", ".git", ".venv", "node_modules",
    "pelicanconf.py", "publishconf.py", "cache", "preview",
}


def refused_by_the_rule(root: Path, value: str) -> bool:
    """The rule, stated plainly for this project: every folder the project's own paths start from
    is a top-level one, so a build folder is refused unless it resolves strictly inside the project
    and below a top-level name that is not the project's."""
    folder = Path(os.path.realpath(root / value))
    if not value.strip() or folder == root or not folder.is_relative_to(root):
        return True
    top = folder.relative_to(root).parts[0]
    return top in OWN_AT_TOP | set(layout_names())


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.sampled_from(PARTS), min_size=1, max_size=5), absolute=st.booleans())
@example(parts=[".", ".git", ""], absolute=False)
@example(parts=["output", "..", "theme"], absolute=False)
@example(parts=["link-to-theme", "..", "output"], absolute=True)
def test_every_spelling_is_decided_by_where_it_leads(project, parts, absolute):
    value = "/".join(parts)
    value = f"{project}/{value}" if absolute else value
    if refused_by_the_rule(project, value):
        with pytest.raises(UnsafePath) as refusal:
            checked(project, value)
        assert "OUTPUT_PATH" in str(refusal.value) and "\n" not in str(refusal.value)
    else:
        folder = checked(project, value)
        assert folder == Path(os.path.realpath(project / value)) and folder.is_relative_to(project)
