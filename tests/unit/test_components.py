"""The theme's components (theme/templates/components/): each a documented macro with examples that render.

A component is the one macro of components/<name>.html; its opening comment documents every
parameter, and sitebuild/pages/examples.py gives it examples. Every example is rendered here
with StrictUndefined, so a component that reads something it was not given (`page` above all)
fails; tests/browser/test_components.py checks the same examples with axe in Chromium.
"""

from __future__ import annotations

import re
import runpy

import jinja2
import pytest
from jinja2 import meta, nodes

from sitebuild.pages.examples import EXAMPLES, render
from sitebuild.pages.render import theme_environment
from tests.conftest import REPO

TEMPLATES = REPO / "theme" / "templates"
COMPONENTS = sorted(path.stem for path in (TEMPLATES / "components").glob("*.html"))
OPTIONS = runpy.run_path(str(REPO / "pelicanconf.py"))["JINJA_ENVIRONMENT"]
ENVIRONMENT = theme_environment(TEMPLATES, OPTIONS | {"undefined": jinja2.StrictUndefined})


def source(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def macros(name: str) -> list[nodes.Macro]:
    return list(ENVIRONMENT.parse(source(name)).find_all(nodes.Macro))


def parameters(component: str) -> list[str]:
    return [argument.name for argument in macros(f"components/{component}.html")[0].args]


def test_each_component_is_one_macro_named_like_its_file():
    assert COMPONENTS, f"No components in {TEMPLATES / 'components'}"
    for component in COMPONENTS:
        names = [macro.name for macro in macros(f"components/{component}.html")]
        assert names == [component], f"components/{component}.html defines {names}, not one {component!r}"


@pytest.mark.parametrize("component", COMPONENTS)
def test_each_parameter_is_documented_in_the_comment_that_opens_the_macro(component):
    opening = re.search(r"\{% macro .*? %\}\n\{#(.*?)#\}", source(f"components/{component}.html"), re.DOTALL)
    assert opening, f"components/{component}.html: no {{# comment #}} on the line after {{% macro %}}"
    undocumented = [
        name for name in parameters(component) if not re.search(rf"^ *{name} ", opening.group(1), re.M)
    ]
    assert not undocumented, (
        f"components/{component}.html: the opening comment has no line starting with {undocumented}"
    )


def test_each_component_has_examples_that_use_each_of_its_parameters():
    assert sorted(EXAMPLES) == COMPONENTS, "sitebuild/pages/examples.py and components/ name other components"
    for component, examples in EXAMPLES.items():
        assert len(examples) >= 2, f"{component} has {len(examples)} example(s): show its variations"
        used = {name for arguments in examples.values() for name in arguments}
        unused = [name for name in parameters(component) if name not in used]
        assert not unused, f"No example of {component} passes {unused}"


@pytest.mark.parametrize("component", COMPONENTS)
def test_a_component_reads_nothing_but_its_parameters(component):
    """Checked on the source, so a branch that no example reaches is checked too."""
    read = meta.find_undeclared_variables(ENVIRONMENT.parse(source(f"components/{component}.html")))
    assert not read, f"components/{component}.html reads {sorted(read)}, which are not its parameters"


@pytest.mark.parametrize(
    ("component", "example"), [(component, name) for component in EXAMPLES for name in EXAMPLES[component]]
)
def test_each_example_renders(component, example):
    """An example named '...: nothing' shows nothing; every other one shows something."""
    html = render(ENVIRONMENT, component, EXAMPLES[component][example])
    if example.endswith(": nothing"):
        assert html == ""
    else:
        assert html.strip()


def test_page_templates_read_their_model_and_call_components_rather_than_include():
    for path in sorted(TEMPLATES.glob("*.html")):
        tree = ENVIRONMENT.parse(path.read_text(encoding="utf-8"))
        imported = {
            name if isinstance(name, str) else name[1]  # (name, alias)
            for node in tree.find_all(nodes.FromImport)
            for name in node.names
        }
        read = meta.find_undeclared_variables(tree) - imported
        assert read <= {"page", "site"}, f"{path.name} reads {sorted(read - {'page', 'site'})}"
        assert not list(tree.find_all(nodes.Include)), f"{path.name} includes a template: call a component"
