"""Building the site safely: into a fresh folder, swapped in only when the build succeeded.

The plugins' plain modules (content_model, structured_data, sitemap...) are imported by
sitebuild as well as loaded by Pelican, so their folder is put on the import path here,
once, before any sitebuild module is imported.
"""

import sys
from pathlib import Path

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
if str(PLUGINS) not in sys.path:
    sys.path.append(str(PLUGINS))
