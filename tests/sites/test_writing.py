"""The one writer (sitebuild/pages/render.py): rendering on every core changes speed, never output or errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from tests.conftest import REPO, Site, post, production_environment, snapshot

RENDERED = re.compile(r"pages: (\d+) rendered in (\d+) process(?:es)?, (\d+) linked")


def build(site: Site, production: bool = True) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "sitebuild", "build", "--project", str(site.root), "--verbose"]
    command += ["--production"] if production else []
    environment = os.environ | (production_environment() if production else {})
    return subprocess.run(
        command,
        check=False,
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        encoding="utf-8",
    )


def many_posts(site: Site, count: int = 150) -> None:
    for number in range(count):
        site.write(
            f"blog/post-{number:03}.md",
            post(
                f"Post {number}",
                date=f"2026-0{1 + number % 9}-{1 + number % 28:02}",
                tags=f"tag {number % 7}",
            ),
        )


def test_the_site_is_the_same_rendered_in_one_process_or_several(tmp_path):
    """Production builds, so the sitemap (which hears of every page written) and the feeds are compared too."""
    sites = {}
    for processes in (1, 2):
        root = tmp_path / str(processes)
        shutil.copytree(REPO / "content", root / "content")  # the example posts, and more added
        site = Site(root, extra_settings=f"WRITING_PROCESSES = {processes}\n")
        many_posts(site)
        result = build(site)
        assert result.returncode == 0, result.stderr
        [(rendered, used, linked)] = RENDERED.findall(result.stderr)
        sites[processes] = site, int(rendered), int(used), int(linked)
    alone, alone_rendered, alone_processes, _ = sites[1]
    shared, shared_rendered, shared_processes, linked = sites[2]
    assert (alone_processes, shared_processes) == (1, 2)
    assert alone_rendered == shared_rendered > 250 and linked == 0, "production renders every page"
    assert snapshot(alone.output) == snapshot(shared.output)
    sitemap = (shared.output / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>") == (alone.output / "sitemap.xml").read_text(encoding="utf-8").count("<loc>")
    assert "/blog/post-149/" in sitemap, "pages rendered by any process are in the sitemap"


def test_a_template_error_in_any_page_names_the_template_and_line(site, tmp_path):
    """Whichever process meets the broken page, the message is the one a single process gives."""
    theme = tmp_path / "theme"
    subprocess.run(["cp", "-r", str(REPO / "theme"), str(theme)], check=True)
    article = theme / "templates" / "article.html"
    lines = article.read_text(encoding="utf-8").splitlines()
    broken_line = next(number for number, line in enumerate(lines, 1) if "{% block content %}" in line) + 1
    lines.insert(
        broken_line - 1,
        "{% if page.plain_title == 'Post 77' %}{{ page.plain_title.no.such.attribute }}{% endif %}",
    )
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    site = type(site)(site.root, extra_settings=f"THEME = {str(theme)!r}\nWRITING_PROCESSES = 2\n")
    many_posts(site)
    result = build(site)
    assert result.returncode == 1
    assert f"The build failed in the template {article}, line {broken_line}: " in result.stderr, result.stderr
    assert "has no attribute 'no'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.output.exists()
