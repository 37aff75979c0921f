"""Proposals (usulan): submit, list, edit, withdraw, moderate, merge and unmerge."""

from flask import current_app, jsonify, request
from flask_babel import gettext as _

from ...auth import current_principal
from ...db import get_db
from ...errors import ApiError
from ...forms.ideas import IdeaForm, IdeaMergeForm, IdeaModerationForm, IdeaSettingsForm
from ...live_results import request_results
from ...realtime import (
    FACILITATORS,
    HALL,
    broadcast_idea_created,
    broadcast_idea_removed,
    broadcast_idea_updated,
    broadcast_session_updated,
    send_idea_to_author,
)
from ...store import Conflict, ideas, polls, ratelimit, roster
from ..access import workshop_for
from .agenda import session_in_reach
from .blueprint import bp, created, doc, form_data, json_body, no_content, validate

# A participant may send this many proposals per window (a flood gets 429).
SUBMIT_MAX = 20
SUBMIT_WINDOW_SECONDS = 60
MODERATION_KEYS = ("status", "group")


def form_kwargs(workshop_id):
    """What IdeaForm checks dimensions, elements and OPDs against."""
    db = get_db()
    dims = {
        d["key"]: [e["key"] for e in d["elements"]] for d in roster.list_dimensions(db, workshop_id)
    }
    return {"dimensions": dims, "opd_ids": [o["id"] for o in roster.list_opds(db, workshop_id)]}


def settings_of(session):
    return ideas.session_settings(session)


def idea_for(principal, row, session):
    """The idea as this caller may see it (authorship applied unless a facilitator)."""
    children = ideas.merged_children(get_db(), [row["id"]]).get(row["id"], [])
    data = ideas.public_idea(
        row, settings_of(session)["authorship"], principal.is_facilitator, children
    )
    if principal.kind == "participant":
        data["mine"] = row["participant_id"] == principal.id
    return data


def visible_to(principal, row):
    """Participants and projectors see visible ideas (and their own pending ones)."""
    if principal.is_facilitator:
        return True
    if row["status"] == "visible":
        return True
    return (
        principal.kind == "participant"
        and row["status"] == "pending"
        and row["participant_id"] == principal.id
    )


def push_idea(before, after, session):
    """After commit: facilitators hear every change; the room only what it may see."""
    db = get_db()
    authorship = settings_of(session)["authorship"]
    children = ideas.merged_children(db, [after["id"]]).get(after["id"], [])
    wid = after["workshop_id"]
    full = ideas.public_idea(after, authorship, True, children)
    if before is None:
        broadcast_idea_created(full, wid, FACILITATORS)
    else:
        broadcast_idea_updated(full, wid, FACILITATORS)
    was_public = before is not None and before["status"] == "visible"
    is_public = after["status"] == "visible"
    public = ideas.public_idea(after, authorship, False, children)
    if is_public and was_public:
        broadcast_idea_updated(public, wid, HALL)
    elif is_public:
        broadcast_idea_created(public, wid, HALL)
    elif was_public:
        broadcast_idea_removed(after["id"], wid, HALL)
    if after["participant_id"] and after["status"] == "pending":
        # Only its author learns about a proposal waiting for approval.
        send_idea_to_author(public, after["participant_id"], created=before is None)


def refresh_poll_results(idea_ids):
    """Votes follow merges in open polls: push their new tallies."""
    for poll_id in polls.open_polls_with_ideas(get_db(), idea_ids):
        request_results(current_app, poll_id)


def idea_in_reach(idea_id):
    """(idea row, session row) when the caller may see the idea; 404 otherwise."""
    principal = current_principal()
    db = get_db()
    row = ideas.get_idea(db, idea_id)
    workshop_for(row["workshop_id"])
    if not visible_to(principal, row):
        raise ApiError(404, _("Not found."))
    session = session_in_reach(row["session_id"])[1]
    return row, session


def check_submit_rate(principal):
    """A flood of submissions from one participant gets 429 with Retry-After."""
    db = get_db()
    key = f"submit:{principal.id}"
    count, retry_after = ratelimit.hits(db, key, SUBMIT_WINDOW_SECONDS)
    if count >= SUBMIT_MAX:
        raise ApiError(
            429,
            _(
                "You are sending proposals very fast. Wait %(s)d seconds and try again.",
                s=retry_after,
            ),
            headers={"Retry-After": str(retry_after)},
        )
    ratelimit.hit(db, key, SUBMIT_WINDOW_SECONDS)


