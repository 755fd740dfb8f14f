"""Saved pages of the association's old CMS, as a crawler leaves them, for the import's tests and bench.

The old site's pages are reachable at /<section>/article/<slug>, listings at
/<section> and /<section>/P<offset>, plain pages at /<name>. An article shows a
title, a date like "Fri, 26 May 2023 12:17", a category label, the author where
there is one, the text, a "Tags assigned to this article:" list, and on the
side a "Related Articles" box and a "Next Upcoming Event" box. Around that: a
cookie notice, a "browser not supported" banner, navigation, a comment form,
scripts and tracking.

Two layouts (`CLASSIC`, `PLAIN`) mark up the same parts differently, so the
import is tested on the kind of page described, not on one template's class names.
Every text here was written for these tests.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path

OLD_HOST = "www.old-directors.example"
CLASSIC, PLAIN = "classic", "plain"

# A tiny valid PNG and PDF, so copied files pass the site's checks of what a file holds.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class OldArticle:
    """One article of the old site, as its page shows it."""

    section: str
    slug: str
    title: str
    body: str  # HTML of the text
    date: str = "Fri, 26 May 2023 12:17"  # as the page prints it; "" for none
    category: str = ""  # the label; "" for none
    author: str = ""  # "" for none
    tags: tuple[str, ...] = ()
    layout: str = CLASSIC
    extra_head: str = ""

    @property
    def address(self) -> str:
        return f"/{self.section}/article/{self.slug}"


@dataclass
class OldPage:
    """A plain page at the top level (/about)."""

    name: str
    title: str
    body: str
    layout: str = CLASSIC


@dataclass
class OldArchive:
    """A folder of saved pages, written as `wget --mirror` leaves them."""

    root: Path
    related_links: list[tuple[str, str]] = field(default_factory=list)  # (address, title) in every side box

    def save(self, address: str, text: str | bytes, style: str = "folder") -> Path:
        """Save a page or file at its address: 'folder' (<address>/index.html), 'html'
        (<address>.html, wget --adjust-extension) or 'bare' (the address as a file)."""
        relative = address.strip("/")
        if style == "folder":
            path = self.root / relative / "index.html"
        elif style == "html":
            path = self.root / f"{relative}.html"
        else:
            path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        # The name in UTF-8 whatever the locale, as a crawler on a UTF-8 system saves it (with
        # LC_ALL=C, Python reads such a name back with surrogate escapes).
        with open(os.fsencode(path.parent) + b"/" + path.name.encode("utf-8"), "wb") as file:
            file.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    def article(self, article: OldArticle, style: str = "folder") -> Path:
        return self.save(article.address, article_page(article, self.related_links), style)

    def page(self, page: OldPage, style: str = "folder") -> Path:
        return self.save(f"/{page.name}", plain_page(page), style)

    def listing(self, section: str, addresses: list[tuple[str, str]], offset: int = 0) -> Path:
        address = f"/{section}" if not offset else f"/{section}/P{offset}"
        items = "".join(
            f'<li><a href="{html.escape(link)}">{html.escape(title)}</a><p>An excerpt.</p></li>'
            for link, title in addresses
        )
        body = f'<h1>{html.escape(section.title())}</h1><ul class="entries">{items}</ul>'
        return self.save(address, frame(section.title(), body, CLASSIC, canonical=address))


def article_page(article: OldArticle, related: list[tuple[str, str]] = ()) -> str:
    if article.layout == PLAIN:
        main = plain_article(article)
    else:
        main = classic_article(article)
    side = side_boxes(related)
    return frame(article.title, main + side, article.layout, article.address, article.extra_head)


def classic_article(article: OldArticle) -> str:
    parts = [f'<div class="article"><h1 class="article-title">{html.escape(article.title)}</h1>']
    meta = []
    if article.date:
        meta.append(f'<span class="date">{html.escape(article.date)}</span>')
    if article.category:
        meta.append(f'<a class="category" href="/{article.section}">{html.escape(article.category)}</a>')
    parts.append(f'<p class="article-meta">{" | ".join(meta)}</p>')
    if article.author:
        parts.append(f'<p class="author">By <a href="/people/x">{html.escape(article.author)}</a></p>')
    parts.append(f'<div class="article-body">{article.body}</div>')
    if article.tags:
        links = ", ".join(
            f'<a href="/tag/{html.escape(tag.replace(" ", "+"))}">{html.escape(tag)}</a>'
            for tag in article.tags
        )
        parts.append(f'<div class="article-tags"><h4>Tags assigned to this article:</h4>{links}</div>')
    parts.append(
        '<div class="comments"><h3>Leave a comment</h3><form action="/comment" method="post">'
        '<label>Name <input name="name"></label><textarea name="comment"></textarea>'
        '<button type="submit">Submit</button></form></div></div>'
    )
    return "".join(parts)


def plain_article(article: OldArticle) -> str:
    """The same parts in a table layout with few class names, as older templates have them."""
    rows = [f"<tr><td><h2>{html.escape(article.title)}</h2>"]
    if article.date or article.category:
        label = f"<em>{html.escape(article.category)}</em>" if article.category else ""
        rows.append(f"<p><small>Posted: {html.escape(article.date)}</small> {label}</p>")
    if article.author:
        rows.append(f"<p>Written by {html.escape(article.author)}</p>")
    rows.append(article.body)
    if article.tags:
        items = "".join(
            f"<li><a href='/tag/{html.escape(tag)}'>{html.escape(tag)}</a></li>" for tag in article.tags
        )
        rows.append(f"<p>Tags assigned to this article:</p><ul>{items}</ul>")
    rows.append("</td></tr>")
    return f'<table width="100%" style="border:0">{"".join(rows)}</table>'


def side_boxes(related: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<li><a href="{html.escape(link)}">{html.escape(title)}</a> <p>A few words from the article about '
        "what it says, as the old site showed under each link.</p></li>"
        for link, title in related
    )
    return (
        '<div class="side"><div class="box"><h3>Related Articles</h3>'
        f"<ul>{items}</ul></div>"
        '<div class="box"><h3>Next Upcoming Event</h3><p><a href="/events/article/winter-policy-forum">'
        "Winter policy forum</a> Tue, 12 Jan 2027 10:00, Leeds</p></div></div>"
    )


def frame(title: str, main: str, layout: str, canonical: str = "", extra_head: str = "") -> str:
    """The page around its main part: head, banners, navigation, footer, scripts."""
    link = f'<link rel="canonical" href="https://{OLD_HOST}{canonical}">' if canonical else ""
    wrapper = (
        f'<div id="wrapper"><div id="content">{main}</div></div>'
        if layout == CLASSIC
        else f'<center><table><tr><td valign="top">{main}</td></tr></table></center>'
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | Directors' Association</title>{link}{extra_head}
<link rel="stylesheet" href="/themes/site/css/main.css">
<script src="/themes/site/js/jquery.min.js"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head><body>
<!--[if lt IE 9]><p class="chromeframe">You are using an outdated browser.</p><![endif]-->
<div id="browser-warning"><p>Your browser is not supported. Please upgrade to a modern browser.</p></div>
<div class="cookie-bar"><p>We use cookies to make this site work. <a href="/cookies">Find out more</a>
<button>Accept</button></p></div>
<div id="header"><a href="/"><img src="/images/logo.png" alt="Directors' Association"></a>
<ul id="menu"><li><a href="/blog">Blog</a></li><li><a href="/regions">Regions</a></li></ul>
<form action="/search"><input name="q"><input type="submit" value="Search"></form></div>
{wrapper}
<div id="footer"><p>&copy; Directors' Association. Registered charity.</p></div>
<img src="https://tracker.example.net/pixel.gif?id=1" width="1" height="1" alt="">
<script>trackPageview();</script>
</body></html>
"""


def plain_page(page: OldPage) -> str:
    main = f"<h1>{html.escape(page.title)}</h1>{page.body}"
    return frame(page.title, main, page.layout, f"/{page.name}")
