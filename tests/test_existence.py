"""Outsiders cannot tell which ids exist (issue 12, item 7): for someone outside a workshop,
an existing note, session summary or facilitator-only route answers exactly as a missing
one does (404), whatever their role."""

import pytest

from tests.conftest import bearer

MISSING = 999999


@pytest.fixture
def two_halls(auth, client):
    owner = auth.create()
    mine = auth.workshop(owner["id"])
    fac = bearer(auth.token())
    session = client.get(f"/api/v1/workshops/{mine['id']}/sessions", headers=fac).get_json()[
        "items"
    ][0]
    note = client.post(
        f"/api/v1/sessions/{session['id']}/notes",
        json={"kind": "note", "body": "Rahasia rapat"},
        headers=fac,
    ).get_json()
    auth.create("budi")
    other = auth.workshop(auth.create("citra")["id"], title="Bimtek Kota Lain")
    outsider_participant = bearer(auth.participant(other, "Orang Luar")[1])
    outsider_facilitator = bearer(auth.token("citra"))
    return {
        "session": session["id"],
        "note": note["id"],
        "outsiders": [outsider_participant, outsider_facilitator],
        "insider": bearer(auth.participant(mine, "Rina")[1]),
    }


ROUTES = [
    ("GET", "/api/v1/sessions/{session}/notes", None),
    ("POST", "/api/v1/sessions/{session}/notes", {"kind": "note", "body": "x"}),
    ("PATCH", "/api/v1/notes/{note}", {"body": "diubah"}),
    ("DELETE", "/api/v1/notes/{note}", None),
    ("GET", "/api/v1/sessions/{session}/summary?format=md", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_an_existing_id_looks_missing_to_outsiders(client, two_halls, method, path, body):
    real = path.format(session=two_halls["session"], note=two_halls["note"])
    fake = path.format(session=MISSING, note=MISSING)
    for headers in two_halls["outsiders"]:
        existing = client.open(real, method=method, json=body, headers=headers)
        missing = client.open(fake, method=method, json=body, headers=headers)
        assert existing.status_code == missing.status_code == 404
        assert existing.get_json() == missing.get_json()


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_the_workshops_own_participants_are_told_it_is_for_facilitators(
    client, two_halls, method, path, body
):
    real = path.format(session=two_halls["session"], note=two_halls["note"])
    assert (
        client.open(real, method=method, json=body, headers=two_halls["insider"]).status_code == 403
    )
