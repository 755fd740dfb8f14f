"""plugins/assets and bench/static_server.py as plain functions: names, policy, headers, encodings."""

from __future__ import annotations

import runpy

import pytest
from assets.fingerprint import UnknownAsset, asset_url, hashed_name, manifest, theme_files
from assets.headers import (
    content_security_policy,
    headers_file,
    revalidated_patterns,
    script_paths,
    scripts_policy,
)
from assets.hooks import site_policies

from bench.static_server import accepted, headers_for, parse_headers
from tests.conftest import REPO

THEME = {"css/site.css": "css/site.11111111.css", "js/search.js": "js/search.22222222.js"}


def test_a_name_carries_the_hash_of_the_bytes():
    assert hashed_name("css/site.css", b"a") == "css/site.ca978112.css"
    assert hashed_name("css/site.css", b"b") != hashed_name("css/site.css", b"a")
    assert hashed_name("favicon.svg", b"a") == "favicon.ca978112.svg"


def test_theme_files_are_found_as_pelican_copies_them(tmp_path):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.css").write_text("body {}", encoding="utf-8")
    (static / "css" / ".#site.css").write_text("an editor's lock file", encoding="utf-8")
    extra = tmp_path / "robots.txt"
    extra.write_text("User-agent: *", encoding="utf-8")
    files = theme_files([static, extra], ignore=[".#*"])
    assert sorted(files) == ["css/site.css", "robots.txt"]
    names = manifest(files)
    assert asset_url(names, "..", "theme", "css/site.css") == f"../theme/{names['css/site.css']}"
    with pytest.raises(UnknownAsset, match="'css/missing.css'"):
        asset_url(names, "", "theme", "css/missing.css")


def test_the_policy_frames_only_the_configured_hosts_and_the_meta_omits_frame_ancestors():
    policy = content_security_policy(["www.youtube-nocookie.com"])
    assert "frame-src https://www.youtube-nocookie.com https://*.www.youtube-nocookie.com" in policy
    assert policy.endswith("frame-ancestors 'none'")
    meta = content_security_policy([], for_meta=True)
    assert "frame-src 'none'" in meta and "frame-ancestors" not in meta
    assert "unsafe-inline" not in policy + meta


def test_the_scripts_policy_names_the_theme_scripts_and_the_others_by_path_on_any_host():
    paths = script_paths("", "theme", THEME, ["pagefind/pagefind.js"])
    assert paths == ["/theme/js/search.22222222.js", "/pagefind/pagefind.js"]  # no stylesheet
    assert scripts_policy(paths) == (
        "script-src *:*/theme/js/search.22222222.js *:*/pagefind/pagefind.js 'wasm-unsafe-eval'"
    )
    assert scripts_policy([]) == "script-src 'wasm-unsafe-eval'", "no script at all"


def test_script_paths_start_at_the_path_of_siteurl():
    """A page links its scripts relatively in development, absolutely in production: either
    way the browser loads them below SITEURL's path, which the policy must name."""
    for site_url in ("https://www.example.org", "https://www.example.org/", "http://127.0.0.1:8000", ""):
        assert script_paths(site_url, "theme", {}, ["pagefind/pagefind.js"]) == ["/pagefind/pagefind.js"]
    assert script_paths("https://host/site/", "theme", THEME, ["/__preview/live.js"]) == [
        "/site/theme/js/search.22222222.js",
        "/site/__preview/live.js",
    ]


def test_a_path_that_would_end_a_source_or_a_policy_is_percent_encoded():
    policy = scripts_policy(["/theme/js/a b,c;d.js", "/my%20site/pagefind/pagefind.js"])
    assert policy == (
        "script-src *:*/theme/js/a%20b%2Cc%3Bd.js *:*/my%20site/pagefind/pagefind.js 'wasm-unsafe-eval'"
    )


def settings(**changes) -> dict:
    """The project's development settings (pelicanconf.py), with `changes`."""
    values = runpy.run_path(str(REPO / "pelicanconf.py"))
    return {key: value for key, value in values.items() if key.isupper()} | changes


def test_the_site_runs_its_theme_scripts_and_pagefinds_and_the_preview_adds_its_own():
    site, scripts = site_policies(settings(), THEME, for_meta=True)
    assert site == content_security_policy([], for_meta=True)
    assert "script-src 'self' 'wasm-unsafe-eval'" in site
    assert scripts == (
        "script-src *:*/theme/js/search.22222222.js *:*/pagefind/pagefind.js"
        " *:*/pagefind/pagefind-worker.js 'wasm-unsafe-eval'"
    )
    _, without_search = site_policies(settings(SEARCH_INDEX=False), THEME)
    assert without_search == "script-src *:*/theme/js/search.22222222.js 'wasm-unsafe-eval'"
    _, preview = site_policies(settings(EXTRA_SCRIPTS=["/__preview/live.js"]), THEME)
    assert preview.endswith(" *:*/pagefind/pagefind-worker.js *:*/__preview/live.js 'wasm-unsafe-eval'")


def test_production_policies_forbid_framing_start_at_the_sites_path_and_hold_no_comma():
    header = site_policies(settings(SITEURL="https://www.example.org/site"), THEME)
    assert header[0].endswith("; frame-ancestors 'none'") and "frame-ancestors" not in header[1]
    assert header[1].startswith("script-src *:*/site/theme/js/search.22222222.js *:*/site/pagefind/")
    assert not any("," in policy for policy in header), "a comma in a header's value starts another policy"


def test_cache_rules_never_overlap():
    patterns = revalidated_patterns(
        [("blog", True), ("theme", True), ("index.html", False), ("404.html", False), ("robots.txt", False)],
        "theme",
    )
    assert patterns == ["/", "/404.html", "/blog/*"]
    rules = parse_headers(headers_file({"X-Content-Type-Options": "nosniff"}, "theme", patterns))
    assert headers_for(rules, "/theme/css/site.ca978112.css") == {
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "public, max-age=31536000, immutable",
    }
    assert headers_for(rules, "/blog/a-post/")["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert "Cache-Control" not in headers_for(rules, "/robots.txt")


def test_a_header_set_by_two_rules_is_joined_as_a_cdn_joins_it():
    rules = parse_headers(
        "# a comment\n/*\n  X-Robots-Tag: noindex\n\n/static/*\n  X-Robots-Tag: nosnippet\n"
    )
    assert headers_for(rules, "/static/a.css") == {"X-Robots-Tag": "noindex, nosnippet"}


def test_accept_encoding_weights():
    assert accepted("gzip, deflate, br, zstd") == {"gzip", "deflate", "br", "zstd"}
    assert accepted("br;q=0, gzip;q=0.5") == {"gzip"}
    assert accepted("") == set()
