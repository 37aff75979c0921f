"""Programmes (issue 15): their fields, promotion of an issue or proposal, chosen quick wins.

A programme is an idea of a `programs` session; it carries a code (store/programmes.py), the
OPDs that support the responsible one, start and end year and indicators. Participants set
these on their own proposals when the session shows them (`program_fields`), facilitators
always. A facilitator promotes an idea of any other session into a programme (a copy that
remembers where it came from) and marks programmes as chosen quick wins, with a reason.
"""

from flask_babel import gettext as _

from ..forms.programmes import REASON_MAX, parse_program
from ..store import agenda, ideas, programmes, roster
from . import Conflict, FieldError, NotFound, field_error
from . import ideas as idea_rules


def clean(db, workshop_id, data, row=None, responsible_opd_id=None):
    """Programme keys of a body → values to store; FieldError (422) with every problem.

    `row` is the stored idea on an edit (the years and the responsible OPD it keeps);
    `responsible_opd_id` the one sent with the same body, when sent.
    """
    values, errors = parse_program(data)
    start = values.get("year_start", row["year_start"] if row else None)
    end = values.get("year_end", row["year_end"] if row else None)
    if start and end and end < start and not errors.get("year_end"):
        errors.setdefault("year_end", []).append(_("The end year cannot be before the start year."))
    supporting = values.get("supporting_opd_ids")
    if supporting is None and row is not None and responsible_opd_id is not None:
        supporting = programmes.decode_list(row["supporting_opd_ids"])
    if supporting:
        known = {o["id"] for o in roster.list_opds(db, workshop_id)}
        responsible = responsible_opd_id
        if responsible is None and row is not None:
            responsible = row["responsible_opd_id"]
        if any(i not in known for i in supporting):
            errors.setdefault("supporting_opd_ids", []).append(
                _("Choose OPDs from this workshop's list.")
            )
        elif responsible is not None and responsible in supporting:
            errors.setdefault("supporting_opd_ids", []).append(
                _("The responsible OPD cannot also be a supporting OPD.")
            )
    if errors:
        raise FieldError(errors)
    return values


# -- Promote -----------------------------------------------------------------------------------


def promote(db, actor_id, idea_id, session_id):
    """Copy an issue or proposal into a `programs` session as a new programme; returns it.

    The copy keeps title, description, problem, dimension, element and OPDs, gets a code,
    and names its source in `promoted_from`.
    """
    source = ideas.get_idea(db, idea_id)
    try:
        target = agenda.get_session(db, session_id, source["workshop_id"])
    except NotFound as e:
        raise field_error("session_id", _("Choose a session of this workshop.")) from e
    if target["purpose"] != "programs":
        raise field_error("session_id", _("Choose a session whose purpose is programmes."))
    if source["session_id"] == target["id"]:
        raise field_error("session_id", _("This proposal is already in that session."))
    if source["status"] in ("merged", "withdrawn"):
        raise Conflict(_("This proposal can no longer be changed."), code="idea_locked")
    fields = {
        k: source[k]
        for k in (
            "title",
            "description",
            "problem",
            "dimension",
            "element",
            "opd_id",
            "responsible_opd_id",
            "horizon",
            "budget_idr",
            "funding_source",
        )
    }
    with db.atomic():
        row, _new = ideas.create_idea(
            db, target, fields, facilitator_id=actor_id, promoted_from=source["id"]
        )
    idea_rules.push_idea(db, None, row, target)
    return row


# -- Quick wins ----------------------------------------------------------------------------------


def check_programme(db, row):
    """422 unless the idea is a programme (in a `programs` session)."""
    if agenda.get_session(db, row["session_id"])["purpose"] != "programs":
        raise field_error(
            "idea_id", _("Only programmes (proposals of a programmes session) can be quick wins.")
        )


def mark_quick_win(db, actor_id, idea_id, reason):
    """Mark a programme as a chosen quick win (or change the reason); returns the idea."""
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("Write why this programme is a quick win."))
    if len(reason) > REASON_MAX:
        raise field_error("reason", _("At most %(max)d characters.", max=REASON_MAX))
    with db.atomic():
        row = ideas.get_idea(db, idea_id)
        check_programme(db, row)
        if row["status"] in ("merged", "withdrawn"):
            raise Conflict(_("This proposal can no longer be changed."), code="idea_locked")
        programmes.mark_quick_win(db, row, reason, actor_id)
    after = ideas.get_idea(db, idea_id)
    idea_rules.push_idea(db, row, after, agenda.get_session(db, after["session_id"]))
    return after


def unmark_quick_win(db, actor_id, idea_id):
    """Take the quick-win mark off a programme; returns the idea (unmarked already: as is)."""
    with db.atomic():
        row = ideas.get_idea(db, idea_id)
        if not programmes.unmark_quick_win(db, row, actor_id):
            return row
    after = ideas.get_idea(db, idea_id)
    idea_rules.push_idea(db, row, after, agenda.get_session(db, after["session_id"]))
    return after


def quick_wins(db, workshop_id):
    """The workshop's chosen quick wins: the idea's id, code, title, dimension, reason, when."""
    result = []
    for mark in programmes.list_quick_wins(db, workshop_id):
        row = ideas.get_idea(db, mark["idea_id"])
        result.append(
            {
                "idea_id": row["id"],
                "code": row["code"],
                "title": row["title"],
                "dimension": row["dimension"],
                "responsible_opd_id": row["responsible_opd_id"],
                "reason": mark["reason"],
                "marked_at": mark["marked_at"],
            }
        )
    return result
