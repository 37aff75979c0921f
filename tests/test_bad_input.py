"""Hostile input gets a clear 400/422 and changes nothing (issue 12, item 7).

Lone surrogates, JSON nested thousands deep, numbers or lists where text is expected,
names made of invisible characters, and bidirectional overrides that turn a name around
on the projector.
"""

import pytest

from tests.conftest import bearer

SURROGATE_BODY = '{"code": "%s", "name": "R\\ud800ina", "opd_id": %d}'


@pytest.fixture
def hall(auth):
    fac = auth.create()
    workshop = auth.workshop(fac["id"])
    return {"workshop": workshop, "token": auth.token()}


def first_opd(client, hall):
    opds = client.get(
        f"/api/v1/workshops/{hall['workshop']['id']}/opds", headers=bearer(hall["token"])
    ).get_json()["items"]
    return opds[0]["id"]


def count(db, table):
    return db[table].count


def test_a_lone_surrogate_is_a_field_error_not_a_crash(client, hall, db):
    body = SURROGATE_BODY % (hall["workshop"]["code"], first_opd(client, hall))
    response = client.post("/api/v1/join", data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "name" in response.get_json()["error"]["fields"]
    assert count(db, "participants") == 0


@pytest.mark.parametrize(
    "path",
    ["/api/v1/auth/token", "/api/v1/workshops", "/api/v1/join"],
)
def test_json_nested_thousands_deep_is_malformed(client, hall, path):
    deep = "[" * 50000 + "]" * 50000
    response = client.post(
        path,
        data='{"title": ' + deep + "}",
        headers={"Content-Type": "application/json", **bearer(hall["token"])},
    )
    assert response.status_code in (400, 422)
    assert response.get_json()["error"]["code"] in ("malformed", "validation_failed")


@pytest.mark.parametrize("value", [123, 1.5, True, ["Judul", "lain"]])
def test_a_number_or_list_where_text_is_expected_is_refused(client, hall, db, value):
    response = client.post(
        "/api/v1/workshops",
        json={"title": value, "city": "Kota Bogor", "starts_on": "2026-08-01"},
        headers=bearer(hall["token"]),
    )
    assert response.status_code == 422
    assert "title" in response.get_json()["error"]["fields"]
    assert count(db, "workshops") == 1


def test_a_number_is_still_fine_where_a_number_is_expected(client, hall):
    response = client.post(
        "/api/v1/workshops",
        json={"title": "Bimtek", "city": "Kota Bogor", "starts_on": "2026-08-01", "days": 3},
        headers=bearer(hall["token"]),
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "name",
    [
        "\u200b\u200b\u200b",  # zero-width spaces
        "\u2800\u3164",  # braille blank, Hangul filler
        "\u200e\u2060\ufeff",  # direction mark, word joiner, BOM
        "  \u00a0 ",  # no-break space only
    ],
)
def test_a_name_made_only_of_invisible_characters_is_refused(client, hall, db, name):
    response = client.post(
        "/api/v1/join",
        json={"code": hall["workshop"]["code"], "name": name, "opd_id": first_opd(client, hall)},
    )
    assert response.status_code == 422
    assert "name" in response.get_json()["error"]["fields"]
    assert count(db, "participants") == 0


@pytest.mark.parametrize("override", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068"])
def test_bidirectional_overrides_are_refused(client, hall, db, override):
    response = client.post(
        "/api/v1/join",
        json={
            "code": hall["workshop"]["code"],
            "name": f"Rina {override}adpaB",
            "opd_id": first_opd(client, hall),
        },
    )
    assert response.status_code == 422
    assert "name" in response.get_json()["error"]["fields"]
    assert count(db, "participants") == 0


def test_invisible_characters_around_a_real_name_are_trimmed(client, hall, db):
    response = client.post(
        "/api/v1/join",
        json={
            "code": hall["workshop"]["code"],
            "name": "\u200bRina\u200b ",
            "opd_id": first_opd(client, hall),
        },
    )
    assert response.status_code == 201
    assert response.get_json()["participant"]["name"] == "Rina"
