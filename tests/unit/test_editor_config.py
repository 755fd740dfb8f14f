"""The browser editor's configuration and page policy as plain functions (plugins/editor/config.py):
no build."""

from __future__ import annotations

import json
import re

import pytest
from content_model.kinds import KINDS
from content_model.rules import RELATABLE, STATUSES, Vocabulary
from editor.config import Choices, api_origin, editor_config, editor_policy

BACKEND = {"name": "github", "repo": "acsd/site", "branch": "main"}
SERIES = ("President's blog",)


@pytest.fixture
def choices(tmp_path) -> Choices:
    vocabulary = Vocabulary(
        categories=("Leadership", "SEND"),
        regions=("North West", "London"),
        publication_types=("Report",),
        content_root=tmp_path,
    )
    return Choices(vocabulary, series=SERIES)


def collections(choices: Choices, **options) -> dict[str, dict]:
    return {form["name"]: form for form in editor_config(choices, BACKEND, **options)["collections"]}


def fields(form: dict) -> dict[str, dict]:
    return {field["name"]: field for field in form["fields"]}


def matches(field: dict, value: str) -> bool:
    return re.search(field["pattern"][0], value) is not None


def policy(backend: dict) -> dict[str, str]:
    directives = (directive.split(" ", 1) for directive in editor_policy(backend).split("; "))
    return {name: value for name, value in directives}


# -- collections ------------------------------------------------------------------


@pytest.mark.parametrize(("content", "prefix"), [("", ""), ("content/", "content/")])
def test_one_collection_per_kind_in_order_in_the_kinds_folder(choices, content, prefix):
    forms = editor_config(choices, BACKEND, content=content)["collections"]
    assert [form["name"] for form in forms] == list(KINDS)
    assert [form["folder"] for form in forms] == [f"{prefix}{folder}" for folder in KINDS]
    for form in forms:
        assert (form["format"], form["extension"]) == ("site-front-matter", "md")


def test_only_blog_and_regional_updates_are_filed_by_year(choices):
    paths = {name: form.get("path") for name, form in collections(choices).items()}
    assert paths == {
        "blog": "{{year}}/{{slug}}",
        "regional-updates": "{{year}}/{{slug}}",
        "events": None,
        "publications": None,
        "pages": None,
    }


# -- fields -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_the_form_has_a_field_for_every_key_the_kind_reads_and_then_the_text(choices, kind):
    form_fields = collections(choices)[kind.folder]["fields"]
    assert form_fields[-1] == {"name": "body", "label": "Text", "widget": "markdown"}
    names = [field["name"] for field in form_fields[:-1]]
    assert len(names) == len(set(names))
    assert set(names) == kind.keys - {"author"}


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_exactly_the_keys_the_kind_requires_are_required_in_the_form(choices, kind):
    by_name = fields(collections(choices)[kind.folder])
    del by_name["body"]
    for key in kind.required:
        assert by_name[key].get("required", True) is not False, key
    optional = {name for name, field in by_name.items() if field.get("required") is False}
    assert optional == set(by_name) - set(kind.required)


def test_selects_offer_exactly_the_settings_lists_and_the_series(choices):
    blog = fields(collections(choices)["blog"])
    publication = fields(collections(choices)["publications"])
    assert blog["category"]["options"] == ["Leadership", "SEND"]
    assert blog["region"]["options"] == ["North West", "London"]
    assert blog["series"]["options"] == list(SERIES)
    assert blog["relatable"]["options"] == list(RELATABLE)
    assert publication["type"]["options"] == ["Report"]
    assert publication["category"]["options"] == ["Leadership", "SEND"]


def test_status_offers_the_statuses_and_starts_as_draft_without_the_workflow(choices):
    for form in collections(choices).values():
        status = fields(form)["status"]
        assert (status["widget"], status["options"], status["default"]) == ("select", list(STATUSES), "draft")


def test_status_starts_as_published_with_the_workflow(choices):
    assert fields(collections(choices, workflow=True)["blog"])["status"]["default"] == "published"


def test_dates_are_datetime_widgets_written_as_the_rules_read_them(choices):
    forms = collections(choices)
    dated = [fields(forms["blog"])["date"], fields(forms["events"])["start"], fields(forms["events"])["end"]]
    for field in dated:
        assert (field["widget"], field["format"]) == ("datetime", "YYYY-MM-DD HH:mm")


