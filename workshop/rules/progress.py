"""Monitoring and evaluation (monev, issue 17): progress reports on programmes and action
items, and what the Dewan Smart City and each OPD see of them.

A report (percent 0–100, status belum|berjalan|selesai|terhambat, a note, an optional
evidence link) is sent by a participant of the item's OPD — a programme's responsible OPD
(else the OPD that proposed it), an action item's OPD — or by a facilitator; everyone else
gets 403 (viewer accounts and projector keys are refused before any view, in auth.py).
Every report is kept with who and when (and an audit entry); the latest one counts. A
replayed `client_id` answers with the stored report before any other rule, so the offline
outbox always gets its acknowledgement. An item is overdue when its due date has passed and
its latest status is not `selesai`: an action's `due_on`; a programme's last year (`year_end`,
when the programmes migration added it) or else its horizon counted from the workshop's year.
"""

import datetime

from flask_babel import gettext as _

from ..realtime import broadcast_progress_reported
from ..store import notes, progress, ratelimit, roster
from . import Conflict, Forbidden
from .ideas import TooFast

# Reports one participant may send per window (a flood gets 429, as proposals do).
SUBMIT_MAX = 30
SUBMIT_WINDOW_SECONDS = 60
# A programme without a last year is due at the end of the workshop's year plus this many.
HORIZON_YEARS = {"quick_win": 0, "short": 1, "medium": 3, "long": 5}


# -- Reporting ---------------------------------------------------------------------------------


def load_target(db, target, target_id):
    """(workshop_id, owner OPD id) of a reportable item; 404 when there is none."""
    if target == "idea":
        row = progress.get_programme(db, target_id)
        return row["workshop_id"], row["owner_opd_id"], row
    row = notes.get_note(db, target_id)
    return row["workshop_id"], row["opd_id"], row


def check_reportable(target, row):
    """409 for an idea that is not a live programme, or a note that is not an action."""
    if target == "idea":
        if row["purpose"] not in progress.PROGRAMME_PURPOSES:
            raise Conflict(
                _("Progress is reported on programmes (proposals of a programme session)."),
                code="not_programme",
            )
        if row["status"] not in progress.LIVE_IDEA_STATUSES:
            raise Conflict(_("This programme is no longer on the list."), code="idea_locked")
    elif row["kind"] != "action":
        raise Conflict(_("Progress is reported on action items only."), code="not_action")


def check_reporter(principal, owner_opd_id):
    """403 unless a facilitator or a participant of the item's OPD."""
    if principal.is_facilitator and not principal.is_viewer:
        return
    if principal.kind == "participant" and owner_opd_id and principal.opd_id == owner_opd_id:
        return
    raise Forbidden(_("Only the responsible OPD or a facilitator can report progress on this."))


def check_rate(db, principal):
    """A flood of reports from one participant gets 429 with Retry-After."""
    if principal.kind != "participant":
        return
    key = f"progress:{principal.id}"
    count, retry_after = ratelimit.hits(db, key, SUBMIT_WINDOW_SECONDS)
    if count >= SUBMIT_MAX:
        raise TooFast(retry_after)
    ratelimit.hit(db, key, SUBMIT_WINDOW_SECONDS)


def report(db, principal, target, target_id, fields, client_id=None):
    """Store one report: (report, created). The view has checked reach (404) already."""
    reporter = ("participant" if principal.kind == "participant" else "facilitator", principal.id)
    with db.atomic():
        if client_id:
            key = "participant_id" if reporter[0] == "participant" else "account_id"
            existing = progress.find_by_client_id(db, client_id, **{key: principal.id})
            if existing:
                return existing, False
        workshop_id, owner_opd_id, row = load_target(db, target, target_id)
        check_reporter(principal, owner_opd_id)
        check_reportable(target, row)
        check_rate(db, principal)
        opd_id = principal.opd_id if principal.kind == "participant" else owner_opd_id
        stored = progress.add_report(
            db, workshop_id, target, target_id, fields, reporter, opd_id, client_id
        )
    broadcast_progress_reported(stored, workshop_id, owner_opd_id)
    return stored, True


# -- Reading -----------------------------------------------------------------------------------


def due_year(item, workshop):
    """A programme's last year: its `year_end`, else its horizon counted from the workshop's
    year; None when it has neither (the monitoring page and the monev exports both use it)."""
    if item.get("year_end"):
        return int(item["year_end"])
    if item.get("horizon") in HORIZON_YEARS and workshop.get("year"):
        return int(workshop["year"]) + HORIZON_YEARS[item["horizon"]]
    return None


