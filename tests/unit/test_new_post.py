"""`invoke new`'s pieces as plain functions: choices, slugs, file paths, the file's text, asking."""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

import pytest
from content_model.front_matter import parse_front_matter
from content_model.kinds import KINDS, kind_of
from content_model.rules import Vocabulary, check_front_matter
from pelican.settings import DEFAULT_CONFIG

from sitebuild.new_post import (
    NEW_KINDS,
    PLACEHOLDERS,
    Answers,
    Choices,
    NewPostError,
    address,
    check_free,
    checked_source,
    choose,
    choose_kind,
    collect,
    create,
    existing_slugs,
    file_path,
    file_text,
    load_choices,
    slug_for,
)

REPO = Path(__file__).resolve().parents[2]
CATEGORIES = ("General", "Inspection & Improvement", "Leadership", "Education")
REGIONS = ("North East", "North West", "London")
TYPES = ("Report", "Policy paper", "Briefing")
NOW = datetime.datetime(2026, 3, 30, 14, 5)  # local time (Europe/London)
SLUG_KEYS = ("SLUG_REGEX_SUBSTITUTIONS", "SLUGIFY_PRESERVE_CASE", "SLUGIFY_USE_UNICODE")
SLUG_SETTINGS = {key: DEFAULT_CONFIG[key] for key in SLUG_KEYS}
ALL_KINDS = {
    "blog": Answers("blog", "A blog post", "Leadership", "", "", "Ann Example", "ofsted, peer challenge"),
    "update": Answers("update", "An update", "General", "North West", "", "Ann Example, Bo Example"),
    "event": Answers("event", "An event", tags="webinar"),
    "publication": Answers("publication", "A report", "Education", type="Report"),
    "page": Answers("page", "A page"),
}


@pytest.fixture
def choices(tmp_path) -> Choices:
    content = tmp_path / "content"
    content.mkdir()
    return Choices(
        CATEGORIES,
        REGIONS,
        TYPES,
        content,
        slug_settings=SLUG_SETTINGS,
        urls={"ARTICLE_URL": "{kind}/{slug}/", "PAGE_URL": "{slug}/", "EVENT_URL": "events/{slug}/"},
        reserved=frozenset({"blog", "events", "tag"}),
    )


def never_ask(question: str) -> str:
    raise AssertionError(f"asked {question!r}")


def scripted(*typed: str):
    """A prompt that answers from `typed` in turn, and the list of what it was asked and said."""
    answers = list(typed)
    transcript: list[str] = []

    def prompt(question: str) -> str:
        transcript.append(question)
        return answers.pop(0)

    return prompt, transcript.append, transcript


# -- choosing ----------------------------------------------------------------------


def test_a_choice_by_number_or_by_name_in_any_case():
    assert choose("3", CATEGORIES, "Category") == "Leadership"
    assert choose("  inspection & IMPROVEMENT ", CATEGORIES, "Category") == "Inspection & Improvement"


def test_a_wrong_choice_lists_the_choices_and_suggests_the_closest():
    with pytest.raises(NewPostError) as wrong:
        choose("Leadershp", CATEGORIES, "Category")
    assert str(wrong.value) == (
        "Category 'Leadershp' is not one of General, Inspection & Improvement, Leadership, Education. "
        "Did you mean 'Leadership'?"
    )
    with pytest.raises(NewPostError, match="not a number from 1 to 4"):
        choose("9", CATEGORIES, "Category")


def test_kinds_by_name_number_label_or_folder():
    typed = ("blog", "2", "Regional update", "events", "PUBLICATION")
    assert [choose_kind(value) for value in typed] == ["blog", "update", "update", "event", "publication"]
    with pytest.raises(NewPostError, match="Did you mean 'blog'"):
        choose_kind("blgo")


# -- slugs and paths --------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Inclusion is everybody's business", "inclusion-is-everybodys-business"),
        ("Peer challenge: what we learned", "peer-challenge-what-we-learned"),
        ("Inspection & Improvement -- a year on", "inspection-improvement-a-year-on"),
        ("Café culture in Ofsted’s “new” framework", "cafe-culture-in-ofsteds-new-framework"),
    ],
)
def test_slug_is_pelicans(choices, title, slug):
    assert slug_for(title, choices) == slug


def test_files_go_in_the_kind_folder_and_posts_in_a_year_folder(choices):
    content = choices.content
    expected = {
        "blog": "blog/2026/s.md",
        "update": "regional-updates/2026/s.md",
        "event": "events/s.md",
        "publication": "publications/s.md",
        "page": "pages/s.md",
    }
    for kind, relative in expected.items():
        path = file_path(kind, "s", NOW.date(), content)
        assert path == content / relative
        assert kind_of(relative).folder == NEW_KINDS[kind].folder


