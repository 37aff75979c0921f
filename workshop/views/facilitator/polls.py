"""The polls page of a session ("Pemungutan suara"): create, open, close, results, decisions.

Every control is a plain form posting to a route here (post/redirect/get with a flash, or the
page again with the field errors and 422), so the page works without JavaScript; results are
then a table drawn by the server. With JavaScript, static/js/polls.js sends the same requests
to the JSON API, draws the results with Rembuk.renderResults and keeps them live. Both paths
call the same rules (rules/polls.py: check_criteria, check_idea_ids, create_poll, open_poll,
close_poll, ...), so they accept the same input, record the same audit entries and push the
same events.
"""

import re
import unicodedata

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _

from ...auth import current_principal, login_required
from ...db import get_db
from ...forms.polls import DecisionForm, PollForm
from ...polls.methods import REGISTRY
from ...polls.methods import get as method_of
from ...results import results
from ...rules import DomainError, FieldError, field_error
from ...rules import polls as poll_rules
from ...rules.ballots import ballot_lines
from ...store import NotFound, agenda, ideas, polls, utcnow
from ..access import public_workshop, workshop_for
from ..labels import choice_labels, dimension_names, full_date
from .blueprint import bp

TEMPLATE = "facilitator/polls.html"
# Blank criteria rows the create form offers beyond the filled ones (adding without JavaScript).
SPARE_CRITERIA = 2
# "Close automatically after N minutes": at most a day, like the API's duration_seconds.
MAX_MINUTES = 24 * 60
# Cards on the page: open polls first, then drafts, then closed ones; newest first within.
CARD_ORDER = {"open": 0, "draft": 1, "closed": 2}
CRITERION_ROW = re.compile(r"new-criteria-(\d+)-(key|label|weight)")


# -- Loading ----------------------------------------------------------------------------------


def poll_session(workshop_id, session_id):
    """(workshop, session) for one of the caller's workshops; 404 for anyone else's."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    return ws, agenda.get_session(get_db(), session_id, ws["id"])


def session_poll(session, poll_id):
    """A poll of this session, or 404."""
    db = get_db()
    poll = polls.get_poll(db, poll_id, session["workshop_id"])
    if poll["session_id"] != session["id"]:
        raise NotFound("poll")
    return poll_rules.expire(db, poll)


def method_labels():
    """Method key → its name in the page's language."""
    return choice_labels(PollForm.method)


def status_labels():
    return {"draft": _("Draft"), "open": _("Open"), "closed": _("Closed")}


def number(value):
    """1.234,5 (Indonesian) or 1,234.5 (English)."""
    return format_decimal(value) if value is not None else ""


# -- Who voted what -----------------------------------------------------------------------------


def idea_titles(db, poll, items):
    """Titles of the poll's proposals, merged originals included (old ballots name them)."""
    titles = {r["id"]: r["title"] for r in polls.poll_ideas(db, poll["id"])}
    titles.update({i["id"]: i["title"] for i in items})
    return titles


def who_voted(db, poll, titles):
    """Rows of the "who voted what" table, or None when the poll keeps its voters secret."""
    if poll["anonymous"] and poll["ballot_scope"] != "opd":
        return None
    rows = []
    for ballot in polls.list_ballots(db, poll["id"]):
        rows.append(
            {
                "name": ballot["participant_name"] if poll["ballot_scope"] != "opd" else None,
                "opd_code": ballot["opd_code"] or "",
                "lines": ballot_lines(poll, ballot["body"], titles, number),
            }
        )
    return sorted(rows, key=lambda r: (r["opd_code"].lower(), (r["name"] or "").lower()))


# -- Forms --------------------------------------------------------------------------------------


