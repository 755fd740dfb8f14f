"""The regions data file: what a region's page says of the region (its councils, its chair).

A region the file does not describe is fine: its page then lists its posts alone. A table
for a name that is not in REGIONS is a problem, with the closest name, since its words
would otherwise never appear.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .people import error_line, table_line
from .problems import Problem, suggestion

EXAMPLE = '["North West"] with chair = "Name, Council" and councils = ["Westmarch", "Hollinsford"]'


@dataclass(frozen=True)
class RegionFacts:
    name: str
    chair: str = ""  # "Jo Bloggs, Director of Children's Services, Westmarch"
    councils: tuple[str, ...] = ()


def load_regions(
    path: Path, shown_as: str, regions: tuple[str, ...]
) -> tuple[dict[str, RegionFacts], list[Problem]]:
    """Each described region's facts by name, from a TOML file of tables keyed by region, and any problems."""
    if not path.is_file():
        return {}, []
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = f"The regions file cannot be read: {error}."
        return {}, [
            Problem(shown_as, error_line(error), "File", "", message, f"Write each region as {EXAMPLE}.")
        ]
    facts, problems = {}, []
    for name, fields in data.items():
        line = table_line(text, name)
        if name not in regions:
            fix = (
                suggestion(name, regions).strip()
                or f"Use a name from REGIONS in pelicanconf.py: {', '.join(regions)}."
            )
            problems.append(
                Problem(shown_as, line, name, "", f"'{name}' is not one of the site's regions.", fix)
            )
            continue
        chair = fields.get("chair", "") if isinstance(fields, dict) else None
        councils = fields.get("councils", []) if isinstance(fields, dict) else None
        unknown = sorted(set(fields) - {"chair", "councils"}) if isinstance(fields, dict) else []
        if (
            not isinstance(chair, str)
            or not isinstance(councils, list)
            or unknown
            or not all(isinstance(council, str) for council in councils)
        ):
            problems.append(
                Problem(
                    shown_as,
                    line,
                    name,
                    ", ".join(unknown),
                    f"The entry for '{name}' must have only chair (text) and councils (a list of names).",
                    f"Write it as {EXAMPLE}.",
                )
            )
            continue
        facts[name] = RegionFacts(name, chair.strip(), tuple(council.strip() for council in councils))
    return facts, problems
