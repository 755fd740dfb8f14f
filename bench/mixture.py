"""A second family of synthetic corpora: articles that mix a main topic with a second one.

Each article has a main topic (its ground truth: two articles are truly
related when they share it) and a second topic that lends a share of its
topical words, as a post on inspections that is also about recruitment would.
The rest of the body is background words shared by all topics (Zipf-like, as
in bench/synthetic.py). Tags come from the main topic, except a share of
wrong ones from another topic; a share of articles carry none. Titles hold a
set number of main-topic words (none: titles that say nothing). Topics can
come in sibling pairs (0 and 1, 2 and 3...) whose vocabularies overlap, like
"SEND funding" and "SEND inspection".
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .synthetic import (
    CATEGORIES,
    GENERIC_TAGS,
    REGIONS,
    Post,
    paragraphs_of,
    pseudo_word,
    random_date,
    zipf_weights,
)


@dataclass(frozen=True)
class Mixture:
    """How a mixture corpus is drawn."""

    topics: int = 20
    articles_per_topic: int = 80  # articles whose main topic is each topic
    topic_words: int = 40  # vocabulary of each topic
    background_words: int = 4000  # vocabulary shared by all topics
    topic_share: float = 0.2  # share of body words that are topical (main or second topic)
    second_topic_share: float = 0.2  # share of the topical words lent by the second topic
    untagged_share: float = 0.5  # share of articles with no tags
    wrong_tag_share: float = 0.2  # chance each tag drawn is another topic's (repeats merge, so a bit more)
    generic_tag_share: float = 0.3  # share of tagged articles that also carry a generic tag
    title_topic_words: int = 2  # main-topic words in each title (the rest is background)
    sibling_overlap: float = 0.0  # share of an odd topic's vocabulary taken from the topic before it
    category_follows_topic: float = 0.6  # chance the category is the main topic's usual one
    min_words: int = 60
    max_words: int = 400


@dataclass(frozen=True)
class MixtureCorpus:
    posts: list[Post]
    truth: dict[str, int]  # slug -> main topic
    second: dict[str, int]  # slug -> second topic
    vocabularies: list[list[str]]  # each topic's words; the last three name its tags


def vocabularies(rng: random.Random, used: set[str], mixture: Mixture) -> list[list[str]]:
    """Each topic's words; an odd topic starts with a share of its sibling's (tag words stay its own)."""
    shared = min(round(mixture.sibling_overlap * mixture.topic_words), mixture.topic_words - 3)
    words = [[pseudo_word(rng, used) for _ in range(mixture.topic_words)] for _ in range(mixture.topics)]
    for topic in range(1, mixture.topics, 2):
        words[topic][:shared] = words[topic - 1][:shared]
    return words


def draw(seed: int, mixture: Mixture = Mixture()) -> MixtureCorpus:
    """topics x articles_per_topic posts, main topics taken in turn."""
    rng = random.Random(seed)
    used: set[str] = set()
    background = [pseudo_word(rng, used) for _ in range(mixture.background_words)]
    cumulative = zipf_weights(len(background))
    topic_words = vocabularies(rng, used, mixture)
    topic_tags = [[f"{words[-1]} {words[-2]}", words[-2], words[-3]] for words in topic_words]
    topic_category = [rng.choice(CATEGORIES) for _ in range(mixture.topics)]
    count = mixture.topics * mixture.articles_per_topic
    authors = [f"Author {pseudo_word(rng, used).capitalize()}" for _ in range(max(10, count // 20))]
    corpus = MixtureCorpus([], {}, {}, topic_words)
    for number in range(count):
        main = number % mixture.topics
        second = (main + rng.randrange(1, mixture.topics)) % mixture.topics
        slug = f"mix-{number:05d}"
        corpus.truth[slug] = main
        corpus.second[slug] = second
        title = rng.sample(topic_words[main], mixture.title_topic_words) + rng.choices(
            background, cum_weights=cumulative, k=rng.randint(2, 5)
        )
        rng.shuffle(title)
        corpus.posts.append(
            Post(
                slug=slug,
                title=f"{' '.join(title).capitalize()} {number}",
                date=random_date(rng),
                category=topic_category[main]
                if rng.random() < mixture.category_follows_topic
                else rng.choice(CATEGORIES),
                author=rng.choice(authors),
                tags=tags(rng, main, topic_tags, mixture),
                region=rng.choice(REGIONS) if rng.random() < 0.3 else "",
                paragraphs=paragraphs_of(
                    body(rng, topic_words[main], topic_words[second], background, cumulative, mixture)
                ),
            )
        )
    return corpus


def body(
    rng: random.Random,
    main: list[str],
    second: list[str],
    background: list[str],
    cumulative: list[float],
    mixture: Mixture,
) -> list[str]:
    """Shuffled words: topical ones (the second topic's share rounded) and background ones."""
    length = rng.randint(mixture.min_words, mixture.max_words)
    topical = sum(rng.random() < mixture.topic_share for _ in range(length))
    lent = round(topical * mixture.second_topic_share)
    words = (
        rng.choices(main, k=topical - lent)
        + rng.choices(second, k=lent)
        + rng.choices(background, cum_weights=cumulative, k=length - topical)
    )
    rng.shuffle(words)
    return words


def tags(rng: random.Random, main: int, topic_tags: list[list[str]], mixture: Mixture) -> tuple[str, ...]:
    """None for a share of articles; else one to three, each wrong (another topic's) at the given rate."""
    if rng.random() < mixture.untagged_share:
        return ()
    chosen = set()
    for _ in range(rng.randint(1, 3)):
        source = main
        if rng.random() < mixture.wrong_tag_share:
            source = (main + rng.randrange(1, mixture.topics)) % mixture.topics
        chosen.add(rng.choice(topic_tags[source]))
    if rng.random() < mixture.generic_tag_share:
        chosen.add(rng.choice(GENERIC_TAGS))
    return tuple(sorted(chosen))
