"""Proposals (usulan): submit, list, edit, withdraw, moderate, merge and unmerge.

The rules live in workshop/rules/ideas.py; these views read the request, call them and answer
in JSON (the participant page and the facilitator wall call the same rules).
"""

from flask import jsonify, request
from flask_babel import gettext as _

from ...auth import current_principal
from ...db import get_db
from ...errors import ApiError
from ...forms.ideas import IdeaForm, IdeaMergeForm, IdeaModerationForm, IdeaSettingsForm
from ...forms.programmes import PROGRAM_KEYS
from ...rules import Forbidden, field_error
from ...rules import ideas as rules
from ...rules import merge_preview as previews
from ...rules import programmes as programme_rules
from ...store import ideas
from ..access import session_in_reach, workshop_for
from .blueprint import bp, created, doc, form_data, json_body, no_content, validate


def idea_in_reach(idea_id):
    """(idea row, session row) when the caller may see the idea; 404 otherwise."""
    principal = current_principal()
    row = ideas.get_idea(get_db(), idea_id)
    workshop_for(row["workshop_id"])
    if not rules.visible_to(principal, row):
        raise ApiError(404, _("Not found."))
    session = session_in_reach(row["session_id"])[1]
    return row, session


def facilitator_idea(idea_id):
    """The idea for a facilitator of its workshop (401/403 for anyone else)."""
    principal = current_principal()
    if not principal.is_facilitator:
        raise ApiError(
            401 if principal.kind == "anonymous" else 403, _("Only facilitators can do this.")
        )
    row = ideas.get_idea(get_db(), idea_id)
    workshop_for(row["workshop_id"], facilitator_only=True)
    session_in_reach(row["session_id"], facilitator_only=True)
    return row


def answer(row, session=None):
    """The idea as the caller may see it."""
    db = get_db()
    return rules.idea_for(db, current_principal(), row, session or rules.session_of(db, row))


@bp.post("/sessions/<int:session_id>/ideas")
@doc(
    "Submit a proposal (idempotent by client_id)",
    body=IdeaForm,
    responses={
        201: "the idea",
        200: "replay of a client_id: the same idea, nothing new",
        409: "the session is not open for proposals",
        429: "too many submissions",
    },
)
def create_idea(session_id):
    """Participants while the session is open; facilitators at any time (paper proposals)."""
    principal = current_principal()
    if principal.kind not in ("participant", "facilitator"):
        raise ApiError(
            401 if principal.kind == "anonymous" else 403, _("You are not allowed to do this.")
        )
    workshop, session = session_in_reach(session_id)
    data = json_body()
    program = {k: data.pop(k) for k in PROGRAM_KEYS if k in data}
    form = validate(IdeaForm, data, **rules.form_kwargs(get_db(), workshop["id"]))
    fields = form_data(form)
    fields.update(
        programme_rules.clean(
            get_db(), workshop["id"], program, responsible_opd_id=fields["responsible_opd_id"]
        )
    )
    client_id = fields.pop("client_id") or None
    row, is_new = rules.submit(get_db(), principal, session["id"], fields, client_id)
    if not is_new:
        return jsonify(answer(row)), 200
    return created(answer(row))


@bp.get("/sessions/<int:session_id>/ideas")
@doc(
    "A session's proposals (participants: visible ones and their own pending ones)",
    query={
        "dimension": "only this dimension key",
        "opd_id": "only proposals of this proposing OPD",
        "status": "facilitators: only this status",
    },
    responses={200: "{items, counts: {dimension: {key: n}, opd: {code: n}}}"},
)
def list_ideas(session_id):
    """Counts are over the caller's whole view of the session, before the filters."""
    principal = current_principal()
    _workshop, session = session_in_reach(session_id)
    db = get_db()
    if principal.is_facilitator:
        statuses = [request.args["status"]] if request.args.get("status") else None
        rows = ideas.list_ideas(db, session_id=session_id, statuses=statuses)
        rows = [r for r in rows if statuses or r["status"] not in ("merged", "withdrawn")]
    else:
        rows = ideas.list_ideas(
            db,
            session_id=session_id,
            statuses=ideas.PUBLIC_STATUSES,
            participant_id=principal.id if principal.kind == "participant" else None,
        )
    counts = {"dimension": {}, "opd": {}}
    for r in rows:
        counts["dimension"][r["dimension"]] = counts["dimension"].get(r["dimension"], 0) + 1
        if r["opd_code"]:
            counts["opd"][r["opd_code"]] = counts["opd"].get(r["opd_code"], 0) + 1
    if request.args.get("dimension"):
        rows = [r for r in rows if r["dimension"] == request.args["dimension"]]
    if request.args.get("opd_id", "").isdigit():
        rows = [r for r in rows if r["opd_id"] == int(request.args["opd_id"])]
    children = ideas.merged_children(db, [r["id"] for r in rows])
    authorship = rules.settings_of(session)["authorship"]
    result = []
    for r in rows:
        item = ideas.public_idea(r, authorship, principal.is_facilitator, children.get(r["id"], []))
        if principal.kind == "participant":
            item["mine"] = r["participant_id"] == principal.id
        result.append(item)
    return jsonify({"items": result, "counts": counts, "total": len(result)})


