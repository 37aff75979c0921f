"""The console's hall controls without JavaScript: the projector's view and the timer.

The plain forms of the console's top row post here (post/redirect/get with a flash, or the
console again with the field errors and 422); with JavaScript, static/js/console.js sends the
same changes to /api/v1/workshops/{id}/display and …/timer. Both call rules/console.py.
"""

from flask import flash, request
from flask_babel import gettext as _

from ...auth import current_principal, login_required
from ...db import get_db
from ...forms.console import DisplayForm, TimerMinutesForm
from ...rules import DomainError
from ...rules import console as hall
from ..access import workshop_for
from ..labels import choice_labels
from ..payloads import form_data, validate
from .blueprint import bp
from .console import back, failed, posted, render_console

# What the timer buttons of the plain form do besides Start.
TIMER_ACTIONS = {
    "pause": hall.pause_timer,
    "resume": hall.resume_timer,
    "stop": hall.stop_timer,
}


@bp.post("/workshops/<int:workshop_id>/console/timer")
@login_required
def console_timer(workshop_id):
    """Start (minutes), pause, resume, +1 minute or stop: the /api/v1/.../timer routes."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    db, actor = get_db(), current_principal().id
    action = request.form.get("action", "")
    if action == "start":
        form = TimerMinutesForm(meta={"csrf": False})
        if not form.validate():
            data = {"minutes": request.form.get("minutes", "")}
            return render_console(ws, 422, errors={"timer": form.errors}, values={"timer": data})
        hall.start_timer(db, ws["id"], form.minutes.data * 60, actor)
    elif action == "add":
        hall.add_to_timer(db, ws["id"], hall.DEFAULT_ADD_SECONDS, actor)
    elif action in TIMER_ACTIONS:
        TIMER_ACTIONS[action](db, ws["id"], actor)
    else:
        flash(_("Choose start, pause, resume, +1 minute or stop."))
    return back(ws, "console-hall")


@bp.post("/workshops/<int:workshop_id>/console/display")
@login_required
def console_display(workshop_id):
    """No-JavaScript twin of PUT /api/v1/workshops/{id}/display."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    try:
        state = form_data(validate(DisplayForm, posted()))
        stored = hall.set_display(get_db(), ws["id"], state, current_principal().id)
    except DomainError as e:
        return failed(ws, "display", e)
    flash(_("The screen shows: %(view)s", view=choice_labels(DisplayForm.view)[stored["view"]]))
    return back(ws, "console-hall")
