"""The facilitator's polls page: create, open, close and decide with plain forms (no JavaScript)."""

import datetime
import json
import re

import pytest

from tests.conftest import bearer, csrf_from


@pytest.fixture
def room(app, auth, db, client):
    """A logged-in facilitator, a workshop with proposals in two sessions, three participants."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    sessions = list(
        db.query(
            "SELECT * FROM sessions WHERE workshop_id = ? AND kind = 'ideas'"
            " ORDER BY day, position",
            [workshop["id"]],
        )
    )
    session, other_session = sessions[0], sessions[1]
    fac = auth.token()

    def propose(target, title, n, dimension="governance"):
        r = client.post(
            f"/api/v1/sessions/{target['id']}/ideas",
            json={"title": title, "dimension": dimension, "client_id": f"seed{n}"},
            headers=bearer(fac),
        )
        assert r.status_code == 201, r.get_json()
        return r.get_json()["id"]

    ids = [
        propose(session, title, n)
        for n, title in enumerate(["Perizinan online", "Bank sampah", "Wifi taman"])
    ]
    elsewhere = propose(other_session, "Smart parking", 10, "living")
    hidden = propose(session, "Usulan tersembunyi", 11)
    r = client.patch(f"/api/v1/ideas/{hidden}", json={"status": "hidden"}, headers=bearer(fac))
    assert r.status_code == 200, r.get_json()
    people = {
        name: auth.participant(workshop, name, opd)
        for name, opd in [("Rina", "Bappeda"), ("Ahmad", "Bappeda"), ("Dewi", "Diskominfo")]
    }
    auth.login()
    url = f"/workshops/{workshop['id']}/sessions/{session['id']}/polls"
    return {
        "workshop": workshop,
        "session": session,
        "other_session": other_session,
        "fac": fac,
        "ids": ids,
        "elsewhere": elsewhere,
        "hidden": hidden,
        "people": people,
        "url": url,
    }


def page(client, room):
    r = client.get(room["url"])
    assert r.status_code == 200
    return r.get_data(as_text=True)


def create_data(token, room, **overrides):
    """What the browser posts for the "new poll" form (the session's proposals checked)."""
    data = {
        "csrf_token": token,
        "new-title": "Prioritas program",
        "new-method": "dots",
        "new-budget": "",
        "new-max_per_item": "",
        "new-idea_ids": [str(i) for i in room["ids"]],
        "new-anonymous": "y",
        "new-results": "live",
        "new-ballot_scope": "participant",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def polls_in(db, room):
    return list(db.query("SELECT * FROM polls WHERE session_id = ?", [room["session"]["id"]]))


def make_poll(client, room, open_it=True, **fields):
    body = {"title": "Prioritas program", "method": "dots", **fields}
    r = client.post(
        f"/api/v1/sessions/{room['session']['id']}/polls", json=body, headers=bearer(room["fac"])
    )
    assert r.status_code == 201, r.get_json()
    poll = r.get_json()
    if open_it:
        r = client.post(f"/api/v1/polls/{poll['id']}/open", headers=bearer(room["fac"]))
        assert r.status_code == 200, r.get_json()
        poll = r.get_json()
    return poll


def cast(client, room, poll, name, body):
    token = room["people"][name][1]
    r = client.put(f"/api/v1/polls/{poll['id']}/ballot", json=body, headers=bearer(token))
    assert r.status_code == 200, r.get_json()


def text_of(html):
    """The page's text, tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- The page --------------------------------------------------------------------------------


def test_page_in_indonesian_with_the_sessions_proposals_chosen(client, room):
    html = page(client, room)
    text = text_of(html)
    assert f"Pemungutan suara: {room['session']['title']}" in text
    assert "Belum ada pemungutan suara di sesi ini" in text
    assert "Buat pemungutan suara" in text
    assert 'aria-label="Lokakarya"' in html or "Ringkasan" in text  # the workshop tabs
    # This session's visible proposals are ticked, another session's are offered unticked,
    # hidden ones are not offered at all.
    for idea in room["ids"]:
        assert re.search(rf'name="new-idea_ids" value="{idea}" checked', html)
    assert f'name="new-idea_ids" value="{room["elsewhere"]}" >' in html
    assert f'value="{room["hidden"]}"' not in html
    assert "Usulan tersembunyi" not in html
    # The scores criteria editor is prefilled with the five quick-win criteria, weight 1.
    assert 'value="Dampak manfaat maksimal"' in html
    assert html.count('data-part="weight"') >= 5


def test_page_is_for_the_workshops_facilitators_only(app, auth, client, room, db):
    url = room["url"]
    stranger = app.test_client()
    r = stranger.get(url)
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    # A participant's device (bearer token) is sent to the facilitator login, too.
    r = stranger.get(url, headers=bearer(room["people"]["Rina"][1]))
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    # ... and cannot post to the page's forms either.
    r = stranger.post(url, data=create_data("x", room), headers=bearer(room["people"]["Rina"][1]))
    assert r.status_code in (302, 400)
    assert polls_in(db, room) == []
    # Another facilitator does not see this workshop.
    budi = auth.create("budi")
    other = app.test_client()
    type(auth)(app, other).login("budi")
    assert other.get(url).status_code == 404
    # A session id of another workshop does not work under this workshop's URL (and back).
    theirs = auth.workshop(budi["id"], title="Bimtek Kota Depok")
    their_session = next(
        db.query("SELECT id FROM sessions WHERE workshop_id = ? LIMIT 1", [theirs["id"]])
    )
    mine, session = room["workshop"]["id"], room["session"]["id"]
    assert client.get(f"/workshops/{mine}/sessions/{their_session['id']}/polls").status_code == 404
    assert client.get(f"/workshops/{theirs['id']}/sessions/{session}/polls").status_code == 404


def test_agenda_links_ideas_and_vote_sessions_to_their_polls(client, room, db):
    html = client.get(f"/workshops/{room['workshop']['id']}/agenda").get_data(as_text=True)
    sessions = list(
        db.query(
            "SELECT id, kind FROM sessions WHERE workshop_id = ? AND kind IN ('ideas', 'vote')",
            [room["workshop"]["id"]],
        )
    )
    assert {s["kind"] for s in sessions} == {"ideas", "vote"}
    for s in sessions:
        assert f'action="/workshops/{room["workshop"]["id"]}/sessions/{s["id"]}/polls"' in html
    assert "Pemungutan suara" in html


# -- Creating a poll without JavaScript ---------------------------------------------------------


def test_create_a_dots_poll_with_the_plain_form(app, client, db, room, socket_client):
    html = page(client, room)
    watcher = socket_client(auth={"token": room["fac"], "workshop_id": room["workshop"]["id"]})
    watcher.get_received()
    chosen = [room["ids"][0], room["elsewhere"]]
    r = client.post(
        room["url"],
        data=create_data(
            csrf_from(html),
            room,
            **{"new-idea_ids": [str(i) for i in chosen], "new-anonymous": None},
        ),
    )
    assert r.status_code == 302
    [poll] = polls_in(db, room)
    assert r.headers["Location"].endswith(f"{room['url']}#poll-{poll['id']}")
    assert poll["status"] == "draft" and poll["method"] == "dots"
    assert poll["budget"] == 5 and poll["max_per_item"] is None  # the default budget
    assert poll["anonymous"] == 0  # the box was unticked: a named poll
    ideas = [
        r["idea_id"]
        for r in db.query(
            "SELECT idea_id FROM poll_ideas WHERE poll_id = ? ORDER BY position", [poll["id"]]
        )
    ]
    assert ideas == chosen
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'poll_created'").fetchone()[0] == 1
    events = [e for e in watcher.get_received() if e["name"] == "poll_updated"]
    assert events and events[0]["args"][0]["id"] == poll["id"]
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Pemungutan suara dibuat (draf): Prioritas program" in html
    assert 'data-status="draft"' in html and "Buka pemungutan" in html


def test_create_a_scores_poll_with_edited_criteria(client, db, room):
    token = csrf_from(page(client, room))
    data = create_data(
        token,
        room,
        **{
            "new-method": "scores",
            "new-budget": "7",  # ignored: scores have no budget
            "new-criteria-0-key": "impact",
            "new-criteria-0-label": "Dampak bagi warga",
            "new-criteria-0-weight": "2",
            "new-criteria-1-key": "resources",
            "new-criteria-1-label": "",  # cleared: the row is dropped
            "new-criteria-1-weight": "1",
            "new-criteria-2-key": "",
            "new-criteria-2-label": "Biaya rendah",  # a new row
            "new-criteria-2-weight": "1,5",
            "new-criteria-3-key": "",
            "new-criteria-3-label": "",
            "new-criteria-3-weight": "",
        },
    )
    assert client.post(room["url"], data=data).status_code == 302
    [poll] = polls_in(db, room)
    assert poll["budget"] is None
    assert json.loads(poll["criteria"]) == [
        {"key": "impact", "label": "Dampak bagi warga", "weight": 2},
        {"key": "biaya_rendah", "label": "Biaya rendah", "weight": 1.5},
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"new-title": ""}, "new-title", "Judul wajib diisi"),
        ({"new-title": "x" * 201}, "new-title", "Maksimal 200 karakter"),
        ({"new-idea_ids": []}, "new-idea_ids", "Pilih paling sedikit satu usulan."),
        ({"new-idea_ids": ["abc"]}, "new-idea_ids", "Usulan tidak dikenal: abc."),
        ({"new-idea_ids": ["999999"]}, "new-idea_ids", "Usulan tidak dikenal: 999999."),
        ({"new-method": "lottery"}, "new-method", "Pilih metode"),
        ({"new-budget": "0"}, "new-budget", "Antara 1 dan 10.000."),
        ({"new-budget": "3", "new-max_per_item": "4"}, "new-max_per_item", "melebihi jatah"),
        (
            {"new-method": "points", "new-max_per_item": "10"},
            "new-max_per_item",
            "poin tidak dapat dibagikan semuanya",
        ),
        (
            {
                "new-method": "scores",
                "new-criteria-0-label": "Dampak",
                "new-criteria-0-weight": "abc",
            },
            "new-criteria",
            "Bobot",
        ),
        ({"new-results": "never"}, "new-results", "Pilih langsung atau hanya setelah ditutup."),
        ({"new-ballot_scope": "kota"}, "new-ballot_scope", "satu per OPD"),
    ],
)
def test_bad_new_poll_is_refused_and_nothing_is_created(
    client, db, room, overrides, field, message
):
    token = csrf_from(page(client, room))
    r = client.post(room["url"], data=create_data(token, room, **overrides))
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    match = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', html)
    assert match and match.group(1).strip(), f"no message for {field}"
    if message:
        assert message in match.group(1)
    assert polls_in(db, room) == []
    # What was typed is kept.
    if overrides.get("new-title") == "":
        assert 'name="new-method"' in html


def test_hidden_proposal_cannot_be_slipped_into_a_poll(client, db, room):
    token = csrf_from(page(client, room))
    r = client.post(
        room["url"],
        data=create_data(token, room, **{"new-idea_ids": [str(room["hidden"])]}),
    )
    assert r.status_code == 422
    assert f"Usulan {room['hidden']} disembunyikan" in r.get_data(as_text=True)
    assert polls_in(db, room) == []


def test_forms_need_the_csrf_token(client, db, room):
    r = client.post(room["url"], data=create_data(None, room, csrf_token=None))
    assert r.status_code == 400
    assert polls_in(db, room) == []


# -- Open, close, re-open ------------------------------------------------------------------------


def status_of(db, poll):
    return db.execute("SELECT status, closes_at FROM polls WHERE id = ?", [poll["id"]]).fetchone()


def test_open_with_a_timer_close_and_reopen(app, client, db, room, auth, socket_client):
    poll = make_poll(client, room, open_it=False)
    token = csrf_from(page(client, room))
    phone = socket_client(auth={"token": room["people"]["Rina"][1]}, flask_client=app.test_client())
    phone.get_received()
    before = datetime.datetime.now(datetime.UTC)
    r = client.post(
        f"{room['url']}/{poll['id']}/open",
        data={"csrf_token": token, f"o{poll['id']}-minutes": "5"},
    )
    assert r.status_code == 302 and r.headers["Location"].endswith(f"#poll-{poll['id']}")
    status, closes_at = status_of(db, poll)
    assert status == "open"
    closes = datetime.datetime.fromisoformat(closes_at.replace("Z", "+00:00"))
    assert (
        datetime.timedelta(minutes=4) < closes - before <= datetime.timedelta(minutes=5, seconds=2)
    )
    opened = [e for e in phone.get_received() if e["name"] == "poll_opened"]
    assert opened and opened[0]["args"][0]["id"] == poll["id"]
    html = client.get(room["url"]).get_data(as_text=True)
    assert "Pemungutan suara dibuka: Prioritas program" in html
    assert "Ditutup otomatis pukul" in html

    # Opening an open poll again is refused with a message; nothing changes.
    r = client.post(f"{room['url']}/{poll['id']}/open", data={"csrf_token": token})
    assert r.status_code == 302
    assert "Pemungutan suara sudah dibuka." in client.get(room["url"]).get_data(as_text=True)
    assert status_of(db, poll) == (status, closes_at)

    r = client.post(f"{room['url']}/{poll['id']}/close", data={"csrf_token": token})
    assert r.status_code == 302
    row = db.execute("SELECT status, snapshot FROM polls WHERE id = ?", [poll["id"]]).fetchone()
    assert row[0] == "closed" and json.loads(row[1])["poll_id"] == poll["id"]
    closed = [e for e in phone.get_received() if e["name"] == "poll_closed"]
    assert closed and closed[0]["args"][0]["status"] == "closed"
    html = client.get(room["url"]).get_data(as_text=True)
    assert "Pemungutan suara ditutup: Prioritas program" in html
    assert "Buka kembali pemungutan" in html

    # Closing a closed poll: a message, nothing changes. Re-opening works without a timer.
    client.post(f"{room['url']}/{poll['id']}/close", data={"csrf_token": token})
    assert "Pemungutan suara tidak sedang dibuka." in client.get(room["url"]).get_data(as_text=True)
    r = client.post(
        f"{room['url']}/{poll['id']}/open", data={"csrf_token": token, f"o{poll['id']}-minutes": ""}
    )
    assert r.status_code == 302
    assert status_of(db, poll) == ("open", None)


@pytest.mark.parametrize("minutes", ["0", "-5", "abc", "1.5", "1441"])
def test_bad_timer_is_refused_and_the_poll_stays_a_draft(client, db, room, minutes):
    poll = make_poll(client, room, open_it=False)
    token = csrf_from(page(client, room))
    r = client.post(
        f"{room['url']}/{poll['id']}/open",
        data={"csrf_token": token, f"o{poll['id']}-minutes": minutes},
    )
    assert r.status_code == 422
    match = re.search(rf'id="o{poll["id"]}-minutes-error"[^>]*>([^<]*)<', r.get_data(as_text=True))
    assert match and "menit berupa bilangan bulat 1 sampai 1440" in match.group(1)
    assert status_of(db, poll) == ("draft", None)


def test_a_poll_without_proposals_cannot_be_opened(client, db, room):
    other = room["other_session"]
    r = client.post(
        f"/api/v1/sessions/{other['id']}/polls",
        json={"title": "Kosong", "method": "approval", "idea_ids": [room["elsewhere"]]},
        headers=bearer(room["fac"]),
    )
    poll = r.get_json()
    # Its only proposal is hidden afterwards: nothing left to vote on.
    client.patch(
        f"/api/v1/ideas/{room['elsewhere']}", json={"status": "hidden"}, headers=bearer(room["fac"])
    )
    db.execute("DELETE FROM poll_ideas WHERE poll_id = ?", [poll["id"]])
    db.conn.commit()
    url = f"/workshops/{room['workshop']['id']}/sessions/{other['id']}/polls"
    token = csrf_from(client.get(url).get_data(as_text=True))
    r = client.post(f"{url}/{poll['id']}/open", data={"csrf_token": token})
    assert r.status_code == 302
    assert "tidak memiliki usulan untuk dipilih" in client.get(url).get_data(as_text=True)
    assert status_of(db, poll)[0] == "draft"


def test_polls_of_another_session_are_404_here(client, db, room):
    other = room["other_session"]
    r = client.post(
        f"/api/v1/sessions/{other['id']}/polls",
        json={"title": "Lain", "method": "dots", "idea_ids": [room["elsewhere"]]},
        headers=bearer(room["fac"]),
    )
    poll = r.get_json()
    token = csrf_from(page(client, room))
    for action, data in [
        ("open", {}),
        ("close", {}),
        (
            "decisions",
            {f"d{poll['id']}-idea_id": str(room["elsewhere"]), f"d{poll['id']}-reason": "x"},
        ),
    ]:
        r = client.post(f"{room['url']}/{poll['id']}/{action}", data={"csrf_token": token, **data})
        assert r.status_code == 404, action
    assert status_of(db, poll)[0] == "draft"
    assert db.execute("SELECT COUNT(*) FROM poll_decisions").fetchone()[0] == 0


def test_a_poll_whose_timer_ran_out_is_closed_when_the_page_loads(client, db, room):
    poll = make_poll(client, room)
    db.execute("UPDATE polls SET closes_at = '2000-01-01T00:00:00Z' WHERE id = ?", [poll["id"]])
    db.conn.commit()
    html = page(client, room)
    assert status_of(db, poll)[0] == "closed"
    assert f'id="poll-{poll["id"]}" data-id="{poll["id"]}" data-status="closed"' in html


# -- Results without JavaScript ---------------------------------------------------------------


def test_results_table_with_ties_turnout_per_opd_and_who_voted_what(client, room):
    ids = room["ids"]
    poll = make_poll(client, room, anonymous=False)
    cast(client, room, poll, "Rina", {"allocations": {str(ids[0]): 3, str(ids[1]): 2}})
    cast(client, room, poll, "Dewi", {"allocations": {str(ids[1]): 3, str(ids[0]): 2}})
    html = page(client, room)
    text = text_of(html)
    assert "2 dari 3 peserta yang hadir hari ini memilih" in text
    # Perizinan online and Bank sampah both have 5: a tie for first; Wifi taman is third.
    rows = re.findall(
        r"<tr>\s*<td class=\"num\">(\d+)(.*?)</td>\s*<th scope=\"row\">([^<]+)</th>\s*"
        r"<td class=\"num\">([^<]+)</td>",
        html,
    )
    assert [(r[0], "=" in r[1], r[2], r[3]) for r in rows] == [
        ("1", True, "Perizinan online", "5"),
        ("1", True, "Bank sampah", "5"),
        ("3", False, "Wifi taman", "0"),
    ]
    # Turnout per OPD: Bappeda 1 of 2, Diskominfo 1 of 1, others 0.
    turnout = re.findall(
        r'data-voted="(\w+)">\s*<th scope="row">([^<]+)</th><td class="num">(\d+)</td>'
        r'<td class="num">(\d+)</td>',
        html,
    )
    assert ("true", "Bappeda", "1", "2") in turnout
    assert ("true", "Diskominfo", "1", "1") in turnout
    assert all(row[2] == "0" for row in turnout if row[1] not in ("Bappeda", "Diskominfo"))
    # Named poll: who voted what, and the ballots to download.
    assert "Siapa memilih apa" in text
    assert "Rina Bappeda" in text and "Perizinan online: 3" in text and "Bank sampah: 2" in text
    assert "Dewi Diskominfo" in text
    assert f'href="/api/v1/polls/{poll["id"]}/ballots"' in html


def test_anonymous_poll_page_names_no_voter(client, room):
    poll = make_poll(client, room, method="approval")
    cast(client, room, poll, "Rina", {"approve": [room["ids"][2]]})
    html = page(client, room)
    assert "1 dari 3 peserta yang hadir hari ini memilih" in text_of(html)
    assert "Rina" not in html and "Siapa memilih apa" not in html
    assert "tidak ada yang dapat melihat siapa memilih apa" in html


def test_matrix_results_table_shows_impact_and_effort(client, room):
    ids = room["ids"]
    poll = make_poll(client, room, method="matrix")
    cast(client, room, poll, "Rina", {"scores": {str(ids[0]): {"impact": 5, "effort": 1}}})
    text = text_of(page(client, room))
    assert "Dampak Upaya" in text
    assert "Perizinan online 4 5 1 1" in text  # score = impact − effort


# -- Decisions ----------------------------------------------------------------------------------


def test_record_a_decision_with_the_plain_form(client, db, room):
    poll = make_poll(client, room)
    client.post(f"/api/v1/polls/{poll['id']}/close", headers=bearer(room["fac"]))
    token = csrf_from(page(client, room))
    p = f"d{poll['id']}-"
    r = client.post(
        f"{room['url']}/{poll['id']}/decisions",
        data={
            "csrf_token": token,
            p + "idea_id": str(room["ids"][1]),
            p + "label": "Quick win Smart Environment",
            p + "reason": "Murah dan cepat dirasakan warga.",
        },
    )
    assert r.status_code == 302 and r.headers["Location"].endswith(f"#poll-{poll['id']}")
    row = db.execute("SELECT idea_id, label, reason FROM poll_decisions").fetchone()
    assert tuple(row) == (
        room["ids"][1],
        "Quick win Smart Environment",
        "Murah dan cepat dirasakan warga.",
    )
    text = text_of(client.get(room["url"]).get_data(as_text=True))
    assert "Keputusan dicatat." in text
    assert "Quick win Smart Environment : Bank sampah Murah dan cepat dirasakan warga." in text


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"idea_id": "", "reason": "Alasan"}, "idea_id", "Pilih usulan"),
        (
            {"idea_id": "elsewhere", "reason": "Alasan"},
            "idea_id",
            "Pilih usulan dari pemungutan suara ini.",
        ),
        ({"idea_id": "first", "reason": ""}, "reason", "maks. 1000 karakter"),
        ({"idea_id": "first", "reason": "x" * 1001}, "reason", "1000"),
        (
            {"idea_id": "first", "reason": "ok", "label": "x" * 121},
            "label",
            "Maksimal 120 karakter.",
        ),
        ({"idea_id": "abc", "reason": "Alasan"}, "idea_id", "Pilih usulannya."),
    ],
)
def test_bad_decision_is_refused_and_nothing_recorded(client, db, room, fields, field, message):
    poll = make_poll(client, room)
    token = csrf_from(page(client, room))
    p = f"d{poll['id']}-"
    value = {"first": str(room["ids"][0]), "elsewhere": str(room["elsewhere"])}
    data = {"csrf_token": token}
    for name, v in fields.items():
        data[p + name] = value.get(v, v)
    r = client.post(f"{room['url']}/{poll['id']}/decisions", data=data)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    match = re.search(rf'id="{p}{field}-error"[^>]*>([^<]*)<', html)
    assert match and match.group(1).strip()
    if message:
        assert message in match.group(1)
    # The decision form stays open with what was typed.
    assert re.search(r'<details class="decision-add" open>', html)
    assert db.execute("SELECT COUNT(*) FROM poll_decisions").fetchone()[0] == 0
