"""TOWS strategies, the adopted vision and the workshop's readiness list (issue 14), and the
live pushes of every worksheet write: the hall hears visible entries only."""

import pytest

from tests.conftest import bearer
from workshop import reference
from workshop.store import audit


@pytest.fixture
def hall(app, auth, db):
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    sheets = {}
    for purpose in ("readiness", "swot", "vision"):
        row = next(
            db.query(
                "SELECT * FROM sessions WHERE workshop_id = ? AND purpose = ?",
                [workshop["id"], purpose],
            )
        )
        db.execute("UPDATE sessions SET status = 'open' WHERE id = ?", [row["id"]])
        sheets[purpose] = row
    strategy = next(
        db.query(
            "SELECT * FROM sessions WHERE workshop_id = ? AND purpose = 'strategy'",
            [workshop["id"]],
        )
    )
    rina, rina_token = auth.participant(workshop, "Rina", "Bappeda")
    _dewi, dewi_token = auth.participant(workshop, "Dewi", "Diskominfo")
    return {
        "workshop": workshop,
        "sheets": sheets,
        "strategy_session": strategy,
        "fac": auth.token(),
        "rina": rina_token,
        "dewi": dewi_token,
    }


def entry(client, hall, purpose, body, token=None):
    r = client.post(
        f"/api/v1/sessions/{hall['sheets'][purpose]['id']}/entries",
        json=body,
        headers=bearer(token or hall["rina"]),
    )
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_tows_strategies_are_composed_from_swot_entries(client, db, hall):
    fac = bearer(hall["fac"])
    s = entry(client, hall, "swot", {"quadrant": "S", "text": "Perizinan daring berjalan"})
    o = entry(client, hall, "swot", {"quadrant": "O", "text": "Program SPBE nasional"})
    url = f"/api/v1/sessions/{hall['sheets']['swot']['id']}/strategies"
    body = {
        "type": "SO",
        "text": "Memperluas perizinan daring dengan pendampingan SPBE",
        "dimension": "governance",
        "element": "service",
        "from": [s["id"], o["id"]],
    }
    r = client.post(url, json=body, headers=fac)
    assert r.status_code == 201, r.get_json()
    made = r.get_json()
    assert {k: made[k] for k in body} == body
    # Everyone of the workshop reads them; only facilitators write.
    for token in (hall["rina"], hall["workshop"]["projector_key"]):
        assert client.get(url, headers=bearer(token)).get_json()["items"] == [made]
    assert client.post(url, json=body, headers=bearer(hall["rina"])).status_code == 403
    every = f"/api/v1/workshops/{hall['workshop']['id']}/strategies"
    assert [x["id"] for x in client.get(every, headers=fac).get_json()["items"]] == [made["id"]]
    r = client.patch(
        f"/api/v1/strategies/{made['id']}", json={"type": "WO", "from": [o["id"]]}, headers=fac
    )
    assert r.status_code == 200 and (r.get_json()["type"], r.get_json()["from"]) == (
        "WO",
        [o["id"]],
    )
    r = client.patch(f"/api/v1/strategies/{made['id']}", json={"element": "tourism"}, headers=fac)
    assert r.status_code == 422 and "element" in r.get_json()["error"]["fields"]
    assert client.delete(f"/api/v1/strategies/{made['id']}", headers=fac).status_code == 204
    assert client.get(url, headers=fac).get_json()["items"] == []
    actions = [e["action"] for e in audit.list_entries(db, hall["workshop"]["id"], limit=3)]
    assert actions == ["strategy_deleted", "strategy_updated", "strategy_created"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"type": "SX", "text": "x"}, "type"),
        ({"text": "x"}, "type"),  # required in a swot session
        ({"type": "SO", "text": ""}, "text"),
        ({"type": "SO", "text": "x" * 501}, "text"),
        ({"type": "SO", "text": "x", "dimension": "smart_village"}, "dimension"),
        ({"type": "SO", "text": "x", "from": ["a"]}, "from"),
        ({"type": "SO", "text": "x", "from": [999999]}, "from"),
    ],
)
def test_bad_strategies_store_nothing(client, db, hall, body, field):
    url = f"/api/v1/sessions/{hall['sheets']['swot']['id']}/strategies"
    r = client.post(url, json=body, headers=bearer(hall["fac"]))
    assert r.status_code == 422, r.get_json()
    assert field in r.get_json()["error"]["fields"]
    assert db.execute("SELECT COUNT(*) FROM worksheet_strategies").fetchone()[0] == 0


