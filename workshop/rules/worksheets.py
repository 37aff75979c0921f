"""Worksheet entries (issue 14): submit, edit, withdraw, moderate, merge, quote.

A session collects entries when its kind is `worksheet` and its purpose is readiness, swot,
vision or strategy; the purpose decides the shape (forms/worksheets.py ENTRY_FORMS). The
rules follow proposals (rules/ideas.py): a participant writes, edits or withdraws only while
the session is open — its status read inside the IMMEDIATE transaction that writes — and only
their own entries; a replayed client_id answers with the stored entry before any other rule;
facilitators write at any time (paper worksheets) and curate (edit, hide, merge, quote).
Pushes after commit (push_entry): facilitators hear every change, the hall only visible entries.
"""

from flask_babel import gettext as _

from ..realtime import (
    FACILITATORS,
    HALL,
    broadcast_entry_created,
    broadcast_entry_removed,
    broadcast_entry_updated,
)
from ..store import Conflict as StoreConflict
from ..store import agenda, ratelimit, roster, worksheet_plans, worksheets
from . import Conflict, Forbidden, field_error
from .ideas import TooFast
from .stages import opd_window

# A participant may send this many entries per window (a flood gets 429): a readiness sheet
# is nine quick ratings, often changed once or twice.
SUBMIT_MAX = 40
SUBMIT_WINDOW_SECONDS = 60
# Keys of a PATCH body that only facilitators may send.
MODERATION_KEYS = ("status", "merged_into", "quoted")


# -- Reading ----------------------------------------------------------------------------------


def form_kwargs(db, workshop_id):
    """What the entry forms check items, dimensions, elements and OPDs against."""
    items = {
        a["key"]: [i["key"] for i in a["items"]]
        for a in worksheet_plans.get_readiness_list(db, workshop_id)["aspects"]
    }
    dims = {
        d["key"]: [e["key"] for e in d["elements"]] for d in roster.list_dimensions(db, workshop_id)
    }
    opd_ids = [o["id"] for o in roster.list_opds(db, workshop_id)]
    return {"items": items, "dimensions": dims, "opd_ids": opd_ids}


def collects(session):
    """True when the session takes worksheet entries."""
    return session["kind"] == "worksheet" and session["purpose"] in worksheets.PURPOSES


def check_worksheet(session):
    """409 when the session is not a worksheet session."""
    if not collects(session):
        raise Conflict(_("This session does not collect worksheet entries."), code="not_worksheet")


def check_open(session, principal):
    """409 when a participant cannot write in this session now (facilitators always may)."""
    check_worksheet(session)
    if not principal.is_facilitator and session["status"] != "open":
        raise Conflict(_("This worksheet is closed."), code="session_closed")


def visible_to(principal, row):
    """Facilitators see every entry; everyone else only visible ones."""
    return principal.is_facilitator or row["status"] in worksheets.PUBLIC


def entry_for(db, principal, row):
    """The entry as this caller may see it."""
    children = worksheets.merged_children(db, [row["id"]]).get(row["id"], [])
    data = worksheets.public_entry(row, principal.is_facilitator, children)
    if principal.kind == "participant":
        data["mine"] = row["participant_id"] == principal.id
    return data


# -- Pushes (after commit) --------------------------------------------------------------------


def push_entry(db, before, after):
    """Facilitators hear every change (entry_removed once it is replaced or withdrawn); the
    hall hears an entry while it is visible and entry_removed when it stops being so."""
    wid = after["workshop_id"]
    children = worksheets.merged_children(db, [after["id"]]).get(after["id"], [])
    gone = after["status"] in ("replaced", "withdrawn")
    if gone:
        broadcast_entry_removed(after["id"], after["session_id"], wid, FACILITATORS)
    else:
        full = worksheets.public_entry(after, True, children)
        if before is None:
            broadcast_entry_created(full, wid, FACILITATORS)
        else:
            broadcast_entry_updated(full, wid, FACILITATORS)
    was_public = before is not None and before["status"] in worksheets.PUBLIC
    is_public = after["status"] in worksheets.PUBLIC
    public = worksheets.public_entry(after, False, children)
    if is_public and was_public:
        broadcast_entry_updated(public, wid, HALL)
    elif is_public:
        broadcast_entry_created(public, wid, HALL)
    elif was_public:
        broadcast_entry_removed(after["id"], after["session_id"], wid, HALL)


