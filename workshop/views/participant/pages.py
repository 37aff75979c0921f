"""Participant pages: join by code or QR (or by a link code from one's own first device), then
the workshop home on phone or laptop, where a link code for another device can be shown."""

import datetime

from flask import Response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...auth import DEVICE_COOKIE, current_principal
from ...db import get_db
from ...forms.agenda import purpose_labels
from ...forms.participants import JoinForm, LinkJoinForm
from ...rules import DomainError
from ...rules import participants as rules
from ...store import agenda, opds, participants, workshops
from ..joining import (
    current_device_id,
    join_as,
    join_url,
    join_with_link_code,
    qr_svg,
    set_device_cookie,
    workshop_for_code,
)
from ..payloads import place_errors
from . import polls as ballot_pages
from .blueprint import bp
from .followup import follow_up_context


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
    return _join_page(form, step="code"), status


def _join_page(form, link_form=None, **context):
    """The join page; every step also offers joining with a link code."""
    return render_template(
        "participant/join.html", form=form, link_form=link_form or LinkJoinForm(), **context
    )


@bp.post("/join/link")
def join_link():
    """No-JavaScript twin of POST /api/v1/join `{"link_code"}`: this device joins as the
    person whose first device shows the code (wrong codes count like wrong join codes)."""
    link_form = LinkJoinForm()
    status = 422
    if link_form.validate():
        try:
            _participant, token = join_with_link_code(link_form.link_code.data)
        except DomainError as e:
            link_form.link_code.errors = [e.message]
            status = e.status
        else:
            return set_device_cookie(redirect(url_for(".home")), token)
    return _join_page(JoinForm(formdata=None), link_form, step="code"), status


@bp.route("/j/<code>", methods=["GET", "POST"])
def join_code(code):
    """Step 2 (also the QR target): name and OPD. A returning device goes straight in."""
    form = JoinForm()
    try:
        workshop = workshop_for_code(code)
    except DomainError as e:
        form.code.data = code
        form.code.errors = [e.message]
        return _join_page(form, step="code"), e.status
    if already_in(workshop):
        return redirect(url_for(".home"))
    form.code.data = workshop["code"]
    roster = opds.list_opds(get_db(), workshop["id"])
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                _participant, token = join_as(workshop, form.name.data, form.opd_id.data)
            except DomainError as e:
                leftover = place_errors(form, e)
                if leftover:  # e.g. too many joins from this device: said beside the name
                    form.name.errors = [*form.name.errors, leftover]
                status = e.status
            else:
                response = redirect(url_for(".home"))
                return set_device_cookie(response, token)
        else:
            status = 422
    return _join_page(form, step="details", workshop=workshop, opds=roster), status


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
        return _back_to_join()
    return _home(principal)


@bp.post("/w/link")
def link_device():
    """No-JavaScript twin of POST /api/v1/me/link: the home page showing a fresh link code."""
    principal = current_principal()
    if principal.kind != "participant":
        return _back_to_join()
    link = rules.new_link_code(get_db(), principal.id, current_device_id())
    return _home(principal, link)


def _back_to_join():
    response = redirect(url_for(".join"))
    if request.cookies.get(DEVICE_COOKIE):
        # A revoked or unknown device: start again, with a word about why.
        response.delete_cookie(DEVICE_COOKIE)
    return response


def _home(principal, link=None):
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
        purposes=purpose_labels(),
        polls=ballot_pages.open_polls(db, workshop["id"], principal),
        poll_methods=ballot_pages.method_labels(),
        link=link,
        **follow_up_context(db, workshop, principal),
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
        "worksheet": _("Worksheet"),
        "qa": _("Questions to a speaker"),
    }
