"""A site with more indexable pages than SEARCH_PAGES_PER_INDEX is indexed in several Pagefind bundles.

The fixture (tests/bundled_search.py) has 25 posts and at most 10 pages per bundle:
pagefind/ takes the first 10 posts in path order, pagefind-2/ the next 10,
pagefind-3/ the last 5, and pagefind/bundles.json names the other two for the
search page. The browser side is in tests/browser/test_search_bundles.py.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
import time
from collections import Counter

import pytest
from pagefind.service import get_executable

from bench.static_server import headers_for, parse_headers
from plugins.assets.headers import REVALIDATE
from plugins.search.indexer import index_later
from sitebuild.build import build
from sitebuild.preview import FOLDER, build_settings
from tests.bundled_search import BUNDLES, POSTS, bundled_site, indexed_urls
from tests.conftest import REPO, post, snapshot
from tests.previewing import CHANGE_SECONDS, RunningPreview


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    site = bundled_site(tmp_path_factory.mktemp("bundled"))
    result = site.build(production=True)
    assert result.returncode == 0, result.stderr
    return site


def post_url(number: int) -> str:
    return f"/blog/harbour-notes-{number:02d}/"


def test_the_posts_are_split_into_bundles_of_at_most_ten_in_path_order(bundled):
    found = sorted(path.name for path in bundled.output.iterdir() if path.name.startswith("pagefind"))
    assert found == BUNDLES
    indexed = {name: sorted(indexed_urls(bundled.output / name)) for name in BUNDLES}
    assert indexed == {
        "pagefind": [post_url(number) for number in range(10)],
        "pagefind-2": [post_url(number) for number in range(10, 20)],
        "pagefind-3": [post_url(number) for number in range(20, 25)],
    }


def test_every_post_is_indexed_exactly_once_across_the_bundles(bundled):
    counts = Counter(url for name in BUNDLES for url in indexed_urls(bundled.output / name))
    assert counts == Counter({post_url(number): 1 for number in range(POSTS)})


def test_each_bundle_has_its_own_filters_and_the_first_names_the_others(bundled):
    for name in BUNDLES:
        assert (bundled.output / name / "pagefind.js").is_file(), name
        assert list((bundled.output / name / "filter").glob("*.pf_filter")), f"{name} has no filters"
    listed = json.loads((bundled.output / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    assert listed == {"bundles": ["../pagefind-2/", "../pagefind-3/"]}
    search_page = bundled.page("/search/").find(id="search")
    assert search_page["data-pagefind"].endswith("/pagefind/pagefind.js"), "bundles.json is found beside it"


def test_no_staging_folder_is_left_beside_the_output(bundled):
    leftovers = [path.name for path in bundled.root.iterdir() if "search-group" in path.name]
    assert not leftovers


def test_every_bundle_is_revalidated_by_exactly_one_rule(bundled):
    rules = parse_headers((bundled.output / "_headers").read_text(encoding="utf-8"))
    for name in BUNDLES:
        for file in (bundled.output / name).rglob("*"):
            if file.is_file():
                address = "/" + file.relative_to(bundled.output).as_posix()
                assert headers_for(rules, address).get("Cache-Control") == REVALIDATE, address


def test_pagefinds_files_in_every_bundle_get_no_compressed_copies(bundled):
    for name in BUNDLES:
        copies = [path.name for path in (bundled.output / name).rglob("*.pf_*.*")]
        copies += [path.name for path in (bundled.output / name).rglob("*.pagefind.*")]
        assert not copies, f"{name}: {copies[:5]}"


def test_two_builds_of_the_bundled_site_are_identical(bundled, tmp_path):
    again = bundled_site(tmp_path / "again")
    time.sleep(1.1)
    result = again.build(production=True, env={"PYTHONHASHSEED": "4321"})
    assert result.returncode == 0, result.stderr
    first, second = snapshot(bundled.output), snapshot(again.output)
    assert any(name.startswith("pagefind-3/filter/") for name in first)
    different = sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))
    assert not different, f"{len(different)} files differ: {different[:10]}"


def test_a_site_within_the_limit_keeps_one_bundle(site):
    for number in range(3):
        site.write(f"blog/small-{number}.md", post(f"Small post {number}"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in site.output.glob("pagefind*")) == ["pagefind"]
    listed = json.loads((site.output / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    assert listed == {"bundles": []}
    assert len(indexed_urls(site.output / "pagefind")) == 3


def test_a_stale_extra_bundle_from_an_earlier_build_is_removed(site):
    """Pelican run by hand into an output folder that an earlier, bigger build had written."""
    from plugins.search.indexer import index_site

    site.write("blog/one.md", post("One post"))
    assert site.build().returncode == 0
    shutil.copytree(site.output / "pagefind", site.output / "pagefind-2")
    _, bundles, _ = index_site(site.output, "en", pages_per_index=10)
    assert bundles == 1 and not (site.output / "pagefind-2").exists()


@pytest.mark.parametrize("value", ["0", "'many'"])
def test_a_pages_per_index_that_is_not_a_positive_whole_number_is_named(tmp_path, value):
    site = bundled_site(tmp_path / "site")
    settings = site.root / "pelicanconf.py"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"SEARCH_PAGES_PER_INDEX = {value}\n", encoding="utf-8"
    )
    result = site.build()
    assert result.returncode != 0
    assert f"SEARCH_PAGES_PER_INDEX is {value}; it must be a whole number" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


REUSED = re.compile(
    r"search: indexed the site in [0-9.]+ s \((\d+) Pagefind bundles, (\d+) unchanged and copied\)"
)


def development_build(site) -> tuple[int, int]:
    """A development build with progress messages: (bundles, bundles copied from the cache)."""
    command = [sys.executable, "-m", "sitebuild", "build", "--project", str(site.root), "--verbose"]
    result = subprocess.run(
        command, check=False, cwd=REPO, capture_output=True, text=True, timeout=300, encoding="utf-8"
    )
    assert result.returncode == 0, result.stderr
    bundles, reused = REUSED.search(result.stderr).groups()
    return int(bundles), int(reused)


def search_files(site) -> dict[str, str]:
    return {name: digest for name, digest in snapshot(site.output).items() if name.startswith("pagefind")}


def test_a_development_build_indexes_again_only_the_bundle_whose_pages_changed(tmp_path):
    """After an edit, the copied bundles and the one made again equal a build from nothing."""
    site = bundled_site(tmp_path / "site")
    assert development_build(site) == (3, 0)
    assert development_build(site) == (3, 3), "nothing changed: every bundle is copied"
    site.write(  # post 12 is in the second bundle; its new word is in no other post
        "blog/harbour-12.md",
        post(
            "Harbour notes 12", date="2024-03-13", category="Leadership", body="News with the word quayside."
        ),
    )
    assert development_build(site) == (3, 2)
    assert "/blog/harbour-notes-12/" in indexed_urls(site.output / "pagefind-2")
    edited = search_files(site)
    shutil.rmtree(site.root / "cache")
    assert development_build(site) == (3, 0)
    assert search_files(site) == edited, "the same index as a build without the cache"


def test_what_pagefind_reads_from_a_page_is_fingerprinted_and_nothing_else():
    """plugins/search/reuse.py: the marked element, the data-pagefind-* tags and the title."""
    from plugins.search.reuse import indexed_part, page_fingerprint

    def page(body: str, aside: str = "<ul><li>Related</li></ul>", title: str = "Notes") -> bytes:
        return (
            f"<html><head><title>{title}</title></head><body><main>"
            f'<article class="post" data-pagefind-body><h1>Notes</h1>'
            f"<article><p>Nested</p></article>{body}</article>"
            f"<aside>{aside}</aside></main></body></html>"
        ).encode()

    base = page_fingerprint(page("<p>Words.</p>"))
    assert indexed_part(page("<p>Words.</p>")).endswith(b"<p>Words.</p></article>"), "nested ends are counted"
    assert page_fingerprint(page("<p>Words.</p>", aside="<ul><li>Other</li></ul>")) == base
    assert page_fingerprint(page("<p>Other words.</p>")) != base
    assert page_fingerprint(page("<p>Words.</p>", title="Changed")) != base
    filtered = page("<p>Words.</p>", aside='<span hidden data-pagefind-filter="tag:ports"></span>')
    assert page_fingerprint(filtered) != base, "a filter outside the body is read by Pagefind"
    unclosed = b"<div data-pagefind-body><p>Words.</p><aside>Related</aside>"
    assert indexed_part(unclosed) == unclosed, "without its end tag, the element runs to the end"


def test_one_failed_run_of_several_fails_the_build_and_keeps_the_output(bundled, tmp_path):
    """Bundles are indexed two at a time: a Pagefind run that fails for one group still stops the build."""
    before = snapshot(bundled.output)
    real = str(get_executable())
    pagefind = tmp_path / "pagefind"  # fails for the group holding post 12 (the second), runs for the others
    pagefind.write_text(
        "#!/bin/sh\n"
        'if [ -e "$2/blog/harbour-notes-12/index.html" ]; then echo "Error: group two" >&2; exit 4; fi\n'
        f'exec {real} "$@"\n',
        encoding="utf-8",
    )
    pagefind.chmod(0o755)
    result = bundled.build(production=True, env={"PAGEFIND_BINARY_PATH": str(pagefind)})
    assert result.returncode == 1
    assert (
        "The build failed during search indexing: Pagefind failed (exit status 4): Error: group two"
        in result.stderr
    )
    assert snapshot(bundled.output) == before
    assert not list(bundled.root.glob(".output-building-*")), "no staging folder is left behind"


def indexed_text(bundle) -> str:
    """Every page's text as a Pagefind bundle holds it (its fragment files)."""
    texts = []
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        texts.append(json.loads(data)["content"])
    return "\n".join(texts)


