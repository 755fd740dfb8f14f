"""Which picture each page shows where it is shared (its og:image), and the models of the
pictures the build draws (plugins/sharing).

An item's page (a post, update, event, publication or page) shows its own picture, its title
under the site's name, saved beside the page (`blog/2026/a-post/index.png`); any other page,
and an item whose title the typeface cannot draw, shows the site's own, its name alone
(SHARING_IMAGE_SAVE_AS). Only a production build has them: og:image must be a whole address,
and no one shares a development build's pages.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from sharing import card
from sitemap.sitemap import absolute, address, is_absolute

from . import models as m
from .render import check_inside_output


class Sharing:
    """The sharing pictures of one build, from its settings."""

    def __init__(self, settings: dict):
        self.siteurl = settings["SITEURL"]
        self.site_name = settings["SITENAME"]
        self.site_save_as = settings["SHARING_IMAGE_SAVE_AS"]
        absolute = is_absolute(self.siteurl) and not settings["RELATIVE_URLS"]
        self.on = bool(settings["SHARING_IMAGES"]) and absolute
        self.colours = theme_colours(settings) if self.on else None
        self.site_image = None  # what every page without a picture of its own shows
        if self.on and self.site_save_as:
            check_inside_output(self.site_save_as, "SHARING_IMAGE_SAVE_AS")
            self.site_image = self.image_at(self.site_save_as, self.site_name)

    def has_own(self, item) -> bool:
        """Whether an item's page gets its own picture: published or hidden (never a draft),
        with a title the typeface draws whole."""
        return self.on and item.status != "draft" and card.can_draw(item.plain_title)

    @staticmethod
    def address(item) -> str:
        """Where an item's own picture is saved: beside its page, named as it is
        ('x/index.html' -> 'x/index.png')."""
        return f"{posixpath.splitext(item.save_as)[0]}.png"

    def image(self, item=None, alt: str = "") -> m.SharingImage | None:
        """The og:image of `item`'s page (alt: its title as the picture shows it), or of any other
        page (item None: the site's own picture); None in a build without pictures."""
        if item is not None and self.has_own(item):
            return self.image_at(self.address(item), alt)
        return self.site_image

    def image_at(self, save_as: str, alt: str) -> m.SharingImage:
        return m.SharingImage(absolute(self.siteurl, address(save_as)), alt, card.WIDTH, card.HEIGHT)

    def item_card(self, item) -> m.SharingCard:
        return self.card(item.plain_title, self.site_name)

    def site_card(self) -> m.SharingCard:
        return self.card(self.site_name, "")

    def card(self, headline: str, label: str) -> m.SharingCard:
        return m.SharingCard(headline, label, self.colours)


def theme_colours(settings: dict) -> card.Colours:
    """The colours of the site's header, read from the theme's style sheet."""
    style_sheet = Path(settings["THEME"], "static", "css", "site.css")
    return card.style_sheet_colours(style_sheet.read_text(encoding="utf-8"))
