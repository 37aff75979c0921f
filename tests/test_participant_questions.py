"""The participant's page of a `qa` session without JavaScript (issue 16 item 9): asking and
supporting post as plain forms through the same rules as the JSON API; bad input comes back
with its message (422), nothing stored; a closed session says so (409)."""

import pytest

from tests.conftest import bearer, csrf_from


@pytest.fixture
def hall(app, auth, db):
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    row = next(
        db.query("SELECT * FROM sessions WHERE workshop_id = ? ORDER BY id", [workshop["id"]])
    )
    db.execute("UPDATE sessions SET kind = 'qa', status = 'open' WHERE id = ?", [row["id"]])
    db.conn.commit()
    _rina, rina_token = auth.participant(workshop, "Rina", "Bappeda")
    _dewi, dewi_token = auth.participant(workshop, "Dewi", "Diskominfo")
    return {"workshop": workshop, "session": row["id"], "rina": rina_token, "dewi": dewi_token}


@pytest.fixture
def rina(client, hall):
    client.set_cookie("rembuk_device", hall["rina"])
    return client


def test_the_page_asks_and_lists_without_javascript(rina, db, hall):
    page = f"/w/s/{hall['session']}"
    html = rina.get(page).get_data(as_text=True)
    assert 'id="qa-form"' in html and 'name="anonymous"' in html
    r = rina.post(
        page, data={"csrf_token": csrf_from(html), "text": "Kapan mulai?", "client_id": "a1"}
    )
    assert r.status_code == 302
    r = rina.post(
        page,
        data={
            "csrf_token": csrf_from(html),
            "text": "Rahasia?",
            "anonymous": "y",
            "client_id": "a2",
        },
    )
    assert r.status_code == 302
    again = rina.post(page, data={"csrf_token": csrf_from(html), "text": "lagi", "client_id": "a2"})
    assert again.status_code == 302
    rows = db.execute("SELECT text, anonymous FROM questions ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [("Kapan mulai?", 0), ("Rahasia?", 1)]
    html = rina.get(page).get_data(as_text=True)
    assert "Kapan mulai?" in html and "Rina (Bappeda)" in html and "Anonim" in html
    assert html.count('aria-pressed="false"') == 2


def test_bad_input_and_a_closed_session(rina, db, hall):
    page = f"/w/s/{hall['session']}"
    html = rina.get(page).get_data(as_text=True)
    r = rina.post(page, data={"csrf_token": csrf_from(html), "text": "  "})
    assert r.status_code == 422 and "Tulis pertanyaan Anda." in r.get_data(as_text=True)
    r = rina.post(page, data={"csrf_token": csrf_from(html), "text": "x" * 281})
    assert r.status_code == 422
    db.execute("UPDATE sessions SET status = 'closed' WHERE id = ?", [hall["session"]])
    db.conn.commit()
    r = rina.post(page, data={"csrf_token": csrf_from(html), "text": "Terlambat"})
    assert r.status_code == 409 and "sudah ditutup" in r.get_data(as_text=True)
    assert db.execute("SELECT COUNT(*) FROM questions").fetchone()[0] == 0


def test_a_support_toggles_without_javascript(rina, client, db, hall):
    q = client.post(
        f"/api/v1/sessions/{hall['session']}/questions",
        json={"text": "Pertanyaan Dewi"},
        headers=bearer(hall["dewi"]),
    ).get_json()
    page = f"/w/s/{hall['session']}"
    html = rina.get(page).get_data(as_text=True)
    url = f"/w/s/{hall['session']}/questions/{q['id']}/upvote"
    assert rina.post(url, data={"csrf_token": csrf_from(html), "on": "1"}).status_code == 302
    html = rina.get(page).get_data(as_text=True)
    assert 'aria-pressed="true"' in html
    assert rina.post(url, data={"csrf_token": csrf_from(html), "on": "0"}).status_code == 302
    assert db.execute("SELECT COUNT(*) FROM question_votes").fetchone()[0] == 0
