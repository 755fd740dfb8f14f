"""What a production build gives the CDN: hashed theme files, .gz and .br copies, `_headers`, one CSP."""

from __future__ import annotations

import gzip
import hashlib
import re
import runpy
import shutil
from pathlib import Path

import brotli
import pytest
from bs4 import BeautifulSoup

from bench.static_server import headers_for, parse_headers
from tests.conftest import REPO, SITEURL, post

THEME_REFERENCE = re.compile(r"""/theme/[^"'\s>)]+""")  # any address below /theme/ in a page's text
HASHED = re.compile(r"/theme/(?:[\w-]+/)*[\w-]+\.([0-9a-f]{8})\.\w+")
COMPRESSED = (".gz", ".br")
TEXT = {".html", ".css", ".js", ".json", ".xml", ".atom", ".ics", ".svg", ".txt"}
MIN_SIZE = 256  # PRECOMPRESS_MIN_SIZE in publishconf.py
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"


def pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def published(output: Path) -> list[Path]:
    """Every file the build published, without the compressed copies."""
    return [path for path in sorted(output.rglob("*")) if path.is_file() and path.suffix not in COMPRESSED]


def compressed_copies(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.suffix in COMPRESSED
    }


def directives(policy: str) -> list[str]:
    return [directive.strip() for directive in policy.split(";") if directive.strip()]


def small_site(site):
    for number in range(3):
        site.write(
            f"blog/post-{number}.md",
            post(f"Post number {number}", body=f"Words about peer challenge {number}."),
        )
    site.write("pages/about.md", "Title: About\n\nAbout the association.\n")
    return site


# --- Hashed theme files -------------------------------------------------------------


def test_pages_name_theme_files_only_by_their_content_hash(example):
    referenced = set()
    for page in pages(example.output):
        for address in THEME_REFERENCE.findall(page.read_text(encoding="utf-8")):
            match = HASHED.fullmatch(address)
            assert match, f"{page.relative_to(example.output)} names an unhashed theme file: {address}"
            file = example.output / address.lstrip("/")
            assert file.is_file(), f"{address} is named but was not published"
            assert hashlib.sha256(file.read_bytes()).hexdigest()[:8] == match.group(1), (
                f"{address}: stale hash"
            )
            referenced.add(file)
    names = {file.name.split(".")[0] + file.suffix for file in referenced}
    assert {"site.css", "search.js", "favicon.svg"} <= names
    theme_files = {path for path in published(example.output / "theme")}
    assert theme_files == referenced, "the theme publishes only hashed files, each of them used"


def test_a_changed_stylesheet_gets_a_new_name_and_the_rest_keep_theirs(site):
    theme = site.root / "theme"
    shutil.copytree(REPO / "theme", theme)
    site = type(site)(site.root, extra_settings=f"THEME = {str(theme)!r}\n")
    small_site(site)

    def theme_names() -> set[str]:
        assert (result := site.build(production=True)).returncode == 0, result.stderr
        return {path.relative_to(site.output).as_posix() for path in published(site.output / "theme")}

    before = theme_names()
    stylesheet = theme / "static" / "css" / "site.css"
    stylesheet.write_text(
        stylesheet.read_text(encoding="utf-8") + "\n.changed { color: inherit; }\n", encoding="utf-8"
    )
    after = theme_names()
    [old_css] = [name for name in before if name.startswith("theme/css/site.")]
    [new_css] = [name for name in after if name.startswith("theme/css/site.")]
    assert old_css != new_css
    assert before - {old_css} == after - {new_css}, "the other theme files keep their names"
    assert f"{SITEURL}/{new_css}" in site.page("/").decode()


# --- Precompressed copies -------------------------------------------------------------


def test_text_files_have_gzip_and_brotli_copies_with_the_same_bytes(example):
    checked = set()
    for file in published(example.output):
        if file.suffix not in TEXT or file.stat().st_size < MIN_SIZE:
            continue
        data = file.read_bytes()
        gz, br = file.with_name(file.name + ".gz"), file.with_name(file.name + ".br")
        assert gz.is_file() and br.is_file(), f"{file.relative_to(example.output)} has no compressed copies"
        assert gzip.decompress(gz.read_bytes()) == data
        assert brotli.decompress(br.read_bytes()) == data
        assert br.stat().st_size < gz.stat().st_size < len(data)
        checked.add(file.suffix)
    assert {".html", ".css", ".js", ".xml", ".ics", ".svg"} <= checked


def test_brotli_copies_use_the_configured_quality_not_the_plugins_slowest(example):
    """pelican-precompress's own quality 11 would take minutes on a big site (plugins/assets/compression.py)."""
    page = example.output / "index.html"
    copy = page.with_name("index.html.br").read_bytes()
    quality = runpy.run_path(str(REPO / "publishconf.py"))["PRECOMPRESS_BROTLI_QUALITY"]
    assert copy == brotli.compress(page.read_bytes(), mode=brotli.MODE_TEXT, quality=quality)
    assert copy != brotli.compress(page.read_bytes(), mode=brotli.MODE_TEXT, quality=11)