def session_conflict(session, principal):
    """409 when a participant cannot submit to or edit in this session now."""
    if principal.is_facilitator:
        return
    if session["kind"] != "ideas":
        raise ApiError(409, _("This session does not collect proposals."), code="not_ideas")
    if session["status"] != "open":
        raise ApiError(
            409, _("Proposal collection for this session is closed."), code="session_closed"
        )


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
    form = validate(IdeaForm, data, **form_kwargs(workshop["id"]))
    fields = form_data(form)
    client_id = fields.pop("client_id") or None
    if principal.kind == "participant":
        row, is_new = submit_as_participant(principal, session, fields, client_id)
    else:
        row, is_new = submit_as_facilitator(principal, session, fields, client_id)
    if not is_new:
        return jsonify(idea_for(principal, row, session)), 200
    return created(idea_for(principal, row, session))


def submit_as_participant(principal, session, fields, client_id):
    """A participant's proposal, from the API or the page; returns (row, created).

    A replayed client_id answers with the stored proposal before any other rule, so an
    offline queue that resends after the session closed still gets its acknowledgement.
    """
    db = get_db()
    if client_id:
        existing = ideas.find_by_client_id(db, client_id, participant_id=principal.id)
        if existing:
            return existing, False
    session_conflict(session, principal)
    check_submit_rate(principal)
    settings = settings_of(session)
    for name in ideas.OPTIONAL_FIELDS:
        if name not in settings["fields"]:
            fields[name] = None
    fields["opd_id"] = fields.get("opd_id") or principal.opd_id
    status = "pending" if settings["premoderation"] else "visible"
    row, is_new = ideas.create_idea(
        db, session, fields, client_id, participant_id=principal.id, status=status
    )
    if is_new:
        push_idea(None, row, session)
    return row, is_new


def submit_as_facilitator(principal, session, fields, client_id):
    """A facilitator types in a proposal (e.g. from paper), in any state of the session."""
    row, is_new = ideas.create_idea(
        get_db(), session, fields, client_id, facilitator_id=principal.id
    )
    if is_new:
        push_idea(None, row, session)
    return row, is_new


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
    authorship = settings_of(session)["authorship"]
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
    return jsonify(idea_for(current_principal(), row, session))


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
    moderation = {k: data.pop(k) for k in MODERATION_KEYS if k in data}
    if principal.kind == "participant":
        if row["participant_id"] != principal.id:
            raise ApiError(403, _("You can only change your own proposals."))
        if moderation:
            raise ApiError(403, _("Only facilitators can change the status or the group."))
        session_conflict(session, principal)
        if row["status"] not in ("visible", "pending"):
            raise ApiError(409, _("This proposal can no longer be changed."), code="idea_locked")
    elif not principal.is_facilitator:
        raise ApiError(403, _("You are not allowed to do this."))
    changes = {}
    if data:
        form = validate(IdeaForm, data, partial=True, **form_kwargs(row["workshop_id"]))
        changes = form_data(form)
        changes.pop("client_id", None)
        dimension = changes.get("dimension", row["dimension"])
        element = changes.get("element", row["element"] if "dimension" not in changes else None)
        if element and element not in form.known_dimensions.get(dimension, ()):
            raise ApiError(
                422,
                _("Some fields need attention."),
                fields={"element": [_("Choose an element of the chosen dimension.")]},
            )
        if "dimension" in changes:
            changes["element"] = element
    if moderation:
        form = validate(IdeaModerationForm, moderation, partial=True)
        mod = form_data(form)
        if "status" in mod:
            changes["status"] = mod["status"]
        if "group" in mod:
            changes["group_name"] = mod["group"] or None
    if not changes and not data and not moderation:
        raise ApiError(
            422, _("Some fields need attention."), fields={"": [_("Nothing to change.")]}
        )
    try:
        before, after = ideas.update_idea(get_db(), idea_id, changes, principal.kind, principal.id)
    except Conflict as e:
        raise ApiError(409, _("This proposal can no longer be changed."), code=str(e)) from e
    push_idea(before, after, session)
    return jsonify(idea_for(principal, after, session))


