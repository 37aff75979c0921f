"""Full garbage collections when the hall is quiet, not in the middle of a vote (issue 13).

Python's collector runs a full (generation 2) collection by itself now and then, and it
stops the whole process while it walks every container object alive. With a thousand
phones connected that is well over a million objects: measured in the N = 1,000 benchmark,
each full collection held the one event loop for 80–210 ms, several times during the
5-second vote storm — exactly the slowest 5 % of ballots (docs/performance.md). So the
gevent worker (hall_worker.py):

- freezes what exists once the app is loaded (modules, the app, templates: alive for the
  life of the process; gc.freeze keeps them out of every later collection);
- turns off automatic full collections (young ones, generations 0 and 1, stay automatic and
  take a few milliseconds);
- runs the full collection itself from a background greenlet: when the last CHECK_SECONDS
  saw at most QUIET_REQUESTS requests and the previous one is MIN_GAP_SECONDS old, or in any
  case MAX_GAP_SECONDS after the previous one (cyclic garbage never waits longer than that).
"""

import gc
import time

CHECK_SECONDS = 5.0
QUIET_REQUESTS = 10  # in CHECK_SECONDS: fewer than two a second
MIN_GAP_SECONDS = 60.0
MAX_GAP_SECONDS = 300.0
# Young collections: generation 0 after this many new container objects (Python's default is
# 700: a request makes thousands), generation 1 after this many of those.
YOUNG_THRESHOLDS = (5_000, 20)
NEVER = 1_000_000_000


class QuietCollector:
    """One per worker process: count requests (`seen`), collect in the quiet (`run`)."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.requests = 0
        self.last_full = clock()
        self.full_collections = 0

    def install(self):
        """Freeze what exists, and leave full collections to this collector."""
        gc.collect()
        gc.freeze()
        gc.set_threshold(*YOUNG_THRESHOLDS, NEVER)

    def seen(self):
        self.requests += 1

    def due(self, requests_in_window):
        """Whether to collect now, given the requests of the window that just ended."""
        gap = self.clock() - self.last_full
        quiet = requests_in_window <= QUIET_REQUESTS
        return gap >= MAX_GAP_SECONDS or (quiet and gap >= MIN_GAP_SECONDS)

    def check(self):
        """One window's end: collect if due (→ True)."""
        requests, self.requests = self.requests, 0
        if not self.due(requests):
            return False
        gc.collect()
        self.last_full = self.clock()
        self.full_collections += 1
        return True

    def run(self, sleep):
        """The background loop (a greenlet: `sleep` is gevent.sleep)."""
        while True:
            sleep(CHECK_SECONDS)
            self.check()


# The worker's collector (hall_worker.py installs it; ConnectionGuard counts requests).
collector = None
