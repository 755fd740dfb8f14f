"""axe-core finds no WCAG 2.2 A/AA violation on any page type, in the light and the dark colour scheme."""

from __future__ import annotations

import pytest

from tests.browser.conftest import AXE, goto

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """async (tags) => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
  const results = await axe.run(document, options);
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    count: v.nodes.length,
    targets: v.nodes.slice(0, 4).map((n) => n.target.join(" ")),
    summary: (v.nodes[0] && v.nodes[0].failureSummary || "").split("\\n").slice(0, 3).join(" "),
  }));
}"""


def report(found: list[tuple[str, str, dict]], limit: int = 8) -> str:
    """One block per axe rule: what it asks, how to fix its first case, then each page and its elements."""
    rules: dict[str, list[tuple[str, str, dict]]] = {}
    for path, name, violation in found:
        rules.setdefault(violation["id"], []).append((path, name, violation))
    blocks = []
    for rule, cases in rules.items():
        first = cases[0][2]
        lines = [
            f"{rule} [{first['impact']}] {first['help']} ({first['helpUrl']}) on {len(cases)} page(s)",
            f"    e.g. {first['summary']}",
        ]
        for path, name, v in cases[:limit]:
            lines.append(f"    {path} ({name}): {v['count']} element(s): {' | '.join(v['targets'])}")
        if len(cases) > limit:
            lines.append(f"    ... and {len(cases) - limit} more page(s)")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


# Dark mode matters: prefers-color-scheme is respected, so its colours must meet contrast too.
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_no_axe_violations_on_any_page_type(new_context, page_types, color_scheme):
    assert AXE.is_file(), f"{AXE} is missing: run ./setup.sh (it runs `npm ci`)"
    page = new_context(bypass_csp=True, color_scheme=color_scheme).new_page()
    found = []
    for name, path in page_types.items():
        goto(page, path)
        page.add_script_tag(path=str(AXE))
        found += [(path, name, violation) for violation in page.evaluate(RUN_AXE, WCAG_TAGS)]
    assert not found, (
        f"axe-core ({', '.join(WCAG_TAGS)}) found violations with prefers-color-scheme: {color_scheme} "
        f"on {len({path for path, _, _ in found})} of {len(page_types)} page types:\n" + report(found)
    )