def test_only_text_files_are_compressed_and_pagefinds_own_files_are_left_alone(example):
    pagefind = list((example.output / "pagefind").rglob("*.pf_*"))
    assert pagefind, "Pagefind indexed the site"
    for copy in compressed_copies(example.output):
        original = Path(copy).with_suffix("")
        assert original.suffix in TEXT, f"{copy}: only text files get compressed copies"
        assert ".pf_" not in copy and not copy.endswith(".pagefind.gz")


def test_compressed_copies_are_the_same_on_every_build(site):
    """gzip headers can carry the time of compression; two builds must still give the same bytes."""
    small_site(site)
    assert (result := site.build(production=True)).returncode == 0, result.stderr
    first = compressed_copies(site.output)
    assert any(name.endswith(".html.gz") for name in first) and any(
        name.endswith(".css.br") for name in first
    )
    assert (result := site.build(production=True)).returncode == 0, result.stderr
    second = compressed_copies(site.output)
    assert second.keys() == first.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_development_builds_write_no_copies_and_no_headers(site):
    small_site(site)
    assert (result := site.build()).returncode == 0, result.stderr
    assert not compressed_copies(site.output)
    assert not (site.output / "_headers").exists()
    assert HASHED.search(site.page("/").decode()), "the preview uses the hashed names too"


# --- _headers and the Content-Security-Policy ------------------------------------------


@pytest.fixture(scope="module")
def rules(example):
    return parse_headers((example.output / "_headers").read_text(encoding="utf-8"))


def test_every_path_gets_the_security_headers(example, rules):
    everywhere = headers_for(rules, "/anything")
    assert everywhere["X-Content-Type-Options"] == "nosniff"
    assert everywhere["Referrer-Policy"] == "strict-origin-when-cross-origin"
    denied = everywhere["Permissions-Policy"].split(", ")
    assert {"camera=()", "microphone=()", "geolocation=()", "interest-cohort=()"} <= set(denied)
    site_policy, scripts_policy = everywhere["Content-Security-Policy"].split(", ")  # two policies
    assert directives(site_policy) == [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self'",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    assert scripts_policy == (
        f"script-src *:*/{theme_script(example.output, 'js/search.js')} *:*/pagefind/pagefind.js"
        " *:*/pagefind/pagefind-worker.js 'wasm-unsafe-eval'"
    )


def theme_script(output: Path, name: str) -> str:
    """The published path of theme script `name` ('theme/js/search.3f2a9c1b.js'), which must exist."""
    folder, stem = (output / "theme" / name).parent, Path(name).stem
    (found,) = folder.glob(f"{stem}.*.js")
    return found.relative_to(output).as_posix()


def test_hashed_files_are_cached_for_a_year_and_everything_else_is_revalidated(example, rules):
    """Each published file gets exactly one Cache-Control rule (a CDN joins two into nonsense)."""
    for file in published(example.output):
        relative = file.relative_to(example.output).as_posix()
        if "/" not in relative and not relative.endswith(".html"):
            continue  # robots.txt, sitemap.xml: the host's default (revalidate) is right for them
        address = "/" + relative.removesuffix("index.html")
        cache = headers_for(rules, address).get("Cache-Control")
        expected = IMMUTABLE if relative.startswith("theme/") else REVALIDATE
        assert cache == expected, f"{address}: Cache-Control {cache!r}"


def test_every_page_carries_the_same_policies_in_meta_tags_before_anything_loads(example, rules):
    header = [directives(policy) for policy in headers_for(rules, "/")["Content-Security-Policy"].split(", ")]
    expected = [[item for item in policy if not item.startswith("frame-ancestors")] for policy in header]
    assert [len(policy) for policy in expected] == [len(header[0]) - 1, len(header[1])]
    for page in pages(example.output):
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        metas = head.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert [directives(meta["content"]) for meta in metas] == expected, page.relative_to(example.output)
        loads = head.find(["link", "script", "style"])
        assert loads is None or all(meta in loads.find_all_previous("meta") for meta in metas)


def test_no_page_has_inline_code_or_styles_for_the_policy_to_block(example):
    problems = []
    for page in pages(example.output):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        name = page.relative_to(example.output).as_posix()
        for script in soup.find_all("script"):
            if not script.get("src") and script.get("type") != "application/ld+json":
                problems.append(f"{name}: inline script {str(script)[:60]}")
        problems += [f"{name}: <style> element" for _ in soup.find_all("style")]
        for element in soup.find_all(True):
            bad = [
                attribute for attribute in element.attrs if attribute == "style" or attribute.startswith("on")
            ]
            problems += [f"{name}: {attribute}= on <{element.name}>" for attribute in bad]
    assert not problems, "\n".join(problems[:20])
