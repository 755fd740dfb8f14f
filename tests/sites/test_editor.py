"""The browser editor's files in a build: only when turned on, made from the settings' lists each build."""

from __future__ import annotations

import json

from editor.config import editor_policy

from bench.static_server import headers_for, parse_headers
from tests.conftest import Site, post

GITHUB = 'EDITOR_BACKEND = {"name": "github", "repo": "association/site", "branch": "main"}\n'


def config_of(site: Site) -> dict:
    return json.loads((site.output / "admin" / "config.yml").read_text(encoding="utf-8"))


def options(config: dict, collection: str, field: str) -> list[str]:
    form = next(item for item in config["collections"] if item["name"] == collection)
    return next(item for item in form["fields"] if item["name"] == field)["options"]


def policies(site: Site, url: str) -> list[str]:
    return [meta["content"] for meta in site.page(url).select('meta[http-equiv="Content-Security-Policy"]')]


def test_no_editor_is_published_unless_a_backend_is_set(site):
    site.write("blog/a.md", post("A post"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert not (site.output / "admin").exists()


def test_the_editor_offers_the_settings_lists_of_the_build_and_leaves_the_pages_policies_alone(tmp_path):
    plain = Site(tmp_path / "plain")
    plain.write("blog/a.md", post("A post", series="President's blog"))
    assert plain.build().returncode == 0

    site = Site(tmp_path / "site", extra_settings=GITHUB + 'CATEGORIES = ["Leadership", "SEND"]\n')
    site.write("blog/a.md", post("A post", category="SEND", series="President's blog"))
    result = site.build()
    assert result.returncode == 0, result.stderr

    config = config_of(site)
    assert config["backend"] == {"name": "github", "repo": "association/site", "branch": "main"}
    assert config["publish_mode"] == "editorial_workflow"
    assert options(config, "blog", "category") == ["Leadership", "SEND"]
    assert options(config, "blog", "series") == ["President's blog"]
    assert [form["folder"] for form in config["collections"]][:2] == [
        "content/blog",
        "content/regional-updates",
    ]
    page = (site.output / "admin" / "index.html").read_text(encoding="utf-8")
    assert "https://api.github.com" in page and "noindex" in page
    assert (site.output / "admin" / "decap-cms.js").is_file()
    assert (site.output / "admin" / "site-editor.js").is_file()
    assert policies(site, "/blog/a-post/") == policies(plain, "/blog/a-post/")

    (site.root / "pelicanconf.py").write_text(
        (site.root / "pelicanconf.py").read_text(encoding="utf-8").replace('"SEND"]', '"SEND", "Workforce"]'),
        encoding="utf-8",
    )
    assert site.build().returncode == 0
    assert options(config_of(site), "blog", "category") == ["Leadership", "SEND", "Workforce"]


def test_a_page_cannot_take_the_editors_address(site):
    site.write("pages/admin.md", "Title: Admin\n\nA page at the editor's address.\n")
    result = site.build()
    assert result.returncode == 1
    assert "admin" in result.stderr and "pages/admin.md" in result.stderr


def test_the_cdn_sends_the_editor_its_own_policy_and_every_other_path_the_sites_alone(tmp_path):
    sites = {}
    for name, settings in (("plain", ""), ("editor", GITHUB)):
        sites[name] = Site(tmp_path / name, extra_settings=settings)
        sites[name].write("blog/a.md", post("A post"))
        result = sites[name].build(production=True)
        assert result.returncode == 0, result.stderr
    rules = {
        name: parse_headers((site.output / "_headers").read_text(encoding="utf-8"))
        for name, site in sites.items()
    }

    editor = headers_for(rules["editor"], "/admin/")
    assert editor["Content-Security-Policy"] == editor_policy({"name": "github"}, for_meta=False)
    assert "frame-ancestors 'none'" in editor["Content-Security-Policy"]
    for path in ("/", "/blog/a-post/", "/404.html", "/theme/css/site.css", "/pagefind/pagefind.js"):
        assert headers_for(rules["editor"], path) == headers_for(rules["plain"], path), path
