"""`invoke publish` with the real rsync, and the folders and targets build, clean, serve and publish refuse.

Every command runs as a maintainer runs it (`python -m invoke ...` or `python -m
sitebuild ...` in a subprocess) on a small fixture site. The rules themselves, in
all their spellings, are unit-tested in tests/unit/test_build_folders.py and
tests/unit/test_publish_targets.py; these tests show each command applies them
before it touches anything.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SITEURL, Site, post, snapshot


def invoke(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run an invoke task of this project for the tests' SITEURL, without the caller's PUBLISH_TARGET.

    `env` adds environment variables; a value of None removes one.
    """
    environment = {name: value for name, value in os.environ.items() if name != "PUBLISH_TARGET"}
    environment = environment | {"SITEURL": SITEURL} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "invoke", *arguments],
        check=False,
        cwd=REPO,
        env={name: value for name, value in environment.items() if value is not None},
        capture_output=True,
        text=True,
        timeout=300,
        encoding="utf-8",
    )


def publish(site: Site, *options: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return invoke("publish", "--project", str(site.root), *options, env=env)


def serve(site: Site) -> subprocess.CompletedProcess:
    """`invoke serve` as far as its folder checks: a refused folder ends it at once."""
    command = [sys.executable, "-m", "sitebuild", "serve", "--project", str(site.root), "--port", "0"]
    return subprocess.run(
        command, check=False, cwd=REPO, capture_output=True, text=True, timeout=60, encoding="utf-8"
    )


def add_settings(site: Site, text: str) -> None:
    settings = site.root / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + text, encoding="utf-8")


def assert_refused_in_one_line(result: subprocess.CompletedProcess, *phrases: str) -> None:
    """Exit status 1, no traceback, and the refusal's first line holds every phrase."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    first = result.stderr.strip().splitlines()[0]
    for phrase in phrases:
        assert phrase in first, (phrase, result.stderr)


@pytest.fixture
def two_posts(site) -> Site:
    site.write("blog/first.md", post("First"))
    site.write("blog/second.md", post("Second", date="2026-03-02"))
    return site


# --- Publishing ---------------------------------------------------------------------


def test_publish_copies_the_built_site_and_removes_pages_the_site_dropped(two_posts, tmp_path):
    target = tmp_path / "www"
    result = publish(two_posts, "--target", str(target))
    assert result.returncode == 0, result.stderr
    assert "Built the site (production settings)" in result.stdout
    assert f"Published {two_posts.output} to {target}:" in result.stdout
    assert snapshot(target) == snapshot(two_posts.output)
    assert (target / "blog/second/index.html").is_file()
    assert f"{SITEURL}/blog/second/" in (target / "index.html").read_text(encoding="utf-8")

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


def test_the_built_site_and_a_new_target_folder_are_readable_by_a_web_server(two_posts, tmp_path):
    target = tmp_path / "www"
    result = publish(two_posts, "--target", str(target))
    assert result.returncode == 0, result.stderr
    for built in (two_posts.output, target):
        folders = [built, *(path for path in built.rglob("*") if path.is_dir())]
        assert {oct(folder.stat().st_mode & 0o777) for folder in folders} == {"0o755"}, built
        files = [path for path in built.rglob("*") if path.is_file()]
        assert {oct(path.stat().st_mode & 0o777) for path in files} == {"0o644"}, built


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
    assert f"Refusing to publish to {site.content}: it is the content folder (PATH" in from_option.stderr


def test_a_target_this_system_cannot_name_is_refused_not_a_traceback(tmp_path):
    """With LC_ALL=C and PYTHONUTF8=0 file names are ASCII; a setting's 'é' cannot be one."""
    site = Site(tmp_path / "site", extra_settings="PUBLISH_TARGET = '/var/www/caf\u00e9'\n")
    result = publish(site, env={"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"})
    assert_refused_in_one_line(
        result, "this system cannot write its characters in a file name", "LANG=C.UTF-8"
    )


def test_no_target_is_refused_before_building(two_posts):
    result = publish(two_posts)
    assert_refused_in_one_line(result, "No publish target is configured. Give one with --target")
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
    assert_refused_in_one_line(result, "rsync is not installed. Install it with `apt-get install rsync`")