def due_date(item, workshop):
    """An item's due date (date) or None."""
    if item["target"] == "note":
        return datetime.date.fromisoformat(item["due_on"]) if item.get("due_on") else None
    year = due_year(item, workshop)
    return datetime.date(year, 12, 31) if year else None


def _items(db, workshop, opd_id=None):
    """Programmes and actions as monitoring items, each with its reports."""
    reports = {}
    for r in progress.list_reports(db, workshop["id"]):
        reports.setdefault((r["target"], r["target_id"]), []).append(r)
    quick = progress.quick_win_ids(db, workshop["id"])
    out = []
    for row in progress.list_programmes(db, workshop["id"], opd_id):
        out.append(
            {
                "target": "idea",
                "id": row["id"],
                "code": row["code"],
                "title": row["title"],
                "dimension": row["dimension"],
                "opd_id": row["owner_opd_id"],
                "horizon": row["horizon"],
                "year_start": row["year_start"],
                "year_end": row["year_end"],
                "quick_win": row["id"] in quick,
                "session_id": row["session_id"],
            }
        )
    for row in progress.list_actions(db, workshop["id"], opd_id):
        out.append(
            {
                "target": "note",
                "id": row["id"],
                "code": None,
                "title": row["body"],
                "dimension": row["dimension"],
                "opd_id": row["opd_id"],
                "due_on": row["due_on"],
                "quick_win": False,
                "session_id": row["session_id"],
            }
        )
    today = datetime.date.today()
    for item in out:
        history = reports.get((item["target"], item["id"]), [])
        latest = history[-1] if history else None
        due = due_date(item, workshop)
        item.update(
            due_on=due.isoformat() if due else None,
            latest=latest,
            history=history,
            percent=latest["percent"] if latest else 0,
            status=latest["status"] if latest else "belum",
            overdue=bool(due and due < today and (latest is None or latest["status"] != "selesai")),
        )
    return out


def _summary(items, key):
    groups = {}
    for item in items:
        g = groups.setdefault(
            item[key],
            {
                "items": 0,
                "reported": 0,
                "percent": 0.0,
                "overdue": 0,
                "statuses": dict.fromkeys(progress.STATUSES, 0),
            },
        )
        g["items"] += 1
        g["reported"] += item["latest"] is not None
        g["percent"] += item["percent"]
        g["overdue"] += item["overdue"]
        g["statuses"][item["status"]] += 1
    for g in groups.values():
        g["percent"] = round(g["percent"] / g["items"], 1)
    return groups


def monitoring(db, workshop):
    """GET /workshops/{id}/monitoring: per programme and action the latest report, the
    history and the overdue flag; per dimension and per OPD summaries."""
    items = _items(db, workshop)
    opds = {o["id"]: o for o in roster.list_opds(db, workshop["id"])}
    by_dimension = [
        {"dimension": key, **g}
        for key, g in sorted(_summary(items, "dimension").items(), key=lambda kv: kv[0] or "")
    ]
    by_opd = [
        {
            "opd_id": key,
            "opd_code": opds[key]["code"] if key in opds else None,
            "opd_name": opds[key]["name"] if key in opds else None,
            **g,
        }
        for key, g in sorted(_summary(items, "opd_id").items(), key=lambda kv: kv[0] or 0)
    ]
    everything = _summary([dict(i, all="all") for i in items], "all").get("all")
    return {
        "workshop_id": workshop["id"],
        "today": datetime.date.today().isoformat(),
        "programmes": [i for i in items if i["target"] == "idea"],
        "actions": [i for i in items if i["target"] == "note"],
        "by_dimension": by_dimension,
        "by_opd": by_opd,
        "totals": everything
        or {"items": 0, "reported": 0, "percent": 0.0, "overdue": 0, "statuses": {}},
    }


def follow_up(db, workshop, opd_id):
    """GET /me/follow-up: the participant's OPD's programmes and actions, soonest due first."""
    items = _items(db, workshop, opd_id)
    items.sort(key=lambda i: (i["due_on"] is None, i["due_on"] or "", i["target"], i["id"]))
    return {
        "workshop_id": workshop["id"],
        "opd_id": opd_id,
        "open_between_until": workshop.get("open_between_until"),
        "today": datetime.date.today().isoformat(),
        "items": items,
        "due": [i for i in items if i["overdue"]],
    }


def history(db, workshop_id, target, target_id):
    """One item's reports, oldest first."""
    return progress.list_reports(db, workshop_id, target, target_id)
