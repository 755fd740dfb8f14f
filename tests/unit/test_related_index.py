"""The related-articles index: scoring, exclusions, editor's picks, ties and determinism."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path

import pytest
from content_model.text import excerpt, plain_text
from related import index as related_index
from related.index import Config, Record, RelatedIndex, _joined
from related.text import count_words, fold, words

DAY = 86400.0


def record(
    key,
    title="",
    text="",
    *,
    tags=(),
    category="General",
    region="",
    authors=(),
    day=0,
    pinned=(),
    eligible=True,
):
    return Record(
        key, title, text, tuple(tags), category, region, tuple(authors), day * DAY, tuple(pinned), eligible
    )


def reasons(index, key, pick):
    return tuple(reason.text for reason in index.explain(key, pick))


def keys(index, key):
    return [pick.key for pick in index.related()[key]]


FILLER = [record(f"filler-{n}", f"Filler {n}", f"gardening recipe {n} weather holiday") for n in range(8)]


def test_a_rare_shared_tag_counts_more_than_a_common_one():
    common = [record(f"c{n}", tags=["funding"]) for n in range(6)]
    records = common + [
        record("query", tags=["funding", "kinship care"]),
        record("rare", tags=["kinship care"]),
        record("common", tags=["funding"]),
    ]
    assert keys(RelatedIndex(records), "query")[0] == "rare"


def test_untagged_posts_are_related_by_their_words():
    records = FILLER + [
        record(
            "a",
            "Peer challenge in Ashworth",
            "The peer challenge team read case files and met social workers.",
        ),
        record(
            "b", "What peer challenge found", "Our peer challenge visit read case files with social workers."
        ),
        record("c", "School meals", "Menus for school dinners this autumn."),
    ]
    assert keys(RelatedIndex(records), "a")[0] == "b"


def test_common_words_do_not_drown_telling_ones():
    shared = "children services council director families support"
    records = [record(f"n{n}", text=f"{shared} topic{n}") for n in range(10)] + [
        record("query", text=f"{shared} ofsted inspection judgement"),
        record("match", text="ofsted inspection judgement"),
    ]
    assert keys(RelatedIndex(records), "query")[0] == "match"


def test_same_region_category_and_author_break_otherwise_equal_candidates():
    base = dict(text="")
    records = [
        record("query", region="London", category="Leadership", authors=["Ann"], **base),
        record("same-region", region="London", category="Education", **base),
        record("same-category", region="", category="Leadership", **base),
        record("nothing", region="", category="Education", **base),
    ]
    config = Config(region_weight=0.3, category_weight=0.2)
    assert keys(RelatedIndex(records, config), "query") == ["same-region", "same-category", "nothing"]


def test_shared_author_adds_points():
    records = [
        record("query", authors=["Ann"], category="A"),
        record("ann", authors=["Ann"], category="B"),
        record("bob", authors=["Bob"], category="B"),
    ]
    assert keys(RelatedIndex(records), "query")[0] == "ann"


def test_never_itself_never_ineligible_and_never_empty():
    records = [
        record("query", tags=["send"]),
        record("draft", tags=["send"], eligible=False),
        record("unrelated", text="nothing in common", category="Other"),
    ]
    lists = RelatedIndex(records).related()
    assert [pick.key for pick in lists["query"]] == ["unrelated"]
    assert all(pick.key != key for key, picks in lists.items() for pick in picks)
    assert "draft" not in {pick.key for picks in lists.values() for pick in picks}
    assert lists["draft"], "an unpublished article still gets a list for its preview"


def test_lists_hold_at_most_max_and_only_what_exists():
    records = [record(f"p{n}", tags=["x"]) for n in range(10)]
    assert len(RelatedIndex(records, Config(max=3)).related()["p0"]) == 3
    assert RelatedIndex([record("alone")]).related() == {"alone": []}


def test_editor_picks_come_first_in_order_and_count_toward_the_max():
    records = [record(f"p{n}", tags=["x"]) for n in range(8)] + [
        record(
            "query",
            tags=["x"],
            pinned=["unrelated-two", "missing-slug", "p3", "unrelated-one", "p3", "query"],
        ),
        record("unrelated-one", category="Other"),
        record("unrelated-two", category="Other"),
        record("hidden", category="Other", eligible=False),
    ]
    index = RelatedIndex(records, Config(max=4))
    picks = index.related()["query"]
    assert [pick.key for pick in picks][:3] == ["unrelated-two", "p3", "unrelated-one"]
    assert [pick.pinned for pick in picks] == [True, True, True, False]
    assert reasons(index, "query", picks[0])[0] == "chosen by an editor"
    assert len(picks) == 4 and len({pick.key for pick in picks}) == 4


def test_an_ineligible_editor_pick_is_skipped():
    records = [record("query", pinned=["hidden"]), record("hidden", eligible=False), record("other")]
    assert keys(RelatedIndex(records), "query") == ["other"]


def test_ties_go_to_the_closer_date_then_the_smaller_key():
    records = [
        record("query", day=100),
        record("far", day=10),
        record("near-b", day=98),
        record("near-a", day=102),
    ]
    assert keys(RelatedIndex(records), "query") == ["near-a", "near-b", "far"]


def random_records(count: int, seed: int = 7) -> list[Record]:
    rng = random.Random(seed)
    vocabulary = "peer challenge ofsted send inclusion workforce agency kinship funding placements".split()
    return [
        record(
            f"post-{n:03d}",
            " ".join(rng.sample(vocabulary, 2)),
            " ".join(rng.choices(vocabulary, k=30)),
            tags=rng.sample(vocabulary, rng.randint(0, 2)),
            category=rng.choice(["A", "B", "C"]),
            region=rng.choice(["", "London", "North West"]),
            day=rng.randint(0, 400),
        )
        for n in range(count)
    ]


def worded_records(count: int) -> list[Record]:
    """Untagged posts on one of six subjects each, told apart by their words alone."""
    rng = random.Random(11)
    subjects = [[f"{name}{n}" for n in "abcdefgh"] for name in ("kin", "send", "ofs", "peer", "work", "fund")]
    return [
        record(f"post-{n:03d}", "", " ".join(rng.choices(rng.choice(subjects), k=25)), day=n % 400)
        for n in range(count)
    ]


def scored_lists(index: RelatedIndex) -> dict[str, list[tuple[str, float]]]:
    return {key: [(pick.key, pick.score) for pick in picks] for key, picks in index.related().items()}


def test_same_records_in_any_order_give_the_same_lists():
    records = random_records(120)
    expected = scored_lists(RelatedIndex(records))
    for seed in range(3):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        assert scored_lists(RelatedIndex(shuffled, Config(chunk_rows=17, threads=3))) == expected


def test_counts_of_consecutive_parts_joined_number_words_as_counting_the_whole_does():
    texts = [
        "Peer challenge: peer review, challenge and support",
        "",  # no words at all
        "Kinship carers and kinship care; placements",
        "Ofsted's inspection of SEND and inclusion, peer-led",
        "Égalité: placements outside the région, kinship again",
    ]
    whole = count_words(texts)
    for cut in range(len(texts) + 1):
        vocabulary, ids, counts, lengths = _joined([count_words(texts[:cut]), count_words(texts[cut:])])
        assert vocabulary == whole.words
        assert (ids.tolist(), counts.tolist(), lengths.tolist()) == (
            list(whole.ids),
            list(whole.counts),
            list(whole.lengths),
        )


class WaitingPool(Executor):
    """A pool busy with other work: nothing it is given has started."""

    def submit(self, function, /, *args, **kwargs):
        return Future()


class BrokenPool(Executor):
    def submit(self, function, /, *args, **kwargs):
        future = Future()
        future.set_exception(BrokenProcessPool("a worker process died"))
        return future


class ShutPool(Executor):
    def submit(self, function, /, *args, **kwargs):
        raise RuntimeError("cannot schedule new futures after shutdown")


class CountingPool(ProcessPoolExecutor):
    """A real pool of spawned processes, as the build's reading workers are; counts what it is given."""

    submitted = 0

    def submit(self, function, /, *args, **kwargs):
        self.submitted += 1
        return super().submit(function, *args, **kwargs)


