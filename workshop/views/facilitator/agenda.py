"""The agenda page: stages → days → sessions, editable with or without JavaScript.

Each form posts to a route here (post/redirect/get with a flash, or the page again with the
field errors and 422). With JavaScript, static/js/agenda.js sends the same changes to the JSON
API instead and follows `session_updated` / `day_updated` pushes.
"""

import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...auth import current_principal, login_required
from ...db import get_db
from ...forms import MoveForm
from ...forms.agenda import DayForm, SessionForm
from ...rules import DomainError
from ...rules import agenda as rules
from ...store import agenda
from ..access import public_workshop, workshop_for
from ..labels import choice_labels, dimension_names, full_date
from .blueprint import bp

# Fields of the inline edit form (status has its own small form; day moves the session).
EDIT_FIELDS = (
    "day",
    "title",
    "kind",
    "purpose",
    "readiness_per_opd",
    "program_fields",
    "starts_at",
    "ends_at",
    "dimension",
    "chair",
    "speakers",
    "minute_taker",
)
ADD_FIELDS = ("title", "kind", "purpose", "starts_at", "ends_at", "dimension")


def session_form(workshop, names, fields, prefix, data=None, formdata=None):
    """A SessionForm limited to `fields`, with the dimensions named for people.

    `formdata` is always explicit: on a re-rendered page only the failed form reads the POST.
    CSRF is off in the form because every POST is checked before it reaches a view.
    """
    form = SessionForm(
        formdata=formdata,
        prefix=prefix,
        data=data,
        meta={"csrf": False},
        days=workshop["days"],
        dimensions=list(names),
    )
    for name in list(form._fields):
        if name not in fields:
            delattr(form, name)
    if "dimension" in form._fields:
        form.dimension.choices = [("", _("(none)"))] + list(names.items())
    return form


def day_form(number, data=None, formdata=None):
    """The stage editor of one day."""
    return DayForm(formdata=formdata, prefix=f"day{number}", data=data, meta={"csrf": False})


def render_agenda(ws, status=200, add_forms=None, edit_forms=None, stage_forms=None):
    """The page; forms passed in (with their errors) replace the blank ones."""
    db = get_db()
    names = dimension_names(ws["id"], db)
    days = agenda.agenda_days(db, ws)
    today = datetime.date.today().isoformat()
    add_forms, edit_forms, stage_forms = add_forms or {}, edit_forms or {}, stage_forms or {}
    for day in days:
        day["label"] = full_date(day["date"])
        day["is_today"] = day["date"] == today
        day["add_form"] = add_forms.get(day["number"]) or session_form(
            ws, names, ADD_FIELDS, f"add{day['number']}", data={"kind": "talk"}
        )
        day["stage_form"] = stage_forms.get(day["number"]) or day_form(
            day["number"], data={"stage": day["stage"]}
        )
        for session in day["sessions"]:
            session["form"] = edit_forms.get(session["id"]) or session_form(
                ws, names, EDIT_FIELDS, f"s{session['id']}", data=session
            )
    blank = {
        "id": 0,
        "day": 1,
        "position": 0,
        "title": "",
        "kind": "talk",
        "starts_at": "",
        "ends_at": "",
        "dimension": None,
        "status": "planned",
        "purpose": "none",
        "readiness_per_opd": False,
        "program_fields": False,
    }
    blank["form"] = session_form(ws, names, EDIT_FIELDS, "s0", data=blank)
    return render_template(
        "facilitator/agenda.html",
        workshop=public_workshop(ws, True),
        days=days,
        blank=blank,
        dimensions=names,
        kinds=choice_labels(SessionForm.kind),
        purposes=choice_labels(SessionForm.purpose),
        statuses=choice_labels(SessionForm.status),
    ), status


def actor():
    """Who makes the change (recorded in the audit log)."""
    return current_principal().id


def _session_in(ws, session_id):
    return agenda.get_session(get_db(), session_id, ws["id"])


def _back(ws, anchor=None):
    return redirect(url_for(".agenda", workshop_id=ws["id"], _anchor=anchor))


