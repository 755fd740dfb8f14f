"""Is every Python package the site installs pinned? Read from the installed packages' own metadata.

requirements.txt names what the site needs; constraints.txt must pin everything
those pull in, so an install next year gets the same versions (and `invoke
audit` checks exactly those versions). requirements-bench.txt pins the
benchmark's extra packages itself.
"""

from __future__ import annotations

import shlex
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

SITE = "requirements.txt"
BENCH = "requirements-bench.txt"
CONSTRAINTS = "constraints.txt"
# The installer itself (pip-audit needs it): every virtual environment brings its own, and a
# constraint on it would make `pip install -c constraints.txt` replace the pip that is running.
INSTALLER = "pip"


def requirements_in(path: Path) -> list[Requirement]:
    """The requirements of a pip requirements file (comments and blank lines skipped)."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [Requirement(line) for line in lines if line]


def pins(path: Path) -> dict[str, str]:
    """Package name (canonical) to the version a file pins with `==`."""
    return {
        canonicalize_name(requirement.name): specifier.version
        for requirement in requirements_in(path)
        for specifier in requirement.specifier
        if specifier.operator == "=="
    }


def installed_closure(roots: list[Requirement]) -> dict[str, str]:
    """Every installed package the roots pull in, with its version, following extras and markers."""
    found: dict[str, str] = {}
    waiting = [(requirement, set(requirement.extras)) for requirement in roots]
    while waiting:
        requirement, extras = waiting.pop()
        name = canonicalize_name(requirement.name)
        if name in found or name == INSTALLER:
            continue
        distribution = metadata.distribution(name)
        found[name] = distribution.version
        for needed in map(Requirement, distribution.requires or []):
            if needed.marker is None or any(
                needed.marker.evaluate({"extra": extra}) for extra in extras or {""}
            ):
                waiting.append((needed, set(needed.extras)))
    return found


def unpinned(project: Path) -> list[str]:
    """One line per installed dependency that the pin files leave unpinned or pin at another version.

    The benchmark's packages are checked only when they are installed (`invoke bench` installs them).
    """
    pinned = pins(project / CONSTRAINTS) | pins(project / BENCH)
    roots = requirements_in(project / SITE)
    for requirement in requirements_in(project / BENCH):
        try:
            metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            continue
        roots.append(requirement)
    problems = []
    for name, version in sorted(installed_closure(roots).items()):
        if name not in pinned:
            problems.append(
                f"{name} {version} is installed but not pinned: add {name}=={version} to {CONSTRAINTS}"
            )
        elif pinned[name] != version:
            problems.append(f"{name} is pinned at {pinned[name]} but {version} is installed: run ./setup.sh")
    return problems


def audit_commands(project: Path, python: str) -> list[tuple[str, str]]:
    """The vulnerability checks `invoke audit` runs, by name: each exits non-zero on a finding.

    pip-audit looks up exactly the pinned versions (--no-deps: the pin files name
    every package) without installing anything; --strict fails on a package it
    could not look up rather than passing it silently. npm audit reads package-lock.json.
    """
    pip_audit = [
        python,
        "-m",
        "pip_audit",
        "--strict",
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
    ]
    for name in (CONSTRAINTS, BENCH):
        pip_audit += ["-r", str(project / name)]
    commands = [("pip-audit", shlex.join(pip_audit))]
    if (project / "package-lock.json").is_file():
        commands.append(("npm audit", f"npm audit --package-lock-only --prefix {shlex.quote(str(project))}"))
    return commands
