"""Drawing a sharing image: a headline, and above it a smaller label, on the site's colours.

Plain functions on Pillow, deciding everything from their arguments: the same arguments give
the same PNG bytes. The headline takes the largest size at which it fits in MAX_LINES lines;
a headline too long even at the smallest size ends its last line with '…'.
"""

from __future__ import annotations

import functools
import io
import json
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, __version__, features

WIDTH, HEIGHT = 1200, 630  # the size Open Graph's readers show best (1.91:1)
MARGIN = 80
LABEL_SIZE = 40
HEADLINE_SIZES = range(76, 47, -4)  # largest first
MAX_LINES = 4
LINE_SPACING = 1.2  # line height as a multiple of the type size
ACCENT_HEIGHT = 16  # the band along the bottom edge
SHADES = 15  # of the text colour over the background, for smooth edges; the accent is the 16th
# Runs of one colour are most of a picture: zlib's run-length strategy writes them in 2 ms, 40%
# quicker than its default at level 3, and 6% smaller (level 9 would save 15% more in 25 times as long).
COMPRESSION = {"compress_level": 1, "compress_type": zlib.Z_RLE}

TYPEFACE = Path(__file__).resolve().parents[2] / "node_modules/@expo-google-fonts/atkinson-hyperlegible-next"
HEADLINE_FONT = TYPEFACE / "700Bold/AtkinsonHyperlegibleNext_700Bold.ttf"
LABEL_FONT = TYPEFACE / "400Regular/AtkinsonHyperlegibleNext_400Regular.ttf"


def versions() -> list[str]:
    """What a picture's bytes depend on besides its text: the typeface package's version and the
    libraries Pillow draws and compresses with (its wheel bundles them), for the writer's key."""
    try:
        package = json.loads((TYPEFACE / "package.json").read_text(encoding="utf-8"))
        typeface = f"{package['name']} {package['version']}"
    except (OSError, ValueError, KeyError):
        typeface = "no typeface"
    libraries = [f"{name} {features.version(name)}" for name in ("freetype2", "raqm", "harfbuzz", "zlib")]
    return [typeface, f"pillow {__version__}", *libraries]


class CannotDraw(Exception):
    """The typeface is not in node_modules/ (setup.sh installs it), or the style sheet has no colours."""

    stage = "drawing the pictures shown where pages are shared"


@dataclass(frozen=True)
class Colours:
    """#rrggbb colours: the background, the text on it and the accent band."""

    background: str
    text: str
    accent: str


STYLE_SHEET_NAMES = {"background": "--brand", "text": "--brand-text", "accent": "--accent"}


def style_sheet_colours(css: str) -> Colours:
    """The site's header colours, from the first (light scheme) declaration of each custom
    property the style sheet's header uses, so that a picture follows a change of the theme."""
    found = {}
    for field, name in STYLE_SHEET_NAMES.items():
        match = re.search(rf"{name}\s*:\s*(#[0-9a-fA-F]{{6}})\b", css)
        if match is None:
            fix = "set one, or SHARING_IMAGES = False"
            raise CannotDraw(f"the theme's style sheet sets no {name} colour as #rrggbb; {fix}")
        found[field] = match.group(1).lower()
    return Colours(**found)


@functools.cache
def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    if not path.is_file():
        raise CannotDraw(
            f"the typeface {path.name} is not in node_modules/; run ./setup.sh, which installs it with npm ci"
        )
    return ImageFont.truetype(str(path), size)


@functools.cache
def has_glyph(character: str) -> bool:
    """Whether the headline typeface draws `character`, rather than its box for characters it lacks."""
    if character.isspace():
        return True
    face = font(HEADLINE_FONT, LABEL_SIZE)
    return bytes(face.getmask(character)) != bytes(face.getmask("\uffff"))


def can_draw(text: str) -> bool:
    """Whether every character of a headline is in its typeface (a title in a script it lacks,
    or with an emoji, would show boxes: such a page shows the site's picture instead)."""
    return all(has_glyph(character) for character in set(text))


