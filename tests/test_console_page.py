"""The facilitator console and the decisions page: rendering, plain forms, access, presence."""

import datetime
import re
import uuid

import pytest

from tests.conftest import bearer, csrf_from
from workshop.store import display, ideas, notes, polls
from workshop.views.facilitator.console import pick_session

START = "2017-08-01"


def text_of(html):
    """Visible text with tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def events(sc, name):
    return [e["args"][0] for e in sc.get_received() if e["name"] == name]


@pytest.fixture
def alice(auth):
    return auth.create("alice")


@pytest.fixture
def workshop(auth, alice):
    return auth.workshop(alice["id"], starts_on=START)


@pytest.fixture
def devices_kept(monkeypatch):
    """These tests join people to a workshop held in 2017 (its console is "over"); devices
    now expire 30 days after the last day (issue 17), so keep theirs valid here."""
    from workshop.store import workshops

    monkeypatch.setattr(workshops, "CODE_GRACE_DAYS", 365 * 100)


@pytest.fixture
def sessions(db, workshop):
    """The workshop's sessions by title (Bimtek template)."""
    rows = db.query("SELECT * FROM sessions WHERE workshop_id = ? ORDER BY id", [workshop["id"]])
    return list(rows)


@pytest.fixture
def ideas_session(sessions):
    return next(s for s in sessions if s["kind"] == "ideas")


@pytest.fixture
def page(client, auth, alice, workshop):
    """Alice logged in; the console's HTML (its CSRF token is used by the plain forms)."""
    auth.login()
    return client.get(f"/workshops/{workshop['id']}/console").get_data(as_text=True)


def console(workshop, path=""):
    return f"/workshops/{workshop['id']}/console{path}"


def facilitator_socket(auth, socket_client, app, workshop, username="alice"):
    sc = socket_client(
        auth={"token": auth.token(username), "workshop_id": workshop["id"]},
        flask_client=app.test_client(),
    )
    assert sc.is_connected()
    sc.get_received()
    return sc


def count(db, table, workshop_id):
    sql = f"SELECT count(*) FROM {table} WHERE workshop_id = ?"  # noqa: S608 (tables named here)
    return db.execute(sql, [workshop_id]).fetchone()[0]


# -- Rendering --------------------------------------------------------------------------------


def test_console_has_the_export_menu_with_this_sessions_summary(client, page, workshop):
    export = re.search(r'<details class="console-export".*?</details>', page, re.S).group(0)
    assert "Ringkasan sesi ini" in text_of(export) and "Draf masterplan" in text_of(export)
    session_id = re.search(r'data-session-id="(\d+)"', page).group(1)
    links = re.findall(r'href="([^"]+)"', export.replace("&amp;", "&"))
    summary = next(h for h in links if f"session={session_id}&format=docx" in h)
    assert f"/api/v1/workshops/{workshop['id']}/export?format=xlsx" in links
    response = client.get(summary, follow_redirects=True)
    assert response.status_code == 200 and response.data[:2] == b"PK"  # a real DOCX


def test_console_shows_the_workshop_agenda_and_hall_controls_in_indonesian(page, workshop):
    text = text_of(page)
    assert workshop["title"] in text and workshop["code"] in text
    assert "Tersambung sekarang 0 peserta" in text
    assert f"/projector/{workshop['projector_key']}" in page
    assert "http://192.0.2.10:8000/projector/" in page  # the hall's address, to copy
    assert "Tahap I" in text and "Hari ke-1" in text and "Selasa, 1 Agustus 2017" in text
    assert "Pembukaan dan arahan kebijakan Smart City" in text
    for words in ("Tampilkan di layar", "Gabung", "Dinding", "Hasil", "Pengatur waktu", "Pesan"):
        assert words in text
    for words in ("Mulai", "Jeda", "Lanjutkan", "+1 menit", "Hentikan", "Notulensi"):
        assert words in text
    assert re.search(r'<a href="/workshops/\d+/console"\s+aria-current="page">Konsol</a>', page)
    # Nothing is open and the workshop is over: the first planned session is selected.
    assert 'aria-current="true"' in page
    assert "Di layar: Layar gabung" in text