@pytest.mark.parametrize(("kind", "key"), [("events", "booking"), ("publications", "link")])
def test_addresses_must_be_full_https_addresses(choices, kind, key):
    field = fields(collections(choices)[kind])[key]
    assert matches(field, "https://example.org/x")
    assert not matches(field, "http://example.org")
    assert not matches(field, "example.org")


def test_slug_must_be_lower_case_words_joined_by_hyphens(choices):
    for form in collections(choices).values():
        slug = fields(form)["slug"]
        assert matches(slug, "my-post-2")
        assert not matches(slug, "My Post")
        assert not matches(slug, "my--post")


def test_year_must_be_four_digits(choices):
    year = fields(collections(choices)["publications"])["year"]
    assert matches(year, "2026")
    assert not matches(year, "26")
    assert not matches(year, "20266")


@pytest.mark.parametrize(
    ("content", "files", "images"),
    [("", "/files", "/images"), ("content/", "/content/files", "/content/images")],
)
def test_uploads_go_to_the_content_folders_files_and_images(choices, content, files, images):
    forms = collections(choices, content=content)
    assert fields(forms["publications"])["file"]["media_folder"] == files
    assert {form["media_folder"] for form in forms.values()} == {images}


# -- the whole configuration ------------------------------------------------------


def test_the_backend_is_passed_through_unchanged(choices):
    backend = {"name": "gitlab", "repo": "acsd/site", "base_url": "https://auth.example.org"}
    assert editor_config(choices, backend)["backend"] == backend


def test_publish_mode_is_the_editorial_workflow_only_with_the_workflow(choices):
    assert "publish_mode" not in editor_config(choices, BACKEND)
    assert editor_config(choices, BACKEND, workflow=True)["publish_mode"] == "editorial_workflow"


@pytest.mark.parametrize("workflow", [False, True])
def test_the_configuration_can_be_written_as_json(choices, workflow):
    config = editor_config(choices, BACKEND, "content/", workflow, preview="__preview/source/")
    assert json.loads(json.dumps(config, allow_nan=False))["collections"][0]["name"] == "blog"


# -- the editor page's policy -----------------------------------------------------


@pytest.mark.parametrize("backend", [{"name": "github"}, {"name": "gitlab"}, {"name": "proxy"}])
def test_scripts_come_from_the_site_only_and_are_never_inline(backend):
    assert policy(backend)["script-src"] == "'self' 'unsafe-eval'"


@pytest.mark.parametrize(
    ("name", "api"), [("github", "https://api.github.com"), ("gitlab", "https://gitlab.com")]
)
def test_the_editor_may_talk_to_its_repository_services_api(name, api):
    assert policy({"name": name})["connect-src"].split() == ["'self'", api]


def test_an_https_base_url_is_added_to_the_hosts_the_editor_may_talk_to():
    connect = policy({"name": "github", "base_url": "https://auth.example.org/"})["connect-src"].split()
    assert "https://auth.example.org" in connect


@pytest.mark.parametrize("base_url", ["javascript:x", "http://x", "data:text/html,x", 42])
def test_a_base_url_that_is_not_https_is_not_added(base_url):
    assert policy({"name": "github", "base_url": base_url})["connect-src"].split() == [
        "'self'",
        "https://api.github.com",
    ]


def test_the_local_proxy_editor_talks_to_the_site_only():
    assert policy({"name": "proxy", "proxy_url": "/__preview/editor"})["connect-src"] == "'self'"


@pytest.mark.parametrize(
    ("value", "source"),
    [
        ("https://gitlab.example.org/api/v4", "https://gitlab.example.org"),
        ("https://Auth.Example.org:8443/", "https://auth.example.org:8443"),
        ("https://auth.example.org; script-src *", None),
        ("https://auth.example.org script-src", None),
        ("https://auth.example.org:port", None),
        ("https://*.example.org", None),
        ("http://auth.example.org", None),
        ("auth.example.org", None),
        (["https://auth.example.org"], None),
    ],
)
def test_a_backend_address_enters_the_policy_only_as_an_https_host(value, source):
    assert api_origin(value) == source
