"""Issue 15's facilitator pages without JavaScript: "Program dan prioritas" (priority poll
per dimension, quick wins from a quick-win poll's results) and the wall's programme tools."""

import re

import pytest

from tests.conftest import bearer, csrf_from


@pytest.fixture
def room(app, auth, db, client):
    """The demo-like Bimtek: programmes in two dimensions, a closed ranking poll per dimension
    and a closed quick-win scores poll; Alice is logged in."""
    alice = auth.create("alice")
    ws = auth.workshop(alice["id"])
    token = bearer(auth.token("alice"))
    sessions = {
        (s["kind"], s["purpose"]): s
        for s in db.query("SELECT * FROM sessions WHERE workshop_id = ?", [ws["id"]])
    }
    programs = sessions[("ideas", "programs")]
    made = {}
    for dim, titles in (
        ("governance", ("Perizinan", "Pengaduan")),
        ("economy", ("Pasar", "Katalog")),
    ):
        for title in titles:
            made[title] = client.post(
                f"/api/v1/sessions/{programs['id']}/ideas",
                json={"title": title, "dimension": dim},
                headers=token,
            ).get_json()

    def closed(session, title, method, ids):
        poll = client.post(
            f"/api/v1/sessions/{session['id']}/polls",
            json={"title": title, "method": method, "idea_ids": ids},
            headers=token,
        ).get_json()
        client.post(f"/api/v1/polls/{poll['id']}/open", json={}, headers=token)
        client.post(f"/api/v1/polls/{poll['id']}/close", json={}, headers=token)
        return poll

    vote = sessions[("vote", "programs")]
    gov = closed(
        vote, "Prioritas tata kelola", "ranking", [made["Perizinan"]["id"], made["Pengaduan"]["id"]]
    )
    eco = closed(vote, "Prioritas ekonomi", "ranking", [made["Pasar"]["id"], made["Katalog"]["id"]])
    qw = closed(
        sessions[("vote", "quick_wins")],
        "Pemilihan quick win",
        "scores",
        [made["Perizinan"]["id"], made["Pasar"]["id"]],  # fewer than each dimension's own poll
    )
    auth.login("alice")
    url = f"/workshops/{ws['id']}/programmes"
    csrf = csrf_from(client.get(url).get_data(as_text=True))
    return {
        "ws": ws,
        "token": token,
        "made": made,
        "gov": gov,
        "eco": eco,
        "qw": qw,
        "url": url,
        "csrf": csrf,
        "programs": programs,
    }


def test_the_page_shows_what_the_rule_picks_and_takes_a_choice(client, room):
    html = client.get(room["url"]).get_data(as_text=True)
    assert "Voting yang memeringkat tiap dimensi" in html
    assert "Aturan memilih: Prioritas tata kelola" in html
    assert "Aturan memilih: Prioritas ekonomi" in html
    assert "memuat 2 dari 2" in html and "memuat 1 dari 2" in html
    post = client.post(
        room["url"] + "/priorities/governance",
        data={"csrf_token": room["csrf"], "poll_id": str(room["qw"]["id"])},
    )
    assert post.status_code == 302
    api = f"/api/v1/workshops/{room['ws']['id']}/priorities"
    got = {p["dimension"]: p for p in client.get(api, headers=room["token"]).get_json()["items"]}
    assert got["governance"] == {
        "dimension": "governance",
        "poll_id": room["qw"]["id"],
        "chosen": "explicit",
    }
    html = client.get(room["url"]).get_data(as_text=True)
    assert "Dipilih fasilitator: Pemilihan quick win" in html
    # Back to the rule; a poll of nowhere is refused beside its field.
    client.post(
        room["url"] + "/priorities/governance", data={"csrf_token": room["csrf"], "poll_id": ""}
    )
    got = {p["dimension"]: p for p in client.get(api, headers=room["token"]).get_json()["items"]}
    assert got["governance"]["chosen"] == "rule"
    bad = client.post(
        room["url"] + "/priorities/governance",
        data={"csrf_token": room["csrf"], "poll_id": "999999"},
    )
    assert bad.status_code == 422
    assert 'id="poll-governance-error"' in bad.get_data(as_text=True)
    assert (
        client.post(
            room["url"] + "/priorities/nowhere", data={"csrf_token": room["csrf"], "poll_id": ""}
        ).status_code
        == 404
    )