def holder_of_files(site: Site) -> str:
    """A folder with files of its own and no index.html: not a published copy of a site."""
    folder = site.root.parent / "documents"
    folder.mkdir(exist_ok=True)
    (folder / "letter.txt").write_text("keep me", encoding="utf-8")
    return str(folder)


DANGEROUS_TARGETS = {
    "root": (lambda site: "/", "it is the root folder"),
    "home": (lambda site: str(Path.home()), "it is the home folder"),
    "home, as ~": (lambda site: "~", "it is the home folder"),
    "project": (lambda site: str(site.root), "it is the project folder itself"),
    "relative project": (lambda site: ".", "it is the project folder itself"),
    "holds the project": (lambda site: str(site.root.parent), "it is a folder holding the project"),
    "parent, through the content": (lambda site: "content/../..", "it is a folder holding the project"),
    "content": (lambda site: str(site.content), "it is the content folder (PATH"),
    "output": (lambda site: str(site.output), "it is the OUTPUT_PATH folder"),
    "inside output": (lambda site: str(site.output / "blog"), "it is inside the OUTPUT_PATH folder"),
    "cache": (lambda site: str(site.root / "cache"), "it is the CACHE_PATH folder"),
    "preview": (lambda site: "preview/", "it is the PREVIEW_OUTPUT_PATH folder"),
    "the theme, outside the project": (lambda site: str(REPO / "theme"), "it is the theme folder (THEME"),
    "inside the project": (lambda site: str(site.root / "drafts"), "it is inside the project"),
    "someone's files": (holder_of_files, "it holds files but no index.html"),
    "an option": (lambda site: "-e sh", "it starts with '-', which rsync would read as an option"),
    "an option, spelled long": (lambda site: "--delete", "it starts with '-'"),
    "a second line": (lambda site: f"{site.root.parent}/www\n--delete", "control character"),
    # Remote targets: a few of the spellings tests/unit/test_publish_targets.py tries.
    "remote home": (lambda site: "deploy@host.acsd.test:", "its path is not absolute"),
    "remote ~": (lambda site: "deploy@host.acsd.test:~/", "its path is not absolute"),
    "remote root, spelled /.": (lambda site: "host.acsd.test:/.", "'.'"),
    "remote root, as a parent": (lambda site: "host.acsd.test:/var/www/../..", "'..'"),
    "remote IPv6 root": (lambda site: "[::1]:/", "it is the root folder"),
    "rsync daemon": (lambda site: "host.acsd.test::site", "rsync daemon"),
}


@pytest.mark.parametrize("case", DANGEROUS_TARGETS)
def test_a_dangerous_target_is_refused_before_anything_runs(two_posts, case):
    target_of, reason = DANGEROUS_TARGETS[case]
    target = target_of(two_posts)
    before = snapshot(two_posts.root.parent)
    result = publish(two_posts, "--target", target)
    assert_refused_in_one_line(result, "Refusing to publish to ", reason)
    assert snapshot(two_posts.root.parent) == before, "nothing was built, written or deleted"


# --- The address production builds are made for ----------------------------------------

EXAMPLE_AND_BROKEN_ADDRESSES = {
    "not set: the example address": (None, "SITEURL is https://www.example.org, an example address"),
    "the example address, spelled otherwise": ("HTTPS://Example.ORG", "an example address"),
    "empty": ("", "SITEURL is empty"),
    "relative": ("/site", "is not an absolute address starting with https://"),
    "another scheme": ("javascript:alert(1)", "is not an absolute address starting with https://"),
}


@pytest.mark.parametrize("case", EXAMPLE_AND_BROKEN_ADDRESSES)
def test_a_production_build_refuses_the_example_address_and_says_how_to_set_it(site, case):
    value, reason = EXAMPLE_AND_BROKEN_ADDRESSES[case]
    site.write("blog/first.md", post("First"))
    environment = {name: text for name, text in os.environ.items() if name != "SITEURL"}
    if value is not None:
        environment["SITEURL"] = value
    command = [sys.executable, "-m", "sitebuild", "build", "--production", "--project", str(site.root)]
    result = subprocess.run(
        command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=300, encoding="utf-8"
    )
    assert_refused_in_one_line(
        result, "Refusing to build for production: ", reason, "Set the SITEURL environment variable"
    )
    assert not site.output.exists()


