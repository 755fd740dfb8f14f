"""The redirects data file's rules, and the files made from it, as plain functions: no Pelican.

The file is CSV: a header `old,new`, then one row per old address. Old addresses are
written once, bare (`/blog/article/x`, never `/blog/article/x/` or `.../index.html`);
what is published covers each one's variants (`variants`).

Two kinds of rule:

- `read_redirects` checks what the file alone can tell: the header, each row's two
  addresses (`address_problem`), an old address given twice, a redirect to the same
  page, a redirect to another redirect. Builds and `invoke check` run it with the
  content model's other checks.
- `check_against_site` needs what a build writes (`WrittenSite`): an old address the
  build publishes a page or file at (the redirect would hide it, or never be used), and
  a new address that is no page or file of the build. Only builds run it.

Then `netlify_rules`, `nginx_rules` and `page_file` say what is published, and
`redirects_file` and `nginx_map` write the two files.

Addresses are decided by allowlist: the file comes from pull requests, and its values
end up in `_redirects` (split on spaces), an nginx configuration file (where quotes,
`;`, `{}`, `$` and `#` mean something) and HTML pages. An address is a path from the
site's root made of letters, digits and `-._~/%+,=@!()`; any other character must be
a `%XX` escape. Escapes are decoded where a host decodes them (nginx's `$uri`, file
names), so they may not hide a `/`, a control character or a `.`/`..` part.

Addresses are compared ignoring case, because nginx matches a map's keys ignoring case:
`/About` and `/about/` are one page to it, and a redirect from one to the other a loop.
"""

from __future__ import annotations

import csv
import io
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from content_model.problems import Problem, suggestion

HEADER = ["old", "new"]
# '*' and ':' are left out of the allowlist: `_redirects` reads a '*' as any address (a "splat")
# and ':name' as any part (a placeholder), wherever they are (Cloudflare's rules engine).
ADDRESS_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~/%+,=@!()")
WHY_NOT = {
    "*": "in _redirects a * stands for any address",
    ":": "in _redirects a :name is a placeholder for any part of an address",
    "?": "a query (?...) is not part of a page's address",
    "#": "a fragment (#...) never reaches the web server",
}
ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")  # a '%' that does not start an escape
EXTENSION = re.compile(r"(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,5}")  # 'pdf', 'mp4'; not '2' of 'v1.2'
PAGE_TYPES = ("html", "htm")  # an old address of these types gets a redirect page at itself
DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
MAX_ADDRESS_LENGTH = 1000  # characters, as written
MAX_PART_BYTES = 200  # a part of an address is a folder's or file's name in output/
SUGGESTIONS = 50  # unknown new addresses that get a "did you mean" (each compares with every address)

KEEP_BARE = "The build redirects '{bare}', '{bare}/' and '{bare}/index.html' alike: write '{bare}' once."


@dataclass(frozen=True)
class Redirect:
    """One row of the data file."""

    old: str  # as written, escapes and all: "/blog/article/peer-challenge-works"
    new: str  # "/blog/peer-challenge-works/"
    line: int  # where the row starts in the file


@dataclass(frozen=True)
class WrittenSite:
    """What one build writes, for the rules that need it (sitebuild/pages/redirects.py makes it).

    Each mapping goes from a file's path below the output folder to what it is, for messages
    ("content/blog/x.md", "the blog listing").
    """

    files: Mapping[str, str]  # every file the build writes: pages, feeds, static files...
    folders: Mapping[str, str]  # folders the build fills itself ("theme", "pagefind")
    unwritten: Mapping[str, str]  # the files of items this build leaves out (drafts, scheduled posts)


# -- one address ---------------------------------------------------------------------------


def extension(address: str) -> str:
    """'pdf' for '/files/report-2023.pdf'; '' for an address with no file type ('/blog/a-post')."""
    stem, dot, suffix = address.rsplit("/", 1)[-1].rpartition(".")
    return suffix.lower() if dot and stem and EXTENSION.fullmatch(suffix) else ""


def variants(address: str) -> tuple[str, ...]:
    """The addresses readers may use for an old address: with and without '/' and index.html for
    one with no file type, else just itself."""
    if extension(address):
        return (address,)
    return (address, f"{address}/", f"{address}/index.html")


def key(address: str) -> str:
    """An address as the rules compare it: decoded, as hosts decode it, and ignoring case, as nginx does."""
    return unquote(address).casefold()


def served_files(redirect: Redirect) -> tuple[str, ...]:
    """The files below the output folder a static host would serve at the old address."""
    path = unquote(redirect.old).lstrip("/")
    return (path,) if extension(redirect.old) else (path, f"{path}/index.html")


