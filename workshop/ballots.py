"""Ballot validation per method (pure): the same rules the ballot pages check before sending.

Returns the normalised ballot, or raises BallotError with field-level messages.
"""

from flask_babel import lazy_gettext as _l

from .tally import MATRIX_CRITERIA


class BallotError(ValueError):
    """A ballot the poll cannot accept; `fields` maps the ballot's key to messages."""

    def __init__(self, fields):
        super().__init__("invalid ballot")
        self.fields = fields


def _fail(key, message):
    raise BallotError({key: [message]})


def _idea_id(raw, idea_ids, key):
    try:
        value = int(raw)
    except (TypeError, ValueError):
        _fail(key, _l("Unknown proposal: %(id)s.", id=raw))
    if str(value) != str(raw).strip() or value not in idea_ids:
        _fail(key, _l("Unknown proposal: %(id)s.", id=raw))
    return value


def _whole(value, key):
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(key, _l("Use whole numbers of 0 or more."))
    if value < 0:
        _fail(key, _l("Use whole numbers of 0 or more."))
    return value


def validate_ballot(poll, body, idea_ids):
    """Check a ballot body against the poll's method and parameters."""
    if not isinstance(body, dict):
        _fail("ballot", _l("The ballot must be a JSON object."))
    method = poll["method"]
    idea_ids = set(idea_ids)
    if method in ("dots", "points"):
        return _allocations(poll, body, idea_ids)
    if method == "ranking":
        return _ranking(poll, body, idea_ids)
    if method in ("scores", "matrix"):
        return _scores(poll, body, idea_ids)
    return _approval(body, idea_ids)


def _expect_only(body, key):
    extra = set(body) - {key}
    if extra:
        _fail(sorted(extra)[0], _l("Unknown field."))
    if key not in body:
        _fail(key, _l("This field is required."))


def _allocations(poll, body, idea_ids):
    _expect_only(body, "allocations")
    raw = body["allocations"]
    if not isinstance(raw, dict):
        _fail("allocations", _l("Send an object of proposal id → number."))
    allocations = {}
    for key, value in raw.items():
        idea = _idea_id(key, idea_ids, "allocations")
        allocations[idea] = _whole(value, "allocations")
    budget, cap = poll["budget"], poll["max_per_item"]
    total = sum(allocations.values())
    if cap is not None and any(v > cap for v in allocations.values()):
        _fail("allocations", _l("At most %(n)d on one proposal.", n=cap))
    if poll["method"] == "points" and budget is not None and total != budget:
        _fail(
            "allocations",
            _l("Distribute exactly %(budget)d points (now %(total)d).", budget=budget, total=total),
        )
    if budget is not None and total > budget:
        _fail(
            "allocations",
            _l("You have %(budget)d in all (now %(total)d).", budget=budget, total=total),
        )
    return {"allocations": {str(k): v for k, v in sorted(allocations.items()) if v}}


def _ranking(poll, body, idea_ids):
    _expect_only(body, "ranking")
    raw = body["ranking"]
    if not isinstance(raw, list):
        _fail("ranking", _l("Send a list of proposal ids, best first."))
    ranking = [_idea_id(i, idea_ids, "ranking") for i in raw]
    if len(set(ranking)) != len(ranking):
        _fail("ranking", _l("Each proposal may appear only once."))
    if poll["budget"] is not None and len(ranking) > poll["budget"]:
        _fail("ranking", _l("Rank at most %(n)d proposals.", n=poll["budget"]))
    return {"ranking": ranking}


def _scores(poll, body, idea_ids):
    _expect_only(body, "scores")
    raw = body["scores"]
    if not isinstance(raw, dict):
        _fail("scores", _l("Send an object of proposal id → {criterion: 1–5}."))
    keys = (
        list(MATRIX_CRITERIA)
        if poll["method"] == "matrix"
        else [c["key"] for c in poll["criteria"]]
    )
    scores = {}
    for idea_key, values in raw.items():
        idea = _idea_id(idea_key, idea_ids, "scores")
        if not isinstance(values, dict) or set(values) != set(keys):
            _fail("scores", _l("Score every criterion: %(keys)s.", keys=", ".join(keys)))
        for value in values.values():
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                _fail("scores", _l("Scores are whole numbers from 1 to 5."))
        scores[str(idea)] = {k: values[k] for k in keys}
    return {"scores": dict(sorted(scores.items(), key=lambda kv: int(kv[0])))}


def _approval(body, idea_ids):
    _expect_only(body, "approve")
    raw = body["approve"]
    if not isinstance(raw, list):
        _fail("approve", _l("Send a list of proposal ids."))
    approve = [_idea_id(i, idea_ids, "approve") for i in raw]
    if len(set(approve)) != len(approve):
        _fail("approve", _l("Each proposal may appear only once."))
    return {"approve": sorted(approve)}
