"""The participant's session page: the proposal form, "Usulan saya" and the wall.

Every form works without JavaScript (post/redirect/get with a flash, or the page again with
the field errors and 422, 409 or 429). With JavaScript, static/js/proposals.js sends the same
form to the JSON API through an offline outbox and follows the idea_* pushes. Both paths call
the same rules (workshop/rules/ideas.py), so they cannot drift apart.
"""

import uuid

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...auth import DEVICE_COOKIE, current_principal
from ...db import get_db
from ...forms.agenda import kind_labels
from ...forms.ideas import IDEA_DESCRIPTION_MAX, IDEA_PROBLEM_MAX, IDEA_TITLE_MAX, IdeaForm
from ...forms.programmes import INDICATORS_MAX, from_formdata
from ...rules import DomainError, FieldError
from ...rules import ideas as rules
from ...rules import programmes as programme_rules
from ...store import NotFound, ideas, programmes, roster
from ...templating import idr
from ..access import session_in_reach
from ..labels import dimensions_with_elements
from .blueprint import bp

# Suggestions of the funding-source field (people may type anything else).
FUNDING_SUGGESTIONS = ("APBD", "APBN", "CSR", "KPBU", "Swasta", "Komunitas")


def participant_only():
    """(principal, None) for a joined participant, else (None, a redirect to the join page)."""
    principal = current_principal()
    if principal.kind == "participant":
        return principal, None
    response = redirect(url_for(".join"))
    if request.cookies.get(DEVICE_COOKIE):
        response.delete_cookie(DEVICE_COOKIE)  # a revoked or unknown device starts again
    return None, response


def idea_form(workshop_id, formdata=None, data=None):
    """IdeaForm checked against this workshop (CSRF was checked before the view ran)."""
    return IdeaForm(
        formdata=formdata,
        data=data,
        meta={"csrf": False},
        **rules.form_kwargs(get_db(), workshop_id),
    )


def page_texts():
    """Words proposals.js shows (translated here, passed as data-texts)."""
    return {
        "sent": _("Received"),
        "waiting": _("Waiting to be sent"),
        "sending": _("Sending…"),
        "newProposal": _("New proposal"),
        "sentTitle": _("Proposal sent: %(title)s", title="{title}"),
        "unreadable": _("This amount cannot be read yet."),
        "pending": _("Received · waiting for approval"),
        "attention": _("Needs attention — not sent"),
        "closed": _("Not sent — the session is closed"),
        "refused": _("Not sent"),
        "by": _("By %(who)s", who="{who}"),
        "budget": _("Budget: %(amount)s", amount="{amount}"),
        "offline": _(
            "Connection lost. Your proposals are saved on this device and will be sent"
            " automatically."
        ),
        "server": _(
            "The server did not answer. Your proposals are saved on this device and will be"
            " sent again automatically."
        ),
        "closedCopy": _(
            "Proposal collection closed before this proposal reached the server. Copy the"
            " text if you need it, then remove it."
        ),
        "draftClosed": _("Your unsent draft:"),
        "queued": _("Saved on this device; it will be sent automatically."),
        "editOffline": _("Changes cannot be saved while offline. Try again when connected."),
        "withdrawn": _("Proposal withdrawn."),
        "saved": _("Changes saved."),
        "allOpds": _("All OPDs (%(n)s)", n="{n}"),
        "titleRequired": _("The title is required (max. %(max)d characters).", max=IDEA_TITLE_MAX),
        "dimensionRequired": _("Choose a dimension."),
        "tooLong": _("At most %(max)s characters.", max="{max}"),
        "budgetHint": _("Write the budget like 1.500.000, 1,5 jt or 2 M (whole rupiah)."),
        "chooseDimensionFirst": _("(choose a dimension first)"),
        "notSet": _("(not set)"),
        "notOpen": _(
            "Proposal collection has not opened yet. This page updates by itself when the"
            " facilitator opens it."
        ),
        "closedNow": _("Proposal collection for this session is closed."),
        "statusOpen": _("Open"),
        "statusClosed": _("Closed"),
        "statusPlanned": _("Not open yet"),
    }