def test_strategy_statements_and_where_strategies_belong(client, db, hall):
    fac = bearer(hall["fac"])
    rating = entry(
        client, hall, "readiness", {"aspect": "struktur", "item": "sdm", "rating": "baik"}
    )
    # A strategy session takes statements without a TOWS type (once it is a worksheet).
    sid = hall["strategy_session"]["id"]
    client.patch(f"/api/v1/sessions/{sid}", json={"kind": "worksheet"}, headers=fac)
    r = client.post(
        f"/api/v1/sessions/{sid}/strategies",
        json={"text": "Satu data kota", "dimension": "governance"},
        headers=fac,
    )
    assert r.status_code == 201 and r.get_json()["type"] is None
    r = client.post(
        f"/api/v1/sessions/{sid}/strategies",
        json={"text": "x", "from": [rating["id"]]},
        headers=fac,
    )
    assert r.status_code == 422 and "from" in r.get_json()["error"]["fields"]
    r = client.post(
        f"/api/v1/sessions/{hall['sheets']['readiness']['id']}/strategies",
        json={"type": "SO", "text": "x"},
        headers=fac,
    )
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "not_worksheet"


def test_the_vision_is_recorded_by_facilitators(client, db, hall):
    url = f"/api/v1/workshops/{hall['workshop']['id']}/vision"
    empty = client.get(url, headers=bearer(hall["rina"])).get_json()
    assert (empty["vision"], empty["missions"]) == ("", [])
    body = {
        "vision": "Bogor Kota Cerdas yang Melayani, Nyaman dan Terintegrasi",
        "missions": ["Pelayanan publik cepat dan transparan", "Kota nyaman dan hijau"],
    }
    r = client.put(url, json=body, headers=bearer(hall["fac"]))
    assert r.status_code == 200 and r.get_json()["missions"] == body["missions"]
    got = client.get(url, headers=bearer(hall["workshop"]["projector_key"])).get_json()
    assert (got["vision"], got["missions"]) == (body["vision"], body["missions"])
    assert client.put(url, json=body, headers=bearer(hall["rina"])).status_code == 403
    for bad, field in [
        ({"missions": ["x"] * 13}, "missions"),
        ({"missions": [""]}, "missions"),
        ({"vision": "x" * 301}, "vision"),
    ]:
        r = client.put(url, json=bad, headers=bearer(hall["fac"]))
        assert r.status_code == 422 and field in r.get_json()["error"]["fields"]
    assert client.get(url, headers=bearer(hall["fac"])).get_json()["missions"] == body["missions"]
    assert audit.list_entries(db, hall["workshop"]["id"], limit=1)[0]["action"] == "vision_updated"


def test_the_readiness_list_is_the_workshops_own(client, db, hall):
    url = f"/api/v1/workshops/{hall['workshop']['id']}/readiness-items"
    fac = bearer(hall["fac"])
    listed = client.get(url, headers=bearer(hall["rina"])).get_json()
    assert listed == reference.readiness_list()
    aspects = listed["aspects"]
    aspects[1]["items"].append({"key": "energi", "name_id": "Infrastruktur energi"})
    r = client.put(url, json={"aspects": aspects}, headers=fac)
    assert r.status_code == 200, r.get_json()
    added = r.get_json()["aspects"][1]["items"][-1]
    assert added == {
        "key": "energi",
        "name_id": "Infrastruktur energi",
        "name": "Infrastruktur energi",
    }
    rating = {"aspect": "infrastruktur", "item": "energi", "rating": "sedang"}
    entry(client, hall, "readiness", rating)
    summary = client.get(
        f"/api/v1/sessions/{hall['sheets']['readiness']['id']}/readiness", headers=fac
    ).get_json()
    infra = next(a for a in summary["aspects"] if a["key"] == "infrastruktur")
    assert infra["items"][-1]["key"] == "energi" and infra["items"][-1]["counts"]["sedang"] == 1
    # Only facilitators change it; a bad list is refused whole.
    assert (
        client.put(url, json={"aspects": aspects}, headers=bearer(hall["rina"])).status_code == 403
    )
    for bad, field in [
        ({"aspects": aspects[:2]}, "aspects"),
        ({"aspects": [aspects[0], aspects[0], aspects[2]]}, "aspects"),
        ({"aspects": aspects, "colour": "red"}, "colour"),
    ]:
        r = client.put(url, json=bad, headers=fac)
        assert r.status_code == 422 and field in r.get_json()["error"]["fields"], r.get_json()
    broken = [dict(a, items=list(a["items"])) for a in aspects]
    broken[0]["items"] = broken[0]["items"] + [{"key": "sdm", "name_id": "Lagi"}]
    r = client.put(url, json={"aspects": broken}, headers=fac)
    assert r.status_code == 422 and "aspects.0.items.3.key" in r.get_json()["error"]["fields"]
    broken[0]["items"][-1] = {"key": "Bad Key", "name_id": "x"}
    assert client.put(url, json={"aspects": broken}, headers=fac).status_code == 422
    broken[0]["items"][-1] = {"key": "ok", "name_id": ""}
    assert client.put(url, json={"aspects": broken}, headers=fac).status_code == 422
    assert client.get(url, headers=fac).get_json()["aspects"][1]["items"][-1]["key"] == "energi"


