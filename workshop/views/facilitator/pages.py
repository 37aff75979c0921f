"""Facilitator pages: login, the workshop list, creating a workshop, the workshop hub."""

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from ...auth import current_principal, login_limited, login_required, record_login
from ...db import get_db
from ...forms.accounts import FacilitatorAddForm, LoginForm
from ...forms.workshops import StageForm, WorkshopForm
from ...i18n import safe_next
from ...rules import DomainError
from ...rules import workshops as rules
from ...store import accounts, agenda, opds, participants, workshops
from ..access import public_workshop, workshop_for
from ..payloads import place_errors, validate, validate_list
from .blueprint import bp


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Username and password; repeated failures lock the pair out for a while."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        address = request.remote_addr or "?"
        locked, retry_after = login_limited(form.username.data, address)
        user = None
        if locked:
            form.password.errors = [
                _("Too many failed logins. Try again in %(s)d seconds.", s=retry_after)
            ]
            status = 429
        else:
            user = accounts.authenticate(get_db(), form.username.data, form.password.data)
            record_login(form.username.data, address, ok=user is not None)
            if user is None:
                form.password.errors = [_("Wrong username or password.")]
                status = 401
        if user is not None:
            session.clear()
            session["facilitator_id"] = user["id"]
            session.permanent = True
            return redirect(safe_next(request.args.get("next"), url_for(".dashboard")))
    elif request.method == "POST":
        status = 422
    return render_template("facilitator/login.html", form=form), status


@bp.post("/logout")
def logout():
    """Forget the session (POST with CSRF, so a link elsewhere cannot log you out)."""
    session.clear()
    flash(_("You are logged out."))
    return redirect(url_for(".login"))


@bp.get("/workshops")
@login_required
def dashboard():
    """The facilitator's workshops, updated live when a co-facilitator changes one."""
    principal = current_principal()
    rows = workshops.list_workshops(get_db(), principal.id, principal.is_admin)
    return render_template(
        "facilitator/dashboard.html",
        workshops=[public_workshop(w, True) for w in rows],
        form=WorkshopForm(),
    )


@bp.post("/workshops")
@login_required
def create_workshop():
    """The HTML form twin of POST /api/v1/workshops (same WorkshopForm)."""
    form = WorkshopForm()
    principal = current_principal()
    if not form.validate():
        rows = workshops.list_workshops(get_db(), principal.id, principal.is_admin)
        return render_template(
            "facilitator/dashboard.html",
            workshops=[public_workshop(w, True) for w in rows],
            form=form,
        ), 422
    fields = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    workshop = rules.create(get_db(), principal.id, fields)
    flash(_("Workshop created. Join code: %(code)s", code=workshop["code"]))
    current_app.logger.info("workshop %s created by %s", workshop["id"], principal.name)
    return redirect(url_for(".dashboard"))


# Rows of the stages form on the workshop page (the most a workshop may have).
STAGE_ROWS = workshops.MAX_STAGES
STAGE_FIELDS = ("name", "starts_on", "days")


def _stage_form(ws, posted=None, errors=None):
    """The stages form's rows (what was posted, else the stored stages) and its messages."""
    if posted is None:
        stored = workshops.stages_of(ws)
        posted = {
            "rows": [{k: str(stage[k]) for k in STAGE_FIELDS} for stage in stored],
            "open_between_until": ws.get("open_between_until") or "",
        }
    rows = posted["rows"] + [dict.fromkeys(STAGE_FIELDS, "")] * STAGE_ROWS
    return {
        "rows": rows[:STAGE_ROWS],
        "open_between_until": posted["open_between_until"],
        "errors": errors or {},
    }


# The workshop form's fields the hub's "document settings" form shows (time zone, period).
DOCUMENT_FIELDS = ("timezone", "period_start", "period_end")


def document_form(ws=None, formdata=None):
    """The document settings form (WorkshopForm's fields for the export, prefixed "doc")."""
    data = {k: ws.get(k) for k in DOCUMENT_FIELDS} if ws is not None else None
    form = WorkshopForm(formdata=formdata, data=data, prefix="doc", meta={"csrf": False})
    for name in list(form._fields):
        if name not in DOCUMENT_FIELDS:
            delattr(form, name)
    return form