def test_console_selects_the_open_session_then_the_one_asked_for(
    client, auth, alice, workshop, sessions, ideas_session
):
    auth.login()
    token = auth.token()
    client.patch(
        f"/api/v1/sessions/{ideas_session['id']}", json={"status": "open"}, headers=bearer(token)
    )
    html = client.get(console(workshop)).get_data(as_text=True)
    assert f'<h2 id="session-heading">{ideas_session["title"]}</h2>' in html
    assert f'data-session-id="{ideas_session["id"]}"' in html
    other = sessions[0]
    html = client.get(console(workshop, f"?session={other['id']}")).get_data(as_text=True)
    assert f'<h2 id="session-heading">{other["title"]}</h2>' in html
    marked = re.search(r'data-session-id="(\d+)" data-title="[^"]*"\s+aria-current="true"', html)
    assert marked and int(marked.group(1)) == other["id"]


def day(number, date, *sessions):
    return {"number": number, "date": date, "sessions": list(sessions)}


def sess(sid, date, status="planned", ends="10:00"):
    return {"id": sid, "date": date, "status": status, "ends_at": ends}


@pytest.mark.parametrize(
    "requested,expected",
    [
        (None, 3),  # the open session of today
        (5, 5),  # asked for
        (99, 3),  # unknown: as if nothing was asked
    ],
)
def test_pick_session_prefers_what_is_asked_then_the_open_one(requested, expected):
    now = datetime.datetime(2017, 8, 2, 11, 0)
    days = [
        day(1, "2017-08-01", sess(1, "2017-08-01", "open")),
        day(2, "2017-08-02", sess(2, "2017-08-02", "closed"), sess(3, "2017-08-02", "open")),
        day(3, "2017-08-03", sess(5, "2017-08-03")),
    ]
    assert pick_session(days, requested, now)["id"] == expected


def test_pick_session_takes_the_next_planned_session_today():
    now = datetime.datetime(2017, 8, 2, 11, 0)
    days = [
        day(1, "2017-08-01", sess(1, "2017-08-01")),
        day(
            2,
            "2017-08-02",
            sess(2, "2017-08-02", "planned", "10:30"),  # already over
            sess(3, "2017-08-02", "closed", "11:30"),
            sess(4, "2017-08-02", "planned", "12:00"),
        ),
    ]
    assert pick_session(days, None, now)["id"] == 4
    assert pick_session([day(1, "2017-08-01")], None, now) is None


def test_console_shows_proposals_polls_and_notes_of_the_session(
    client, db, auth, alice, workshop, ideas_session, devices_kept
):
    person, device = auth.participant(workshop)
    token = auth.token()
    client.patch(
        f"/api/v1/sessions/{ideas_session['id']}", json={"status": "open"}, headers=bearer(token)
    )
    for title in ("Perizinan online", "Wifi taman"):
        response = client.post(
            f"/api/v1/sessions/{ideas_session['id']}/ideas",
            json={"title": title, "dimension": "governance", "client_id": str(uuid.uuid4())},
            headers=bearer(device),
        )
        assert response.status_code == 201
    client.post(
        f"/api/v1/sessions/{ideas_session['id']}/polls",
        json={"title": "Prioritas quick win", "method": "dots"},
        headers=bearer(token),
    )
    client.post(
        f"/api/v1/sessions/{ideas_session['id']}/notes",
        json={"kind": "decision", "body": "Fokus pada **perizinan**"},
        headers=bearer(token),
    )
    auth.login()
    html = client.get(console(workshop)).get_data(as_text=True)
    text = text_of(html)
    assert "Perizinan online" in text and "Wifi taman" in text
    assert "Tampil 2" in text and "Sembunyikan" in text
    assert "Prioritas quick win" in text and "Titik" in text and "Draf" in text
    assert "Buka pemungutan" in text
    assert "<strong>perizinan</strong>" in html and "Keputusan" in text
    assert f"/workshops/{workshop['id']}/sessions/{ideas_session['id']}/wall" in html
    assert f"/workshops/{workshop['id']}/sessions/{ideas_session['id']}/polls" in html


