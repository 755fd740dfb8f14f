"""The address a production build is made for (SITEURL), checked before anything is built or published.

Every link, feed, sitemap entry and calendar UID of a production build carries
SITEURL, so a site built for a wrong one is wrong on every page. publishconf.py
falls back to https://www.example.org, an address reserved for examples, when
the SITEURL environment variable is not set; a production build refuses it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Domains reserved for examples (RFC 2606): no real site has an address under them.
EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org", "example")
HOST = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?\.?|[0-9a-f:.]+")  # a name, IPv4 or IPv6 (lower-cased)
FIX = (
    "Set the SITEURL environment variable to the site's address, such as "
    "SITEURL=https://www.your-association.org.uk (or set SITEURL in publishconf.py)."
)


class UnsafeSiteURL(Exception):
    """SITEURL cannot be the address of a production build; the message says why and how to set it."""


def check_siteurl(value: object) -> None:
    """Raise UnsafeSiteURL unless `value` is an absolute http(s) address a real site can have."""
    problem = siteurl_problem(str(value or ""))
    if problem:
        raise UnsafeSiteURL(f"Refusing to build for production: {problem}. {FIX}")


def siteurl_problem(value: str) -> str:
    """Why `value` cannot be SITEURL, or '' when it is `scheme://host[:port][/path]` with no example host."""
    if not value.strip():
        return "SITEURL is empty"
    if any(character.isspace() or not character.isprintable() for character in value):
        return f"SITEURL {value!r} holds spaces or control characters"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not value.lower().startswith(f"{parts.scheme}://"):
        return f"SITEURL {value!r} is not an absolute address starting with https:// (or http://)"
    if "@" in parts.netloc or "?" in value or "#" in value:
        return f"SITEURL {value!r} carries a user name, a query (?) or a fragment (#): leave them out"
    if not parts.hostname or not HOST.fullmatch(parts.hostname):
        return f"SITEURL {value!r} names no valid host"
    if not port_is_valid(parts):
        return f"SITEURL {value!r} has a port that is not a number from 1 to 65535"
    if value.endswith("/"):
        return f"SITEURL {value!r} ends with '/', so every link would hold '//'; leave the '/' out"
    if is_example(parts.hostname):
        return f"SITEURL is {value}, an example address (reserved for examples), not the site's own"
    return ""


def port_is_valid(parts) -> bool:
    try:
        return parts.port is None or parts.port > 0
    except ValueError:  # not a number, or above 65535
        return False


def is_example(host: str) -> bool:
    """Whether `host` is one of the domains reserved for examples, or a name below one."""
    host = host.rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS)