def test_preview_addresses(choices):
    assert address("blog", "s", choices) == "/blog/s/"
    assert address("update", "s", choices) == "/regional-updates/s/"
    assert address("event", "s", choices) == "/events/s/"
    assert address("page", "s", choices) == "/s/"


def test_a_slug_another_file_has_is_refused_naming_that_file(choices, tmp_path):
    (choices.content / "blog" / "2025").mkdir(parents=True)
    one = choices.content / "blog" / "2025" / "one.md"
    one.write_text("Title: Peer challenge: what we learned\n\nBody\n", encoding="utf-8")
    (choices.content / "pages").mkdir()
    (choices.content / "pages" / "about.md").write_text(
        "Title: About the association\nSlug: about\n\nBody\n", encoding="utf-8"
    )
    assert existing_slugs(choices) == {
        "peer-challenge-what-we-learned": choices.content / "blog" / "2025" / "one.md",
        "about": choices.content / "pages" / "about.md",
    }
    with pytest.raises(NewPostError, match="which content/blog/2025/one.md already has"):
        check_free("peer-challenge-what-we-learned", "event", choices, tmp_path)
    with pytest.raises(NewPostError, match="content/pages/about.md"):
        check_free("about", "blog", choices, tmp_path)
    check_free("something-new", "blog", choices, tmp_path)


def test_a_page_may_not_take_a_sections_address_and_a_title_needs_letters(choices, tmp_path):
    with pytest.raises(NewPostError, match=r"section of the site \(/blog/\)"):
        check_free("blog", "page", choices, tmp_path)
    check_free("blog", "event", choices, tmp_path)  # events live under /events/
    with pytest.raises(NewPostError, match="no letters or digits"):
        check_free(slug_for("?!", choices), "blog", choices, tmp_path)


# -- the file's text ---------------------------------------------------------------


@pytest.mark.parametrize("kind", list(ALL_KINDS))
def test_every_new_file_passes_the_front_matter_rules_as_a_draft(kind, tmp_path):
    text = file_text(ALL_KINDS[kind], NOW)
    front_matter = parse_front_matter(text)
    vocabulary = Vocabulary(CATEGORIES, REGIONS, TYPES, tmp_path)
    assert check_front_matter("content/x.md", KINDS[NEW_KINDS[kind].folder], front_matter, vocabulary) == []
    assert front_matter.get("status").value == "draft"
    assert front_matter.get("title").value == ALL_KINDS[kind].title
    body = text.split("\n\n", 1)[1]
    assert "\n## " in body and body.count("\n") >= 4
    assert PLACEHOLDERS[0] in body, "the guidance a later check recognises"


def test_a_blog_post_has_date_category_tags_authors_and_draft_status():
    assert file_text(ALL_KINDS["blog"], NOW).split("\n\n")[0] == (
        "Title: A blog post\nDate: 2026-03-30 14:05\nCategory: Leadership\n"
        "Tags: ofsted, peer challenge\nAuthors: Ann Example\nStatus: draft"
    )


def test_an_update_has_its_region_and_a_post_only_when_given():
    assert "Region: North West\n" in file_text(ALL_KINDS["update"], NOW)
    assert "Region" not in file_text(ALL_KINDS["blog"], NOW)
    with_region = Answers("blog", "T", "General", "London", authors="A")
    assert "Region: London\n" in file_text(with_region, NOW)


def test_an_event_starts_tomorrow_at_ten_for_an_hour_unless_a_start_is_given():
    header = file_text(ALL_KINDS["event"], NOW).split("\n\n")[0]
    assert "Start: 2026-03-31 10:00\nEnd: 2026-03-31 11:00\n" in header
    assert "Date" not in header and "Category" not in header
    given = Answers("event", "E", start="2027-01-10 23:30")
    assert "Start: 2027-01-10 23:30\nEnd: 2027-01-11 00:30\n" in file_text(given, NOW)


def test_a_publication_has_its_type_and_a_placeholder_link():
    text = file_text(ALL_KINDS["publication"], NOW)
    assert "Type: Report\n" in text
    assert f"Link: {PLACEHOLDERS[-1]}\n" in text


def test_every_placeholder_phrase_is_written_somewhere():
    texts = "".join(file_text(answers, NOW) for answers in ALL_KINDS.values())
    for phrase in PLACEHOLDERS:
        assert phrase in texts, phrase


# -- asking --------------------------------------------------------------------------


def test_with_every_required_option_nothing_is_asked(choices, tmp_path):
    given = Answers("blog", "T", "leadership", authors="A")
    answers = collect(given, choices, tmp_path, interactive=True, prompt=never_ask, say=lambda line: None)
    assert answers == Answers("blog", "T", "Leadership", authors="A")