def test_invoke_build_and_publish_refuse_the_example_address_before_building(two_posts, tmp_path):
    target = tmp_path / "www"
    refused = publish(two_posts, "--target", str(target), env={"SITEURL": None})
    assert_refused_in_one_line(refused, "Refusing to build for production: SITEURL is https://www.example")
    built = invoke("build", "--production", "--project", str(two_posts.root), env={"SITEURL": None})
    assert_refused_in_one_line(built, "SITEURL is https://www.example.org")
    assert not two_posts.output.exists() and not target.exists()


def test_development_builds_need_no_site_address(site):
    site.write("blog/first.md", post("First"))
    result = invoke("build", "--project", str(site.root), env={"SITEURL": None})
    assert result.returncode == 0, result.stderr
    assert (site.output / "index.html").is_file()


# --- The build folders: OUTPUT_PATH, CACHE_PATH, PREVIEW_OUTPUT_PATH --------------------

# Misconfigured build folders: (setting, value as Python, what the refusal says).
DANGEROUS_FOLDERS = {
    "empty": ("OUTPUT_PATH", "None", ["OUTPUT_PATH is empty"]),
    "blank, which Pelican reads as the project": ("OUTPUT_PATH", "''", ["it is the project folder itself"]),
    "root": ("OUTPUT_PATH", "'/'", ["it is the root folder"]),
    "home": ("OUTPUT_PATH", repr(str(Path.home())), ["it is the home folder"]),
    "project": ("OUTPUT_PATH", "'.'", ["it is the project folder itself"]),
    "holds the project": ("OUTPUT_PATH", "'..'", ["it is a folder holding the project"]),
    "content": ("OUTPUT_PATH", "'content'", ["it is the content folder (PATH"]),
    "inside the content": ("OUTPUT_PATH", "'content/blog/../new'", ["it is inside the content folder (PATH"]),
    "outside the project": ("OUTPUT_PATH", "'../elsewhere'", ["it is outside the project"]),
    "a settings file": ("OUTPUT_PATH", "'./pelicanconf.py'", ["it is the settings file pelicanconf.py"]),
    "the docs, by a detour": ("OUTPUT_PATH", "'output/../docs'", ["it is docs, part of the site's layout"]),
    "git's repository": ("CACHE_PATH", "'.git'", ["it is .git, the project's git repository"]),
    "the project, for the preview": ("PREVIEW_OUTPUT_PATH", "'./'", ["it is the project folder itself"]),
    # Two build folders in one place: whichever is checked first is refused, naming the other.
    "the cache": ("OUTPUT_PATH", "'cache/'", ["OUTPUT_PATH", "the CACHE_PATH folder"]),
    "inside the output": ("CACHE_PATH", "'output/cache'", ["OUTPUT_PATH", "CACHE_PATH"]),
    "the output": ("PREVIEW_OUTPUT_PATH", "'output'", ["OUTPUT_PATH", "PREVIEW_OUTPUT_PATH"]),
}
# Each command, and the folders it checks before anything else (against the others too).
COMMANDS = {
    "build": (lambda site: invoke("build", "--project", str(site.root)), {"OUTPUT_PATH", "CACHE_PATH"}),
    "clean": (
        lambda site: invoke("clean", "--project", str(site.root)),
        {"OUTPUT_PATH", "CACHE_PATH", "PREVIEW_OUTPUT_PATH"},
    ),
    "publish": (
        lambda site: publish(site, "--target", str(site.root.parent / "www")),
        {"OUTPUT_PATH", "CACHE_PATH"},
    ),
    "serve": (serve, {"PREVIEW_OUTPUT_PATH", "CACHE_PATH"}),
}


def commands_checking(setting: str) -> list[str]:
    return [command for command, (_, checked) in COMMANDS.items() if setting in checked]


