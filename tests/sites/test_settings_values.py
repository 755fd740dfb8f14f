"""Settings values a careless pull request could carry: none writes outside the site or loosens its policy.

(The build folders and publish targets are tests/sites/test_paths_and_publish.py's.)
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO, Site, post


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [
        ("HEADERS_SAVE_AS", "../escaped-headers", "HEADERS_SAVE_AS is '../escaped-headers'"),
        ("SITEMAP_SAVE_AS", "../escaped-sitemap.xml", "SITEMAP_SAVE_AS is '../escaped-sitemap.xml'"),
        (
            "ROBOTS_SAVE_AS",
            "../output-escaped/robots.txt",
            "ROBOTS_SAVE_AS is '../output-escaped/robots.txt'",
        ),
        ("SHARING_IMAGE_SAVE_AS", "../escaped-sharing.png", "SHARING_IMAGE_SAVE_AS is '../escaped-sharing.png'"),
    ],
)
def test_a_file_setting_cannot_write_outside_the_output_folder(tmp_path, setting, value, named):
    site = Site(tmp_path / "site", extra_settings=f"{setting} = {value!r}\n")
    site.write("blog/a.md", post("A"))
    result = site.build(production=True)
    assert result.returncode == 1
    assert named in result.stderr and "outside the output folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.output.exists()
    assert not [path for path in tmp_path.rglob("*escaped*")], "nothing was written outside the site"


@pytest.mark.parametrize(
    "host", ["x; script-src *", "https://www.youtube.com", "*", "youtube.com/embed", "a b"]
)
def test_iframe_hosts_must_be_host_names(site, host):
    site.write("pages/about.md", "Title: About\n\nWords.\n")
    (site.root / "pelicanconf.py").write_text(
        (site.root / "pelicanconf.py").read_text(encoding="utf-8") + f"IFRAME_HOSTS = [{host!r}]\n",
        encoding="utf-8",
    )
    result = site.build()
    assert result.returncode == 1
    assert f"IFRAME_HOSTS in pelicanconf.py holds {host!r}, which is not a host name" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ('EDITOR_BACKEND = "github"\n', "EDITOR_BACKEND is 'github', not a dict"),
        ('EDITOR_BACKEND = {"repo": "a/b"}\n', "EDITOR_BACKEND's name is None"),
        ('EDITOR_BACKEND = {"name": "github"}\n', "EDITOR_BACKEND for github needs 'repo'"),
        (
            'EDITOR_BACKEND = {"name": "github", "repo": "a/b", "branch": ["main"]}\n',
            "EDITOR_BACKEND's 'branch' is ['main']: give each value as text",
        ),
        (
            'EDITOR_BACKEND = {"name": "github", "repo": "a/b"}\nEDITOR_SAVE_AS = "../escaped/index.html"\n',
            "EDITOR_SAVE_AS is '../escaped/index.html', which is outside the output folder",
        ),
        (
            'EDITOR_BACKEND = {"name": "github", "repo": "a/b"}\nEDITOR_SAVE_AS = "editor.html"\n',
            "EDITOR_SAVE_AS is 'editor.html': give it a folder of its own",
        ),
        (
            'EDITOR_BACKEND = {"name": "github", "repo": "a/b"}\nEDITOR_CONTENT_PATH = "../x"\n',
            "EDITOR_CONTENT_PATH is '../x'",
        ),
    ],
)
def test_a_browser_editor_setting_that_cannot_work_is_named_with_its_fix(tmp_path, settings, said):
    site = Site(tmp_path / "site", extra_settings=settings)
    site.write("blog/a.md", post("A"))
    result = site.build()
    assert result.returncode == 1
    assert said in result.stderr
    assert "Traceback" not in result.stderr
    assert not [path for path in tmp_path.rglob("*escaped*")], "nothing was written outside the site"


def test_invoke_check_names_an_editor_setting_the_build_refuses(tmp_path):
    site = Site(tmp_path / "site", extra_settings='EDITOR_BACKEND = "github"\n')
    site.write("blog/a.md", post("A"))
    command = [sys.executable, "-m", "invoke", "check", "--project", str(site.root)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, encoding="utf-8")
    assert result.returncode == 1
    assert "EDITOR_BACKEND is 'github', not a dict" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
