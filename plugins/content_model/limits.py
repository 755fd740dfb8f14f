"""How big and how deep a text may be, so that reading it takes time in proportion to its size.

Python-Markdown and HTML parsers are quick on what people write, but some shapes
of text make them slow with the square of the text's length, and one makes
Python-Markdown fail (measured with Python-Markdown 3.11):

- a long paragraph, list or table (text with no blank line in it) full of inline
  markup: Markdown rewrites the whole block after each emphasis, code span, tag or
  link it finds, and heading after heading without blank lines works the same way;
- square brackets or parentheses opened and not closed in one paragraph: each
  `[` looks for its `]` up to the paragraph's end;
- `<` followed by a letter and never closed by `>`, anywhere in the file: each one
  is looked at again up to the end of the file;
- lists and quotes nested hundreds deep: Markdown recurses once per level and
  stops with a RecursionError near 300;
- HTML elements nested thousands deep: every parser's work grows with the depth.

`nesting_problem` measures all of these in one pass over the text (fenced code
blocks are left out: Markdown puts them aside before any of this) and names the
first that goes over its limit, with its line. Every count here is linear in the
text, and within the limits so is reading it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
QUOTE_MARKERS = re.compile(r"^(?: {0,3}>)+")
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
BRACKETS = re.compile(r"\\.|[\[\]()]")  # an escaped character counts for nothing
ANGLES = re.compile(r"<[A-Za-z]|>")
# A start or end tag (not an autolink such as <https://...> or <name@example.org>).
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])(?:[^<>]*?(/?))?>")
VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen basefont frame".split()
)


@dataclass(frozen=True)
class Measure:
    """How deep one kind of nesting goes at its deepest, and where (1-based line)."""

    what: str
    depth: int
    line: int


@dataclass(frozen=True)
class TooMuch:
    """Why a text is refused before Markdown reads it: what to tell the writer."""

    message: str
    fix: str
    line: int


FIXES = {
    "a paragraph, list or table of": "Put a blank line between paragraphs, or split the list or table in two.",
    "lists and quotes": "Flatten the lists or quotes: few readers follow more than three levels.",
    "square brackets": "Close each [ with a ] (a link is [words](address)), or write \\[ for a bracket shown as is.",
    "parentheses": "Close each ( with a ), or write \\( for a parenthesis shown as is.",
    "HTML elements": "Close the HTML elements you open, or use Markdown for lists and quotes instead.",
}


def size_problem(size: int, max_bytes: int) -> TooMuch | None:
    """A file of `size` bytes is too big when over TEXT_MAX_BYTES (0: no limit)."""
    if not max_bytes or size <= max_bytes:
        return None
    return TooMuch(
        f"This file is {size:,} bytes; a post may hold at most {max_bytes:,} (TEXT_MAX_BYTES in pelicanconf.py).",
        "Split it into shorter posts, or put the long part in a document under content/files/ and link to it.",
        1,
    )


def nesting_problem(text: str, max_depth: int, max_block: int = 0) -> TooMuch | None:
    """What in `text` nests deeper than NESTING_MAX_DEPTH, or makes a block (text between blank
    lines) longer than PARAGRAPH_MAX_CHARACTERS (0: no limit), or None."""
    lines = text.split("\n")
    outside_code = list(lines_outside_fences(lines))
    longest = longest_block(outside_code)
    if max_block and longest.depth > max_block:
        return TooMuch(
            f"Line {longest.line} starts a paragraph, list or table of {longest.depth:,} characters with no "
            f"blank line in it; at most {max_block:,} (PARAGRAPH_MAX_CHARACTERS in pelicanconf.py).",
            FIXES["a paragraph, list or table of"],
            longest.line,
        )
    if not max_depth:
        return None
    unclosed = unclosed_angles(outside_code)
    if unclosed.depth > max_depth:
        return TooMuch(
            f"The text has {unclosed.depth:,} '<' followed by a letter that no '>' closes (the last on line "
            f"{unclosed.line}); at most {max_depth} (NESTING_MAX_DEPTH in pelicanconf.py).",
            "Write the character < as &lt; (or put code in `backticks`), and close each HTML tag with >.",
            unclosed.line,
        )
    for measure in (block_depth(outside_code), bracket_depth(outside_code), element_depth(outside_code)):
        if measure.depth > max_depth:
            return TooMuch(
                f"Line {measure.line} nests {measure.what} {measure.depth} deep; at most {max_depth} "
                "(NESTING_MAX_DEPTH in pelicanconf.py).",
                FIXES[measure.what],
                measure.line,
            )
    return None


def lines_outside_fences(lines: list[str]):
    """(line number, line) of every line that is not in a fenced code block."""
    fence = ""
    for number, line in enumerate(lines, start=1):
        opening = FENCE.match(line)
        if fence:
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening[1]
            continue
        yield number, line


def longest_block(lines) -> Measure:
    """The longest run of lines with no blank line between them, in characters, and its first line."""
    longest = Measure("a paragraph, list or table of", 0, 1)
    start, length = 1, 0
    for number, line in lines:
        if not line.strip():
            length = 0
            continue
        if not length:
            start = number
        length += len(line) + 1
        if length > longest.depth:
            longest = Measure(longest.what, length, start)
    return longest


def block_depth(lines) -> Measure:
    """Quotes (one '>' a level) and lists: a list item four spaces in (a tab counting four) is one level
    deeper. Indentation alone (code, a paragraph in a list item) nests nothing in Markdown."""
    deepest = Measure("lists and quotes", 0, 1)
    for number, line in lines:
        quotes = QUOTE_MARKERS.match(line)
        depth = quotes[0].count(">") if quotes else 0
        rest = line[quotes.end() :] if quotes else line
        if LIST_ITEM.match(rest):
            indent = len(rest) - len(rest.lstrip(" \t"))
            depth += len(rest[:indent].expandtabs(4)) // 4 + 1
        if depth > deepest.depth:
            deepest = Measure("lists and quotes", depth, number)
    return deepest


def bracket_depth(lines) -> Measure:
    """Square brackets and parentheses left open, in each paragraph (a blank line closes them all)."""
    deepest = {"[": Measure("square brackets", 0, 1), "(": Measure("parentheses", 0, 1)}
    open_now = {"[": 0, "(": 0}
    closing = {"]": "[", ")": "("}
    for number, line in lines:
        if not line.strip():
            open_now = {"[": 0, "(": 0}
            continue
        for token in BRACKETS.findall(line):
            if token in open_now:
                open_now[token] += 1
                if open_now[token] > deepest[token].depth:
                    deepest[token] = Measure(deepest[token].what, open_now[token], number)
            elif token in closing:
                opener = closing[token]
                open_now[opener] = max(0, open_now[opener] - 1)
    return max(deepest.values(), key=lambda measure: measure.depth)


def unclosed_angles(lines) -> Measure:
    """How many '<' followed by a letter meet another such '<', or the end, before any '>'."""
    count, last, waiting = 0, 1, 0
    for number, line in lines:
        for token in ANGLES.findall(line):
            if token == ">":
                waiting = 0
                continue
            if waiting:
                count, last = count + 1, waiting
            waiting = number
    if waiting:
        count, last = count + 1, waiting
    return Measure("unclosed '<'", count, last)


def element_depth(lines) -> Measure:
    """HTML elements opened and not yet closed, across the file (empty elements such as <br> aside)."""
    deepest = Measure("HTML elements", 0, 1)
    depth = 0
    for number, line in lines:
        for end, name, self_closing in TAG.findall(line):
            if name.lower() in VOID or self_closing:
                continue
            depth = max(0, depth - 1) if end else depth + 1
            if depth > deepest.depth:
                deepest = Measure("HTML elements", depth, number)
    return deepest
