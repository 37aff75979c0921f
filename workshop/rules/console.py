"""The hall's shared screens: what the projector shows and the workshop's countdown timer.

The JSON API (/api/v1/workshops/{id}/display and …/timer) and the console page's plain
forms call these, so they refuse the same input and push the same events. Input limits
(message length, timer range) are the forms' (forms/console.py).
"""

from flask_babel import gettext as _

from ..realtime import broadcast_display, broadcast_timer
from ..store import NotFound, agenda, display, polls
from . import FieldError

# Seconds "+1 minute" adds when no amount is given.
DEFAULT_ADD_SECONDS = 60


def display_problems(db, workshop_id, state):
    """What a display change lacks or names wrongly, as {field: [messages]} (empty: fine)."""
    if state["view"] == "ideas" and not state["session_id"]:
        return {"session_id": [_("Choose the session whose wall to show.")]}
    if state["view"] == "results" and not state["poll_id"]:
        return {"poll_id": [_("Choose the poll whose results to show.")]}
    if state["view"] == "message" and not state["text"]:
        return {"text": [_("Write the message to show.")]}
    try:
        if state["poll_id"]:
            polls.get_poll(db, state["poll_id"], workshop_id)
    except NotFound:
        return {"poll_id": [_("Choose a poll of this workshop.")]}
    try:
        if state["session_id"]:
            agenda.get_session(db, state["session_id"], workshop_id)
    except NotFound:
        return {"session_id": [_("Choose a session of this workshop.")]}
    return {}


def set_display(db, workshop_id, state, actor_id):
    """Switch the projector (DisplayForm's data: view, session_id, poll_id, text, sound);
    the session and poll named must be the workshop's. Pushes `display`."""
    with db.atomic():
        problems = display_problems(db, workshop_id, state)
        if problems:
            raise FieldError(problems)
        if not state.get("results_mode"):  # not chosen this time: the screen keeps its own
            current = display.get_display(db, workshop_id)
            state = {**state, "results_mode": current["results_mode"]}
            if state.get("top_n") is None:
                state["top_n"] = current["top_n"]
        stored = display.set_display(db, workshop_id, state, actor_id)
    broadcast_display(stored, workshop_id)
    return stored


def _pushed(state, workshop_id):
    broadcast_timer(state, workshop_id)
    return state


def start_timer(db, workshop_id, seconds, actor_id):
    """Start a countdown of `seconds`, replacing any running one."""
    return _pushed(display.start_timer(db, workshop_id, seconds, actor_id), workshop_id)


def add_to_timer(db, workshop_id, seconds, actor_id):
    """Add (or, negative, remove) time, running or paused."""
    if seconds is None:
        seconds = DEFAULT_ADD_SECONDS
    return _pushed(display.add_to_timer(db, workshop_id, seconds, actor_id), workshop_id)


def pause_timer(db, workshop_id, actor_id):
    """Freeze the countdown where it is."""
    return _pushed(display.pause_timer(db, workshop_id, actor_id), workshop_id)


def resume_timer(db, workshop_id, actor_id):
    """Continue a paused countdown."""
    return _pushed(display.resume_timer(db, workshop_id, actor_id), workshop_id)


def stop_timer(db, workshop_id, actor_id):
    """Stop and clear the countdown."""
    return _pushed(display.stop_timer(db, workshop_id, actor_id), workshop_id)
