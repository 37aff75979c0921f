"""Stages months apart (issue 17): up to four stages with their dates, the agenda numbered
across them, the join code and devices valid until 30 days after the last stage, and the
"open between stages" window for the OPD's own items."""

import datetime

import pytest

from tests.conftest import bearer, csrf_from
from workshop.store import ideas, participants, worksheets, workshops

TODAY = datetime.date.today()


def day(offset):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def stages(*specs):
    return [
        {"name": f"Tahap {n}", "starts_on": start, "days": days}
        for n, (start, days) in enumerate(specs, start=1)
    ]


@pytest.fixture
def fac(auth):
    auth.create()
    return auth.token()


def create(client, fac, **extra):
    body = {"title": "Bimtek Kota Bogor", "city": "Kota Bogor", **extra}
    return client.post("/api/v1/workshops", headers=bearer(fac), json=body)


def workshop_count(db):
    return db.execute("SELECT COUNT(*) FROM workshops").fetchone()[0]


def test_create_with_stages_numbers_the_agenda_across_them(client, db, fac):
    response = create(client, fac, stages=stages((day(0), 2), (day(60), 1), (day(90), 1)))
    assert response.status_code == 201, response.get_json()
    ws = response.get_json()
    assert ws["starts_on"] == day(0) and ws["days"] == 4 and ws["ends_on"] == day(90)
    assert ws["valid_until"] == day(120)
    assert [s["name"] for s in ws["stages"]] == ["Tahap 1", "Tahap 2", "Tahap 3"]
    days = client.get(f"/api/v1/workshops/{ws['id']}/days", headers=bearer(fac)).get_json()
    assert [(d["number"], d["date"], d["stage"]) for d in days["items"]] == [
        (1, day(0), "Tahap 1"),
        (2, day(1), "Tahap 1"),
        (3, day(60), "Tahap 2"),
        (4, day(90), "Tahap 3"),
    ]


def test_patch_stages_and_open_between(client, db, fac):
    ws = create(client, fac, starts_on=day(0)).get_json()
    assert ws["stages"] == [] and ws["open_between_until"] is None
    body = {"stages": stages((day(0), 2), (day(40), 2)), "open_between_until": day(39)}
    response = client.patch(f"/api/v1/workshops/{ws['id']}", headers=bearer(fac), json=body)
    assert response.status_code == 200, response.get_json()
    changed = response.get_json()
    assert changed["days"] == 4 and changed["ends_on"] == day(41)
    assert changed["open_between_until"] == day(39)
    # A participant reads the window too (the home page shows it).
    _person, token = participants.join(db, ws["id"], "Rina", _opd(db, ws["id"]))
    mine = client.get(f"/api/v1/workshops/{ws['id']}", headers=bearer(token)).get_json()
    assert mine["open_between_until"] == day(39) and len(mine["stages"]) == 2
    # Days or start date alone no longer change a staged workshop.
    refused = client.patch(f"/api/v1/workshops/{ws['id']}", headers=bearer(fac), json={"days": 6})
    assert refused.status_code == 422 and "days" in refused.get_json()["error"]["fields"]
    # Clearing the window.
    cleared = client.patch(
        f"/api/v1/workshops/{ws['id']}", headers=bearer(fac), json={"open_between_until": None}
    )
    assert cleared.get_json()["open_between_until"] is None