@pytest.mark.parametrize("pool", [WaitingPool, BrokenPool, ShutPool])
def test_a_spare_process_that_is_busy_broken_or_shut_down_leaves_the_lists_as_they_are(monkeypatch, pool):
    monkeypatch.setattr(related_index, "TEXTS_WORTH_A_PROCESS", 2)
    records = worded_records(60)
    assert scored_lists(RelatedIndex(records, spare=pool())) == scored_lists(RelatedIndex(records))


def test_half_the_words_counted_in_a_spare_process_give_the_same_lists(monkeypatch):
    monkeypatch.setattr(related_index, "TEXTS_WORTH_A_PROCESS", 2)
    records = worded_records(60)
    with CountingPool(1, mp_context=get_context("spawn")) as pool:
        with_spare = scored_lists(RelatedIndex(records, spare=pool))
        assert pool.submitted == 1
    assert with_spare == scored_lists(RelatedIndex(records))


def test_counting_words_loads_no_numpy():
    """A reading worker counts words for the ranking (prefetch.spare_workers): it imports
    related.text, and with it the related package: loading NumPy and SciPy there would take
    longer than the counting saves."""
    plugins = Path(related_index.__file__).parents[1]
    check = "import related.text, sys; print('numpy' in sys.modules)"
    environment = {**os.environ, "PYTHONPATH": str(plugins)}
    loaded = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True, env=environment
    )
    assert loaded.stdout.strip() == "False"


