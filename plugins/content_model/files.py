"""Which files under content/ and theme/ a build reads or publishes, decided before it does.

Whatever a contributor commits is untrusted (DESIGN.md). These checks keep a commit from
running script on the site, leaking the build machine or hanging the build. Each problem
is reported like any other content problem: the file, a line, the field "File" (or "Body"
for a link in a post), what is wrong and how to fix it.

1. Only ordinary files and folders (`refuse_special_files`, on Pelican's `initialized`
   signal, before any folder is walked). A symbolic link could publish any file of the
   build machine (/proc/self/environ holds its secrets), and a link to its own folder keeps
   Pelican's walk, which follows links, going for ever; reading a named pipe (FIFO) never
   returns. So content/ and theme/ are walked here without following any link, and a link,
   FIFO, socket or device anywhere in them stops the build before a file is read.
2. Only Markdown is read (`read_only_markdown`, on `readers_init`): Pelican would also read
   .html and .rst files in the kind folders, raw HTML and all. Any other file in a kind
   folder is reported, with where it belongs, instead of being silently left out.
3. Files published as they are, by allowlist (`file_problems`, from the site-wide checks):
   every file Pelican would copy (those under STATIC_PATHS, and any file a post links to
   with {static} or {attach}) must be under STATIC_PATHS, of a type in STATIC_FILE_TYPES and
   not of a type that can run script or configure the web server (ACTIVE_TYPES, HOST_FILES:
   refused even when listed), and its content must be what its name says (FORMATS): a
   picture starts as a picture does, a text file not as a web page, an SVG is a still
   drawing (svg.py), a JSON file is valid JSON.
"""

from __future__ import annotations

import fnmatch
import json
import os
import posixpath
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .kinds import KINDS
from .problems import ContentProblems, Problem
from .svg import check_drawing

# The extensions Pelican's Markdown reader reads (the content model's reader extends it);
# tests/unit/test_files.py fails if a Pelican version changes them.
READ_EXTENSIONS = ("md", "markdown", "mkd", "mdown")
STATIC_FORMAT = "static"  # Pelican's name for the "reader" of copied files, which reads nothing

PICTURE_TYPES = frozenset({"jpg", "jpeg", "png", "gif", "webp", "avif", "svg"})
WRITTEN_TYPES = frozenset({"html", "htm", "xhtml", "rst", "txt", "markdown"})  # text meant as a post


# --- 1. Only ordinary files and folders -------------------------------------------------


def refuse_special_files(pelican) -> None:
    """Stop the build before anything is read when content/ or theme/ holds anything but files and folders."""
    content = Path(pelican.settings["PATH"])
    problems = special_file_problems([content, Path(pelican.settings["THEME"])], content.parent)
    if problems:
        raise ContentProblems(problems)


def special_file_problems(folders: Iterable[Path], project: Path) -> list[Problem]:
    """A problem for each link, FIFO, socket or device in `folders` (or that is one of them)."""
    problems = []
    for folder in folders:
        if folder.is_symlink():
            problems.append(special_file_problem(folder, project))
        elif folder.is_dir():
            problems += [
                special_file_problem(Path(entry.path), project)
                for entry in walk(folder)
                if not is_ordinary(entry)
            ]
    return problems


def walk(folder: Path) -> Iterator[os.DirEntry]:
    """Every entry below `folder`, never following a link: a loop of links cannot make it go round."""
    pending = [folder]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                yield entry
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))


def is_ordinary(entry: os.DirEntry) -> bool:
    return entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False)


def special_file_problem(path: Path, project: Path) -> Problem:
    mode = path.lstat().st_mode
    shown = shown_path(path, project)
    if stat.S_ISLNK(mode):
        target = os.readlink(path)
        message = (
            f"This is a symbolic link (to {target}), not a file. A link can point anywhere on the "
            "machine that builds the site, so the build never follows one."
        )
        return Problem(
            shown, 1, "File", target, message, "Replace the link with a copy of the file, or delete it."
        )
    if stat.S_ISFIFO(mode):
        what, why = "named pipe (FIFO)", " Reading it would make the build wait for ever."
    else:
        what, why = ("socket" if stat.S_ISSOCK(mode) else "device"), ""
    message = f"This is a {what}, not a file.{why}"
    return Problem(shown, 1, "File", what, message, "Delete it: only ordinary files belong here.")


def shown_path(path: Path | str, project: Path) -> str:
    """A path as a problem names it: relative to the project, with '/', when it is inside."""
    relative = os.path.relpath(path, project)
    return str(path) if relative.startswith("..") else Path(relative).as_posix()


