"""What the projector shows, and the workshop's countdown timer.

The server keeps the timer's end time; every screen counts down locally from it, so all
screens agree without a tick per second on the network.
"""

import datetime

from . import audit, first, utcnow

VIEWS = ("join", "ideas", "results", "timer", "agenda", "message", "dashboard")
RESULTS_MODES = ("fit", "page", "top")
DEFAULT_DISPLAY = {
    "view": "join",
    "session_id": None,
    "poll_id": None,
    "text": "",
    "sound": False,
    "results_mode": "fit",
    "top_n": None,
}


def get_display(db, workshop_id):
    """The projector's current view (the join screen until a facilitator chooses)."""
    row = first(db, "SELECT * FROM displays WHERE workshop_id = ?", [workshop_id])
    data = dict(DEFAULT_DISPLAY, workshop_id=workshop_id, updated_at=None)
    if row:
        data.update(
            view=row["view"],
            session_id=row["session_id"],
            poll_id=row["poll_id"],
            text=row["text"],
            sound=bool(row["sound"]),
            results_mode=row["results_mode"],
            top_n=row["top_n"],
            updated_at=row["updated_at"],
        )
    return data


def set_display(db, workshop_id, state, actor_id):
    """Replace the projector's view; returns the stored state."""
    now = utcnow()
    with db.atomic():
        db.execute(
            "INSERT INTO displays (workshop_id, view, session_id, poll_id, text, sound,"
            " results_mode, top_n, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (workshop_id) DO UPDATE SET view = excluded.view,"
            " session_id = excluded.session_id, poll_id = excluded.poll_id,"
            " text = excluded.text, sound = excluded.sound, results_mode = excluded.results_mode,"
            " top_n = excluded.top_n, updated_at = excluded.updated_at,"
            " updated_by = excluded.updated_by",
            [
                workshop_id,
                state["view"],
                state.get("session_id"),
                state.get("poll_id"),
                state.get("text") or "",
                int(bool(state.get("sound"))),
                state.get("results_mode") or "fit",
                state.get("top_n"),
                now,
                actor_id,
            ],
        )
        audit.record(
            db,
            "display_changed",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=workshop_id,
            obj=("workshop", workshop_id),
            details={"view": state["view"]},
        )
    return get_display(db, workshop_id)


def _now():
    return datetime.datetime.now(datetime.UTC)


def _iso(moment):
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def get_timer(db, workshop_id, now=None):
    """{ends_at, remaining, running, duration}; remaining counts down while running."""
    now = now or _now()
    row = first(db, "SELECT * FROM timers WHERE workshop_id = ?", [workshop_id])
    if row is None:
        return {
            "ends_at": None,
            "remaining": 0,
            "running": False,
            "duration": 0,
            "server_time": _iso(now),
        }
    if row["running"]:
        ends = datetime.datetime.fromisoformat(row["ends_at"].replace("Z", "+00:00"))
        remaining = max(0.0, (ends - now).total_seconds())
    else:
        remaining = row["remaining"] or 0.0
    return {
        "ends_at": row["ends_at"] if row["running"] else None,
        "remaining": round(remaining, 3),
        "running": bool(row["running"]) and remaining > 0,
        "duration": row["duration"],
        "server_time": _iso(now),
    }


def _store_timer(db, workshop_id, duration, running, remaining, now, action, actor_id):
    ends_at = _iso(now + datetime.timedelta(seconds=remaining)) if running else None
    with db.atomic():
        db.execute(
            "INSERT INTO timers (workshop_id, duration, ends_at, remaining, running, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workshop_id) DO UPDATE SET"
            " duration = excluded.duration, ends_at = excluded.ends_at,"
            " remaining = excluded.remaining, running = excluded.running,"
            " updated_at = excluded.updated_at",
            [workshop_id, duration, ends_at, remaining, int(running), _iso(now)],
        )
        audit.record(
            db,
            action,
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=workshop_id,
            obj=("workshop", workshop_id),
            details={"seconds": round(remaining, 3)},
        )
    return get_timer(db, workshop_id, now)


def start_timer(db, workshop_id, seconds, actor_id, now=None):
    """Start a countdown of `seconds` from now (replacing any running one)."""
    now = now or _now()
    return _store_timer(
        db, workshop_id, seconds, True, float(seconds), now, "timer_started", actor_id
    )


def pause_timer(db, workshop_id, actor_id, now=None):
    """Freeze the countdown where it is."""
    now = now or _now()
    current = get_timer(db, workshop_id, now)
    return _store_timer(
        db,
        workshop_id,
        current["duration"],
        False,
        current["remaining"],
        now,
        "timer_paused",
        actor_id,
    )


def resume_timer(db, workshop_id, actor_id, now=None):
    """Continue a paused countdown."""
    now = now or _now()
    current = get_timer(db, workshop_id, now)
    return _store_timer(
        db,
        workshop_id,
        current["duration"],
        current["remaining"] > 0,
        current["remaining"],
        now,
        "timer_resumed",
        actor_id,
    )


def add_to_timer(db, workshop_id, seconds, actor_id, now=None):
    """Add time (e.g. one more minute), running or paused."""
    now = now or _now()
    current = get_timer(db, workshop_id, now)
    remaining = current["remaining"] + seconds
    running = current["running"] or (current["ends_at"] is None and current["remaining"] == 0)
    return _store_timer(
        db,
        workshop_id,
        current["duration"] + seconds,
        running,
        remaining,
        now,
        "timer_extended",
        actor_id,
    )


def stop_timer(db, workshop_id, actor_id, now=None):
    """Stop and clear the countdown."""
    now = now or _now()
    return _store_timer(db, workshop_id, 0, False, 0.0, now, "timer_stopped", actor_id)