def test_workshop_page_leads_to_the_console_and_the_projector(client, auth, alice, workshop):
    auth.login()
    html = client.get(f"/workshops/{workshop['id']}").get_data(as_text=True)
    assert f'href="/workshops/{workshop["id"]}/console">Buka konsol</a>' in html
    assert f"http://192.0.2.10:8000/projector/{workshop['projector_key']}" in html
    assert "data-copy" in html and "Salin" in html


# -- Who may open it ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/console", "/decisions"])
def test_pages_need_a_facilitator_of_the_workshop(client, auth, workshop, path):
    url = f"/workshops/{workshop['id']}{path}"
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth.create("bob")
    auth.login("bob")
    assert client.get(url).status_code == 404


def test_participants_are_sent_to_the_login_and_change_nothing(client, db, auth, workshop):
    person, device = auth.participant(workshop)
    client.set_cookie("rembuk_device", device)
    assert client.get(console(workshop)).status_code == 302
    html = client.get("/login").get_data(as_text=True)
    response = client.post(
        console(workshop, "/display"),
        data={"csrf_token": csrf_from(html), "view": "message", "text": "Halo"},
    )
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert display.get_display(db, workshop["id"])["view"] == "join"
    assert count(db, "timers", workshop["id"]) == 0


def test_another_workshops_objects_are_404(client, db, auth, alice, page, workshop):
    bob = auth.create("bob")
    theirs = auth.workshop(bob["id"], title="Bimtek Kota Lain")
    their_session = next(
        db.query("SELECT * FROM sessions WHERE workshop_id = ? LIMIT 1", [theirs["id"]])
    )
    note = notes.create_note(db, their_session, {"kind": "note", "body": "rahasia"}, bob["id"])
    token = csrf_from(page)
    for path, data in [
        (f"/sessions/{their_session['id']}/status", {"status": "open"}),
        (f"/sessions/{their_session['id']}/notes", {"kind": "note", "body": "x"}),
        (f"/notes/{note['id']}", {"kind": "note", "body": "diubah"}),
        (f"/notes/{note['id']}/delete", {}),
        (f"/sessions/{their_session['id']}/polls", {"title": "x", "method": "dots"}),
    ]:
        response = client.post(console(workshop, path), data={"csrf_token": token, **data})
        assert response.status_code == 404, path
    assert notes.get_note(db, note["id"])["body"] == "rahasia"
    assert count(db, "notes", theirs["id"]) == 1
    assert client.get(console(theirs)).status_code == 404


# -- Plain forms (no JavaScript) -----------------------------------------------------------------


def test_session_status_form_opens_and_closes_collection(
    client, db, auth, app, socket_client, page, workshop, ideas_session
):
    sc = facilitator_socket(auth, socket_client, app, workshop)
    url = console(workshop, f"/sessions/{ideas_session['id']}/status")
    response = client.post(url, data={"csrf_token": csrf_from(page), "status": "open"})
    assert response.status_code == 302
    assert f"session={ideas_session['id']}" in response.headers["Location"]
    row = db.execute("SELECT status FROM sessions WHERE id = ?", [ideas_session["id"]]).fetchone()
    assert row[0] == "open"
    assert [s["status"] for s in events(sc, "session_updated")] == ["open"]
    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{ideas_session['title']}: Dibuka" in text_of(followed)
    bad = client.post(url, data={"csrf_token": csrf_from(page), "status": "maybe"})
    assert bad.status_code == 302
    row = db.execute("SELECT status FROM sessions WHERE id = ?", [ideas_session["id"]]).fetchone()
    assert row[0] == "open"


