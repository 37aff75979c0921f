"""What every poll method provides, and the checks its ballots share.

A method is one object (a PollMethod subclass instance) registered in methods/__init__.py.
It is pure: no I/O, no Flask request. Ballot bodies are the API's (API.md); idea ids inside a
body may be strings (JSON object keys) and are normalised to int where it matters.
"""

import re
from fractions import Fraction

from flask_babel import lazy_gettext as _l

# The 1–5 scale of scores and of the impact/effort matrix.
SCALE = (1, 2, 3, 4, 5)


class BallotError(ValueError):
    """A ballot the poll cannot accept; `fields` maps the ballot's key to messages."""

    def __init__(self, fields):
        super().__init__("invalid ballot")
        self.fields = fields


def fail(key, message):
    raise BallotError({key: [message]})


def idea_id(raw, idea_ids, key):
    """A proposal id of the ballot (int or its decimal text) that the poll contains."""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        fail(key, _l("Unknown proposal: %(id)s.", id=raw))
    if str(value) != str(raw).strip() or value not in idea_ids:
        fail(key, _l("Unknown proposal: %(id)s.", id=raw))
    return value


def whole(value, key):
    """A JSON whole number of 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        fail(key, _l("Use whole numbers of 0 or more."))
    return value


def expect_only(body, key):
    """The body holds exactly the method's one key."""
    extra = set(body) - {key}
    if extra:
        fail(sorted(extra)[0], _l("Unknown field."))
    if key not in body:
        fail(key, _l("This field is required."))


def whole_number(text):
    """'12' → 12; anything but plain ASCII digits (also '', '-1', '1.5', '²') → None."""
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def typed_whole(text, key, message, minimum=0):
    """A typed number of the no-JavaScript form: None when empty, BallotError when wrong."""
    if not (text or "").strip():
        return None
    n = whole_number(text)
    if n is None or n < minimum:
        raise BallotError({key: [message]})
    return n


def int_keys(mapping):
    return {int(k): v for k, v in mapping.items()}


def mean(values):
    return sum(values, Fraction(0)) / len(values) if values else Fraction(0)


class PollMethod:
    """One way of voting. Subclasses set the attributes and override what differs.

    key          the value of polls.method (and of the API's `method`)
    label        its name on pages and in exports; choice_label in the create form
    body_key     the one key of its ballot body
    uses_budget  the poll's budget means something (dots, points: per voter; ranking: top N)
    uses_cap     max_per_item means something
    default_budget  the budget when the facilitator leaves it out
    fields       its ballot's field set: the markup templates/participant/ballot/<fields>.html
                 (works without JavaScript) and the widget static/js/ballot/<fields>.js
    """

    key = ""
    label = ""
    choice_label = None
    body_key = ""
    uses_budget = False
    uses_cap = False
    default_budget = None
    fields = ""

    # -- Settings ---------------------------------------------------------------------------

    def criteria(self, raw, defaults):
        """The poll's criteria from what the facilitator sent (None: `defaults()`); FieldError."""
        return []

    def limits(self, budget, cap, idea_count):
        """FieldError when the budget and the per-item cap do not fit together."""

    # -- Ballots ----------------------------------------------------------------------------

    def validate(self, poll, body, idea_ids):
        """The normalised ballot, or BallotError. `idea_ids` is a set."""
        raise NotImplementedError

    def carry(self, body, to, originals=()):
        """The body with each proposal id passed through `to` (None drops it).

        Votes on merged proposals follow their survivor this way (a ballot never counts one
        twice); `originals` are the merged ids, whose votes yield to the survivor's own.
        """
        raise NotImplementedError

    # -- Tally (pure) -----------------------------------------------------------------------

    def entries(self, ballot):
        """{idea_id: value} of one ballot; a ballot with a non-zero entry counts as a voter."""
        raise NotImplementedError

    def item_scores(self, params, idea_ids, entries):
        """{idea_id: {"score": Fraction, "supporters": n, …extras}} from every ballot's entries.

        Default: the sum of the entries, and how many ballots gave the item something.
        Whole-number entries add up as ints (a Fraction per addition made this most of a
        results push in a 1,000-voter storm); the score is a Fraction all the same.
        """
        result = {i: {"score": 0, "supporters": 0} for i in idea_ids}
        for e in entries:
            for idea, value in e.items():
                if idea in result and value:
                    result[idea]["score"] += value
                    result[idea]["supporters"] += 1
        for item in result.values():
            item["score"] = Fraction(item["score"])
        return result

    def item_extra(self, extra, number):
        """What a results item shows beyond its score (matrix: impact, effort)."""
        return {}

    # -- Words ------------------------------------------------------------------------------

    def instructions(self, poll):
        """The sentence above the ballot."""
        raise NotImplementedError

    def widget_words(self):
        """Words its JavaScript widget needs beyond the ballot page's ({x} filled in JS)."""
        return {}

    def settings_words(self, poll):
        """The poll's budget and cap in a few words ("5 dots each"), for its card."""
        return []

    def ballot_lines(self, poll, body, title, number):
        """One ballot as short lines a person can check against the results (facilitators)."""
        raise NotImplementedError

    def ballot_text(self, poll, body, name):
        """One ballot in words a person can recount from (export annex): 'U1: 3, U4: 2'."""
        raise NotImplementedError

    # -- The no-JavaScript ballot form -------------------------------------------------------

    def values_of(self, poll, body):
        """A ballot body → the page's input values ({input name: text})."""
        raise NotImplementedError

    def values_from_form(self, form):
        """The posted form as the page's input values (to show them again with the error)."""
        return {k: v for k, v in form.items() if k != "csrf_token" and k != "approve"}

    def ballot_from_form(self, poll, items, form):
        """The posted form → the API's ballot body (validate checks the rest)."""
        raise NotImplementedError

    def order_items(self, items, values):
        """The proposals in the order the ballot page lists them."""
        return items

    def page_criteria(self, poll):
        """What each proposal is scored on (scores, matrix), for the ballot page."""
        return []

    def tally_text(self, poll, values, items):
        """The line above the ballot, as the server first shows it."""
        return ""
