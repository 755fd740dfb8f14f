"""The ranking's later steps: the neighbour signal, near-duplicates giving way, and explanations."""

from __future__ import annotations

from dataclasses import replace

from related.index import Config, Record, RelatedIndex

from bench.mixture import Mixture, draw
from bench.quality import precision_at
from bench.records import record_from

SMALL_MIXTURE = Mixture(
    topics=6, articles_per_topic=40, second_topic_share=1 / 3, untagged_share=0.25, wrong_tag_share=0.3
)


def mixture_records(seed=5):
    corpus = draw(seed, SMALL_MIXTURE)
    return [record_from(post) for post in corpus.posts], corpus.truth


def precision(records, truth, config):
    lists = RelatedIndex(records, config).related()
    return precision_at({key: [pick.key for pick in picks] for key, picks in lists.items()}, truth).precision


def test_the_neighbour_signal_lifts_articles_on_the_main_subject():
    records, truth = mixture_records()
    without = precision(records, truth, Config(neighbour_weight=0))
    assert precision(records, truth, Config()) > without + 0.03


def test_the_neighbour_signal_relates_untagged_articles():
    records, truth = mixture_records()
    untagged = {record.key for record in records if not record.tags}
    lists = {
        name: {
            key: [pick.key for pick in picks]
            for key, picks in RelatedIndex(records, config).related().items()
            if key in untagged
        }
        for name, config in (("with", Config()), ("without", Config(neighbour_weight=0)))
    }
    truth_of_untagged = {key: truth[key] for key in untagged}
    assert (
        precision_at(lists["with"], truth_of_untagged).precision
        > precision_at(lists["without"], truth_of_untagged).precision
    )


def test_a_near_duplicate_gives_way_unless_nothing_else_is_left():
    text = "Packaging python projects with wheels, build backends and lock files for deployment."
    filler = [Record(f"filler-{n}", f"Filler {n}", f"gardening recipe {n} weather holiday") for n in range(8)]
    records = filler + [
        Record("query", "Python packaging today", text),
        Record("part-1", "Python packaging, part 1", text),
        Record("part-2", "Python packaging, part 2", text),
        Record("other", "Deploying python wheels", "Deployment of wheels and lock files to servers."),
        Record("far", "Gardening", "Tomatoes and roses in spring."),
    ]
    lists = RelatedIndex(records, Config(max=2)).related()
    assert [pick.key for pick in lists["query"]] == ["part-1", "other"]
    unpickable = [replace(record, eligible=False) for record in filler]  # they only make the words rare
    everything = RelatedIndex(unpickable + records[8:11], Config(max=2)).related()
    assert [pick.key for pick in everything["query"]] == ["part-1", "part-2"]


def test_reasons_add_up_to_the_score_and_name_the_neighbour_signal():
    records, _ = mixture_records()
    records = [
        replace(record, pinned=("mix-00007",)) if record.key == "mix-00001" else record for record in records
    ]
    index = RelatedIndex(records)
    lists = index.related()
    signals = set()
    for key in list(lists)[:60] + ["mix-00001"]:
        for pick in lists[key]:
            explained = index.explain(key, pick)
            signals |= {reason.signal for reason in explained}
            assert abs(sum(reason.points for reason in explained) - pick.score) < 1e-4
            assert all(reason.points >= 0 for reason in explained)
    assert "neighbours" in signals
    neighbour_reasons = [
        reason.text
        for pick in lists["mix-00000"]
        for reason in index.explain("mix-00000", pick)
        if reason.signal == "neighbours"
    ]
    assert neighbour_reasons and all(
        text.startswith("on the subject of its closest articles: ") for text in neighbour_reasons
    )


def test_lists_without_editors_controls_take_the_short_way_to_the_same_result():
    records, _ = mixture_records()
    plain = RelatedIndex(records).related()
    # an exclusion of nothing that exists sends every list the long way, through pins,
    # exclusions and near-duplicates
    long_way = RelatedIndex([replace(record, excluded=("no-such-post",)) for record in records]).related()
    assert long_way == plain
