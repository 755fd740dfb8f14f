"""The benchmark's own logic: the synthetic corpus and the precision measure."""

import pytest

from bench.quality import precision_at
from bench.synthetic import Shape, generate


def test_precision_counts_missing_picks_as_wrong():
    truth = {"a": 0, "b": 0, "c": 1, "d": 1}
    quality = precision_at({"a": ["b", "c"], "b": [], "c": ["d"], "d": ["c", "a", "b"]}, truth, k=2)
    assert quality.precision == (0.5 + 0 + 0.5 + 0.5) / 4
    assert quality.empty_share == 0.25
    assert quality.standard_error == 0.125  # the four shares vary by 0.25 about their mean


def test_synthetic_corpus_is_reproducible_and_hides_topics(tmp_path):
    first = generate(60, tmp_path / "one", seed=3, shape=Shape(articles_per_topic=10))
    second = generate(60, tmp_path / "two", seed=3, shape=Shape(articles_per_topic=10))
    assert first == second and len(set(first.values())) == 6
    one = sorted(path.read_text(encoding="utf-8") for path in (tmp_path / "one" / "blog").glob("*.md"))
    two = sorted(path.read_text(encoding="utf-8") for path in (tmp_path / "two" / "blog").glob("*.md"))
    assert one == two
    texts = [path.read_text(encoding="utf-8") for path in (tmp_path / "one" / "blog").glob("*.md")]
    tagged = sum("\nTags: " in text for text in texts)
    assert 0 < tagged < len(texts), "some posts are tagged, most are not"
    assert all("Category: " in text and "Authors: " in text for text in texts)


def test_the_hostile_text_bench_times_every_check_at_two_sizes():
    from bench.hostile_text import CHECKS, READING, document, measure

    timings = measure(runs=1, progress=lambda message: None, sizes=(4096, 16384), reading_sizes=(2000, 8000),
                      file_counts=(20, 80))  # fmt: skip
    assert [timing.check for timing in timings][:-1] == [*CHECKS, READING]
    for timing in timings:
        assert all(seconds > 0 for seconds in timing.seconds) and timing.growth > 0
    text = document(timings, 1)
    assert "| size and nesting limits |" in text and "| 4 KB |" in text and "| 80 files |" in text


def test_the_related_plugins_time_is_taken_out_of_reading_where_it_runs():
    from bench.runner import stage_shares

    timed = {
        "reading": 10.0,
        "site data": 0.7,
        "writing pages": 9.0,
        "feeds and files": 0.1,
        "compression": 5.0,
        "pelican": 35.0,
    }
    log = "INFO: related: ranked 10000 articles in 1.750 s\nINFO: search: indexed the site in 7.5 s\n"
    stages = stage_shares(timed, 36.0, log)
    assert stages["reading"] == 8.25 and stages["related articles"] == 1.75
    assert stages["other site data"] == 0.7 and stages["search indexing"] == 7.5
    assert sum(stages.values()) == pytest.approx(36.0)  # every second of the build in exactly one stage