@bp.get("/workshops/<int:workshop_id>/agenda", endpoint="agenda")
@login_required
def agenda_page(workshop_id):
    """Stages → days → sessions as a timeline; add, edit, reorder, open and close sessions."""
    return render_agenda(workshop_for(workshop_id, facilitator_only=True))


@bp.post("/workshops/<int:workshop_id>/agenda/days/<int:number>/sessions")
@login_required
def agenda_add_session(workshop_id, number):
    """No-JavaScript twin of POST /api/v1/workshops/{id}/sessions (the day comes from the URL)."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    agenda.get_day(get_db(), ws["id"], number)
    names = dimension_names(ws["id"], get_db())
    form = session_form(ws, names, ADD_FIELDS, f"add{number}", formdata=request.form)
    if not form.validate():
        return render_agenda(ws, 422, add_forms={number: form})
    fields = {name: field.data for name, field in form._fields.items()}
    fields["day"] = number
    session = rules.create_session(get_db(), actor(), ws, fields)
    flash(_("Session added: %(title)s", title=session["title"]))
    return _back(ws, f"session-{session['id']}")


@bp.post("/workshops/<int:workshop_id>/agenda/sessions/<int:session_id>")
@login_required
def agenda_edit_session(workshop_id, session_id):
    """No-JavaScript twin of PATCH /api/v1/sessions/{id} (all fields but the status)."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    _session_in(ws, session_id)
    names = dimension_names(ws["id"], get_db())
    form = session_form(ws, names, EDIT_FIELDS, f"s{session_id}", formdata=request.form)
    if not form.validate():
        return render_agenda(ws, 422, edit_forms={session_id: form})
    changes = {n: f.data for n, f in form._fields.items()}
    session = rules.update_session(get_db(), actor(), ws, session_id, changes)
    flash(_("Session saved: %(title)s", title=session["title"]))
    return _back(ws, f"session-{session_id}")


@bp.post("/workshops/<int:workshop_id>/agenda/sessions/<int:session_id>/status")
@login_required
def agenda_session_status(workshop_id, session_id):
    """Planned, open (accepts proposals) or closed."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    _session_in(ws, session_id)
    form = session_form(ws, {}, ("status",), f"st{session_id}", formdata=request.form)
    if form.validate() and form.status.data:
        session = rules.set_status(get_db(), actor(), ws, session_id, form.status.data)
        flash(
            _(
                "%(title)s: %(status)s",
                title=session["title"],
                status=choice_labels(SessionForm.status)[session["status"]],
            )
        )
    else:
        flash(_("Choose planned, open or closed."))
    return _back(ws, f"session-{session_id}")


@bp.post("/workshops/<int:workshop_id>/agenda/sessions/<int:session_id>/move")
@login_required
def agenda_move_session(workshop_id, session_id):
    """One place up or down within its day."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    _session_in(ws, session_id)
    form = MoveForm(meta={"csrf": False})
    if form.validate():
        try:
            rules.move_session(get_db(), actor(), ws, session_id, form.direction.data)
        except DomainError as e:
            flash(e.message)
    else:
        flash(_("Choose up or down."))
    return _back(ws, f"session-{session_id}")


@bp.post("/workshops/<int:workshop_id>/agenda/sessions/<int:session_id>/delete")
@login_required
def agenda_delete_session(workshop_id, session_id):
    """After the confirmation in the page; an open session must be closed first."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    row = _session_in(ws, session_id)
    try:
        rules.delete_session(get_db(), actor(), ws, session_id)
    except DomainError as e:
        flash(e.message)
        return _back(ws, f"session-{session_id}")
    flash(_("Session deleted: %(title)s", title=row["title"]))
    return _back(ws, f"day-{row['day']}")


@bp.post("/workshops/<int:workshop_id>/agenda/days/<int:number>")
@login_required
def agenda_stage(workshop_id, number):
    """No-JavaScript twin of PATCH /api/v1/workshops/{id}/days/{number}."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    agenda.get_day(get_db(), ws["id"], number)
    form = day_form(number, formdata=request.form)
    if not form.validate():
        return render_agenda(ws, 422, stage_forms={number: form})
    rules.update_day(get_db(), actor(), ws, number, form.stage.data)
    flash(_("Stage of day %(n)s saved.", n=number))
    return _back(ws, f"day-{number}")
