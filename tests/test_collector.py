"""Full garbage collections wait for a quiet hall (workshop/collector.py, issue 13)."""

import gc

import pytest

from workshop import collector
from workshop.collector import QuietCollector


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_full_collection_waits_for_a_quiet_window_and_never_too_long():
    clock = Clock()
    quiet = QuietCollector(clock)
    assert not quiet.check()  # just started: the previous one is too recent
    clock.now += collector.MIN_GAP_SECONDS
    for _ in range(collector.QUIET_REQUESTS + 1):
        quiet.seen()
    assert not quiet.check()  # a busy window (a vote): not now
    for _ in range(collector.QUIET_REQUESTS):
        quiet.seen()
    assert quiet.check() and quiet.full_collections == 1  # quiet enough: collected
    assert quiet.requests == 0  # every window counts afresh
    # Busy for ever: collected anyway once MAX_GAP_SECONDS have passed.
    clock.now += collector.MAX_GAP_SECONDS - 1
    for _ in range(1000):
        quiet.seen()
    assert not quiet.check()
    clock.now += 1
    for _ in range(1000):
        quiet.seen()
    assert quiet.check() and quiet.full_collections == 2


def test_install_freezes_what_exists_and_turns_off_automatic_full_collections():
    before = gc.get_threshold()
    try:
        QuietCollector().install()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (*collector.YOUNG_THRESHOLDS, collector.NEVER)
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_the_collector_loop_checks_every_window():
    quiet = QuietCollector()
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 3:
            raise StopIteration

    checked = []
    quiet.check = lambda: checked.append(True)
    with pytest.raises(StopIteration):
        quiet.run(sleep)
    assert sleeps == [collector.CHECK_SECONDS] * 3 and len(checked) == 2
