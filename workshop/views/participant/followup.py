"""'Tindak lanjut OPD saya' (issue 17): the participant's OPD's programmes and action items,
what is due, the latest report, and a report form per item — on the home page (through
pages.py) and on its own page. The form posts here without JavaScript (the same rule and form
as POST /api/v1/ideas|notes/{id}/progress); static/js/followup.js sends it to the API through
the offline outbox instead.
"""

import uuid

from flask import redirect, render_template, request, url_for

from ...auth import current_principal
from ...db import get_db
from ...forms.progress import ProgressForm
from ...rules import DomainError
from ...rules import progress as rules
from ...store import NotFound, ideas, notes, workshops
from ..payloads import form_data
from .blueprint import bp

# Which stored item a report form names (the URL's `target`).
TARGETS = ("idea", "note")


def follow_up_context(db, workshop, principal, fu_errors=None, fu_values=None, saved=False):
    """What templates/participant/_followup.html needs (home and the follow-up page)."""
    return {
        "fu": rules.follow_up(db, workshop, principal.opd_id),
        "fu_errors": fu_errors or {},
        "fu_values": fu_values or {},
        "can_report": True,
        "saved": saved,
        "new_client_id": lambda: str(uuid.uuid4()),
    }


def _page(principal, status=200, **context):
    db = get_db()
    workshop = workshops.get_workshop(db, principal.workshop_id)
    return (
        render_template(
            "participant/followup.html",
            workshop=workshop,
            **follow_up_context(db, workshop, principal, **context),
        ),
        status,
    )


@bp.get("/w/tindak-lanjut")
def followup_page():
    """The follow-up list on its own page (the home shows the same section)."""
    principal = current_principal()
    if principal.kind != "participant":
        return redirect(url_for(".join"))
    return _page(principal, saved=request.args.get("saved") == "1")


@bp.post("/w/tindak-lanjut/<target>/<int:target_id>")
def report_progress(target, target_id):
    """No-JavaScript twin of POST /api/v1/{ideas|notes}/{id}/progress: a refused report comes
    back with its messages beside the fields; a stored one returns to the list."""
    principal = current_principal()
    if principal.kind != "participant":
        return redirect(url_for(".join"))
    if target not in TARGETS:
        return _page(principal, 404)
    db = get_db()
    try:
        row = (ideas.get_idea if target == "idea" else notes.get_note)(db, target_id)
    except NotFound:
        return _page(principal, 404)
    if row["workshop_id"] != principal.workshop_id:
        return _page(principal, 404)
    form = ProgressForm()
    values = {k: request.form.get(k, "") for k in ("percent", "status", "note", "evidence_url")}
    if not form.validate():
        errors = {name: list(msgs) for name, msgs in form.errors.items() if name != "csrf_token"}
        if "csrf_token" in form.errors:
            errors["_form"] = list(form.errors["csrf_token"])
        return _page(
            principal,
            422,
            fu_errors={(target, target_id): errors},
            fu_values={(target, target_id): values},
        )
    data = form_data(form)
    data.pop("csrf_token", None)
    client_id = data.pop("client_id", None) or None
    try:
        rules.report(db, principal, target, target_id, data, client_id)
    except DomainError as e:
        errors = {name: list(msgs) for name, msgs in (e.fields or {}).items()}
        if not e.fields:
            errors["_form"] = [e.message]
        return _page(
            principal,
            e.status,
            fu_errors={(target, target_id): errors},
            fu_values={(target, target_id): values},
        )
    return redirect(url_for(".followup_page", saved=1, _anchor=f"fu-{target}-{target_id}"))