@pytest.mark.parametrize(
    "bad,field",
    [
        (stages((day(0), 2), (day(1), 2)), "stages.1.starts_on"),  # overlaps
        (stages((day(10), 2), (day(0), 2)), "stages.1.starts_on"),  # backwards
        (stages((day(0), 11)), "stages.0.days"),
        (stages((day(0), 0)), "stages.0.days"),
        (stages(("2026-13-01", 2)), "stages.0.starts_on"),
        ([{"name": "", "starts_on": day(0), "days": 2}], "stages.0.name"),
        (stages(*[(day(i * 20), 1) for i in range(5)]), "stages"),  # five stages
        ("Tahap I", "stages"),
    ],
)
def test_bad_stages_are_422_and_store_nothing(client, db, fac, bad, field):
    before = workshop_count(db)
    response = create(client, fac, stages=bad)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"], response.get_json()
    assert workshop_count(db) == before
    ws = create(client, fac, starts_on=day(0)).get_json()
    patched = client.patch(
        f"/api/v1/workshops/{ws['id']}", headers=bearer(fac), json={"stages": bad}
    )
    assert patched.status_code == 422
    assert field in patched.get_json()["error"]["fields"]
    row = workshops.get_workshop(db, ws["id"])
    assert row["stages"] == "[]" and row["days"] == 4


def _opd(db, workshop_id):
    return db.execute(
        "SELECT id FROM opds WHERE workshop_id = ? LIMIT 1", [workshop_id]
    ).fetchone()[0]


def test_code_and_device_valid_across_the_gap(client, db, fac):
    # Tahap I was 40 days ago, Tahap II is in 20 days: today falls in the gap.
    ws = create(client, fac, stages=stages((day(-40), 2), (day(20), 2))).get_json()
    joined = client.post(
        "/api/v1/join", json={"code": ws["code"], "name": "Rina", "opd_id": _opd(db, ws["id"])}
    )
    assert joined.status_code == 201
    token = joined.get_json()["token"]
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200


def test_code_and_device_refused_31_days_after_the_last_day(client, db, fac):
    # The last stage ended 31 days ago; the device joined back then.
    ws = create(client, fac, stages=stages((day(-80), 2), (day(-32), 2))).get_json()
    _person, token = participants.join(db, ws["id"], "Rina", _opd(db, ws["id"]))
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    late = client.post(
        "/api/v1/join", json={"code": ws["code"], "name": "Sari", "opd_id": _opd(db, ws["id"])}
    )
    assert late.status_code == 404 and late.get_json()["error"]["code"] == "code_expired"


def test_device_still_valid_30_days_after_the_last_day(client, db, fac):
    ws = create(client, fac, stages=stages((day(-80), 2), (day(-31), 2))).get_json()
    assert ws["valid_until"] == TODAY.isoformat()
    _person, token = participants.join(db, ws["id"], "Rina", _opd(db, ws["id"]))
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200


class Between:
    """A staged workshop whose programme and SWOT sessions are closed, with two members of
    Bappeda and one of Diskominfo."""

    def __init__(self, client, db, auth, fac):
        ws = create(client, fac, stages=stages((day(-10), 2), (day(30), 2))).get_json()
        self.ws = ws
        self.client, self.fac = client, fac
        sessions = {
            r["purpose"]: r
            for r in db.query(
                "SELECT * FROM sessions WHERE workshop_id = ? AND kind IN ('ideas', 'worksheet')",
                [ws["id"]],
            )
        }
        rina, self.rina = auth.participant(ws, "Rina", "Bappeda")
        _adi, self.adi = auth.participant(ws, "Adi", "Bappeda")
        _budi, self.budi = auth.participant(ws, "Budi", "Diskominfo")
        programs = dict(sessions["programs"], status="open")
        self.idea, _ = ideas.create_idea(
            db,
            programs,
            {"title": "Satu Data", "dimension": "governance", "opd_id": rina["opd_id"]},
            participant_id=rina["id"],
        )
        swot = dict(sessions["swot"], status="open")
        self.entry, _new, _replaced = worksheets.create_entry(
            db,
            swot,
            {"quadrant": "S", "text": "Kuat", "opd_id": rina["opd_id"]},
            participant_id=rina["id"],
        )
        db.execute(
            "UPDATE sessions SET status = 'closed' WHERE id IN (?, ?)",
            [programs["id"], swot["id"]],
        )

    def window(self, until):
        response = self.client.patch(
            f"/api/v1/workshops/{self.ws['id']}",
            headers=bearer(self.fac),
            json={"open_between_until": until},
        )
        assert response.status_code == 200

    def edit_idea(self, token, title):
        return self.client.patch(
            f"/api/v1/ideas/{self.idea['id']}", headers=bearer(token), json={"title": title}
        )

    def edit_entry(self, token, text):
        return self.client.patch(
            f"/api/v1/entries/{self.entry['id']}", headers=bearer(token), json={"text": text}
        )


