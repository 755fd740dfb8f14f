"""The authors data file: who a name in `Authors:` is (role, organisation, short bio).

A name the file does not describe is fine; the byline then shows just the name.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem

FIELDS = ("role", "organisation", "bio")


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""
    organisation: str = ""
    bio: str = ""


def load_people(path: Path, shown_as: str) -> tuple[dict[str, Person], list[Problem]]:
    """People by name from a TOML file of tables keyed by name, and any problems with it."""
    if not path.is_file():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return {}, [
            Problem(
                shown_as,
                error_line(error),
                "File",
                "",
                f"The authors file cannot be read: {error}.",
                'Each person is a table like ["Jo Bloggs"] followed by lines role = "...", organisation = "...".',
            )
        ]
    people, problems = {}, []
    for name, fields in data.items():
        unknown = sorted(set(fields) - set(FIELDS)) if isinstance(fields, dict) else []
        if not isinstance(fields, dict) or unknown or not all(isinstance(v, str) for v in fields.values()):
            problems.append(
                Problem(
                    shown_as,
                    table_line(path.read_text(encoding="utf-8"), name),
                    name,
                    ", ".join(unknown),
                    f"The entry for '{name}' has fields other than text {', '.join(FIELDS)}.",
                    f"Give '{name}' only role, organisation and bio, each as quoted text.",
                )
            )
            continue
        people[name] = Person(name, **fields)
    return people, problems


def table_line(text: str, name: str) -> int:
    """The line of the TOML table for `name` (`["Jo Bloggs"]`) in a data file's `text`, else 1."""
    for number, line in enumerate(text.splitlines(), start=1):
        if name in line and line.lstrip().startswith("["):
            return number
    return 1


def error_line(error: Exception) -> int:
    """The line a TOML reading error names ('... (at line 3, column 9)'), else 1."""
    line = re.search(r"line (\d+)", str(error))
    return int(line.group(1)) if line else 1
