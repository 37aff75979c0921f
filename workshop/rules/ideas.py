"""Proposals (usulan): submit, edit, withdraw, moderate, merge, unmerge, collection settings.

The JSON API (views/api/ideas.py), the participant's session page (views/participant/ideas.py),
the facilitator's wall (views/facilitator/wall.py) and the console call these functions, so a
proposal follows the same rules whichever page or client sends it. Each operation runs its
transaction, then pushes (push_idea: facilitators hear every change, the hall only what it may
see, a pending proposal's author alone learns of it).

A participant submits, edits or withdraws only while the session is open: that status is read
inside the IMMEDIATE transaction that writes, so a proposal racing the facilitator's "close"
is either in before the close or refused (409 session_closed), never half-accepted.
"""

from flask import current_app
from flask_babel import gettext as _

from ..db import get_db
from ..live_results import request_results
from ..realtime import (
    FACILITATORS,
    HALL,
    broadcast_idea_created,
    broadcast_idea_removed,
    broadcast_idea_updated,
    broadcast_session_updated,
    send_idea_to_author,
)
from ..store import Conflict as StoreConflict
from ..store import agenda, ideas, polls, programmes, ratelimit, roster
from . import Conflict, DomainError, Forbidden, NotFound, field_error
from .stages import opd_window

# A participant may send this many proposals per window (a flood gets 429).
SUBMIT_MAX = 20
SUBMIT_WINDOW_SECONDS = 60
# Keys of a PATCH body that only facilitators may send (the wall's moderation).
MODERATION_KEYS = ("status", "group")
# Statuses an author may still change or withdraw.
EDITABLE_STATUSES = ("visible", "pending")


class TooFast(DomainError):
    """A flood of submissions from one participant (429, with Retry-After)."""

    status = 429
    code = "rate_limited"

    def __init__(self, retry_after):
        super().__init__(
            _(
                "You are sending proposals very fast. Wait %(s)d seconds and try again.",
                s=retry_after,
            )
        )
        self.headers = {"Retry-After": str(retry_after)}


# -- Reading ----------------------------------------------------------------------------------


def form_kwargs(db, workshop_id):
    """What IdeaForm checks dimensions, elements and OPDs against."""
    dims = {
        d["key"]: [e["key"] for e in d["elements"]] for d in roster.list_dimensions(db, workshop_id)
    }
    return {"dimensions": dims, "opd_ids": [o["id"] for o in roster.list_opds(db, workshop_id)]}


def settings_of(session):
    """A session's collection settings (optional fields, authorship, pre-moderation) and
    whether its form shows the programme fields (`program_fields`, a session column)."""
    return {
        **ideas.session_settings(session),
        "program_fields": bool(session.get("program_fields")),
    }


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


def idea_for(db, principal, row, session):
    """The idea as this caller may see it (authorship applied unless a facilitator)."""
    children = ideas.merged_children(db, [row["id"]]).get(row["id"], [])
    data = ideas.public_idea(
        row, settings_of(session)["authorship"], principal.is_facilitator, children
    )
    if principal.kind == "participant":
        data["mine"] = row["participant_id"] == principal.id
    return data


def session_of(db, row):
    """The session a proposal belongs to (a merge may join proposals of two sessions)."""
    return agenda.get_session(db, row["session_id"])


# -- Pushes (after commit) --------------------------------------------------------------------


def push_idea(db, before, after, session):
    """After commit: facilitators hear every change; the room only what it may see."""
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


# -- Participants: submit, edit, withdraw -----------------------------------------------------


def check_collecting(session, principal):
    """409 when a participant cannot submit to or edit in this session now."""
    if principal.is_facilitator:
        return
    if session["kind"] != "ideas":
        raise Conflict(_("This session does not collect proposals."), code="not_ideas")
    if session["status"] != "open":
        raise Conflict(_("Proposal collection for this session is closed."), code="session_closed")


