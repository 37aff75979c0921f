"""The wall's programme tools (issue 15): a programme's fields (supporting OPDs, years,
indicators), marking it as a chosen quick win (with the reason) or not, and promoting an
issue or proposal into a programmes session.

Each posts here (post/redirect/get with a flash, or the wall again with the field errors and
422) and calls the same rules as the JSON API (workshop/rules/programmes.py, rules/ideas.py).
"""

from flask import flash, request
from flask_babel import gettext as _

from ....auth import current_principal, login_required
from ....db import get_db
from ....forms.programmes import PromoteForm, QuickWinForm, from_formdata
from ....rules import Conflict, FieldError
from ....rules import ideas as idea_rules
from ....rules import programmes as rules
from ..blueprint import bp
from .page import IDEA_ROUTE, TOOLS, ProgrammeTool, back, idea_on_wall, render_wall, wall_session


@bp.post(IDEA_ROUTE + "/programme")
@login_required
def wall_programme_idea(workshop_id, session_id, idea_id):
    """Supporting OPDs, start and end year, indicators (PATCH /api/v1/ideas/{id})."""
    ws, session = wall_session(workshop_id, session_id)
    row = idea_on_wall(ws, session, idea_id)
    data = from_formdata(request.form)
    try:
        values = rules.clean(get_db(), ws["id"], data, row=row)
        after = idea_rules.moderate(get_db(), current_principal().id, idea_id, values)
    except FieldError as e:
        data["supporting_opd_ids"] = [
            int(v) for v in data["supporting_opd_ids"] if str(v).isdigit()
        ]
        tool = ProgrammeTool(f"{TOOLS['programme']}{idea_id}", data, e.fields)
        tool = {"id": idea_id, "name": "programme", "form": tool}
        return render_wall(ws, session, 422, tool=tool)
    except Conflict as e:
        flash(e.message)
        return back(ws, session, f"idea-{idea_id}")
    flash(_("Proposal saved: %(title)s", title=after["title"]))
    return back(ws, session, f"idea-{idea_id}")


@bp.post(IDEA_ROUTE + "/quickwin")
@login_required
def wall_quickwin_idea(workshop_id, session_id, idea_id):
    """Mark as a chosen quick win with the reason (POST /api/v1/ideas/{id}/quick-win)."""
    ws, session = wall_session(workshop_id, session_id)
    idea_on_wall(ws, session, idea_id)
    form = QuickWinForm(
        formdata=request.form, prefix=f"{TOOLS['quickwin']}{idea_id}", meta={"csrf": False}
    )
    if form.validate():
        try:
            actor = current_principal().id
            after = rules.mark_quick_win(get_db(), actor, idea_id, form.reason.data)
        except FieldError as e:
            form.reason.errors = [m for messages in e.fields.values() for m in messages]
        except Conflict as e:
            flash(e.message)
            return back(ws, session, f"idea-{idea_id}")
        else:
            flash(_("Chosen as a quick win: %(title)s", title=after["title"]))
            return back(ws, session, f"idea-{idea_id}")
    return render_wall(ws, session, 422, tool={"id": idea_id, "name": "quickwin", "form": form})


@bp.post(IDEA_ROUTE + "/unquickwin")
@login_required
def wall_unquickwin_idea(workshop_id, session_id, idea_id):
    """Take the quick-win mark off (DELETE /api/v1/ideas/{id}/quick-win)."""
    ws, session = wall_session(workshop_id, session_id)
    idea_on_wall(ws, session, idea_id)
    after = rules.unmark_quick_win(get_db(), current_principal().id, idea_id)
    flash(_("No longer a quick win: %(title)s", title=after["title"]))
    return back(ws, session, f"idea-{idea_id}")


@bp.post(IDEA_ROUTE + "/promote")
@login_required
def wall_promote_idea(workshop_id, session_id, idea_id):
    """Copy into a programmes session as a new programme (POST /api/v1/ideas/{id}/promote)."""
    ws, session = wall_session(workshop_id, session_id)
    idea_on_wall(ws, session, idea_id)
    form = PromoteForm(
        formdata=request.form, prefix=f"{TOOLS['promote']}{idea_id}", meta={"csrf": False}
    )
    if form.validate():
        try:
            made = rules.promote(get_db(), current_principal().id, idea_id, form.session_id.data)
        except FieldError as e:
            form.session_id.errors = [m for messages in e.fields.values() for m in messages]
        except Conflict as e:
            flash(e.message)
            return back(ws, session, f"idea-{idea_id}")
        else:
            flash(
                _(
                    "“%(title)s” is now programme %(code)s.",
                    title=made["title"],
                    code=made["code"],
                )
            )
            return back(ws, session, f"idea-{idea_id}")
    return render_wall(ws, session, 422, tool={"id": idea_id, "name": "promote", "form": form})