def test_note_forms_add_edit_and_delete(
    client, db, auth, app, socket_client, page, workshop, ideas_session
):
    sc = facilitator_socket(auth, socket_client, app, workshop)
    token = csrf_from(page)
    opd = db.execute(
        "SELECT id FROM opds WHERE workshop_id = ? AND code = 'Diskominfo'", [workshop["id"]]
    ).fetchone()[0]
    add = console(workshop, f"/sessions/{ideas_session['id']}/notes?session={ideas_session['id']}")
    response = client.post(
        add,
        data={
            "csrf_token": token,
            "kind": "action",
            "body": "Siapkan data perizinan",
            "opd_id": str(opd),
            "due_on": "2017-08-20",
        },
    )
    assert response.status_code == 302
    (note,) = notes.list_notes(db, session_id=ideas_session["id"])
    assert (note["kind"], note["body"], note["opd_id"], note["due_on"]) == (
        "action",
        "Siapkan data perizinan",
        opd,
        "2017-08-20",
    )
    assert events(sc, "note_created")[0]["id"] == note["id"]
    assert "Tindak lanjut disimpan." in text_of(client.get(response.headers["Location"]).text)

    edit = console(workshop, f"/notes/{note['id']}")
    response = client.post(
        edit, data={"csrf_token": token, "kind": "decision", "body": "Disepakati", "opd_id": ""}
    )
    assert response.status_code == 302
    changed = notes.get_note(db, note["id"])
    assert (changed["kind"], changed["body"], changed["opd_id"]) == ("decision", "Disepakati", None)
    assert events(sc, "note_updated")[-1]["body"] == "Disepakati"

    editing = client.get(console(workshop, f"?session={ideas_session['id']}&note={note['id']}"))
    assert f'action="/workshops/{workshop["id"]}/console/notes/{note["id"]}' in editing.text
    assert "Disepakati</textarea>" in editing.text

    response = client.post(
        console(workshop, f"/notes/{note['id']}/delete"), data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert notes.list_notes(db, session_id=ideas_session["id"]) == []
    assert events(sc, "note_removed") == [{"id": note["id"], "session_id": ideas_session["id"]}]


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"kind": "memo", "body": "x"}, ""),
        ({"body": "tanpa jenis"}, "Pilih jenis catatan."),
        ({"kind": "note", "body": "ada\x07bel"}, "karakter kendali"),
        ({"kind": "note", "body": "x" * 20001}, "20000"),
        (
            {"kind": "action", "body": "x", "opd_id": "999999"},
            "Pilih OPD dari daftar lokakarya ini",
        ),
        ({"kind": "action", "body": "x", "due_on": "2017-13-45"}, ""),
    ],
)
def test_bad_notes_are_refused_with_422_and_change_nothing(
    client, db, page, workshop, ideas_session, fields, message
):
    token = csrf_from(page)
    existing = notes.create_note(db, ideas_session, {"kind": "note", "body": "asli"}, None)
    for url in (
        console(workshop, f"/sessions/{ideas_session['id']}/notes"),
        console(workshop, f"/notes/{existing['id']}"),
    ):
        response = client.post(url, data={"csrf_token": token, **fields})
        assert response.status_code == 422, url
        assert re.search(r'class="field\s+has-error', response.text)
        if message:
            assert message in response.text
    (only,) = notes.list_notes(db, session_id=ideas_session["id"])
    assert only["body"] == "asli" and only["kind"] == "note"


def test_a_refused_note_keeps_what_was_typed(client, page, workshop, ideas_session):
    response = client.post(
        console(workshop, f"/sessions/{ideas_session['id']}/notes"),
        data={
            "csrf_token": csrf_from(page),
            "kind": "action",
            "body": "Teks panjang saya",
            "opd_id": "999999",
        },
    )
    assert response.status_code == 422
    assert "Teks panjang saya</textarea>" in response.text
    assert f'<h2 id="session-heading">{ideas_session["title"]}</h2>' in response.text


