"""The participant's ballot page: one screen per method, the no-JavaScript form, the home block."""

import json
import re

import pytest

from tests.conftest import bearer, csrf_from

SAVED = "Suara tersimpan — Anda masih dapat mengubahnya sampai pemungutan ditutup."
CLOSED = "Pemungutan suara sudah ditutup."
TITLES = ["Perizinan online", "Bank sampah", "Wifi taman", "Smart parking"]


@pytest.fixture
def hall(app, auth, db, client):
    """Four visible proposals in an ideas session, a facilitator, and three participants."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    session = next(
        db.query(
            "SELECT * FROM sessions WHERE workshop_id = ? AND kind = 'ideas'"
            " ORDER BY day, position",
            [workshop["id"]],
        )
    )
    fac = auth.token()
    ids = []
    for n, (title, dim) in enumerate(zip(TITLES, ["governance", "environment"] * 2, strict=True)):
        r = client.post(
            f"/api/v1/sessions/{session['id']}/ideas",
            json={"title": title, "dimension": dim, "client_id": f"seed{n}"},
            headers=bearer(fac),
        )
        assert r.status_code == 201, r.get_json()
        ids.append(r.get_json()["id"])
    people = {
        name: auth.participant(workshop, name, opd)
        for name, opd in [("Rina", "Bappeda"), ("Ahmad", "Bappeda"), ("Dewi", "Diskominfo")]
    }
    return {"workshop": workshop, "session": session, "fac": fac, "ids": ids, "people": people}


@pytest.fixture
def rina(client, hall):
    """The test client as Rina's phone (the device cookie the join page sets)."""
    client.set_cookie("rembuk_device", hall["people"]["Rina"][1])
    return client


def make_poll(client, hall, open_it=True, **fields):
    body = {"title": "Prioritas program", "method": "dots", **fields}
    r = client.post(
        f"/api/v1/sessions/{hall['session']['id']}/polls", json=body, headers=bearer(hall["fac"])
    )
    assert r.status_code == 201, r.get_json()
    poll = r.get_json()
    if open_it:
        opened = client.post(f"/api/v1/polls/{poll['id']}/open", headers=bearer(hall["fac"]))
        assert opened.status_code == 200, opened.get_json()
    return poll


def page(client, poll, status=200):
    response = client.get(f"/w/p/{poll['id']}")
    assert response.status_code == status
    return response.get_data(as_text=True)


def post(client, poll, data):
    html = page(client, poll)
    return client.post(f"/w/p/{poll['id']}", data={"csrf_token": csrf_from(html), **data})


def ballots(db, poll):
    return [
        json.loads(r["body"])
        for r in db.query("SELECT body FROM ballots WHERE poll_id = ?", [poll["id"]])
    ]


def api_results(client, hall, poll):
    r = client.get(f"/api/v1/polls/{poll['id']}/results", headers=bearer(hall["fac"]))
    assert r.status_code == 200
    return {i["idea_id"]: i["score"] for i in r.get_json()["items"]}


def cast(client, hall, poll, name, body):
    token = hall["people"][name][1]
    r = client.put(f"/api/v1/polls/{poll['id']}/ballot", json=body, headers=bearer(token))
    assert r.status_code == 200, r.get_json()


def test_each_method_has_its_screen(rina, hall):
    a, b, c, d = hall["ids"]
    checks = {
        "dots": [f'name="alloc-{a}"', "sisa 5 titik", "Tambah titik untuk"],
        "points": [f'name="alloc-{d}"', "Total 0 dari 100 — bagikan 100 lagi"],
        "ranking": [f'name="rank-{b}"', "Peringkat Bank sampah"],
        "scores": [f'name="score-{c}-momentum" value="5"', "Dampak manfaat maksimal"],
        "matrix": [f'name="score-{a}-impact" value="1"', f'name="score-{a}-effort"', "Upaya"],
        "approval": ['role="switch" name="approve"', f'value="{d}"'],
    }
    for method, needles in checks.items():
        poll = make_poll(rina, hall, method=method, title=f"Pilih {method}")
        html = page(rina, poll)
        assert f"Pilih {method}" in html
        for needle in needles:
            assert needle in html, (method, needle)
        for title in TITLES:
            assert title in html
        # Every proposal shows its dimension by colour and by name.
        assert html.count('class="dim-chip" data-dimension="environment"') == 2
        assert "Lingkungan Cerdas" in html and "Tata Kelola Cerdas" in html
        # Results are live by default: the results panel is there, not the "after close" note.
        assert 'id="results-panel" aria-labelledby="results-heading" >' in html
        assert "Kirim suara" in html


