"""The browser editor's configuration (Decap CMS's config.yml), made from the content model.

Nothing here is written by hand per field: each kind of content (content_model.kinds) is a
collection with the kind's folder, and each of its front-matter keys a field whose widget
comes from what the key holds (FIELDS). The choices of a select are the settings' lists
(CATEGORIES, REGIONS, PUBLICATION_TYPES), and the series those the content already has, so
a change to a list in pelicanconf.py is in the editor after the next build. A key the kind
requires is required in the form; the others may be left empty. The editor writes the
site's own `Key: value` front matter (the "site-front-matter" format, static/site-editor.js),
so what it saves is read and checked exactly as a hand-written file is.

Plain functions, no Pelican: `editor_config` returns a dict the build writes as JSON
(which is YAML, as Decap reads config.yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from content_model.kinds import KINDS, Kind
from content_model.rules import RELATABLE, SLUG_PATTERN, STATUSES, Vocabulary

FORMAT = "site-front-matter"  # registered by static/site-editor.js
DATE_FORMAT = "YYYY-MM-DD HH:mm"  # how Date, Start and End are written (UK time, as the rules read them)
HTTPS = ["^https://[^\\s]+$", "Give the full address, starting with https://"]
YEAR = ["^[0-9]{4}$", "A four-digit year, like 2026"]
SLUG = [SLUG_PATTERN.pattern, "Only lower-case letters, digits and single hyphens, like my-first-post"]
COMMAS = "Separate several with commas."
# The kinds whose files go in a folder per year, as `invoke new` files them.
BY_YEAR = ("blog", "regional-updates")
# The hosts each repository service's editor talks to, besides the site: its API.
API_HOSTS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com"}
HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")  # a host name's letters, as urlsplit gives it


# Decap's repository services, and what each needs besides its name.
BACKENDS = {
    "github": ("repo",),
    "gitlab": ("repo",),
    "gitea": ("repo",),
    "bitbucket": ("repo",),
    "azure": ("repo",),
    "git-gateway": (),
    "proxy": ("proxy_url",),  # `invoke serve`'s own (sitebuild/local_editor.py)
}
EXAMPLE_BACKEND = '{"name": "github", "repo": "your-association/website", "branch": "main"}'


class BadEditorSetting(ValueError):
    """EDITOR_BACKEND or another editor setting cannot make a working editor; the message says why."""

    stage = "publishing the browser editor"


def checked_backend(backend: object) -> dict:
    """EDITOR_BACKEND when it names a repository service with what that service needs, as plain
    text values (it is written into config.yml); else BadEditorSetting, with the fix."""
    if not isinstance(backend, dict):
        raise BadEditorSetting(
            f"EDITOR_BACKEND is {backend!r}, not a dict: write it like {EXAMPLE_BACKEND} "
            "(or {} for no editor)"
        )
    name = backend.get("name")
    if name not in BACKENDS:
        raise BadEditorSetting(
            f"EDITOR_BACKEND's name is {name!r}: use 'github' or 'gitlab' (or another service Decap CMS "
            f"knows: {', '.join(sorted(set(BACKENDS) - {'github', 'gitlab'}))})"
        )
    for key in BACKENDS[name]:
        if not isinstance(backend.get(key), str) or not backend[key].strip():
            raise BadEditorSetting(f"EDITOR_BACKEND for {name} needs {key!r}, like {EXAMPLE_BACKEND}")
    for key, value in backend.items():
        if not isinstance(key, str) or not isinstance(value, str | bool | int):
            raise BadEditorSetting(f"EDITOR_BACKEND's {key!r} is {value!r}: give each value as text")
    return dict(backend)


@dataclass(frozen=True)
class Choices:
    """The lists the editor offers, from the settings and the content."""

    vocabulary: Vocabulary
    series: tuple[str, ...] = ()  # every series the content has, in order


def select(options, default: str | None = None) -> dict:
    field = {"widget": "select", "options": list(options)}
    if default:
        field["default"] = default
    return field


def datetime_field(hint: str) -> dict:
    return {
        "widget": "datetime",
        "format": DATE_FORMAT,
        "date_format": "YYYY-MM-DD",
        "time_format": "HH:mm",
        "hint": hint,
    }


def field_widgets(choices: Choices, workflow: bool) -> dict[str, dict]:
    """What each front-matter key looks like in the form (without its name, label and required).

    With the editorial workflow the review decides when a post goes live (when its change
    is merged), so Status starts as published; without, as `invoke new` starts it: draft.
    """
    words = choices.vocabulary
    return {
        "title": {"widget": "string"},
        "date": {
            **datetime_field("UK time. A date to come keeps the post off the site until then."),
            "default": "{{now}}",
        },
        "start": {**datetime_field("UK time.")},
        "end": {**datetime_field("UK time; after the start.")},
        "category": select(words.categories),
        "region": select(words.regions),
        "type": select(words.publication_types),
        "series": select(choices.series),
        "authors": {"widget": "string", "hint": f"One name, or several. {COMMAS}"},
        "tags": {"widget": "string", "hint": f"A few words readers might look for. {COMMAS}"},
        "summary": {"widget": "text", "hint": "One or two sentences for listings and search results."},
        "location": {"widget": "string", "hint": "A venue and town, or Online."},
        "booking": {"widget": "string", "pattern": HTTPS, "hint": "The booking page's address."},
        "link": {"widget": "string", "pattern": HTTPS, "hint": "Where it is, if not a file here."},
        "file": {
            "widget": "file",
            "media_folder": "/{content}files",
            "public_folder": "files",
            "hint": "The publication's own file (PDF, Word...), if it is not a link.",
        },
        "publisher": {"widget": "string"},
        "year": {"widget": "string", "pattern": YEAR},
        "pages": {"widget": "string", "hint": "Page numbers, like 12-34."},
        "related": {"widget": "string", "hint": f"Slugs of posts to list first under Related. {COMMAS}"},
        "unrelated": {"widget": "string", "hint": f"Slugs of posts never to list under Related. {COMMAS}"},
        "relatable": select(RELATABLE),
        "slug": {
            "widget": "string",
            "pattern": SLUG,
            "hint": "The last part of the page's address. Leave empty to make it from the title.",
        },
        "status": {
            **select(STATUSES, default="published" if workflow else "draft"),
            "hint": "Draft: in the preview only. Published: on the site. Hidden: on the site but in no list.",
        },
        "modified": {**datetime_field("When it last changed, if it has been corrected or updated.")},
    }


# The order of the fields in the form: what a writer fills in first comes first.
ORDER = (
    "title", "date", "start", "end", "location", "booking", "category", "type", "region",
    "series", "authors", "tags", "summary", "file", "link", "publisher", "year", "pages",
    "related", "unrelated", "relatable", "slug", "status", "modified",
)  # fmt: skip


def fields_of(kind: Kind, widgets: dict[str, dict], content: str) -> list[dict]:
    """The form of one kind: every key it reads, in ORDER, then the text."""
    keys = [key for key in ORDER if key in kind.keys]
    fields = []
    for key in keys:
        field = {"name": key, "label": key.capitalize(), **widgets[key]}
        if "media_folder" in field:
            field["media_folder"] = field["media_folder"].format(content=content)
        if key not in kind.required:
            field["required"] = False
        fields.append(field)
    fields.append({"name": "body", "label": "Text", "widget": "markdown"})
    return fields


def collection(kind: Kind, widgets: dict[str, dict], content: str) -> dict:
    return {
        "name": kind.folder,
        "label": kind.plural,
        "label_singular": kind.label,
        "folder": f"{content}{kind.folder}",
        "create": True,
        "extension": "md",
        "format": FORMAT,
        "slug": "{{slug}}",
        **({"path": "{{year}}/{{slug}}"} if kind.folder in BY_YEAR else {}),
        "summary": "{{title}}",
        # images added in the text go to content/images/ (relative to the entry's folder without the /)
        "media_folder": f"/{content}images",
        "public_folder": "{static}/images",
        "sortable_fields": [key for key in ("date", "start", "title") if key in kind.keys],
        "fields": fields_of(kind, widgets, content),
    }


def editor_config(
    choices: Choices, backend: dict, content: str = "", workflow: bool = False, preview: str = ""
) -> dict:
    """Decap CMS's configuration for the content folder `content` ("" when the editor's files are
    the content folder itself, as in the preview; "content/" in a repository).

    `preview`: in `invoke serve`, the address below which the preview shows the page of a
    content file ("http://127.0.0.1:8000/__preview/source/" + its path), for the editor's link.
    """
    widgets = field_widgets(choices, workflow)
    config = {
        "backend": backend,
        "media_folder": f"{content}images",
        "public_folder": "{static}/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(kind, widgets, content) for kind in KINDS.values()],
    }
    if workflow:
        config["publish_mode"] = "editorial_workflow"
    if preview:
        config["locale"] = "en-preview"  # "Save", not "Publish" (static/site-editor.js)
        address = urlsplit(preview)
        config["site_url"] = f"{address.scheme}://{address.netloc}"  # "View in the preview" links there
        for form in config["collections"]:
            below = address.path.lstrip("/")
            form["preview_path"] = f"{below}{form['folder']}/{{{{dirname}}}}/{{{{filename}}}}.md"
    return config


def api_origin(value: object) -> str | None:
    """`value` as a policy source when it is an https address of a plain host name: "https://host"
    (a space, ';' or a path in a setting would otherwise add sources or directives to the policy)."""
    try:
        address = urlsplit(value) if isinstance(value, str) else None
        port = f":{address.port}" if address and address.port else ""
    except ValueError:  # a port that is not a number
        return None
    if not address or address.scheme != "https" or not HOST.fullmatch(address.hostname or ""):
        return None
    return f"https://{address.hostname}{port}"


def editor_policy(backend: dict, for_meta: bool = True) -> str:
    """The editor page's Content-Security-Policy: the site's own files and its repository's API.

    Scripts come from the site only, but Decap checks its configuration with ajv, which
    compiles each check with `new Function` ('unsafe-eval': it refuses to start without).
    Decap styles its page with <style> elements it writes itself ('unsafe-inline' for styles
    only, never for scripts), shows images being uploaded from blob: addresses and draws its
    preview in a frame of its own (about:blank, which inherits this policy). The API's host is
    its service's, or the backend's api_root; base_url is the sign-in service's. As the site's own
    policy, frame-ancestors is in the header only (`for_meta` False).
    """
    hosts = {API_HOSTS.get(backend.get("name", ""))}
    hosts |= {api_origin(backend.get(key)) for key in ("api_root", "base_url")}
    connect = " ".join(["'self'", *sorted(host for host in hosts if host)])
    directives = [
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' blob: data:",
        "media-src 'self' blob:",
        f"connect-src {connect}",
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if not for_meta:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)
