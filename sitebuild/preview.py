"""`invoke serve`: build, serve on 127.0.0.1, rebuild on every change, refresh the open page.

How a change reaches the browser:

1. watchfiles reports the change (content, theme, plugins, settings).
2. When only Markdown files changed, their own pages are made again at once, by the
   watcher itself and even while a build runs, from the site the last full build kept
   in memory (sitebuild/quick.py: only the saved files are read), and written into
   the preview's folder; the browser reloads if it shows one of them. A full build
   follows (with the content cache) and replaces the folder; every other open page
   reloads then, and a quickly refreshed page too if the full build changed it. The
   search bundles whose pages changed are indexed after that, the last ones standing
   in meanwhile (SEARCH_INDEX_LATER, plugins/search). A change that arrives during a
   build cancels it and starts again.
3. A change to the site's Python code (plugins/, sitebuild/) restarts the
   preview, because Python cannot reload a plugin safely.
4. A failed build leaves the preview's folder as it was; the problems are printed
   and shown at the top of every page until a build succeeds.

The preview builds into, and serves, a folder of its own (PREVIEW_OUTPUT_PATH,
preview/), so a build, even `invoke build --production`, never replaces the pages
it serves. Its pages are what `invoke build` writes, but for their scripts
policy, which also allows the preview's script (EXTRA_SCRIPTS, plugins/assets):
the preview adds that script, its style sheet and any error message while
serving them.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import html
import http.server
import json
import os
import queue
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles
from search.indexer import SearchIndexFailed, index_later

from .build import DEVELOPMENT, PRODUCTION, SettingsError, build, load_settings
from .check import production_settings, text_problems
from .local_editor import EDITOR_BACKEND_PATH, SOURCE_PATH, EditorBackend
from .paths import UnsafePath, check_build_folders
from .pipeline import Selection, SiteBuild, give_memory_back
from .quick import KeptSite, break_references, refresh_own_pages

ASSETS = Path(__file__).resolve().parent / "preview_assets"
PREVIEW_PREFIX = "/__preview/"
FOLDER = "PREVIEW_OUTPUT_PATH"  # the setting naming the folder the preview builds into and serves
CODE_FOLDERS = ("plugins", "sitebuild")  # Python: a change here restarts the preview


@dataclass
class BuildState:
    """The latest build's outcome, which every page request and every open browser tab sees."""

    build_id: str = ""
    problems: list[str] = field(default_factory=list)  # the build failed: what stopped it
    warnings: list[str] = field(default_factory=list)  # the build worked: what to fix before publishing
    only_urls: list[str] | None = None  # a quick build: only these pages changed
    skip_urls: list[str] = field(default_factory=list)  # a full build: these pages are already fresh
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, problems: list[str], only_urls=None, skip_urls=(), warnings=None) -> None:
        """A new outcome; `warnings` None keeps the ones shown (a quick refresh has none of its own)."""
        with self.changed:
            self.build_id = f"{os.getpid()}-{time.monotonic_ns()}"
            self.problems = problems
            if warnings is not None:
                self.warnings = warnings
            self.only_urls = only_urls
            self.skip_urls = list(skip_urls)
            self.changed.notify_all()

    def as_event(self) -> str:
        data = {"build": self.build_id, "only": self.only_urls, "skip": self.skip_urls}
        return f"event: build\ndata: {json.dumps(data)}\n\n"


def error_banner(problems: list[str]) -> str:
    """The message shown at the top of every page while the latest build has failed."""
    lines = "\n".join(html.escape(line) for line in problems)
    return (
        '<div class="preview-problems" role="alert"><h2>The preview could not be updated</h2>'
        "<p>This page is from the last build that worked. Fix these problems and save the file; "
        "the page will update by itself.</p>"
        f"<pre>{lines}</pre></div>"
    )