def test_dots_without_javascript(rina, hall, db):
    poll = make_poll(rina, hall, budget=5)
    a, b, c, d = hall["ids"]
    response = post(rina, poll, {f"alloc-{a}": "3", f"alloc-{b}": "", f"alloc-{c}": "2"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/w/p/{poll['id']}")
    assert ballots(db, poll) == [{"allocations": {str(a): 3, str(c): 2}}]
    # Anonymous by default: stored without the participant.
    row = next(db.query("SELECT participant_id, voter_key FROM ballots"))
    assert row["participant_id"] is None and row["voter_key"].startswith("a:")
    assert api_results(rina, hall, poll)[a] == 3
    html = page(rina, poll)
    assert SAVED in html
    assert f'id="alloc-{a}" name="alloc-{a}"' in html
    assert re.search(rf'name="alloc-{a}"[^>]*value="3"', html)
    assert "sisa 0 titik" in html
    assert 'id="ballot-send">Perbarui suara</button>' in html
    # Changing it replaces the ballot.
    assert post(rina, poll, {f"alloc-{d}": "1"}).status_code == 302
    assert ballots(db, poll) == [{"allocations": {str(d): 1}}]


def test_ranking_without_javascript(rina, hall, db):
    poll = make_poll(rina, hall, method="ranking")
    a, b, c, d = hall["ids"]
    response = post(rina, poll, {f"rank-{a}": "2", f"rank-{b}": "1", f"rank-{d}": "3"})
    assert response.status_code == 302
    assert ballots(db, poll) == [{"ranking": [b, a, d]}]
    scores = api_results(rina, hall, poll)
    assert scores[b] == 3 and scores[a] == 2 and scores[d] == 1 and scores[c] == 0
    html = page(rina, poll)
    # The page lists them in the order given, the unranked one last.
    order = [int(m) for m in re.findall(r'class="ballot-item rank-item" data-id="(\d+)"', html)]
    assert order == [b, a, d, c]
    assert re.search(rf'name="rank-{b}"[^>]*value="1"', html)
    assert re.search(rf'name="rank-{c}"[^>]*value=""', html)


def test_scores_matrix_and_approval_without_javascript(rina, hall, db):
    a, b, c, d = hall["ids"]
    scores = make_poll(rina, hall, method="scores")
    keys = ["impact", "resources", "foundation", "model", "momentum"]
    data = {f"score-{a}-{k}": "4" for k in keys}
    assert post(rina, scores, data).status_code == 302
    assert ballots(db, scores) == [{"scores": {str(a): dict.fromkeys(keys, 4)}}]
    assert re.search(rf'name="score-{a}-model" value="4" checked', page(rina, scores))

    matrix = make_poll(rina, hall, method="matrix")
    data = {f"score-{b}-impact": "5", f"score-{b}-effort": "2"}
    assert post(rina, matrix, data).status_code == 302
    assert ballots(db, matrix) == [{"scores": {str(b): {"impact": 5, "effort": 2}}}]

    approval = make_poll(rina, hall, method="approval")
    assert post(rina, approval, {"approve": [str(c), str(a)]}).status_code == 302
    assert ballots(db, approval) == [{"approve": [a, c]}]
    html = page(rina, approval)
    assert re.search(rf'value="{a}"\s+checked', html)
    assert not re.search(rf'value="{b}"\s+checked', html)


@pytest.mark.parametrize(
    "fields,form,message,shown",
    [
        ({"budget": 3}, {"alloc-A": "2", "alloc-B": "2"}, "Jatah Anda 3 (sekarang 4).", "2"),
        ({"max_per_item": 2}, {"alloc-A": "3"}, "Maksimal 2 pada satu usulan.", "3"),
        ({}, {"alloc-A": "dua"}, "Gunakan bilangan bulat 0 atau lebih.", "dua"),
        ({}, {"alloc-A": "-1"}, "Gunakan bilangan bulat 0 atau lebih.", "-1"),
        ({}, {"alloc-A": "1.5"}, "Gunakan bilangan bulat 0 atau lebih.", "1.5"),
        ({}, {"alloc-A": "²"}, "Gunakan bilangan bulat 0 atau lebih.", "²"),
        (
            {"method": "points"},
            {"alloc-A": "50", "alloc-B": "35"},
            "Bagikan tepat 100 poin (sekarang 85).",
            "50",
        ),
        (
            {"method": "ranking"},
            {"rank-A": "1", "rank-B": "1"},
            "Beri setiap usulan nomor peringkat yang berbeda.",
            "1",
        ),
        (
            {"method": "ranking", "budget": 2},
            {"rank-A": "1", "rank-B": "2", "rank-C": "3"},
            "Urutkan paling banyak 2 usulan.",
            "1",
        ),
        (
            {"method": "ranking"},
            {"rank-A": "0"},
            "Nomor peringkat berupa bilangan bulat mulai dari 1.",
            "0",
        ),
        (
            {"method": "scores"},
            {"score-A-impact": "4"},
            "Lengkapi skor setiap kriteria untuk “Perizinan online”.",
            None,
        ),
        (
            {"method": "scores"},
            {"score-A-impact": "7"},
            "Skor berupa bilangan bulat 1 sampai 5.",
            None,
        ),
        (
            {"method": "matrix"},
            {"score-A-effort": "2"},
            "Beri “Perizinan online” nilai Dampak dan Upaya.",
            None,
        ),
    ],
)
def test_errors_keep_the_previous_ballot(rina, hall, db, fields, form, message, shown):
    poll = make_poll(rina, hall, **fields)
    a, b, c, _d = hall["ids"]
    previous = {
        "dots": {"allocations": {str(c): 1}},
        "points": {"allocations": {str(c): 100}},
        "ranking": {"ranking": [c]},
        "scores": {"scores": {str(c): {k: 3 for k in [x["key"] for x in poll["criteria"]]}}},
        "matrix": {"scores": {str(c): {"impact": 3, "effort": 3}}},
    }[poll["method"]]
    cast(rina, hall, poll, "Rina", previous)
    before = ballots(db, poll)
    names = {"A": a, "B": b, "C": c}
    data = {re.sub(r"-([ABC])", lambda m: f"-{names[m.group(1)]}", k): v for k, v in form.items()}
    response = post(rina, poll, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert ballots(db, poll) == before
    if shown is not None:
        # What the participant typed stays on screen to be fixed.
        name = next(iter(data))
        assert re.search(rf'name="{name}"[^>]*value="{re.escape(shown)}"', html)


def test_an_empty_first_ballot_is_refused(rina, hall, db):
    poll = make_poll(rina, hall)
    response = post(rina, poll, {f"alloc-{hall['ids'][0]}": "0"})
    assert response.status_code == 422
    assert "Pilih paling sedikit satu usulan." in response.get_data(as_text=True)
    assert ballots(db, poll) == []


def test_closed_poll(rina, hall, db):
    poll = make_poll(rina, hall, results="after_close")
    a = hall["ids"][0]
    html = page(rina, poll)
    assert 'id="closed-note" hidden' in html
    assert 'id="results-panel" aria-labelledby="results-heading" hidden' in html
    assert "Hasil ditampilkan setelah pemungutan suara ditutup." in html
    csrf = csrf_from(html)
    closed = rina.post(f"/api/v1/polls/{poll['id']}/close", headers=bearer(hall["fac"]))
    assert closed.status_code == 200
    html = page(rina, poll)
    assert f'<p class="closed-note" id="closed-note" >{CLOSED}</p>' in html
    # Closed: the note and the result, the ballot hidden (issue 16 item 3).
    assert re.search(r'id="ballot-fields"\s+disabled\s+hidden>', html)
    assert 'id="results-later" hidden' in html
    assert "0 dari 3 peserta yang hadir hari ini memilih" in html
    response = rina.post(f"/w/p/{poll['id']}", data={"csrf_token": csrf, f"alloc-{a}": "1"})
    assert response.status_code == 409
    assert CLOSED in response.get_data(as_text=True)
    assert ballots(db, poll) == []


def test_closed_results_before_javascript_say_what_each_number_measures(rina, hall, db):
    poll = make_poll(rina, hall, results="after_close")
    a, b = hall["ids"][0], hall["ids"][1]
    csrf = csrf_from(page(rina, poll))
    sent = rina.post(
        f"/w/p/{poll['id']}", data={"csrf_token": csrf, f"alloc-{a}": "2", f"alloc-{b}": "1"}
    )
    assert sent.status_code == 302, sent.status_code
    closed = rina.post(f"/api/v1/polls/{poll['id']}/close", headers=bearer(hall["fac"]))
    assert closed.status_code == 200
    html = page(rina, poll)
    plain = html[html.index('class="results-plain"') :]
    assert "— 2 titik</li>" in plain and "— 1 titik</li>" in plain


def test_opd_ballot_says_who_changed_it(rina, hall, db):
    poll = make_poll(rina, hall, ballot_scope="opd", budget=3)
    a, b = hall["ids"][:2]
    html = page(rina, poll)
    assert "Surat suara OPD Anda — belum ada yang memilih" in html
    cast(rina, hall, poll, "Ahmad", {"allocations": {str(a): 2}})
    html = page(rina, poll)
    assert "Surat suara OPD Anda — terakhir diubah oleh Ahmad" in html
    assert re.search(rf'name="alloc-{a}"[^>]*value="2"', html)
    assert post(rina, poll, {f"alloc-{a}": "1", f"alloc-{b}": "2"}).status_code == 302
    assert ballots(db, poll) == [{"allocations": {str(a): 1, str(b): 2}}]
    assert "Surat suara OPD Anda — terakhir diubah oleh Anda" in page(rina, poll)


def test_votes_on_a_merged_proposal_show_on_the_survivor(rina, hall, db):
    poll = make_poll(rina, hall, method="approval")
    a, b = hall["ids"][:2]
    cast(rina, hall, poll, "Rina", {"approve": [a]})
    merged = rina.post(f"/api/v1/ideas/{a}/merge", json={"into": b}, headers=bearer(hall["fac"]))
    assert merged.status_code == 200, merged.get_json()
    html = page(rina, poll)
    assert f'value="{a}"' not in html
    assert re.search(rf'value="{b}"\s+checked', html)


def test_out_of_reach(rina, hall, auth, client, db):
    draft = make_poll(rina, hall, open_it=False)
    page(rina, draft, 404)
    page(rina, {"id": 999999}, 404)
    # Another workshop's poll: 404, not 403 (its existence is none of Rina's business).
    other = auth.workshop(auth.create("budi")["id"], title="Bimtek Kota Lain")
    other_session = next(
        db.query("SELECT id FROM sessions WHERE workshop_id = ? AND kind = 'ideas'", [other["id"]])
    )
    budi = auth.token("budi")
    idea = rina.post(
        f"/api/v1/sessions/{other_session['id']}/ideas",
        json={"title": "Lain", "dimension": "governance", "client_id": "x1"},
        headers=bearer(budi),
    ).get_json()
    created = rina.post(
        f"/api/v1/sessions/{other_session['id']}/polls",
        json={"title": "Lain", "method": "dots", "idea_ids": [idea["id"]]},
        headers=bearer(budi),
    ).get_json()
    rina.post(f"/api/v1/polls/{created['id']}/open", headers=bearer(budi))
    page(rina, created, 404)
    # Not a participant: off to the join page.
    poll = make_poll(rina, hall)
    stranger = auth.app.test_client()
    response = stranger.get(f"/w/p/{poll['id']}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/join")


def test_home_lists_open_polls(rina, hall):
    html = rina.get("/w").get_data(as_text=True)
    assert "Tidak ada pemungutan suara yang dibuka saat ini." in html
    open_poll = make_poll(rina, hall, title="Prioritas quick win")
    make_poll(rina, hall, open_it=False, title="Draf rahasia")
    closed = make_poll(rina, hall, title="Sudah selesai")
    rina.post(f"/api/v1/polls/{closed['id']}/close", headers=bearer(hall["fac"]))
    html = rina.get("/w").get_data(as_text=True)
    assert f'href="/w/p/{open_poll["id"]}">Prioritas quick win</a>' in html
    assert "Draf rahasia" not in html and "Sudah selesai" not in html
    assert '<span class="voted">' not in html
    cast(rina, hall, open_poll, "Rina", {"allocations": {str(hall["ids"][0]): 1}})
    assert '<span class="voted">Anda sudah memilih</span>' in rina.get("/w").get_data(as_text=True)


def test_turnout_counts_who_is_present_today(rina, hall, db):
    """Issue 16 item 7: `present` counts today's attendance; the page says so."""
    poll = make_poll(rina, hall, results="live", ballot_scope="participant")
    ahmad = hall["people"]["Ahmad"][0]["id"]
    with db.atomic():
        db.execute("UPDATE attendance SET on_date = '2000-01-01' WHERE participant_id = ?", [ahmad])
    data = rina.get(f"/api/v1/polls/{poll['id']}/results", headers=bearer(hall["fac"])).get_json()
    assert (data["voters"], data["present"], data["eligible"]) == (0, 2, 3)
    html = page(rina, poll)
    assert "0 dari 2 peserta yang hadir hari ini memilih" in html
