from content_model.front_matter import parse_front_matter


def test_each_field_keeps_its_line_and_spelling():
    front_matter = parse_front_matter(
        "Title: Hello\nDate: 2026-01-02\nCategory: Leadership\n\nBody: not a field\n"
    )
    assert front_matter.fields["title"].value == "Hello"
    assert front_matter.fields["category"].line == 3
    assert front_matter.fields["category"].name == "Category"
    assert "body" not in front_matter.fields


def test_yaml_style_delimiters_shift_the_lines():
    front_matter = parse_front_matter("---\nTitle: Hello\nTags: a, b\n---\nBody\n")
    assert front_matter.fields["title"].line == 2
    assert front_matter.fields["tags"].line == 3


def test_continuation_lines_join_the_value():
    front_matter = parse_front_matter("Title: Hello\nSummary: one\n    two\nDate: 2026-01-01\n\nBody\n")
    assert front_matter.fields["summary"].value == "one two"
    assert front_matter.fields["summary"].line == 2
    assert front_matter.fields["date"].line == 4


def test_a_repeated_key_is_kept_aside_with_its_line():
    front_matter = parse_front_matter("Title: One\nTitle: Two\n\nBody\n")
    assert front_matter.fields["title"].value == "One"
    assert [(field.value, field.line) for field in front_matter.repeated] == [("Two", 2)]


def test_missing_field_points_at_the_top():
    assert parse_front_matter("Title: x\n\n").line_of("date") == 1
