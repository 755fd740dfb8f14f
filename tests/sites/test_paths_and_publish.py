"""`invoke publish` with the real rsync, and the folders publish, clean and build refuse to touch.

Every command runs as a maintainer runs it (`python -m invoke ...` or `python -m
sitebuild ...` in a subprocess) on a small fixture site.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, Site, post, snapshot


def invoke(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run an invoke task of this project, without any PUBLISH_TARGET from the caller's environment."""
    environment = {name: value for name, value in os.environ.items() if name != "PUBLISH_TARGET"}
    return subprocess.run(
        [sys.executable, "-m", "invoke", *arguments],
        check=False,
        cwd=REPO,
        env=environment | (env or {}),
        capture_output=True,
        text=True,
        timeout=300,
    )


def publish(site: Site, *options: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return invoke("publish", "--project", str(site.root), *options, env=env)


@pytest.fixture
def two_posts(site) -> Site:
    site.write("blog/first.md", post("First"))
    site.write("blog/second.md", post("Second", date="2026-03-02"))
    return site


def test_publish_copies_the_built_site_and_removes_pages_the_site_dropped(two_posts, tmp_path):
    target = tmp_path / "www"
    result = publish(two_posts, "--target", str(target))
    assert result.returncode == 0, result.stderr
    assert "Built the site (production settings)" in result.stdout
    assert f"Published {two_posts.output} to {target}:" in result.stdout
    assert snapshot(target) == snapshot(two_posts.output)
    assert (target / "blog/second/index.html").is_file()

    two_posts.write("blog/second.md", post("Second", date="2026-03-02", status="draft"))
    published = snapshot(target)
    dry_run = publish(two_posts, "--target", str(target), "--dry-run")
    assert dry_run.returncode == 0, dry_run.stderr
    assert "nothing was changed" in dry_run.stdout
    assert "  delete  blog/second/index.html" in dry_run.stdout
    assert "  update  index.html" in dry_run.stdout
    assert snapshot(target) == published, "a dry run changes nothing"

    result = publish(two_posts, "--target", str(target))
    assert result.returncode == 0, result.stderr
    assert not (target / "blog/second").exists()
    assert snapshot(target) == snapshot(two_posts.output)


def test_publishing_an_unchanged_site_again_changes_only_what_differs(two_posts, tmp_path):
    target = tmp_path / "www"
    assert publish(two_posts, "--target", str(target)).returncode == 0
    again = publish(two_posts, "--target", str(target), "--dry-run")
    assert again.returncode == 0, again.stderr
    assert "index.html" not in again.stdout, "pages whose bytes did not change are not sent again"


def test_the_target_comes_from_the_option_then_the_environment_then_the_setting(tmp_path):
    site = Site(tmp_path / "site", extra_settings="PUBLISH_TARGET = '/'\n")
    from_setting = publish(site)
    assert "Refusing to publish to /: it is the root folder" in from_setting.stderr
    from_environment = publish(site, env={"PUBLISH_TARGET": str(site.root)})
    assert f"Refusing to publish to {site.root}: it is the project folder itself" in from_environment.stderr
    from_option = publish(site, "--target", str(site.content), env={"PUBLISH_TARGET": str(site.root)})
    assert f"Refusing to publish to {site.content}: it overlaps the content folder" in from_option.stderr


def test_no_target_is_refused_before_building(two_posts):
    result = publish(two_posts)
    assert result.returncode == 1
    assert "No publish target is configured. Give one with --target" in result.stderr
    assert "Traceback" not in result.stderr
    assert not two_posts.output.exists(), "nothing was built"


def test_a_failed_build_publishes_nothing(two_posts, tmp_path):
    target = tmp_path / "www"
    assert publish(two_posts, "--target", str(target)).returncode == 0
    published = snapshot(target)
    two_posts.write("blog/typo.md", post("Typo", category="Leadershp"))
    result = publish(two_posts, "--target", str(target))
    assert result.returncode == 1
    assert "content/blog/typo.md:3: Category 'Leadershp'" in result.stderr
    assert f"Nothing was sent to {target}: the build failed." in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(target) == published


def test_a_site_without_a_home_page_is_not_published(tmp_path):
    site = Site(tmp_path / "site", extra_settings="INDEX_SAVE_AS = ''\n")
    site.write("blog/first.md", post("First"))
    target = tmp_path / "www"
    result = publish(site, "--target", str(target))
    assert result.returncode == 1
    assert f"The built site in {site.output} has no index.html (home page)" in result.stderr
    assert not target.exists()


def test_publish_without_rsync_says_how_to_install_it(two_posts, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    result = publish(two_posts, "--target", str(tmp_path / "www"), env={"PATH": str(empty)})
    assert result.returncode == 1
    assert "rsync is not installed. Install it with `apt-get install rsync`" in result.stderr


def holder_of_files(site: Site) -> str:
    """A folder with files of its own and no index.html: not a published copy of a site."""
    folder = site.root.parent / "documents"
    folder.mkdir(exist_ok=True)
    (folder / "letter.txt").write_text("keep me")
    return str(folder)


DANGEROUS_TARGETS = {
    "root": (lambda site: "/", "it is the root folder"),
    "home": (lambda site: str(Path.home()), "it is the home folder"),
    "home, as ~": (lambda site: "~", "it is the home folder"),
    "project": (lambda site: str(site.root), "it is the project folder itself"),
    "relative project": (lambda site: ".", "it is the project folder itself"),
    "holds the project": (lambda site: str(site.root.parent), "it is a folder holding the project"),
    "content": (lambda site: str(site.content), "it overlaps the content folder"),
    "output": (lambda site: str(site.output), "it overlaps the output folder"),
    "inside output": (lambda site: str(site.output / "blog"), "it overlaps the output folder"),
    "cache": (lambda site: str(site.root / "cache"), "it overlaps the cache folder"),
    "inside cache": (lambda site: str(site.root / "cache" / "x"), "it overlaps the cache folder"),
    "inside the project": (lambda site: str(site.root / "theme"), "it is inside the project"),
    "someone's files": (holder_of_files, "it holds files but no index.html"),
    "remote home": (lambda site: "deploy@example.org:", "it names the remote home or root folder"),
    "remote ~": (lambda site: "deploy@example.org:~/", "it names the remote home or root folder"),
    "remote root": (lambda site: "example.org:/", "it names the remote home or root folder"),
}


@pytest.mark.parametrize("case", DANGEROUS_TARGETS)
def test_a_dangerous_target_is_refused_before_anything_runs(two_posts, case):
    target_of, reason = DANGEROUS_TARGETS[case]
    target = target_of(two_posts)
    before = snapshot(two_posts.root.parent)
    result = publish(two_posts, "--target", target)
    assert result.returncode == 1
    assert "Refusing to publish to " in result.stderr and reason in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(two_posts.root.parent) == before, "nothing was built, written or deleted"


# Misconfigured OUTPUT_PATH values, and the reason each is refused.
DANGEROUS_OUTPUTS = {
    "empty": ("None", "OUTPUT_PATH is empty"),
    "blank, which Pelican reads as the project": ("''", "it is the project folder itself"),
    "root": ("'/'", "it is the root folder"),
    "home": (repr(str(Path.home())), "it is the home folder"),
    "project": ("'.'", "it is the project folder itself"),
    "holds the project": ("'..'", "it is a folder holding the project"),
    "content": ("'content'", "it overlaps the content folder"),
    "outside the project": ("'../elsewhere'", "it is outside the project"),
}

COMMANDS = {
    "build": lambda site: site.build(),
    "clean": lambda site: invoke("clean", "--project", str(site.root)),
    "publish": lambda site: publish(site, "--target", str(site.root.parent / "www")),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", DANGEROUS_OUTPUTS)
def test_a_dangerous_output_path_is_refused_before_anything_is_touched(tmp_path, case, command):
    setting, reason = DANGEROUS_OUTPUTS[case]
    site = Site(tmp_path / "site", extra_settings=f"OUTPUT_PATH = {setting}\n")
    site.write("blog/first.md", post("First"))
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "keep.txt").write_text("keep me")
    before = snapshot(tmp_path)
    result = COMMANDS[command](site)
    assert result.returncode == 1
    assert (
        reason in result.stderr
        and "Set OUTPUT_PATH to a folder of its own inside the project" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before


def test_clean_checks_both_folders_before_deleting_either(site):
    site.write("blog/first.md", post("First"))
    assert site.build().returncode == 0
    settings = site.root / "pelicanconf.py"
    settings.write_text(settings.read_text() + "CACHE_PATH = 'content'\n")
    before = snapshot(site.root)
    result = invoke("clean", "--project", str(site.root))
    assert result.returncode == 1
    assert f"Refusing to use {site.content} as CACHE_PATH: it overlaps the content folder" in result.stderr
    assert snapshot(site.root) == before, "the output folder was not deleted either"


def test_clean_deletes_the_output_and_cache_folders(site):
    site.write("blog/first.md", post("First"))
    assert site.build().returncode == 0
    assert (site.root / "cache").is_dir()
    result = invoke("clean", "--project", str(site.root))
    assert result.returncode == 0, result.stderr
    assert f"Removed {site.output}, {site.root / 'cache'}" in result.stdout
    assert not site.output.exists() and not (site.root / "cache").exists()
    assert (site.content / "blog/first.md").is_file()