def check_submit_rate(db, principal):
    """A flood of submissions from one participant gets 429 with Retry-After."""
    key = f"submit:{principal.id}"
    count, retry_after = ratelimit.hits(db, key, SUBMIT_WINDOW_SECONDS)
    if count >= SUBMIT_MAX:
        raise TooFast(retry_after)
    ratelimit.hit(db, key, SUBMIT_WINDOW_SECONDS)


def submit(db, principal, session_id, fields, client_id=None):
    """A new proposal; returns (row, created). Idempotent by client_id.

    Participants while the session is open (their OPD by default, the session's optional
    fields only, pending under pre-moderation); facilitators at any time (paper proposals).
    A replayed client_id answers with the stored proposal before any other rule, so an
    offline queue that resends after the session closed still gets its acknowledgement.
    """
    fields = dict(fields)
    with db.atomic():
        session = agenda.get_session(db, session_id)
        if principal.is_facilitator:
            row, is_new = ideas.create_idea(
                db, session, fields, client_id, facilitator_id=principal.id
            )
        else:
            row, is_new = _participant_insert(db, principal, session, fields, client_id)
    if is_new:
        push_idea(db, None, row, session)
    return row, is_new


def _participant_insert(db, principal, session, fields, client_id):
    """Inside submit's transaction: replay, status of the session, rate, insert."""
    if client_id:
        existing = ideas.find_by_client_id(db, client_id, participant_id=principal.id)
        if existing:
            return existing, False
    check_collecting(session, principal)
    check_submit_rate(db, principal)
    settings = settings_of(session)
    for name in ideas.OPTIONAL_FIELDS:
        if name not in settings["fields"]:
            fields[name] = None
    if not session.get("program_fields"):
        for name in programmes.PROGRAM_FIELDS:
            fields.pop(name, None)
    fields["opd_id"] = fields.get("opd_id") or principal.opd_id
    status = "pending" if settings["premoderation"] else "visible"
    return ideas.create_idea(
        db, session, fields, client_id, participant_id=principal.id, status=status
    )


# Between stages a participant edits the proposals of their OPD (issue 17).
OPD_KEYS = ("opd_id", "responsible_opd_id")


def between_stages(principal, row, session):
    """A closed session, but the workshop is open between stages for this item's OPD."""
    return session["status"] != "open" and opd_window(principal, row, OPD_KEYS)


def check_own(principal, row, message=None, session=None):
    """403 unless the caller is the participant who wrote this proposal (or, between stages
    with `session` given, a participant of its OPD)."""
    if principal.kind == "participant" and row["participant_id"] == principal.id:
        return
    if session is not None and between_stages(principal, row, session):
        return
    raise Forbidden(message or _("You can only change your own proposals."))


def check_editable(principal, row, session):
    """The author may still change it: the session collects (or the workshop is open between
    stages for the proposal's OPD), the proposal is on the wall."""
    if not between_stages(principal, row, session):
        check_collecting(session, principal)
    if row["status"] not in EDITABLE_STATUSES:
        raise Conflict(_("This proposal can no longer be changed."), code="idea_locked")


def edit_own(db, principal, idea_id, changes):
    """Its author changes a proposal's content while the session is open; returns it.

    Views call check_own / check_editable first (so a closed session answers 409 before the
    form's 422); the checks run again here, in the transaction that writes.
    """
    with db.atomic():
        row = ideas.get_idea(db, idea_id)
        session = session_of(db, row)
        check_own(principal, row, session=session)
        check_editable(principal, row, session)
        if not session.get("program_fields"):
            changes = {k: v for k, v in changes.items() if k not in programmes.PROGRAM_FIELDS}
        try:
            before, after = ideas.update_idea(db, idea_id, changes, "participant", principal.id)
        except StoreConflict as e:
            raise Conflict(_("This proposal can no longer be changed."), code=str(e)) from e
    push_idea(db, before, after, session)
    return after


