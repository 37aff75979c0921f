"""Worksheet entries (issue 14): submit, list, edit, withdraw, moderate and merge; the
readiness heat map and the vision keywords.

The rules live in workshop/rules/worksheets.py and rules/worksheet_plans.py; these views read
the request, call them and answer in JSON. Reach as for proposals: someone outside the workshop
gets 404, participants and the projector see visible entries only.
"""

from flask import jsonify, request
from flask_babel import gettext as _

from ...auth import current_principal, require
from ...db import get_db
from ...errors import ApiError
from ...forms.worksheets import (
    ENTRY_FORMS,
    EntryModerationForm,
    EntryPatchForm,
    KeywordMergeForm,
    WorksheetEntryForm,
)
from ...rules import Forbidden, field_error
from ...rules import worksheet_plans as plans
from ...rules import worksheets as rules
from ...store import agenda, worksheets
from ..access import session_in_reach, workshop_for
from .blueprint import bp, created, doc, form_data, json_body, no_content, validate

# Content fields an entry's PATCH may carry, by purpose (readiness: aspect and item stay).
EDITABLE = {
    "readiness": ("rating", "note"),
    "swot": ("quadrant", "text", "dimension", "element"),
    "vision": ("text",),
    "strategy": ("text", "dimension", "element"),
}


def entry_in_reach(entry_id):
    """The entry when the caller may see it (404 otherwise, hidden ones included)."""
    row = worksheets.get_entry(get_db(), entry_id)
    workshop_for(row["workshop_id"])
    if not rules.visible_to(current_principal(), row):
        raise ApiError(404, _("Not found."))
    return row


def answer(row):
    return rules.entry_for(get_db(), current_principal(), row)


@bp.post("/sessions/<int:session_id>/entries")
@require("facilitator", "participant")
@doc(
    "Add a worksheet entry (idempotent by client_id); its shape follows the session's purpose",
    body=WorksheetEntryForm,
    responses={
        201: "the entry",
        200: "replay of a client_id: the same entry, nothing new",
        409: "not_worksheet, or session_closed",
        422: "a field outside the list, or of another worksheet",
        429: "too many entries",
    },
)
def create_entry(session_id):
    """readiness {aspect, item, rating, note?} (a second rating of the same item replaces the
    first), swot {quadrant, text, dimension?, element?}, vision {text ≤ 40}, strategy {text,
    dimension?, element?}; facilitators may add opd_id to a readiness rating."""
    principal = current_principal()
    workshop, session = session_in_reach(session_id)
    db = get_db()
    rules.check_worksheet(session)
    form = validate(
        ENTRY_FORMS[session["purpose"]], json_body(), **rules.form_kwargs(db, workshop["id"])
    )
    fields = form_data(form)
    client_id = fields.pop("client_id") or None
    row, is_new = rules.submit(db, principal, session["id"], fields, client_id)
    if not is_new:
        return jsonify(answer(row)), 200
    return created(answer(row))


@bp.get("/sessions/<int:session_id>/entries")
@doc(
    "A worksheet's entries (participants and the projector: visible ones)",
    query={
        "status": "facilitators: only this status (visible|hidden|merged|replaced|withdrawn)",
        "quadrant": "only this SWOT quadrant",
        "dimension": "only this dimension key",
        "aspect": "only this readiness aspect",
        "mine": "1: participants only their own (per-OPD readiness: their OPD's)",
    },
    responses={200: "{items, total}"},
)
def list_entries(session_id):
    """Facilitators get every current entry (not replaced or withdrawn) unless ?status= says."""
    principal = current_principal()
    _workshop, session = session_in_reach(session_id)
    db = get_db()
    if principal.is_facilitator:
        wanted = request.args.get("status")
        statuses = [wanted] if wanted else ("visible", "hidden", "merged")
    else:
        statuses = worksheets.PUBLIC
    rows = worksheets.list_entries(db, session_id=session["id"], statuses=statuses)
    for key in ("quadrant", "dimension", "aspect"):
        if request.args.get(key):
            rows = [r for r in rows if r[key] == request.args[key]]
    if request.args.get("mine") == "1" and principal.kind == "participant":
        opd = f"opd:{principal.opd_id}" if session["readiness_per_opd"] else None
        rows = [
            r
            for r in rows
            if r["participant_id"] == principal.id
            or (opd and r["purpose"] == "readiness" and r["rater"] == opd)
        ]
    children = worksheets.merged_children(db, [r["id"] for r in rows])
    result = []
    for r in rows:
        item = worksheets.public_entry(r, principal.is_facilitator, children.get(r["id"], []))
        if principal.kind == "participant":
            item["mine"] = r["participant_id"] == principal.id
        result.append(item)
    return jsonify({"items": result, "total": len(result)})