def sockets(app, hall, socket_client):
    made = {
        "rina": socket_client(auth={"token": hall["rina"]}, flask_client=app.test_client()),
        "dewi": socket_client(auth={"token": hall["dewi"]}, flask_client=app.test_client()),
        "projector": socket_client(
            auth={"projector": hall["workshop"]["projector_key"]}, flask_client=app.test_client()
        ),
        "fac": socket_client(
            auth={"token": hall["fac"], "workshop_id": hall["workshop"]["id"]},
            flask_client=app.test_client(),
        ),
    }
    for sc in made.values():
        assert sc.is_connected()
        sc.get_received()
    return made


def names(sc):
    return [(e["name"], e["args"][0]) for e in sc.get_received()]


def test_hidden_entries_reach_no_participant(app, client, hall, socket_client):
    live = sockets(app, hall, socket_client)
    made = entry(client, hall, "swot", {"quadrant": "T", "text": "Ancaman siber"})
    for who in ("rina", "dewi", "projector"):
        pushed = names(live[who])
        assert [n for n, _p in pushed] == ["entry_created"]
        assert pushed[0][1]["text"] == "Ancaman siber" and pushed[0][1]["author"] is None
    fac_pushed = names(live["fac"])
    assert [n for n, _p in fac_pushed] == ["entry_created"]
    assert fac_pushed[0][1]["author"]["name"] == "Rina"
    fac = bearer(hall["fac"])
    client.patch(f"/api/v1/entries/{made['id']}", json={"status": "hidden"}, headers=fac)
    removed = {"id": made["id"], "session_id": made["session_id"]}
    for who in ("rina", "dewi", "projector"):
        assert names(live[who]) == [("entry_removed", removed)]
    client.patch(f"/api/v1/entries/{made['id']}", json={"text": "rahasia"}, headers=fac)
    for who in ("rina", "dewi", "projector"):
        assert names(live[who]) == []
    assert [n for n, p in names(live["fac"])] == ["entry_updated", "entry_updated"]
    client.patch(f"/api/v1/entries/{made['id']}", json={"status": "visible"}, headers=fac)
    assert [n for n, p in names(live["dewi"])] == ["entry_created"]


def test_a_replaced_rating_leaves_every_view(app, client, hall, socket_client):
    live = sockets(app, hall, socket_client)
    body = {"aspect": "suprastruktur", "item": "kebijakan", "rating": "kurang"}
    first = entry(client, hall, "readiness", body)
    for sc in live.values():
        sc.get_received()
    second = entry(client, hall, "readiness", {**body, "rating": "sedang"})
    removed = ("entry_removed", {"id": first["id"], "session_id": first["session_id"]})
    for who in ("dewi", "projector", "fac"):
        pushed = names(live[who])
        assert [n for n, _p in pushed] == ["entry_removed", "entry_created"]
        assert pushed[0] == removed and pushed[1][1]["id"] == second["id"]


def test_strategies_and_the_vision_are_pushed_to_everyone(app, client, hall, socket_client):
    live = sockets(app, hall, socket_client)
    fac = bearer(hall["fac"])
    url = f"/api/v1/sessions/{hall['sheets']['swot']['id']}/strategies"
    made = client.post(url, json={"type": "WT", "text": "Standar keamanan"}, headers=fac).get_json()
    for sc in live.values():
        assert names(sc) == [("strategy_updated", made)]
    client.delete(f"/api/v1/strategies/{made['id']}", headers=fac)
    gone = {"id": made["id"], "session_id": made["session_id"], "deleted": True}
    for sc in live.values():
        assert names(sc) == [("strategy_updated", gone)]
    vision = client.put(
        f"/api/v1/workshops/{hall['workshop']['id']}/vision",
        json={"vision": "Kota Cerdas", "missions": ["Melayani"]},
        headers=fac,
    ).get_json()
    for sc in live.values():
        assert names(sc) == [("vision_updated", vision)]
    listed = client.get(
        f"/api/v1/workshops/{hall['workshop']['id']}/readiness-items", headers=fac
    ).get_json()
    client.put(
        f"/api/v1/workshops/{hall['workshop']['id']}/readiness-items",
        json={"aspects": listed["aspects"]},
        headers=fac,
    )
    for sc in live.values():
        assert names(sc) == [("readiness_items_updated", {"workshop_id": hall["workshop"]["id"]})]
