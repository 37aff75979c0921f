"""The poll methods, one module each, and the registry every other part reads.

A method module (dots, points, ranking, scores, matrix, approval) holds everything about one
way of voting: its ballot validation, its tally entries and scores (pure, no I/O), how its
votes follow a merge, its words for pages and exports (label, instructions, a ballot in
words) and its no-JavaScript form fields (reading the posted form; the markup and the
JavaScript widget are the field set it names in `fields`). Shared parts live in base.py,
allocation.py (dots, points) and rating.py (scores, matrix). Ranking is counted by the Borda
rule for truncated ballots (k…1 for the k ranked proposals, 0 for the rest).

Who reads the registry: forms/polls.py (the method choices), rules/polls.py and the API
(settings, ballots), tally.py and results.py (counting, merges), the ballot pages, the
exports (labels, ballot words, id mapping) and db.migrate, run by db.init_db (it fills the
poll_methods table that polls.method references, so a new method needs no migration).

Adding a seventh method touches about three files:
  1. workshop/polls/methods/<key>.py: a PollMethod subclass (validate, carry, entries,
     item_scores, words, form reading) and METHOD = it();
  2. this file: import it and add it to REGISTRY (the create form offers it, the store
     accepts it: db.migrate fills poll_methods from REGISTRY, no migration);
  3. static/js/ballot/<fields>.js: its ballot widget on Rembuk.ballotWidgets["<key>"], with
     its field set templates/participant/ballot/<fields>.html; a method reusing an existing
     field set (allocation, ranking, rating, approval) only adds its key to that widget.
Its new words go into the translation catalogue (workshop/translations) as every text does.
"""

from flask_babel import lazy_gettext as _l

from . import approval, dots, matrix, points, ranking, scores
from .base import SCALE, BallotError, PollMethod, expect_only, fail

__all__ = ["METHODS", "REGISTRY", "SCALE", "BallotError", "PollMethod", "get", "validate_ballot"]

# In the order the create form offers them.
REGISTRY = {
    m.key: m
    for m in (
        dots.METHOD,
        points.METHOD,
        ranking.METHOD,
        scores.METHOD,
        matrix.METHOD,
        approval.METHOD,
    )
}
METHODS = tuple(REGISTRY)


def get(key):
    """The method of that key; ValueError for an unknown one."""
    try:
        return REGISTRY[key]
    except KeyError:
        raise ValueError(f"unknown method {key}") from None


def labels():
    """Method key → its name in the current language (pages, exports)."""
    return {key: str(m.label) for key, m in REGISTRY.items()}


def validate_ballot(poll, body, idea_ids):
    """Check a ballot body against the poll's method and parameters → the normalised ballot.

    Raises BallotError with field-level messages.
    """
    if not isinstance(body, dict):
        fail("ballot", _l("The ballot must be a JSON object."))
    method = get(poll["method"])
    expect_only(body, method.body_key)
    return method.validate(poll, body, set(idea_ids))
