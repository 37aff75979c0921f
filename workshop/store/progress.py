"""Progress reports (monev, issue 17) on programmes (ideas of programme sessions) and action
items (notes of kind `action`): every report is kept, the latest one counts."""

from . import NotFound, audit, first, utcnow

TARGETS = ("idea", "note")
STATUSES = ("belum", "berjalan", "selesai", "terhambat")
# Session purposes whose ideas are programmes that get followed up.
PROGRAMME_PURPOSES = ("programs", "quick_wins")
# Idea statuses that still count as a programme (hidden, merged and withdrawn ones do not).
LIVE_IDEA_STATUSES = ("visible", "pending")

_SELECT = (
    "SELECT r.*, COALESCE(p.name, f.username, '') AS reporter FROM progress_reports r"
    " LEFT JOIN participants p ON p.id = r.participant_id"
    " LEFT JOIN facilitators f ON f.id = r.account_id"
)


def public(row):
    """A report as the API and the export show it (the reporter by name, never a token)."""
    return {
        "id": row["id"],
        "target": row["target"],
        "target_id": row["target_id"],
        "percent": row["percent"],
        "status": row["status"],
        "note": row["note"],
        "evidence_url": row["evidence_url"],
        "reported_at": row["reported_at"],
        "reporter": row["reporter"],
        "reporter_kind": "participant" if row["participant_id"] else "facilitator",
        "opd_id": row["opd_id"],
    }


def get_report(db, report_id):
    """One report, or NotFound."""
    row = first(db, _SELECT + " WHERE r.id = ?", [report_id])
    if row is None:
        raise NotFound("progress_report")
    return public(row)


def find_by_client_id(db, client_id, participant_id=None, account_id=None):
    """The report a reporter already sent with this client_id, or None."""
    if participant_id is not None:
        where, params = "r.participant_id = ? AND r.client_id = ?", [participant_id, client_id]
    else:
        where, params = "r.account_id = ? AND r.client_id = ?", [account_id, client_id]
    row = first(db, _SELECT + " WHERE " + where, params)
    return public(row) if row else None


def add_report(db, workshop_id, target, target_id, fields, reporter, opd_id, client_id=None):
    """Store one report; `reporter` is ("participant"|"facilitator", id). Call inside the
    caller's transaction (the audit entry goes with it)."""
    kind, actor_id = reporter
    report_id = (
        db["progress_reports"]
        .insert(
            {
                "workshop_id": workshop_id,
                "target": target,
                "target_id": target_id,
                "percent": fields["percent"],
                "status": fields["status"],
                "note": fields.get("note") or "",
                "evidence_url": fields.get("evidence_url") or None,
                "reported_at": utcnow(),
                "participant_id": actor_id if kind == "participant" else None,
                "account_id": actor_id if kind == "facilitator" else None,
                "opd_id": opd_id,
                "client_id": client_id,
            }
        )
        .last_pk
    )
    audit.record(
        db,
        "progress_reported",
        actor_kind=kind,
        actor_id=actor_id,
        workshop_id=workshop_id,
        obj=(target, target_id),
        details={"report_id": report_id, "percent": fields["percent"], "status": fields["status"]},
    )
    return get_report(db, report_id)


def list_reports(db, workshop_id, target=None, target_id=None):
    """A workshop's reports (or one item's), oldest first."""
    where, params = "r.workshop_id = ?", [workshop_id]
    if target is not None:
        where += " AND r.target = ? AND r.target_id = ?"
        params += [target, target_id]
    return [public(r) for r in db.query(_SELECT + f" WHERE {where} ORDER BY r.id", params)]  # noqa: S608


def insert_imported(db, workshop_id, report, target_id, opd_id, participant_id, account_id):
    """A report from a JSON dump (workshop import-json), ids already mapped."""
    db["progress_reports"].insert(
        {
            "workshop_id": workshop_id,
            "target": report["target"],
            "target_id": target_id,
            "percent": report["percent"],
            "status": report["status"],
            "note": report.get("note") or "",
            "evidence_url": report.get("evidence_url"),
            "reported_at": report["reported_at"],
            "participant_id": participant_id,
            "account_id": account_id,
            "opd_id": opd_id,
            "client_id": None,
        }
    )


def _idea_columns(db):
    return {r["name"] for r in db.query("SELECT name FROM pragma_table_info('ideas')")}


def list_programmes(db, workshop_id, opd_id=None):
    """The programmes followed up: live ideas of programme sessions. `year_end` and `code`
    come from m013 (prog) when that migration ran, else None."""
    columns = _idea_columns(db)
    extra = ", ".join(
        f"i.{c}" if c in columns else f"NULL AS {c}" for c in ("code", "year_end", "year_start")
    )
    purposes = ", ".join("?" for _ in PROGRAMME_PURPOSES)
    statuses = ", ".join("?" for _ in LIVE_IDEA_STATUSES)
    sql = (
        "SELECT i.id, i.workshop_id, i.session_id, i.title, i.dimension, i.horizon, i.opd_id,"  # noqa: S608
        " i.responsible_opd_id, COALESCE(i.responsible_opd_id, i.opd_id) AS owner_opd_id,"
        f" {extra} FROM ideas i JOIN sessions s ON s.id = i.session_id"
        f" WHERE i.workshop_id = ? AND s.purpose IN ({purposes}) AND i.status IN ({statuses})"
    )
    params = [workshop_id, *PROGRAMME_PURPOSES, *LIVE_IDEA_STATUSES]
    if opd_id is not None:
        sql += " AND COALESCE(i.responsible_opd_id, i.opd_id) = ?"
        params.append(opd_id)
    return list(db.query(sql + " ORDER BY i.dimension, i.id", params))


def get_programme(db, idea_id):
    """One idea as a programme (its owner OPD and session purpose), or NotFound."""
    row = first(
        db,
        "SELECT i.id, i.workshop_id, i.status, i.title, s.purpose,"
        " COALESCE(i.responsible_opd_id, i.opd_id) AS owner_opd_id"
        " FROM ideas i JOIN sessions s ON s.id = i.session_id WHERE i.id = ?",
        [idea_id],
    )
    if row is None:
        raise NotFound("idea")
    return row


def list_actions(db, workshop_id, opd_id=None):
    """A workshop's action items with their session's dimension."""
    sql = (
        "SELECT n.id, n.workshop_id, n.session_id, n.body, n.opd_id, n.due_on,"
        " s.dimension, s.title AS session_title FROM notes n JOIN sessions s ON s.id = n.session_id"
        " WHERE n.workshop_id = ? AND n.kind = 'action'"
    )
    params = [workshop_id]
    if opd_id is not None:
        sql += " AND n.opd_id = ?"
        params.append(opd_id)
    return list(db.query(sql + " ORDER BY n.due_on IS NULL, n.due_on, n.id", params))


def quick_win_ids(db, workshop_id):
    """Ids of the programmes marked as quick wins (the `quick_wins` table of m013, when that
    migration ran; else none)."""
    if not db["quick_wins"].exists():
        return set()
    rows = db.query(
        "SELECT q.idea_id FROM quick_wins q JOIN ideas i ON i.id = q.idea_id"
        " WHERE i.workshop_id = ?",
        [workshop_id],
    )
    return {r["idea_id"] for r in rows}
