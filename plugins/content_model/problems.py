"""Problems found in content files, and the report that lists them all at once.

A problem names the file (relative to the project), the line, the field and
its value, says what is wrong and how to fix it. The build collects every
problem in every file before it stops, so a comms officer fixes them in one
pass instead of one build per mistake.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one content file."""

    path: str  # relative to the project root, with forward slashes
    line: int  # 1-based; the line of the field, or 1 when the field is missing
    field: str  # as a writer would type it, e.g. "Category"
    value: str  # the value as written ("" when missing)
    message: str  # what is wrong, as a sentence
    fix: str  # what to do about it, as a sentence

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} {self.fix}"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "value": self.value,
            "message": self.message,
            "fix": self.fix,
        }


class ContentProblems(Exception):
    """Raised once, before anything is written, when any content file has problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(format_report(self.problems))


def format_report(problems: list[Problem]) -> str:
    """The report a person reads: a count, then one line per problem in file order."""
    problems = sorted(set(problems))
    files = len({problem.path for problem in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    file_noun = "file" if files == 1 else "files"
    lines = [f"Found {len(problems)} {noun} in {files} content {file_noun}:"]
    lines += [f"  {problem}" for problem in problems]
    return "\n".join(lines)


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The closest of `choices` to `value`, ignoring case, or None when nothing is close.

    A choice is also compared by its start, so a mistyped beginning of a long
    slug ('peer-chalenge') still finds 'peer-challenge-is-how-we-get-better'. Of
    equally close choices the first in alphabetical order wins. Difflib's cheap upper
    bounds skip most choices, so thousands of them (every slug of a site) take milliseconds.
    """
    folded = value.casefold()
    matcher = difflib.SequenceMatcher(None, folded)
    best, needed = None, CLOSE_ENOUGH
    for choice in sorted(set(choices)):
        folded_choice = choice.casefold()
        for candidate in (folded_choice, folded_choice[: len(folded)]):
            matcher.set_seq2(candidate)
            if matcher.real_quick_ratio() < needed or matcher.quick_ratio() < needed:
                continue
            score = matcher.ratio()
            if score >= needed:
                best, needed = choice, score + SMALLEST_STEP  # a later choice must be closer still
    return best


CLOSE_ENOUGH = 0.75
SMALLEST_STEP = 1e-9


def suggestion(value: str, choices: list[str] | tuple[str, ...]) -> str:
    """' Did you mean 'X'?' when a choice is close to `value`, else an empty string."""
    match = did_you_mean(value, choices)
    return f" Did you mean '{match}'?" if match else ""
