"""The wall's card forms: approve or hide, edit, tag, group, merge and unmerge one proposal.

Each posts here (post/redirect/get with a flash, or the wall again with the field errors and
422) and calls the same rule as the JSON API (workshop/rules/ideas.py).
"""

from flask import flash, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ....auth import current_principal, login_required
from ....db import get_db
from ....forms.ideas import IdeaMergeForm, IdeaModerationForm
from ....rules import Conflict, FieldError
from ....rules import ideas as rules
from ....rules import merge_preview as previews
from ....store import ideas
from ..blueprint import bp
from .page import IDEA_ROUTE, TOOLS, back, idea_on_wall, render_wall, tool_form, wall_session


def save(row, changes):
    """Change a proposal as a facilitator (the rule pushes it after commit)."""
    return rules.moderate(get_db(), current_principal().id, row["id"], changes)


@bp.post(IDEA_ROUTE + "/status")
@login_required
def wall_idea_status(workshop_id, session_id, idea_id):
    """Approve, hide or show again (PATCH /api/v1/ideas/{id} {"status"})."""
    ws, session = wall_session(workshop_id, session_id)
    row = idea_on_wall(ws, session, idea_id)
    form = IdeaModerationForm(formdata=request.form, meta={"csrf": False})
    del form.group
    if not form.validate() or not form.status.data:
        flash(_("Choose visible, hidden or waiting for approval."))
        return back(ws, session, f"idea-{idea_id}")
    try:
        after = save(row, {"status": form.status.data})
    except Conflict as e:
        flash(e.message)
        return back(ws, session)
    messages = {
        ("pending", "visible"): _("Approved: %(title)s", title=after["title"]),
        ("hidden", "visible"): _("Shown again: %(title)s", title=after["title"]),
        ("visible", "hidden"): _("Hidden: %(title)s", title=after["title"]),
        ("pending", "hidden"): _("Hidden: %(title)s", title=after["title"]),
    }
    flash(
        messages.get(
            (row["status"], after["status"]), _("Proposal saved: %(title)s", title=after["title"])
        )
    )
    return back(ws, session, f"idea-{idea_id}")


def save_content(workshop_id, session_id, idea_id, tool):
    """The edit and tag forms: validate with IdeaForm, 422 with the messages, or save."""
    ws, session = wall_session(workshop_id, session_id)
    row = idea_on_wall(ws, session, idea_id)
    # Fields missing from the post keep their value (the form's data is the proposal).
    item = ideas.public_idea(row, "name_opd", facilitator=True)
    form = tool_form(ws, item, tool, formdata=request.form)
    if not form.validate():
        return render_wall(ws, session, 422, tool={"id": idea_id, "name": tool, "form": form})
    after = save(row, {name: field.data for name, field in form._fields.items()})
    flash(_("Proposal saved: %(title)s", title=after["title"]))
    return back(ws, session, f"idea-{idea_id}")


@bp.post(IDEA_ROUTE + "/edit")
@login_required
def wall_edit_idea(workshop_id, session_id, idea_id):
    """Every field of a proposal (PATCH /api/v1/ideas/{id})."""
    return save_content(workshop_id, session_id, idea_id, "edit")


@bp.post(IDEA_ROUTE + "/tag")
@login_required
def wall_tag_idea(workshop_id, session_id, idea_id):
    """Dimension and element only (PATCH /api/v1/ideas/{id} {"dimension", "element"})."""
    return save_content(workshop_id, session_id, idea_id, "tag")


@bp.post(IDEA_ROUTE + "/group")
@login_required
def wall_group_idea(workshop_id, session_id, idea_id):
    """Put a card into an existing group, a new one (the name typed wins), or none."""
    ws, session = wall_session(workshop_id, session_id)
    row = idea_on_wall(ws, session, idea_id)
    prefix = f"{TOOLS['group']}{idea_id}"
    typed = request.form.get(f"{prefix}-new_group", "").strip()
    chosen = typed or request.form.get(f"{prefix}-group", "")
    form = IdeaModerationForm(
        formdata=MultiDict({f"{prefix}-group": chosen}), prefix=prefix, meta={"csrf": False}
    )
    del form.status
    if not form.validate():
        form.typed = typed
        return render_wall(ws, session, 422, tool={"id": idea_id, "name": "group", "form": form})
    after = save(row, {"group_name": form.group.data or None})
    if after["group_name"]:
        flash(
            _(
                "“%(title)s” is in the group “%(group)s”.",
                title=after["title"],
                group=after["group_name"],
            )
        )
    else:
        flash(_("“%(title)s” is no longer in a group.", title=after["title"]))
    return back(ws, session, f"idea-{idea_id}")


@bp.post(IDEA_ROUTE + "/merge")
@login_required
def wall_merge_idea(workshop_id, session_id, idea_id):
    """Fold this proposal into the chosen one (POST /api/v1/ideas/{id}/merge)."""
    ws, session = wall_session(workshop_id, session_id)
    idea_on_wall(ws, session, idea_id)
    form = IdeaMergeForm(
        formdata=request.form, prefix=f"{TOOLS['merge']}{idea_id}", meta={"csrf": False}
    )
    if form.validate():
        tool = {"id": idea_id, "name": "merge", "form": form}
        try:
            confirmed = request.form.get("confirmed") == str(form.into.data)
            if not confirmed and form.into.data != idea_id:
                # Polls holding this proposal change: say how, and merge only when confirmed.
                preview = previews.merge_preview(get_db(), ws["id"], idea_id, form.into.data)
                tool["preview"] = preview
                if tool["preview"]["polls"]:
                    return render_wall(ws, session, 200, tool=tool)
            original, survivor = rules.merge(
                get_db(), current_principal().id, idea_id, form.into.data
            )
        except FieldError as e:
            form.into.errors = e.fields["into"]
        except Conflict as e:
            flash(e.message)
            return back(ws, session, f"idea-{idea_id}")
        else:
            flash(
                _(
                    "“%(title)s” was merged into “%(into)s”.",
                    title=original["title"],
                    into=survivor["title"],
                )
            )
            return back(ws, session, f"idea-{survivor['id']}")
    return render_wall(ws, session, 422, tool={"id": idea_id, "name": "merge", "form": form})


@bp.post(IDEA_ROUTE + "/unmerge")
@login_required
def wall_unmerge_idea(workshop_id, session_id, idea_id):
    """Undo a merge (POST /api/v1/ideas/{id}/unmerge); the original may come from any session."""
    ws, session = wall_session(workshop_id, session_id)
    ideas.get_idea(get_db(), idea_id, ws["id"])
    try:
        restored, _survivor = rules.unmerge(get_db(), current_principal().id, idea_id)
    except Conflict as e:
        flash(e.message)
        return back(ws, session)
    flash(_("“%(title)s” is a proposal of its own again.", title=restored["title"]))
    return back(ws, session, f"idea-{idea_id}")