# -- Writing ----------------------------------------------------------------------------------


def check_submit_rate(db, principal):
    """A flood of entries from one participant gets 429 with Retry-After."""
    key = f"entry:{principal.id}"
    count, retry_after = ratelimit.hits(db, key, SUBMIT_WINDOW_SECONDS)
    if count >= SUBMIT_MAX:
        raise TooFast(retry_after)
    ratelimit.hit(db, key, SUBMIT_WINDOW_SECONDS)


def _rater(principal, session, fields):
    """Who a readiness rating counts for: the participant, their OPD, or a facilitator."""
    if principal.is_facilitator:
        return f"opd:{fields['opd_id']}" if fields.get("opd_id") else f"f:{principal.id}"
    if session["readiness_per_opd"]:
        if not principal.opd_id:
            raise field_error("opd_id", _("Choose your OPD first: this sheet is rated per OPD."))
        return f"opd:{principal.opd_id}"
    return f"p:{principal.id}"


def submit(db, principal, session_id, fields, client_id=None):
    """A new entry; returns (row, created). Idempotent by client_id (a replay answers first)."""
    fields = dict(fields)
    purpose = fields.pop("purpose", None)
    if "note" in fields:
        fields["text"] = fields.pop("note")
    with db.atomic():
        session = agenda.get_session(db, session_id)
        author = (
            {"facilitator_id": principal.id}
            if principal.is_facilitator
            else {"participant_id": principal.id}
        )
        if client_id:
            existing = worksheets.find_by_client_id(db, client_id, **author)
            if existing:
                return existing, False
        check_open(session, principal)
        if purpose and purpose != session["purpose"]:
            raise field_error("purpose", _("This session's worksheet is a different one."))
        if principal.is_facilitator:
            fields["opd_id"] = fields.get("opd_id") or None
        else:
            if fields.get("opd_id"):
                raise field_error("opd_id", _("Only facilitators choose the OPD of an entry."))
            check_submit_rate(db, principal)
            fields["opd_id"] = principal.opd_id
        if session["purpose"] == "readiness":
            fields["rater"] = _rater(principal, session, fields)
        row, is_new, replaced = worksheets.create_entry(
            db, session, fields, client_id=client_id, **author
        )
    if replaced:
        push_entry(db, *replaced)
    if is_new:
        push_entry(db, None, row)
    return row, is_new


def between_stages(principal, row, session):
    """A closed sheet, but the workshop is open between stages for this entry's OPD."""
    return session["status"] != "open" and opd_window(principal, row)


def check_own(principal, row, session=None):
    """403 unless the caller is the participant who wrote this entry (or, between stages
    with `session` given, a participant of its OPD)."""
    if principal.kind == "participant" and row["participant_id"] == principal.id:
        return
    if session is not None and between_stages(principal, row, session):
        return
    raise Forbidden(_("You can only change your own entries."))


def check_editable(principal, row, session):
    """The author may still change it: the sheet is open (or the workshop is open between
    stages for the entry's OPD) and the entry still current."""
    if between_stages(principal, row, session):
        check_worksheet(session)
    else:
        check_open(session, principal)
    if row["status"] in worksheets.FINAL:
        raise Conflict(_("This entry can no longer be changed."), code="entry_locked")


def _update(db, entry_id, changes, actor_kind, actor_id):
    try:
        before, after = worksheets.update_entry(db, entry_id, changes, actor_kind, actor_id)
    except StoreConflict as e:
        raise Conflict(_("This entry can no longer be changed."), code="entry_locked") from e
    return before, after


def check_element(changes, row, known_dimensions):
    """A partial change keeps the element inside the (possibly new) dimension."""
    if "dimension" not in changes and "element" not in changes:
        return
    dimension = changes.get("dimension", row["dimension"])
    element = changes.get("element", row["element"] if "dimension" not in changes else None)
    if element and element not in known_dimensions.get(dimension, ()):
        raise field_error("element", _("Choose an element of the chosen dimension."))
    if "dimension" in changes:
        changes["element"] = element


