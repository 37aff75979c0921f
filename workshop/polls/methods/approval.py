"""Approval: each voter approves every proposal they support. Score: the approvals."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .base import PollMethod, fail, idea_id


class Approval(PollMethod):
    key = "approval"
    label = _l("Approval")
    body_key = "approve"
    fields = "approval"

    def validate(self, poll, body, idea_ids):
        raw = body["approve"]
        if not isinstance(raw, list):
            fail("approve", _l("Send a list of proposal ids."))
        approve = [idea_id(i, idea_ids, "approve") for i in raw]
        if len(set(approve)) != len(approve):
            fail("approve", _l("Each proposal may appear only once."))
        return {"approve": sorted(approve)}

    def carry(self, body, to, originals=()):
        targets = (to(int(i)) for i in body.get("approve", []))
        return {"approve": sorted({t for t in targets if t is not None})}

    def entries(self, ballot):
        return {int(i): 1 for i in ballot.get("approve", [])}

    def instructions(self, poll):
        return _("Approve every proposal you support.")

    def ballot_lines(self, poll, body, title, number):
        return [title(i) for i in body.get("approve", [])]

    def ballot_text(self, poll, body, name):
        return ", ".join(name(i) for i in body.get("approve", []))

    def values_of(self, poll, body):
        return {f"approve-{idea}": "on" for idea in body.get("approve", [])}

    def values_from_form(self, form):
        values = super().values_from_form(form)
        values.update({f"approve-{i}": "on" for i in form.getlist("approve")})
        return values

    def ballot_from_form(self, poll, items, form):
        ids = {str(i["id"]) for i in items}
        return {"approve": [int(v) for v in form.getlist("approve") if v in ids]}


METHOD = Approval()
