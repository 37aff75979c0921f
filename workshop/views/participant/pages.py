"""Participant pages: join by code or QR, then the workshop home on phone or laptop."""

import datetime

from flask import Response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...auth import DEVICE_COOKIE, current_principal
from ...db import get_db
from ...forms.participants import JoinForm
from ...rules import DomainError
from ...rules import participants as rules
from ...store import agenda, opds, participants, workshops
from ..joining import device_label, join_url, qr_svg, set_device_cookie, workshop_for_code
from ..payloads import place_errors
from . import polls as ballot_pages
from .blueprint import bp


def already_in(workshop):
    """True when this browser's device token belongs to a participant of this workshop."""
    principal = current_principal()
    return principal.kind == "participant" and principal.workshop_id == workshop["id"]


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Step 1: the code (typed as people read it: spaces and lowercase are fine)."""
    form = JoinForm()
    status = 200
    if request.method == "POST":
        form.code.validate(form)
        if not form.code.errors:
            try:
                workshop = workshop_for_code(form.code.data)
            except DomainError as e:
                form.code.errors = [e.message]
                status = e.status
            else:
                return redirect(url_for(".join_code", code=workshop["code"]))
        else:
            status = 422
    return render_template("participant/join.html", form=form, step="code"), status


@bp.route("/j/<code>", methods=["GET", "POST"])
def join_code(code):
    """Step 2 (also the QR target): name and OPD. A returning device goes straight in."""
    form = JoinForm()
    try:
        workshop = workshop_for_code(code)
    except DomainError as e:
        form.code.data = code
        form.code.errors = [e.message]
        return render_template("participant/join.html", form=form, step="code"), e.status
    if already_in(workshop):
        return redirect(url_for(".home"))
    form.code.data = workshop["code"]
    roster = opds.list_opds(get_db(), workshop["id"])
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                _participant, token = rules.join(
                    get_db(), workshop, form.name.data, form.opd_id.data, device_label()
                )
            except DomainError as e:
                place_errors(form, e)
                status = e.status
            else:
                response = redirect(url_for(".home"))
                return set_device_cookie(response, token)
        else:
            status = 422
    return render_template(
        "participant/join.html", form=form, step="details", workshop=workshop, opds=roster
    ), status


@bp.get("/qr/<code>.svg")
def qr(code):
    """The join QR: the LAN join URL for this code, as SVG; unknown code → 404."""
    workshop = workshop_for_code(code)
    return Response(
        qr_svg(join_url(workshop["code"])),
        mimetype="image/svg+xml",
        headers={"Cache-Control": "no-cache"},
    )


@bp.get("/w")
def home():
    """The participant's home: who they are, today's agenda, what is open now."""
    principal = current_principal()
    if principal.kind != "participant":
        if request.cookies.get(DEVICE_COOKIE):
            # A revoked or unknown device: start again, with a word about why.
            response = redirect(url_for(".join"))
            response.delete_cookie(DEVICE_COOKIE)
            return response
        return redirect(url_for(".join"))
    db = get_db()
    workshop = workshops.get_workshop(db, principal.workshop_id)
    me = participants.get_participant(db, principal.id)
    days = agenda.list_days(db, workshop["id"])
    sessions = agenda.list_sessions(db, workshop["id"])
    return render_template(
        "participant/home.html",
        workshop=workshop,
        me=me,
        days=days,
        sessions=sessions,
        today=today_number(workshop),
        dates={d["number"]: workshops.day_date(workshop, d["number"]) for d in days},
        labels=kind_labels(),
        polls=ballot_pages.open_polls(db, workshop["id"], principal),
        poll_methods=ballot_pages.method_labels(),
    )


def today_number(workshop):
    """Which day of the workshop today is (None outside it)."""
    start = datetime.date.fromisoformat(workshop["starts_on"])
    number = (datetime.date.today() - start).days + 1
    return number if 1 <= number <= workshop["days"] else None


def kind_labels():
    return {
        "talk": _("Talk"),
        "ideas": _("Proposals"),
        "vote": _("Vote"),
        "discussion": _("Discussion"),
    }