def page_file(redirect: Redirect) -> str:
    """Where the redirect page of an old address is saved ('blog/article/x/index.html', or the
    address itself for an old .html page); '' for an old file of another type (a PDF)."""
    kind = extension(redirect.old)
    path = unquote(redirect.old).lstrip("/")
    if not kind:
        return f"{path}/index.html"
    return path if kind in PAGE_TYPES else ""


def shown(value: str, limit: int = 80) -> str:
    """A value as a one-line message can show it: invisible characters as escapes, long ones cut."""
    visible = "".join(
        character if character.isprintable() and character not in DIRECTION_CONTROLS
        else f"\\u{ord(character):04x}"
        for character in value[: limit + 1]
    )  # fmt: skip
    return visible if len(value) <= limit else visible[:limit] + "…"


def address_problem(value: str, old: bool) -> tuple[str, str] | None:
    """What is wrong with `value` as an old address (`old`) or a new one, and the fix; None if nothing."""
    if not value:
        return "is empty.", "Write the address, starting with '/'."
    if len(value) > MAX_ADDRESS_LENGTH:
        return f"is {len(value):,} characters long.", f"Shorten it to at most {MAX_ADDRESS_LENGTH:,}."
    if not value.startswith("/"):
        return (
            "does not start with '/': every address here is a path on this site.",
            "Write the path from the site's root, such as /blog/my-post/ (not https://..., not javascript:).",
        )
    return character_problem(value) or escape_problem(value) or part_problem(value, old)


def character_problem(value: str) -> tuple[str, str] | None:
    bad = next((character for character in value if character not in ADDRESS_CHARACTERS), None)
    if bad is None:
        return None
    name = {" ": "a space", '"': "a double quote", "'": "a single quote", "\\": "a backslash"}.get(bad)
    if name is None:
        name = f"'{bad}'" if bad.isprintable() else f"an invisible character (U+{ord(bad):04X})"
    why = f" ({WHY_NOT[bad]})" if bad in WHY_NOT else ""
    return (
        f"holds {name}{why}.",
        "Use only letters, digits and - . _ ~ / % + , = @ ! ( ); write any other character "
        "of a path as a %XX escape (a space is %20).",
    )


def escape_problem(value: str) -> tuple[str, str] | None:
    if ESCAPE.search(value):
        return "holds a '%' that is not followed by two hexadecimal digits.", "Write a '%' itself as %25."
    try:
        decoded = unquote(value, errors="strict")
    except UnicodeDecodeError:
        return "holds escapes that are not UTF-8 text.", "Escape each UTF-8 byte (é is %C3%A9)."
    if decoded.count("/") != value.count("/"):
        return "holds an escaped '/' (%2F).", "Write '/' itself where the address has a '/'."
    if any(not character.isprintable() or character in DIRECTION_CONTROLS for character in decoded):
        return (
            "holds an escape of an invisible or control character.",
            "Remove it: addresses readers follow never hold one.",
        )
    return None


def part_problem(value: str, old: bool) -> tuple[str, str] | None:
    """The parts between the '/'s, decoded: each a file's or folder's name on a host."""
    decoded = unquote(value)
    if old and decoded == "/":
        return "is the home page.", "Delete this line: the home page stays where it is."
    if old and decoded.endswith("/"):
        bare = value.rstrip("/")
        return "ends with '/'.", KEEP_BARE.format(bare=bare)
    if old and decoded.endswith("/index.html"):
        return "ends with '/index.html'.", KEEP_BARE.format(bare=value[: -len("/index.html")])
    parts = decoded.split("/")[1:]
    if not old:
        parts = parts[:-1] + ([parts[-1]] if parts[-1] else [])  # a new address may end with '/'
    for part in parts:
        if not part:
            return "holds '//'.", "Write one '/' between the parts of the address."
        if part in (".", ".."):
            return f"holds a '{part}' part.", "Write the address as readers reach it, without . or .. parts."
        if part[0] in "._":
            return (
                f"holds a part starting with '{part[0]}' ('{shown(part, 40)}'): such names are the web "
                "host's own files (/.well-known, /_headers).",
                "Leave it out: the site has no page there.",
            )
        if len(part.encode("utf-8")) > MAX_PART_BYTES:
            return (
                f"holds a part longer than {MAX_PART_BYTES} bytes, too long for a file name.",
                "Shorten it.",
            )
    return None


# -- the file ------------------------------------------------------------------------------