def withdraw(db, principal, idea_id):
    """Its author takes a proposal back while the session is open; returns it."""
    with db.atomic():
        row = ideas.get_idea(db, idea_id)
        check_own(
            principal, row, _("Only its author can withdraw a proposal; facilitators can hide it.")
        )
        session = session_of(db, row)
        check_collecting(session, principal)
        try:
            before, after = ideas.withdraw_idea(db, idea_id, principal.id)
        except StoreConflict as e:
            raise Conflict(_("This proposal can no longer be changed."), code=str(e)) from e
    push_idea(db, before, after, session)
    return after


def check_element(changes, row, known_dimensions):
    """A partial change keeps the element inside the (possibly new) dimension.

    Sets changes["element"] when the dimension changes (None unless an element was sent).
    """
    dimension = changes.get("dimension", row["dimension"])
    element = changes.get("element", row["element"] if "dimension" not in changes else None)
    if element and element not in known_dimensions.get(dimension, ()):
        raise field_error("element", _("Choose an element of the chosen dimension."))
    if "dimension" in changes:
        changes["element"] = element


# -- Facilitators: moderate, merge, unmerge, settings ------------------------------------------


def moderate(db, actor_id, idea_id, changes):
    """A facilitator changes content, status (visible|hidden|pending) or group; returns it.

    `changes` uses the store's names (group_name). A merged or withdrawn proposal keeps its
    status (409 with the store's code).
    """
    try:
        before, after = ideas.update_idea(db, idea_id, changes, "facilitator", actor_id)
    except StoreConflict as e:
        raise Conflict(_("This proposal can no longer be changed."), code=str(e)) from e
    push_idea(db, before, after, session_of(db, after))
    return after


def merge(db, actor_id, idea_id, into_id):
    """Fold a duplicate into another proposal of the workshop; returns (original, survivor).

    Open polls' tallies follow (their results are pushed again).
    """
    row = ideas.get_idea(db, idea_id)
    try:
        target = ideas.get_idea(db, into_id, row["workshop_id"])
    except NotFound as e:
        raise field_error("into", _("Choose a proposal of this workshop.")) from e
    try:
        original, survivor = ideas.merge_idea(db, idea_id, target["id"], actor_id)
    except StoreConflict as e:
        raise Conflict(_("These proposals cannot be merged."), code=str(e)) from e
    push_idea(db, row, original, session_of(db, original))
    push_idea(db, target, survivor, session_of(db, survivor))
    refresh_poll_results([idea_id, survivor["id"]])
    return original, survivor


def unmerge(db, actor_id, idea_id):
    """Undo a merge: the original returns with its former status; returns (restored, survivor)."""
    row = ideas.get_idea(db, idea_id)
    try:
        restored, survivor = ideas.unmerge_idea(db, idea_id, actor_id)
    except StoreConflict as e:
        raise Conflict(_("This proposal is not merged."), code=str(e)) from e
    push_idea(db, row, restored, session_of(db, restored))
    push_idea(db, survivor, survivor, session_of(db, survivor))
    refresh_poll_results([idea_id, survivor["id"]])
    return restored, survivor


def update_settings(db, actor_id, session, changes):
    """Change a session's collection settings; authorship applies at once to every payload."""
    changes = dict(changes)
    program_fields = session.get("program_fields")
    with db.atomic():
        if "program_fields" in changes:
            program_fields = bool(changes.pop("program_fields"))
            agenda.update_session(
                db,
                session["id"],
                session["workshop_id"],
                {"program_fields": program_fields},
                actor_id,
            )
        settings = ideas.update_settings(db, session, changes, actor_id)
    settings["program_fields"] = bool(program_fields)
    broadcast_session_updated(
        {"id": session["id"], "workshop_id": session["workshop_id"], "idea_settings": settings},
        session["workshop_id"],
    )
    return settings
