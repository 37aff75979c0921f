"""Scores on criteria: each voter rates proposals 1–5 on weighted criteria (default: the five
quick-win criteria). Score of a proposal: the mean over its raters of each rater's weighted
criterion mean; the results also give every criterion's plain mean.
"""

from fractions import Fraction

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...rules import field_error
from .base import mean
from .rating import RatingMethod

CRITERION_LABEL_MAX = 120
MAX_CRITERIA = 10


def weighted_mean(scores, criteria):
    """A voter's weighted criterion mean for one item, as a Fraction."""
    total_weight = sum(Fraction(c["weight"]) for c in criteria)
    if total_weight == 0:
        return Fraction(0)
    value = sum(Fraction(c["weight"]) * Fraction(scores[c["key"]]) for c in criteria)
    return value / total_weight


class Scores(RatingMethod):
    key = "scores"
    label = _l("Scores on criteria")

    def criteria(self, raw, defaults):
        """1 to MAX_CRITERIA criteria {key, label, weight} with unique keys, or 422."""
        if raw is None:
            return defaults()
        if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_CRITERIA:
            raise field_error("criteria", _("Give 1 to %(n)d criteria.", n=MAX_CRITERIA))
        clean, keys = [], set()
        for c in raw:
            if not isinstance(c, dict) or set(c) - {"key", "label", "label_id", "weight"}:
                raise field_error("criteria", _("Each criterion needs key, label and weight."))
            key, label, weight = c.get("key"), c.get("label"), c.get("weight", 1)
            if not isinstance(key, str) or not key.strip() or key in keys or len(key) > 40:
                raise field_error("criteria", _("Criterion keys must be unique short words."))
            if not isinstance(label, str) or not label.strip() or len(label) > CRITERION_LABEL_MAX:
                raise field_error("criteria", _("Each criterion needs a label."))
            if (
                isinstance(weight, bool)
                or not isinstance(weight, int | float)
                or not 0 < weight <= 100
            ):
                raise field_error("criteria", _("Weights are numbers above 0 (max. 100)."))
            keys.add(key)
            clean.append({"key": key.strip(), "label": label.strip(), "weight": weight})
        return clean

    def incomplete(self, title):
        return _("Score every criterion of “%(title)s”.", title=title)

    def item_scores(self, params, idea_ids, entries):
        criteria = params.get("criteria") or []
        result = {}
        for idea in idea_ids:
            rated = [e[idea] for e in entries if idea in e]
            result[idea] = {
                "score": mean([weighted_mean(scores, criteria) for scores in rated]),
                "supporters": len(rated),
                "criteria": {
                    c["key"]: mean([Fraction(r[c["key"]]) for r in rated]) for c in criteria
                },
            }
        return result

    def item_extra(self, extra, number):
        return {"criteria": {k: number(v) for k, v in extra["criteria"].items()}}

    def instructions(self, poll):
        return _("Score each proposal from 1 (low) to 5 (high) on every criterion.")

    def page_criteria(self, poll):
        return [dict(c, scale=None) for c in poll["criteria"]]


METHOD = Scores()