# --- 2. Only Markdown is read -------------------------------------------------------------


def read_only_markdown(readers) -> None:
    """Take every reader but the Markdown one out of Pelican's Readers (readers_init).

    Pelican would read .html (HTMLReader) and, with docutils installed, .rst files as
    posts and pages, with whatever raw HTML they hold. The READERS setting applies before
    this signal, so no setting can bring them back.
    """
    for extension in list(readers.reader_classes):
        if extension not in (*READ_EXTENSIONS, STATIC_FORMAT):
            del readers.reader_classes[extension]


def non_markdown_problems(
    content: Path, static_paths: tuple[str, ...], ignored: tuple[str, ...]
) -> list[Problem]:
    """A problem for each file in a kind folder that is not Markdown: it would never be published.

    Files Pelican ignores (IGNORE_FILES) and files the settings publish as they are
    (STATIC_PATHS) are left alone.
    """
    problems = []
    for folder in KINDS:
        if not (content / folder).is_dir():
            continue
        for entry in walk(content / folder):
            if extension_of(entry.name) in READ_EXTENSIONS or not entry.is_file(follow_symlinks=False):
                continue
            relative = Path(os.path.relpath(entry.path, content)).as_posix()
            ignored_here = any(matches(part, ignored) for part in relative.split("/"))
            if not ignored_here and not is_under(relative, static_paths):
                problems.append(not_markdown_problem(content, relative, static_paths))
    return problems


def not_markdown_problem(content: Path, relative: str, static_paths: tuple[str, ...]) -> Problem:
    folder, name = relative.split("/", 1)[0], posixpath.basename(relative)
    extension = extension_of(name)
    message = (
        f"This is not a Markdown file (.md), so it is never published: "
        f"content/{folder}/ holds only {KINDS[folder].plural.lower()}, written in Markdown."
    )
    home = home_folder(extension, static_paths)
    if extension in PICTURE_TYPES:
        example = f"![what it shows]({{static}}/{home}/{name})"
        fix = f"Move it to content/{home}/ and show it in the post with {example}."
    elif extension in WRITTEN_TYPES:
        fix = (
            "Write it as a Markdown file with front matter instead (.venv/bin/invoke new starts one) "
            "and copy its text in."
        )
    else:
        example = f"[its title]({{static}}/{home}/{name})"
        fix = f"Move it to content/{home}/ and link to it from the post with {example}."
    return Problem(shown_path(content / relative, content.parent), 1, "File", name, message, fix)


def home_folder(extension: str, static_paths: tuple[str, ...]) -> str:
    """Where under content/ a file of this type belongs: images/ for a picture, else files/."""
    wanted = "images" if extension in PICTURE_TYPES else "files"
    return wanted if wanted in static_paths or not static_paths else static_paths[0]


def extension_of(name: str) -> str:
    """'pdf' for 'Report.PDF'; '' for a name with no type ('_headers', '.htaccess' has 'htaccess')."""
    _, dot, extension = name.rpartition(".")
    return extension.casefold() if dot else ""


def matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def is_under(relative: str, folders: tuple[str, ...]) -> bool:
    """Whether a path relative to content/ is one of `folders` (relative too) or inside one."""
    return any(folder == "." or relative == folder or relative.startswith(folder + "/") for folder in folders)


# --- 3. Files published as they are, by allowlist -------------------------------------------


WEB_PAGE = (
    "This is a web page: opened at the site's address, it would run its scripts with the site's rights.",
    "Put its text in a post or page (Markdown), or publish it as PDF, and link to that.",
)
XML_DATA = (
    "This is XML, which a browser may show as a web page and run scripts from.",
    "Publish the data as CSV or JSON, or the document as PDF.",
)
SCRIPT = (
    "This is a script or program that a browser can run.",
    "Remove it: the site runs only its theme's own scripts.",
)
STYLE_SHEET = (
    "This is a style sheet, which can change what every page of the site shows and loads.",
    "Remove it: the site's styles are in the theme (theme/static/css/).",
)
SERVER_PROGRAM = (
    "This is a program that a web server may run.",
    "Remove it: the site is static and runs no programs.",
)
DESKTOP_PROGRAM = (
    "This is a program that a reader would run on their own computer.",
    "Remove it, and link to the page where its maker publishes it.",
)
MACROS = (
    "This is an Office document with macros (programs that run when it is opened).",
    "Save it without macros, as .docx, .xlsx or .pptx, or as PDF.",
)
COMPRESSED_DRAWING = (
    "This is a compressed SVG drawing, which cannot be checked for scripts.",
    "Save it as a plain .svg, or as PNG.",
)
HOST_SETTINGS = (
    "This is a web server's settings file, which could change how the whole site is served.",
    "Remove it: the site's headers and redirects are made by the build (plugins/assets).",
)

