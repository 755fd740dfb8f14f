"""The key of a write: a hash of everything the pages of one `write_file` call can show.

- The site's part: the versions of Python, Pelican, Jinja and MarkupSafe, the
  settings (all but those that change on every build or only steer how it runs,
  content_model.object_cache.PER_BUILD_SETTINGS: a template reading one of them
  has it in the write's part), and the bytes of every file in the theme and
  plugin folders (templates, the theme files whose hashed names pages show,
  the filters' code).
- The write's part: where it writes, its template, and for each variable that
  template (with every template it extends, includes or imports) reads, as found
  by Jinja's own parser, the digest of what that variable holds (describe.py);
  for a listing, the lists its pages are cut from. A template that picks a
  template to include at run time makes no key: its pages are always rendered.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

from content_model.object_cache import site_key
from jinja2 import meta

from .describe import Describer, Undescribable

TEMPLATE_LIBRARIES = ("jinja2", "markupsafe")
MISSING = b"missing"


class WriteKeys:
    """The key of each write of one build, made after everything is read."""

    def __init__(self, settings: dict, context: dict):
        self.site = site_digest(settings)
        self.describer = Describer(settings, context)
        self.variables: dict[str, tuple[str, ...] | None] = {}

    def key(self, name: str, template, context: dict, options: tuple, kwargs: dict) -> str | None:
        """The key of writing `name` with `template`; None if it cannot be known (the pages are rendered)."""
        names = self.template_variables(template.environment, template.name)
        if names is None:
            return None
        digest = hashlib.blake2b(self.site, digest_size=20)
        relative_urls, paginated, *rest = options
        digest.update(repr((name, template.name, relative_urls, *rest)).encode())
        value = self.describer.value
        globals_ = template.environment.globals
        try:
            for variable, items in sorted((paginated or {}).items()):  # a listing's pages are cut from these
                digest.update(f"paginated {variable}=".encode() + value(items))
            for variable in names:
                if variable in kwargs:
                    held = value(kwargs[variable])
                elif variable in context:
                    held = value(context[variable])
                else:
                    held = value(globals_[variable]) if variable in globals_ else MISSING
                digest.update(variable.encode() + b"=" + held)
        except Undescribable:
            return None
        return digest.hexdigest()

    def template_variables(self, environment, name: str | None) -> tuple[str, ...] | None:
        """The variables a template reads, sorted, or None if it chooses a template at run time."""
        if name not in self.variables:
            names = variables_read(environment, name, set())
            self.variables[name] = None if names is None else tuple(sorted(names))
        return self.variables[name]


def variables_read(environment, name: str | None, seen: set[str]) -> set[str] | None:
    """The variables template `name` and every template it extends, includes or imports read."""
    if name is None:
        return None  # chosen at run time
    if name in seen:
        return set()
    seen.add(name)
    tree = environment.parse(environment.loader.get_source(environment, name)[0])
    names = set(meta.find_undeclared_variables(tree))
    for used in meta.find_referenced_templates(tree):
        more = variables_read(environment, used, seen)
        if more is None:
            return None
        names |= more
    return names


def site_digest(settings: dict) -> bytes:
    """What every page depends on besides its variables: what every kept content object was made
    from (content_model.object_cache.site_key: versions, settings, the plugins' code), Jinja's and
    MarkupSafe's versions, and the theme's files and the plugins' other files."""
    digest = hashlib.sha256(site_key(settings).encode())
    for library in TEMPLATE_LIBRARIES:
        digest.update(f"\n{library} {version(library)}".encode())
    for folder in [settings["THEME"], *settings.get("PLUGIN_PATHS", ())]:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts:
                digest.update(b"\n" + path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()