def preview_build(site) -> None:
    """A build into the preview's folder, with the preview's settings (SEARCH_INDEX_LATER on)."""
    result = build(site.root, overrides=build_settings("http://127.0.0.1:8000"), output_setting=FOLDER)
    assert result.ok, result.messages


def edit_post_12(site) -> None:
    """Post 12 is in the second bundle; its new word is in no other post."""
    edited = post("Harbour notes 12", date="2024-03-13", category="Leadership", body="The word quayside.")
    site.write("blog/harbour-12.md", edited)


def bundles_of(folder) -> dict[str, str]:
    return {name: digest for name, digest in snapshot(folder).items() if name.startswith("pagefind")}


def test_the_preview_serves_the_pages_first_and_indexes_the_changed_bundle_after(tmp_path):
    """SEARCH_INDEX_LATER: the changed bundle stays the served one until `index_later` puts the new one
    in place, whole; then the search equals a build's from nothing."""
    site = bundled_site(tmp_path / "site")
    served, cache = site.root / "preview", site.root / "cache" / "search"
    preview_build(site)
    second = snapshot(served / "pagefind-2")
    edit_post_12(site)
    preview_build(site)
    assert "quayside" in (served / "blog/harbour-notes-12/index.html").read_text(encoding="utf-8")
    assert snapshot(served / "pagefind-2") == second, "the bundle served before stands in"
    assert index_later(served, cache, "en", stop=lambda: True) == (0, 1), "a change waiting: not now"
    assert index_later(served, cache, "en") == (1, 0)
    assert "quayside" in indexed_text(served / "pagefind-2")
    assert index_later(served, cache, "en") == (0, 0), "nothing is left"
    assert not [path for path in site.root.iterdir() if path.name.startswith(".")], "nothing left beside"
    indexed = bundles_of(served)
    shutil.rmtree(site.root / "cache")
    shutil.rmtree(served)
    preview_build(site)
    assert bundles_of(served) == indexed


