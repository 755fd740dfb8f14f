"""The sharing picture's drawing (plugins/sharing/card.py), without a build."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageDraw
from sharing import card

from tests.conftest import REPO

COLOURS = card.Colours(background="#1d4f73", text="#ffffff", accent="#b3541e")
SITE = "Association of Children's Services Directors"


def opened(png: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(png))
    picture.load()
    return picture


def test_the_colours_are_the_style_sheets_light_header_colours():
    css = """
    :root { --text: #1b1b1b; --brand: #1D4F73; --brand-text: #ffffff; --accent: #b3541e; }
    @media (prefers-color-scheme: dark) { :root { --brand: #143a56; --accent: #f0a875; } }
    """
    assert card.style_sheet_colours(css) == COLOURS


def test_the_themes_own_style_sheet_gives_colours():
    css = (REPO / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    colours = card.style_sheet_colours(css)
    assert all(len(value) == 7 and value.startswith("#") for value in vars(colours).values())


def test_a_style_sheet_without_a_colour_names_the_property_and_the_fix():
    with pytest.raises(card.CannotDraw, match="sets no --accent colour.*SHARING_IMAGES = False"):
        card.style_sheet_colours(":root { --brand: #000000; --brand-text: #ffffff; }")


def test_the_same_text_gives_the_same_bytes_and_other_text_other_bytes():
    first = card.card_png("Peer challenge: what the first year taught us", SITE, COLOURS)
    assert first == card.card_png("Peer challenge: what the first year taught us", SITE, COLOURS)
    assert first != card.card_png("Peer challenge: what the second year taught us", SITE, COLOURS)


def test_a_picture_is_1200_by_630_in_the_sites_colours_and_small():
    png = card.card_png("Inspection readiness without the theatre", SITE, COLOURS)
    picture = opened(png)
    assert picture.format == "PNG" and picture.size == (card.WIDTH, card.HEIGHT) == (1200, 630)
    colours = {colour for _, colour in picture.convert("RGB").getcolors(maxcolors=256)}
    assert {(0x1D, 0x4F, 0x73), (0xFF, 0xFF, 0xFF), (0xB3, 0x54, 0x1E)} <= colours
    assert len(png) < 30_000
    rgb = picture.convert("RGB")
    assert rgb.getpixel((5, 5)) == (0x1D, 0x4F, 0x73), "background at the corner"
    assert rgb.getpixel((600, 629)) == (0xB3, 0x54, 0x1E), "the accent band along the bottom"


def test_the_text_is_drawn_where_the_layout_puts_it():
    with_label = opened(card.card_png("Workforce", SITE, COLOURS)).convert("L")
    without = opened(card.card_png("Workforce", "", COLOURS)).convert("L")
    label_band = (card.MARGIN, card.MARGIN, card.WIDTH - card.MARGIN, card.MARGIN + card.LABEL_SIZE)
    assert with_label.crop(label_band).getextrema()[1] > 200, "the label is drawn"
    assert without.crop(label_band).getextrema()[1] > 200, "the headline moves up to the top"


@pytest.mark.parametrize(
    "title",
    [
        "SEND",
        "Kinship care in numbers: a briefing for directors on what the new data say",
        "What peer challenge asks of us " * 8,
        "Antidisestablishmentarianism" * 4,
    ],
)
def test_a_headline_fits_the_width_in_at_most_four_lines(title):
    width = card.WIDTH - 2 * card.MARGIN
    face, lines = card.headline_lines(title.strip(), width)
    assert 1 <= len(lines) <= card.MAX_LINES
    assert all(face.getlength(line) <= width for line in lines)
    shown = "".join(lines).replace(" ", "")
    assert shown.rstrip("…") == title.replace(" ", "")[: len(shown.rstrip("…"))], "the words in order"


def test_a_short_headline_is_large_and_an_overlong_one_is_cut_with_an_ellipsis():
    width = card.WIDTH - 2 * card.MARGIN
    face, _ = card.headline_lines("SEND", width)
    assert face.size == max(card.HEADLINE_SIZES)
    face, lines = card.headline_lines("Children's services and the long road to reform " * 10, width)
    assert face.size == min(card.HEADLINE_SIZES)
    assert len(lines) == card.MAX_LINES and lines[-1].endswith("…")


@pytest.mark.parametrize("size", [max(card.HEADLINE_SIZES), min(card.HEADLINE_SIZES)])
def test_a_line_drawn_from_cached_characters_is_the_line_pillow_draws_whole(size):
    line = "AVA Tyrone’s “café” – £5, fifty-fifty"  # kerned pairs, typographic characters
    width = round(card.font(card.HEADLINE_FONT, size).getlength(line)) + 40
    ours, pillows = Image.new("L", (width, 2 * size)), Image.new("L", (width, 2 * size))
    card.draw_line(ours, 20, 10, line, size)
    ImageDraw.Draw(pillows).text((20, 10), line, font=card.font(card.HEADLINE_FONT, size), fill=255)
    assert pillows.getbbox() is not None
    assert ImageChops.difference(ours, pillows).getbbox() is None, "the same pixels"


def test_a_site_name_too_long_for_one_line_ends_with_an_ellipsis():
    face = card.font(card.LABEL_FONT, card.LABEL_SIZE)
    long_name = "The Association of Directors of Children's Services and Their Many Partners in England"
    width = card.WIDTH - 2 * card.MARGIN
    (line,) = card.first_lines(card.wrapped(long_name, face, width), 1, face, width)
    assert line.endswith("…") and face.getlength(line) <= width
    assert long_name.startswith(line.removesuffix("…"))


def test_an_accent_typed_apart_from_its_letter_draws_as_the_composed_letter():
    apart = card.card_png("Cafe\u0301 culture", "", COLOURS)
    assert apart == card.card_png("Café culture", "", COLOURS)


def test_wrapping_breaks_at_spaces_and_keeps_no_break_spaces_together():
    face = card.font(card.HEADLINE_FONT, 76)
    lines = card.wrapped("The director’s view of the 2026\u00a0framework", face, 700)
    assert all("\u00a0" not in line or "2026\u00a0framework" in line for line in lines)
    assert " ".join(lines) == "The director’s view of the 2026\u00a0framework"


def test_titles_in_the_typefaces_characters_can_be_drawn_others_cannot():
    assert card.can_draw("Café culture, £5 fees – and Wrecsam’s ŵ: “quotes”")
    assert not card.can_draw("Children’s services 儿童服务")
    assert not card.can_draw("Celebrating our teams 🎉")


def test_the_writers_key_names_the_typeface_and_the_drawing_libraries():
    versions = card.versions()
    assert versions[0] == "@expo-google-fonts/atkinson-hyperlegible-next 0.4.1"
    assert any(entry.startswith("pillow ") for entry in versions)
    assert any(entry.startswith("freetype2 ") for entry in versions)


def test_a_missing_typeface_is_named_with_its_fix(tmp_path):
    fix = r"typeface missing\.ttf is not in node_modules/; run \./setup\.sh"
    with pytest.raises(card.CannotDraw, match=fix):
        card.font(tmp_path / "missing.ttf", 40)
    assert card.CannotDraw.stage == "drawing the pictures shown where pages are shared"
