"""The pieces of plugins/parallel_writing, with Pelican's real Writer and forked processes.

share_out is called directly: write_on_all_cores writes in one process when the
process has other threads, as pytest's may (tests/sites/test_writing.py covers it).
"""

from __future__ import annotations

import logging
import os
import time

from parallel_writing.sharing import PageClaims, share_out
from pelican.writers import Writer


class Template:
    """Renders the page's name and process, taking a moment; if `fails_elsewhere`, fails outside `home`."""

    def __init__(self, home: int, fails_elsewhere: bool = False):
        self.home = home
        self.fails_elsewhere = fails_elsewhere

    def render(self, context) -> str:
        time.sleep(0.001)  # long enough that both processes take part
        if self.fails_elsewhere and os.getpid() != self.home:
            raise ValueError("broken in another process")
        return f"page {context['output_file']} by {os.getpid()}"


def writing(pages: int, template: Template):
    def generate_output(writer: Writer) -> None:
        for number in range(pages):
            writer.write_file(f"page-{number}.html", template, {})

    return generate_output


def test_every_claim_goes_to_exactly_one_process():
    claims = PageClaims(capacity=1000)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the other process: report the numbers it claimed
        claims.process_number = 1
        mine = [number for number in range(1000) if claims.claim_next()]
        os.write(write, ",".join(map(str, mine)).encode())
        os._exit(0)
    os.close(write)
    mine = {number for number in range(1000) if claims.claim_next()}
    os.waitpid(pid, 0)
    report = b""
    while chunk := os.read(read, 65536):
        report += chunk
    theirs = {int(number) for number in report.decode().split(",") if number}
    assert mine.isdisjoint(theirs)
    assert mine | theirs == set(range(1000))
    assert claims.taken == len(mine)


def test_pages_are_written_once_each_by_the_processes_between_them(tmp_path):
    writer = Writer(str(tmp_path), settings={"PAGINATED_TEMPLATES": {}})
    share_out(writing(300, Template(os.getpid())), writer, processes=2)
    texts = [(tmp_path / f"page-{number}.html").read_text() for number in range(300)]
    assert all(text.startswith(f"page page-{number}.html by ") for number, text in enumerate(texts))
    assert len({text.rsplit(" by ", 1)[1] for text in texts}) == 2, "both processes wrote pages"
    assert writer._written_files == {str(tmp_path / f"page-{number}.html") for number in range(300)}
    assert writer.write_file.__func__ is Writer.write_file, "the writer is itself again afterwards"


def test_when_another_process_fails_this_one_writes_every_page_again(tmp_path, caplog):
    """Here pages fail only in the other process, so writing them again here succeeds."""
    writer = Writer(str(tmp_path), settings={"PAGINATED_TEMPLATES": {}})
    with caplog.at_level(logging.INFO, logger="parallel_writing.sharing"):
        share_out(writing(300, Template(os.getpid(), fails_elsewhere=True)), writer, processes=2)
    assert "another process failed" in caplog.text
    mine = f"by {os.getpid()}"
    texts = [(tmp_path / f"page-{number}.html").read_text() for number in range(300)]
    assert all(text.endswith(mine) for text in texts), "every page was written again by this process"