def wrapped(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """`text` in lines no wider than `width`, broken at spaces (a word wider than the line
    at its characters). A no-break space joins its words, as the page's title does."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if face.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while face.getlength(line) > width:  # a word longer than a line
            cut = longest_prefix(line, face, width)
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines


def longest_prefix(word: str, face: ImageFont.FreeTypeFont, width: int) -> int:
    cut = len(word) - 1
    while cut > 1 and face.getlength(word[:cut]) > width:
        cut -= 1
    return cut


def headline_lines(text: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which `text` fits MAX_LINES lines, and its lines; at the smallest,
    the lines that fit, the last ending with '…'."""
    for size in HEADLINE_SIZES:
        face = font(HEADLINE_FONT, size)
        lines = wrapped(text, face, width)
        if len(lines) <= MAX_LINES:
            return face, lines
    return face, first_lines(lines, MAX_LINES, face, width)


def first_lines(lines: list[str], count: int, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """The first `count` of `lines`; when any are left out, the last kept ends with '…'."""
    if len(lines) <= count:
        return lines
    kept = lines[:count]
    last = kept[-1]
    while last and face.getlength(f"{last}…") > width:
        last = last[:-1]
    kept[-1] = f"{last.rstrip()}…"
    return kept


def card_png(headline: str, label: str, colours: Colours) -> bytes:
    """The picture as PNG bytes: `label` (may be empty) at the top, `headline` below it."""
    headline = unicodedata.normalize("NFC", headline)  # an accent typed apart is drawn on its letter
    shades = labelled(label).copy()  # how much of the text colour each pixel takes, 0 to 255
    top = MARGIN + (round(LABEL_SIZE * LINE_SPACING * 2) if label else 0)
    face, lines = headline_lines(headline, WIDTH - 2 * MARGIN)
    step = round(face.size * LINE_SPACING)
    for number, line in enumerate(lines):
        draw_line(shades, MARGIN, top + number * step, line, face.size)
    picture = shades.point(SHADE_STEPS)
    ImageDraw.Draw(picture).rectangle((0, HEIGHT - ACCENT_HEIGHT, WIDTH, HEIGHT), fill=SHADES)
    picture.putpalette(palette(colours))
    written = io.BytesIO()
    picture.save(written, "PNG", bits=4, **COMPRESSION)
    return written.getvalue()


SHADE_STEPS = [(value * (SHADES - 1) + 127) // 255 for value in range(256)]  # 0-255 to 0-14


def draw_line(shades: Image.Image, left: int, top: int, line: str, size: int) -> None:
    """Draw one headline line from its characters' cached shapes, placed by their advances and
    the typeface's kerning of each pair: as Pillow draws the line whole, in a third of the time
    (at 10,000 articles, FreeType drawing each title afresh took most of a production build's
    picture time)."""
    pen = 0.0
    previous = ""
    for character in line:
        if previous:  # the pair's length less the second's: the first's advance with their kerning
            pen += length(size, previous + character) - length(size, character)
        previous = character
        if character.isspace():
            continue
        shape, x, y = glyph(size, character)
        place = (left + round(pen) + x, top + y)
        shades.paste(255, (*place, place[0] + shape.width, place[1] + shape.height), shape)


@functools.cache
def length(size: int, text: str) -> float:
    """The headline typeface's advance of a character or a pair at `size`."""
    return font(HEADLINE_FONT, size).getlength(text)


@functools.cache
def glyph(size: int, character: str) -> tuple[Image.Image, int, int]:
    """A character's shades at `size`, and where they sit from the pen (its line's top left)."""
    face = font(HEADLINE_FONT, size)
    x, y, right, bottom = face.getbbox(character)
    shape = Image.new("L", (max(right - x, 1), max(bottom - y, 1)), 0)
    ImageDraw.Draw(shape).text((-x, -y), character, font=face, fill=255)
    return shape, x, y


@functools.lru_cache(maxsize=4)
def labelled(label: str) -> Image.Image:
    """A blank picture's shades with `label` drawn: every picture of a site has the same label
    (its name), drawn once per process rather than once per picture."""
    shades = Image.new("L", (WIDTH, HEIGHT), 0)
    if label:
        face = font(LABEL_FONT, LABEL_SIZE)
        width = WIDTH - 2 * MARGIN
        line = first_lines(wrapped(label, face, width), 1, face, width)[0]
        ImageDraw.Draw(shades).text((MARGIN, MARGIN), line, font=face, fill=255)
    return shades


def palette(colours: Colours) -> list[int]:
    """SHADES steps from the background to the text colour, then the accent."""
    background, text, accent = (rgb(colour) for colour in (colours.background, colours.text, colours.accent))
    steps = [
        round(low + (high - low) * shade / (SHADES - 1))
        for shade in range(SHADES)
        for low, high in zip(background, text, strict=True)
    ]
    return steps + list(accent)


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
