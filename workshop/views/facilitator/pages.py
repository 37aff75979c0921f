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
from ...forms import LoginForm, WorkshopForm
from ...i18n import safe_next
from ...store import accounts, workshops
from ..access import public_workshop, workshop_for
from ..api.workshops import broadcast_workshop_changed
from . import bp


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
    fields["starts_on"] = fields["starts_on"].isoformat()
    template = fields.pop("template") or "bimtek-smart-city"
    workshop = workshops.create_workshop(get_db(), principal.id, fields, template=template)
    broadcast_workshop_changed(workshop)
    flash(_("Workshop created. Join code: %(code)s", code=workshop["code"]))
    current_app.logger.info("workshop %s created by %s", workshop["id"], principal.name)
    return redirect(url_for(".dashboard"))


@bp.get("/workshops/<int:workshop_id>")
@login_required
def workshop(workshop_id):
    """One workshop: facts, join code, agenda, roster and participants."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    return render_template("facilitator/workshop.html", workshop=public_workshop(ws, True))
