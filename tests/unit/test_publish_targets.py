"""Which targets `invoke publish` sends the site to (sitebuild/publish.py), decided before anything runs.

rsync deletes from the target whatever the site does not have, so a target that
names a remote root, a home or a parent of one, or that rsync could read as an
option, would destroy files. Remote targets are allowed by a rule (an SSH
destination with a plain absolute path at least two levels down), not by a
list of what is forbidden; the property tests check the rule on generated targets.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitebuild.paths import ProjectFiles, build_folder_values
from sitebuild.publish import PublishRefused, check_target, is_remote, remote_path_problem, rsync_command


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> ProjectFiles:
    """The project's own paths and build folders, for a project folder with content."""
    root = tmp_path_factory.mktemp("site") / "project"
    (root / "content").mkdir(parents=True)
    settings_ = {"PATH": str(root / "content"), "OUTPUT_PATH": "output", "CACHE_PATH": "cache"}
    settings_["PREVIEW_OUTPUT_PATH"] = "preview"
    return ProjectFiles.of(root, settings_).besides(build_folder_values(root, settings_))


ACCEPTED_REMOTE = [
    "deploy@www.acsd.test:/var/www/site",
    "www.acsd.test:/srv/site/",
    "deploy@[2001:db8::1]:/var/www/site",
    "web_1:/var/www/acsd-2026",
    "deploy@10.0.0.5:/home/deploy/site",
]


@pytest.mark.parametrize("target", ACCEPTED_REMOTE)
def test_an_ssh_folder_at_least_two_levels_down_is_passed_to_rsync_as_written(files, target):
    assert is_remote(target)
    assert check_target(target, files) == target


# Remote roots, homes and parents in many spellings, rsync daemons, options and broken lines.
REFUSED = {
    "host:": "its path is not absolute",
    "host:.": "its path is not absolute",
    "host:~": "its path is not absolute",
    "host:~/": "its path is not absolute",
    "host:~/.": "its path is not absolute",
    "host:..": "its path is not absolute",
    "host:site": "its path is not absolute",
    "user@host:": "its path is not absolute",
    "host:/": "it is the root folder or a folder just below it",
    "host:/var": "it is the root folder or a folder just below it",
    "host:/var/": "it is the root folder or a folder just below it",
    "host://": "'//'",
    "host:/.": "'.'",
    "host:/var/..": "'..'",
    "host:/var/www/../..": "'..'",
    "host:/var//www": "'//'",
    "host:/var/www/./site": "'.'",
    "host:/home/deploy": "it is a home folder",
    "host:/Users/deploy/": "it is a home folder",
    "[::1]:/": "it is the root folder",
    "user@[::1]:/var": "it is the root folder",
    "host:/var/www/$(reboot)": "characters other than letters, digits",
    "host:/var/www/~deploy": "characters other than letters, digits",
    "host:/var/www/my site": "characters other than letters, digits",
    "rsync://host/": "rsync daemon",
    "rsync://host/module/site": "rsync daemon",
    "host::module": "rsync daemon",
    "host::": "rsync daemon",
    "user@-oProxyCommand=sh:/var/www/site": "not an SSH destination",
    "us er@host:/var/www/site": "not an SSH destination",
    "-e sh": "it starts with '-', which rsync would read as an option",
    "--delete": "it starts with '-'",
    "-host:/var/www/site": "it starts with '-'",
    "host:/var/www/site\n--delete": "control character",
    "/srv/www\n": "control character",
    "host:/var/www/site\t": "control character",
}


@pytest.mark.parametrize("target", REFUSED)
def test_a_dangerous_target_is_refused_in_one_line_with_a_fix(files, target):
    with pytest.raises(PublishRefused) as refusal:
        check_target(target, files)
    message = str(refusal.value)
    assert message.startswith("Refusing to publish to ") and REFUSED[target] in message
    assert "\n" not in message.replace(repr(target), "")  # a target's own newline is shown escaped


def test_a_local_target_is_made_absolute_from_the_project(files):
    assert check_target("../www", files) == str(files.root.parent / "www")
    assert check_target(str(files.root.parent / "-www"), files) == str(files.root.parent / "-www")


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("~", "it is the home folder"),
        (".", "it is the project folder itself"),
        ("./content/../..", "it is a folder holding the project"),
        ("content", "it is the content folder (PATH"),
        ("output/blog", "it is inside the OUTPUT_PATH folder"),
        ("preview", "it is the PREVIEW_OUTPUT_PATH folder"),
        ("./drafts", "it is inside the project"),
        ("./-x", "it is inside the project"),
        ("~no-such-user/www", "it is inside the project"),  # no home to expand: a folder of that name
    ],
)
def test_a_dangerous_local_target_is_refused(files, target, reason):
    with pytest.raises(PublishRefused, match="Refusing to publish to ") as refusal:
        check_target(target, files)
    assert reason in str(refusal.value)


def test_rsync_reads_every_path_after_double_dash_and_makes_new_files_readable():
    command = rsync_command(Path("/srv/site/output"), "/var/www/site", dry_run=True)
    assert command[-3:] == ["--", "/srv/site/output/", "/var/www/site"]
    assert "--chmod=D755,F644" in command[:-3] and "--dry-run" in command[:-3]


# --- The rule, on generated targets ---------------------------------------------------------

REMOTE_PATH = st.lists(
    st.sampled_from(["", ".", "..", "~", "var", "www", "site", "home", "deploy", "a b", "-x", "$x"]),
    max_size=5,
).map("/".join)


@settings(max_examples=500, deadline=None)
@given(path=st.one_of(REMOTE_PATH, REMOTE_PATH.map(lambda path: "/" + path), st.text(max_size=20)))
def test_an_accepted_remote_path_is_absolute_plain_and_below_the_top_level_folders(path):
    if remote_path_problem(path):
        return
    plain = path.removesuffix("/")
    assert plain.startswith("/") and posixpath.normpath(plain) == plain, "absolute, with no '.', '..' or '//'"
    parts = plain.split("/")[1:]
    assert len(parts) >= 2, "never the root nor a folder just below it (/var, /home, /srv)"
    assert not (parts[0] in ("home", "Users") and len(parts) == 2), "never a home folder"
    assert "~" not in plain and not any(part.startswith("$") or " " in part for part in parts)


SSH_LIKE = st.builds(
    "{}{}:{}".format,
    st.sampled_from(["", "deploy@", "-o@", "a b@"]),
    st.sampled_from(["host", "[::1]", "-host", "host:", "ho st"]),
    st.one_of(REMOTE_PATH, REMOTE_PATH.map(lambda path: "/" + path)),
)


@settings(max_examples=500, deadline=None)
@given(target=st.one_of(st.text(max_size=30), SSH_LIKE))
def test_whatever_the_target_rsync_gets_an_absolute_folder_or_a_checked_ssh_destination(files, target):
    try:
        destination = check_target(target, files)
    except PublishRefused as refusal:
        assert str(refusal).startswith("Refusing to publish to ")
        return
    assert destination.isprintable() and not destination.startswith("-")
    if is_remote(target):
        assert destination == target and not remote_path_problem(target.rsplit(":", 1)[1])
    else:
        assert Path(destination).is_absolute() and not Path(destination).is_relative_to(files.root)