def slug(label, taken):
    """A criterion key from its label: "Biaya rendah" → biaya_rendah (unique among `taken`)."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:30] or "c"
    if not base[0].isalpha():
        base = "c_" + base
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def weight_value(raw):
    """A typed weight (1, 1,5 or 0.5) as a number; anything else stays text (refused later)."""
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return raw
    return int(value) if value.is_integer() else value


def criteria_from(formdata):
    """(rows as typed, criteria for check_criteria): rows without a label are left out."""
    rows = {}
    for name, value in formdata.items():
        match = CRITERION_ROW.fullmatch(name)
        if match:
            rows.setdefault(int(match[1]), {})[match[2]] = value.strip()
    typed = [rows[n] for n in sorted(rows)]
    criteria, taken = [], {r["key"] for r in typed if r.get("key") and r.get("label")}
    for row in typed:
        if not row.get("label"):
            continue
        key = row.get("key") or slug(row["label"], taken)
        taken.add(key)
        criteria.append(
            {"key": key, "label": row["label"], "weight": weight_value(row.get("weight") or "1")}
        )
    return typed, criteria


def blank_criteria():
    """The five quick-win criteria with weight 1, as form rows."""
    return [{**c, "weight": str(c["weight"])} for c in poll_rules.default_criteria()]


def create_form(session, formdata=None):
    """The "new poll" form; fresh, it proposes a title and the usual settings."""
    data = {
        "title": _("Priorities: %(session)s", session=session["title"]),
        "method": "dots",
        "anonymous": True,
        "results": "live",
        "ballot_scope": "participant",
    }
    if formdata is not None:
        data = None  # what was sent, and only that (a missing field is not silently filled)
    return PollForm(formdata=formdata, data=data, prefix="new", meta={"csrf": False})


def requested_ideas(formdata):
    """Checked proposal ids; a tampered value is reported like the API does."""
    chosen = []
    for raw in formdata.getlist("new-idea_ids"):
        try:
            chosen.append(int(raw))
        except ValueError as e:
            raise field_error("idea_ids", _("Unknown proposal: %(id)s.", id=raw)) from e
    return chosen


def build_poll(ws, session):
    """Validate the create form like POST /sessions/{id}/polls → (fields, idea_ids, state)."""
    form = create_form(session, request.form)
    rows, criteria = criteria_from(request.form)
    state = {"form": form, "criteria": rows, "chosen": [], "errors": {}}
    errors = state["errors"]
    valid = form.validate()
    fields = {name: field.data for name, field in form._fields.items()}
    method = fields.get("method")
    idea_ids = []
    try:
        state["chosen"] = requested_ideas(request.form)
        idea_ids = poll_rules.check_idea_ids(get_db(), ws["id"], session, state["chosen"])
    except DomainError as e:
        errors.update(e.fields)
    if valid:
        # The form shows every method's settings: keep only those of the chosen one.
        if not method_of(method).uses_budget:
            fields["budget"] = None
        if not method_of(method).uses_cap:
            fields["max_per_item"] = None
        poll_rules.with_default_budget(fields)
        try:
            raw = criteria if method == "scores" else None
            fields["criteria"] = poll_rules.check_criteria(method, raw)
            if not errors:
                poll_rules.check_limits(method, fields, idea_ids)
        except DomainError as e:
            errors.update(e.fields)
    for name, messages in errors.items():
        if name in form._fields:
            form[name].errors = list(messages)
    if not valid or errors:
        return None, None, state
    return fields, idea_ids, state


def decision_form(poll_id, formdata=None):
    return DecisionForm(formdata=formdata, prefix=f"d{poll_id}", meta={"csrf": False})


def minutes_from(raw):
    """ "5" → 300 seconds; "" → None; anything else → ValueError with the message to show."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_MINUTES:
        raise ValueError(
            _("Enter whole minutes from 1 to %(max)d, or leave empty.", max=MAX_MINUTES)
        )
    return int(raw) * 60


# -- Rendering ----------------------------------------------------------------------------------


def poll_card(db, poll, open_error=None, decision=None):
    """Everything one poll's card shows."""
    card = poll_rules.public_poll(db, poll)
    titles = idea_titles(db, poll, card["ideas"])
    card["titles"] = {str(k): v for k, v in titles.items()}
    card["settings_words"] = method_of(poll["method"]).settings_words(poll)
    card["results_data"] = results(db, poll) if poll["status"] != "draft" else None
    card["votes"] = who_voted(db, poll, titles)
    card["decisions"] = polls.list_decisions(db, poll["id"])
    card["open_error"] = open_error
    card["decision_form"] = decision or decision_form(poll["id"])
    ranks = {}
    if card["results_data"]:
        ranks = {i["idea_id"]: i for i in card["results_data"]["items"]}
        card["opd_voted"] = sum(1 for o in card["results_data"]["by_opd"] if o["voters"])
    # Proposals to decide on, best first once there are results.
    card["choices"] = sorted(
        card["ideas"], key=lambda i: ranks[i["id"]]["rank"] if i["id"] in ranks else 0
    )
    card["rank_of"] = {k: (v["rank"], v["tied"]) for k, v in ranks.items()}
    return card


def idea_groups(db, ws, session):
    """Visible proposals of the workshop by session, in agenda order; this session's first."""
    by_session = {}
    for row in ideas.list_ideas(db, workshop_id=ws["id"], statuses=("visible",)):
        by_session.setdefault(row["session_id"], []).append(row)
    groups = []
    for s in agenda.list_sessions(db, ws["id"]):
        if s["id"] in by_session or s["id"] == session["id"]:
            groups.append({"session": s, "ideas": by_session.get(s["id"], [])})
    groups.sort(key=lambda g: g["session"]["id"] != session["id"])
    return groups


