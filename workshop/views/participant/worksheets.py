"""The participant's worksheet pages: readiness ratings, SWOT entries, vision keywords and
strategy statements, by the session's purpose (templates/participant/worksheet.html).

Every form posts without JavaScript (post/redirect/get with a flash, or the page again with the
field errors beside their fields and 422, 409 or 429). With JavaScript, static/js/worksheet.js
sends the same fields to the JSON API through the offline outbox. Both paths call the same
rules (workshop/rules/worksheets.py), so they cannot drift apart.
"""

import uuid

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ...db import get_db
from ...forms.agenda import purpose_labels
from ...forms.worksheets import ENTRY_FORMS, ENTRY_TEXT_MAX, KEYWORD_MAX, NOTE_MAX
from ...rules import DomainError, FieldError
from ...rules import worksheets as rules
from ...store import NotFound, opds, worksheet_plans
from ...store import worksheets as store
from ..access import session_in_reach
from ..labels import dimensions_with_elements
from .blueprint import bp
from .ideas import participant_only

# The fields of an entry by the session's purpose (names of the JSON API body).
FIELDS = {
    "readiness": ("aspect", "item", "rating", "note"),
    "swot": ("quadrant", "text", "dimension", "element"),
    "vision": ("text",),
    "strategy": ("text", "dimension", "element"),
}


def entry_limits(purpose):
    """What the page's fields and worksheet-rules.js allow (the entry forms' limits)."""
    return {"text": KEYWORD_MAX if purpose == "vision" else ENTRY_TEXT_MAX, "note": NOTE_MAX}


def quadrants():
    """The four SWOT quadrants with a line on what belongs there."""
    return [
        {"key": "S", "label": _("Strengths"), "hint": _("What the city already does well.")},
        {"key": "W", "label": _("Weaknesses"), "hint": _("What holds the city back inside.")},
        {"key": "O", "label": _("Opportunities"), "hint": _("What outside could help.")},
        {"key": "T", "label": _("Threats"), "hint": _("What outside could get in the way.")},
    ]


def page_texts():
    """Words worksheet.js shows (translated here, passed as data-texts)."""
    return {
        "sent": _("Received"),
        "waiting": _("Waiting to be sent"),
        "queued": _("Saved on this device; it will be sent automatically."),
        "attention": _("Needs attention — not sent"),
        "closed": _("Not sent — the session is closed"),
        "refused": _("Not sent"),
        "fix": _("Fix and send again"),
        "discard": _("Remove from this device"),
        "offline": _(
            "Connection lost. Your entries are saved on this device and will be sent automatically."
        ),
        "server": _(
            "The server did not answer. Your entries are saved on this device and will be"
            " sent again automatically."
        ),
        "editOffline": _("Changes cannot be saved while offline. Try again when connected."),
        "ratingRequired": _("Choose Good, Moderate or Poor."),
        "quadrantRequired": _("Choose a quadrant: S, W, O or T."),
        "tooLong": _("At most %(max)s characters.", max="{max}"),
        "counter": _("%(n)s of %(max)s characters", n="{n}", max="{max}"),
        "maxChars": _("At most %(max)s characters.", max="{max}"),
        "savedRating": _("Saved: %(rating)s", rating="{rating}"),
        "ratedBy": _("by %(who)s", who="{who}"),
        "notRated": _("Not rated yet"),
        "notSet": _("(not set)"),
        "notOpen": _(
            "This worksheet has not opened yet. This page updates by itself when the"
            " facilitator opens it."
        ),
        "closedNow": _("This worksheet is closed."),
        "statusOpen": _("Open"),
        "statusClosed": _("Closed"),
        "statusPlanned": _("Not open yet"),
    }


def text_required(purpose):
    """What the phone says about an empty or too long text: the server's own words."""
    if purpose == "vision":
        return _("Write a keyword (1–%(max)d characters).", max=KEYWORD_MAX)
    if purpose == "strategy":
        return _("Write the strategy (max. %(max)d characters).", max=ENTRY_TEXT_MAX)
    return _("Write the entry (max. %(max)d characters).", max=ENTRY_TEXT_MAX)