def test_reasons_name_the_shared_signals():
    records = FILLER + [
        record(
            "query",
            "Kinship care",
            "kinship carers allowance",
            tags=["kinship care", "funding"],
            category="General",
            region="London",
            authors=["Ann"],
        ),
        record(
            "match",
            "Kinship carers",
            "kinship carers allowance",
            tags=["kinship care"],
            category="General",
            region="London",
            authors=["Ann"],
        ),
    ]
    index = RelatedIndex(records)
    [pick] = [pick for pick in index.related()["query"] if pick.key == "match"]
    texts = reasons(index, "query", pick)
    assert "shares tags: kinship care" in texts
    assert any(reason.startswith("similar text: kinship") for reason in texts)
    assert "same category: General" in texts and "same region: London" in texts
    assert "same author: Ann" in texts
    assert abs(sum(reason.points for reason in index.explain("query", pick)) - pick.score) < 1e-4


def test_a_pick_with_nothing_in_common_says_so():
    records = [record("query", category="A"), record("other", category="B", day=400)]
    index = RelatedIndex(records)
    assert reasons(index, "query", index.related()["query"][0]) == (
        "nothing in common: it fills the list, the closest in time first",
    )


def test_articles_published_close_together_gain_points_that_fall_with_the_days_apart():
    records = [
        record("query", tags=["fostering"], category="A"),
        record("same-day", tags=["fostering"], category="B"),
        record("next-month", tags=["fostering"], category="C", day=30),
        record("next-year", tags=["fostering"], category="D", day=400),
        record("same-day-other-subject", tags=["funding"], category="E"),
        record("funding", tags=["funding"], category="F", day=900),
    ]
    config = Config(time_weight=0.2, time_window_days=60)
    index = RelatedIndex(records, config)
    picks = {pick.key: pick for pick in index.related()["query"]}
    time_reason = {
        key: [r for r in index.explain("query", pick) if r.signal == "time"] for key, pick in picks.items()
    }
    assert [(r.points, r.text) for r in time_reason["same-day"]] == [(0.2, "published the same day")]
    assert [(r.points, r.text) for r in time_reason["next-month"]] == [(0.1, "published 30 days apart")]
    assert time_reason["next-year"] == []
    assert time_reason["same-day-other-subject"][0].text.startswith("nothing in common")  # no time points
    without = {pick.key: pick for pick in RelatedIndex(records, replace(config, time_weight=0)).related()["query"]}
    assert picks["same-day"].score - without["same-day"].score == 0.2


def test_closeness_in_time_reorders_related_articles_but_does_not_outweigh_the_text():
    records = FILLER + [
        record("query", "Peer challenge", "Peer challenge: councils review practice and share findings."),
        record("close-and-related", "Peer challenge", "A peer challenge week: councils visit and review.", day=3),
        record("far-and-related", "Peer challenge", "Peer challenge findings shared with practice leads.", day=300),
        record("close-and-unrelated", "Playground", "Swings and slides for the summer fete.", day=1),
    ]
    keys = [pick.key for pick in RelatedIndex(records, Config(max=3)).related()["query"]]
    assert keys[:2] == ["close-and-related", "far-and-related"]
    assert "close-and-unrelated" not in keys  # the fillers share a category with it; it shares nothing