def render_polls(ws, session, status=200, create=None, open_errors=None, decisions=None):
    """The page; a form passed in (with its errors) replaces the blank one."""
    db = get_db()
    names = dimension_names(ws["id"], db)
    open_errors, decisions = open_errors or {}, decisions or {}
    rows = [poll_rules.expire(db, p) for p in polls.list_polls(db, session_id=session["id"])]
    rows.sort(key=lambda p: (CARD_ORDER[p["status"]], -p["id"]))
    cards = [poll_card(db, p, open_errors.get(p["id"]), decisions.get(p["id"])) for p in rows]
    groups = idea_groups(db, ws, session)
    if create is None:
        create = {
            "form": create_form(session),
            "criteria": blank_criteria(),
            "chosen": [i["id"] for i in groups[0]["ideas"]] if groups else [],
            "errors": {},
        }
    create["criteria"] = list(create["criteria"]) + [{}] * SPARE_CRITERIA
    described = agenda.agenda_session(db, session["id"], ws)
    return render_template(
        TEMPLATE,
        workshop=public_workshop(ws, True),
        session=described,
        day_label=full_date(described["date"]),
        polls=cards,
        create=create,
        groups=groups,
        dimensions=names,
        methods=method_labels(),
        statuses=status_labels(),
        defaults={**poll_rules.DEFAULT_BUDGET},
        # Which methods use the budget and the per-item cap (the form shows those fields).
        budget_methods=[k for k, m in REGISTRY.items() if m.uses_budget],
        cap_methods=[k for k, m in REGISTRY.items() if m.uses_cap],
        max_minutes=MAX_MINUTES,
        server_now=utcnow(),
        number=number,
    ), status


def back(ws, session, poll_id=None):
    return redirect(
        url_for(
            ".polls",
            workshop_id=ws["id"],
            session_id=session["id"],
            _anchor=f"poll-{poll_id}" if poll_id else None,
        )
    )


# -- Routes -------------------------------------------------------------------------------------


@bp.get("/workshops/<int:workshop_id>/sessions/<int:session_id>/polls", endpoint="polls")
@login_required
def polls_page(workshop_id, session_id):
    """The session's polls with live results, and the form for a new one."""
    ws, session = poll_session(workshop_id, session_id)
    return render_polls(ws, session)


@bp.post("/workshops/<int:workshop_id>/sessions/<int:session_id>/polls")
@login_required
def polls_create(workshop_id, session_id):
    """No-JavaScript twin of POST /api/v1/sessions/{id}/polls (a draft)."""
    ws, session = poll_session(workshop_id, session_id)
    fields, idea_ids, state = build_poll(ws, session)
    if fields is None:
        return render_polls(ws, session, 422, create=state)
    poll = poll_rules.create_poll(get_db(), session, fields, idea_ids, current_principal().id)
    flash(_("Poll created (draft): %(title)s", title=poll["title"]))
    return back(ws, session, poll["id"])


@bp.post("/workshops/<int:workshop_id>/sessions/<int:session_id>/polls/<int:poll_id>/open")
@login_required
def polls_open(workshop_id, session_id, poll_id):
    """No-JavaScript twin of POST /api/v1/polls/{id}/open (also re-opens a closed poll)."""
    ws, session = poll_session(workshop_id, session_id)
    poll = session_poll(session, poll_id)
    try:
        seconds = minutes_from(request.form.get(f"o{poll_id}-minutes"))
    except ValueError as e:
        return render_polls(ws, session, 422, open_errors={poll_id: str(e)})
    try:
        poll = poll_rules.open_poll(get_db(), poll, current_principal().id, seconds)
    except DomainError as e:
        flash(e.message)
        return back(ws, session, poll_id)
    flash(_("Voting is open: %(title)s", title=poll["title"]))
    return back(ws, session, poll_id)


@bp.post("/workshops/<int:workshop_id>/sessions/<int:session_id>/polls/<int:poll_id>/close")
@login_required
def polls_close(workshop_id, session_id, poll_id):
    """No-JavaScript twin of POST /api/v1/polls/{id}/close (freezes the results)."""
    ws, session = poll_session(workshop_id, session_id)
    poll = session_poll(session, poll_id)
    try:
        poll = poll_rules.close_poll(get_db(), poll, current_principal().id)
    except DomainError as e:
        flash(e.message)
        return back(ws, session, poll_id)
    flash(_("Voting is closed: %(title)s", title=poll["title"]))
    return back(ws, session, poll_id)


@bp.post("/workshops/<int:workshop_id>/sessions/<int:session_id>/polls/<int:poll_id>/decisions")
@login_required
def polls_decide(workshop_id, session_id, poll_id):
    """No-JavaScript twin of POST /api/v1/polls/{id}/decisions."""
    ws, session = poll_session(workshop_id, session_id)
    poll = session_poll(session, poll_id)
    form = decision_form(poll_id, request.form)
    if not form.validate():
        return render_polls(ws, session, 422, decisions={poll_id: form})
    try:
        poll_rules.record_decision(
            get_db(),
            poll,
            form.idea_id.data,
            form.label.data,
            form.reason.data,
            current_principal().id,
        )
    except FieldError as e:
        form.idea_id.errors = e.fields["idea_id"]
        return render_polls(ws, session, 422, decisions={poll_id: form})
    flash(_("Decision recorded."))
    return back(ws, session, poll_id)
