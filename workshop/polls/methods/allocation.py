"""What dots and points share: a ballot that allocates a budget over the proposals.

Body: {"allocations": {idea_id: n}}. The score of a proposal is the sum of what it got.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...rules import field_error
from .base import PollMethod, fail, idea_id, int_keys, typed_whole, whole, whole_number


class AllocationMethod(PollMethod):
    body_key = "allocations"
    uses_budget = True
    uses_cap = True
    fields = "allocation"

    def limits(self, budget, cap, idea_count):
        if cap and budget and cap > budget:
            raise field_error("max_per_item", _("Cannot be more than the budget."))

    def check_total(self, budget, total):
        """Hook for points: the budget must be spent exactly."""

    def validate(self, poll, body, idea_ids):
        raw = body["allocations"]
        if not isinstance(raw, dict):
            fail("allocations", _l("Send an object of proposal id → number."))
        allocations = {}
        for key, value in raw.items():
            allocations[idea_id(key, idea_ids, "allocations")] = whole(value, "allocations")
        budget, cap = poll["budget"], poll["max_per_item"]
        total = sum(allocations.values())
        if cap is not None and any(v > cap for v in allocations.values()):
            fail("allocations", _l("At most %(n)d on one proposal.", n=cap))
        if budget is not None:
            self.check_total(budget, total)
        if budget is not None and total > budget:
            fail(
                "allocations",
                _l("You have %(budget)d in all (now %(total)d).", budget=budget, total=total),
            )
        return {"allocations": {str(k): v for k, v in sorted(allocations.items()) if v}}

    def carry(self, body, to, originals=()):
        merged = {}
        for idea, n in body.get("allocations", {}).items():
            target = to(int(idea))
            if target is not None:
                merged[target] = merged.get(target, 0) + n
        return {"allocations": {str(k): v for k, v in merged.items()}}

    def entries(self, ballot):
        return {k: v for k, v in int_keys(ballot.get("allocations", {})).items() if v}

    def cap_sentence(self, poll, text):
        if poll["max_per_item"]:
            text += " " + _("At most %(n)d on one proposal.", n=poll["max_per_item"])
        return text

    def budget_words(self, n):
        """ "5 dots each" / "100 points each"."""
        raise NotImplementedError

    def settings_words(self, poll):
        words = [self.budget_words(poll["budget"])] if poll["budget"] else []
        if poll["max_per_item"]:
            words.append(_("at most %(n)d per proposal", n=poll["max_per_item"]))
        return words

    def ballot_lines(self, poll, body, title, number):
        pairs = sorted(body.get("allocations", {}).items(), key=lambda kv: (-kv[1], int(kv[0])))
        return [f"{title(i)}: {number(n)}" for i, n in pairs if n]

    def ballot_text(self, poll, body, name):
        return ", ".join(f"{name(k)}: {v}" for k, v in body.get("allocations", {}).items() if v)

    def values_of(self, poll, body):
        return {f"alloc-{idea}": str(n) for idea, n in body.get("allocations", {}).items()}

    def ballot_from_form(self, poll, items, form):
        allocations = {}
        for item in items:
            n = typed_whole(
                form.get(f"alloc-{item['id']}", ""),
                "allocations",
                _("Use whole numbers of 0 or more."),
            )
            if n:
                allocations[str(item["id"])] = n
        return {"allocations": allocations}

    def given(self, values, items):
        """The total the typed values give (what the tally line counts)."""
        return sum(whole_number(values.get(f"alloc-{i['id']}", "")) or 0 for i in items)
