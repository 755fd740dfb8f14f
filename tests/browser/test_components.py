"""Every example of every component, in Chromium: axe-core finds no WCAG 2.2 A/AA violation, light or dark.

The examples (sitebuild/pages/examples.py) are rendered through the theme's Jinja environment
and shown in a few plain documents styled by the theme's style sheet: document N holds each
component's Nth example, so no id (tags-heading, related-heading...) is in one document twice.
No site is built and nothing is served, so the test takes seconds.
"""

from __future__ import annotations

import runpy

import pytest
from markupsafe import Markup

from sitebuild.pages.examples import EXAMPLES, render
from sitebuild.pages.render import theme_environment
from tests.browser.conftest import AXE
from tests.browser.test_axe import WCAG_TAGS
from tests.conftest import REPO

TEMPLATES = REPO / "theme" / "templates"
STYLE_SHEET = REPO / "theme" / "static" / "css" / "site.css"
OPTIONS = runpy.run_path(str(REPO / "pelicanconf.py"))["JINJA_ENVIRONMENT"]

DOCUMENT = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>Component examples, set {{ number }}</title>
  <style>{{ style }}</style>
</head>
<body>
  <div class="width">
    <main id="main-content">
      <h1>Component examples, set {{ number }}</h1>
      {% for name, html in examples %}
      <div data-example="{{ name }}">{{ html }}</div>
      {% endfor %}
    </main>
  </div>
</body>
</html>"""

# Each violating element, with the example it is in.
RUN_AXE = """async (tags) => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
  const results = await axe.run(document, options);
  return results.violations.flatMap((v) => v.nodes.map((n) => {
    const example = document.querySelector(n.target[0])?.closest("[data-example]");
    return {
      rule: `${v.id} [${v.impact}] ${v.help} (${v.helpUrl})`,
      example: example ? example.dataset.example : "the document around the examples",
      element: n.target.join(" "),
      summary: (n.failureSummary || "").split("\\n").slice(0, 3).join(" "),
    };
  }));
}"""


def documents() -> list[str]:
    """The examples in as few documents as keep ids unique: the Nth holds every component's Nth example."""
    environment = theme_environment(TEMPLATES, OPTIONS)
    document = environment.from_string(DOCUMENT)
    style = Markup(STYLE_SHEET.read_text(encoding="utf-8"))
    sets = max(len(examples) for examples in EXAMPLES.values())
    return [
        document.render(
            number=number + 1,
            style=style,
            examples=[
                (f"{component}: {name}", Markup(render(environment, component, arguments)))
                for component, examples in EXAMPLES.items()
                for name, arguments in list(examples.items())[number : number + 1]
            ],
        )
        for number in range(sets)
    ]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_no_axe_violations_in_any_component_example(browser, color_scheme):
    assert AXE.is_file(), f"{AXE} is missing: run ./setup.sh (it runs `npm ci`)"
    context = browser.new_context(color_scheme=color_scheme)
    try:
        page = context.new_page()
        shown, found = 0, []
        for html in documents():
            page.set_content(html)
            shown += page.locator("[data-example]").count()
            page.add_script_tag(path=str(AXE))
            found += page.evaluate(RUN_AXE, WCAG_TAGS)
    finally:
        context.close()
    assert shown == sum(len(examples) for examples in EXAMPLES.values()), "an example is missing"
    assert not found, (
        f"axe-core ({', '.join(WCAG_TAGS)}) found violations with prefers-color-scheme: {color_scheme}:\n"
        + report(found)
    )


def report(found: list[dict], limit: int = 8) -> str:
    """One block per axe rule: how to fix its first case, then each example and element it is in."""
    rules: dict[str, list[dict]] = {}
    for violation in found:
        rules.setdefault(violation["rule"], []).append(violation)
    lines = []
    for rule, cases in rules.items():
        lines += [f"{rule} on {len(cases)} element(s)", f"    e.g. {cases[0]['summary']}"]
        lines += [f"    in {case['example']}: {case['element']}" for case in cases[:limit]]
        if len(cases) > limit:
            lines.append(f"    ... and {len(cases) - limit} more")
    return "\n".join(lines)
