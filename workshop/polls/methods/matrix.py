"""Impact × effort matrix: each voter rates proposals 1–5 on impact and on effort.

Score of a proposal: mean impact − mean effort (the results give both means, for the 2×2
quadrants quick win / major project / fill-in / avoid).
"""

from fractions import Fraction

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...rules import field_error
from .base import mean
from .rating import RatingMethod

MATRIX_CRITERIA = ("impact", "effort")


class Matrix(RatingMethod):
    key = "matrix"
    label = _l("Impact × effort matrix")

    def criteria(self, raw, defaults):
        """Always impact and effort (sending them is allowed, anything else is refused)."""
        if raw is not None and sorted(c.get("key") for c in raw if isinstance(c, dict)) != sorted(
            MATRIX_CRITERIA
        ):
            raise field_error("criteria", _("The matrix always uses impact and effort."))
        return [
            {"key": "impact", "label": _("Impact"), "weight": 1},
            {"key": "effort", "label": _("Effort"), "weight": 1},
        ]

    def criterion_keys(self, poll):
        return list(MATRIX_CRITERIA)

    def incomplete(self, title):
        return _("Give “%(title)s” both impact and effort.", title=title)

    def item_scores(self, params, idea_ids, entries):
        result = {}
        for idea in idea_ids:
            rated = [e[idea] for e in entries if idea in e]
            impact = mean([Fraction(r["impact"]) for r in rated])
            effort = mean([Fraction(r["effort"]) for r in rated])
            result[idea] = {
                "score": impact - effort,
                "impact": impact,
                "effort": effort,
                "supporters": len(rated),
            }
        return result

    def item_extra(self, extra, number):
        return {"impact": number(extra["impact"]), "effort": number(extra["effort"])}

    def instructions(self, poll):
        return _("Rate the impact and the effort of each proposal from 1 to 5.")

    def page_criteria(self, poll):
        return [
            {"key": "impact", "label": _("Impact"), "scale": _("1 = small · 5 = large")},
            {"key": "effort", "label": _("Effort"), "scale": _("1 = light · 5 = heavy")},
        ]


METHOD = Matrix()
