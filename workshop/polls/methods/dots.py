"""Dots: each voter sticks a budget of dots (default 5) on the proposals; one may get several.

Score: the dots a proposal got. A voter may leave dots unused.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .allocation import AllocationMethod


class Dots(AllocationMethod):
    key = "dots"
    label = _l("Dots")
    default_budget = 5

    def instructions(self, poll):
        text = _(
            "Give your %(n)s dots to the proposals that matter most; one may get several.",
            n=poll["budget"],
        )
        return self.cap_sentence(poll, text)

    def budget_words(self, n):
        return _("%(n)d dots each", n=n)

    def tally_text(self, poll, values, items):
        if poll["budget"] is None:
            return ""
        total, budget = self.given(values, items), poll["budget"]
        if total > budget:
            return _("%(n)s dots too many", n=total - budget)
        return _("%(n)s dots left", n=budget - total)


METHOD = Dots()