# Each case through the first command that checks its setting; these few through every one.
EVERY_COMMAND = {"root", "content", "git's repository", "the output"}
FOLDER_CASES = [
    (case, command)
    for case, (setting, _, _) in DANGEROUS_FOLDERS.items()
    for command in commands_checking(setting)[: None if case in EVERY_COMMAND else 1]
]


@pytest.mark.parametrize(("case", "command"), FOLDER_CASES)
def test_a_dangerous_build_folder_is_refused_before_anything_is_touched(tmp_path, case, command):
    setting, value, reason = DANGEROUS_FOLDERS[case]
    site = Site(tmp_path / "site", extra_settings=f"{setting} = {value}\n")
    site.write("blog/first.md", post("First"))
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "keep.txt").write_text("keep me", encoding="utf-8")
    (site.root / ".git").mkdir()
    (site.root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    before = snapshot(tmp_path)
    run, _ = COMMANDS[command]
    result = run(site)
    assert_refused_in_one_line(result, *reason, setting, "to a folder of its own inside the project")
    assert snapshot(tmp_path) == before


def test_a_link_to_the_content_is_followed_and_refused(site, tmp_path):
    site.write("blog/first.md", post("First"))
    (site.root / "output").symlink_to(site.content)
    before = snapshot(site.root)
    result = invoke("build", "--project", str(site.root))
    refusal = f"Refusing to use {site.output} (which is {site.content}) as OUTPUT_PATH"
    assert_refused_in_one_line(result, refusal, "the content folder")
    assert snapshot(site.root) == before


def test_in_a_git_checkout_every_tracked_file_is_the_projects_own(site):
    site.write("blog/first.md", post("First"))
    (site.root / "notes").mkdir()
    (site.root / "notes" / "minutes.md").write_text("Minutes of the meeting.\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(site.root)], check=True)
    subprocess.run(["git", "-C", str(site.root), "add", "notes"], check=True)
    add_settings(site, "OUTPUT_PATH = 'notes/site'\n")
    before = snapshot(site.root / "notes")
    result = invoke("build", "--project", str(site.root))
    assert_refused_in_one_line(result, "it is inside notes, which holds files git tracks")
    assert snapshot(site.root / "notes") == before
    assert not (site.root / "notes" / "site").exists()


def test_clean_checks_every_folder_before_deleting_any(site):
    site.write("blog/first.md", post("First"))
    assert site.build().returncode == 0
    add_settings(site, "CACHE_PATH = 'content'\n")
    before = snapshot(site.root)
    result = invoke("clean", "--project", str(site.root))
    assert_refused_in_one_line(
        result, f"Refusing to use {site.content} as CACHE_PATH: it is the content folder (PATH"
    )
    assert snapshot(site.root) == before, "the output folder was not deleted either"


def test_clean_deletes_the_output_cache_and_preview_folders(site):
    site.write("blog/first.md", post("First"))
    assert site.build().returncode == 0
    assert (site.root / "cache").is_dir()
    (site.root / "preview").mkdir()
    (site.root / "preview" / "index.html").write_text("an old preview", encoding="utf-8")
    (site.root / ".preview-spare").mkdir()  # the site the preview replaced, which it builds into next
    result = invoke("clean", "--project", str(site.root))
    assert result.returncode == 0, result.stderr
    assert f"Removed {site.output}, {site.root / 'cache'}, {site.root / 'preview'}" in result.stdout
    assert not site.output.exists() and not (site.root / "cache").exists()
    assert not (site.root / "preview").exists() and not (site.root / ".preview-spare").exists()
    assert (site.content / "blog/first.md").is_file()


def test_a_build_into_a_folder_of_its_own_below_the_project_works(site):
    site.write("blog/first.md", post("First"))
    add_settings(site, "OUTPUT_PATH = 'build/site/'\nCACHE_PATH = 'build/cache'\n")
    result = invoke("build", "--project", str(site.root))
    assert result.returncode == 0, result.stderr
    assert (site.root / "build" / "site" / "index.html").is_file()
    assert not site.output.exists()
