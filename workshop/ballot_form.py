"""The no-JavaScript ballot form: its input names ↔ the ballot body of the API.

Inputs: alloc-<idea> (dots, points), rank-<idea> (ranking: 1 = first, empty = not ranked),
score-<idea>-<criterion> (scores, matrix: radios 1–5), approve (approval: checkboxes).
ballot_from_form only reads the form; workshop/ballots.py judges the body, as for the API.
"""

import re

from flask_babel import gettext as _

from .ballots import BallotError
from .tally import MATRIX_CRITERIA

# The 1–5 scale of scores and of the impact/effort matrix.
SCALE = (1, 2, 3, 4, 5)


def values_of(poll, items, body):
    """A ballot body → the page's input values ({input name: text})."""
    method, values = poll["method"], {}
    if method in ("dots", "points"):
        for idea, n in body.get("allocations", {}).items():
            values[f"alloc-{idea}"] = str(n)
    elif method == "ranking":
        for position, idea in enumerate(body.get("ranking", []), start=1):
            values[f"rank-{idea}"] = str(position)
    elif method in ("scores", "matrix"):
        for idea, scores in body.get("scores", {}).items():
            for key, value in scores.items():
                values[f"score-{idea}-{key}"] = str(value)
    else:
        for idea in body.get("approve", []):
            values[f"approve-{idea}"] = "on"
    return values


def values_from_form(poll, form):
    """The posted form as the page's input values (to show them again with the error)."""
    values = {k: v for k, v in form.items() if k != "csrf_token" and k != "approve"}
    if poll["method"] == "approval":
        values.update({f"approve-{i}": "on" for i in form.getlist("approve")})
    return values


def whole_number(text):
    """'12' → 12; anything but plain ASCII digits (also '', '-1', '1.5', '²') → None."""
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def _whole(text, key, message, minimum=0):
    if not (text or "").strip():
        return None
    n = whole_number(text)
    if n is None or n < minimum:
        raise BallotError({key: [message]})
    return n


def ballot_from_form(poll, items, form):
    """The no-JavaScript form → the API's ballot body (validate_ballot checks the rest)."""
    method = poll["method"]
    if method in ("dots", "points"):
        allocations = {}
        for item in items:
            n = _whole(
                form.get(f"alloc-{item['id']}", ""),
                "allocations",
                _("Use whole numbers of 0 or more."),
            )
            if n:
                allocations[str(item["id"])] = n
        return {"allocations": allocations}
    if method == "ranking":
        ranked = []
        for position, item in enumerate(items):
            n = _whole(
                form.get(f"rank-{item['id']}", ""),
                "ranking",
                _("Rank numbers are whole numbers from 1."),
                minimum=1,
            )
            if n is not None:
                ranked.append((n, position, item["id"]))
        numbers = [n for n, _position, _idea in ranked]
        if len(set(numbers)) != len(numbers):
            raise BallotError({"ranking": [_("Give each proposal a different rank number.")]})
        return {"ranking": [idea for _n, _position, idea in sorted(ranked)]}
    if method in ("scores", "matrix"):
        keys = list(MATRIX_CRITERIA) if method == "matrix" else [c["key"] for c in poll["criteria"]]
        scores = {}
        for item in items:
            given = {}
            for key in keys:
                raw = form.get(f"score-{item['id']}-{key}", "").strip()
                if raw:
                    if raw not in {str(v) for v in SCALE}:
                        raise BallotError({"scores": [_("Scores are whole numbers from 1 to 5.")]})
                    given[key] = int(raw)
            if given and len(given) != len(keys):
                message = (
                    _("Give “%(title)s” both impact and effort.", title=item["title"])
                    if method == "matrix"
                    else _("Score every criterion of “%(title)s”.", title=item["title"])
                )
                raise BallotError({"scores": [message]})
            if given:
                scores[str(item["id"])] = given
        return {"scores": scores}
    ids = {str(i["id"]) for i in items}
    return {"approve": [int(v) for v in form.getlist("approve") if v in ids]}


def is_empty(body):
    """True for a ballot that gives nothing to anyone."""
    return not any(v for v in body.values())


def ordered_for_ranking(items, values):
    """Ranked proposals first (by their number), then the others in the poll's order."""

    def rank(item):
        n = whole_number(values.get(f"rank-{item['id']}", ""))
        return n if n else None

    ranked = sorted((i for i in items if rank(i) is not None), key=rank)
    return ranked + [i for i in items if rank(i) is None]
