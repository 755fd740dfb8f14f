"""`invoke import` on a saved archive of the old CMS (tests/old_cms.py): what it writes, that the
imported site builds and passes `invoke check`, re-runs, edits, dry runs and bad pages."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import subprocess
import sys

import pytest

from sitebuild.importer.run import import_archive
from sitebuild.pages.render import file_name
from tests.conftest import REPO, Site, snapshot
from tests.old_cms import OLD_HOST, PDF, PLAIN, PNG, OldArchive, OldArticle, OldPage, article_page

PEER = OldArticle(
    "blog",
    "peer-challenge-works",
    "Peer challenge works when we let it",
    '<p style="color:#333">Peer challenge <strong>works</strong> when councils are '
    '<a href="/education/article/send-reforms">honest</a> about what they find.</p>'
    "<h2>What we learned</h2><ul><li>Start early.</li><li>Invite the hard questions.</li></ul>"
    '<p><img src="/images/uploads/workshop.png" alt="Directors in a workshop"></p>'
    f'<p>See <a href="https://{OLD_HOST}/leadership/article/never-saved">an older note</a> and '
    '<a href="https://news.example.com/story?utm_source=mail&amp;id=4">the news story</a>.</p>'
    "<script>track()</script>",
    category="Leadership",
    author="Amara Quist",
    tags=("peer challenge", "Ofsted"),
)
SEND = OldArticle(
    "education",
    "send-reforms",
    "What the SEND reforms ask of councils",
    "<p>Councils will need “joined-up” plans – and the money to match… "
    '<a href="/blog/article/peer-challenge-works">peer challenge</a> helps.</p>'
    "<table><tr><th>Year</th><th>Plans</th></tr><tr><td>2023</td><td>12</td></tr></table>",
    date="Tue, 14 Mar 2023 09:05",
    category="Education",
    author="Tom Hale and Ruth Ellery",
    tags=("SEND",),
    layout=PLAIN,
)
UPDATE = OldArticle(
    "general-subject",
    "nw-region-february-2016-update",
    "NW Region February 2016 Update",
    "<p>The North West region met in February to compare notes on peer challenge.</p>",
    date="Thu, 18 Feb 2016 16:40",
    category="General Subject",
    author="Ruth Ellery",
)
BRIEFING = OldArticle(
    "workforce",
    "kinship-care-figures",
    "Kinship care in figures: a briefing",
    '<p>What the numbers say. <a href="/assets/files/kinship-briefing.pdf">Read the briefing (PDF)</a></p>',
    date="Mon, 02 Oct 2023 10:00",
    category="Workforce",
)
FORUM = OldArticle(
    "events",
    "winter-policy-forum",
    "Winter policy forum",
    "<p>Venue: Leeds Civic Hall</p><p>Date: Tue, 12 Jan 2027 10:00 - 16:00</p>"
    '<p>A day on policy for directors. <a href="https://tickets.example.org/winter">Book your place</a></p>',
    date="Fri, 06 Nov 2026 12:00",
)
UNMAPPED = OldArticle(
    "scrapbook",
    "a-note-on-the-archive",
    "A note on the archive",
    "<p>An article in a section the settings do not map.</p>",
    category="Miscellany",
    author="",
)

HASHTAGS = OldArticle(
    "leadership",
    "notes-from-the-spring-conference",
    "Notes from the spring conference",
    "<p>#springconf #childrensservices</p><p>1984. The year the first forum met.</p>"
    '<p>The slides are on <a href="http://slides.example.org]">the slides site</a>.</p>',
    date="Wed, 08 Mar 2023 09:30",
    category="Leadership",
    author="Amara Quist",
)


def make_archive(root) -> OldArchive:
    archive = OldArchive(root / OLD_HOST, related_links=[("/blog/article/peer-challenge-works", "Peer")])
    archive.article(PEER)
    archive.article(SEND, style="html")
    archive.article(UPDATE, style="bare")
    archive.article(BRIEFING)
    archive.article(FORUM)
    archive.article(UNMAPPED)
    archive.article(HASHTAGS)
    archive.page(
        OldPage("working-with-us", "Working with us", "<p>How councils work with the association.</p>")
    )
    archive.listing("blog", [("/blog/article/peer-challenge-works", "Peer challenge works")])
    archive.listing("blog", [("/blog/article/peer-challenge-works", "Peer challenge works")], offset=10)
    archive.save("/images/uploads/workshop.png", PNG, style="bare")
    archive.save("/assets/files/kinship-briefing.pdf", PDF, style="bare")
    # bad pages: each skipped by name, none stops the run
    archive.save("/blog/article/untitled", "<html><body><p>Words without a title.</p></body></html>")
    archive.save("/blog/article/not-a-page", b"\x00\x01binary", style="bare")
    archive.save(
        "/blog/article/bad-date",
        '<html><head><title>Bad date</title></head><body><h1>Bad date</h1><p class="date">Thursday-ish</p>'
        "<p>Text.</p></body></html>",
    )
    archive.save(
        "/blog/article/copy-of-peer",
        archive.root.joinpath("blog/article/peer-challenge-works/index.html").read_text(encoding="utf-8"),
    )
    archive.save(  # an event also saved under another section, where its details are not read
        "/blog/article/winter-policy-forum",
        archive.root.joinpath("events/article/winter-policy-forum/index.html").read_text(encoding="utf-8"),
    )
    return archive


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("import")
    make_archive(root / "saved")
    site = Site(root / "site")
    report = import_archive(site.root, root / "saved", say=lambda line: None)
    return site, report, root / "saved"


def read(site: Site, relative: str) -> str:
    return (site.content / relative).read_text(encoding="utf-8")


def test_every_kind_lands_in_its_folder_with_front_matter_the_site_accepts(imported):
    site, report, _ = imported
    assert read(site, "blog/2023/peer-challenge-works.md").startswith(
        "Title: Peer challenge works when we let it\nDate: 2023-05-26 12:17\nCategory: Leadership\n"
        "Tags: peer challenge, Ofsted\nAuthors: Amara Quist\nSlug: peer-challenge-works\n\n"
    )
    assert "Authors: Tom Hale, Ruth Ellery\n" in read(site, "blog/2023/send-reforms.md")
    update = read(site, "regional-updates/2016/nw-region-february-2016-update.md")
    assert "Region: North West\n" in update and "Category: General\n" in update
    briefing = read(site, "publications/kinship-care-figures.md")
    assert "Type: Briefing\nYear: 2023\nFile: files/kinship-briefing.pdf\n" in briefing
    forum = read(site, "events/winter-policy-forum.md")
    assert "Start: 2027-01-12 10:00\nEnd: 2027-01-12 16:00\nLocation: Leeds Civic Hall\n" in forum
    assert "Booking: https://tickets.example.org/winter\n" in forum
    assert read(site, "pages/working-with-us.md").startswith(
        "Title: Working with us\nSlug: working-with-us\n\n"
    )
    assert report.counts["blog post"] == 4 and report.counts["publication"] == 1


def test_the_text_is_clean_markdown_without_the_old_sites_furniture(imported):
    site, _, _ = imported
    text = read(site, "blog/2023/peer-challenge-works.md")
    body = text.split("\n\n", 1)[1]
    assert "## What we learned\n\n- Start early.\n- Invite the hard questions." in body
    assert "**works**" in body
    for furniture in ("Related Articles", "Next Upcoming Event", "cookies", "browser", "Leave a comment",
                      "Tags assigned", "track()", "style=", "Blog", "Fri, 26 May"):  # fmt: skip
        assert furniture not in body, furniture
    send = read(site, "blog/2023/send-reforms.md")
    assert "“joined-up” plans – and the money to match…" in send  # typographic characters as they were
    assert "| Year | Plans |" in send


def test_links_point_at_the_new_site_and_unresolved_ones_are_listed(imported):
    site, report, _ = imported
    body = read(site, "blog/2023/peer-challenge-works.md")
    assert "[honest]({filename}/blog/2023/send-reforms.md)" in body
    assert "![Directors in a workshop]({static}/images/workshop.png)" in body
    assert f"[an older note](https://{OLD_HOST}/leadership/article/never-saved)" in body
    assert "(https://news.example.com/story?id=4)" in body  # tracking taken off
    assert (site.content / "images/workshop.png").read_bytes() == PNG
    assert (site.content / "files/kinship-briefing.pdf").read_bytes() == PDF
    unresolved = [f for f in report.review if "/leadership/article/never-saved" in f.what]
    assert unresolved and unresolved[0].file == "content/blog/2023/peer-challenge-works.md"


def test_text_that_looks_like_markdown_stays_text_and_an_unreadable_link_is_listed(imported):
    site, report, _ = imported
    body = read(site, "blog/2023/notes-from-the-spring-conference.md").split("\n\n", 1)[1]
    assert body.startswith("\\#springconf #childrensservices\n\n1984\\. The year the first forum met.")
    assert "The slides are on the slides site." in body  # the link could not be followed; its text stays
    listed = [f.what for f in report.review if f.old == HASHTAGS.address]
    assert any("'http://slides.example.org]', an address no browser can follow" in what for what in listed)


def test_every_old_address_is_redirected(imported):
    site, _, _ = imported
    rows = list(csv.reader(io.StringIO(read(site, "data/redirects.csv"))))
    assert rows[0] == ["old", "new"]
    redirects = dict(rows[1:])
    assert redirects["/blog/article/peer-challenge-works"] == "/blog/peer-challenge-works/"
    assert redirects["/education/article/send-reforms"] == "/blog/send-reforms/"
    assert redirects["/events/article/winter-policy-forum"] == "/events/winter-policy-forum/"
    assert redirects["/blog/P10"] == "/blog/"
    assert redirects["/assets/files/kinship-briefing.pdf"] == "/files/kinship-briefing.pdf"
    assert redirects["/blog/article/copy-of-peer"] == "/blog/peer-challenge-works/"  # a duplicate
    assert redirects["/blog/article/winter-policy-forum"] == "/events/winter-policy-forum/"
    assert "/working-with-us" not in redirects  # the same address: the host adds the slash
    assert rows[1:] == sorted(rows[1:])


def test_bad_pages_are_skipped_by_name_and_guesses_are_listed(imported):
    site, report, _ = imported
    skipped = {finding.old: finding.what for finding in report.skipped}
    assert "no title" in skipped["/blog/article/untitled"]
    assert "not an HTML page" in skipped["/blog/article/not-a-page"]
    assert "'Thursday-ish' cannot be read" in skipped["/blog/article/bad-date"]
    assert "duplicate of /blog/article/peer-challenge-works" in skipped["/blog/article/copy-of-peer"]
    assert "duplicate of /events/article/winter-policy-forum" in skipped["/blog/article/winter-policy-forum"]
    review = [(finding.old, finding.what) for finding in report.review]
    unmapped = [what for old, what in review if old == UNMAPPED.address]
    assert any("guessed the category 'General'" in what for what in unmapped)
    assert any("no author" in what for what in unmapped)
    assert any("script element" in what for old, what in review if old == PEER.address)
    saved = json.loads((site.root / "import-report.json").read_text(encoding="utf-8"))
    assert {"old": "/blog/article/untitled", "file": "", "what": skipped["/blog/article/untitled"]} in saved[
        "skipped"
    ]


def test_the_imported_site_builds_and_passes_invoke_check(imported):
    site, _, _ = imported
    result = site.build()
    assert result.returncode == 0, result.stdout + result.stderr
    page = site.page("/blog/peer-challenge-works/")
    links = {a.get_text(): a["href"] for a in page.find("main").find_all("a")}
    assert links["honest"] == "../../blog/send-reforms/"
    notes = site.page("/blog/notes-from-the-spring-conference/").select_one("main .prose")
    assert [p.get_text() for p in notes.find_all("p")][:2] == [
        "#springconf #childrensservices",
        "1984. The year the first forum met.",
    ]
    assert not notes.find(["h1", "h2", "ol", "ul"])
    check = subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--project", str(site.root)],
        cwd=REPO, capture_output=True, text=True, timeout=300, encoding="utf-8",
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_second_run_writes_the_same_files_and_keeps_an_edited_one(imported, tmp_path):
    site, _, saved = imported
    before = snapshot(site.content)
    again = import_archive(site.root, saved, say=lambda line: None)
    assert snapshot(site.content) == before
    assert again.actions["written"] == 0 and again.actions["updated"] == 0

    edited = site.content / "blog/2023/send-reforms.md"
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nA correction an editor added.\n", encoding="utf-8"
    )
    third = import_archive(site.root, saved, say=lambda line: None)
    assert "A correction an editor added." in edited.read_text(encoding="utf-8")
    assert any(f.file == "content/blog/2023/send-reforms.md" and "edited since it was imported" in f.what
               for f in third.review)  # fmt: skip


def test_a_dry_run_writes_nothing_and_says_what_it_would_do(tmp_path):
    make_archive(tmp_path / "saved")
    site = Site(tmp_path / "site")
    said = []
    report = import_archive(site.root, tmp_path / "saved", dry_run=True, say=said.append)
    assert snapshot(site.content) == {}
    assert not (site.root / "import-report.json").exists()
    assert report.actions["written"] > 0
    assert "Would import" in said[-1]
    assert f"Files: {report.actions['written']} would be written (a dry run: nothing was written)" in said[-1]
    assert "Without --dry-run the whole report goes to" in said[-1]


def test_drafts_when_asked(tmp_path):
    make_archive(tmp_path / "saved")
    site = Site(tmp_path / "site")
    import_archive(site.root, tmp_path / "saved", status="draft", say=lambda line: None)
    assert read(site, "blog/2023/peer-challenge-works.md").count("Status: draft\n") == 1


@pytest.mark.parametrize("given", ["nowhere", "notes"])
def test_the_task_refuses_a_missing_folder_or_one_without_pages_clearly(tmp_path, given):
    project = Site(tmp_path / "s").root
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("Ask for the old site's export.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "import", str(tmp_path / given), "--project", str(project)],
        cwd=REPO, capture_output=True, text=True, timeout=120, encoding="utf-8",
    )  # fmt: skip
    assert result.returncode == 1
    expected = {"nowhere": "is not a folder", "notes": "holds no saved pages"}[given]
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert not (project / "content" / "data" / "redirects.csv").exists()


def test_a_file_that_cannot_be_read_is_named_and_the_rest_is_imported(tmp_path, monkeypatch):
    make_archive(tmp_path / "saved")
    unreadable = (tmp_path / "saved" / OLD_HOST / "images/uploads/workshop.png").resolve()
    read_bytes = pathlib.Path.read_bytes

    def refuse(path):
        if path.resolve() == unreadable:
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    site = Site(tmp_path / "site")
    report = import_archive(site.root, tmp_path / "saved", say=lambda line: None)
    skipped = {finding.old: finding.what for finding in report.skipped}
    what = skipped["/images/uploads/workshop.png"]
    assert what == "file not copied: it cannot be read (Permission denied)."
    assert (site.content / "blog/2023/peer-challenge-works.md").is_file()
    assert (site.content / "files/kinship-briefing.pdf").is_file()


def test_an_old_address_the_new_site_publishes_itself_is_not_redirected(tmp_path):
    archive = make_archive(tmp_path / "saved")
    archive.page(OldPage("search", "Search the old site", "<p>Type a word to search the archive.</p>"))
    site = Site(tmp_path / "site")
    site.write("pages/working-with-us.md", "Title: Working with us\nSlug: working-with-us\n\nThe new page.\n")
    report = import_archive(site.root, tmp_path / "saved", say=lambda line: None)
    redirects = dict(csv.reader(io.StringIO(read(site, "data/redirects.csv"))))
    assert "/working-with-us" not in redirects and "/search" not in redirects
    review = {finding.old: (finding.file, finding.what) for finding in report.review}
    assert review["/working-with-us"] == (
        "content/pages/working-with-us-2.md",
        "no redirect to /working-with-us-2/: the new site publishes content/pages/working-with-us.md at "
        "this address; check which one readers need",
    )
    assert "the site's own /search/ pages" in review["/search"][1]
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert "The new page." in site.page("/working-with-us/").get_text()


def test_addresses_with_spaces_accents_and_quotes_are_one_address_however_written(tmp_path):
    """A crawler saves '/blog/article/café-talks' as café-talks.html; a page links it as
    caf%C3%A9-talks. Both are one old address, written in the redirects file as browsers send it."""
    archive = OldArchive(tmp_path / "saved" / OLD_HOST)
    archive.article(
        OldArticle("blog", "café-talks", "Café talks", "<p>Coffee with councillors.</p>", author="Jo Hale"),
        style="html",
    )
    archive.article(
        OldArticle("blog", "it's-here", "It is here", "<p>The framework is here.</p>", author="Jo Hale"),
        style="html",
    )
    archive.save("/assets/Annual Report 2023.pdf", PDF, style="bare")
    archive.page(
        OldPage(
            "About Us",
            "About us",
            '<p>See <a href="/assets/Annual%20Report%202023.pdf">the report</a>, '
            '<a href="/blog/article/caf%C3%A9-talks">café talks</a> and '
            "<a href=\"/blog/article/it's-here\">it's here</a>.</p>",
        ),
        style="html",
    )
    site = Site(tmp_path / "site")
    report = import_archive(site.root, tmp_path / "saved", say=lambda line: None)
    assert not [finding for finding in report.review if "does not hold" in finding.what]
    assert dict(csv.reader(io.StringIO(read(site, "data/redirects.csv")))) == {
        "old": "new",
        "/About%20Us": "/about-us/",
        "/assets/Annual%20Report%202023.pdf": "/files/annual-report-2023.pdf",
        "/blog/article/caf%C3%A9-talks": "/blog/cafe-talks/",
        "/blog/article/it%27s-here": "/blog/its-here/",
    }
    assert read(site, "pages/about-us.md").endswith(
        "See [the report]({static}/files/annual-report-2023.pdf), "
        "[café talks]({filename}/blog/2023/cafe-talks.md) and "
        "[it's here]({filename}/blog/2023/its-here.md).\n"
    )
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert (site.output / file_name("blog/article/café-talks/index.html")).is_file()  # the redirect page


def test_a_page_saved_in_windows_1252_keeps_its_curly_quotes_and_accents(tmp_path):
    """Old CMS pages often say ISO-8859-1 and hold Windows-1252's quotes, as browsers read them."""
    archive = OldArchive(tmp_path / "saved" / OLD_HOST)
    article = OldArticle(
        "blog", "cafe-budgets", "Café budgets", "<p>“Tight” – the €5 café budget.</p>", author="Jo Hale"
    )
    page = article_page(article).replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    archive.save(article.address, page.encode("cp1252"))
    site = Site(tmp_path / "site")
    import_archive(site.root, tmp_path / "saved", say=lambda line: None)
    text = read(site, "blog/2023/cafe-budgets.md")
    assert text.startswith("Title: Café budgets\n")
    assert text.endswith("\n“Tight” – the €5 café budget.\n")


def test_a_text_the_converter_fails_on_is_skipped_by_name_and_the_rest_is_imported(tmp_path, monkeypatch):
    from sitebuild.importer import run

    make_archive(tmp_path / "saved")
    convert = run.to_markdown

    def fails_on_send(text_html, address, addresses):
        if address == SEND.address:
            raise IndexError("list index out of range")
        return convert(text_html, address, addresses)

    monkeypatch.setattr(run, "to_markdown", fails_on_send)
    site = Site(tmp_path / "site")
    report = import_archive(site.root, tmp_path / "saved", say=lambda line: None)
    skipped = {finding.old: finding for finding in report.skipped}
    assert skipped[SEND.address].file == "content/blog/2023/send-reforms.md"
    assert skipped[SEND.address].what.startswith("the import could not read it (IndexError: list index")
    assert not (site.content / "blog/2023/send-reforms.md").exists()
    assert (site.content / "blog/2023/peer-challenge-works.md").is_file()
