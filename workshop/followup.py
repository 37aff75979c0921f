"""Follow-up after the workshop (issue 17): what each programme and action item has reached.

Pure, no I/O: it reads the export dict (export/model.gather: ideas, notes, sessions,
`progress_reports` oldest first) and shapes it for the OPD's "Tindak lanjut" list, the Dewan
Smart City dashboard, the projector's dashboard view and the "Laporan Monitoring dan
Evaluasi". Every reader therefore counts the same items, the same latest report and the
same overdue flags.

What is followed up — the same as rules/progress.py's monitoring (GET /monitoring): the
programmes (visible or pending ideas of `programs` and `quick_wins` sessions) and every action
item (notes of kind `action`). The owner is the programme's responsible OPD (else its
proposing OPD) or the action's OPD. The latest report counts; an item is overdue when its due
date has passed and its latest status is not `selesai`: an action's `due_on`; a programme's
last year (`year_end`), or else its horizon counted from the workshop's year
(rules.progress.due_year: one rule for both).
"""

import datetime
import re

from .rules.progress import due_year

# Progress statuses, in the order forms offer them (API.md: belum|berjalan|selesai|terhambat).
STATUSES = ("belum", "berjalan", "selesai", "terhambat")
# Session purposes whose proposals are programmes to follow up.
PROGRAM_PURPOSES = ("programs", "quick_wins")
# Idea statuses that count (hidden and merged proposals are not followed up).
SHOWN = ("visible", "pending")
# The key under which items without a dimension are grouped.
NO_DIMENSION = ""


def reports_by_item(data):
    """{(target, target_id): [reports oldest first]}."""
    grouped = {}
    for report in sorted(
        data.get("progress_reports") or [], key=lambda r: (r["reported_at"], r["id"])
    ):
        grouped.setdefault((report["target"], report["target_id"]), []).append(report)
    return grouped


def _programmes(data):
    purposes = {s["id"]: s.get("purpose") for s in data.get("sessions", [])}
    for idea in data.get("ideas", []):
        if idea.get("status") in SHOWN and purposes.get(idea["session_id"]) in PROGRAM_PURPOSES:
            yield idea


def _is_overdue(due, status, today):
    """Past its due date (a date, or the last day of a year) without being done."""
    if status == "selesai" or due is None:
        return False
    if isinstance(due, int):
        return today.year > due
    try:
        return today > datetime.date.fromisoformat(str(due)[:10])
    except ValueError:
        return False


def items(data, today=None):
    """Every followed-up item with its latest report, history and overdue flag.

    Each item: {"target", "target_id", "code", "title", "dimension", "opd_id", "due_on",
    "due_year", "quick_win", "latest", "history", "percent", "status", "overdue"}; programmes
    first (by dimension and code), then actions (by due date).
    """
    today = today or datetime.date.today()
    reported = reports_by_item(data)
    sessions = {s["id"]: s for s in data.get("sessions", [])}
    found = []
    workshop = data.get("workshop") or {}
    # Chosen quick wins are marked (quick_wins table, `quick_win` on each idea); a store
    # without the marks (before that migration) falls back to the proposals' horizon.
    marked = any("quick_win" in idea for idea in data.get("ideas", []))
    for idea in _programmes(data):
        found.append(
            _item(
                "idea",
                idea["id"],
                code=idea.get("code") or "",
                title=idea["title"],
                dimension=idea.get("dimension") or NO_DIMENSION,
                opd_id=idea.get("responsible_opd_id") or idea.get("opd_id"),
                due_on=None,
                due_year=due_year(idea, workshop),
                quick_win=idea.get("quick_win") if marked else _by_horizon(idea),
                history=reported.get(("idea", idea["id"]), []),
                today=today,
            )
        )
    found.sort(key=lambda i: (i["dimension"], i["code"] or "~", i["target_id"]))
    actions = []
    for note in data.get("notes", []):
        if note.get("kind") != "action":
            continue
        session = sessions.get(note["session_id"]) or {}
        actions.append(
            _item(
                "note",
                note["id"],
                code="",
                title=note["body"],
                dimension=session.get("dimension") or NO_DIMENSION,
                opd_id=note.get("opd_id"),
                due_on=note.get("due_on"),
                due_year=None,
                quick_win=None,
                history=reported.get(("note", note["id"]), []),
                today=today,
            )
        )
    actions.sort(key=lambda i: (i["due_on"] or "9999", i["target_id"]))
    return found + actions


def _by_horizon(idea):
    return {"reason": "", "marked_at": None} if idea.get("horizon") == "quick_win" else None


def _item(target, target_id, history, today, **fields):
    latest = history[-1] if history else None
    status = latest["status"] if latest else "belum"
    due = fields["due_on"] or fields["due_year"]
    return {
        "target": target,
        "target_id": target_id,
        **fields,
        "latest": latest,
        "history": history,
        "percent": latest["percent"] if latest else 0,
        "status": status,
        "overdue": _is_overdue(due, status, today),
    }