def read_redirects(text: str, path: str) -> tuple[list[Redirect], list[Problem]]:
    """The redirects of the data file's `text` (shown as `path` in problems), and every problem the
    file alone shows. A row with a problem is not among the redirects."""
    rows, problems = csv_rows(text, path)
    redirects = []
    first: dict[str, Redirect] = {}  # by the key of the old address
    for line, row in rows:
        redirect, problem = checked_row(line, row, path)
        if problem is None and key(redirect.old) in first:
            problem = duplicate_problem(redirect, first[key(redirect.old)], path)
        if problem is None and key(redirect.new) in map(key, variants(redirect.old)):
            problem = Problem(
                path,
                line,
                "new",
                redirect.new,
                f"Line {line} redirects '{shown(redirect.old)}' to '{shown(redirect.new)}', the same page: "
                "readers would be sent round in a loop.",
                "Delete this line.",
            )
        if problem is None:
            first[key(redirect.old)] = redirect
            redirects.append(redirect)
        else:
            problems.append(problem)
    chains = chain_problems(redirects, path)
    chained = {problem.line for problem in chains}
    return [redirect for redirect in redirects if redirect.line not in chained], problems + chains


def csv_rows(text: str, path: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """(line, fields) of each row after the header, blank lines left out; and a problem with the
    header, or with CSV the csv module cannot read."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, problems, start = [], [], 1
    try:
        for row in reader:
            if row:
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(
            Problem(
                path, start, "old", "", f"Line {start} cannot be read as CSV: {error}.",
                "Write each redirect as old,new on a line of its own, without quotes.",
            )
        )  # fmt: skip
    if rows and rows[0][1] == HEADER:
        return rows[1:], problems
    if rows:
        line, row = rows[0]
        header = ",".join(row)
        problems.append(
            Problem(
                path, line, "old", header, f"The first line is '{shown(header)}', not the header 'old,new'.",
                "Make the first line old,new, then write one redirect a line.",
            )
        )  # fmt: skip
        return rows[1:] if not row[0].startswith("/") else rows, problems
    return rows, problems


def checked_row(line: int, row: list[str], path: str) -> tuple[Redirect, Problem | None]:
    """The row as a redirect, and the first problem of its shape or its two addresses."""
    if len(row) != 2:
        written = ",".join(row)
        return Redirect(written, "", line), Problem(
            path,
            line,
            "old",
            written,
            f"Line {line} has {len(row)} value{'s' * (len(row) != 1)}; a redirect is two: old,new.",
            "Write the old address, a comma, and the new address, and nothing else.",
        )
    redirect = Redirect(row[0], row[1], line)
    for field, value in (("old", redirect.old), ("new", redirect.new)):
        found = address_problem(value, old=field == "old")
        if found:
            message, fix = found
            said = f"{field.capitalize()} address '{shown(value)}' {message}"
            return redirect, Problem(path, line, field, value, said, fix)
    return redirect, None


def duplicate_problem(redirect: Redirect, earlier: Redirect, path: str) -> Problem:
    same = ""
    if earlier.old != redirect.old:
        same = f" (written '{shown(earlier.old)}': web servers read escapes and ignore upper and lower case)"
    return Problem(
        path,
        redirect.line,
        "old",
        redirect.old,
        f"Old address '{shown(redirect.old)}' is redirected already, by line {earlier.line}{same}.",
        "Keep one of the two lines: an old address can lead to one new address only.",
    )


def chain_problems(redirects: list[Redirect], path: str) -> list[Problem]:
    """A problem for each redirect to an address that another row redirects again."""
    by_old = {key(variant): redirect for redirect in redirects for variant in variants(redirect.old)}
    problems = []
    for redirect in redirects:
        then = by_old.get(key(redirect.new))
        if then is not None and then is not redirect:
            problems.append(
                Problem(
                    path,
                    redirect.line,
                    "new",
                    redirect.new,
                    f"New address '{shown(redirect.new)}' is an old address itself: line {then.line} "
                    f"redirects it to '{shown(then.new)}', so readers would be redirected twice.",
                    f"Point line {redirect.line} straight at where line {then.line} leads.",
                )
            )
    return problems


# -- against the files a build writes ------------------------------------------------------


def check_against_site(
    redirects: list[Redirect], site: WrittenSite, path: str
) -> tuple[list[Redirect], int, list[Problem]]:
    """The redirects this build publishes; how many it leaves out because their new address is an
    item it does not write (a draft in a production build, a post scheduled for later); and a
    problem for each old address the build writes a file at and each new address that is nothing."""
    files = {name.casefold(): (name, what) for name, what in (*site.unwritten.items(), *site.files.items())}
    folders = {name.casefold(): what for name, what in site.folders.items()}
    written = addresses(site.files)
    unwritten = addresses(site.unwritten)
    published, left_out, problems = [], 0, []
    for redirect in redirects:
        problem = shadow_problem(redirect, files, folders, path)
        if problem is None and unquote(redirect.new) not in written:
            if unquote(redirect.new) in unwritten:
                left_out += 1
                continue
            hint = suggestion(unquote(redirect.new), sorted(written)) if len(problems) < SUGGESTIONS else ""
            problem = Problem(
                path,
                redirect.line,
                "new",
                redirect.new,
                f"New address '{shown(redirect.new)}' is not a page or file of the site.{hint}",
                "Correct it: a page's address ends with '/' (/blog/my-post/); a file's is its path "
                "(/files/report.pdf).",
            )
        if problem is None:
            published.append(redirect)
        else:
            problems.append(problem)
    return published, left_out, problems


def addresses(files: Mapping[str, str]) -> set[str]:
    """Each file's address from the site's root, decoded: '/blog/x/' and '/blog/x/index.html' for
    'blog/x/index.html'; '/files/a.pdf' for 'files/a.pdf'."""
    found = set()
    for name in files:
        found.add(f"/{name}")
        if name == "index.html" or name.endswith("/index.html"):
            found.add(f"/{name[: -len('index.html')]}")
    return found


def shadow_problem(
    redirect: Redirect, files: dict[str, tuple[str, str]], folders: dict[str, str], path: str
) -> Problem | None:
    """A problem when the build publishes a file where a host would look for the old address (the
    redirect would hide it, or never be used), or a file where the address needs a folder.
    `files` and `folders` are keyed ignoring case (see the module's docstring)."""
    for served in served_files(redirect):
        parts = served.casefold().split("/")
        for depth in range(1, len(parts) + 1):
            name, what = files.get("/".join(parts[:depth]), (None, ""))
            if name is None and depth == 1 and parts[0] in folders:
                name, what = f"{parts[0]}/", folders[parts[0]]
            if name is not None:
                return Problem(
                    path,
                    redirect.line,
                    "old",
                    redirect.old,
                    f"Old address '{shown(redirect.old)}' is where the site publishes {what} "
                    f"({name}): the redirect would hide it, or never be followed.",
                    "Delete this line: the old address belongs to the new site.",
                )
    return None


# -- what is published ---------------------------------------------------------------------


def site_prefix(siteurl: str) -> str:
    """The path part of SITEURL ('/sub' of 'https://host/sub'; '' for a site at the host's root)."""
    return quote(urlsplit(siteurl).path.rstrip("/"), safe="/%" + "".join(ADDRESS_CHARACTERS - {"%"}))


def netlify_rules(redirects: list[Redirect], prefix: str = "") -> tuple[tuple[str, str], ...]:
    """(from, to) of each line of `_redirects`: every variant of each old address, as written, sorted."""
    return tuple(
        sorted(
            (prefix + variant, prefix + redirect.new)
            for redirect in redirects
            for variant in variants(redirect.old)
        )
    )


def nginx_rules(redirects: list[Redirect], prefix: str = "") -> tuple[tuple[str, str], ...]:
    """(key, value) of each line of the nginx map: every variant of each old address decoded, as
    nginx's $uri is, and the new address as written (nginx sends it on as it is), sorted."""
    return tuple(
        sorted(
            (unquote(prefix + variant), prefix + redirect.new)
            for redirect in redirects
            for variant in variants(redirect.old)
        )
    )


def redirects_file(rules: tuple[tuple[str, str], ...], source: str) -> str:
    """`_redirects` (Netlify, Cloudflare Pages): one `from to 301` line per rule."""
    lines = [f"# Made by the build from {source}: change that file, not this one."]
    lines += [f"{old} {new} 301" for old, new in rules]
    return "\n".join(lines) + "\n"


def nginx_map(rules: tuple[tuple[str, str], ...], source: str, name: str) -> str:
    """The entries of an nginx `map $uri $redirect_to { ... }` block, with how to use them."""
    lines = [
        f"# Made by the build from {source}: change that file, not this one.",
        "# In nginx's http block:",
        "#     map $uri $redirect_to {",
        f"#         include /path/to/the/site/{name};",
        "#     }",
        "# and in the site's server block:",
        "#     if ($redirect_to) { return 301 $redirect_to; }",
    ]
    lines += [f"{nginx_string(old)} {nginx_string(new)};" for old, new in rules]
    return "\n".join(lines) + "\n"


def nginx_string(value: str) -> str:
    """A quoted string of nginx's configuration language: nothing inside it is read as syntax."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def each_page(redirects: list[Redirect]) -> Iterator[tuple[str, Redirect]]:
    """(file, redirect) of each redirect that gets a page."""
    for redirect in redirects:
        saved_as = page_file(redirect)
        if saved_as:
            yield saved_as, redirect