def warnings_box(warnings: list[str]) -> str:
    """What `invoke check` would say of the files saved in this preview, at the top of every page:
    one line that says how many, which opens the list (each with its file, line and fix)."""
    count = f"{len(warnings)} thing{'s' if len(warnings) != 1 else ''}"
    items = "".join(f"<li>{html.escape(line)}</li>" for line in warnings)
    return (
        '<div class="preview-warnings" role="status"><details>'
        f"<summary>{count} to fix before publishing in the files you saved</summary>"
        "<p>The preview is up to date, but <code>invoke check</code> would stop at these. "
        "Fix each and save; the list updates by itself.</p>"
        f"<ul>{items}</ul></details></div>"
    )


def add_preview_parts(page: str, state: BuildState) -> str:
    """A built page with the live-reload script, the preview's style sheet and any problems."""
    head = (
        f'<link rel="stylesheet" href="{PREVIEW_PREFIX}preview.css">'
        f'<script src="{PREVIEW_PREFIX}live.js" data-build="{state.build_id}" defer></script>'
    )
    page = page.replace("</head>", head + "</head>", 1)
    message = error_banner(state.problems) if state.problems else ""
    if not message and state.warnings:
        message = warnings_box(state.warnings)
    if message:
        body_start = page.find(">", page.find("<body")) + 1
        page = page[:body_start] + message + page[body_start:]
    return page


