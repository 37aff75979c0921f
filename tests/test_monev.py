"""Monitoring and evaluation (issue 17): progress reports on programmes and action items,
the monitoring overview, a participant's follow-up list, the live event, and the round trip
of reports and viewer accounts through the JSON dump."""

import datetime
import json

import pytest

from tests.conftest import bearer, unbatched
from workshop import create_app
from workshop.db import open_app_db
from workshop.export import jsondump, model
from workshop.export.importer import import_workshop
from workshop.realtime import socketio
from workshop.store import accounts, ideas, notes

GOOD = {"percent": 40, "status": "berjalan", "note": "Tender selesai", "client_id": "r-1"}


def count(db, table="progress_reports"):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


def opd_id(db, workshop, code):
    return db.execute(
        "SELECT id FROM opds WHERE workshop_id = ? AND code = ?", [workshop["id"], code]
    ).fetchone()[0]


class Hall:
    """A Bimtek workshop with a programme of Bappeda, an action item of Diskominfo, their
    participants, and a second workshop with its own programme."""

    def __init__(self, auth, db):
        self.alice = auth.create()
        self.fac = auth.token()
        self.ws = auth.workshop(self.alice["id"])
        session = db.execute(
            "SELECT * FROM sessions WHERE workshop_id = ? AND purpose = 'programs'"
            " AND kind = 'ideas'",
            [self.ws["id"]],
        ).fetchone()
        session = dict(
            next(db.query("SELECT * FROM sessions WHERE id = ?", [session[0]])), status="open"
        )
        self.session = session
        self.rina, self.rina_token = auth.participant(self.ws, "Rina", "Bappeda")
        self.budi, self.budi_token = auth.participant(self.ws, "Budi", "Diskominfo")
        idea, _ = ideas.create_idea(
            db,
            session,
            {"title": "Satu Data Bogor", "dimension": "governance", "horizon": "quick_win"},
            participant_id=self.rina["id"],
        )
        db.execute(
            "UPDATE ideas SET opd_id = ? WHERE id = ?", [opd_id(db, self.ws, "Bappeda"), idea["id"]]
        )
        self.idea = idea
        self.action = notes.create_note(
            db,
            session,
            {
                "kind": "action",
                "body": "Siapkan SK tim Smart City",
                "opd_id": opd_id(db, self.ws, "Diskominfo"),
                "due_on": "2020-01-31",
            },
            self.alice["id"],
        )
        self.plain_note = notes.create_note(
            db, session, {"kind": "note", "body": "Catatan"}, self.alice["id"]
        )
        bob = auth.create("bob")
        other = auth.workshop(bob["id"], title="Bimtek Kota Depok")
        other_session = dict(
            next(
                db.query(
                    "SELECT * FROM sessions WHERE workshop_id = ? AND purpose = 'programs'"
                    " AND kind = 'ideas'",
                    [other["id"]],
                )
            ),
            status="open",
        )
        self.other_idea, _ = ideas.create_idea(
            db,
            other_session,
            {"title": "Depok", "dimension": "governance"},
            facilitator_id=bob["id"],
        )


@pytest.fixture
def hall(auth, db):
    return Hall(auth, db)


def test_participant_of_the_opd_reports_and_replays(client, db, hall):
    url = f"/api/v1/ideas/{hall.idea['id']}/progress"
    first = client.post(url, headers=bearer(hall.rina_token), json=GOOD)
    assert first.status_code == 201, first.get_json()
    report = first.get_json()
    assert report["percent"] == 40 and report["status"] == "berjalan"
    assert report["reporter"] == "Rina" and report["target"] == "idea"
    # The outbox sends it again: the same report, nothing new.
    again = client.post(url, headers=bearer(hall.rina_token), json=GOOD)
    assert again.status_code == 200 and again.get_json()["id"] == report["id"]
    assert count(db) == 1
    audit = db.execute("SELECT COUNT(*) FROM audit WHERE action = 'progress_reported'").fetchone()
    assert audit[0] == 1


