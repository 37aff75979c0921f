"""Re-joining does not defeat the rate limits (issue 12, item 6).

Every join makes a new person with a fresh submission allowance, so successful joins are
counted per device address too; the facilitator sees people who joined in bursts.
"""

import pytest

from tests.conftest import bearer


@pytest.fixture
def hall(auth, client):
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    fac = bearer(auth.token())
    opd = client.get(f"/api/v1/workshops/{workshop['id']}/opds", headers=fac).get_json()["items"][0]
    return {"workshop": workshop, "fac": fac, "opd": opd["id"]}


def join(client, hall, name, address):
    return client.post(
        "/api/v1/join",
        json={"code": hall["workshop"]["code"], "name": name, "opd_id": hall["opd"]},
        environ_base={"REMOTE_ADDR": address},
    )


def test_one_device_cannot_bring_in_a_crowd(client, hall, db):
    for n in range(5):
        assert join(client, hall, f"Orang {n}", "10.0.0.7").status_code == 201
    refused = join(client, hall, "Orang 6", "10.0.0.7")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.get_json()["error"]["code"] == "too_many_joins"
    assert db["participants"].count == 5
    # Another device in the hall is not affected.
    assert join(client, hall, "Rina", "10.0.0.8").status_code == 201


def test_the_join_page_says_why(client, hall):
    for n in range(5):
        assert join(client, hall, f"Orang {n}", "10.0.0.9").status_code == 201
    page = client.get(f"/j/{hall['workshop']['code']}", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    token = page.get_data(as_text=True).split('name="csrf-token" content="')[1].split('"')[0]
    answer = client.post(
        f"/j/{hall['workshop']['code']}",
        data={
            "name": "Orang 6",
            "opd_id": hall["opd"],
            "csrf_token": token,
        },
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert answer.status_code == 429
    assert "5 orang sudah bergabung dari perangkat ini" in answer.get_data(as_text=True)


def test_the_machine_itself_is_not_counted(client, hall):
    for n in range(8):
        assert join(client, hall, f"Meja {n}", "127.0.0.1").status_code == 201


def test_the_limit_can_be_raised_behind_a_nat(app, client, hall):
    app.config["JOINS_PER_ADDRESS"] = 0
    for n in range(8):
        assert join(client, hall, f"NAT {n}", "10.0.0.10").status_code == 201


def test_the_facilitator_sees_who_joined_in_a_burst(client, hall, auth):
    for n in range(4):
        join(client, hall, f"Palsu {n}", "10.0.0.11")
    join(client, hall, "Rina", "10.0.0.12")
    join(client, hall, "Ahmad", "10.0.0.13")
    listed = client.get(
        f"/api/v1/workshops/{hall['workshop']['id']}/participants", headers=hall["fac"]
    ).get_json()["items"]
    bursts = {p["name"]: p["joined_in_burst"] for p in listed}
    assert bursts == {
        "Palsu 0": 4,
        "Palsu 1": 4,
        "Palsu 2": 4,
        "Palsu 3": 4,
        "Rina": None,
        "Ahmad": None,
    }
    auth.login()
    page = client.get(f"/workshops/{hall['workshop']['id']}/participants").get_data(as_text=True)
    assert 'id="join-bursts"' in page
    assert page.count('class="badge burst"') == 4


def test_no_address_is_stored(client, hall, db):
    join(client, hall, "Rina", "10.0.0.14")
    dump = "\n".join(str(row) for row in db.query("SELECT * FROM participants"))
    assert "10.0.0.14" not in dump
