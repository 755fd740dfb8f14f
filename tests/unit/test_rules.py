"""Each front-matter rule: when it fires, its message, its fix and its suggestion."""

from pathlib import Path

import pytest
from content_model.front_matter import parse_front_matter
from content_model.kinds import KINDS, kind_of
from content_model.rules import Vocabulary, canonical, check_beyond_the_file, check_front_matter

CATEGORIES = ("General", "Inspection & Improvement", "Leadership", "Education")
REGIONS = ("North East", "North West", "London")
TYPES = ("Report", "Briefing")


@pytest.fixture
def vocabulary(tmp_path) -> Vocabulary:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "annual-report.pdf").write_bytes(b"%PDF-1.4")
    return Vocabulary(CATEGORIES, REGIONS, TYPES, tmp_path)


def check(kind: str, text: str, vocabulary: Vocabulary):
    return check_front_matter("content/x.md", KINDS[kind], parse_front_matter(text), vocabulary)


GOOD_POST = "Title: T\nDate: 2026-01-02\nCategory: Leadership\nAuthors: A\n\nBody"


def test_a_good_post_has_no_problems(vocabulary):
    assert check("blog", GOOD_POST, vocabulary) == []


def test_category_typo_names_file_line_field_value_and_suggestion(vocabulary):
    [problem] = check("blog", GOOD_POST.replace("Leadership", "Leadershp"), vocabulary)
    assert (problem.path, problem.line, problem.field, problem.value) == (
        "content/x.md",
        3,
        "Category",
        "Leadershp",
    )
    assert str(problem) == (
        "content/x.md:3: Category 'Leadershp' is not one of General, Inspection & Improvement, "
        "Leadership, Education. Did you mean 'Leadership'?"
    )


def test_category_matches_ignoring_case(vocabulary):
    assert check("blog", GOOD_POST.replace("Leadership", "leadership"), vocabulary) == []
    assert canonical("inspection & improvement", CATEGORIES) == "Inspection & Improvement"


def test_unrelated_category_gets_the_list_without_a_guess(vocabulary):
    [problem] = check("blog", GOOD_POST.replace("Leadership", "Zebra"), vocabulary)
    assert problem.fix == "Use one of the configured categories."


@pytest.mark.parametrize("missing", ["Title", "Date", "Category", "Authors"])
def test_each_required_field_of_a_post(vocabulary, missing):
    text = "\n".join(line for line in GOOD_POST.split("\n") if not line.startswith(missing))
    [problem] = check("blog", text, vocabulary)
    assert problem.field == missing and problem.line == 1
    assert f"{missing} is missing" in problem.message
    assert f"Add a line '{missing}:" in problem.fix


def test_author_stands_for_authors(vocabulary):
    assert check("blog", GOOD_POST.replace("Authors:", "Author:"), vocabulary) == []


def test_update_needs_a_region_and_region_typo_is_suggested(vocabulary):
    [missing] = check("regional-updates", GOOD_POST, vocabulary)
    assert missing.field == "Region" and "regional update needs one" in missing.message
    [typo] = check(
        "regional-updates", GOOD_POST.replace("Authors: A", "Authors: A\nRegion: Nort West"), vocabulary
    )
    assert (typo.line, typo.fix) == (5, "Did you mean 'North West'?")


@pytest.mark.parametrize("value", ["2026-02-30", "22/11/2026", "2026-1-2", "tomorrow"])
def test_bad_dates(vocabulary, value):
    [problem] = check("blog", GOOD_POST.replace("2026-01-02", value), vocabulary)
    assert problem.field == "Date" and problem.line == 2 and value in problem.message


def test_date_may_have_a_time(vocabulary):
    assert check("blog", GOOD_POST.replace("2026-01-02", "2026-01-02 09:30"), vocabulary) == []


def test_status_must_be_known(vocabulary):
    for status in ("published", "Draft", "hidden"):
        assert (
            check("blog", GOOD_POST.replace("Authors: A", f"Authors: A\nStatus: {status}"), vocabulary) == []
        )
    [problem] = check("blog", GOOD_POST.replace("Authors: A", "Authors: A\nStatus: publsihed"), vocabulary)
    assert problem.fix == "Did you mean 'published'?"


def test_slug_must_be_clean(vocabulary):
    [problem] = check("blog", GOOD_POST.replace("Authors: A", "Authors: A\nSlug: My Post!"), vocabulary)
    assert problem.fix == "Did you mean 'my-post'?"


EVENT = "Title: Conference\nStart: 2027-07-08 09:30\nEnd: 2027-07-09 17:00\nBooking: https://example.org/book\n\nBody"


def test_a_good_event(vocabulary):
    assert check("events", EVENT, vocabulary) == []


def test_event_must_end_after_it_starts(vocabulary):
    [problem] = check("events", EVENT.replace("2027-07-09 17:00", "2027-07-08 09:00"), vocabulary)
    assert (problem.field, problem.line) == ("End", 3)
    assert "is not after Start '2027-07-08 09:30'" in problem.message


