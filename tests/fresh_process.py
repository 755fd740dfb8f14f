"""Running a check in a new Python process, for checks that must not share this one.

A build in the test's own process connects the plugins' receivers to Pelican's
signals, which are global, so later tests would meet them; and the writer only
forks its rendering processes in a process without threads, which the test
process (Playwright's) is not.
"""

from __future__ import annotations

import traceback
from multiprocessing import get_context


def in_fresh_process(check, *args) -> None:
    """Run `check(*args)` (a module-level function) in a new Python process; fail as it fails."""
    context = get_context("spawn")
    outcome = context.Queue()
    process = context.Process(target=report_check, args=(outcome, check, *args))
    process.start()
    failure = outcome.get(timeout=600)
    process.join()
    assert not failure, failure


def report_check(outcome, check, *args) -> None:
    """In the new process: run the check; put its traceback, or "" when it passed."""
    try:
        check(*args)
    except BaseException:
        outcome.put(traceback.format_exc())
    else:
        outcome.put("")
