"""The participant's worksheet pages without JavaScript (issue 14): readiness ratings, SWOT
entries and vision keywords posted as plain forms call the same rules as the JSON API; bad
input comes back beside its field in Indonesian (422), nothing stored; a closed sheet is 409."""

import re
from pathlib import Path

import pytest

from tests.conftest import bearer, csrf_from
from workshop.forms.worksheets import ENTRY_TEXT_MAX, KEYWORD_MAX, NOTE_MAX, QUADRANTS, RATINGS


def worksheet_session(db, workshop, purpose, status="open", per_opd=False):
    """A worksheet session of the workshop with this purpose (day 1)."""
    row = next(
        db.query(
            "SELECT * FROM sessions WHERE workshop_id = ? ORDER BY day, position", [workshop["id"]]
        )
    )
    cursor = db.execute(
        "INSERT INTO sessions (workshop_id, day, position, starts_at, ends_at, title, kind,"
        " status, created_at, updated_at, settings, purpose, readiness_per_opd)"
        " VALUES (?, 1, 99, '13:00', '14:00', ?, 'worksheet', ?, ?, ?, '{}', ?, ?)",
        [
            workshop["id"],
            f"Kertas kerja {purpose}",
            status,
            row["created_at"],
            row["created_at"],
            purpose,
            int(per_opd),
        ],
    )
    db.conn.commit()
    return cursor.lastrowid


@pytest.fixture
def hall(app, auth, db):
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    rina, rina_token = auth.participant(workshop, "Rina", "Bappeda")
    dewi, dewi_token = auth.participant(workshop, "Dewi", "Bappeda")
    return {
        "workshop": workshop,
        "fac": auth.token(),
        "rina": rina,
        "rina_token": rina_token,
        "dewi_token": dewi_token,
        "readiness": worksheet_session(db, workshop, "readiness"),
        "swot": worksheet_session(db, workshop, "swot"),
        "vision": worksheet_session(db, workshop, "vision"),
    }


@pytest.fixture
def rina(client, hall):
    client.set_cookie("rembuk_device", hall["rina_token"])
    return client


def page(client, session_id, **params):
    response = client.get(f"/w/s/{session_id}", query_string=params)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def post(client, session_id, data, path="/entries"):
    html = page(client, session_id)
    match = re.search(r'name="client_id" value="([^"]+)"', html)
    body = {"csrf_token": csrf_from(html), **data}
    if match and "client_id" not in data:
        body["client_id"] = match.group(1)
    return client.post(f"/w/s/{session_id}{path}", data=body)


def entries(db, session_id):
    return list(
        db.query("SELECT * FROM worksheet_entries WHERE session_id = ? ORDER BY id", [session_id])
    )


def test_the_readiness_page_lists_the_items_by_aspect_with_three_choices(rina, hall):
    html = page(rina, hall["readiness"])
    for aspect in ("Struktur", "Infrastruktur", "Suprastruktur"):
        assert f">{aspect}" in html
    assert "Sumber daya manusia (pelaksana dan penerima manfaat)" in html
    assert html.count('name="rating" value="baik"') == 9
    assert "Belum dinilai" in html