@bp.get("/entries/<int:entry_id>")
@doc("One worksheet entry", responses={200: "the entry"})
def get_entry(entry_id):
    """Hidden, merged, replaced and withdrawn entries are 404 for everyone but facilitators."""
    return jsonify(answer(entry_in_reach(entry_id)))


@bp.patch("/entries/<int:entry_id>")
@require("facilitator", "participant")
@doc(
    "Edit a worksheet entry: its author while the sheet is open; facilitators always, also "
    "status (visible|hidden), merged_into (merge / null: unmerge) and quoted",
    body=EntryPatchForm,
    responses={200: "the entry", 403: "not yours", 409: "session closed, or entry locked"},
)
def update_entry(entry_id):
    """Partial update. Content fields by purpose: readiness rating, note; swot quadrant, text,
    dimension, element; vision text; strategy text, dimension, element."""
    principal = current_principal()
    row = entry_in_reach(entry_id)
    db = get_db()
    session = agenda.get_session(db, row["session_id"])
    data = json_body()
    moderation = {k: data.pop(k) for k in rules.MODERATION_KEYS if k in data}
    if principal.kind == "participant":
        rules.check_own(principal, row, session)
        if moderation:
            raise Forbidden(_("Only facilitators can hide, merge or quote entries."))
        rules.check_editable(principal, row, session)
    allowed = EDITABLE[row["purpose"]]
    unknown = sorted(k for k in data if k not in allowed)
    if unknown:
        raise field_error(unknown[0], _("This field cannot be changed in this worksheet."))
    changes = {}
    if data:
        form_class = ENTRY_FORMS[row["purpose"]]
        kwargs = rules.form_kwargs(db, row["workshop_id"])
        form = validate(form_class, data, partial=True, **kwargs)
        changes = form_data(form)
        if "note" in changes:
            changes["text"] = changes.pop("note") or ""
        rules.check_element(changes, row, kwargs["dimensions"])
    if not changes and not moderation:
        raise field_error("", _("Nothing to change."))
    if principal.kind == "participant":
        return jsonify(answer(rules.edit_own(db, principal, entry_id, changes)))
    mod = form_data(validate(EntryModerationForm, moderation, partial=True))
    if "status" in mod:
        changes["status"] = mod["status"]
    if "quoted" in mod:
        changes["quoted"] = mod["quoted"]
    after = rules.moderate(db, principal.id, entry_id, changes) if changes else row
    if "merged_into" in moderation:
        if moderation["merged_into"] is None:
            after = rules.unmerge(db, principal.id, entry_id)
        else:
            rules.merge(db, principal.id, entry_id, mod["merged_into"])
            after = worksheets.get_entry(db, entry_id)
    return jsonify(answer(after))


@bp.delete("/entries/<int:entry_id>")
@require("facilitator", "participant")
@doc(
    "Withdraw a worksheet entry: its author while the sheet is open, a facilitator always",
    responses={204: "withdrawn (kept in the record)", 403: "not yours", 409: "session closed"},
)
def delete_entry(entry_id):
    """The entry's status becomes withdrawn; it leaves every view."""
    entry_in_reach(entry_id)
    rules.withdraw(get_db(), current_principal(), entry_id)
    return no_content()


@bp.get("/sessions/<int:session_id>/readiness")
@doc(
    "The readiness heat map: per aspect and item, counts of each rating and the notes",
    responses={200: "{session_id, per_opd, ratings, raters, aspects: [{items: [...]}]}"},
)
def readiness(session_id):
    """Over visible current ratings; everyone of the workshop may read it."""
    _workshop, session = session_in_reach(session_id)
    return jsonify(plans.readiness_summary(get_db(), session))


@bp.get("/sessions/<int:session_id>/keywords")
@doc(
    "The vision keywords: normalised, merged, counted",
    responses={200: "{session_id, items: [{text, count}], total}"},
)
def keywords(session_id):
    """Most frequent first; facilitators also get each keyword's entry_ids."""
    _workshop, session = session_in_reach(session_id)
    return jsonify(plans.keywords(get_db(), session, current_principal().is_facilitator))


@bp.post("/sessions/<int:session_id>/keywords/merge")
@doc(
    "Merge one vision keyword into another (synonyms)",
    body=KeywordMergeForm,
    responses={200: "the keywords", 409: "not a vision worksheet", 422: "unknown keyword"},
)
def merge_keywords(session_id):
    """Every visible entry of `from` is merged into the first visible entry of `into`."""
    _workshop, session = session_in_reach(session_id, facilitator_only=True)
    form = validate(KeywordMergeForm, json_body())
    db = get_db()
    rules.merge_keywords(db, current_principal().id, session, form["from"].data, form.into.data)
    return jsonify(plans.keywords(db, session, True))