def edit_own(db, principal, entry_id, changes):
    """Its author changes an entry's content while the sheet is open; returns it."""
    with db.atomic():
        row = worksheets.get_entry(db, entry_id)
        session = agenda.get_session(db, row["session_id"])
        check_own(principal, row, session)
        check_editable(principal, row, session)
        before, after = _update(db, entry_id, changes, "participant", principal.id)
    push_entry(db, before, after)
    return after


def withdraw(db, principal, entry_id):
    """Its author (while the sheet is open) or a facilitator removes an entry; it stays in the
    record as `withdrawn`. Returns it."""
    with db.atomic():
        row = worksheets.get_entry(db, entry_id)
        if not principal.is_facilitator:
            check_own(principal, row)
            check_editable(principal, row, agenda.get_session(db, row["session_id"]))
        kind = "facilitator" if principal.is_facilitator else "participant"
        before, after = _update(db, entry_id, {"status": "withdrawn"}, kind, principal.id)
    push_entry(db, before, after)
    return after


def moderate(db, actor_id, entry_id, changes):
    """A facilitator changes content, status (visible|hidden) or `quoted`; returns it."""
    with db.atomic():
        row = worksheets.get_entry(db, entry_id)
        if "quoted" in changes and row["purpose"] != "readiness":
            raise field_error("quoted", _("Only readiness notes are quoted in the document."))
        if "quoted" in changes:
            changes["quoted"] = int(bool(changes["quoted"]))
        before, after = _update(db, entry_id, changes, "facilitator", actor_id)
    push_entry(db, before, after)
    return after


def merge(db, actor_id, entry_id, into_id):
    """Fold a duplicate into another entry of the same session; returns the survivor."""
    row = worksheets.get_entry(db, entry_id)
    if row["purpose"] == "readiness":
        raise field_error("merged_into", _("Readiness ratings are not merged; hide one instead."))
    try:
        target = worksheets.get_entry(db, into_id, row["workshop_id"])
    except worksheets.NotFound as e:
        raise field_error("merged_into", _("Choose an entry of the same worksheet.")) from e
    if target["session_id"] != row["session_id"]:
        raise field_error("merged_into", _("Choose an entry of the same worksheet."))
    try:
        original, survivor = worksheets.merge_entry(db, entry_id, into_id, actor_id)
    except StoreConflict as e:
        raise Conflict(_("These entries cannot be merged."), code=str(e)) from e
    push_entry(db, row, original)
    push_entry(db, target, survivor)
    return survivor


def unmerge(db, actor_id, entry_id):
    """Undo a merge: the entry returns with the status it had; returns it."""
    row = worksheets.get_entry(db, entry_id)
    try:
        restored, survivor = worksheets.unmerge_entry(db, entry_id, actor_id)
    except StoreConflict as e:
        raise Conflict(_("This entry is not merged."), code=str(e)) from e
    push_entry(db, row, restored)
    push_entry(db, survivor, survivor)
    return restored


def merge_keywords(db, actor_id, session, from_keyword, into_keyword):
    """Every visible entry of one vision keyword merges into the first entry of another."""
    if session["purpose"] != "vision":
        raise Conflict(_("Only vision keywords are merged this way."), code="not_vision")
    source = worksheets.keyword(from_keyword)
    target = worksheets.keyword(into_keyword)
    if source == target:
        raise field_error("into", _("Choose another keyword to merge into."))
    rows = worksheets.list_entries(db, session_id=session["id"], statuses=worksheets.PUBLIC)
    moving = [r for r in rows if worksheets.keyword(r["text"]) == source]
    keeping = [r for r in rows if worksheets.keyword(r["text"]) == target]
    if not moving:
        raise field_error("from", _("No entry of this worksheet has this keyword."))
    if not keeping:
        raise field_error("into", _("No entry of this worksheet has this keyword."))
    pairs = []
    with db.atomic():
        for row in moving:
            try:
                pairs.append(
                    (row, *worksheets.merge_entry(db, row["id"], keeping[0]["id"], actor_id))
                )
            except StoreConflict as e:
                raise Conflict(_("These entries cannot be merged."), code=str(e)) from e
    for row, original, _survivor in pairs:
        push_entry(db, row, original)
    survivor = worksheets.get_entry(db, keeping[0]["id"])
    push_entry(db, keeping[0], survivor)
