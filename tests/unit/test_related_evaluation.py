"""The quality step of the benchmark: corpora as Records, the mixture generator, hidden tags, anchors, checks."""

from __future__ import annotations

import datetime
import pickle
from collections import Counter
from dataclasses import fields

import pytest
from related.index import Record

from bench import anchors, evaluation, records
from bench.mixture import Mixture, draw
from bench.quality import hidden_tag_share, hide_tags, self_links
from bench.synthetic import Post

DAY = 86400.0


def record(key, tags=(), day=0, eligible=True, text="") -> Record:
    return Record(
        key=key, title=key, text=text, tags=tuple(tags), timestamp=1.7e9 + day * DAY, eligible=eligible
    )


def test_the_second_topic_lends_the_share_of_topical_words_asked_for():
    corpus = draw(5, Mixture(topics=6, articles_per_topic=20, topic_share=0.5, second_topic_share=0.3))
    owner = {word: topic for topic, words in enumerate(corpus.vocabularies) for word in words}
    main = second = 0
    for post in corpus.posts:
        assert corpus.second[post.slug] != corpus.truth[post.slug]
        topics = Counter(
            owner.get(word.strip(".").lower()) for paragraph in post.paragraphs for word in paragraph.split()
        )
        main += topics[corpus.truth[post.slug]]
        second += topics[corpus.second[post.slug]]
    assert second / (main + second) == pytest.approx(0.3, abs=0.01)


def test_mixture_tags_follow_the_untagged_and_wrong_shares():
    corpus = draw(
        8,
        Mixture(
            topics=10, articles_per_topic=60, untagged_share=0.25, wrong_tag_share=0.3, generic_tag_share=0
        ),
    )
    tag_topic = {
        tag: topic
        for topic, words in enumerate(corpus.vocabularies)
        for tag in (f"{words[-1]} {words[-2]}", words[-2], words[-3])
    }
    untagged = sum(not post.tags for post in corpus.posts) / len(corpus.posts)
    tags = [(tag_topic[tag], corpus.truth[post.slug]) for post in corpus.posts for tag in post.tags]
    wrong = sum(topic != main for topic, main in tags) / len(tags)
    assert untagged == pytest.approx(0.25, abs=0.04)
    assert wrong == pytest.approx(0.3, abs=0.05)


def test_sibling_topics_share_words_but_not_tag_words():
    corpus = draw(2, Mixture(topics=4, articles_per_topic=2, sibling_overlap=0.3))
    first, second, third = (set(words) for words in corpus.vocabularies[:3])
    assert len(first & second) == 12 and not first & third
    assert corpus.vocabularies[0][-3:] != corpus.vocabularies[1][-3:]


def test_titles_can_say_nothing_of_the_topic():
    corpus = draw(3, Mixture(topics=4, articles_per_topic=5, title_topic_words=0))
    topical = {word for words in corpus.vocabularies for word in words}
    assert not any(word in topical for post in corpus.posts for word in post.title.lower().split())


def test_a_synthetic_post_becomes_the_record_a_build_would_make():
    post = Post(
        "p",
        "A title",
        datetime.date(2020, 7, 1),
        "General",
        "Author Bo",
        ("x y",),
        "London",
        ("One two.", "Three."),
    )
    made = records.record_from(post)
    assert made.text == "One two.\n\nThree." and made.authors == ("Author Bo",) and made.region == "London"
    assert (
        made.timestamp == datetime.datetime(2020, 6, 30, 23, tzinfo=datetime.timezone.utc).timestamp()
    )  # BST
    assert made.eligible and not made.pinned


def test_hiding_tags_hides_exactly_half_of_the_tagged_whatever_the_order():
    talks = [record(f"t{number}", tags=("a",) if number % 3 else ()) for number in range(30)]
    visible, hidden = hide_tags(talks, seed=1)
    assert len(hidden) == 10 and all(tags == {"a"} for tags in hidden.values())
    assert sum(bool(talk.tags) for talk in visible) == 10
    assert {talk.key for talk in visible if not talk.tags} == {
        talk.key for talk in talks if not talk.tags
    } | set(hidden)
    assert hide_tags(list(reversed(talks)), seed=1)[1] == hidden