@bp.delete("/ideas/<int:idea_id>")
@doc("Withdraw your own proposal while the session is open", responses={204: "withdrawn"})
def withdraw_idea(idea_id):
    """Authors only; facilitators hide proposals instead (PATCH status=hidden)."""
    principal = current_principal()
    row, session = idea_in_reach(idea_id)
    if principal.kind != "participant" or row["participant_id"] != principal.id:
        raise ApiError(403, _("Only its author can withdraw a proposal; facilitators can hide it."))
    session_conflict(session, principal)
    try:
        before, after = ideas.withdraw_idea(get_db(), idea_id, principal.id)
    except Conflict as e:
        raise ApiError(409, _("This proposal can no longer be changed."), code=str(e)) from e
    push_idea(before, after, session)
    return no_content()


def facilitator_idea(idea_id):
    principal = current_principal()
    if not principal.is_facilitator:
        raise ApiError(
            401 if principal.kind == "anonymous" else 403, _("Only facilitators can do this.")
        )
    row = ideas.get_idea(get_db(), idea_id)
    workshop_for(row["workshop_id"], facilitator_only=True)
    return row, session_in_reach(row["session_id"], facilitator_only=True)[1]


@bp.post("/ideas/<int:idea_id>/merge")
@doc(
    "Merge a duplicate into another proposal (reversible)",
    body=IdeaMergeForm,
    responses={200: "the surviving idea with merged: [ids]", 409: "already merged"},
)
def merge_idea(idea_id):
    """The survivor lists the originals, their authors and OPDs."""
    row, session = facilitator_idea(idea_id)
    form = validate(IdeaMergeForm, json_body())
    db = get_db()
    try:
        target = ideas.get_idea(db, form.into.data, row["workshop_id"])
    except LookupError as e:
        raise ApiError(
            422,
            _("Some fields need attention."),
            fields={"into": [_("Choose a proposal of this workshop.")]},
        ) from e
    try:
        original, survivor = ideas.merge_idea(db, idea_id, target["id"], current_principal().id)
    except Conflict as e:
        raise ApiError(409, _("These proposals cannot be merged."), code=str(e)) from e
    push_idea(row, original, session)
    target_session = session_in_reach(survivor["session_id"])[1]
    push_idea(target, survivor, target_session)
    refresh_poll_results([idea_id, survivor["id"]])
    return jsonify(idea_for(current_principal(), survivor, target_session))


@bp.post("/ideas/<int:idea_id>/unmerge")
@doc("Undo a merge", responses={200: "the restored idea", 409: "not merged"})
def unmerge_idea(idea_id):
    """The original returns with the status it had before the merge."""
    row, session = facilitator_idea(idea_id)
    db = get_db()
    try:
        restored, survivor = ideas.unmerge_idea(db, idea_id, current_principal().id)
    except Conflict as e:
        raise ApiError(409, _("This proposal is not merged."), code=str(e)) from e
    push_idea(row, restored, session)
    push_idea(survivor, survivor, session_in_reach(survivor["session_id"])[1])
    refresh_poll_results([idea_id, survivor["id"]])
    return jsonify(idea_for(current_principal(), restored, session))


@bp.get("/sessions/<int:session_id>/idea-settings")
@doc("Which optional fields a session's proposal form shows, authorship, pre-moderation")
def get_idea_settings(session_id):
    """Participants read it to build the form."""
    _workshop, session = session_in_reach(session_id)
    return jsonify(settings_of(session))


@bp.put("/sessions/<int:session_id>/idea-settings")
@doc("Change a session's proposal settings", body=IdeaSettingsForm)
def put_idea_settings(session_id):
    """Authorship applies at once to every payload of this session's proposals."""
    _workshop, session = session_in_reach(session_id, facilitator_only=True)
    form = validate(IdeaSettingsForm, json_body(), partial=True)
    changes = form_data(form)
    settings = ideas.update_settings(get_db(), session, changes, current_principal().id)
    broadcast_session_updated(
        {"id": session_id, "workshop_id": session["workshop_id"], "idea_settings": settings},
        session["workshop_id"],
    )
    return jsonify(settings)