def test_a_bundle_whose_pages_changed_since_the_build_is_left_to_the_next_build(tmp_path):
    """A save's quick refresh rewrote a page of the bundle after the build: indexing it now would keep,
    under the build's fingerprint, a bundle of other pages."""
    site = bundled_site(tmp_path / "site")
    served, cache = site.root / "preview", site.root / "cache" / "search"
    preview_build(site)
    edit_post_12(site)
    preview_build(site)
    second = snapshot(served / "pagefind-2")
    page = served / "blog/harbour-notes-12/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("quayside", "slipway"), encoding="utf-8")
    assert index_later(served, cache, "en") == (0, 1)
    assert snapshot(served / "pagefind-2") == second


def test_the_running_preview_brings_the_changed_bundle_up_to_date_after_the_save(tmp_path):
    """`invoke serve` itself: after a save, the bundle standing in is replaced by one with the new text."""
    site = bundled_site(tmp_path / "site")
    with RunningPreview(site) as preview:
        edit_post_12(site)
        saved = "/blog/harbour-notes-12/"
        preview.wait_for(saved, lambda status, text: "quayside" in text, CHANGE_SECONDS, "the saved page")
        deadline = time.monotonic() + CHANGE_SECONDS
        while "quayside" not in indexed_text(site.root / "preview" / "pagefind-2"):
            assert time.monotonic() < deadline, "the search was not brought up to date"
            time.sleep(0.2)
