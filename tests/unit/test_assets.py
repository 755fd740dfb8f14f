"""plugins/assets and bench/static_server.py as plain functions: names, policy, headers, encodings."""

from __future__ import annotations

import pytest
from assets.fingerprint import UnknownAsset, asset_url, hashed_name, manifest, theme_files
from assets.headers import content_security_policy, headers_file, revalidated_patterns

from bench.static_server import accepted, headers_for, parse_headers


def test_a_name_carries_the_hash_of_the_bytes():
    assert hashed_name("css/site.css", b"a") == "css/site.ca978112.css"
    assert hashed_name("css/site.css", b"b") != hashed_name("css/site.css", b"a")
    assert hashed_name("favicon.svg", b"a") == "favicon.ca978112.svg"


def test_theme_files_are_found_as_pelican_copies_them(tmp_path):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.css").write_text("body {}")
    (static / "css" / ".#site.css").write_text("an editor's lock file")
    extra = tmp_path / "robots.txt"
    extra.write_text("User-agent: *")
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
