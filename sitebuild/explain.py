"""`invoke related <slug>`: an article's related list, with each pick's score and reasons.

The site is read the way a build reads it (same settings, plugins and content
cache) but nothing is written.
"""

from __future__ import annotations

import json
from pathlib import Path

from .build import load_settings
from .pipeline import SiteBuild


class UnknownSlug(Exception):
    pass


def read_site(project: Path) -> list:
    """Pelican's generators after reading every file, with the plugins' site data, as a build has them."""
    settings = load_settings(project.resolve(), production=False)
    return SiteBuild(settings).read()


def related_report(project: Path, slug: str) -> dict:
    """The ranked list for `slug` as data: the article, then each pick with its reasons."""
    generators = read_site(project)
    # importable once Pelican has loaded the plugins
    from content_model.problems import suggestion
    from content_model.text import plain_text
    from related.hooks import ranked

    articles = {
        article.slug: article
        for generator in generators
        for name in ("articles", "drafts", "hidden_articles")
        for article in getattr(generator, name, [])
        if hasattr(article, "related_articles")
    }
    article = articles.get(slug)
    if article is None:
        hint = suggestion(slug, sorted(articles))
        raise UnknownSlug(f"No blog post or regional update has the slug '{slug}'.{hint}")
    index, lists = ranked(generators)  # the same records as the build's, so the same lists and reasons
    return {
        "slug": article.slug,
        "title": plain_text(article.title),
        "url": article.url,
        "unrelated": list(getattr(article, "unrelated", None) or []),  # never picked for this list
        "relatable": getattr(article, "relatable", True),  # False: in no other post's list
        "related": [
            {
                "rank": rank,
                "slug": pick.key,
                "title": plain_text(articles[pick.key].title),
                "url": articles[pick.key].url,
                "score": pick.score,
                "pinned": pick.pinned,
                "reasons": [
                    {"signal": reason.signal, "points": round(reason.points, 4), "text": reason.text}
                    for reason in index.explain(article.slug, pick)
                ],
            }
            for rank, pick in enumerate(lists[slug], start=1)
        ],
    }


def as_text(report: dict) -> str:
    lines = [f"Related articles for '{report['title']}' (/{report['url']}):"]
    for pick in report["related"]:
        lines.append(f"{pick['rank']:>2}. {pick['title']}  (/{pick['url']})")
        reasons = "; ".join(
            reason["text"] + (f" (+{reason['points']:.2f})" if reason["points"] else "")
            for reason in pick["reasons"]
        )
        lines.append(f"    score {pick['score']:.3f}: {reasons}")
    if not report["related"]:
        lines.append("    (none: no other published blog post or regional update)")
    if report["unrelated"]:
        lines.append(f"Left out by its Unrelated line: {', '.join(report['unrelated'])}.")
    if not report["relatable"]:
        lines.append("Shown in no other post's list (Relatable: no).")
    return "\n".join(lines)


def as_json(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False)
