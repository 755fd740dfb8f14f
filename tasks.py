"""The project's tasks: `invoke --list` shows them, `invoke --help <task>` explains one.

Every task prints what it did and exits non-zero when it failed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Exit, task

PROJECT = Path(__file__).resolve().parent
sys.path.insert(0, str(PROJECT))

from sitebuild.__main__ import build_command  # noqa: E402
from sitebuild.build import SettingsError, configure_logging  # noqa: E402
from sitebuild.build import clean as clean_site  # noqa: E402
from sitebuild.console import use_utf8_when_the_locale_is_ascii  # noqa: E402
from sitebuild.paths import UnsafePath  # noqa: E402

use_utf8_when_the_locale_is_ascii()


@task(
    help={
        "production": "use publishconf.py (absolute URLs, feeds, no drafts; needs SITEURL)",
        "debug": "show tracebacks",
        "project": "the site's folder (default: this one)",
    }
)
def build(c, production=False, debug=False, project=""):
    """Build the site into output/ (the previous output stays if the build fails; Ctrl+C exits 130)."""
    configure_logging()
    code = build_command(Path(project) if project else PROJECT, production, debug)
    if code:
        raise Exit(code=code)


@task(help={"project": "the site's folder (default: this one)"})
def clean(c, project=""):
    """Delete the built site (output/), the content cache (cache/) and the preview's site (preview/
    and the spare it builds into, .preview-spare/)."""
    try:
        removed = clean_site(Path(project) if project else PROJECT)
    except UnsafePath as refusal:
        raise Exit(str(refusal), code=1) from None
    except SettingsError as error:
        raise Exit(f"Nothing was removed: {error}", code=1) from None
    print("Removed " + ", ".join(str(path) for path in removed) if removed else "Nothing to remove.")


@task(
    help={
        "target": "a folder, or user@host:/absolute/path for SSH (default: $PUBLISH_TARGET, else "
        "PUBLISH_TARGET in publishconf.py)",
        "dry_run": "list what would change on the target, and change nothing",
        "project": "the site's folder (default: this one)",
        "debug": "show tracebacks",
    }
)
def publish(c, target="", dry_run=False, project="", debug=False):
    """Build with publishconf.py, then copy output/ to the target with rsync (removing pages the site dropped)."""
    from sitebuild.publish import PublishRefused
    from sitebuild.publish import publish as publish_site

    configure_logging()
    try:
        print(publish_site(Path(project) if project else PROJECT, target, dry_run, debug))
    except PublishRefused as refusal:
        raise Exit(str(refusal), code=1) from None


@task(help={"port": "port on 127.0.0.1 (default 8000)"})
def serve(c, port=8000):
    """Preview the site at http://127.0.0.1:PORT/, drafts included; saving a file refreshes the page."""
    from sitebuild.preview import serve as serve_preview

    configure_logging()
    if serve_preview(PROJECT, int(port)):
        raise Exit(code=1)


@task(
    help={
        "kind": "blog, update, event, publication or page",
        "title": "the title (the address is made from it)",
        "category": "one of CATEGORIES in pelicanconf.py (a number or a name)",
        "region": "one of REGIONS in pelicanconf.py (required for updates)",
        "type_": "one of PUBLICATION_TYPES in pelicanconf.py (publications)",
        "tags": "comma-separated tags",
        "authors": "comma-separated names",
        "start": "an event's start, YYYY-MM-DD HH:MM (default: tomorrow 10:00)",
        "source": "a publication's file under content/ (files/report.pdf) or its https address",
        "no_input": "never ask: fail naming any missing option",
        "project": "the site's folder (default: this one)",
    }
)
def new(
    c,
    kind="",
    title="",
    category="",
    region="",
    type_="",
    tags="",
    authors="",
    start="",
    source="",
    no_input=False,
    project="",
):
    """Start a draft post, update, event, publication or page, asking for what the options leave out."""
    from sitebuild.new_post import Answers, NewPostError, run

    given = Answers(kind, title, category, region, type_, authors, tags, start, source)
    interactive = not no_input and sys.stdin.isatty()
    try:
        print(run(Path(project) if project else PROJECT, given, interactive))
    except NewPostError as refusal:
        raise Exit(str(refusal), code=1) from None


@task(
    help={
        "json": "print the findings as JSON, for a review bot",
        "project": "the site's folder (default: this one)",
    }
)
def check(c, json=False, project=""):
    """Check every content file, drafts too, as a reviewer would; exits 1 if any problem remains."""
    from sitebuild.check import main

    configure_logging()
    code = main(Path(project) if project else PROJECT, as_json_output=json)
    if code:
        raise Exit(code=code)


@task(
    name="import",
    help={
        "folder": "the folder of saved pages of the old site (what wget --mirror or a crawler made)",
        "dry_run": "write nothing; say what would be written",
        "status": "published (default) or draft: the Status of every imported item",
        "project": "the site's folder (default: this one)",
    },
)
def import_archive(c, folder, dry_run=False, status="published", project=""):
    """Import the old site's saved pages as Markdown in content/, with redirects from every old address."""
    from sitebuild.importer.run import ImportRefused
    from sitebuild.importer.run import import_archive as run_import

    configure_logging()
    try:
        run_import(Path(project) if project else PROJECT, Path(folder), dry_run, status)
    except (ImportRefused, SettingsError) as refusal:
        raise Exit(str(refusal), code=1) from None


