"""Plain text from HTML, the words that describe it, and short excerpts."""

from __future__ import annotations

import html
import re

TAG = re.compile(r"<[^>]*(?:>|$)")  # a tag, or the start of one cut off at the end
SPACE = re.compile(r"\s+")
WORD = re.compile(r"[a-z\u00df-\u024f]{3,}")  # runs of three or more lower-case Latin letters

# Words too common in English to say what a text is about. Words common in
# this corpus (children, services, council...) are discounted by their
# document frequency instead, so the list stays short.
STOPWORDS = frozenset(
    """
    about above after again against all also although among and any are aren around because been
    before being below between both but can cannot could did does doing don down during each either
    else even ever every few for from further had has have having her here hers herself him himself
    his how however into its itself just last let like made make many may might more most much must
    near need neither never new next nor not now off often once one only other others our ours
    ourselves out over own per perhaps quite rather really same say says said see seen shall she
    should since some still such than that the their theirs them themselves then there these they
    this those though through thus too toward towards under until upon use used using very via want
    was way ways well were what whatever when where whether which while who whom whose why will
    with within without would yet you your yours yourself yourselves able across already always
    another anyone anything became become becomes get gets getting give given go goes going got
    know known took take taken takes three two four five first second year years time times day
    days week weeks today things thing lot lots part put puts set sets back good great little long
    www http https com org html amp nbsp quot rsquo lsquo rdquo ldquo hellip ndash mdash
    """.split()
)


def plain_text(markup: str) -> str:
    """Text of an HTML fragment: tags removed, entities decoded, spaces collapsed."""
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", markup))).strip()


def without_tags(markup: str) -> str:
    """HTML with its tags blanked out: enough for counting words, and fast."""
    return TAG.sub(" ", markup)


def words(text: str) -> list[str]:
    """The lower-case words of `text` (three letters or more), in order, stopwords included."""
    return WORD.findall(text.lower())


def fold(word: str) -> str:
    """A word's simple singular, so 'challenges' and 'challenge' count as one."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def excerpt(text: str, limit: int = 160) -> str:
    """At most about `limit` characters of `text`, cut at a word boundary, with '…' when cut."""
    if len(text) <= limit:
        return text.strip()
    text = SPACE.sub(" ", text[: limit * 2]).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.–—-") + "…"
