"""Front matter by allowlist: only a kind's own keys reach Pelican; keys that would act on it are refused.

Pelican copies every metadata key onto the content object and reads some as
instructions (the text itself, the template, where the page is written). A
comms account's pull request must not be able to use them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from content_model.kinds import KINDS
from content_model.rules import PELICAN_NAMES, SITE_NAMES

from tests.conftest import REPO, post

# Keys that would take over the page: each is refused by name, on its line.
TAKEOVERS = {
    "_content": "<script>alert(1)</script>",
    "Template": "page",
    "Override_save_as": "index.html",
    "Override_url": "https://evil.example/",
    "Structured_data": "</script><script>alert(1)</script>",
    "Timezone": "Mars/Olympus_Mons",
    "Date_format": "%s",
    "Translation": "true",
    "Kind": "pages",
    "Related_articles": "x",
}


def test_keys_that_would_act_on_pelican_are_refused_by_name_on_their_lines(site):
    fields = "\n".join(f"{key}: {value}" for key, value in TAKEOVERS.items())
    site.write(
        "blog/takeover.md",
        f"Title: Takeover\nDate: 2026-03-01\nCategory: General\nAuthors: Ann\n{fields}\n\nText.\n",
    )
    result = site.build()
    assert result.returncode == 1
    for line, key in enumerate(TAKEOVERS, start=5):
        assert f"content/blog/takeover.md:{line}: {key} is a " in result.stderr, key
    assert "Remove the line." in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.output.exists()


def test_other_keys_are_kept_in_the_file_but_never_reach_the_page(site):
    """An archive's own metadata (a legacy id), and another kind's keys, build; the page shows neither."""
    site.write(
        "blog/archived.md",
        post(
            "Archived", legacy_id="cms-1234", booking="javascript:alert(1)", start="not a time", body="Text."
        ),
    )
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = (site.output / "blog/archived/index.html").read_text(encoding="utf-8")
    assert "cms-1234" not in page and "javascript:" not in page and "not a time" not in page


# Builds the example site in a process of its own (Pelican's plugins connect to signals for
# good) and prints the names each content object holds once the pages are written.
COLLECT = """
import json, sys
from pelican.settings import read_settings
from sitebuild.pipeline import SiteBuild

repo, output = sys.argv[1:]
overrides = {"PATH": repo + "/content", "OUTPUT_PATH": output, "CACHE_CONTENT": False,
             "LOAD_CONTENT_CACHE": False, "WRITING_PROCESSES": 1, "SEARCH_INDEX": False,
             "PLUGIN_PATHS": [repo + "/plugins"], "THEME": repo + "/theme"}
build = SiteBuild(read_settings(repo + "/pelicanconf.py", override=overrides))
generators = build.read()
build.write(generators)
names = {}
for generator in generators:
    for list_name in ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages"):
        for content in getattr(generator, list_name, []):
            names[content.source_path] = sorted(vars(content))
print(json.dumps(names))
"""


@pytest.fixture(scope="module")
def names_on_built_objects(tmp_path_factory) -> dict[str, list[str]]:
    output = tmp_path_factory.mktemp("keys-output")
    command = [sys.executable, "-c", COLLECT, str(REPO), str(output)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    names = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(names) > 30, "every content object of the example site"
    return names


def test_every_name_on_a_built_object_is_a_key_of_its_kind_or_reserved(names_on_built_objects):
    """SITE_NAMES lists what the plugins add to content objects: a plugin adding a name must list it."""
    keys = {key for kind in KINDS.values() for key in kind.keys}
    for path, names in names_on_built_objects.items():
        unknown = {
            name
            for name in names
            if not name.startswith("_") and name not in keys | PELICAN_NAMES | SITE_NAMES
        }
        assert not unknown, f"{path} has {sorted(unknown)}: add them to rules.SITE_NAMES"