@task
def audit(c):
    """Check that every Python package is pinned, then look up known vulnerabilities (needs the network)."""
    from sitebuild.dependencies import audit_commands, unpinned

    problems = unpinned(PROJECT)
    print("\n".join(problems) or "Every installed Python package is pinned at its installed version.")
    failed = ["pinning"] if problems else []
    for name, command in audit_commands(PROJECT, sys.executable):
        print(f"\n{name}:")
        if c.run(command, warn=True, pty=False).exited:
            failed.append(name)
    if failed:
        raise Exit(
            f"\nThe audit failed: {', '.join(failed)} (see above). For a vulnerable package, pin a fixed "
            "version in requirements.txt and constraints.txt (or package-lock.json) and run ./setup.sh; "
            "for a package that could not be checked, check the network and run `invoke audit` again.",
            code=1,
        )
    print("\nNo known vulnerabilities in the pinned Python and JavaScript packages.")


@task(help={"slug": "the slug of a blog post or regional update", "json": "print JSON instead of text"})
def related(c, slug, json=False):
    """Show an article's related list with each pick's score and the reasons for it."""
    from sitebuild.explain import UnknownSlug, as_json, as_text, related_report

    configure_logging()
    try:
        report = related_report(PROJECT, slug)
    except UnknownSlug as unknown:
        raise Exit(str(unknown), code=1) from None
    except Exception as failure:  # content problems, for example: the same report as a build
        raise Exit(str(failure), code=1) from None
    print(as_json(report) if json else as_text(report))


@task(
    help={
        "sizes": "comma-separated corpus sizes (default 1000,10000)",
        "runs": "cold builds per configuration (default 3; medians are reported)",
        "corpora": "comma-separated: real (the pyvideo archive), synthetic (with a ground truth)",
        "configurations": "comma-separated names from bench/runner.py CONFIGURATIONS (default: all)",
        "lighthouse": "instead, Lighthouse scores of four pages of the production build (median of --runs)",
        "hostile": "instead, only the checks' times on hostile text of growing size (bench/hostile_text.py)",
        "only": "quality: only the related-articles quality step (bench/evaluation.py), about a minute; "
        "import: only the import step (bench/importing.py: --import-pages saved pages imported --runs times, "
        "then built and checked), about 7 minutes with --runs 3",
        "import_pages": "saved pages in the import step's archive (default 5000, issue 18's target size)",
    }
)
def bench(
    c,
    sizes="1000,10000",
    runs=3,
    corpora="real,synthetic",
    configurations="",
    lighthouse=False,
    hostile=False,
    only="",
    import_pages=5000,
):
    """Measure build time, peak memory, related-articles quality and the checks' times on hostile text;
    write bench-results/."""
    import datetime

    from bench import hostile_text
    from bench.runner import CONFIGURATIONS
    from bench.suite import import_only, quality_step, run

    if only not in ("", "quality", "import"):
        raise Exit(
            "--only takes 'quality' (the related-articles quality step alone) or 'import' (the import step "
            f"alone), not {only!r}.",
            code=2,
        )

    names = [name for name in configurations.split(",") if name] or list(CONFIGURATIONS)
    results = PROJECT / "bench-results"
    if lighthouse:
        text = lighthouse_table(int(runs))
    elif only == "quality":
        text = quality_step(results / "work")
    elif only == "import":
        text = import_only(results / "work", int(runs), int(import_pages))
    else:
        text = ""
        if not hostile:
            rows, text = run(
                results / "work",
                [int(size) for size in sizes.split(",")],
                int(runs),
                corpora.split(","),
                names,
                import_pages=int(import_pages),
            )
        text += "\n\n" + hostile_text.document(hostile_text.measure(int(runs)), int(runs))
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    results.mkdir(exist_ok=True)
    (results / f"bench-{stamp}.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\nWritten to bench-results/bench-{stamp}.md")


def lighthouse_table(runs: int) -> str:
    """`invoke bench --lighthouse`: the scores table, or why Lighthouse could not measure."""
    from bench.lighthouse import LighthouseFailed, measure, table

    try:
        return table(measure(runs))
    except LighthouseFailed as failure:
        raise Exit(str(failure), code=1) from None


SUITE_MINUTES = 12  # the whole suite's time on this 2-core machine (README, The tests)


@task(help={"k": "only tests whose name matches this expression"})
def test(c, k=""):
    """Run the whole test suite (unit, build and browser tests)."""
    if not k:
        print(f"Running the whole test suite: about {SUITE_MINUTES} minutes on two cores.")
        print("Each file is named as it starts, with a dot for each test passed and the share done so far.")
    selection = f" -k {k!r}" if k else ""
    result = c.run(f"{sys.executable} -m pytest{selection}", pty=False, warn=True)
    if result.exited:
        raise Exit(code=result.exited)
