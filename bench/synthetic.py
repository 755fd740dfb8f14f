"""A synthetic corpus with a hidden ground truth, for measuring related-articles quality.

Every article is written from one hidden topic: its title and some of its
words come from the topic's own vocabulary, the rest from a background
vocabulary shared by all topics (with a Zipf-like frequency, so common words
are very common). As on real sites, most articles carry no tags, some carry a
wrong one, a few generic tags are everywhere, categories follow topics only
loosely, and authors and regions are mostly noise. Two articles are truly
related when they share a topic.

`draw` gives the posts as data (bench/records.py makes them `Record`s in
memory); `generate` writes them as Markdown files for a full build.
"""

from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

CATEGORIES = ["General", "Inspection & Improvement", "Leadership", "Education"]
REGIONS = ["North East", "North West", "London", "South West", "East Midlands"]
SYLLABLES = "ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru ta te ti to tu".split()
GENERIC_TAGS = ["news", "update", "opinion"]


@dataclass(frozen=True)
class Shape:
    """How the corpus is drawn; the defaults imitate a real archive."""

    articles_per_topic: int = 25
    topic_words: int = 40  # vocabulary of each topic
    background_words: int = 4000  # vocabulary shared by all topics
    topic_share: float = 0.2  # share of body words drawn from the topic
    tagged_share: float = 0.28  # share of articles with any tags (pyvideo: 28%)
    wrong_tag_share: float = 0.2  # share of tags that belong to another topic
    generic_tag_share: float = 0.3  # share of tagged articles that also carry a generic tag
    category_follows_topic: float = 0.6  # chance the category is the topic's usual one
    min_words: int = 60
    max_words: int = 400


@dataclass(frozen=True)
class Post:
    """One synthetic blog post, as its Markdown file would state it."""

    slug: str
    title: str
    date: datetime.date
    category: str
    author: str
    tags: tuple[str, ...]
    region: str  # "" for none
    paragraphs: tuple[str, ...]  # plain text, one sentence each


def pseudo_word(rng: random.Random, used: set[str]) -> str:
    while True:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in used:
            used.add(word)
            return word


def zipf_weights(count: int) -> list[float]:
    """Cumulative weights making the word of rank r about 1/r as frequent as the first."""
    return list(accumulate(1 / (rank + 1) for rank in range(count)))


def random_date(rng: random.Random) -> datetime.date:
    return datetime.date(2016 + rng.randint(0, 9), rng.randint(1, 12), rng.randint(1, 28))


def paragraphs_of(words: list[str]) -> tuple[str, ...]:
    """Sixty words a paragraph, each a capitalised sentence."""
    return tuple(" ".join(words[start : start + 60]).capitalize() + "." for start in range(0, len(words), 60))


def draw(count: int, seed: int = 2026, shape: Shape = Shape()) -> tuple[list[Post], dict[str, int]]:
    """`count` posts and their hidden topics (slug -> topic)."""
    rng = random.Random(seed)
    used: set[str] = set()
    topics = max(2, count // shape.articles_per_topic)
    background = [pseudo_word(rng, used) for _ in range(shape.background_words)]
    cumulative = zipf_weights(len(background))
    topic_words = [[pseudo_word(rng, used) for _ in range(shape.topic_words)] for _ in range(topics)]
    topic_tags = [[f"{words[0]} {words[1]}", words[2], words[3]] for words in topic_words]
    topic_category = [rng.choice(CATEGORIES) for _ in range(topics)]
    authors = [f"Author {pseudo_word(rng, used).capitalize()}" for _ in range(max(10, count // 20))]
    posts: list[Post] = []
    truth: dict[str, int] = {}
    for number in range(count):
        topic = number % topics
        slug = f"post-{number:05d}"
        truth[slug] = topic
        own = topic_words[topic]
        length = rng.randint(shape.min_words, shape.max_words)
        from_topic = sum(rng.random() < shape.topic_share for _ in range(length))
        body = rng.choices(own, k=from_topic) + rng.choices(
            background, cum_weights=cumulative, k=length - from_topic
        )
        rng.shuffle(body)
        title = rng.sample(own, 2) + rng.choices(background, cum_weights=cumulative, k=rng.randint(1, 4))
        rng.shuffle(title)
        date = random_date(rng)
        category = (
            topic_category[topic] if rng.random() < shape.category_follows_topic else rng.choice(CATEGORIES)
        )
        author = rng.choice(authors)
        tags = _tags(rng, topic, topic_tags, shape)
        region = rng.choice(REGIONS) if rng.random() < 0.3 else ""
        posts.append(
            Post(
                slug,
                f"{' '.join(title).capitalize()} {number}",
                date,
                category,
                author,
                tuple(tags),
                region,
                paragraphs_of(body),
            )
        )
    return posts, truth


def markdown_of(post: Post) -> str:
    """The post as a Markdown file with `Key: value` front matter."""
    front = [
        f"Title: {post.title}",
        f"Date: {post.date.isoformat()}",
        f"Category: {post.category}",
        f"Authors: {post.author}",
        f"Slug: {post.slug}",
    ]
    if post.tags:
        front.append(f"Tags: {', '.join(post.tags)}")
    if post.region:
        front.append(f"Region: {post.region}")
    return "\n".join(front) + "\n\n" + "\n\n".join(post.paragraphs) + "\n"


def generate(count: int, folder: Path, seed: int = 2026, shape: Shape = Shape()) -> dict[str, int]:
    """Write `count` blog posts under folder/blog/ and return slug -> hidden topic (also in truth.json)."""
    posts, truth = draw(count, seed, shape)
    (folder / "blog").mkdir(parents=True, exist_ok=True)
    for post in posts:
        (folder / "blog" / f"{post.slug}.md").write_text(markdown_of(post), encoding="utf-8")
    (folder / "truth.json").write_text(json.dumps(truth, indent=0, sort_keys=True), encoding="utf-8")
    return truth


def _tags(rng: random.Random, topic: int, topic_tags: list[list[str]], shape: Shape) -> list[str]:
    if rng.random() >= shape.tagged_share:
        return []
    tags = []
    for _ in range(rng.randint(1, 3)):
        source = topic if rng.random() >= shape.wrong_tag_share else rng.randrange(len(topic_tags))
        tags.append(rng.choice(topic_tags[source]))
    if rng.random() < shape.generic_tag_share:
        tags.append(rng.choice(GENERIC_TAGS))
    return sorted(set(tags))
