"""pelican-precompress with a brotli quality a 10,000-page build can afford.

pelican-precompress 2.4 compresses with brotli's slowest setting, quality 11:
about 0.5 MB/s per core here, so the ~30 MB of text of 1,000 articles took over
a minute and 10,000 articles would take ten. Quality 5 runs about 60 times as
fast and its files are about a sixth larger (0.26 of the original size against
0.22, measured on this site's article pages): still far smaller than gzip's.

The plugin has no setting for it, so its compressor is replaced (before its
worker processes fork) by one with PRECOMPRESS_BROTLI_QUALITY. The replacement
keeps the plugin's name and its check that a copy is smaller than the file, and
the plugin's version is pinned, so a change upstream shows in the tests.
"""

from __future__ import annotations

import brotli
import pelican.plugins.precompress as precompress


def use_brotli_quality(pelican_object) -> None:
    """Make pelican-precompress compress with the configured quality (the `initialized` signal)."""
    quality = pelican_object.settings.get("PRECOMPRESS_BROTLI_QUALITY")
    if quality is None:
        return
    global QUALITY
    QUALITY = int(quality)
    precompress.compress_with_brotli = precompress.validate_file_sizes(compress_with_brotli)


QUALITY = 11


def compress_with_brotli(data: bytes) -> bytes:
    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=QUALITY)


# pelican-precompress sends its compressor to worker processes by name: the replacement must
# be found under the name of the one it replaces.
compress_with_brotli.__module__ = precompress.__name__
