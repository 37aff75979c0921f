"""Which poll ranks each dimension's programmes (issue 15).

A facilitator may choose the poll of a dimension (`PUT /workshops/{id}/priorities/{dimension}`).
Without a choice, the rule picks the CLOSED poll that lists most of that dimension's
programmes (visible ideas of `programs` sessions; a merged item counts as its survivor); on a
tie, the one closed last (then the higher id). So a 6-item confirmation poll or a 12-item
matrix across all dimensions never beats a dimension's own poll, which lists all of its
programmes. `resolve` is a pure read: the export calls it (through export/model.py) as well
as the API and the facilitator's priorities page.
"""

from flask_babel import gettext as _

from ..store import NotFound, polls, programmes, roster
from . import field_error

EXPLICIT = "explicit"
RULE = "rule"


def coverage(db, workshop_id):
    """{dimension: [(programmes listed, closed_at, poll_id), ...]} of the closed polls."""
    covered = {}
    for row in programmes.closed_poll_coverage(db, workshop_id):
        covered.setdefault(row["dimension"], []).append(
            (row["programmes"], row["closed_at"] or "", row["poll_id"])
        )
    return covered


def rule_choice(candidates):
    """The poll the rule picks among (programmes listed, closed_at, poll_id), or None."""
    return max(candidates)[2] if candidates else None


def resolve(db, workshop_id):
    """Per dimension of the workshop, in its order: {"dimension", "poll_id", "chosen"}.

    `chosen` is "explicit" when a facilitator chose the poll, "rule" otherwise (poll_id None
    when no closed poll lists any of the dimension's programmes).
    """
    explicit = programmes.explicit_priorities(db, workshop_id)
    covered = coverage(db, workshop_id)
    result = []
    for dim in roster.list_dimensions(db, workshop_id):
        key = dim["key"]
        if explicit.get(key) is not None:
            result.append({"dimension": key, "poll_id": explicit[key], "chosen": EXPLICIT})
        else:
            poll_id = rule_choice(covered.get(key, []))
            result.append({"dimension": key, "poll_id": poll_id, "chosen": RULE})
    return result


def overview(db, workshop_id):
    """resolve() with what the facilitator's page shows: the poll the rule would pick and
    how many of the dimension's programmes each closed poll lists."""
    covered = coverage(db, workshop_id)
    rows = []
    for item in resolve(db, workshop_id):
        candidates = covered.get(item["dimension"], [])
        rows.append(
            {
                **item,
                "rule_poll_id": rule_choice(candidates),
                "covers": {poll_id: n for n, _at, poll_id in candidates},
            }
        )
    return rows


def check_dimension(db, workshop_id, dimension):
    """NotFound (404) unless the workshop has this dimension."""
    if dimension not in {d["key"] for d in roster.list_dimensions(db, workshop_id)}:
        raise NotFound("dimension")


def choose(db, workshop_id, dimension, poll_id, actor_id):
    """Choose (or with None clear) the poll that ranks a dimension; returns its resolve() row.

    The poll must be one of this workshop's (422 on poll_id otherwise).
    """
    with db.atomic():
        check_dimension(db, workshop_id, dimension)
        if poll_id is not None:
            try:
                polls.get_poll(db, poll_id, workshop_id)
            except NotFound as e:
                raise field_error("poll_id", _("Choose a poll of this workshop.")) from e
        programmes.set_priority(db, workshop_id, dimension, poll_id, actor_id)
    return next(p for p in resolve(db, workshop_id) if p["dimension"] == dimension)
