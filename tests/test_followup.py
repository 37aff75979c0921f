"""workshop/followup.py and trend_chart.py: which items are followed up, the latest report,
overdue flags, the per-dimension and per-OPD tallies and the trend (pure, no store)."""

import datetime

from workshop import followup
from workshop.trend_chart import svg

TODAY = datetime.date(2027, 3, 1)


def data(reports=(), quick_marks=True):
    ideas = [
        # id, session, status, dimension, responsible, horizon, year_end
        (1, 10, "visible", "governance", 7, "short", 2028),
        (2, 10, "visible", "economy", 8, "quick_win", None),  # due end of 2026 (horizon)
        (3, 10, "hidden", "economy", 8, None, None),  # not followed up
        (4, 11, "visible", "economy", 8, None, None),  # an issues session: not a programme
    ]
    return {
        "workshop": {"year": 2026},
        "sessions": [
            {"id": 10, "purpose": "programs", "dimension": None},
            {"id": 11, "purpose": "issues", "dimension": "living"},
        ],
        "dimensions": [
            {"key": "governance", "name": "Smart Governance", "name_id": "Tata Kelola"},
            {"key": "economy", "name": "Smart Economy", "name_id": "Ekonomi"},
        ],
        "opds": [
            {"id": 7, "code": "Bappeda", "name": "Badan"},
            {"id": 8, "code": "Dinkes", "name": "Dinas"},
        ],
        "ideas": [
            {
                "id": i,
                "session_id": s,
                "status": st,
                "dimension": d,
                "responsible_opd_id": o,
                "opd_id": None,
                "title": f"P{i}",
                "code": f"X-{i:02d}",
                "horizon": h,
                "year_end": y,
                **(
                    {"quick_win": {"reason": "r", "marked_at": "x"} if i == 1 else None}
                    if quick_marks
                    else {}
                ),
            }
            for i, s, st, d, o, h, y in ideas
        ],
        "notes": [
            {
                "id": 20,
                "session_id": 11,
                "kind": "action",
                "body": "Aksi",
                "opd_id": 7,
                "due_on": "2027-02-01",
            },
            {
                "id": 21,
                "session_id": 11,
                "kind": "decision",
                "body": "Putusan",
                "opd_id": 7,
                "due_on": None,
            },
        ],
        "progress_reports": list(reports),
    }


def rep(n, target, target_id, percent, status, day):
    return {
        "id": n,
        "target": target,
        "target_id": target_id,
        "percent": percent,
        "status": status,
        "note": f"n{n}",
        "evidence_url": None,
        "reported_at": f"2027-01-{day:02d}T08:00:00Z",
        "reporter": "R",
        "opd_id": 7,
    }


def test_programmes_of_programme_sessions_and_actions_are_followed_up():
    found = followup.items(data(), TODAY)
    assert [(i["target"], i["target_id"]) for i in found] == [
        ("idea", 2),
        ("idea", 1),
        ("note", 20),
    ]


def test_latest_report_counts_and_overdue_needs_a_past_due_date_without_selesai():
    reports = [
        rep(1, "idea", 2, 30, "berjalan", 2),
        rep(2, "note", 20, 100, "selesai", 3),
        rep(3, "idea", 2, 60, "terhambat", 5),
    ]
    found = {(i["target"], i["target_id"]): i for i in followup.items(data(reports), TODAY)}
    quick = found[("idea", 2)]
    assert (quick["percent"], quick["status"], len(quick["history"])) == (60, "terhambat", 2)
    assert quick["due_year"] == 2026 and quick["overdue"]  # horizon quick_win: end of 2026
    assert not found[("note", 20)]["overdue"]  # done
    assert not found[("idea", 1)]["overdue"]  # due 2028
    assert followup.items(data(), TODAY)[-1]["overdue"]  # the action, unreported, is late


def test_summary_tallies_and_trend():
    reports = [
        rep(1, "idea", 2, 30, "berjalan", 2),
        rep(2, "idea", 1, 90, "berjalan", 2),
        rep(3, "note", 20, 60, "berjalan", 4),
    ]
    view = followup.summary(data(reports), TODAY)
    assert view["total"]["count"] == 3 and view["total"]["percent"] == 60
    assert [(d["key"], d["count"]) for d in view["by_dimension"]] == [
        ("governance", 1),
        ("economy", 1),
        ("living", 1),
    ]
    assert {o["opd_id"]: o["count"] for o in view["by_opd"]} == {7: 2, 8: 1}
    assert view["trend"] == [("2027-01-02", 40.0), ("2027-01-04", 60.0)]
    assert [i["target_id"] for i in view["quick_wins"]] == [1]
    named = followup.named(view, data(reports), "id", limit=1)
    assert named["by_dimension"]["rows"][0]["name"] == "Tata Kelola"
    assert named["by_dimension"]["more"] == 2


def test_quick_wins_fall_back_to_the_horizon_without_marks():
    view = followup.summary(data(quick_marks=False), TODAY)
    assert [i["target_id"] for i in view["quick_wins"]] == [2]


def test_trend_chart_escapes_and_draws_every_point():
    chart = svg([("2027-01-02", 40.0), ("2027-01-04", 60.0)], "<Tren>", "d&d")
    assert "&lt;Tren&gt;" in chart and "d&amp;d" in chart
    assert chart.count("<circle") == 2 and "60%" in chart
    empty = svg([], "t", "d", empty_text="Belum ada")
    assert "Belum ada" in empty and "<polyline" not in empty