def test_quick_wins_from_the_poll_results(client, db, room):
    idea = room["made"]["Pasar"]
    html = client.get(room["url"]).get_data(as_text=True)
    assert "Pemilihan quick win" in html and "Belum ada quick win terpilih" in html
    empty = client.post(
        room["url"] + f"/quick-wins/{idea['id']}",
        data={"csrf_token": room["csrf"], f"q{idea['id']}-reason": " "},
    )
    assert empty.status_code == 422
    assert "Tulis alasan program ini menjadi quick win." in empty.get_data(as_text=True)
    done = client.post(
        room["url"] + f"/quick-wins/{idea['id']}",
        data={"csrf_token": room["csrf"], f"q{idea['id']}-reason": "Murah"},
    )
    assert done.status_code == 302
    html = client.get(room["url"]).get_data(as_text=True)
    assert re.search(r"SE-01</strong> Pasar", html) and "Murah" in html
    client.post(room["url"] + f"/quick-wins/{idea['id']}/unmark", data={"csrf_token": room["csrf"]})
    assert db.execute("SELECT COUNT(*) FROM quick_wins").fetchone()[0] == 0


def test_wall_programme_tools_without_javascript(client, db, room):
    idea = room["made"]["Perizinan"]
    wall = f"/workshops/{room['ws']['id']}/sessions/{room['programs']['id']}/wall"
    html = client.get(wall + f"?card={idea['id']}&tool=programme").get_data(as_text=True)
    assert 'id="p' + str(idea["id"]) + '-year_start"' in html
    bad = client.post(
        wall + f"/ideas/{idea['id']}/programme",
        data={
            "csrf_token": room["csrf"],
            "year_start": "2030",
            "year_end": "2026",
            "indicator_name": ["Izin online"],
            "indicator_target": [""],
        },
    )
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert "Tahun selesai tidak boleh sebelum tahun mulai." in page
    assert "Indikator 1: tulis targetnya." in page
    ok = client.post(
        wall + f"/ideas/{idea['id']}/programme",
        data={
            "csrf_token": room["csrf"],
            "year_start": "2026",
            "year_end": "2027",
            "indicator_name": ["Izin online", ""],
            "indicator_target": ["90", ""],
            "indicator_unit": ["%", ""],
            "indicator_baseline": ["", ""],
        },
    )
    assert ok.status_code == 302
    got = client.get(f"/api/v1/ideas/{idea['id']}", headers=room["token"]).get_json()
    assert got["year_end"] == 2027
    assert got["indicators"] == [
        {"name": "Izin online", "unit": "%", "baseline": "", "target": "90"}
    ]
    marked = client.post(
        wall + f"/ideas/{idea['id']}/quickwin",
        data={"csrf_token": room["csrf"], f"q{idea['id']}-reason": "Siap"},
    )
    assert marked.status_code == 302
    assert "Quick win terpilih" in client.get(wall).get_data(as_text=True)
    client.post(wall + f"/ideas/{idea['id']}/unquickwin", data={"csrf_token": room["csrf"]})
    assert db.execute("SELECT COUNT(*) FROM quick_wins").fetchone()[0] == 0


def test_another_facilitator_gets_404(auth, client, room):
    auth.create("bob")
    client.post("/logout", data={"csrf_token": room["csrf"]})
    auth.login("bob")
    token = csrf_from(client.get("/workshops").get_data(as_text=True))
    assert client.get(room["url"]).status_code == 404
    for path in ("/priorities/governance", f"/quick-wins/{room['made']['Pasar']['id']}"):
        response = client.post(room["url"] + path, data={"csrf_token": token, "poll_id": ""})
        assert response.status_code == 404, path
    client.post("/logout", data={"csrf_token": token})
    assert client.get(room["url"]).status_code == 302