def test_every_report_is_kept_and_the_latest_counts(client, db, hall):
    url = f"/api/v1/ideas/{hall.idea['id']}/progress"
    client.post(url, headers=bearer(hall.rina_token), json=GOOD)
    later = {"percent": 100, "status": "selesai", "evidence_url": "https://bogorkota.go.id/x"}
    assert client.post(url, headers=bearer(hall.fac), json=later).status_code == 201
    data = client.get(
        f"/api/v1/workshops/{hall.ws['id']}/monitoring", headers=bearer(hall.fac)
    ).get_json()
    [programme] = data["programmes"]
    assert [r["percent"] for r in programme["history"]] == [40, 100]
    assert programme["latest"]["status"] == "selesai" and programme["percent"] == 100
    assert programme["latest"]["reporter"] == "alice"
    assert programme["overdue"] is False


@pytest.mark.parametrize(
    "body,field",
    [
        ({"percent": 101, "status": "berjalan"}, "percent"),
        ({"percent": -1, "status": "berjalan"}, "percent"),
        ({"status": "berjalan"}, "percent"),
        ({"percent": 10, "status": "done"}, "status"),
        ({"percent": 10}, "status"),
        ({"percent": 10, "status": "belum", "evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ({"percent": 10, "status": "belum", "evidence_url": "ftp://x.id/a"}, "evidence_url"),
    ],
)
def test_bad_reports_are_422_and_store_nothing(client, db, hall, body, field):
    response = client.post(
        f"/api/v1/ideas/{hall.idea['id']}/progress", headers=bearer(hall.rina_token), json=body
    )
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert count(db) == 0


def test_reporter_outside_the_opd_is_403(client, db, hall):
    wrong = client.post(
        f"/api/v1/ideas/{hall.idea['id']}/progress", headers=bearer(hall.budi_token), json=GOOD
    )
    assert wrong.status_code == 403
    also = client.post(
        f"/api/v1/notes/{hall.action['id']}/progress", headers=bearer(hall.rina_token), json=GOOD
    )
    assert also.status_code == 403
    assert count(db) == 0
    # The action's own OPD may.
    ok = client.post(
        f"/api/v1/notes/{hall.action['id']}/progress", headers=bearer(hall.budi_token), json=GOOD
    )
    assert ok.status_code == 201 and ok.get_json()["target"] == "note"


def test_another_workshops_item_is_404(client, db, hall):
    for token in (hall.rina_token, hall.fac):
        response = client.post(
            f"/api/v1/ideas/{hall.other_idea['id']}/progress", headers=bearer(token), json=GOOD
        )
        assert response.status_code == 404
    assert (
        client.post("/api/v1/notes/99999/progress", headers=bearer(hall.fac), json=GOOD).status_code
        == 404
    )
    assert count(db) == 0


def test_only_action_items_and_programmes(client, db, hall):
    response = client.post(
        f"/api/v1/notes/{hall.plain_note['id']}/progress", headers=bearer(hall.fac), json=GOOD
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "not_action"
    assert count(db) == 0


def test_projector_cannot_report(client, db, hall):
    response = client.post(
        f"/api/v1/ideas/{hall.idea['id']}/progress",
        headers=bearer(hall.ws["projector_key"]),
        json=GOOD,
    )
    assert response.status_code == 403
    assert count(db) == 0


def test_overdue_and_summaries(client, db, hall):
    data = client.get(
        f"/api/v1/workshops/{hall.ws['id']}/monitoring", headers=bearer(hall.fac)
    ).get_json()
    [action] = data["actions"]
    assert action["overdue"] is True and action["latest"] is None and action["status"] == "belum"
    # selesai clears the flag, whatever the date.
    client.post(
        f"/api/v1/notes/{hall.action['id']}/progress",
        headers=bearer(hall.budi_token),
        json={"percent": 100, "status": "selesai"},
    )
    data = client.get(
        f"/api/v1/workshops/{hall.ws['id']}/monitoring", headers=bearer(hall.fac)
    ).get_json()
    assert data["actions"][0]["overdue"] is False
    by_opd = {o["opd_code"]: o for o in data["by_opd"]}
    assert by_opd["Diskominfo"]["percent"] == 100.0
    assert by_opd["Diskominfo"]["statuses"]["selesai"] == 1
    assert by_opd["Bappeda"]["reported"] == 0
    dims = {d["dimension"]: d for d in data["by_dimension"]}
    assert dims["governance"]["items"] == 1
    assert data["totals"]["items"] == 2


def test_programme_due_date_from_horizon_and_year_end(db, hall):
    from workshop.rules.progress import due_date

    ws = {"year": 2026}
    assert due_date({"target": "idea", "horizon": "quick_win"}, ws) == datetime.date(2026, 12, 31)
    assert due_date({"target": "idea", "horizon": "medium"}, ws) == datetime.date(2029, 12, 31)
    assert due_date({"target": "idea", "year_end": 2028, "horizon": "long"}, ws) == datetime.date(
        2028, 12, 31
    )
    assert due_date({"target": "idea"}, ws) is None


def test_participants_cannot_read_the_monitoring(client, hall):
    response = client.get(
        f"/api/v1/workshops/{hall.ws['id']}/monitoring", headers=bearer(hall.rina_token)
    )
    assert response.status_code == 403


def test_follow_up_lists_the_opds_own_items(client, db, hall):
    mine = client.get("/api/v1/me/follow-up", headers=bearer(hall.budi_token)).get_json()
    assert [(i["target"], i["id"]) for i in mine["items"]] == [("note", hall.action["id"])]
    assert [i["id"] for i in mine["due"]] == [hall.action["id"]]
    rina = client.get("/api/v1/me/follow-up", headers=bearer(hall.rina_token)).get_json()
    assert [(i["target"], i["id"]) for i in rina["items"]] == [("idea", hall.idea["id"])]
    assert rina["open_between_until"] is None
    assert client.get("/api/v1/me/follow-up", headers=bearer(hall.fac)).status_code == 403


def test_progress_reported_reaches_facilitators_and_the_opd_only(app, client, db, hall):
    fac = socketio.test_client(app, auth={"token": hall.fac, "workshop_id": hall.ws["id"]})
    rina = socketio.test_client(app, auth={"token": hall.rina_token})
    budi = socketio.test_client(app, auth={"token": hall.budi_token})
    for sc in (fac, rina, budi):
        sc.get_received()
    client.post(
        f"/api/v1/ideas/{hall.idea['id']}/progress", headers=bearer(hall.rina_token), json=GOOD
    )

    def heard(sc):
        return [e for e in unbatched(sc.get_received()) if e["name"] == "progress_reported"]

    [event] = heard(fac)
    assert event["args"][0]["target_id"] == hall.idea["id"]
    assert len(heard(rina)) == 1
    assert heard(budi) == []
    for sc in (fac, rina, budi):
        sc.disconnect()


def test_reports_and_viewers_survive_the_json_round_trip(tmp_path, client, db, hall, runner):
    client.post(
        f"/api/v1/ideas/{hall.idea['id']}/progress", headers=bearer(hall.rina_token), json=GOOD
    )
    client.post(
        f"/api/v1/notes/{hall.action['id']}/progress",
        headers=bearer(hall.fac),
        json={"percent": 20, "status": "terhambat", "note": "Menunggu anggaran"},
    )
    client.patch(
        f"/api/v1/workshops/{hall.ws['id']}",
        headers=bearer(hall.fac),
        json={
            "stages": [
                {"name": "Tahap I", "starts_on": hall.ws["starts_on"], "days": 3},
                {
                    "name": "Tahap II",
                    "starts_on": (
                        datetime.date.fromisoformat(hall.ws["starts_on"])
                        + datetime.timedelta(days=40)
                    ).isoformat(),
                    "days": 1,
                },
            ],
            "open_between_until": "2099-01-01",
        },
    )
    accounts.create_facilitator(db, "dewan", "rahasia-dewan", role="viewer")
    added = client.post(
        f"/api/v1/workshops/{hall.ws['id']}/facilitators",
        headers=bearer(hall.fac),
        json={"username": "dewan"},
    )
    assert added.status_code == 201 and added.get_json()["role"] == "viewer"
    before = model.gather(db, hall.ws["id"])
    assert [r["reporter"] for r in before["progress_reports"]] == ["Rina", "alice"]
    assert len(before["workshop"]["stages"]) == 2
    assert {"username": "dewan", "role": "viewer", "member": True} in [
        {k: f[k] for k in ("username", "role", "member")} for f in before["facilitators"]
    ]
    raw = jsondump.dump(before)
    assert "password" not in raw.decode() and "token" not in raw.decode()
    data = jsondump.load(raw)
    with db.atomic():
        new_id, report = import_workshop(db, data)
    assert "dewan" in report["linked"]
    again = model.gather(db, new_id)
    assert jsondump.comparable(again) == jsondump.comparable(json.loads(raw))
    assert again["workshop"]["stages"] == before["workshop"]["stages"]
    assert again["workshop"]["open_between_until"] == "2099-01-01"
    assert len(again["progress_reports"]) == 2


def test_viewer_accounts_travel_without_secrets(tmp_path, db, hall):
    accounts.create_facilitator(db, "dewan", "rahasia-dewan", role="viewer")
    viewer = accounts.find_facilitator_by_username(db, "dewan")
    db.execute(
        "INSERT INTO workshop_facilitators (workshop_id, facilitator_id, added_at)"
        " VALUES (?, ?, '2026-01-01T00:00:00Z')",
        [hall.ws["id"], viewer["id"]],
    )
    data = model.gather(db, hall.ws["id"])
    [row] = [f for f in data["facilitators"] if f["username"] == "dewan"]
    assert row == {"id": viewer["id"], "username": "dewan", "role": "viewer", "member": True}
    target = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "other.db"),
            "INSTANCE_PATH": str(tmp_path / "other"),
        }
    )
    other = open_app_db(target)
    try:
        accounts.create_facilitator(other, "dewan", "lain-sandi", role="viewer")
        with other.atomic():
            new_id, report = import_workshop(other, jsondump.load(jsondump.dump(data)))
        assert report["linked"] == ["dewan"]
        members = other.execute(
            "SELECT f.username, f.role FROM workshop_facilitators wf JOIN facilitators f"
            " ON f.id = wf.facilitator_id WHERE wf.workshop_id = ?",
            [new_id],
        ).fetchall()
        assert ("dewan", "viewer") in [tuple(m) for m in members]
    finally:
        other.close()