def _overview(ws, form=None, status=200, stage_form=None, settings=None):
    db = get_db()
    return render_template(
        "facilitator/workshop.html",
        workshop=public_workshop(ws, True),
        facilitators=workshops.list_workshop_facilitators(db, ws["id"]),
        stage_form=stage_form or _stage_form(ws),
        viewer=current_principal().is_viewer,
        settings_form=settings or document_form(ws),
        form=form or FacilitatorAddForm(),
        counts={
            "sessions": len(agenda.list_sessions(db, ws["id"])),
            "opds": len(opds.list_opds(db, ws["id"])),
            "participants": len(participants.list_participants(db, ws["id"])),
        },
    ), status


@bp.get("/workshops/<int:workshop_id>")
@login_required
def workshop(workshop_id):
    """One workshop: facts, join code, facilitators, and the way to its other pages."""
    return _overview(workshop_for(workshop_id, facilitator_only=True))


@bp.post("/workshops/<int:workshop_id>/facilitators")
@login_required
def add_facilitator(workshop_id):
    """Add a co-facilitator by username (the account must exist)."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    form = FacilitatorAddForm()
    if form.validate():
        try:
            account, _added = rules.add_facilitator(
                get_db(), ws, form.username.data, current_principal().id
            )
        except DomainError as e:
            place_errors(form, e)
        else:
            flash(_("%(name)s can now run this workshop.", name=account["username"]))
            return redirect(url_for(".workshop", workshop_id=workshop_id))
    return _overview(ws, form, 422)


@bp.post("/workshops/<int:workshop_id>/document-settings")
@login_required
def document_settings(workshop_id):
    """No-JavaScript twin of PATCH /api/v1/workshops/{id} for the time zone and the planning
    period (the same WorkshopForm fields and rule)."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    form = document_form(formdata=request.form)
    if form.validate():
        try:
            changes = {name: field.data for name, field in form._fields.items()}
            rules.update(get_db(), workshop_id, changes, current_principal().id)
        except DomainError as e:
            place_errors(form, e)
        else:
            flash(_("Document settings saved."))
            return redirect(url_for(".workshop", workshop_id=workshop_id) + "#doc-settings")
    return _overview(ws, status=422, settings=form)


@bp.post("/workshops/<int:workshop_id>/code")
@login_required
def regenerate_code(workshop_id):
    """A new join code (the old one stops working; joined devices stay in)."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    ws = rules.replace_code(get_db(), ws["id"], current_principal().id)
    flash(_("New join code: %(code)s", code=ws["code"]))
    return redirect(url_for(".workshop", workshop_id=workshop_id))


@bp.post("/workshops/<int:workshop_id>/stages")
@login_required
def set_stages(workshop_id):
    """The HTML twin of PATCH /api/v1/workshops/{id} with `stages` and `open_between_until`:
    up to four rows (a blank row is no stage); the same form and rules as the API."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    rows = [
        {k: request.form.get(f"stage-{n}-{k}", "").strip() for k in STAGE_FIELDS}
        for n in range(STAGE_ROWS)
    ]
    rows = [r for r in rows if any(r.values())]
    posted = {"rows": rows, "open_between_until": request.form.get("open_between_until", "")}
    try:
        stages = validate_list(StageForm, rows, "stages")
        window = validate(
            WorkshopForm, {"open_between_until": posted["open_between_until"] or None}, partial=True
        ).open_between_until.data
        rules.update(
            get_db(),
            workshop_id,
            {"stages": stages, "open_between_until": window},
            current_principal().id,
        )
    except DomainError as e:  # ApiError (the forms' 422) is one too
        messages = e.fields or {"stages": [e.message]}
        return _overview(ws, stage_form=_stage_form(ws, posted, messages), status=e.status)
    flash(_("Stages saved."))
    return redirect(url_for(".workshop", workshop_id=workshop_id) + "#stages-heading")
