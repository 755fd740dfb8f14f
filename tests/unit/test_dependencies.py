"""Every installed package the site depends on is pinned, at the installed version (no network needed)."""

from __future__ import annotations

import shutil

from sitebuild.dependencies import BENCH, CONSTRAINTS, SITE, unpinned
from tests.conftest import REPO


def copy_pin_files(tmp_path):
    for name in (SITE, CONSTRAINTS, BENCH):
        shutil.copy(REPO / name, tmp_path / name)
    return tmp_path / CONSTRAINTS


def test_this_environment_is_fully_pinned():
    assert unpinned(REPO) == []


def test_a_dependency_of_a_dependency_left_out_of_the_constraints_is_named(tmp_path):
    constraints = copy_pin_files(tmp_path)
    lines = constraints.read_text(encoding="utf-8").splitlines()
    pinned_markupsafe = next(line for line in lines if line.lower().startswith("markupsafe=="))
    constraints.write_text(
        "\n".join(line for line in lines if line != pinned_markupsafe) + "\n", encoding="utf-8"
    )
    version = pinned_markupsafe.split("==")[1]
    assert unpinned(tmp_path) == [
        f"markupsafe {version} is installed but not pinned: add markupsafe=={version} to constraints.txt"
    ]


def test_a_pin_that_differs_from_the_installed_version_is_named(tmp_path):
    constraints = copy_pin_files(tmp_path)
    text = constraints.read_text(encoding="utf-8")
    constraints.write_text(text.replace("\nmdurl==", "\nmdurl==0.0.1\n#", 1), encoding="utf-8")
    [problem] = unpinned(tmp_path)
    assert problem.startswith("mdurl is pinned at 0.0.1 but ") and problem.endswith(
        "is installed: run ./setup.sh"
    )