def test_event_start_needs_a_time(vocabulary):
    [problem] = check("events", EVENT.replace("2027-07-08 09:30", "2027-07-08"), vocabulary)
    assert problem.field == "Start"


@pytest.mark.parametrize(
    "url", ["http://example.org/book", "example.org/book", "https://", "javascript:alert(1)"]
)
def test_booking_must_be_https(vocabulary, url):
    [problem] = check("events", EVENT.replace("https://example.org/book", url), vocabulary)
    assert problem.field == "Booking" and "https://" in problem.message


PUBLICATION = "Title: Annual report\nDate: 2026-05-01\nCategory: General\nType: Report\nYear: 2026\nFile: files/annual-report.pdf\n\nBody"


def test_a_good_publication(vocabulary):
    assert check("publications", PUBLICATION, vocabulary) == []


def test_publication_type_is_suggested(vocabulary):
    [problem] = check("publications", PUBLICATION.replace("Type: Report", "Type: reprot"), vocabulary)
    assert problem.fix == "Did you mean 'Report'?"


def test_publication_needs_a_file_or_a_link(vocabulary):
    [problem] = check("publications", PUBLICATION.replace("File: files/annual-report.pdf\n", ""), vocabulary)
    assert "needs a File or a Link" in problem.message
    text = PUBLICATION.replace("File: files/annual-report.pdf", "Link: https://example.org/report")
    assert check("publications", text, vocabulary) == []


def test_publication_file_must_exist_with_a_near_name_suggested(vocabulary):
    [problem] = check(
        "publications", PUBLICATION.replace("annual-report.pdf", "anual-report.pdf"), vocabulary
    )
    assert problem.field == "File" and problem.fix == "Did you mean 'files/annual-report.pdf'?"


def test_only_the_file_check_looks_beyond_the_file(vocabulary):
    """What a build checks again in a kept file (whose front matter passed every check when read):
    a publication's File:, which a deleted document breaks; never the rules of the text alone."""
    text = PUBLICATION.replace("Type: Report", "Type: reprot")

    def beyond(text: str):
        return check_beyond_the_file("content/x.md", KINDS["publications"], parse_front_matter(text), vocabulary)

    assert beyond(text) == []
    (vocabulary.content_root / "files" / "annual-report.pdf").unlink()
    missing = [problem for problem in check("publications", text, vocabulary) if problem.field == "File"]
    assert len(missing) == 1 and beyond(text) == missing
    post = check_beyond_the_file("content/x.md", KINDS["blog"], parse_front_matter(GOOD_POST), vocabulary)
    assert post == []


def test_publication_file_cannot_leave_content(vocabulary):
    [problem] = check(
        "publications", PUBLICATION.replace("files/annual-report.pdf", "../../etc/passwd"), vocabulary
    )
    assert problem.field == "File"


def test_publication_file_with_content_prefix_is_explained(vocabulary):
    [problem] = check("publications", PUBLICATION.replace("files/", "content/files/"), vocabulary)
    assert problem.fix == "Did you mean 'files/annual-report.pdf'?"


def test_year_is_four_digits(vocabulary):
    [problem] = check("publications", PUBLICATION.replace("Year: 2026", "Year: 26"), vocabulary)
    assert problem.field == "Year"


def test_every_problem_in_a_file_is_reported_at_once(vocabulary):
    text = "Date: someday\nCategory: Leadershp\nStatus: nope\n\nBody"
    fields = sorted(problem.field for problem in check("blog", text, vocabulary))
    assert fields == ["Authors", "Category", "Date", "Status", "Title"]


def test_a_repeated_field_is_reported(vocabulary):
    [problem] = check("blog", GOOD_POST.replace("Authors: A", "Authors: A\nCategory: General"), vocabulary)
    assert problem.line == 5 and "given twice (first on line 3)" in problem.message


def test_unreadable_file_is_one_clear_problem(vocabulary):
    from content_model.front_matter import FrontMatter, Unreadable

    unreadable = Unreadable("Not UTF-8.", "Save it as UTF-8.", line=3)
    problems = check_front_matter(
        "content/x.md", KINDS["blog"], FrontMatter(unreadable=unreadable), vocabulary
    )
    assert [(p.line, p.field, p.message, p.fix) for p in problems] == [
        (3, "File", "Not UTF-8.", "Save it as UTF-8.")
    ]


def test_kind_comes_from_the_top_folder():
    assert kind_of("blog/2026/post.md").folder == "blog"
    assert kind_of("regional-updates/x.md").label == "Regional update"
    assert kind_of("post.md") is None
    assert kind_of("news/post.md") is None


def test_unknown_author_is_fine(vocabulary):
    assert (
        check("blog", GOOD_POST.replace("Authors: A", "Authors: Nobody We Know, Another"), vocabulary) == []
    )


def test_paths_in_problems_are_as_given(vocabulary):
    assert Path(check("blog", "", vocabulary)[0].path) == Path("content/x.md")


