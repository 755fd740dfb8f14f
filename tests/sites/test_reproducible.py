"""Reproducible builds: the same content gives the same bytes in any folder, at any time, in any process.

Each test builds the repository's example content twice, in two project folders,
with the content files' modification times shuffled differently, in processes
with different hash seeds (PYTHONHASHSEED), a second or more apart, and compares
every file of the two outputs. What a build calls "now" is SOURCE_DATE_EPOCH
when it is set: the same value rebuilds a past version exactly.
"""

from __future__ import annotations

import datetime
import os
import random
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, Site, post, snapshot, text_of


def copy_of_example(root: Path, seed: int) -> Site:
    """The example content in its own project folder, its files dated at random (seeded)."""
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    times = random.Random(seed)
    for path in sorted(content.rglob("*")):
        moment = times.uniform(1_000_000_000, 1_800_000_000)
        os.utime(path, (moment, moment))
    return Site(root, content=content)


def build(site: Site, production: bool, hash_seed: int, epoch: int | None = None) -> dict[str, str]:
    env = {"PYTHONHASHSEED": str(hash_seed)}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    result = site.build(production=production, env=env)
    assert result.returncode == 0, result.stderr
    return snapshot(site.output)


def differences(first: dict[str, str], second: dict[str, str]) -> str:
    names = sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))
    return f"{len(names)} files differ between the two builds:\n  " + "\n  ".join(names)


def epoch_of(day: str) -> int:
    return int(datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.UTC).timestamp())


@pytest.mark.parametrize("production", [True, False], ids=["production", "development"])
def test_two_builds_in_different_folders_times_and_processes_are_identical(tmp_path, production):
    first = build(copy_of_example(tmp_path / "one", seed=1), production, hash_seed=1)
    time.sleep(1.1)
    second = build(copy_of_example(tmp_path / "two", seed=2), production, hash_seed=12345)
    assert len(first) > 100, "the example site was built"
    if production:
        assert any(name.startswith("pagefind/filter/") for name in first), "the search index has filters"
        assert any(name.endswith(".gz") for name in first), "the precompressed copies were written"
    assert first == second, differences(first, second)


def test_the_same_source_date_epoch_rebuilds_a_past_version_exactly(tmp_path):
    epoch = epoch_of("2026-02-01")
    first = build(copy_of_example(tmp_path / "one", seed=3), True, hash_seed=7, epoch=epoch)
    time.sleep(1.1)
    second = build(copy_of_example(tmp_path / "two", seed=4), True, hash_seed=8, epoch=epoch)
    assert first == second, differences(first, second)


EVENT = """\
Title: {title}
Start: {start}
Location: Leeds

About the event.
"""


@pytest.fixture
def dated_site(site) -> Site:
    """Two events and two posts, one on each side of 2020-04-01 and one far in the future."""
    site.write("events/spring-forum.md", EVENT.format(title="Spring forum", start="2020-03-10 10:00"))
    site.write("events/far-forum.md", EVENT.format(title="Far forum", start="2099-06-10 10:00"))
    site.write("blog/old-news.md", post("Old news", date="2020-01-05"))
    site.write("blog/spring-news.md", post("Spring news", date="2020-05-01"))
    site.write("blog/far-news.md", post("Far news", date="2099-05-01"))
    return site


def built_at(site: Site, day: str) -> Site:
    result = site.build(production=True, env={"SOURCE_DATE_EPOCH": str(epoch_of(day))})
    assert result.returncode == 0, result.stderr
    return site


def upcoming_and_past(site: Site) -> tuple[list[str], list[str]]:
    """The event titles under each heading of /events/."""
    lists = {}
    for heading in site.page("/events/").find_all("h2"):
        listing = heading.find_next_sibling()
        lists[text_of(heading)] = (
            [text_of(link) for link in listing.find_all("a")] if listing.name != "p" else []
        )
    return lists["Upcoming events"], lists["Past events"]


def published_posts(site: Site) -> set[str]:
    return {path.name for path in (site.output / "blog").iterdir() if (path / "index.html").is_file()}


def test_source_date_epoch_in_the_past_decides_upcoming_events_and_future_posts(dated_site):
    built_at(dated_site, "2020-02-01")
    assert upcoming_and_past(dated_site) == (["Spring forum", "Far forum"], [])
    assert "Spring forum" in text_of(dated_site.page("/").find(class_="next-event-title"))
    assert published_posts(dated_site) == {"old-news"}, "posts dated after the build's moment wait"

    built_at(dated_site, "2020-04-01")
    assert upcoming_and_past(dated_site) == (["Far forum"], ["Spring forum"])
    assert published_posts(dated_site) == {"old-news"}
    assert "spring-news" not in (dated_site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")


def test_source_date_epoch_in_the_future_publishes_what_is_due_by_then(dated_site):
    built_at(dated_site, "2100-01-01")
    assert upcoming_and_past(dated_site) == ([], ["Far forum", "Spring forum"])
    assert published_posts(dated_site) == {"old-news", "spring-news", "far-news"}
    assert dated_site.page("/").find(class_="next-event-title") is None


def test_a_source_date_epoch_that_is_not_a_number_is_named(dated_site):
    result = dated_site.build(env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "SOURCE_DATE_EPOCH is 'yesterday'" in result.stderr.splitlines()[0], result.stderr
