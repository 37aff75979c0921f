"""Points: each voter distributes exactly a budget of points (default 100) over the proposals.

Score: the points a proposal got. The cap per proposal must leave the budget reachable.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...rules import field_error
from .allocation import AllocationMethod
from .base import fail


class Points(AllocationMethod):
    key = "points"
    label = _l("Points")
    choice_label = _l("Points (distribute 100)")
    default_budget = 100

    def limits(self, budget, cap, idea_count):
        super().limits(budget, cap, idea_count)
        if cap and idea_count * cap < budget:
            raise field_error("max_per_item", _("Too low: the points could not all be given."))

    def check_total(self, budget, total):
        if total != budget:
            fail(
                "allocations",
                _l(
                    "Distribute exactly %(budget)d points (now %(total)d).",
                    budget=budget,
                    total=total,
                ),
            )

    def instructions(self, poll):
        text = _("Distribute exactly %(n)s points among the proposals.", n=poll["budget"])
        return self.cap_sentence(poll, text)

    def widget_words(self):
        """The steppers move several points at a time."""
        return {
            "more": _("Add %(n)s points to %(title)s", n="{n}", title="{title}"),
            "less": _("Take %(n)s points from %(title)s", n="{n}", title="{title}"),
        }

    def budget_words(self, n):
        return _("%(n)d points each", n=n)

    def tally_text(self, poll, values, items):
        if poll["budget"] is None:
            return ""
        total, budget = self.given(values, items), poll["budget"]
        numbers = {"total": total, "budget": budget, "left": budget - total, "over": total - budget}
        if total < budget:
            return _("Total %(total)s of %(budget)s — %(left)s more to give", **numbers)
        if total > budget:
            return _("Total %(total)s of %(budget)s — %(over)s too many", **numbers)
        return _("Total %(total)s of %(budget)s — all given", **numbers)


METHOD = Points()