def test_tags_match_ignoring_case():
    records = [
        record("query", tags=["Ofsted"]),
        record("lower", tags=["ofsted"], category="X"),
        record("none", category="X"),
    ]
    assert keys(RelatedIndex(records), "query")[0] == "lower"


def test_excerpt_cuts_at_a_word_and_marks_the_cut():
    text = "Peer challenge works because it is built on trust between equals. " * 5
    cut = excerpt(text, 160)
    assert len(cut) <= 161 and cut.endswith("…")
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] in " ."
    assert excerpt("Short enough.", 160) == "Short enough."


def test_plain_text_and_words():
    assert plain_text("<p>Children&#8217;s <em>services</em>&nbsp;now</p>") == "Children’s services now"
    assert words("The SEND review, 2026: peer-challenge!") == ["the", "send", "review", "peer", "challenge"]
    assert fold("challenges") == "challenge" and fold("policies") == "policy" and fold("process") == "process"


def test_an_article_an_editor_left_out_gives_way_to_the_next_in_that_list_only():
    text = "peer challenge case files social workers leaders"
    similar = [record(key, f"Peer challenge {key}", text, tags=["peer challenge"]) for key in "bcd"]
    leaving_b_out = Record("a", "Peer challenge a", text, ("peer challenge",), excluded=("b",))
    no_near_duplicates = Config(max=3, duplicate_similarity=2.0)  # the four are near-duplicates: keep all
    lists = RelatedIndex([leaving_b_out, *similar, *FILLER], no_near_duplicates).related()
    assert keys_of(lists["a"])[:2] == ["c", "d"] and len(lists["a"]) == 3 and "b" not in keys_of(lists["a"])
    assert "a" in keys_of(lists["b"]), "the Unrelated line is about a's own list"


def keys_of(picks):
    return [pick.key for pick in picks]


def test_one_key_for_row_and_rounded_score_sorts_as_the_two_keys_did():
    import numpy as np
    from related.index import _row_then_score

    rng = np.random.default_rng(3)
    for scale in (1.0, 2000.0):  # settings may weigh the signals far above the defaults
        rows = np.repeat(np.arange(300), 7)
        scores = np.round(rng.random(len(rows)) * scale, 3)  # many ties once rounded
        scores[rng.random(len(rows)) < 0.2] = -np.inf  # past the end of a row
        for precision in (np.float32, np.float64):
            values = scores.astype(precision)
            by_two_keys = np.lexsort((np.arange(len(rows)), -np.round(values, 5), rows))
            by_one_key = np.lexsort((np.arange(len(rows)), _row_then_score(rows, values)))
            assert (by_one_key == by_two_keys).all()


class Stop(BaseException):
    """What a build no longer wanted raises from `progress` (sitebuild.pipeline.BuildCancelled)."""


def test_progress_is_called_between_parts_and_raising_there_stops_the_ranking(monkeypatch):
    """The preview stops a build a newer save made out of date wherever `progress` is called: words
    are counted PART_TEXTS texts between two calls, with the same lists as counted all at once."""
    records = worded_records(60)
    whole = scored_lists(RelatedIndex(records))
    monkeypatch.setattr(related_index, "PART_TEXTS", 7)
    calls = []
    index = RelatedIndex(records, progress=lambda: calls.append(len(calls)))
    counted = len(calls)
    assert counted >= 60 // 7 + 1  # one call per part of the texts, at least
    assert scored_lists(index) == whole
    assert len(calls) > counted  # and between the steps of ranking

    def stop_at(number):
        def progress():
            calls.append(None)
            if len(calls) == number:
                raise Stop()

        return progress

    for number in (3, counted + 2):
        calls.clear()
        with pytest.raises(Stop):
            RelatedIndex(records, progress=stop_at(number)).related()
        assert len(calls) == number  # it stopped at that call, doing no more
