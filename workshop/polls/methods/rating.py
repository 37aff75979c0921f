"""What scores and matrix share: each voter rates proposals 1–5 on criteria.

Body: {"scores": {idea_id: {criterion: 1..5}}}; a proposal left out is not rated.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .base import SCALE, BallotError, PollMethod, fail, idea_id, int_keys


class RatingMethod(PollMethod):
    body_key = "scores"
    fields = "rating"

    def criterion_keys(self, poll):
        """The criteria every rated proposal needs a score on."""
        return [c["key"] for c in poll["criteria"]]

    def incomplete(self, title):
        """The message when a proposal has some criteria scored but not all."""
        raise NotImplementedError

    def validate(self, poll, body, idea_ids):
        raw = body["scores"]
        if not isinstance(raw, dict):
            fail("scores", _l("Send an object of proposal id → {criterion: 1–5}."))
        keys = self.criterion_keys(poll)
        scores = {}
        for idea_key, values in raw.items():
            idea = idea_id(idea_key, idea_ids, "scores")
            if not isinstance(values, dict) or set(values) != set(keys):
                fail("scores", _l("Score every criterion: %(keys)s.", keys=", ".join(keys)))
            for value in values.values():
                if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                    fail("scores", _l("Scores are whole numbers from 1 to 5."))
            scores[str(idea)] = {k: values[k] for k in keys}
        return {"scores": dict(sorted(scores.items(), key=lambda kv: int(kv[0])))}

    def carry(self, body, to, originals=()):
        scores = {}
        # The survivor's own scores win over those carried from an original.
        for idea, values in sorted(
            body.get("scores", {}).items(), key=lambda kv: int(kv[0]) in originals
        ):
            target = to(int(idea))
            if target is not None:
                scores.setdefault(str(target), values)
        return {"scores": scores}

    def entries(self, ballot):
        return {k: v for k, v in int_keys(ballot.get("scores", {})).items() if v}

    def ballot_lines(self, poll, body, title, number):
        labels = {c["key"]: c["label"] for c in poll["criteria"]}
        return [
            title(i)
            + ": "
            + ", ".join(f"{labels.get(k, k)} {number(v)}" for k, v in values.items())
            for i, values in body.get("scores", {}).items()
        ]

    def ballot_text(self, poll, body, name):
        keys = [c["key"] for c in poll["criteria"]] or ["impact", "effort"]
        return "; ".join(
            f"{name(k)}: " + "/".join(str(values.get(c, "–")) for c in keys)
            for k, values in body.get("scores", {}).items()
        )

    def values_of(self, poll, body):
        values = {}
        for idea, scores in body.get("scores", {}).items():
            for key, value in scores.items():
                values[f"score-{idea}-{key}"] = str(value)
        return values

    def ballot_from_form(self, poll, items, form):
        """Radios score-<idea>-<criterion> (1–5); a proposal is all scored or not at all."""
        keys = self.criterion_keys(poll)
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
                raise BallotError({"scores": [self.incomplete(item["title"])]})
            if given:
                scores[str(item["id"])] = given
        return {"scores": scores}
