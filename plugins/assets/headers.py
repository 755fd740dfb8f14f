"""The site's Content-Security-Policy and its `_headers` file, as plain strings.

One policy is made from the settings, once, and used twice: in the `_headers`
file a CDN sends with every response, and in a `<meta http-equiv>` in every
page's <head> (which also covers a host that ignores `_headers`). A meta policy
cannot carry frame-ancestors, so that directive is in the header only.

The `_headers` file is the format Netlify and Cloudflare Pages read: a path
pattern, then its headers indented below it. A response gets the headers of
every rule whose pattern matches, and Cloudflare joins two values of one
header with a comma, so each header is set by rules that never overlap:
the security headers once for `/*`, Cache-Control once per top-level folder.
"""

from __future__ import annotations

from collections.abc import Iterable

IMMUTABLE = "public, max-age=31536000, immutable"  # hashed theme files: a new version has a new name
REVALIDATE = "public, max-age=0, must-revalidate"  # pages, feeds, files and Pagefind's fixed names


def content_security_policy(iframe_hosts: Iterable[str], for_meta: bool = False) -> str:
    """Only the site's own scripts, styles, images and fonts; no plugins; frames only from `iframe_hosts`.

    'wasm-unsafe-eval' lets Pagefind compile its WebAssembly; it allows no
    eval() of JavaScript. It is in the one policy for every page because the
    hosts add a second rule's policy to the first rather than replacing it,
    and a browser obeys both. Pagefind's worker is a file of the site's own,
    allowed by script-src. JSON-LD blocks are data, which CSP does not block.
    An iframe host allows its subdomains too, as `invoke check` does.
    """
    frames = " ".join(f"https://{host} https://*.{host}" for host in iframe_hosts) or "'none'"
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


def permissions_policy(denied: Iterable[str]) -> str:
    """'camera=(), microphone=()...': none of these features for the site or anything it embeds."""
    return ", ".join(f"{feature}=()" for feature in denied)


def headers_file(security: dict[str, str], static_dir: str, revalidated: Iterable[str]) -> str:
    """The `_headers` text: `security` on every path, a year's cache for the hashed theme files,
    revalidation on every visit for the `revalidated` patterns ('/', '/blog/*', '/404.html'...)."""
    lines = ["# Written by the build (plugins/assets). Netlify and Cloudflare Pages read it.", "/*"]
    lines += [f"  {name}: {value}" for name, value in security.items()]
    lines += [f"/{static_dir}/*", f"  Cache-Control: {IMMUTABLE}"]
    for pattern in revalidated:
        lines += [pattern, f"  Cache-Control: {REVALIDATE}"]
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