def intro_of(purpose):
    return {
        "readiness": _(
            "Rate how ready the city is, item by item: Good, Moderate or Poor, with a short"
            " note if you like."
        ),
        "swot": _(
            "Write strengths, weaknesses, opportunities and threats, one short sentence each."
        ),
        "vision": _("Which words should the city's vision hold? One keyword or short phrase each."),
        "strategy": _("Write strategy statements, one per entry, for a dimension if you like."),
    }.get(purpose, "")


def rating_labels():
    return {"baik": _("Good"), "sedang": _("Moderate"), "kurang": _("Poor")}


def render_worksheet(principal, workshop, session, status=200, **state):
    """The page. state: errors ({field: [msg]}), error_target (which form they belong to:
    "create", "edit:<id>", "readiness:<aspect>:<item>"), form_values, edit (an own entry),
    error (a message for the whole page)."""
    db = get_db()
    purpose = session.get("purpose") or "none"
    limits = entry_limits(purpose)
    texts = page_texts()
    texts["textRequired"] = text_required(purpose)
    entries = [
        rules.entry_for(db, principal, row)
        for row in store.list_entries(db, session_id=session["id"], statuses=store.PUBLIC)
    ]
    context = {}
    if purpose == "readiness":
        context = readiness_context(db, workshop, session, principal)
    dims = dimensions_with_elements(workshop["id"])
    return render_template(
        "participant/worksheet.html",
        workshop=workshop,
        session=session,
        principal=principal,
        purpose=purpose,
        purpose_label=purpose_labels().get(purpose, purpose),
        intro=intro_of(purpose),
        is_open=session["status"] == "open",
        entries=entries,
        quadrants=quadrants(),
        dimensions=dims,
        dimension_names={d["key"]: d["label"] for d in dims},
        element_names={d["key"]: {e["key"]: e["label"] for e in d["elements"]} for d in dims},
        limits=limits,
        texts=texts,
        errors=state.get("errors") or {},
        error_target=state.get("error_target"),
        form_values=state.get("form_values") or {},
        edit=state.get("edit"),
        error=state.get("error"),
        new_client_id=lambda: str(uuid.uuid4()),
        **context,
    ), status


def readiness_context(db, workshop, session, principal):
    """The workshop's readiness list, each item with this participant's (or OPD's) current
    rating."""
    per_opd = bool(session.get("readiness_per_opd"))
    rater = f"opd:{principal.opd_id}" if per_opd else f"p:{principal.id}"
    current = {
        (row["aspect"], row["item"]): {"rating": row["rating"], "note": row["text"]}
        for row in store.list_entries(db, session_id=session["id"], statuses=store.PUBLIC)
        if row["purpose"] == "readiness" and row["rater"] == rater
    }
    names = rating_labels()
    aspects = []
    for aspect in worksheet_plans.get_readiness_list(db, workshop["id"])["aspects"]:
        items = [
            dict(item, label=label_of(item), current=current.get((aspect["key"], item["key"])))
            for item in aspect["items"]
        ]
        aspects.append(
            dict(
                aspect,
                label=label_of(aspect),
                items=items,
                rated=sum(1 for i in items if i["current"]),
            )
        )
    opd = opds.get_opd(db, principal.opd_id) if principal.opd_id else None
    return {
        "aspects": aspects,
        "ratings": [{"key": k, "label": v} for k, v in names.items()],
        "rating_names": names,
        "per_opd": per_opd,
        "principal_opd": opd["code"] if opd else "",
    }


def label_of(thing):
    """A readiness aspect's or item's name in the page's language."""
    if str(get_locale()) == "en":
        return thing.get("name") or thing.get("name_id") or thing["key"]
    return thing.get("name_id") or thing.get("name") or thing["key"]


def posted_entry(workshop_id, purpose):
    """(fields, as typed) of a posted entry form, checked by the API's form of this purpose;
    FieldError (422) with the messages by field when it is not right."""
    typed = {name: request.form.get(name, "") for name in FIELDS.get(purpose, ("text",))}
    form_class = ENTRY_FORMS.get(purpose)
    if form_class is None:  # not a worksheet purpose: the rule says so (409 not_worksheet)
        return typed, typed
    form = form_class(
        formdata=request.form,
        meta={"csrf": False},
        **rules.form_kwargs(get_db(), workshop_id),
    )
    if not form.validate():
        raise FieldError({k: v for k, v in form.errors.items() if k in typed} or form.errors)
    fields = {name: form[name].data for name in typed}
    if purpose == "readiness" and not fields.get("note"):
        fields.pop("note")  # no note: the rating alone
    return fields, typed


