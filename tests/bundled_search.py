"""A fixture site indexed in several Pagefind bundles: 25 posts, at most 10 pages per bundle."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.conftest import Site, post

POSTS = 25
PAGES_PER_INDEX = 10
BUNDLES = ["pagefind", "pagefind-2", "pagefind-3"]  # 10 + 10 + 5 posts
WORDS = ["alder", "birch", "cedar", "damson", "elder", "fir", "gean", "hazel", "ilex", "juniper"]


def unique_word(number: int) -> str:
    """A made-up word found in post `number` only (0 to 24): 'alderbirch', 'alderfir'..."""
    return WORDS[number // 10] + WORDS[number % 10]


def bundled_site(root: Path) -> Site:
    """25 posts that all mention 'harbour', alternately in Education and Leadership, dated 2024 and 2025."""
    site = Site(root, extra_settings=f"SEARCH_PAGES_PER_INDEX = {PAGES_PER_INDEX}\n")
    for number in range(POSTS):
        site.write(
            f"blog/harbour-{number:02d}.md",
            post(
                f"Harbour notes {number:02d}",
                date=f"{2024 + number % 2}-03-{number + 1:02d}",
                category="Education" if number % 2 else "Leadership",
                body=f"News from the harbour, with the word {unique_word(number)}.",
            ),
        )
    return site


def indexed_urls(bundle: Path) -> list[str]:
    """The URLs of the pages a Pagefind bundle holds, read from its fragment files."""
    urls = []
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.append(json.loads(data)["url"])
    return urls