def test_timer_form_starts_pauses_adds_resumes_and_stops(
    client, db, auth, app, socket_client, page, workshop
):
    sc = facilitator_socket(auth, socket_client, app, workshop)
    token = csrf_from(page)
    url = console(workshop, "/timer")

    def act(action, **data):
        response = client.post(url, data={"csrf_token": token, "action": action, **data})
        assert response.status_code == 302, response.text
        return display.get_timer(db, workshop["id"])

    started = act("start", minutes="3")
    assert started["running"] and 178 < started["remaining"] <= 180
    paused = act("pause")
    assert not paused["running"] and 178 < paused["remaining"] <= 180
    added = act("add")
    assert not added["running"] and 238 < added["remaining"] <= 240
    resumed = act("resume")
    assert resumed["running"] and 237 < resumed["remaining"] <= 240
    stopped = act("stop")
    assert (stopped["running"], stopped["remaining"]) == (False, 0)
    pushed = events(sc, "timer")
    assert len(pushed) == 5 and pushed[0]["running"] and not pushed[-1]["running"]


@pytest.mark.parametrize("minutes", ["", "0", "abc", "241", "1.5", "-3"])
def test_bad_timer_minutes_are_refused_with_422(client, db, page, workshop, minutes):
    response = client.post(
        console(workshop, "/timer"),
        data={"csrf_token": csrf_from(page), "action": "start", "minutes": minutes},
    )
    assert response.status_code == 422
    assert "Isi menit dalam bilangan bulat, 1 sampai 240." in response.text
    assert count(db, "timers", workshop["id"]) == 0


def test_display_form_switches_the_projector(
    client, db, auth, app, socket_client, page, workshop, ideas_session
):
    projector = socket_client(
        auth={"projector": workshop["projector_key"]}, flask_client=app.test_client()
    )
    projector.get_received()
    token = csrf_from(page)
    url = console(workshop, "/display")
    response = client.post(
        url,
        data={
            "csrf_token": token,
            "view": "message",
            "text": "Istirahat 15 menit",
            "sound": "y",
            "session_id": str(ideas_session["id"]),
            "poll_id": "",
        },
    )
    assert response.status_code == 302
    state = display.get_display(db, workshop["id"])
    assert (state["view"], state["text"], state["sound"]) == ("message", "Istirahat 15 menit", True)
    assert events(projector, "display")[-1]["text"] == "Istirahat 15 menit"
    assert "Di layar: Pesan — Istirahat 15 menit" in text_of(client.get(console(workshop)).text)
    client.post(
        url, data={"csrf_token": token, "view": "ideas", "session_id": str(ideas_session["id"])}
    )
    state = display.get_display(db, workshop["id"])
    assert (state["view"], state["session_id"], state["sound"]) == (
        "ideas",
        ideas_session["id"],
        False,
    )
    page_now = client.get(console(workshop)).text
    assert re.search(r'value="ideas" class="view-button"[^>]*aria-pressed="true"', page_now)


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"view": "cinema"}, "Not a valid choice"),
        ({"view": "message", "text": ""}, "Tulis pesan yang akan ditampilkan."),
        ({"view": "message", "text": "x" * 501}, "500"),
        ({"view": "results", "poll_id": ""}, "Pilih pemungutan suara yang hasilnya ditampilkan."),
        ({"view": "results", "poll_id": "999999"}, "Pilih pemungutan suara dari lokakarya ini."),
        ({"view": "ideas", "session_id": ""}, "Pilih sesi yang dinding usulannya ditampilkan."),
        ({"view": "join", "unknown": "1"}, "Unknown field"),
    ],
)
def test_bad_display_switches_are_refused_with_422(client, db, page, workshop, fields, message):
    response = client.post(
        console(workshop, "/display"), data={"csrf_token": csrf_from(page), **fields}
    )
    assert response.status_code == 422
    if not message.startswith(("Not a valid", "Unknown")):
        assert message in response.text
    assert display.get_display(db, workshop["id"])["updated_at"] is None


