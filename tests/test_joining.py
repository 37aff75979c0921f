"""Joining by code or QR, staying the same person on a device, and the 10-per-minute guard."""

import datetime
import re

import pytest
import segno

from tests.conftest import bearer, csrf_from
from workshop.views.joining import JOIN_MAX_FAILURES


@pytest.fixture
def workshop(auth):
    return auth.workshop(auth.create()["id"])


def opd_id(db, workshop, code="Bappeda"):
    return next(
        db.query("SELECT id FROM opds WHERE workshop_id = ? AND code = ?", [workshop["id"], code])
    )["id"]


def count(db, table):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


def test_join_by_api(client, db, workshop):
    code = workshop["code"]
    typed = f" {code[:3].lower()} {code[3:]} "  # as people type it off the screen
    response = client.post(
        "/api/v1/join", json={"code": typed, "name": "Rina", "opd_id": opd_id(db, workshop)}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["participant"] == {
        "id": body["participant"]["id"],
        "name": "Rina",
        "opd_id": opd_id(db, workshop),
        "workshop_id": workshop["id"],
    }
    me = client.get("/api/v1/me", headers=bearer(body["token"])).get_json()
    assert me["kind"] == "participant" and me["participant"]["opd_code"] == "Bappeda"
    stored = [r["token_hash"] for r in db.query("SELECT token_hash FROM devices")]
    assert body["token"] not in stored
    assert count(db, "attendance") == 1
    actions = [r["action"] for r in db.query("SELECT action FROM audit")]
    assert "participant_joined" in actions


def test_join_info_lists_the_roster(client, workshop):
    info = client.get(f"/api/v1/join/{workshop['code'].lower()}").get_json()
    assert info["workshop"]["title"] == workshop["title"]
    assert {"Bappeda", "Diskominfo", "Dinkes"} <= {o["code"] for o in info["opds"]}


@pytest.mark.parametrize(
    "change,status,field,message",
    [
        ({"code": "ZZZZZZ"}, 404, "code", "Kode tidak ditemukan — periksa kembali kode di layar."),
        ({"code": ""}, 422, "code", "Masukkan kode yang tampil di layar."),
        ({"name": ""}, 422, "name", "Nama wajib diisi (maks. 80 karakter)."),
        ({"name": "   "}, 422, "name", "Nama wajib diisi (maks. 80 karakter)."),
        ({"name": "x" * 200}, 422, "name", "Maksimal 80 karakter."),
        ({"name": "Rina\x07"}, 422, "name", "Hapus karakter kendali dari teks ini."),
        ({"opd_id": "abc"}, 422, "opd_id", None),
        ({"opd_id": None}, 422, "opd_id", "Pilih OPD Anda."),
        ({"opd_id": 999999}, 422, "opd_id", "Pilih OPD dari daftar lokakarya ini."),
    ],
)
def test_bad_joins_change_nothing(client, db, workshop, change, status, field, message):
    body = {"code": workshop["code"], "name": "Rina", "opd_id": opd_id(db, workshop)}
    body.update(change)
    body = {k: v for k, v in body.items() if v is not None}
    response = client.post("/api/v1/join", json=body)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert field in error["fields"]
    if message:
        assert error["fields"][field] == [message]
    assert count(db, "participants") == 0


def test_opd_of_another_workshop_is_refused(client, db, auth, workshop):
    other = auth.workshop(auth.create("bob")["id"], title="Bimtek Kota Depok")
    response = client.post(
        "/api/v1/join",
        json={"code": workshop["code"], "name": "Rina", "opd_id": opd_id(db, other)},
    )
    assert response.status_code == 422
    assert "opd_id" in response.get_json()["error"]["fields"]
    assert count(db, "participants") == 0


def test_expired_code(client, db, auth):
    old = auth.workshop(auth.create()["id"], starts_on="2017-08-01")
    response = client.post(
        "/api/v1/join", json={"code": old["code"], "name": "Rina", "opd_id": opd_id(db, old)}
    )
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "code_expired"
    assert count(db, "participants") == 0


def test_wrong_codes_are_rate_limited_per_address(app, db, workshop):
    guesser = app.test_client()
    for i in range(JOIN_MAX_FAILURES):
        assert guesser.get(f"/api/v1/join/AAAA{i:02d}").status_code == 404
    blocked = guesser.post(
        "/api/v1/join",
        json={"code": workshop["code"], "name": "Rina", "opd_id": opd_id(db, workshop)},
    )
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 60
    assert blocked.get_json()["error"]["code"] == "rate_limited"
    assert guesser.get(f"/qr/{workshop['code']}.svg").status_code == 429
    neighbour = app.test_client()
    ok = neighbour.post(
        "/api/v1/join",
        json={"code": workshop["code"], "name": "Rina", "opd_id": opd_id(db, workshop)},
        environ_base={"REMOTE_ADDR": "192.0.2.77"},
    )
    assert ok.status_code == 201


def test_qr_encodes_the_lan_join_url(client, workshop):
    response = client.get(f"/qr/{workshop['code']}.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    url = f"http://192.0.2.10:8000/j/{workshop['code']}"
    import io

    expected = io.BytesIO()
    segno.make(url, error="m").save(
        expected,
        kind="svg",
        scale=10,
        border=2,
        dark="#000",
        light="#fff",
        xmldecl=False,
        svgns=True,
        title=url,
    )
    assert response.data == expected.getvalue()
    assert client.get("/qr/NOPE22.svg").status_code == 404


def test_join_pages_and_coming_back_on_the_same_device(client, db, workshop):
    page = client.get("/join")
    assert "Gabung" in page.get_data(as_text=True) or "Lanjut" in page.get_data(as_text=True)
    token = csrf_from(page.get_data(as_text=True))
    step1 = client.post("/join", data={"code": workshop["code"].lower(), "csrf_token": token})
    assert step1.status_code == 302
    assert step1.headers["Location"] == f"/j/{workshop['code']}"
    form = client.get(step1.headers["Location"]).get_data(as_text=True)
    assert workshop["title"] in form and "Bappeda" in form
    done = client.post(
        step1.headers["Location"],
        data={
            "code": workshop["code"],
            "name": "Rina",
            "opd_id": opd_id(db, workshop),
            "csrf_token": csrf_from(form),
        },
    )
    assert done.status_code == 302 and done.headers["Location"] == "/w"
    cookie = done.headers["Set-Cookie"]
    assert "rembuk_device=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    home = client.get("/w").get_data(as_text=True)
    assert "Rina" in home and "Bappeda" in home
    # Day 3, same phone: scanning the QR again lands them in, no second participant.
    again = client.get(f"/j/{workshop['code']}")
    assert again.status_code == 302 and again.headers["Location"] == "/w"
    assert client.get("/").headers["Location"] == "/w"
    assert count(db, "participants") == 1


def test_join_page_errors_are_field_level(client, db, workshop):
    token = csrf_from(client.get("/join").get_data(as_text=True))
    wrong = client.post("/join", data={"code": "QQQQQQ", "csrf_token": token})
    assert wrong.status_code == 404
    assert "Kode tidak ditemukan — periksa kembali kode di layar." in wrong.get_data(as_text=True)
    form = client.get(f"/j/{workshop['code']}").get_data(as_text=True)
    empty = client.post(
        f"/j/{workshop['code']}",
        data={"code": workshop["code"], "name": "", "opd_id": "", "csrf_token": csrf_from(form)},
    )
    assert empty.status_code == 422
    html = empty.get_data(as_text=True)
    assert "Nama wajib diisi (maks. 80 karakter)." in html
    name_input = re.search(r'<input[^>]*id="name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in name_input
    assert 'aria-describedby="name-error"' in name_input
    assert count(db, "participants") == 0


def test_returning_device_on_another_day_gets_attendance_not_a_new_row(app, client, db, workshop):
    body = client.post(
        "/api/v1/join",
        json={"code": workshop["code"], "name": "Rina", "opd_id": opd_id(db, workshop)},
    ).get_json()
    two_days_ago = datetime.date.today() - datetime.timedelta(days=2)
    db.execute("UPDATE attendance SET on_date = ?", [two_days_ago.isoformat()])
    db.execute("UPDATE devices SET last_seen_at = ?", [f"{two_days_ago}T02:00:00Z"])
    assert client.get("/api/v1/me", headers=bearer(body["token"])).status_code == 200
    days = [r["on_date"] for r in db.query("SELECT on_date FROM attendance ORDER BY on_date")]
    assert days == [two_days_ago.isoformat(), datetime.date.today().isoformat()]
    assert count(db, "participants") == 1


def test_revoked_cookie_sends_the_browser_back_to_join(client, db, workshop):
    form = client.get(f"/j/{workshop['code']}").get_data(as_text=True)
    client.post(
        f"/j/{workshop['code']}",
        data={
            "code": workshop["code"],
            "name": "Rina",
            "opd_id": opd_id(db, workshop),
            "csrf_token": csrf_from(form),
        },
    )
    db.execute("UPDATE devices SET revoked_at = '2026-01-01T00:00:00Z'")
    response = client.get("/w")
    assert response.headers["Location"] == "/join"
    assert "rembuk_device=;" in response.headers["Set-Cookie"]
