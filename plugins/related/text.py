"""The words that say what a text is about."""

from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict
from typing import NamedTuple

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


class Counted(NamedTuple):
    """How often each of a run of texts uses each word, compact enough to send between processes:
    `words` in the order of their first use; text i has `lengths[i]` distinct words, whose
    numbers in `words` and counts follow those of the texts before it in `ids` and `counts`."""

    words: list[str]
    ids: array  # 32-bit: a list of a million ints costs tens of MB more
    counts: array
    lengths: array


def count_words(texts: list[str]) -> Counted:
    """Each text's words (`words`, stopwords included), counted.

    Plain Python and `re`, nothing else: the ranking can count half the texts in a
    spare worker process, which then loads no NumPy (related/index.py).
    """
    vocabulary: defaultdict[str, int] = defaultdict(lambda: len(vocabulary))
    ids, counts, lengths = array("i"), array("i"), array("i")
    for text in texts:
        counted = Counter(words(text))
        ids.extend(map(vocabulary.__getitem__, counted))
        counts.extend(counted.values())
        lengths.append(len(counted))
    vocabulary.default_factory = None  # its lambda and the dict refer to each other: a cycle
    return Counted(list(vocabulary), ids, counts, lengths)