def test_closed_sessions_refuse_edits_without_the_window(client, db, auth, fac):
    hall = Between(client, db, auth, fac)
    assert hall.edit_idea(hall.rina, "Satu Data Bogor").status_code == 409
    assert hall.edit_entry(hall.rina, "Kuat sekali").status_code == 409
    hall.window(day(-1))  # the window has passed
    assert hall.edit_idea(hall.rina, "Satu Data Bogor").status_code == 409


def test_the_window_lets_the_opd_edit_its_own_items(client, db, auth, fac):
    hall = Between(client, db, auth, fac)
    hall.window(day(5))
    response = hall.edit_idea(hall.adi, "Satu Data Kota Bogor")  # a colleague of the author
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["title"] == "Satu Data Kota Bogor"
    assert hall.edit_entry(hall.rina, "Kuat sekali").status_code == 200
    # Another OPD's members still may not.
    assert hall.edit_idea(hall.budi, "Bukan milik kami").status_code == 403
    assert hall.edit_entry(hall.budi, "Bukan milik kami").status_code == 403
    assert ideas.get_idea(db, hall.idea["id"])["title"] == "Satu Data Kota Bogor"


def test_the_workshop_page_sets_stages_without_javascript(client, db, auth, fac):
    ws = create(client, fac, starts_on=day(0)).get_json()
    auth.login()
    page = client.get(f"/workshops/{ws['id']}").get_data(as_text=True)
    assert 'id="stages-heading"' in page and 'name="stage-3-starts_on"' in page
    token = csrf_from(page)
    form = {
        "csrf_token": token,
        "stage-0-name": "Tahap I",
        "stage-0-starts_on": day(0),
        "stage-0-days": "2",
        "stage-1-name": "Tahap II",
        "stage-1-starts_on": day(1),  # overlaps Tahap I
        "stage-1-days": "2",
        "open_between_until": day(20),
    }
    refused = client.post(f"/workshops/{ws['id']}/stages", data=form)
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert 'id="stage-1-starts_on-error"' in text and f'value="{day(1)}"' in text
    assert workshops.get_workshop(db, ws["id"])["stages"] == "[]"
    form["stage-1-starts_on"] = day(45)
    saved = client.post(f"/workshops/{ws['id']}/stages", data=form)
    assert saved.status_code == 302
    row = workshops.get_workshop(db, ws["id"])
    assert [s["name"] for s in workshops.stages_of(row)] == ["Tahap I", "Tahap II"]
    assert row["open_between_until"] == day(20)
    page = client.get(f"/workshops/{ws['id']}").get_data(as_text=True)
    assert 'id="ws-open-between"' in page and 'value="Tahap II"' in page


def test_attendance_groups_by_stage(client, db, fac):
    ws = create(client, fac, stages=stages((day(-40), 2), (day(0), 2))).get_json()
    _person, token = participants.join(db, ws["id"], "Rina", _opd(db, ws["id"]))
    days = client.get(f"/api/v1/workshops/{ws['id']}/attendance", headers=bearer(fac)).get_json()
    rows = days["items"] if isinstance(days, dict) else days
    assert [(d["day"], d["date"], d["stage"]) for d in rows] == [
        (1, day(-40), "Tahap 1"),
        (2, day(-39), "Tahap 1"),
        (3, day(0), "Tahap 2"),
        (4, day(1), "Tahap 2"),
    ]
    assert rows[2]["total"] == 1  # joined today: the first day of Tahap 2
