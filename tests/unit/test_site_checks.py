from content_model.problems import Problem, did_you_mean, format_report
from content_model.site_checks import Item, duplicate_slugs, reserved_slugs, stray_files, unknown_related


def item(path, slug, kind="blog", **extra):
    return Item(path=path, kind=kind, slug=slug, slug_field="Title", slug_line=1, **extra)


def test_duplicate_slugs_are_reported_on_every_file_naming_the_others():
    problems = duplicate_slugs(
        [item("content/blog/a.md", "same"), item("content/pages/b.md", "same", "pages")]
    )
    assert sorted(p.path for p in problems) == ["content/blog/a.md", "content/pages/b.md"]
    assert "content/pages/b.md" in next(p.message for p in problems if p.path == "content/blog/a.md")


def test_unique_slugs_are_fine():
    assert duplicate_slugs([item("a.md", "a"), item("b.md", "b")]) == []


def test_unknown_related_slug_gets_a_suggestion():
    items = [
        item("content/blog/a.md", "peer-challenge", related=("peer-chalenge",), related_line=6),
        item("content/blog/b.md", "other"),
    ]
    [problem] = unknown_related(items)
    assert (problem.path, problem.line, problem.field, problem.value) == (
        "content/blog/a.md",
        6,
        "Related",
        "peer-chalenge",
    )
    assert problem.fix == "Did you mean 'peer-challenge'?"


def test_related_must_name_a_post_or_update_not_a_page():
    items = [item("a.md", "a", related=("about",)), item("about.md", "about", kind="pages")]
    assert [p.value for p in unknown_related(items)] == ["about"]


def test_pages_may_not_take_a_section_name():
    problems = reserved_slugs(
        [item("content/pages/blog.md", "blog", "pages"), item("x.md", "blog")], {"blog"}
    )
    assert [p.path for p in problems] == ["content/pages/blog.md"]


def test_markdown_outside_the_kind_folders_is_reported():
    [problem] = stray_files(["content/news/x.md"], ["blog", "pages"])
    assert problem.path == "content/news/x.md" and "blog/, pages/" in problem.message


def test_report_is_sorted_by_file_then_line_and_counts():
    problems = [
        Problem("b.md", 2, "Date", "x", "Bad date.", "Fix it."),
        Problem("a.md", 9, "Title", "", "No title.", "Add one."),
        Problem("a.md", 3, "Category", "y", "Bad category.", "Fix it."),
    ]
    lines = format_report(problems).split("\n")
    assert lines[0] == "Found 3 problems in 2 content files:"
    assert [line.split(":")[0:2] for line in lines[1:]] == [["  a.md", "3"], ["  a.md", "9"], ["  b.md", "2"]]


def test_did_you_mean_ignores_case_and_refuses_far_guesses():
    assert did_you_mean("LEADERSHP", ["Leadership", "General"]) == "Leadership"
    assert did_you_mean("qqq", ["Leadership", "General"]) is None


def test_unknown_unrelated_slug_is_named_at_its_own_line():
    items = [
        item("content/blog/a.md", "peer-challenge", unrelated=("ofsted-dates",), unrelated_line=7),
        item("content/blog/b.md", "ofsted-update"),
    ]
    [problem] = unknown_related(items)
    assert (problem.line, problem.field, problem.value) == (7, "Unrelated", "ofsted-dates")
    assert problem.message.startswith("Unrelated names 'ofsted-dates'")


def test_a_slug_in_both_related_and_unrelated_is_refused():
    from content_model.site_checks import related_and_unrelated

    one = item("content/blog/a.md", "a", related=("b", "c"), unrelated=("c",), unrelated_line=8)
    [problem] = related_and_unrelated([one, item("content/blog/b.md", "b")])
    assert (problem.line, problem.field, problem.value) == (8, "Unrelated", "c")
