"""`invoke bench` end to end, on a corpus small enough for the test suite."""

from bench.suite import run


def test_bench_builds_side_by_side_and_scores_related_lists(tmp_path):
    messages = []
    rows, text = run(
        tmp_path,
        [80],
        1,
        ["synthetic"],
        ["site-without-related", "site"],
        progress=messages.append,
        measure_quality=False,  # it reads the 10,000 real talks (tests/unit/test_related_evaluation.py)
    )
    by_name = {row.configuration: row for row in rows}
    assert set(by_name) == {"This site without related articles", "This site"}
    ours = by_name["This site"]
    assert not ours.measure.failure and ours.measure.seconds[0] > 0 and ours.measure.peak_mb[0] > 20
    assert ours.measure.related_seconds, "the plugin's own time is read from its log line"
    assert ours.quality.empty_share == 0 and ours.quality.precision > 0.5
    assert "| synthetic | 80 | This site |" in text and "the related plugin adds" in text
    assert len(messages) == 2
