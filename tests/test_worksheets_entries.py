"""Worksheet entries (issue 14): readiness ratings, SWOT entries and vision keywords through the
API — shapes by purpose, idempotency, replacement, curation, authorisation and bad input."""

import pytest

from tests.conftest import bearer
from workshop.store import audit

BOGOR = "Bimtek Kota Bogor"


@pytest.fixture
def hall(app, auth, db):
    """The Bimtek template's three worksheet sessions, open, with a facilitator and three
    participants (Rina and Budi of Bappeda, Dewi of Diskominfo)."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"], title=BOGOR)
    sheets = {}
    for purpose in ("readiness", "swot", "vision"):
        row = next(
            db.query(
                "SELECT * FROM sessions WHERE workshop_id = ? AND purpose = ?"
                " AND kind = 'worksheet'",
                [workshop["id"], purpose],
            )
        )
        db.execute("UPDATE sessions SET status = 'open' WHERE id = ?", [row["id"]])
        sheets[purpose] = row
    people = {}
    for name, opd in (("Rina", "Bappeda"), ("Budi", "Bappeda"), ("Dewi", "Diskominfo")):
        person, token = auth.participant(workshop, name, opd)
        people[name.lower()] = {"person": person, "token": token}
    return {"workshop": workshop, "sheets": sheets, "fac": auth.token(), **people}


def post(client, hall, purpose, body, who="rina"):
    token = hall["fac"] if who == "fac" else hall[who]["token"]
    return client.post(
        f"/api/v1/sessions/{hall['sheets'][purpose]['id']}/entries",
        json=body,
        headers=bearer(token),
    )


def count(db):
    return db.execute("SELECT COUNT(*) FROM worksheet_entries").fetchone()[0]


def readiness(client, hall, who="fac"):
    token = hall["fac"] if who == "fac" else hall[who]["token"]
    url = f"/api/v1/sessions/{hall['sheets']['readiness']['id']}/readiness"
    return client.get(url, headers=bearer(token)).get_json()


def item_of(summary, aspect, item):
    block = next(a for a in summary["aspects"] if a["key"] == aspect)
    return next(i for i in block["items"] if i["key"] == item)


RATING = {"aspect": "struktur", "item": "sdm", "rating": "kurang", "note": "Tenaga TIK kurang"}


def test_a_readiness_rating_is_idempotent_and_a_second_one_replaces_it(client, db, hall):
    first = post(client, hall, "readiness", {**RATING, "client_id": "r-1"})
    assert first.status_code == 201, first.get_json()
    entry = first.get_json()
    assert entry["purpose"] == "readiness" and entry["rating"] == "kurang"
    assert entry["note"] == entry["text"] == "Tenaga TIK kurang"
    assert entry["opd_code"] == "Bappeda" and entry["author"] is None and entry["mine"] is True
    replay = post(client, hall, "readiness", {**RATING, "rating": "baik", "client_id": "r-1"})
    assert replay.status_code == 200 and replay.get_json()["id"] == entry["id"]
    assert replay.get_json()["rating"] == "kurang"
    again = post(client, hall, "readiness", {**RATING, "rating": "sedang", "client_id": "r-2"})
    assert again.status_code == 201
    statuses = dict(db.execute("SELECT id, status FROM worksheet_entries").fetchall())
    assert statuses == {entry["id"]: "replaced", again.get_json()["id"]: "visible"}
    # Dewi rates too; the heat map counts one current rating per participant.
    post(client, hall, "readiness", {**RATING, "rating": "kurang", "note": ""}, who="dewi")
    sdm = item_of(readiness(client, hall), "struktur", "sdm")
    assert sdm["counts"] == {"baik": 0, "sedang": 1, "kurang": 1} and sdm["total"] == 2
    assert [n["text"] for n in sdm["notes"]] == ["Tenaga TIK kurang"]
    assert readiness(client, hall)["raters"] == 2
    assert item_of(readiness(client, hall, "budi"), "struktur", "sdm")["counts"]["sedang"] == 1
    # Every write is in the audit log.
    actions = [e["action"] for e in audit.list_entries(db, hall["workshop"]["id"], limit=5)]
    assert actions.count("entry_created") == 3
    # The facilitator sees who rated; the replaced rating only on request.
    url = f"/api/v1/sessions/{hall['sheets']['readiness']['id']}/entries"
    listed = client.get(url, headers=bearer(hall["fac"])).get_json()["items"]
    assert [e["author"]["name"] for e in listed] == ["Rina", "Dewi"]
    old = client.get(url + "?status=replaced", headers=bearer(hall["fac"])).get_json()["items"]
    assert [e["id"] for e in old] == [entry["id"]]


def test_per_opd_readiness_keeps_one_rating_per_opd(client, db, hall):
    sid = hall["sheets"]["readiness"]["id"]
    r = client.patch(
        f"/api/v1/sessions/{sid}", json={"readiness_per_opd": True}, headers=bearer(hall["fac"])
    )
    assert r.status_code == 200 and r.get_json()["readiness_per_opd"] is True
    post(client, hall, "readiness", {**RATING, "rating": "baik"}, who="rina")
    post(client, hall, "readiness", {**RATING, "rating": "kurang"}, who="budi")
    post(client, hall, "readiness", {**RATING, "rating": "sedang"}, who="dewi")
    sdm = item_of(readiness(client, hall), "struktur", "sdm")
    assert sdm["counts"] == {"baik": 0, "sedang": 1, "kurang": 1}
    assert readiness(client, hall)["per_opd"] is True
    # Rina sees her OPD's current rating (Budi's) among "mine".
    url = f"/api/v1/sessions/{sid}/entries?mine=1"
    mine = client.get(url, headers=bearer(hall["rina"]["token"])).get_json()["items"]
    assert [(e["rating"], e["mine"]) for e in mine] == [("kurang", False)]
    # A facilitator enters a paper sheet for an OPD.
    opd = next(db.query("SELECT id FROM opds WHERE code = 'Dinkes'"))["id"]
    r = post(client, hall, "readiness", {**RATING, "rating": "baik", "opd_id": opd}, who="fac")
    assert r.status_code == 201 and r.get_json()["opd_code"] == "Dinkes"
    assert item_of(readiness(client, hall), "struktur", "sdm")["counts"]["baik"] == 1


@pytest.mark.parametrize(
    "purpose, body, field",
    [
        ("readiness", {**RATING, "rating": "bagus"}, "rating"),
        ("readiness", {**RATING, "aspect": "lainnya"}, "aspect"),
        ("readiness", {**RATING, "item": "fisik"}, "item"),  # an item of another aspect
        ("readiness", {**RATING, "item": "jaringan"}, "item"),
        ("readiness", {**RATING, "note": "x" * 281}, "note"),
        ("readiness", {**RATING, "quadrant": "S"}, "quadrant"),  # a SWOT field
        ("readiness", {**RATING, "purpose": "swot"}, "purpose"),
        ("readiness", {**RATING, "opd_id": 1}, "opd_id"),  # participants rate as their OPD
        ("swot", {"quadrant": "X", "text": "Kuat"}, "quadrant"),
        ("swot", {"quadrant": "S", "text": ""}, "text"),
        ("swot", {"quadrant": "S", "text": "Kuat", "dimension": "smart_village"}, "dimension"),
        (
            "swot",
            {"quadrant": "S", "text": "Kuat", "dimension": "governance", "element": "x"},
            "element",
        ),
        ("swot", {"quadrant": "S", "text": "Kuat", "rating": "baik"}, "rating"),
        ("vision", {"text": ""}, "text"),
        ("vision", {"text": "   "}, "text"),
        ("vision", {"text": "x" * 41}, "text"),
        ("vision", {"text": "melayani", "client_id": "not a uuid!"}, "client_id"),
    ],
)
def test_bad_input_is_a_field_error_and_stores_nothing(client, db, hall, purpose, body, field):
    r = post(client, hall, purpose, body)
    assert r.status_code == 422, r.get_json()
    assert field in r.get_json()["error"]["fields"]
    assert count(db) == 0


def test_a_keyword_of_forty_characters_after_collapsing_spaces_is_accepted(client, hall):
    r = post(client, hall, "vision", {"text": "  " + "kota   " + "x" * 35 + "  "})
    assert r.status_code == 201 and r.get_json()["text"] == "kota " + "x" * 35


def test_closed_wrong_and_foreign_sessions_are_refused(client, db, auth, hall):
    sheets = hall["sheets"]
    db.execute("UPDATE sessions SET status = 'closed' WHERE id = ?", [sheets["swot"]["id"]])
    r = post(client, hall, "swot", {"quadrant": "S", "text": "Kuat"})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "session_closed"
    # A facilitator may still enter a paper worksheet.
    assert (
        post(client, hall, "swot", {"quadrant": "S", "text": "Kuat"}, who="fac").status_code == 201
    )
    talk = next(db.query("SELECT id FROM sessions WHERE kind = 'ideas'"))["id"]
    r = client.post(
        f"/api/v1/sessions/{talk}/entries",
        json={"text": "x"},
        headers=bearer(hall["rina"]["token"]),
    )
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "not_worksheet"
    other = auth.workshop(auth.create("bob")["id"], title="Lain")
    _stranger, token = auth.participant(other, "Sari", "Bappeda")
    r = client.post(
        f"/api/v1/sessions/{sheets['vision']['id']}/entries",
        json={"text": "melayani"},
        headers=bearer(token),
    )
    assert r.status_code == 404
    projector = bearer(hall["workshop"]["projector_key"])
    r = client.post(
        f"/api/v1/sessions/{sheets['vision']['id']}/entries", json={"text": "x"}, headers=projector
    )
    assert r.status_code == 403
    assert count(db) == 1


def test_a_flood_of_entries_is_429(client, db, hall):
    for n in range(40):
        assert post(client, hall, "vision", {"text": f"kata {n}"}).status_code == 201
    r = post(client, hall, "vision", {"text": "satu lagi"})
    assert r.status_code == 429 and r.headers["Retry-After"]
    assert count(db) == 40


def test_swot_entries_are_curated_by_facilitators(client, db, hall):
    fac, rina, dewi = (
        bearer(hall["fac"]),
        bearer(hall["rina"]["token"]),
        bearer(hall["dewi"]["token"]),
    )
    body = {"quadrant": "W", "text": "Data antar-OPD belum terintegrasi", "dimension": "governance"}
    a = post(client, hall, "swot", body).get_json()
    b = post(
        client, hall, "swot", {**body, "text": "Data OPD tidak terintegrasi"}, who="dewi"
    ).get_json()
    # Authors edit their own while the sheet is open; others may not.
    r = client.patch(f"/api/v1/entries/{a['id']}", json={"element": "policy"}, headers=rina)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["element"] == "policy"
    assert (
        client.patch(f"/api/v1/entries/{a['id']}", json={"text": "x"}, headers=dewi).status_code
        == 403
    )
    r = client.patch(f"/api/v1/entries/{a['id']}", json={"status": "hidden"}, headers=rina)
    assert r.status_code == 403
    # Hidden: gone for the hall, kept for facilitators.
    r = client.patch(f"/api/v1/entries/{b['id']}", json={"status": "hidden"}, headers=fac)
    assert r.status_code == 200 and r.get_json()["status"] == "hidden"
    url = f"/api/v1/sessions/{hall['sheets']['swot']['id']}/entries"
    for token in (rina, dewi, bearer(hall["workshop"]["projector_key"])):
        assert [e["id"] for e in client.get(url, headers=token).get_json()["items"]] == [a["id"]]
    assert client.get(f"/api/v1/entries/{b['id']}", headers=dewi).status_code == 404
    assert len(client.get(url, headers=fac).get_json()["items"]) == 2
    # Merge the duplicate into the first, then undo it.
    client.patch(f"/api/v1/entries/{b['id']}", json={"status": "visible"}, headers=fac)
    r = client.patch(f"/api/v1/entries/{b['id']}", json={"merged_into": a["id"]}, headers=fac)
    assert r.status_code == 200 and r.get_json()["status"] == "merged"
    survivor = client.get(f"/api/v1/entries/{a['id']}", headers=fac).get_json()
    assert survivor["merged"] == [b["id"]]
    assert [e["id"] for e in client.get(url, headers=dewi).get_json()["items"]] == [a["id"]]
    r = client.patch(f"/api/v1/entries/{b['id']}", json={"merged_into": None}, headers=fac)
    assert r.status_code == 200 and r.get_json()["status"] == "visible"
    # Quoting is for readiness notes only.
    r = client.patch(f"/api/v1/entries/{a['id']}", json={"quoted": True}, headers=fac)
    assert r.status_code == 422 and "quoted" in r.get_json()["error"]["fields"]
    # Withdrawn by its author; closed sheets refuse authors but not facilitators.
    assert client.delete(f"/api/v1/entries/{a['id']}", headers=rina).status_code == 204
    assert client.get(f"/api/v1/entries/{a['id']}", headers=rina).status_code == 404
    db.execute("UPDATE sessions SET status = 'closed' WHERE id = ?", [hall["sheets"]["swot"]["id"]])
    r = client.patch(f"/api/v1/entries/{b['id']}", json={"text": "Baru"}, headers=dewi)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "session_closed"
    r = client.patch(f"/api/v1/entries/{b['id']}", json={"text": "Baru"}, headers=fac)
    assert r.status_code == 200 and r.get_json()["text"] == "Baru"
    actions = {e["action"] for e in audit.list_entries(db, hall["workshop"]["id"], limit=50)}
    assert {"entry_created", "entry_updated", "entry_hidden", "entry_merged"} <= actions
    assert {"entry_unmerged", "entry_withdrawn"} <= actions


def test_readiness_notes_are_quoted_and_hidden_ratings_do_not_count(client, hall):
    fac = bearer(hall["fac"])
    entry = post(client, hall, "readiness", RATING).get_json()
    r = client.patch(f"/api/v1/entries/{entry['id']}", json={"quoted": True}, headers=fac)
    assert r.status_code == 200 and r.get_json()["quoted"] is True
    sdm = item_of(readiness(client, hall), "struktur", "sdm")
    assert sdm["notes"] == [
        {
            "entry_id": entry["id"],
            "text": "Tenaga TIK kurang",
            "rating": "kurang",
            "opd_code": "Bappeda",
            "quoted": True,
        }
    ]
    r = client.patch(
        f"/api/v1/entries/{entry['id']}", json={"merged_into": entry["id"]}, headers=fac
    )
    assert r.status_code == 422
    client.patch(f"/api/v1/entries/{entry['id']}", json={"status": "hidden"}, headers=fac)
    assert item_of(readiness(client, hall, "dewi"), "struktur", "sdm")["total"] == 0
    # The author changes the rating itself (not its item).
    rina = bearer(hall["rina"]["token"])
    other = post(client, hall, "readiness", {**RATING, "item": "anggaran"}).get_json()
    r = client.patch(f"/api/v1/entries/{other['id']}", json={"rating": "baik"}, headers=rina)
    assert r.status_code == 200 and r.get_json()["rating"] == "baik"
    r = client.patch(f"/api/v1/entries/{other['id']}", json={"item": "sdm"}, headers=rina)
    assert r.status_code == 422 and "item" in r.get_json()["error"]["fields"]


def test_vision_keywords_are_normalised_counted_and_merged(client, hall):
    for who, text in [
        ("rina", "Melayani"),
        ("dewi", "  melayani "),
        ("budi", "MELAYANI"),
        ("rina", "Kota  Pusaka"),
        ("dewi", "kota pusaka"),
        ("budi", "nyaman"),
        ("budi", "pelayanan"),
    ]:
        assert post(client, hall, "vision", {"text": text}, who=who).status_code == 201
    url = f"/api/v1/sessions/{hall['sheets']['vision']['id']}/keywords"
    got = client.get(url, headers=bearer(hall["workshop"]["projector_key"])).get_json()
    assert got["items"] == [
        {"text": "melayani", "count": 3},
        {"text": "kota pusaka", "count": 2},
        {"text": "nyaman", "count": 1},
        {"text": "pelayanan", "count": 1},
    ]
    merge = url + "/merge"
    r = client.post(
        merge, json={"from": "Pelayanan", "into": "melayani"}, headers=bearer(hall["fac"])
    )
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["items"][0]["text"] == "melayani" and r.get_json()["items"][0]["count"] == 4
    assert len(r.get_json()["items"][0]["entry_ids"]) == 4
    r = client.post(
        merge, json={"from": "tangguh", "into": "melayani"}, headers=bearer(hall["fac"])
    )
    assert r.status_code == 422 and "from" in r.get_json()["error"]["fields"]
    r = client.post(
        merge, json={"from": "nyaman", "into": "melayani"}, headers=bearer(hall["rina"]["token"])
    )
    assert r.status_code == 403
    got = client.get(url, headers=bearer(hall["dewi"]["token"])).get_json()
    assert [(i["text"], i["count"]) for i in got["items"]] == [
        ("melayani", 4),
        ("kota pusaka", 2),
        ("nyaman", 1),
    ]
    assert "entry_ids" not in got["items"][0]


def test_a_merged_participant_keeps_their_entries(client, db, hall):
    post(client, hall, "readiness", {**RATING, "rating": "baik"}, who="budi")
    post(client, hall, "readiness", {**RATING, "rating": "kurang"}, who="rina")
    post(client, hall, "vision", {"text": "hijau"}, who="budi")
    r = client.post(
        f"/api/v1/participants/{hall['budi']['person']['id']}/merge",
        json={"into": hall["rina"]["person"]["id"]},
        headers=bearer(hall["fac"]),
    )
    assert r.status_code == 200, r.get_json()
    rows = list(db.query("SELECT participant_id, status, rating, purpose FROM worksheet_entries"))
    assert {r["participant_id"] for r in rows} == {hall["rina"]["person"]["id"]}
    sdm = item_of(readiness(client, hall), "struktur", "sdm")
    assert sdm["counts"] == {"baik": 0, "sedang": 0, "kurang": 1}


def test_keywords_count_only_vision_entries(client, hall):
    """A session whose purpose changed keeps its earlier entries out of the keyword cloud."""
    fac = bearer(hall["fac"])
    post(client, hall, "swot", {"quadrant": "S", "text": "kuat"})
    sid = hall["sheets"]["swot"]["id"]
    assert (
        client.patch(f"/api/v1/sessions/{sid}", json={"purpose": "vision"}, headers=fac).status_code
        == 200
    )
    assert (
        client.post(
            f"/api/v1/sessions/{sid}/entries",
            json={"text": "hijau"},
            headers=bearer(hall["rina"]["token"]),
        ).status_code
        == 201
    )
    got = client.get(f"/api/v1/sessions/{sid}/keywords", headers=fac).get_json()
    assert [(i["text"], i["count"]) for i in got["items"]] == [("hijau", 1)]


def test_strategy_statements_are_entries_of_a_strategy_worksheet(client, db, hall):
    fac = bearer(hall["fac"])
    session = next(
        db.query(
            "SELECT id FROM sessions WHERE workshop_id = ? AND purpose = 'strategy'",
            [hall["workshop"]["id"]],
        )
    )
    url = f"/api/v1/sessions/{session['id']}/entries"
    body = {"text": "Satu data kota", "dimension": "governance", "element": "policy"}
    rina = bearer(hall["rina"]["token"])
    # The template's strategy session is a discussion until the facilitator makes it a worksheet.
    assert client.post(url, json=body, headers=rina).status_code == 409
    client.patch(
        f"/api/v1/sessions/{session['id']}",
        json={"kind": "worksheet", "status": "open"},
        headers=fac,
    )
    r = client.post(url, json={**body, "client_id": "st-1"}, headers=rina)
    assert r.status_code == 201, r.get_json()
    made = r.get_json()
    assert (made["purpose"], made["text"], made["element"]) == (
        "strategy",
        "Satu data kota",
        "policy",
    )
    assert client.post(url, json={**body, "client_id": "st-1"}, headers=rina).status_code == 200
    r = client.post(url, json={**body, "quadrant": "S"}, headers=rina)
    assert r.status_code == 422 and "quadrant" in r.get_json()["error"]["fields"]
    r = client.patch(f"/api/v1/entries/{made['id']}", json={"dimension": "living"}, headers=rina)
    assert r.status_code == 200 and r.get_json()["element"] is None  # the old element left
    assert count(db) == 1
