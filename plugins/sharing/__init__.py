"""Sharing images: the picture a link to the site shows where it is shared (Open Graph's
og:image, read by social networks, messaging apps and Teams). Each item's page gets its own,
its title under the site's name on the site's colours; every other page shows the site's own,
its name alone. Drawn at build time, 1200 x 630 pixels, in 16 colours (about 10 KB each), the
same bytes from the same text on any machine: the typeface is pinned in package-lock.json and
Pillow in requirements.txt, and a PNG written by Pillow holds no date.

card.py draws them, as plain functions (no Pelican). It is not a Pelican plugin: the
page-model builder decides which pages get which picture (sitebuild/pages/sharing.py) and
the one writer writes them (sitebuild/pages/render.py). Only a build whose addresses are
absolute (production) draws them: og:image must be a whole address.

Settings (defaults in pelicanconf.py): SHARING_IMAGES, SHARING_IMAGE_SAVE_AS.
"""