def test_hidden_tag_share_counts_missing_picks_as_misses():
    original = {
        "a": frozenset({"web"}),
        "b": frozenset({"web", "data"}),
        "c": frozenset({"data"}),
        "d": frozenset(),
    }
    hidden = {"a": frozenset({"web"}), "c": frozenset({"data", "ml"})}
    lists = {"a": ["b", "c", "d"], "c": []}
    quality = hidden_tag_share(lists, hidden, original, k=5)
    assert quality.shared == pytest.approx((1 / 5 + 0) / 2)
    assert quality.empty_share == 0.5 and quality.talks == 2
    assert quality.standard_error == pytest.approx(0.1)  # the two talks' shares, 0.2 and 0, vary by 0.14


def test_related_posts_ranks_by_shared_tags_then_first_tag_then_newest():
    corpus = [
        record("me", tags=("Web", "data"), day=5),
        record("both", tags=("web", "data"), day=1),
        record("web-old", tags=("web",), day=0),
        record("web-new", tags=("web",), day=3),
        record("data-newest", tags=("data",), day=9),
        record("draft", tags=("web", "data"), day=2, eligible=False),
        record("none", day=4),
    ]
    lists = anchors.related_posts(corpus)
    assert lists["me"] == ["both", "web-new", "web-old", "data-newest"]  # tags match by slug: Web is web
    assert lists["none"] == []


def test_similar_posts_prefers_rare_tags_then_newest():
    common = [record(f"c{number}", tags=("common",), day=number) for number in range(6)]
    corpus = common + [
        record("me", tags=("common", "rare")),
        record("rare-one", tags=("rare",), day=-5),
        record("untagged"),
    ]
    lists = anchors.similar_posts(corpus)
    assert lists["me"] == ["rare-one", "c5", "c4", "c3", "c2"]
    assert lists["untagged"] == [] and "me" not in lists["me"]


def test_hugo_keeps_older_pages_sharing_a_tag_by_weight_then_newest():
    corpus = [
        record("me", tags=("a", "b"), day=400),
        record("two-tags", tags=("a", "b"), day=-800),
        record("same-year", tags=("a",), day=399),
        record("other-year", tags=("b",), day=-500),
        record("newer", tags=("a", "b"), day=401),
        record("year-only", day=398),
    ]
    assert anchors.hugo_related(corpus)["me"] == ["two-tags", "same-year", "other-year"]
    assert not anchors.hugo_passes(10, 1) and anchors.hugo_passes(80, 1) and anchors.hugo_passes(90, 2)


def test_every_ranking_passes_the_checks_on_a_small_corpus():
    corpus = evaluation.SyntheticCorpus("small", 3, Mixture(topics=5, articles_per_topic=12))
    rows, timing = evaluation.measure_synthetic(
        corpus, "tune", evaluation.Config(), progress=lambda message: None
    )
    assert [row.ranking for row in rows] == list(evaluation.rankings())
    assert timing.articles == 60
    for row in rows:
        assert row.self_links == 0 and row.identical_when_shuffled and 0 <= row.score <= 1
    ours = rows[0]
    assert ours.empty_share == 0 and ours.score > 0.5
    assert self_links({"a": ["b", "a"], "b": []}) == 1


def test_tuning_and_report_corpora_are_disjoint():
    tuning, report = evaluation.TUNING, evaluation.REPORT
    assert not {corpus.seed for corpus in tuning} & {corpus.seed for corpus in report}
    assert not {corpus.shape for corpus in tuning} & {corpus.shape for corpus in report}
    assert not {corpus.name for corpus in tuning} & {corpus.name for corpus in report}
    tuned_values = {
        (type(corpus.shape), field.name, getattr(corpus.shape, field.name))
        for corpus in tuning
        for field in fields(corpus.shape)
    }
    assert all(
        any(
            (type(corpus.shape), field.name, getattr(corpus.shape, field.name)) not in tuned_values
            for field in fields(corpus.shape)
        )
        for corpus in report
    )
    like_the_issue = Mixture(
        topics=12, articles_per_topic=150, second_topic_share=1 / 3, untagged_share=0.25, wrong_tag_share=0.3
    )
    assert like_the_issue in {corpus.shape for corpus in report}


def test_real_talks_come_from_the_cache_once_read(tmp_path, monkeypatch):
    archive = tmp_path / "talks.tar.gz"
    archive.write_bytes(b"not read")
    monkeypatch.setattr(records.corpora, "REAL_ARCHIVE", archive)
    cached = [record("talk", tags=("python",))]
    cache = tmp_path / "corpora" / f"pyvideo-records-{records.cache_key(archive)}.pickle"
    cache.parent.mkdir()
    cache.write_bytes(pickle.dumps(cached))
    assert records.real_talks(tmp_path, progress=lambda message: None) == cached
    archive.write_bytes(b"another archive")
    assert records.cache_key(archive) not in cache.name