def of_opd(data, opd_id, today=None):
    """What one OPD owns, overdue first, then by due date."""
    mine = [i for i in items(data, today) if i["opd_id"] == opd_id]
    return sorted(mine, key=lambda i: (not i["overdue"], _due_key(i)))


def _due_key(item):
    if item["due_on"]:
        return str(item["due_on"])
    if item["due_year"]:
        return f"{item['due_year']}-12-31"
    return "9999"


def _group(found, key):
    groups = {}
    for item in found:
        groups.setdefault(key(item), []).append(item)
    return groups


def _tally(group):
    count = len(group)
    return {
        "count": count,
        "percent": round(sum(i["percent"] for i in group) / count) if count else 0,
        "done": sum(1 for i in group if i["status"] == "selesai"),
        "blocked": sum(1 for i in group if i["status"] == "terhambat"),
        "overdue": sum(1 for i in group if i["overdue"]),
        "reported": sum(1 for i in group if i["latest"]),
    }


def trend(data, found=None, today=None):
    """[(date ISO, mean percent over all items as of that day's end)] — one point per day
    on which somebody reported, so the line rises as reports come in."""
    found = found if found is not None else items(data, today)
    keys = {(i["target"], i["target_id"]) for i in found}
    if not keys:
        return []
    current = {}
    points = []
    for report in sorted(
        data.get("progress_reports") or [], key=lambda r: (r["reported_at"], r["id"])
    ):
        key = (report["target"], report["target_id"])
        if key not in keys:
            continue
        current[key] = report["percent"]
        day = report["reported_at"][:10]
        mean = round(sum(current.values()) / len(keys), 1)
        if points and points[-1][0] == day:
            points[-1] = (day, mean)
        else:
            points.append((day, mean))
    return points


def summary(data, today=None):
    """The dashboard: totals, per dimension, per OPD, quick wins, overdue items, trend."""
    found = items(data, today)
    dimension_order = [d["key"] for d in data.get("dimensions", [])]
    by_dimension = _group(found, lambda i: i["dimension"])
    dims = [
        {"key": key, **_tally(by_dimension[key])}
        for key in [*dimension_order, NO_DIMENSION]
        if key in by_dimension
    ]
    dims += [
        {"key": key, **_tally(group)}
        for key, group in by_dimension.items()
        if key not in dimension_order and key != NO_DIMENSION
    ]
    opd_order = {o["id"]: n for n, o in enumerate(data.get("opds", []))}
    by_opd = _group(found, lambda i: i["opd_id"])
    opds = sorted(
        ({"opd_id": key, **_tally(group)} for key, group in by_opd.items()),
        key=lambda o: (o["opd_id"] is None, opd_order.get(o["opd_id"], 10**9)),
    )
    return {
        "total": _tally(found),
        "items": found,
        "by_dimension": dims,
        "by_opd": opds,
        "quick_wins": [i for i in found if i["quick_win"]],
        "overdue": [i for i in found if i["overdue"]],
        "trend": trend(data, found),
        "reports": len(data.get("progress_reports") or []),
    }


def short_dimension(name):
    """'Tata Kelola Cerdas' → 'Tata Kelola', 'Smart Governance' → 'Governance' (the wall's
    rows stay on one line; projector.js shortens the same way)."""
    short = re.sub(r"^\s*smart\s+|\s+cerdas\s*$", "", name or "", flags=re.IGNORECASE).strip()
    return short or name


def named(view, data, lang="id", limit=None, short=False):
    """The summary with names resolved for a page in `lang` (dimension and OPD names);
    `limit` cuts each list (the projector), keeping how many more there are; `short` drops
    the dimensions' shared "Cerdas"/"Smart"."""
    opds = {o["id"]: o for o in data.get("opds", [])}
    dims = {d["key"]: d["name_id" if lang == "id" else "name"] for d in data.get("dimensions", [])}
    if short:
        dims = {key: short_dimension(name) for key, name in dims.items()}

    def opd(opd_id):
        found = opds.get(opd_id) or {}
        return {"opd_code": found.get("code", ""), "opd_name": found.get("name", "")}

    def cut(rows):
        if limit is None or len(rows) <= limit:
            return {"rows": rows, "more": 0}
        return {"rows": rows[:limit], "more": len(rows) - limit}

    def item(i):
        return {**i, **opd(i["opd_id"]), "dimension_name": dims.get(i["dimension"], "")}

    return {
        **view,
        "items": [item(i) for i in view["items"]],
        "by_dimension": cut(
            [{**d, "name": dims.get(d["key"], d["key"])} for d in view["by_dimension"]]
        ),
        "by_opd": cut([{**o, **opd(o["opd_id"])} for o in view["by_opd"]]),
        "quick_wins": cut([item(i) for i in view["quick_wins"]]),
        "overdue": cut([item(i) for i in view["overdue"]]),
    }
