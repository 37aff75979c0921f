"""Ranking, counted by the Borda rule for truncated ballots.

Each voter puts proposals in order, the most important first; with a budget N they rank at
most N ("choose your top 5"). A ballot ranking k proposals gives k points to its first,
k−1 to the second … 1 to its last, and 0 to every proposal it left out (Borda count,
truncated ballots: k…1 for the ranked items, 0 for the rest). Score: the sum of those points.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .base import BallotError, PollMethod, fail, idea_id, typed_whole, whole_number


class Ranking(PollMethod):
    key = "ranking"
    label = _l("Ranking")
    body_key = "ranking"
    uses_budget = True
    fields = "ranking"

    def validate(self, poll, body, idea_ids):
        raw = body["ranking"]
        if not isinstance(raw, list):
            fail("ranking", _l("Send a list of proposal ids, best first."))
        ranking = [idea_id(i, idea_ids, "ranking") for i in raw]
        if len(set(ranking)) != len(ranking):
            fail("ranking", _l("Each proposal may appear only once."))
        if poll["budget"] is not None and len(ranking) > poll["budget"]:
            fail("ranking", _l("Rank at most %(n)d proposals.", n=poll["budget"]))
        return {"ranking": ranking}

    def carry(self, body, to, originals=()):
        seen, ranking = set(), []
        for idea in body.get("ranking", []):
            target = to(int(idea))
            if target is not None and target not in seen:
                seen.add(target)
                ranking.append(target)
        return {"ranking": ranking}

    def entries(self, ballot):
        """Borda points of a truncated ballot: k for the first of k ranked … 1 for the last."""
        ranking = [int(i) for i in ballot.get("ranking", [])]
        k = len(ranking)
        return {idea: k - position for position, idea in enumerate(ranking)}

    def instructions(self, poll):
        if poll["budget"]:
            return _(
                "Choose your %(n)s most important proposals and put them in order.",
                n=poll["budget"],
            )
        return _("Put the proposals in order, the most important first.")

    def settings_words(self, poll):
        return [_("rank the top %(n)d", n=poll["budget"])] if poll["budget"] else []

    def ballot_lines(self, poll, body, title, number):
        return [f"{n}. {title(i)}" for n, i in enumerate(body.get("ranking", []), 1)]

    def ballot_text(self, poll, body, name):
        return " > ".join(name(i) for i in body.get("ranking", []))

    def values_of(self, poll, body):
        return {
            f"rank-{idea}": str(position)
            for position, idea in enumerate(body.get("ranking", []), start=1)
        }

    def ballot_from_form(self, poll, items, form):
        """Rank numbers typed beside the proposals (1 = first, empty = not ranked)."""
        ranked = []
        for position, item in enumerate(items):
            n = typed_whole(
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

    def order_items(self, items, values):
        """Ranked proposals first (by their number), then the others in the poll's order."""

        def rank(item):
            n = whole_number(values.get(f"rank-{item['id']}", ""))
            return n if n else None

        ranked = sorted((i for i in items if rank(i) is not None), key=rank)
        return ranked + [i for i in items if rank(i) is None]


METHOD = Ranking()