# Types a web server may run as a program, even inside a name ("chart.php.png" on Apache).
SERVER_PROGRAMS = "php php3 php4 php5 php7 phtml phar asp aspx jsp cgi shtml".split()  # noqa: SIM905
# Types refused by name, even when STATIC_FILE_TYPES lists them: what each can do at the site's address.
ACTIVE_TYPES: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("html", "htm", "xhtml", "xht", "shtm", "mht", "mhtml", "hta"), WEB_PAGE),
    **dict.fromkeys(("xml", "xsl", "xslt", "rss", "atom", "rdf"), XML_DATA),
    **dict.fromkeys(("js", "mjs", "cjs", "jsx", "vbs", "wasm", "swf", "jar", "class", "xap", "htc"), SCRIPT),
    "css": STYLE_SHEET,
    **dict.fromkeys(
        (*SERVER_PROGRAMS, "ashx", "asmx", "jspx", "cfm", "fcgi", "pl", "py", "rb", "sh", "lua"),
        SERVER_PROGRAM,
    ),
    **dict.fromkeys(
        ("exe", "msi", "bat", "cmd", "com", "scr", "ps1", "dll", "apk", "dmg", "lnk", "reg", "wsf"),
        DESKTOP_PROGRAM,
    ),
    **dict.fromkeys(("docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "ppam", "sldm"), MACROS),
    "svgz": COMPRESSED_DRAWING,
}
# Files a web host or CDN reads as its own settings (headers, redirects, rewrites, passwords).
HOST_FILES = frozenset(
    {
        ".htaccess",
        ".htpasswd",
        ".user.ini",
        "_headers",
        "_redirects",
        "_routes.json",
        "netlify.toml",
        "staticwebapp.config.json",
        "vercel.json",
        "web.config",
    }
)


@dataclass(frozen=True)
class Format:
    """What the start of a file of some type must look like."""

    name: str  # as a reader knows it: "a PDF document"
    fits: Callable[[bytes], bool]  # given the file's first HEAD_BYTES bytes
    fix: str


HEAD_BYTES = 1024
WHITESPACE = b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n"  # byte-order marks, UTF-16's zero bytes and blanks


def is_picture(head: bytes) -> bool:
    return (
        head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a"))
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        or (head[4:8] == b"ftyp" and (b"avif" in head[8:64] or b"avis" in head[8:64]))
    )


def starts_as_markup(head: bytes) -> bool:
    return head.lstrip(WHITESPACE).startswith(b"<")


PICTURE = Format(
    "a picture (PNG, JPEG, GIF, WebP or AVIF)",
    is_picture,
    "Export it again as PNG or JPEG from the program that made it.",
)
PDF = Format(
    "a PDF document",
    lambda head: head.startswith(b"%PDF-"),
    "Export it again as PDF from the program that made it.",
)
OFFICE = Format(
    "an office document (Word, Excel, PowerPoint, OpenDocument, RTF or EPUB)",
    lambda head: head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf")),
    "Save it again from the program that made it, as .docx, .xlsx or .pptx, or as PDF.",
)
TEXT = Format(
    "plain text",
    lambda head: not starts_as_markup(head),
    "Save it as plain text, without the web page markup.",
)
CALENDAR = Format(
    "a calendar (iCalendar)",
    lambda head: head.lstrip(WHITESPACE).upper().startswith(b"BEGIN:VCALENDAR"),
    "Export the calendar again as an .ics file.",
)
FORMATS: dict[str, Format] = {
    **dict.fromkeys(("jpg", "jpeg", "png", "gif", "webp", "avif"), PICTURE),
    "pdf": PDF,
    **dict.fromkeys(
        ("doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "epub"), OFFICE
    ),
    **dict.fromkeys(("txt", "csv", "tsv"), TEXT),
    "ics": CALENDAR,
}
READ_WHOLE = {"svg": "drawing", "json": "data file"}  # checked whole, up to STATIC_CHECK_MAX_BYTES


@dataclass(frozen=True)
class Allowlist:
    """The settings that decide which files are published as they are (defaults in pelicanconf.py)."""

    types: frozenset[str]  # STATIC_FILE_TYPES, lower-case, without the dot
    static_paths: tuple[str, ...]  # STATIC_PATHS, as paths relative to content/
    max_bytes: int  # STATIC_CHECK_MAX_BYTES: the largest SVG or JSON file read whole to check it

    @classmethod
    def from_settings(cls, settings) -> Allowlist:
        """A missing setting allows nothing (every file is refused, naming the setting)."""
        return cls(
            types=frozenset(
                str(kind).casefold().lstrip(".") for kind in settings.get("STATIC_FILE_TYPES", ())
            ),
            static_paths=tuple(
                posixpath.normpath(str(path).strip("/")) for path in settings.get("STATIC_PATHS", ())
            ),
            max_bytes=int(settings.get("STATIC_CHECK_MAX_BYTES", 0) or 0),
        )


OUTSIDE_LINKS = "content_model_outside_links"  # context key: the links keep_static_links_inside took out


def keep_static_links_inside(generator) -> None:
    """Take every {static} or {attach} link that leaves content/ out of the files Pelican will copy.

    Pelican's static generator reads every file it is given in full, to hash it, before
    any check can run: a post linking {static}/../../../../dev/zero would never finish, one
    linking a named pipe never return. It runs last of the generators (so that it sees the
    links of every post), so this runs when the pages generator has finished
    (page_generator_finalized). `file_problems` reports each link on the post that holds it.
    """
    context = generator.context
    content = Path(generator.settings["PATH"])
    outside = {link for link in context.get("static_links", ()) if is_outside(below(content, link))}
    context.get("static_links", set()).difference_update(outside)
    context.setdefault(OUTSIDE_LINKS, set()).update(below(content, link) for link in outside)


def forget_missing_static_links(generator) -> None:
    """Take every {static} or {attach} link to a file that does not exist out of the files Pelican
    will copy (after keep_static_links_inside, at the same signal).

    Pelican would otherwise make a file of the site of it, warn with its absolute path
    ("Cannot get modification stamp for /home/..."), and give the page an image or link to
    an address that does not exist. Left out, the link stays unresolved: the page shows the
    link's text or the image's description, and the build names the post (pages/build.py,
    Builder.content), as `invoke check` does with its line.
    """
    content = Path(generator.settings["PATH"])
    links = generator.context.get("static_links", set())
    links.difference_update({link for link in links if not (content / link).is_file()})


def below(content: Path, path: str | Path) -> str:
    """A path (absolute, or relative to content/) relative to content/, with '/'; '../...' when outside."""
    return Path(os.path.relpath(os.path.normpath(os.path.join(content, path)), content)).as_posix()


def is_outside(relative: str) -> bool:
    return relative == ".." or relative.startswith("../")


def file_problems(context, contents, settings) -> list[Problem]:
    """The files the build would publish as they are that it must not, and the files in kind folders
    that are not Markdown (called with the other site-wide checks, before anything is written).

    `context` is Pelican's (its "staticfiles" are what the build would copy); `contents` are
    the content objects, consulted only to name the post that links a misplaced file.
    """
    content = Path(settings["PATH"])
    project = content.parent
    allowlist = Allowlist.from_settings(settings)
    problems, misplaced = [], set(context.get(OUTSIDE_LINKS, ()))
    for static in context.get("staticfiles", []):
        relative = below(content, static.source_path)
        if is_outside(relative) or not is_under(relative, allowlist.static_paths):
            misplaced.add(relative)
        elif os.path.isfile(static.source_path):  # a link to a missing file is invoke check's to report
            shown = shown_path(static.source_path, project)
            problems += published_file_problems(Path(static.source_path), shown, allowlist)
    problems += misplaced_file_problems(misplaced, contents, allowlist, content)
    problems += non_markdown_problems(
        content, allowlist.static_paths, tuple(settings.get("IGNORE_FILES", ()))
    )
    return problems


def published_file_problems(path: Path, shown: str, allowlist: Allowlist) -> list[Problem]:
    """What stops the file `path` (named `shown` in problems) from being published as it is."""
    extension = extension_of(path.name)
    if extension in READ_EXTENSIONS:
        return []  # Markdown outside the kind folders: the content model reports it (stray_files)
    refusal = refusal_by_name(path.name, allowlist.types)
    if refusal:
        message, fix = refusal
        return [Problem(shown, 1, "File", path.name, message, fix)]
    if extension in READ_WHOLE:
        return whole_file_problems(path, shown, extension, allowlist.max_bytes)
    expected = FORMATS.get(extension)
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
    if expected is None or expected.fits(head):
        return []
    looks = ": it starts like a web page" if starts_as_markup(head) else ""
    message = f"Its name says this is {expected.name}, but its content is not{looks}."
    return [Problem(shown, 1, "File", path.name, message, expected.fix)]


def refusal_by_name(name: str, allowed: frozenset[str]) -> tuple[str, str] | None:
    """(what is wrong, the fix) when a file's name alone rules it out, else None."""
    folded = name.casefold()
    extension = extension_of(folded)
    if folded in HOST_FILES:
        return HOST_SETTINGS
    if extension in ACTIVE_TYPES:
        return ACTIVE_TYPES[extension]
    inner = next((part for part in folded.split(".")[1:-1] if part in SERVER_PROGRAMS), None)
    if inner:
        return (
            f"Its name holds '.{inner}', and some web servers run a file so named as a program.",
            f"Rename it without '.{inner}'.",
        )
    if not extension:
        return (
            "Its name has no type (such as .pdf or .png) at the end.",
            "Add the type to its name, or remove it.",
        )
    if extension not in allowed:
        return (
            f"The site does not publish .{extension} files.",
            (
                f"Save it as one of the types it publishes ({', '.join(sorted(allowed)) or 'none'}), or ask "
                f"a maintainer to add '{extension}' to STATIC_FILE_TYPES in pelicanconf.py."
            ),
        )
    return None


def whole_file_problems(path: Path, shown: str, extension: str, max_bytes: int) -> list[Problem]:
    """An SVG must be a still drawing, a JSON file valid JSON; each is read whole, so its size is bounded."""
    size = path.stat().st_size
    if size > max_bytes:
        message = (
            f"This {READ_WHOLE[extension]} is {size:,} bytes; the build reads one whole to check it is safe, "
            f"up to {max_bytes:,} bytes (STATIC_CHECK_MAX_BYTES in pelicanconf.py)."
        )
        fix = "Save it as PNG, or simplify the drawing." if extension == "svg" else "Publish the data as CSV."
        return [Problem(shown, 1, "File", f"{size} bytes", message, fix)]
    data = path.read_bytes()
    return check_drawing(data, shown) if extension == "svg" else json_problems(data, shown)


def json_problems(data: bytes, shown: str) -> list[Problem]:
    """Valid JSON is data and nothing else: no browser can run it as a script."""
    fix = "Correct it, or export the data again from the program that made it."
    try:
        json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return [Problem(shown, 1, "File", "", "This JSON file is not UTF-8 text.", fix)]
    except json.JSONDecodeError as error:
        message = f"This is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})."
        return [Problem(shown, error.lineno, "File", "", message, fix)]
    except (ValueError, RecursionError) as error:  # a number too long, or lists nested too deeply
        return [Problem(shown, 1, "File", "", f"This JSON file cannot be read: {error}.", fix)]
    return []


def misplaced_file_problems(
    misplaced: set[str], contents, allowlist: Allowlist, content: Path
) -> list[Problem]:
    """Files the build would copy from outside STATIC_PATHS or outside content/ (`misplaced`, relative to
    content/): a problem on each post that links one with {static} or {attach}, and on any that none links."""
    if not misplaced:
        return []  # the usual case: no post's text needs reading
    project = content.parent
    problems, linked = [], set()
    for item in contents:
        source = None
        for link in sorted(item.get_static_links()):
            target = below(content, link)
            if target not in misplaced:
                continue
            linked.add(target)
            if source is None:
                source = Path(item.source_path).read_text(encoding="utf-8", errors="replace")
            line = line_of(source, posixpath.basename(target))
            message, fix = misplaced_sentences(target, allowlist)
            problems.append(Problem(shown_path(item.source_path, project), line, "Body", link, message, fix))
    for target in sorted(misplaced - linked):
        message, fix = misplaced_sentences(target, allowlist)
        shown = shown_path(os.path.normpath(content / target), project)
        problems.append(Problem(shown, 1, "File", target, message, fix))
    return problems


def misplaced_sentences(target: str, allowlist: Allowlist) -> tuple[str, str]:
    folders = (
        " or ".join(f"content/{folder}/" for folder in allowlist.static_paths)
        or "no folder (STATIC_PATHS is empty)"
    )
    name = posixpath.basename(target)
    home = home_folder(extension_of(name), allowlist.static_paths)
    where = "a file outside content/" if is_outside(target) else f"content/{target}"
    message = f"This links to {where}; the site publishes files only from {folders}."
    return message, f"Put the file in content/{home}/ and link to it as {{static}}/{home}/{name}."


def line_of(text: str, needle: str) -> int:
    """The first line of `text` that holds `needle`, else 1."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1