def test_cli_creates_viewer_accounts(runner, db):
    made = runner.invoke(args=["facilitator", "add", "dewan", "--viewer", "--password", "x" * 12])
    assert made.exit_code == 0 and "Created viewer dewan" in made.output
    assert accounts.find_facilitator_by_username(db, "dewan")["role"] == "viewer"
    both = runner.invoke(
        args=["facilitator", "add", "boss", "--viewer", "--admin", "--password", "x" * 12]
    )
    assert both.exit_code != 0
    assert accounts.find_facilitator_by_username(db, "boss") is None
    listed = runner.invoke(args=["facilitator", "list"])
    assert "dewan (viewer)" in listed.output


def test_viewer_reads_monitoring_and_exports_but_cannot_report(client, db, hall):
    accounts.create_facilitator(db, "dewan", "rahasia-dewan", role="viewer")
    client.post(
        f"/api/v1/workshops/{hall.ws['id']}/facilitators",
        headers=bearer(hall.fac),
        json={"username": "dewan"},
    )
    token = client.post(
        "/api/v1/auth/token", json={"username": "dewan", "password": "rahasia-dewan"}
    ).get_json()["token"]
    wid = hall.ws["id"]
    assert (
        client.get(f"/api/v1/workshops/{wid}/monitoring", headers=bearer(token)).status_code == 200
    )
    exported = client.get(f"/api/v1/workshops/{wid}/export?format=json", headers=bearer(token))
    assert exported.status_code == 200
    refused = client.post(
        f"/api/v1/ideas/{hall.idea['id']}/progress", headers=bearer(token), json=GOOD
    )
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "read_only"
    assert count(db) == 0
    # A viewer cannot make itself (or anyone) a facilitator of another workshop either.
    assert client.post("/api/v1/workshops", headers=bearer(token), json={}).status_code == 403