def make_handler(output: Path, state: BuildState, editor: EditorBackend):
    class PreviewHandler(http.server.SimpleHTTPRequestHandler):
        """Serves the preview's folder with the preview's parts in every page (but the editor's),
        the build events, and the editor's local backend."""

        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml"}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(output), **kwargs)

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path == PREVIEW_PREFIX + "events":
                return self.send_events()
            if path.startswith(SOURCE_PATH):
                return self.send_page_of_source(urllib.parse.unquote(path))
            if path.startswith(PREVIEW_PREFIX):
                return self.send_asset(path.removeprefix(PREVIEW_PREFIX))
            page = self.page_file(path)
            if page and not path.startswith(editor.page_folder):
                return self.send_page(page, 200)
            if not output.is_dir():
                return self.send_page(None, 503)
            if not Path(self.translate_path(path)).exists() and (output / "404.html").is_file():
                return self.send_page(output / "404.html", 404)
            return super().do_GET()

        def do_POST(self):
            if self.path.split("?", 1)[0] != EDITOR_BACKEND_PATH:
                return self.send_error(404)
            status, answer = editor.answer(self.headers, self.rfile, self.server.server_address[1])
            self.send_body(status, "application/json; charset=utf-8", json.dumps(answer).encode("utf-8"))

        def page_file(self, path: str) -> Path | None:
            local = Path(self.translate_path(path))
            if local.is_dir():
                local = local / "index.html"
            return local if local.suffix == ".html" and local.is_file() else None

        def send_page(self, page: Path | None, status: int) -> None:
            text = page.read_text(encoding="utf-8") if page else "<!DOCTYPE html><title>Preview</title><body>"
            self.send_html(text, status)

        def send_html(self, text: str, status: int) -> None:
            """A page with the preview's parts added."""
            self.send_body(status, "text/html; charset=utf-8", add_preview_parts(text, state).encode("utf-8"))

        def send_body(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def send_page_of_source(self, path: str) -> None:
            """The editor's "View live": the saved file's page, or a page that waits for the build."""
            address = editor.page_of(path)
            if address:
                self.send_response(302)
                self.send_header("Location", address)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            waiting = (
                "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Not in the preview yet</title>"
                "</head><body><main>"
                "<h1>Not in the preview yet</h1><p>This file's page appears here by itself as soon as "
                "the preview has built it. If a message above names a problem, fix it and save again.</p>"
                "</main></body></html>"
            )
            self.send_html(waiting, 404)

        def send_asset(self, name: str) -> None:
            asset = ASSETS / name
            if name not in {"live.js", "preview.css"}:
                return self.send_error(404)
            self.send_body(200, "text/javascript" if name.endswith(".js") else "text/css", asset.read_bytes())

        def send_events(self) -> None:
            """Server-sent events: the current build at once, then each new one."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            seen = None
            try:
                while True:
                    with state.changed:
                        state.changed.wait_for(lambda seen=seen: state.build_id != seen, timeout=15)
                        event = state.as_event() if state.build_id != seen else ": still here\n\n"
                        seen = state.build_id
                    self.wfile.write(event.encode("utf-8"))
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")  # always the latest build
            super().end_headers()

        def log_message(self, format, *args):  # the terminal shows builds, not requests
            pass

    return PreviewHandler


@dataclass
class Changes:
    """What one batch of file events means for the preview."""

    restart: bool = False  # the site's Python code changed
    markdown: set[str] = field(default_factory=set)  # Markdown files changed or added
    other: bool = False  # anything else: templates, styles, settings, deleted files...

    @classmethod
    def classify(cls, events, code_folders: list[Path]) -> Changes:
        changes = cls()
        for change, name in events:
            path = Path(name)
            if path.name.startswith("."):  # never read (IGNORE_FILES): a file being written whole, say
                continue
            if path.suffix == ".py" and any(path.is_relative_to(folder) for folder in code_folders):
                changes.restart = True
            elif path.suffix == ".md" and change != watchfiles.Change.deleted:
                changes.markdown.add(str(path))
            else:
                changes.other = True
        return changes

    def merge(self, later: Changes) -> None:
        self.restart |= later.restart
        self.markdown |= later.markdown
        self.other |= later.other


class Preview:
    """The preview of one project: its server, its file watcher and its builds."""

    def __init__(self, project: Path, port: int):
        self.project = project.resolve()
        self.port = port
        settings = load_settings(self.project, production=False)
        self.output = check_build_folders(self.project, settings, [FOLDER, "CACHE_PATH"])[FOLDER]
        self.editor = EditorBackend(settings, self.address_of)
        self.origin = f"http://127.0.0.1:{port}"
        plugins = [Path(folder).resolve() for folder in settings.get("PLUGIN_PATHS", [])]
        self.code_folders = [*plugins, Path(__file__).resolve().parent]  # and this preview's own code
        self.watched = [Path(settings["PATH"]), Path(settings["THEME"]), *self.code_folders]
        self.settings_files = [self.project / DEVELOPMENT, self.project / PRODUCTION]
        self.state = BuildState()
        self.pending: queue.Queue[Changes] = queue.Queue()
        self.current: Selection | None = None
        self.kept: KeptSite | None = None  # what the last good full build read, for quick refreshes
        self.kept_in_use = threading.Lock()  # held by a quick refresh, and while the kept site is replaced
        self.quick_pages: dict[str, tuple[Path, bytes]] = {}  # address: file and digest of a quick page
        self.saved: set[str] = set()  # the Markdown files saved while the preview runs: their warnings show
        self.production, _ = production_settings(self.project)  # the addresses only production writes

    def run(self) -> None:
        # The port is taken first, so a port in use is said at once, not after the first build.
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", self.port), make_handler(self.output, self.state, self.editor)
        )
        server.daemon_threads = True
        watching = threading.Event()
        threading.Thread(target=self.watch_forever, args=(watching,), daemon=True).start()
        watching.wait(timeout=60)  # a save made from now on is seen, even during the first build
        self.run_build()
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"Previewing at {self.origin}/ (Ctrl+C to stop). Drafts are shown.")
        print(f"Write and edit posts in the browser at {self.origin}{self.editor.page_folder}")
        try:
            self.build_forever()
        except KeyboardInterrupt:
            print("\nStopped the preview.")
        finally:
            server.shutdown()

    def watch_forever(self, watching: threading.Event) -> None:
        """Pass each batch of changes to the builder, cancelling a build it makes out of date.

        watchfiles yields every half second even when nothing changed: the first time
        says the watch is in place, and each time the settings files are checked.
        """
        stamps = self.settings_stamps()
        for events in watchfiles.watch(
            *[folder for folder in self.watched if folder.is_dir()],
            rust_timeout=500,
            yield_on_timeout=True,
            raise_interrupt=False,  # Ctrl+C is the main thread's
        ):
            watching.set()
            changes = Changes.classify(events, self.code_folders)
            if self.settings_stamps() != stamps:  # settings files are polled: editors replace them
                stamps = self.settings_stamps()
                changes.other = True
            if changes.restart or changes.markdown or changes.other:
                self.take(changes)

    def take(self, changes: Changes) -> None:
        """Cancel the build the changes make out of date, write the saved posts' own pages again
        from the kept site, and pass the changes to the builder.

        The kept site's lock is taken before the cancel: the cancelled build stops at once, and
        frees its objects (about 0.1 s at 10,000 articles) only once the pages are written
        (free_after_quick_refresh)."""
        started = time.perf_counter()
        with self.kept_in_use:
            if self.current:
                self.current.cancelled.set()
            quick = changes.markdown and not (changes.restart or changes.other)
            written = self.refresh_quickly(changes.markdown) if quick else {}
        if written:
            for url, file in written.items():
                self.quick_pages[url] = (file, digest(file))
            self.state.publish([], only_urls=list(written))
            print(f"Updated {', '.join(written)} in {time.perf_counter() - started:.2f} s")
        self.pending.put(changes)

    def settings_stamps(self) -> list[float]:
        return [path.stat().st_mtime_ns if path.exists() else 0 for path in self.settings_files]

    def build_forever(self) -> None:
        while True:
            changes = self.pending.get()
            while not self.pending.empty():  # everything saved meanwhile, in one build
                changes.merge(self.pending.get())
            self.saved |= {os.path.abspath(path) for path in changes.markdown}
            if changes.restart:
                self.restart()
            self.run_build()

    def refresh_quickly(self, paths: set[str]) -> dict[str, Path]:
        """The saved files' own pages, written from the kept site when there is one and no problem
        is shown: each address with its file. Called with `kept_in_use` held.

        Anything unexpected here leaves the answer to the full build that follows,
        which reports every problem by file and line.
        """
        if self.kept is None or self.state.problems:
            return {}
        try:
            return refresh_own_pages(self.kept, paths, self.output) or {}
        except Exception:
            return {}

    def address_of(self, source: Path) -> str | None:
        """The address of the page the last good build made from `source`, if any."""
        with self.kept_in_use:
            _, item = self.kept.find(str(source)) if self.kept else (None, None)
            return "/" + item.url if item is not None and item.save_as else None

    def unchanged_quick_pages(self) -> list[str]:
        """The quickly refreshed pages the full build just wrote the same, which need no reload; forgets them all."""
        pages, self.quick_pages = self.quick_pages, {}
        return [url for url, (file, known) in pages.items() if digest(file) == known]

    def run_build(self) -> None:
        """A full build; then every open page reloads but the quick pages it left as they were."""
        control = Selection()
        self.current = SiteBuild.selection = control
        started = time.perf_counter()
        kept = False
        gc.disable()  # Python's cycle collector waits for the build's end: see keep()
        try:
            result = build(
                self.project, overrides=build_settings(self.origin), output_setting=FOLDER, recycle=True
            )
            seconds = time.perf_counter() - started
            kept = result.ok and not control.cancelled.is_set()
            if kept:
                self.keep(control.kept)
        finally:
            SiteBuild.selection = None
            if not kept:
                self.free_after_quick_refresh(control)  # what the cancelled or failed build made
            gc.enable()
        if control.cancelled.is_set():
            return
        if not result.ok:
            print("\n".join(result.messages), file=sys.stderr)
            print("The preview still shows the last build that worked.", file=sys.stderr)
            self.state.publish(result.messages)
            return
        warnings = self.warnings()
        self.state.publish([], skip_urls=self.unchanged_quick_pages(), warnings=warnings)
        print(f"Rebuilt the whole site in {seconds:.1f} s")
        if warnings:
            print("Fix before publishing (invoke check would stop here):", *warnings, sep="\n  ")
        self.index_search_later()

    def index_search_later(self) -> None:
        """Index the search bundles the build left for after it (SEARCH_INDEX_LATER, plugins/search):
        its pages are served first, with the last build's bundles in their place meanwhile. A
        change arriving stops it between two bundles; the build that change starts leaves them again."""
        started = time.perf_counter()
        try:
            settings = load_settings(self.project, production=False)
            cache = Path(settings["CACHE_PATH"], "search")
            language = settings["LANGUAGE"].split("-")[0]
            indexed, left = index_later(self.output, cache, language, stop=self.change_waiting)
        except (SearchIndexFailed, SettingsError, OSError) as failure:
            print(f"The search could not be brought up to date: {failure}", file=sys.stderr)
            print("The next build tries again.", file=sys.stderr)
            return
        if indexed and not left:
            seconds = time.perf_counter() - started
            bundles = f"{indexed} bundle{'s' if indexed != 1 else ''}"
            print(f"Brought the search up to date ({bundles} indexed again) in {seconds:.1f} s")

    def change_waiting(self) -> bool:
        return not self.pending.empty()

    def warnings(self) -> list[str]:
        """What `invoke check` says of the text of the files saved in this preview (broken links,
        images without alt text, skipped heading levels, text left from `invoke new`), from the
        site the build just kept: the pages are shown all the same.

        Without the lock quick refreshes take: only this thread (`keep`) replaces the kept
        site, and a save is not kept waiting while 10,000 addresses are listed."""
        if self.kept is None or not self.saved:
            return []
        problems = text_problems(self.kept.generators, self.production, only=self.saved)
        return [str(problem) for problem in sorted(set(problems))]

    def free_after_quick_refresh(self, control: Selection) -> None:
        """Free what a cancelled or failed build made, once any quick refresh under way is done:
        break the references between its objects, so they go at once, and collect what is left.

        At 10,000 articles collecting such a build's objects took 0.16-0.95 s (80,000-470,000
        objects), breaking the references first about 0.1 s and the collection then 0.04 s; no
        other thread runs during a collection. The watcher holds the lock from before it cancels
        the build until the saved posts' pages are written (`take`): those pages never wait."""
        with self.kept_in_use:
            break_references(control.generators)
            control.generators = []
            gc.collect()

    def keep(self, site: KeptSite) -> None:
        """Keep the site of the build just made for quick refreshes, and give back the one before.

        The kept site is then frozen out of Python's cycle collector (`gc.freeze`): its
        collections of the oldest generation, which walk every object and hold every
        thread meanwhile, took 0.5-1 s twice a build at 10,000 articles with two sites in
        memory, and a save arriving then waited that long for its page. The kept site is
        freed by reference counting (`release` breaks its cycles).

        The collector is paused for the whole build (`run_build`): its collections during
        one found next to nothing (about 400 objects in cycles at 10,000 articles) and took
        about a second, walking the new site as it grew. So it collects once, here, between
        letting go of everything frozen and freezing what is left: the build's few cycles
        and what the builds cancelled since the last one left are collected, never frozen.
        """
        with self.kept_in_use:
            before, self.kept = self.kept, site
            gc.unfreeze()
            if before is not None:
                before.release()
        del before  # freed here, object by object
        gc.collect()
        gc.freeze()
        give_memory_back()  # during a build two sites were in memory: not the preview's size from now on

    def restart(self) -> None:
        """Start again in a fresh Python, so the changed code is the code that runs."""
        print("The site's code changed: restarting the preview...")
        command = [sys.executable, "-m", "sitebuild", "serve", "--project", str(self.project)]
        os.execv(sys.executable, [*command, "--port", str(self.port)])


def build_settings(origin: str) -> dict:
    """What the preview at `origin` changes in the settings of its builds: its pages may run the
    live-reload script, which no other build's pages may; it has the browser editor, on the
    working folder (sitebuild/local_editor.py); and the search bundles of changed pages are
    indexed after the pages are served (Preview.index_search_later)."""
    return {
        "EXTRA_SCRIPTS": [f"{PREVIEW_PREFIX}live.js"],
        "SEARCH_INDEX_LATER": True,  # the pages first, the search bundles that changed after
        **EditorBackend.settings(origin),
    }


def digest(file: Path) -> bytes:
    """A page file's digest (empty when it is gone)."""
    try:
        return hashlib.blake2b(file.read_bytes(), digest_size=16).digest()
    except OSError:
        return b""


def serve(project: Path, port: int) -> int:
    try:
        Preview(project, port).run()
    except UnsafePath as refusal:
        print(refusal, file=sys.stderr)
        return 1
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(f"Port {port} is already in use. Stop the other preview, or use --port {port + 1}.")
            return 1
        raise
    return 0