def budget_text(form):
    """What the budget box shows: the text as typed, or a stored amount as 1.500.000."""
    field = form.budget_idr
    if field.raw_data:
        return field.raw_data[0]
    return idr(field.data) if field.data is not None else ""


def program_input(workshop, session, form, row=None):
    """(values, errors) of the posted programme fields; nothing unless the session shows them."""
    if not session.get("program_fields"):
        return {}, {}
    try:
        values = programme_rules.clean(
            get_db(),
            workshop["id"],
            from_formdata(request.form),
            row=row,
            responsible_opd_id=form.responsible_opd_id.data,
        )
    except FieldError as e:
        return {}, e.fields
    return values, {}


def program_shown(edit=None):
    """What the programme fields show: the post being corrected, the proposal being edited."""
    if request.method == "POST":
        data = from_formdata(request.form)
        data["supporting_opd_ids"] = [
            int(v) for v in data["supporting_opd_ids"] if str(v).isdigit()
        ]
        return data
    return programmes.program_view(edit) if edit is not None else {}


def render_session(
    principal,
    workshop,
    session,
    form=None,
    status=200,
    edit=None,
    error=None,
    program_errors=None,
):
    """The page; a form passed in (with its errors) replaces the blank one."""
    db = get_db()
    settings = rules.settings_of(session)
    dims = dimensions_with_elements(workshop["id"])
    opds = roster.list_opds(db, workshop["id"])
    rows = ideas.list_ideas(
        db, session_id=session["id"], statuses=ideas.PUBLIC_STATUSES, participant_id=principal.id
    )
    cards = [
        dict(ideas.public_idea(r, settings["authorship"]), mine=r["participant_id"] == principal.id)
        for r in rows
    ]
    wall = [c for c in cards if c["status"] == "visible"]
    counts = {"dimension": {}, "opd": {}}
    for c in wall:
        counts["dimension"][c["dimension"]] = counts["dimension"].get(c["dimension"], 0) + 1
        if c["opd_id"]:
            counts["opd"][c["opd_id"]] = counts["opd"].get(c["opd_id"], 0) + 1
    chosen_dim = request.args.get("dimension", "")
    chosen_opd = request.args.get("opd", "")
    shown = [
        c
        for c in wall
        if (not chosen_dim or c["dimension"] == chosen_dim)
        and (not chosen_opd or str(c["opd_id"]) == chosen_opd)
    ]
    if form is None:
        if edit is not None:
            form = idea_form(workshop["id"], data={k: edit[k] for k in ideas.CONTENT_FIELDS})
        else:
            form = idea_form(workshop["id"], data={"opd_id": principal.opd_id})
    if not form.client_id.data and edit is None:
        form.client_id.data = str(uuid.uuid4())  # a double submit replays, never duplicates
    return render_template(
        "participant/session.html",
        workshop=workshop,
        session=session,
        principal=principal,
        settings=settings,
        kind_label=kind_labels().get(session["kind"], session["kind"]),
        dimensions=dims,
        dimension_names={d["key"]: d["label"] for d in dims},
        element_names={d["key"]: {e["key"]: e["label"] for e in d["elements"]} for d in dims},
        opds=opds,
        opd_codes={o["id"]: o["code"] for o in opds},
        ideas=cards,
        mine=[c for c in reversed(cards) if c["mine"]],
        wall=list(reversed(shown)),
        wall_total=len(wall),
        counts=counts,
        chosen_dim=chosen_dim,
        chosen_opd=chosen_opd,
        form=form,
        budget_value=budget_text(form),
        edit=edit,
        error=error,
        funding_suggestions=FUNDING_SUGGESTIONS,
        limits={
            "title": IDEA_TITLE_MAX,
            "description": IDEA_DESCRIPTION_MAX,
            "problem": IDEA_PROBLEM_MAX,
            "indicators": INDICATORS_MAX,
        },
        program_values=program_shown(edit),
        program_errors=program_errors or {},
        texts=page_texts(),
    ), status


def own_idea(principal, session, idea_id):
    """The participant's own proposal of this session that is still theirs to change."""
    row = ideas.get_idea(get_db(), idea_id, session["workshop_id"])
    if (
        row["session_id"] != session["id"]
        or row["participant_id"] != principal.id
        or row["status"] not in ("visible", "pending")
    ):
        raise NotFound("idea")
    return row