def test_a_rating_posted_without_javascript_is_stored_and_shown(rina, hall, db):
    response = post(
        rina,
        hall["readiness"],
        {"aspect": "struktur", "item": "sdm", "rating": "sedang", "note": "Tenaga TIK kurang"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/w/s/{hall['readiness']}#item-struktur-sdm")
    (row,) = entries(db, hall["readiness"])
    assert (row["aspect"], row["item"], row["rating"], row["text"]) == (
        "struktur",
        "sdm",
        "sedang",
        "Tenaga TIK kurang",
    )
    html = page(rina, hall["readiness"])
    assert "Tersimpan: Sedang" in html
    assert re.search(r'value="sedang" id="rating-struktur-sdm-sedang"\s+checked', html)
    # A second rating of the same item replaces the first (one current rating).
    post(rina, hall["readiness"], {"aspect": "struktur", "item": "sdm", "rating": "baik"})
    current = [r for r in entries(db, hall["readiness"]) if r["status"] == "visible"]
    assert [r["rating"] for r in current] == ["baik"]


def test_a_double_submit_of_the_same_form_stores_one_entry(rina, hall, db):
    html = page(rina, hall["swot"])
    client_id = re.search(r'name="client_id" value="([^"]+)"', html).group(1)
    data = {
        "csrf_token": csrf_from(html),
        "client_id": client_id,
        "quadrant": "S",
        "text": "Perizinan daring sudah berjalan",
    }
    assert rina.post(f"/w/s/{hall['swot']}/entries", data=data).status_code == 302
    again = rina.post(f"/w/s/{hall['swot']}/entries", data=data, follow_redirects=True)
    assert "sudah diterima sebelumnya" in again.get_data(as_text=True)
    assert len(entries(db, hall["swot"])) == 1


@pytest.mark.parametrize(
    ("session", "data", "field", "message"),
    [
        (
            "readiness",
            {"aspect": "struktur", "item": "sdm", "rating": "luar biasa"},
            "rating",
            None,
        ),
        ("readiness", {"aspect": "struktur", "item": "bukan_butir", "rating": "baik"}, None, None),
        ("readiness", {"aspect": "lainnya", "item": "sdm", "rating": "baik"}, None, None),
        ("swot", {"quadrant": "X", "text": "Sesuatu"}, "quadrant", "Pilih kuadran"),
        ("swot", {"quadrant": "S", "text": ""}, "text", None),
        ("vision", {"text": ""}, "text", "40"),
        ("vision", {"text": "x" * 41}, "text", "40"),
    ],
)
def test_bad_input_comes_back_beside_its_field_and_nothing_is_stored(
    rina, hall, db, session, data, field, message
):
    response = post(rina, hall[session], data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="error"' in html
    if field == "quadrant":
        assert re.search(r'id="quadrant-error" data-error-for="quadrant"\s*>[^<]+', html)
    if field == "text":
        assert re.search(r'id="ws-text-error" data-error-for="text"\s*>[^<]+', html)
        assert 'aria-invalid="true"' in html
    if field == "rating":
        assert re.search(r'id="rating-struktur-sdm-error" data-error-for="rating"\s*>[^<]+', html)
    if message:
        assert message in html
    assert entries(db, hall[session]) == []


def test_a_closed_sheet_refuses_with_409_and_says_so(rina, hall, db):
    db.execute("UPDATE sessions SET status = 'closed' WHERE id = ?", [hall["swot"]])
    db.conn.commit()
    html = page(rina, hall["swot"])
    assert "Kertas kerja ini sudah ditutup." in html
    response = post(rina, hall["swot"], {"quadrant": "S", "text": "Terlambat"})
    assert response.status_code == 409
    assert entries(db, hall["swot"]) == []


def test_own_entries_can_be_changed_and_deleted_while_open(rina, hall, db):
    post(rina, hall["swot"], {"quadrant": "W", "text": "Data belum terintegrasi"})
    (row,) = entries(db, hall["swot"])
    html = page(rina, hall["swot"], edit=row["id"])
    assert "Ubah entri Anda" in html
    changed = post(
        rina,
        hall["swot"],
        {"quadrant": "W", "text": "Data antar-OPD belum terintegrasi", "dimension": "governance"},
        path=f"/entries/{row['id']}",
    )
    assert changed.status_code == 302
    row = entries(db, hall["swot"])[0]
    assert (row["text"], row["dimension"]) == ("Data antar-OPD belum terintegrasi", "governance")
    gone = post(rina, hall["swot"], {}, path=f"/entries/{row['id']}/delete")
    assert gone.status_code == 302
    assert entries(db, hall["swot"])[0]["status"] == "withdrawn"


def test_another_participant_cannot_touch_my_entry(client, hall, db):
    client.set_cookie("rembuk_device", hall["rina_token"])
    post(client, hall["swot"], {"quadrant": "S", "text": "Milik Rina"})
    (row,) = entries(db, hall["swot"])
    client.set_cookie("rembuk_device", hall["dewi_token"])
    html = page(client, hall["swot"])
    assert "Milik Rina" in html  # visible on the board …
    assert f"/entries/{row['id']}/delete" not in html  # … but not hers to change
    response = post(
        client, hall["swot"], {"quadrant": "S", "text": "Ubah"}, f"/entries/{row['id']}"
    )
    assert response.status_code == 404
    assert entries(db, hall["swot"])[0]["text"] == "Milik Rina"


def test_hidden_entries_reach_no_participant(rina, hall, db):
    post(rina, hall["swot"], {"quadrant": "T", "text": "Isian yang disembunyikan"})
    (row,) = entries(db, hall["swot"])
    hidden = rina.patch(
        f"/api/v1/entries/{row['id']}", json={"status": "hidden"}, headers=bearer(hall["fac"])
    )
    assert hidden.status_code == 200, hidden.get_data(as_text=True)
    assert "Isian yang disembunyikan" not in page(rina, hall["swot"])


def test_per_opd_readiness_says_so_and_shows_the_colleagues_rating(client, hall, db):
    sheet = worksheet_session(db, hall["workshop"], "readiness", per_opd=True)
    client.set_cookie("rembuk_device", hall["dewi_token"])
    post(client, sheet, {"aspect": "struktur", "item": "anggaran", "rating": "kurang"})
    client.set_cookie("rembuk_device", hall["rina_token"])
    html = page(client, sheet)
    assert "Satu penilaian per OPD" in html
    assert "Tersimpan: Kurang" in html


def test_the_vision_page_counts_characters_and_lists_my_keywords(rina, hall):
    html = page(rina, hall["vision"])
    assert 'maxlength="40"' in html
    assert "Maksimal 40 karakter." in html
    post(rina, hall["vision"], {"text": "Kota   cerdas "})
    html = page(rina, hall["vision"])
    assert re.search(r'class="ws-entry-text">Kota cerdas<', html)


def test_the_home_names_a_worksheet_by_what_it_collects(rina, hall):
    html = rina.get("/w").get_data(as_text=True)
    assert f'href="/w/s/{hall["swot"]}"' in html


def test_the_phone_checks_the_same_choices_and_limits_as_the_server(rina, hall):
    """worksheet-rules.js repeats the entry forms' choices; the page carries their limits."""
    js = (Path(__file__).resolve().parent.parent / "static/js/worksheet-rules.js").read_text()
    assert 'var RATINGS = ["' + '", "'.join(RATINGS) + '"];' in js
    assert 'var QUADRANTS = ["' + '", "'.join(QUADRANTS) + '"];' in js
    limits = re.search(r"data-limits='([^']+)'", page(rina, hall["vision"])).group(1)
    assert limits == f'{{"note": {NOTE_MAX}, "text": {KEYWORD_MAX}}}'
    limits = re.search(r"data-limits='([^']+)'", page(rina, hall["swot"])).group(1)
    assert limits == f'{{"note": {NOTE_MAX}, "text": {ENTRY_TEXT_MAX}}}'