@pytest.mark.parametrize(
    "value",
    [
        "2026-01-02T09:30",
        "2026-01-02T09:30:15",
        "2026-01-02 09:30:15",
        "2026-01-02T09:30:00+01:00",
        "2026-01-02T09:30Z",
    ],
)
def test_iso_8601_dates_from_real_archives_are_accepted(vocabulary, value):
    assert check("blog", GOOD_POST.replace("2026-01-02", value), vocabulary) == []


def test_an_impossible_time_is_refused(vocabulary):
    [problem] = check("blog", GOOD_POST.replace("2026-01-02", "2026-01-02 25:00"), vocabulary)
    assert problem.field == "Date"


def test_keys_pelican_or_the_site_would_act_on_are_refused_and_any_other_key_is_left_alone(vocabulary):
    text = GOOD_POST.replace("\n\n", "\nTemplate: page\n_Content: x\nExcerpt: y\nLegacy_id: 12\nStart: z\n\n")
    problems = check("blog", text, vocabulary)
    assert [(problem.line, problem.field) for problem in problems] == [
        (5, "Template"),
        (6, "_Content"),
        (7, "Excerpt"),
    ]
    assert "Pelican uses itself" in problems[0].message
    assert "private name" in problems[1].message
    assert "the site uses itself" in problems[2].message
    assert all(problem.fix == "Remove the line." for problem in problems)


def test_each_kind_reads_only_its_own_keys():
    assert {"start", "booking"} <= KINDS["events"].keys and "booking" not in KINDS["blog"].keys
    assert {"author", "authors", "series", "tags"} <= KINDS["blog"].keys
    assert "template" not in set().union(*(kind.keys for kind in KINDS.values()))


@pytest.mark.parametrize("value", ["no", "No", "yes"])
def test_relatable_takes_yes_or_no(vocabulary, value):
    assert check("blog", GOOD_POST.replace("Authors: A", f"Authors: A\nRelatable: {value}"), vocabulary) == []


def test_relatable_with_another_value_says_what_to_write(vocabulary):
    text = GOOD_POST.replace("Authors: A", "Authors: A\nRegion: London\nRelatable: never")
    [problem] = check("regional-updates", text, vocabulary)
    assert (problem.line, problem.field, problem.value) == (6, "Relatable", "never")
    assert problem.fix.startswith("Write 'Relatable: no'")


def test_a_file_that_starts_with_a_blank_line_is_told_so_once_not_as_every_key_missing(vocabulary):
    [problem] = check(
        "blog", "\n\n" + GOOD_POST.replace("Authors: A", "Authors: A\nStatus: draft"), vocabulary
    )
    assert (problem.line, problem.field) == (1, "File")
    assert "starts with a blank line" in problem.message and "line 3" in problem.message
    assert problem.fix.startswith("Delete the blank lines at the top")


@pytest.mark.parametrize(
    ("text", "line", "typed", "meant"),
    [
        (GOOD_POST.replace("Category:", "Catgory:"), 3, "Catgory", "Category"),
        (GOOD_POST.replace("Authors:", "Authr:"), 4, "Authr", "Authors"),
        (GOOD_POST.replace("\n\n", "\nSatus: draft\n\n"), 5, "Satus", "Status"),
        (GOOD_POST.replace("\n\n", "\nTag: inspection\n\n"), 5, "Tag", "Tags"),
    ],
)
def test_a_misspelt_key_is_named_at_its_line_with_the_key_it_was_meant_to_be(
    vocabulary, text, line, typed, meant
):
    """Not as a missing key at line 1: and a misspelt Status no longer leaves a draft published."""
    [problem] = check("blog", text, vocabulary)
    assert (problem.line, problem.field) == (line, typed)
    assert problem.fix.startswith(f"Did you mean '{meant}:'?")


def test_another_kinds_key_is_not_taken_for_a_misspelling(vocabulary):
    assert (
        check("blog", GOOD_POST.replace("\n\n", "\nStart: 2027-01-01 10:00\nLegacy-id: 4\n\n"), vocabulary)
        == []
    )


@pytest.mark.parametrize(
    ("field", "typed", "fix"),
    [
        ("Date", "22/11/2026", "Did you mean 'Date: 2026-11-22'?"),
        ("Date", "12 January 2027 2pm", "Did you mean 'Date: 2027-01-12 14:00'? (UK time)"),
        ("Date", "next Tuesday", "Write it like 'Date: 2026-11-22' or 'Date: 2026-11-22 09:30' (UK time)."),
        ("Start", "3 February 2027, 10:30am", "Did you mean 'Start: 2027-02-03 10:30'? (UK time)"),
        ("Start", "03/02/2027", "Write it with its time, like 'Start: 2027-02-03 09:30' (UK time)."),
    ],
)
def test_a_date_written_another_way_gets_its_corrected_value(vocabulary, field, typed, fix):
    if field == "Date":
        text = GOOD_POST.replace("2026-01-02", typed)
        kind = "blog"
    else:
        text = f"Title: T\nStart: {typed}\n\nBody"
        kind = "events"
    [problem] = check(kind, text, vocabulary)
    assert (problem.field, problem.fix) == (field, fix)