@bp.get("/ideas/<int:idea_id>")
@doc("One proposal", responses={200: "the idea"})
def get_idea(idea_id):
    """Hidden, merged and withdrawn proposals are 404 for everyone but facilitators."""
    row, session = idea_in_reach(idea_id)
    return jsonify(answer(row, session))


@bp.patch("/ideas/<int:idea_id>")
@doc(
    "Edit a proposal: its author while the session is open; facilitators any field, "
    "status (visible|hidden|pending) and group",
    body=IdeaForm,
    responses={200: "the idea", 403: "not yours", 409: "session closed, or merged"},
)
def update_idea(idea_id):
    """Partial update; moderation keys (status, group) are for facilitators only."""
    principal = current_principal()
    row, session = idea_in_reach(idea_id)
    data = json_body()
    moderation = {k: data.pop(k) for k in rules.MODERATION_KEYS if k in data}
    program = {k: data.pop(k) for k in PROGRAM_KEYS if k in data}
    if principal.kind == "participant":
        rules.check_own(principal, row)
        if moderation:
            raise Forbidden(_("Only facilitators can change the status or the group."))
        rules.check_editable(principal, row, session)
    elif not principal.is_facilitator:
        raise ApiError(403, _("You are not allowed to do this."))
    changes = {}
    if data:
        form = validate(
            IdeaForm, data, partial=True, **rules.form_kwargs(get_db(), row["workshop_id"])
        )
        changes = form_data(form)
        changes.pop("client_id", None)
        rules.check_element(changes, row, form.known_dimensions)
    if program or "responsible_opd_id" in changes:
        changes.update(
            programme_rules.clean(
                get_db(),
                row["workshop_id"],
                program,
                row=row,
                responsible_opd_id=changes.get("responsible_opd_id"),
            )
        )
    if moderation:
        mod = form_data(validate(IdeaModerationForm, moderation, partial=True))
        if "status" in mod:
            changes["status"] = mod["status"]
        if "group" in mod:
            changes["group_name"] = mod["group"] or None
    if not changes and not data and not moderation and not program:
        raise field_error("", _("Nothing to change."))
    if principal.kind == "participant":
        after = rules.edit_own(get_db(), principal, idea_id, changes)
    else:
        after = rules.moderate(get_db(), principal.id, idea_id, changes)
    return jsonify(answer(after, session))


@bp.delete("/ideas/<int:idea_id>")
@doc("Withdraw your own proposal while the session is open", responses={204: "withdrawn"})
def withdraw_idea(idea_id):
    """Authors only; facilitators hide proposals instead (PATCH status=hidden)."""
    idea_in_reach(idea_id)
    rules.withdraw(get_db(), current_principal(), idea_id)
    return no_content()


@bp.post("/ideas/<int:idea_id>/merge")
@doc(
    "Merge a duplicate into another proposal (reversible)",
    body=IdeaMergeForm,
    responses={200: "the surviving idea with merged: [ids]", 409: "already merged"},
)
def merge_idea(idea_id):
    """The survivor lists the originals, their authors and OPDs."""
    facilitator_idea(idea_id)
    form = validate(IdeaMergeForm, json_body())
    _original, survivor = rules.merge(get_db(), current_principal().id, idea_id, form.into.data)
    return jsonify(answer(survivor))


@bp.get("/ideas/<int:idea_id>/merge-preview")
@doc(
    "Which polls a merge into ?into=ID would change, and what happens to their votes",
    responses={200: "{into, polls: [{id, title, status, ballots_affected, effect}], confirm}"},
)
def merge_preview(idea_id):
    """Asked by the wall before a merge; `confirm` is true when an open poll is affected."""
    row = facilitator_idea(idea_id)
    into = request.args.get("into", "")
    if not into.isdigit():
        raise field_error("into", _("Choose the proposal to keep."))
    return jsonify(previews.merge_preview(get_db(), row["workshop_id"], idea_id, int(into)))


@bp.post("/ideas/<int:idea_id>/unmerge")
@doc("Undo a merge", responses={200: "the restored idea", 409: "not merged"})
def unmerge_idea(idea_id):
    """The original returns with the status it had before the merge."""
    facilitator_idea(idea_id)
    restored, _survivor = rules.unmerge(get_db(), current_principal().id, idea_id)
    return jsonify(answer(restored))


@bp.get("/sessions/<int:session_id>/idea-settings")
@doc("Which optional fields a session's proposal form shows, authorship, pre-moderation")
def get_idea_settings(session_id):
    """Participants read it to build the form."""
    _workshop, session = session_in_reach(session_id)
    return jsonify(rules.settings_of(session))


@bp.put("/sessions/<int:session_id>/idea-settings")
@doc("Change a session's proposal settings", body=IdeaSettingsForm)
def put_idea_settings(session_id):
    """Authorship applies at once to every payload of this session's proposals."""
    _workshop, session = session_in_reach(session_id, facilitator_only=True)
    form = validate(IdeaSettingsForm, json_body(), partial=True)
    settings = rules.update_settings(get_db(), current_principal().id, session, form_data(form))
    return jsonify(settings)