def target_of(purpose, data):
    if purpose == "readiness":
        return f"readiness:{data.get('aspect', '')}:{data.get('item', '')}"
    return "create"


def back(session, anchor=None):
    return redirect(url_for(".session_page", session_id=session["id"], _anchor=anchor))


@bp.post("/w/s/<int:session_id>/entries")
def submit_entry(session_id):
    """No-JavaScript twin of POST /api/v1/sessions/{id}/entries."""
    principal, away = participant_only()
    if away:
        return away
    workshop, session = session_in_reach(session_id)
    purpose = session.get("purpose") or "none"
    typed = {name: request.form.get(name, "") for name in FIELDS.get(purpose, ("text",))}
    target = target_of(purpose, typed)
    try:
        data, typed = posted_entry(workshop["id"], purpose)
        _row, is_new = rules.submit(
            get_db(), principal, session["id"], data, request.form.get("client_id") or None
        )
    except FieldError as e:
        return render_worksheet(
            principal,
            workshop,
            session,
            e.status,
            errors=e.fields,
            error_target=target,
            form_values=typed,
        )
    except DomainError as e:
        return render_worksheet(principal, workshop, session, e.status, error=e.message)
    if not is_new:
        flash(_("This entry had already arrived; it was not sent twice."))
    elif purpose == "readiness":
        flash(_("Rating saved."))
    else:
        flash(_("Entry sent."))
    if purpose == "readiness":
        return back(session, f"item-{typed.get('aspect')}-{typed.get('item')}")
    return back(session, "ws-form")


def own_entry(principal, session, entry_id):
    """The participant's own entry of this session (404 otherwise)."""
    row = store.get_entry(get_db(), entry_id, session["workshop_id"])
    if row["session_id"] != session["id"] or row.get("participant_id") != principal.id:
        raise NotFound("entry")
    return row


def worksheet_get(principal, workshop, session):
    """GET of a worksheet session's page (ideas.session_page hands it here); ?edit=<id> opens
    an own entry for changing while the session is open."""
    edit = None
    if request.args.get("edit", "").isdigit() and session["status"] == "open":
        try:
            edit = own_entry(principal, session, int(request.args["edit"]))
        except NotFound:
            edit = None
    return render_worksheet(principal, workshop, session, edit=edit)


@bp.post("/w/s/<int:session_id>/entries/<int:entry_id>")
def edit_entry(session_id, entry_id):
    """No-JavaScript twin of PATCH /api/v1/entries/{id} by its author while the session is open."""
    principal, away = participant_only()
    if away:
        return away
    workshop, session = session_in_reach(session_id)
    row = own_entry(principal, session, entry_id)
    purpose = session.get("purpose") or "none"
    typed = {name: request.form.get(name, "") for name in FIELDS.get(purpose, ("text",))}
    try:
        rules.check_editable(principal, row, session)
        data, typed = posted_entry(workshop["id"], purpose)
        rules.edit_own(get_db(), principal, entry_id, data)
    except FieldError as e:
        return render_worksheet(
            principal,
            workshop,
            session,
            e.status,
            errors=e.fields,
            error_target=f"edit:{entry_id}",
            form_values=typed,
            edit=row,
        )
    except DomainError as e:
        return render_worksheet(principal, workshop, session, e.status, error=e.message, edit=row)
    flash(_("Changes saved."))
    return back(session, f"entry-{entry_id}")


@bp.post("/w/s/<int:session_id>/entries/<int:entry_id>/delete")
def delete_entry(session_id, entry_id):
    """No-JavaScript twin of DELETE /api/v1/entries/{id}: the author takes an entry back."""
    principal, away = participant_only()
    if away:
        return away
    _workshop, session = session_in_reach(session_id)
    own_entry(principal, session, entry_id)
    try:
        rules.withdraw(get_db(), principal, entry_id)
    except DomainError as e:
        flash(e.message)
        return back(session)
    flash(_("Entry deleted."))
    return back(session)
