"""Proposals: submission rules, idempotency, visibility, authorship, moderation, merging."""

import pytest

from tests.conftest import bearer, unbatched
from workshop.budget import format_rupiah, parse_rupiah


@pytest.fixture
def hall(app, auth, db):
    """A workshop with an open proposals session, a facilitator and two participants."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    session = next(
        db.query(
            "SELECT * FROM sessions WHERE workshop_id = ? AND kind = 'ideas'"
            " ORDER BY day, position",
            [workshop["id"]],
        )
    )
    db.execute("UPDATE sessions SET status = 'open' WHERE id = ?", [session["id"]])
    rina, rina_token = auth.participant(workshop, "Rina", "Bappeda")
    dewi, dewi_token = auth.participant(workshop, "Dewi", "Diskominfo")
    return {
        "workshop": workshop,
        "session": session,
        "fac": auth.token(),
        "rina": rina,
        "rina_token": rina_token,
        "dewi": dewi,
        "dewi_token": dewi_token,
    }


IDEA = {
    "title": "Perizinan online satu pintu",
    "description": "Pemohon memantau status berkas secara real time.",
    "dimension": "governance",
    "element": "service",
    "horizon": "quick_win",
    "budget_idr": "1,5 jt",
    "client_id": "5f0c2d1e-aaaa-4bbb-8ccc-000000000001",
}


def submit(client, hall, token=None, **changes):
    return client.post(
        f"/api/v1/sessions/{hall['session']['id']}/ideas",
        json={**IDEA, **changes},
        headers=bearer(token or hall["rina_token"]),
    )


def count_ideas(db):
    return db.execute("SELECT COUNT(*) FROM ideas").fetchone()[0]


def test_submit_and_replay(client, db, hall):
    first = submit(client, hall)
    assert first.status_code == 201
    idea = first.get_json()
    assert idea["budget_idr"] == 1_500_000
    assert idea["status"] == "visible"
    assert idea["author"] == {
        "name": "Rina",
        "opd_id": hall["rina"]["opd_id"],
        "opd_code": "Bappeda",
    }
    assert idea["opd_code"] == "Bappeda"  # proposing OPD defaults to the participant's
    assert idea["mine"] is True
    replay = submit(client, hall, title="changed on retry")
    assert replay.status_code == 200
    assert replay.get_json()["id"] == idea["id"]
    assert replay.get_json()["title"] == IDEA["title"]
    assert count_ideas(db) == 1
    # Another participant may reuse the same client_id: it is per author.
    other = submit(client, hall, token=hall["dewi_token"])
    assert other.status_code == 201 and other.get_json()["id"] != idea["id"]


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 141}, "title"),
        ({"description": "x" * 2001}, "description"),
        ({"dimension": ""}, "dimension"),
        ({"dimension": "smart_village"}, "dimension"),
        ({"element": "tourism"}, "element"),  # an element of another dimension
        ({"opd_id": 999999}, "opd_id"),
        ({"responsible_opd_id": "Bappeda"}, "responsible_opd_id"),
        ({"horizon": "someday"}, "horizon"),
        ({"budget_idr": "sejuta"}, "budget_idr"),
        ({"budget_idr": "-5"}, "budget_idr"),
        ({"budget_idr": "1,5"}, "budget_idr"),
        ({"client_id": "not a uuid!"}, "client_id"),
        ({"color": "red"}, "color"),
    ],
)
def test_bad_input_changes_nothing(client, db, hall, changes, field):
    response = submit(client, hall, **changes)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert count_ideas(db) == 0


def test_html_is_kept_as_text(client, hall):
    idea = submit(client, hall, title="<script>alert(1)</script> & <b>bold</b>").get_json()
    assert idea["title"] == "<script>alert(1)</script> & <b>bold</b>"


def test_closed_or_wrong_session_is_409(client, db, hall):
    db.execute("UPDATE sessions SET status = 'closed' WHERE id = ?", [hall["session"]["id"]])
    response = submit(client, hall)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "session_closed"
    talk = next(db.query("SELECT id FROM sessions WHERE kind = 'talk'"))
    wrong = client.post(
        f"/api/v1/sessions/{talk['id']}/ideas", json=IDEA, headers=bearer(hall["rina_token"])
    )
    assert wrong.status_code == 409
    # Facilitators may still type in paper proposals.
    assert submit(client, hall, token=hall["fac"]).status_code == 201
    assert count_ideas(db) == 1


def test_other_workshop_and_projector(client, auth, db, hall):
    other = auth.workshop(auth.create("bob")["id"], title="Bimtek Depok")
    stranger, stranger_token = auth.participant(other, "Sari", "Bappeda")
    assert submit(client, hall, token=stranger_token).status_code == 404
    key = hall["workshop"]["projector_key"]
    assert submit(client, hall, token=key).status_code == 403
    anon = client.post(f"/api/v1/sessions/{hall['session']['id']}/ideas", json=IDEA)
    assert anon.status_code == 401
    assert count_ideas(db) == 0
    assert stranger


def test_authors_edit_and_withdraw_their_own_only(client, db, hall):
    idea = submit(client, hall).get_json()
    url = f"/api/v1/ideas/{idea['id']}"
    assert (
        client.patch(url, json={"title": "Dewi's"}, headers=bearer(hall["dewi_token"])).status_code
        == 403
    )
    assert (
        client.patch(url, json={"status": "hidden"}, headers=bearer(hall["rina_token"])).status_code
        == 403
    )
    edited = client.patch(
        url, json={"title": "Perizinan online terpadu"}, headers=bearer(hall["rina_token"])
    )
    assert edited.status_code == 200 and edited.get_json()["title"] == "Perizinan online terpadu"
    db.execute("UPDATE sessions SET status = 'closed'")
    late = client.patch(url, json={"title": "late"}, headers=bearer(hall["rina_token"]))
    assert late.status_code == 409
    assert client.delete(url, headers=bearer(hall["rina_token"])).status_code == 409
    assert (
        client.patch(url, json={"title": "by facilitator"}, headers=bearer(hall["fac"])).status_code
        == 200
    )
    db.execute("UPDATE sessions SET status = 'open'")
    assert client.delete(url, headers=bearer(hall["dewi_token"])).status_code == 403
    assert client.delete(url, headers=bearer(hall["rina_token"])).status_code == 204
    assert client.get(url, headers=bearer(hall["rina_token"])).status_code == 404
    assert next(db.query("SELECT status FROM ideas"))["status"] == "withdrawn"


def test_hidden_ideas_reach_no_participant(app, client, hall, socket_client):
    rina_socket = socket_client(auth={"token": hall["rina_token"]}, flask_client=app.test_client())
    dewi_socket = socket_client(auth={"token": hall["dewi_token"]}, flask_client=app.test_client())
    projector = socket_client(
        auth={"projector": hall["workshop"]["projector_key"]}, flask_client=app.test_client()
    )
    fac_socket = socket_client(
        auth={"token": hall["fac"], "workshop_id": hall["workshop"]["id"]},
        flask_client=app.test_client(),
    )
    for sc in (rina_socket, dewi_socket, projector, fac_socket):
        sc.get_received()
    idea = submit(client, hall).get_json()
    # The hall hears proposals as batches (a batch of one here: the tests' COALESCE_SECONDS is 0).
    created = [e for e in dewi_socket.get_received() if e["name"] == "ideas_created"]
    assert [[i["title"] for i in e["args"][0]["items"]] for e in created] == [[IDEA["title"]]]
    for sc in (rina_socket, projector, fac_socket):
        sc.get_received()
    client.patch(
        f"/api/v1/ideas/{idea['id']}", json={"status": "hidden"}, headers=bearer(hall["fac"])
    )
    for sc in (rina_socket, dewi_socket, projector):
        events = sc.get_received()
        assert [(e["name"], e["args"][0]) for e in events] == [
            ("ideas_removed", {"items": [{"id": idea["id"]}]})
        ]
    # Edits to a hidden idea reach facilitators only.
    client.patch(
        f"/api/v1/ideas/{idea['id']}", json={"title": "secret"}, headers=bearer(hall["fac"])
    )
    for sc in (rina_socket, dewi_socket, projector):
        assert sc.get_received() == []
    fac_events = [e["name"] for e in fac_socket.get_received()]
    assert fac_events.count("idea_updated") == 2
    session_url = f"/api/v1/sessions/{hall['session']['id']}/ideas"
    for token in (hall["rina_token"], hall["dewi_token"], hall["workshop"]["projector_key"]):
        assert client.get(session_url, headers=bearer(token)).get_json()["items"] == []
        assert client.get(f"/api/v1/ideas/{idea['id']}", headers=bearer(token)).status_code == 404
    everything = client.get(session_url, headers=bearer(hall["fac"])).get_json()["items"]
    assert [i["status"] for i in everything] == ["hidden"]
    restored = client.patch(
        f"/api/v1/ideas/{idea['id']}", json={"status": "visible"}, headers=bearer(hall["fac"])
    )
    assert restored.status_code == 200
    assert [e["name"] for e in dewi_socket.get_received()] == ["ideas_created"]


@pytest.mark.parametrize(
    "authorship,expected",
    [
        ("name_opd", {"name": "Rina", "opd_code": "Bappeda"}),
        ("opd", {"opd_code": "Bappeda"}),
        ("anonymous", None),
    ],
)
def test_authorship_applies_to_every_payload(
    app, client, hall, socket_client, authorship, expected
):
    settings = client.put(
        f"/api/v1/sessions/{hall['session']['id']}/idea-settings",
        json={"authorship": authorship},
        headers=bearer(hall["fac"]),
    )
    assert settings.status_code == 200
    dewi_socket = socket_client(auth={"token": hall["dewi_token"]}, flask_client=app.test_client())
    dewi_socket.get_received()
    idea = submit(client, hall).get_json()

    def strip(author):
        return author and {k: v for k, v in author.items() if k in ("name", "opd_code")}

    received = unbatched(dewi_socket.get_received())
    pushed = [e["args"][0] for e in received if e["name"] == "idea_created"]
    assert strip(pushed[0]["author"]) == expected
    listed = client.get(
        f"/api/v1/sessions/{hall['session']['id']}/ideas", headers=bearer(hall["dewi_token"])
    ).get_json()["items"]
    assert strip(listed[0]["author"]) == expected
    if expected is None:
        assert "Rina" not in str(pushed) and "Rina" not in str(listed)
    facilitator_view = client.get(f"/api/v1/ideas/{idea['id']}", headers=bearer(hall["fac"]))
    assert facilitator_view.get_json()["author"]["name"] == "Rina"


def test_premoderation(app, client, hall, socket_client):
    client.put(
        f"/api/v1/sessions/{hall['session']['id']}/idea-settings",
        json={"premoderation": True},
        headers=bearer(hall["fac"]),
    )
    dewi_socket = socket_client(auth={"token": hall["dewi_token"]}, flask_client=app.test_client())
    dewi_socket.get_received()
    idea = submit(client, hall).get_json()
    assert idea["status"] == "pending"
    assert dewi_socket.get_received() == []
    mine = client.get(
        f"/api/v1/sessions/{hall['session']['id']}/ideas", headers=bearer(hall["rina_token"])
    ).get_json()["items"]
    assert [i["status"] for i in mine] == ["pending"]
    client.patch(
        f"/api/v1/ideas/{idea['id']}", json={"status": "visible"}, headers=bearer(hall["fac"])
    )
    assert [e["name"] for e in unbatched(dewi_socket.get_received())] == ["idea_created"]


def test_filters_and_counts(client, hall):
    submit(client, hall)
    submit(
        client, hall, client_id="b2", dimension="environment", element="waste", title="Bank sampah"
    )
    submit(client, hall, token=hall["dewi_token"], client_id="c3")
    url = f"/api/v1/sessions/{hall['session']['id']}/ideas"
    everything = client.get(url, headers=bearer(hall["dewi_token"])).get_json()
    assert everything["counts"]["dimension"] == {"governance": 2, "environment": 1}
    assert everything["counts"]["opd"] == {"Bappeda": 2, "Diskominfo": 1}
    env = client.get(url + "?dimension=environment", headers=bearer(hall["dewi_token"])).get_json()
    assert [i["title"] for i in env["items"]] == ["Bank sampah"]
    by_opd = client.get(
        url + f"?opd_id={hall['dewi']['opd_id']}", headers=bearer(hall["fac"])
    ).get_json()
    assert len(by_opd["items"]) == 1


def test_groups_and_tags(client, hall):
    idea = submit(client, hall).get_json()
    url = f"/api/v1/ideas/{idea['id']}"
    grouped = client.patch(
        url,
        json={"group": "Layanan perizinan", "dimension": "economy", "element": "transaction"},
        headers=bearer(hall["fac"]),
    ).get_json()
    assert grouped["group"] == "Layanan perizinan" and grouped["dimension"] == "economy"
    mismatch = client.patch(url, json={"element": "waste"}, headers=bearer(hall["fac"]))
    assert mismatch.status_code == 422
    cleared = client.patch(url, json={"group": ""}, headers=bearer(hall["fac"])).get_json()
    assert cleared["group"] is None


def test_merge_and_unmerge_keep_provenance(app, client, db, hall, socket_client):
    keep = submit(client, hall).get_json()
    dup = submit(
        client, hall, token=hall["dewi_token"], client_id="dup", title="Izin online terpadu"
    ).get_json()
    dewi_socket = socket_client(auth={"token": hall["dewi_token"]}, flask_client=app.test_client())
    dewi_socket.get_received()
    merged = client.post(
        f"/api/v1/ideas/{dup['id']}/merge", json={"into": keep["id"]}, headers=bearer(hall["fac"])
    )
    assert merged.status_code == 200
    survivor = merged.get_json()
    assert survivor["merged"] == [dup["id"]]
    assert survivor["merged_from"][0]["author"]["name"] == "Dewi"
    assert survivor["merged_from"][0]["opd_code"] == "Diskominfo"
    events = [(e["name"], e["args"][0]) for e in unbatched(dewi_socket.get_received())]
    assert ("idea_removed", {"id": dup["id"]}) in events
    assert any(n == "idea_updated" and p["merged"] == [dup["id"]] for n, p in events)
    again = client.post(
        f"/api/v1/ideas/{dup['id']}/merge", json={"into": keep["id"]}, headers=bearer(hall["fac"])
    )
    assert again.status_code == 409
    assert (
        client.post(
            f"/api/v1/ideas/{keep['id']}/merge",
            json={"into": keep["id"]},
            headers=bearer(hall["fac"]),
        ).status_code
        == 409
    )
    assert (
        client.post(
            f"/api/v1/ideas/{dup['id']}/merge",
            json={"into": keep["id"]},
            headers=bearer(hall["rina_token"]),
        ).status_code
        == 403
    )
    restored = client.post(f"/api/v1/ideas/{dup['id']}/unmerge", headers=bearer(hall["fac"]))
    assert restored.status_code == 200 and restored.get_json()["status"] == "visible"
    assert (
        client.get(f"/api/v1/ideas/{keep['id']}", headers=bearer(hall["fac"])).get_json()["merged"]
        == []
    )
    assert (
        client.post(f"/api/v1/ideas/{dup['id']}/unmerge", headers=bearer(hall["fac"])).status_code
        == 409
    )
    actions = [r["action"] for r in db.query("SELECT action FROM audit WHERE object_type = 'idea'")]
    assert "idea_merged" in actions and "idea_unmerged" in actions


def test_merging_a_survivor_carries_its_originals(client, hall):
    a = submit(client, hall, client_id="a").get_json()
    b = submit(client, hall, client_id="b", title="B").get_json()
    c = submit(client, hall, client_id="c", title="C").get_json()
    fac = bearer(hall["fac"])
    client.post(f"/api/v1/ideas/{b['id']}/merge", json={"into": a["id"]}, headers=fac)
    final = client.post(f"/api/v1/ideas/{a['id']}/merge", json={"into": c["id"]}, headers=fac)
    assert sorted(final.get_json()["merged"]) == sorted([a["id"], b["id"]])


def test_submission_flood_is_rate_limited(client, db, hall):
    from workshop.rules.ideas import SUBMIT_MAX

    for i in range(SUBMIT_MAX):
        assert submit(client, hall, client_id=f"c{i}").status_code == 201
    flood = submit(client, hall, client_id="one-too-many")
    assert flood.status_code == 429
    assert int(flood.headers["Retry-After"]) > 0
    assert count_ideas(db) == SUBMIT_MAX
    # A replay of an acknowledged proposal is still answered.
    assert submit(client, hall, client_id="c0").status_code == 200


@pytest.mark.parametrize(
    "text,value",
    [
        ("1.500.000", 1_500_000),
        ("1,5 jt", 1_500_000),
        ("2 M", 2_000_000_000),
        ("Rp 750 rb", 750_000),
        ("Rp1.250.000,00", 1_250_000),
        ("12 juta", 12_000_000),
        ("1,500,000", 1_500_000),
        ("2.5 jt", 2_500_000),
        (0, 0),
        ("3,25 M", 3_250_000_000),
    ],
)
def test_parse_rupiah(text, value):
    assert parse_rupiah(text) == value


@pytest.mark.parametrize("text", ["", "abc", "-5", "1,5", "1.50.000", "2 X", "1e6", True])
def test_parse_rupiah_refuses(text):
    with pytest.raises(ValueError):
        parse_rupiah(text)


def test_format_and_parse_round_trip():
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.integers(min_value=0, max_value=10**15))
    def check(n):
        assert parse_rupiah(format_rupiah(n)) == n
        assert parse_rupiah(str(n)) == n

    check()
