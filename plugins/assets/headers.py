"""The site's Content-Security-Policy and its `_headers` file, as plain strings.

The site has two policies, and a browser obeys both: the site's own
(`content_security_policy`: only the site's origin, for every kind of file) and
the scripts policy (`scripts_policy`: only the scripts the site ships, by path).
They are made from the settings, once, and used twice: in the `_headers` file a
CDN sends with every response, and in two `<meta http-equiv>` tags in every
page's <head> (which also cover a host that ignores `_headers`). A meta policy
cannot carry frame-ancestors, so that directive is in the header only.

The `_headers` file is the format Netlify and Cloudflare Pages read: a path
pattern, then its headers indented below it. A response gets the headers of
every rule whose pattern matches, and Cloudflare joins two values of one
header with a comma, so each header is set by rules that never overlap:
the security headers once for `/*`, Cache-Control once per top-level folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote, urlsplit

CSP = "Content-Security-Policy"
IMMUTABLE = "public, max-age=31536000, immutable"  # hashed theme files: a new version has a new name
REVALIDATE = "public, max-age=0, must-revalidate"  # pages, feeds, files and Pagefind's fixed names
SCRIPT_SUFFIXES = (".js", ".mjs")  # the theme files that are scripts
# A host name as IFRAME_HOSTS must give one: labels of letters, digits and inner hyphens, two or more.
HOST_NAME = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


class BadHost(ValueError):
    """IFRAME_HOSTS holds something other than a host name."""

    stage = "making the Content-Security-Policy"


def checked_hosts(iframe_hosts: Iterable[str]) -> list[str]:
    """IFRAME_HOSTS as they go into a policy, once each is a plain host name (no scheme, path, port,
    wildcard, space or ';', any of which would let a value add sources or directives to the policy)."""
    hosts = [str(host).strip().lower().rstrip(".") for host in iframe_hosts]
    for host in hosts:
        if not HOST_NAME.fullmatch(host):
            raise BadHost(
                f"IFRAME_HOSTS in pelicanconf.py holds {host!r}, which is not a host name; write only the "
                "host, such as 'www.youtube-nocookie.com' (its subdomains are allowed with it)"
            )
    return hosts


def content_security_policy(iframe_hosts: Iterable[str], for_meta: bool = False) -> str:
    """Only the site's own scripts, styles, images and fonts; no plugins; frames only from `iframe_hosts`.

    'wasm-unsafe-eval' lets Pagefind compile its WebAssembly; it allows no
    eval() of JavaScript. It is in the policy of every page, not in a rule for
    the search page alone, because the hosts add a second rule's policy to the
    first rather than replacing it, and a browser obeys both. Pagefind's worker
    is a file of the site's own, allowed by script-src (and scripts_policy).
    JSON-LD blocks are data, which CSP does not block.
    An iframe host allows its subdomains too, as `invoke check` does.
    """
    frames = " ".join(f"https://{host} https://*.{host}" for host in checked_hosts(iframe_hosts)) or "'none'"
    directives = [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self'",
        f"frame-src {frames}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if not for_meta:
        directives.append("frame-ancestors 'none'")  # no one may frame the site (ignored in a meta policy)
    return "; ".join(directives)


def script_paths(
    site_url: str, static_dir: str, theme_names: dict[str, str], others: Iterable[str]
) -> list[str]:
    """Every script the site runs, as its path from the host's root: '/theme/js/search.3f2a9c1b.js'.

    `theme_names` is the theme's {name: hashed name} (fingerprint.manifest): each
    JavaScript file among them, under the name it is published as. `others` are
    paths below the site root ('pagefind/pagefind.js'; a leading '/' changes
    nothing). The site root is SITEURL's path ('https://host/site' ->
    '/site/theme/...'; '' in development), because a page that links a script
    relatively still loads it from there.
    """
    root = urlsplit(site_url).path.rstrip("/")
    scripts = sorted(hashed for name, hashed in theme_names.items() if name.endswith(SCRIPT_SUFFIXES))
    theme = [f"{static_dir}/{hashed}" for hashed in scripts]
    return [f"{root}/{path.lstrip('/')}" for path in [*theme, *others]]


def scripts_policy(paths: Iterable[str]) -> str:
    """The second policy: the scripts at `paths`, and no other, may run (as a page's script or a worker).

    script-src 'self' alone trusts every file of the site, so a script a contributor
    committed under content/files/ could run. A browser obeys both policies, so a
    script must be on the site's own origin (the first policy's 'self') and at one
    of these paths. A source with a path needs a host, which a development build
    (relative addresses, served from any host and port) does not know: `*:*` is
    any host and port here, and the first policy makes it the site's own. A
    worker (Pagefind's) is checked against script-src, as worker-src is not set.
    'wasm-unsafe-eval' lets Pagefind compile its WebAssembly under this policy too.
    """
    # Percent-encoded, as a space, a comma or a semicolon would end the source or the policy;
    # a '%' is kept, as SITEURL's path may be encoded already. The browser decodes both sides.
    sources = [f"*:*{quote(path, safe='/%')}" for path in paths]
    return " ".join(["script-src", *sources, "'wasm-unsafe-eval'"])


def content_security_policies(
    iframe_hosts: Iterable[str], scripts: Iterable[str], for_meta: bool = False
) -> list[str]:
    """The site's policy and the scripts policy; a header sends both as one value, joined by a comma."""
    return [content_security_policy(iframe_hosts, for_meta), scripts_policy(scripts)]


def permissions_policy(denied: Iterable[str]) -> str:
    """'camera=(), microphone=()...': none of these features for the site or anything it embeds."""
    return ", ".join(f"{feature}=()" for feature in denied)


def headers_file(
    security: dict[str, str],
    static_dir: str,
    revalidated: Iterable[str],
    own_policies: Mapping[str, str] | None = None,
) -> str:
    """The `_headers` text: `security` on every path, a year's cache for the hashed theme files,
    revalidation on every visit for the `revalidated` patterns ('/', '/blog/*', '/404.html'...).

    `own_policies`: patterns among `revalidated` with a Content-Security-Policy of their own
    ({'/admin/*': the browser editor's}). A browser obeys every policy it is sent, and a CDN
    sends the headers of every matching rule, so then the site's policy is not on '/*' but on
    each other pattern, and no path gets two.
    """
    own_policies = dict(own_policies or {})
    shared = dict(security)
    site_policy = shared.pop(CSP) if own_policies else None
    lines = ["# Written by the build (plugins/assets). Netlify and Cloudflare Pages read it.", "/*"]
    lines += [f"  {name}: {value}" for name, value in shared.items()]
    for pattern, cache in [
        (f"/{static_dir}/*", IMMUTABLE),
        *((pattern, REVALIDATE) for pattern in revalidated),
    ]:
        lines += [pattern, f"  Cache-Control: {cache}"]
        if site_policy:
            lines.append(f"  {CSP}: {own_policies.get(pattern, site_policy)}")
    return "\n".join(lines) + "\n"


def revalidated_patterns(top_level: Iterable[tuple[str, bool]], static_dir: str) -> list[str]:
    """The path patterns of everything but the theme's hashed files, from the output's top-level
    (name, is_folder) entries: '/' for the home page, '/<folder>/*', and top-level HTML files."""
    patterns = {"/"}
    for name, is_folder in top_level:
        if is_folder and name != static_dir:
            patterns.add(f"/{name}/*")
        elif not is_folder and name.endswith(".html") and name != "index.html":
            patterns.add(f"/{name}")
    return sorted(patterns)