def test_display_refuses_another_workshops_session(client, db, auth, page, workshop):
    bob = auth.create("bob")
    theirs = auth.workshop(bob["id"])
    their_session = next(db.query("SELECT id FROM sessions WHERE workshop_id = ?", [theirs["id"]]))
    response = client.post(
        console(workshop, "/display"),
        data={"csrf_token": csrf_from(page), "view": "ideas", "session_id": their_session["id"]},
    )
    assert response.status_code == 422
    assert "Pilih sesi dari lokakarya ini." in response.text
    assert display.get_display(db, workshop["id"])["updated_at"] is None


def test_idea_and_poll_forms(client, db, auth, page, workshop, ideas_session, devices_kept):
    person, device = auth.participant(workshop)
    token = csrf_from(page)
    client.post(
        console(workshop, f"/sessions/{ideas_session['id']}/status"),
        data={"csrf_token": token, "status": "open"},
    )
    created = client.post(
        f"/api/v1/sessions/{ideas_session['id']}/ideas",
        json={"title": "Wifi taman", "dimension": "living", "client_id": str(uuid.uuid4())},
        headers=bearer(device),
    ).get_json()
    hide = console(workshop, f"/ideas/{created['id']}/status")
    assert client.post(hide, data={"csrf_token": token, "status": "hidden"}).status_code == 302
    assert ideas.get_idea(db, created["id"])["status"] == "hidden"
    assert client.post(hide, data={"csrf_token": token, "status": "gone"}).status_code == 302
    assert ideas.get_idea(db, created["id"])["status"] == "hidden"
    client.post(hide, data={"csrf_token": token, "status": "visible"})

    add = console(workshop, f"/sessions/{ideas_session['id']}/polls")
    refused = client.post(add, data={"csrf_token": token, "title": "", "method": "dots"})
    assert refused.status_code == 422 and "Judul wajib diisi" in refused.text
    assert polls.list_polls(db, session_id=ideas_session["id"]) == []
    response = client.post(add, data={"csrf_token": token, "title": "Prioritas", "method": "dots"})
    assert response.status_code == 302
    (poll,) = polls.list_polls(db, session_id=ideas_session["id"])
    assert (poll["status"], poll["budget"], poll["anonymous"]) == ("draft", 5, True)
    assert [i["id"] for i in polls.poll_ideas(db, poll["id"])] == [created["id"]]
    assert f"poll={poll['id']}" in response.headers["Location"]

    opened = client.post(console(workshop, f"/polls/{poll['id']}/open"), data={"csrf_token": token})
    assert opened.status_code == 302 and polls.get_poll(db, poll["id"])["status"] == "open"
    closed = client.post(
        console(workshop, f"/polls/{poll['id']}/close"), data={"csrf_token": token}
    )
    assert closed.status_code == 302 and polls.get_poll(db, poll["id"])["status"] == "closed"
    again = client.post(console(workshop, f"/polls/{poll['id']}/close"), data={"csrf_token": token})
    assert "Pemungutan suara tidak sedang dibuka." in text_of(
        client.get(again.headers["Location"]).text
    )


def test_forms_need_the_csrf_token(client, db, page, workshop):
    response = client.post(console(workshop, "/display"), data={"view": "message", "text": "x"})
    assert response.status_code == 400
    assert display.get_display(db, workshop["id"])["updated_at"] is None


# -- Keputusan dan tindak lanjut -------------------------------------------------------------------