def test_without_a_terminal_missing_options_are_named(choices, tmp_path):
    with pytest.raises(NewPostError) as missing:
        collect(Answers("update", "T"), choices, tmp_path, interactive=False, prompt=never_ask)
    message = str(missing.value)
    assert message.startswith("Missing --category, --region, --authors: there is no terminal")
    assert 'invoke new --category Leadership --region "North West" --authors "Your Name"' in message
    with pytest.raises(NewPostError, match="Missing --kind"):
        collect(Answers(), choices, tmp_path, interactive=False, prompt=never_ask)


def test_a_wrong_option_is_refused_even_on_a_terminal(choices, tmp_path):
    with pytest.raises(NewPostError, match="Did you mean 'Leadership'"):
        given = Answers("blog", "T", "Leadershp", authors="A")
        collect(given, choices, tmp_path, interactive=True, prompt=never_ask)


def test_on_a_terminal_the_missing_answers_are_asked_in_order_with_numbered_choices(choices, tmp_path):
    (choices.content / "blog").mkdir()
    (choices.content / "blog" / "taken.md").write_text("Title: Taken\n\nBody\n", encoding="utf-8")
    typed = ("1", "Taken", "Fresh title", "Leadershp", "3", "", "ofsted,  Data ", "", "Ann")
    prompt, say, transcript = scripted(*typed)
    answers = collect(Answers(), choices, tmp_path, interactive=True, prompt=prompt, say=say)
    assert answers == Answers("blog", "Fresh title", "Leadership", "", "", "Ann", "ofsted, Data")
    text = "\n".join(transcript)
    assert "  1. Blog post (blog)" in text
    listed = "Which category?\n  1. General\n  2. Inspection & Improvement\n  3. Leadership\n  4. Education"
    assert listed in text
    assert "which content/blog/taken.md already has" in text
    assert "Did you mean 'Leadership'?" in text
    assert "Which region? (optional)" in text
    assert "This one is needed" in text  # authors left empty


# -- writing ---------------------------------------------------------------------------


def test_create_writes_the_file_and_never_overwrites(choices, tmp_path):
    created = create(tmp_path, ALL_KINDS["blog"], NOW, choices)
    assert created.path == choices.content / "blog" / "2026" / "a-blog-post.md"
    assert created.path.read_text(encoding="utf-8") == file_text(ALL_KINDS["blog"], NOW)
    assert created.address == "/blog/a-blog-post/"
    with pytest.raises(NewPostError, match="already has"):
        create(tmp_path, ALL_KINDS["blog"], NOW, choices)
    # a file at that path whose own Slug differs is still never overwritten
    created.path.write_text("Title: Other\nSlug: other\n\nMine\n", encoding="utf-8")
    with pytest.raises(NewPostError, match="already exists; nothing was written"):
        create(tmp_path, ALL_KINDS["blog"], NOW, choices)
    assert created.path.read_text(encoding="utf-8").endswith("Mine\n")


def test_the_sites_own_settings_give_the_choices():
    choices = load_choices(REPO)
    assert choices.categories == CATEGORIES
    assert "Yorkshire and Humber" in choices.regions and "Book chapter" in choices.types
    assert choices.content == REPO / "content"
    assert {"blog", "events", "category", "tag"} <= choices.reserved


@pytest.mark.parametrize(
    ("typed", "kind"), [("blogpost", "blog"), ("Blog-Post", "blog"), ("regional update", "update")]
)
def test_a_kind_written_as_people_write_it_is_understood(typed, kind):
    assert choose_kind(typed) == kind


def test_a_near_miss_kind_is_refused_with_the_closest_name():
    with pytest.raises(NewPostError, match="Did you mean 'publication'"):
        choose_kind("publicaton")


def test_a_publication_gets_its_file_or_its_link_and_no_placeholder(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "report.pdf").write_bytes(b"%PDF-1.4")
    choices = Choices((), (), ("Report",), tmp_path)
    assert checked_source("content/files/report.pdf", choices) == "files/report.pdf"
    assert checked_source("https://www.example.org/report", choices) == "https://www.example.org/report"
    with pytest.raises(NewPostError, match="Did you mean 'files/report.pdf'"):
        checked_source("files/reprot.pdf", choices)
    with_file = file_text(replace(ALL_KINDS["publication"], source="files/report.pdf"), NOW)
    assert "File: files/report.pdf\n" in with_file and "Link:" not in with_file
    assert "replace the Link address" not in with_file
    with_link = file_text(replace(ALL_KINDS["publication"], source="https://www.example.org/r"), NOW)
    assert "Link: https://www.example.org/r\n" in with_link
