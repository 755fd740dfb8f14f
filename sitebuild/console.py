"""The terminal's text encoding, for messages that hold ‘quotes’, dashes and ✓."""

from __future__ import annotations

import codecs
import sys


def use_utf8_when_the_locale_is_ascii() -> None:
    """Write UTF-8 to stdout and stderr when the locale says ASCII (LC_ALL=C, as on many CI machines
    and containers), where printing a curly quote would otherwise end in a traceback. Python makes
    the same choice itself in a C locale unless LC_ALL or PYTHONUTF8=0 stops it; any other encoding
    the locale names is kept."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if encoding and codecs.lookup(encoding).name == "ascii" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