def test_decisions_page_lists_decisions_actions_and_poll_decisions(
    client, db, auth, alice, page, workshop, sessions, ideas_session, devices_kept
):
    person, device = auth.participant(workshop)
    first, later = sessions[0], ideas_session
    opd = db.execute(
        "SELECT id FROM opds WHERE workshop_id = ? AND code = 'Bappeda'", [workshop["id"]]
    ).fetchone()[0]
    notes.create_note(db, first, {"kind": "note", "body": "Catatan biasa saja"}, alice["id"])
    notes.create_note(db, first, {"kind": "decision", "body": "Pakai **Tahap I**"}, alice["id"])
    notes.create_note(
        db,
        later,
        {"kind": "action", "body": "Kirim data", "opd_id": opd, "due_on": "2017-08-20"},
        alice["id"],
    )
    notes.create_note(db, later, {"kind": "action", "body": "Tanpa pemilik"}, alice["id"])
    api = bearer(auth.token())
    client.patch(f"/api/v1/sessions/{later['id']}", json={"status": "open"}, headers=api)
    idea = client.post(
        f"/api/v1/sessions/{later['id']}/ideas",
        json={
            "title": "Perizinan online",
            "dimension": "governance",
            "client_id": str(uuid.uuid4()),
        },
        headers=bearer(device),
    ).get_json()
    poll = client.post(
        f"/api/v1/sessions/{later['id']}/polls",
        json={"title": "Quick win", "method": "approval"},
        headers=api,
    ).get_json()
    decided = client.post(
        f"/api/v1/polls/{poll['id']}/decisions",
        json={"idea_id": idea["id"], "label": "Quick win tata kelola", "reason": "Paling siap"},
        headers=api,
    )
    assert decided.status_code == 201
    html = client.get(f"/workshops/{workshop['id']}/decisions").text
    text = text_of(html)
    assert "Keputusan dan tindak lanjut" in text
    assert "Catatan biasa saja" not in text
    assert "<strong>Tahap I</strong>" in html
    assert "Kirim data" in text and "Bappeda" in text and "20 Agustus 2017" in text
    assert "Tanpa pemilik" in text and "belum diisi" in text
    assert text.index(first["title"]) < text.index(later["title"])
    assert "Perizinan online — Quick win tata kelola" in text and "Paling siap" in text
    assert "pemungutan suara “Quick win”" in text
    assert "1 keputusan, 2 tindak lanjut, 1 keputusan pemungutan suara" in text
    client.get("/lang/en")
    english = text_of(client.get(f"/workshops/{workshop['id']}/decisions").text)
    assert "1 decision, 2 action items, 1 decision on a poll" in english  # singular and plural
    client.get("/lang/id")


def test_decisions_page_is_empty_at_first(client, page, workshop):
    text = text_of(client.get(f"/workshops/{workshop['id']}/decisions").text)
    assert "Belum ada keputusan atau tindak lanjut." in text


# -- Presence: participants connected now --------------------------------------------------------


def test_presence_counts_participants_connected_now(
    app, auth, socket_client, client, workshop, devices_kept
):
    alice_socket = facilitator_socket(auth, socket_client, app, workshop)
    rina, rina_device = auth.participant(workshop, name="Rina")
    budi, budi_device = auth.participant(workshop, name="Budi", opd_code="Diskominfo")
    projector = socket_client(
        auth={"projector": workshop["projector_key"]}, flask_client=app.test_client()
    )
    first = socket_client(auth={"token": rina_device}, flask_client=app.test_client())
    second_tab = socket_client(auth={"token": rina_device}, flask_client=app.test_client())
    other = socket_client(auth={"token": budi_device}, flask_client=app.test_client())
    assert projector.is_connected() and first.is_connected() and other.is_connected()
    assert [p["connected"] for p in events(alice_socket, "presence")] == [1, 1, 2]
    first.disconnect()
    other.disconnect()
    assert [p["connected"] for p in events(alice_socket, "presence")] == [2, 1]
    auth.login()
    assert 'id="presence-count" class="presence-count">1<' in client.get(console(workshop)).text
    second_tab.disconnect()
    assert events(alice_socket, "presence") == [{"workshop_id": workshop["id"], "connected": 0}]
    assert app.extensions["rembuk_presence"].count(workshop["id"]) == 0
