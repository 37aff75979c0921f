"""The page "Program dan prioritas" (issue 15): per dimension, which poll ranks its
programmes (chosen here, or what the rule picks), and the chosen quick wins, marked from the
quick-win polls' results or taken off again.

Every control is a plain form (post/redirect/get with a flash; the page again with the
message beside its field and 422); the same rules as the JSON API (rules/priorities.py,
rules/programmes.py).
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...auth import current_principal, login_required
from ...db import get_db
from ...forms.programmes import QuickWinForm
from ...polls.methods import labels as method_labels
from ...results import results
from ...rules import DomainError, FieldError
from ...rules import priorities as priority_rules
from ...rules import programmes as rules
from ...store import agenda, ideas, polls
from ..access import public_workshop, workshop_for
from ..labels import dimensions_with_elements
from .blueprint import bp

PAGE = "/workshops/<int:workshop_id>/programmes"


def programmes_of(db, workshop_id):
    """The visible programmes of the workshop (ideas of `programs` sessions), by id."""
    listed = agenda.list_sessions(db, workshop_id)
    sessions = {s["id"] for s in listed if s["purpose"] == "programs"}
    return {
        r["id"]: r
        for r in ideas.list_ideas(db, workshop_id=workshop_id, statuses=("visible",))
        if r["session_id"] in sessions
    }


def priority_rows(db, ws, all_polls, programmes):
    """Per dimension: its name, how many programmes, the poll chosen or picked, the options."""
    names = {d["key"]: d["label"] for d in dimensions_with_elements(ws["id"], db)}
    methods = method_labels()
    by_id = {p["id"]: p for p in all_polls}
    rows = []
    for item in priority_rules.overview(db, ws["id"]):
        key = item["dimension"]
        total = sum(1 for r in programmes.values() if r["dimension"] == key)
        options = []
        for poll in all_polls:
            covers = item["covers"].get(poll["id"], 0)
            facts = [methods.get(poll["method"], poll["method"]), status_label(poll["status"])]
            if poll["status"] == "closed":
                facts.append(_("lists %(n)d of %(total)d", n=covers, total=total))
            options.append((poll["id"], f"{poll['title']} ({' · '.join(facts)})"))
        rule_poll = by_id.get(item["rule_poll_id"])
        rows.append(
            {
                **item,
                "name": names.get(key, key),
                "programmes": total,
                "options": options,
                "rule_title": rule_poll["title"] if rule_poll else None,
                "chosen_title": by_id[item["poll_id"]]["title"] if item["poll_id"] else None,
            }
        )
    return rows


def status_label(status):
    return {"draft": _("Draft"), "open": _("Open"), "closed": _("Closed")}.get(status, status)


def quick_win_polls(db, ws, all_polls, programmes, marks):
    """The polls of `quick_wins` sessions with their results, each item with its mark."""
    sessions = {s["id"] for s in agenda.list_sessions(db, ws["id"]) if s["purpose"] == "quick_wins"}
    out = []
    for poll in all_polls:
        if poll["session_id"] not in sessions or poll["status"] == "draft":
            continue
        items = []
        for item in results(db, poll)["items"]:
            row = programmes.get(item["idea_id"])
            items.append(
                {
                    **item,
                    "code": row["code"] if row else None,
                    "programme": row is not None,
                    "mark": marks.get(item["idea_id"]),
                }
            )
        out.append({"poll": poll, "items": items})
    return out


def render_page(ws, status=200, errors=None):
    """The page; `errors` ({("quickwin", idea_id) or ("priority", key): form}) keeps a
    failed form's input and messages."""
    db = get_db()
    all_polls = polls.list_polls(db, workshop_id=ws["id"])
    programmes = programmes_of(db, ws["id"])
    marks = {q["idea_id"]: q for q in rules.quick_wins(db, ws["id"])}
    return render_template(
        "facilitator/programmes.html",
        workshop=public_workshop(ws, True),
        priorities=priority_rows(db, ws, all_polls, programmes),
        quick_wins=list(marks.values()),
        quick_win_polls=quick_win_polls(db, ws, all_polls, programmes, marks),
        errors=errors or {},
        blank_reason=QuickWinForm(meta={"csrf": False}, prefix="q0"),
        reason_form=lambda idea_id: (
            (errors or {}).get(("quickwin", idea_id))
            or QuickWinForm(meta={"csrf": False}, prefix=f"q{idea_id}")
        ),
    ), status


def back(ws, anchor=None):
    return redirect(url_for(".programmes", workshop_id=ws["id"], _anchor=anchor))


@bp.get(PAGE, endpoint="programmes")
@login_required
def programmes_page(workshop_id):
    """Priorities per dimension and the chosen quick wins."""
    return render_page(workshop_for(workshop_id, facilitator_only=True))


@bp.post(PAGE + "/priorities/<dimension>")
@login_required
def programmes_priority(workshop_id, dimension):
    """No-JavaScript twin of PUT /api/v1/workshops/{id}/priorities/{dimension}."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    raw = request.form.get("poll_id", "")
    poll_id = int(raw) if raw.isdigit() else None
    try:
        row = priority_rules.choose(get_db(), ws["id"], dimension, poll_id, current_principal().id)
    except FieldError as e:
        return render_page(ws, 422, {("priority", dimension): e.fields.get("poll_id", [])})
    if row["chosen"] == "explicit":
        flash(_("Priority poll chosen for this dimension."))
    else:
        flash(_("This dimension follows the rule again."))
    return back(ws, f"priority-{dimension}")


@bp.post(PAGE + "/quick-wins/<int:idea_id>")
@login_required
def programmes_quick_win(workshop_id, idea_id):
    """No-JavaScript twin of POST /api/v1/ideas/{id}/quick-win (from the poll's results)."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    ideas.get_idea(get_db(), idea_id, ws["id"])
    form = QuickWinForm(formdata=request.form, prefix=f"q{idea_id}", meta={"csrf": False})
    if form.validate():
        try:
            actor = current_principal().id
            row = rules.mark_quick_win(get_db(), actor, idea_id, form.reason.data)
        except FieldError as e:
            form.reason.errors = [m for messages in e.fields.values() for m in messages]
        except DomainError as e:
            flash(e.message)
            return back(ws, "quick-wins")
        else:
            flash(_("Chosen as a quick win: %(title)s", title=row["title"]))
            return back(ws, "quick-wins")
    return render_page(ws, 422, {("quickwin", idea_id): form})


@bp.post(PAGE + "/quick-wins/<int:idea_id>/unmark")
@login_required
def programmes_unmark(workshop_id, idea_id):
    """No-JavaScript twin of DELETE /api/v1/ideas/{id}/quick-win."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    ideas.get_idea(get_db(), idea_id, ws["id"])
    row = rules.unmark_quick_win(get_db(), current_principal().id, idea_id)
    flash(_("No longer a quick win: %(title)s", title=row["title"]))
    return back(ws, "quick-wins")