def content_of(form, session):
    """The proposal's fields from a validated form: title, dimension, the enabled extras."""
    enabled = rules.settings_of(session)["fields"]
    return {
        name: form[name].data
        for name in ideas.CONTENT_FIELDS
        if name in ("title", "dimension") or name in enabled
    }


def back(session, anchor="mine"):
    return redirect(url_for(".session_page", session_id=session["id"], _anchor=anchor))


@bp.route("/w/s/<int:session_id>", methods=["GET", "POST"])
def session_page(session_id):
    """A session for participants; POST is the no-JavaScript twin of submitting a proposal."""
    principal, away = participant_only()
    if away:
        return away
    workshop, session = session_in_reach(session_id)
    if session["kind"] == "worksheet":
        # A worksheet has its own page and forms (worksheets.py imports this module).
        from . import worksheets  # noqa: PLC0415

        if request.method == "GET":
            return worksheets.worksheet_get(principal, workshop, session)
        return worksheets.submit_entry(session_id)
    if session["kind"] == "qa":
        # Questions to a speaker have their own page (questions.py imports this module).
        from . import questions  # noqa: PLC0415

        if request.method == "GET":
            return questions.qa_get(principal, workshop, session)
        return questions.ask_form(session_id)
    if request.method == "GET":
        edit = None
        if request.args.get("edit", "").isdigit() and session["status"] == "open":
            try:
                edit = own_idea(principal, session, int(request.args["edit"]))
            except NotFound:
                edit = None
        return render_session(principal, workshop, session, edit=edit)
    form = idea_form(workshop["id"], formdata=request.form)
    valid = form.validate()
    program, program_errors = program_input(workshop, session, form)
    if not valid or program_errors:
        return render_session(
            principal, workshop, session, form, 422, program_errors=program_errors
        )
    fields = {name: form[name].data for name in ideas.CONTENT_FIELDS} | program
    try:
        row, is_new = rules.submit(
            get_db(), principal, session["id"], fields, form.client_id.data or None
        )
    except DomainError as e:
        return render_session(principal, workshop, session, form, e.status, error=e.message)
    if not is_new:
        flash(_("This proposal had already arrived; it was not sent twice."))
    elif row["status"] == "pending":
        flash(_("Proposal sent. It appears on the wall once a facilitator approves it."))
    else:
        flash(_("Proposal sent: %(title)s", title=row["title"]))
    return back(session)


@bp.post("/w/s/<int:session_id>/ideas/<int:idea_id>")
def edit_proposal(session_id, idea_id):
    """No-JavaScript twin of PATCH /api/v1/ideas/{id} by its author while the session is open."""
    principal, away = participant_only()
    if away:
        return away
    workshop, session = session_in_reach(session_id)
    row = own_idea(principal, session, idea_id)
    form = idea_form(workshop["id"], formdata=request.form)
    try:
        rules.check_editable(principal, row, session)
        valid = form.validate()
        program, program_errors = program_input(workshop, session, form, row)
        if not valid or program_errors:
            return render_session(
                principal, workshop, session, form, 422, edit=row, program_errors=program_errors
            )
        rules.edit_own(get_db(), principal, idea_id, content_of(form, session) | program)
    except DomainError as e:
        return render_session(
            principal, workshop, session, form, e.status, edit=row, error=e.message
        )
    flash(_("Changes saved."))
    return back(session, f"idea-{idea_id}")


@bp.post("/w/s/<int:session_id>/ideas/<int:idea_id>/withdraw")
def withdraw_proposal(session_id, idea_id):
    """No-JavaScript twin of DELETE /api/v1/ideas/{id}: the author takes a proposal back."""
    principal, away = participant_only()
    if away:
        return away
    _workshop, session = session_in_reach(session_id)
    own_idea(principal, session, idea_id)
    try:
        rules.withdraw(get_db(), principal, idea_id)
    except DomainError as e:
        flash(e.message)
        return back(session)
    flash(_("Proposal withdrawn."))
    return back(session)
