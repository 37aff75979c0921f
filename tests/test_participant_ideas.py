"""The participant's session page: the proposal form without JavaScript, its errors, the wall."""

import re

import pytest

from tests.conftest import bearer, csrf_from, unbatched


@pytest.fixture
def hall(app, auth, db):
    """An open proposals session, a facilitator, and Rina (Bappeda) on this browser."""
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
    db.conn.commit()
    rina, rina_token = auth.participant(workshop, "Rina", "Bappeda")
    dewi, dewi_token = auth.participant(workshop, "Dewi", "Diskominfo")
    return {
        "workshop": workshop,
        "session": session,
        "url": f"/w/s/{session['id']}",
        "fac": auth.token(),
        "rina": rina,
        "rina_token": rina_token,
        "dewi": dewi,
        "dewi_token": dewi_token,
    }


@pytest.fixture
def rina(client, hall):
    """The test client as Rina's phone (the device cookie the join page sets)."""
    client.set_cookie("rembuk_device", hall["rina_token"])
    return client


PROPOSAL = {
    "title": "Perizinan online satu pintu",
    "dimension": "governance",
    "element": "service",
    "description": "Pemohon memantau status berkas secara real time.",
    "problem": "Antrean panjang di loket.",
    "horizon": "quick_win",
    "budget_idr": "1,5 jt",
    "funding_source": "APBD",
    "responsible_opd_id": "",
}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def send(client, hall, **changes):
    """Post the page's own form, with its CSRF token and its server-made client_id."""
    html = page(client, hall["url"])
    client_id = re.search(r'name="client_id" value="([^"]+)"', html).group(1)
    data = {**PROPOSAL, "csrf_token": csrf_from(html), "client_id": client_id, **changes}
    return client.post(hall["url"], data=data)


def rows(db):
    return list(db.query("SELECT * FROM ideas ORDER BY id"))


def set_settings(client, hall, **settings):
    response = client.put(
        f"/api/v1/sessions/{hall['session']['id']}/idea-settings",
        json=settings,
        headers=bearer(hall["fac"]),
    )
    assert response.status_code == 200


def test_form_shows_only_the_enabled_fields(client, hall, rina):
    set_settings(client, hall, fields=["budget_idr", "funding_source"])
    html = page(rina, hall["url"])
    assert hall["session"]["title"] in html
    assert 'id="title"' in html and 'name="dimension"' in html
    # Dimensions are chips with their colour key AND their Indonesian name.
    assert re.search(r'class="dim-option" data-dimension="governance">', html)
    assert "Tata Kelola Cerdas" in html
    for name in ("budget_idr", "funding_source"):
        assert re.search(rf'data-optional="{name}"\s*>', html), name
    for name in ("description", "problem", "element", "horizon", "responsible_opd_id"):
        assert re.search(rf'data-optional="{name}"\s*hidden', html), name
    for suggestion in ("APBD", "APBN", "CSR", "KPBU", "Swasta", "Komunitas"):
        assert f'<option value="{suggestion}">' in html
    assert "Kirim usulan" in html


def test_english_page_names_dimensions_in_english(client, hall, rina):
    rina.get("/lang/en")
    html = page(rina, hall["url"])
    assert "Smart Governance" in html and "Send proposal" in html


def test_submit_without_javascript(client, db, hall, rina, socket_client, app):
    dewi_socket = socket_client(auth={"token": hall["dewi_token"]}, flask_client=app.test_client())
    dewi_socket.get_received()
    response = send(rina, hall)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{hall['url']}#mine")
    [idea] = rows(db)
    assert idea["title"] == PROPOSAL["title"]
    assert idea["budget_idr"] == 1_500_000
    assert idea["opd_id"] == hall["rina"]["opd_id"]  # the proposing OPD defaults to hers
    assert idea["participant_id"] == hall["rina"]["id"]
    assert idea["status"] == "visible"
    assert idea["client_id"]
    html = page(rina, hall["url"])
    assert "Usulan terkirim: Perizinan online satu pintu" in html
    mine = html.split('id="mine-list"')[1].split("</ul>")[0]
    assert PROPOSAL["title"] in mine and "Terkirim" in mine
    # Dewi's phone hears of it at once.
    received = unbatched(dewi_socket.get_received())
    created = [e["args"][0] for e in received if e["name"] == "idea_created"]
    assert [c["title"] for c in created] == [PROPOSAL["title"]]


def test_double_submit_is_one_proposal(client, db, hall, rina):
    html = page(rina, hall["url"])
    data = {
        **PROPOSAL,
        "csrf_token": csrf_from(html),
        "client_id": re.search(r'name="client_id" value="([^"]+)"', html).group(1),
    }
    assert rina.post(hall["url"], data=data).status_code == 302
    again = rina.post(hall["url"], data=data, follow_redirects=True)
    assert again.status_code == 200
    assert "sudah diterima sebelumnya" in again.get_data(as_text=True)
    assert len(rows(db)) == 1
    # Each fresh page carries a new client_id, so the next proposal is a new one.
    assert send(rina, hall, title="Bank sampah digital").status_code == 302
    assert len(rows(db)) == 2


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"title": ""}, "title", "Judul wajib diisi (maks. 140 karakter)."),
        ({"title": "x" * 141}, "title", "Judul wajib diisi (maks. 140 karakter)."),
        ({"dimension": ""}, "dimension", "Pilih dimensi."),
        ({"dimension": "smart_village"}, "dimension", None),
        ({"element": "tourism"}, "element", None),
        ({"budget_idr": "sejuta"}, "budget_idr", "Tulis anggaran seperti 1.500.000"),
        ({"budget_idr": "1,5"}, "budget_idr", "Tulis anggaran seperti 1.500.000"),
        ({"responsible_opd_id": "999999"}, "responsible_opd_id", None),
        ({"horizon": "someday"}, "horizon", None),
        ({"description": "x" * 2001}, "description", "Maksimal 2000 karakter."),
    ],
)
def test_bad_input_shows_field_errors_and_keeps_the_text(
    client, db, hall, rina, changes, field, message
):
    response = send(rina, hall, **changes)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    if message:
        error = re.search(rf'id="{field}-error">([^<]*)<', html).group(1)
        assert message in error
    assert rows(db) == []
    # What was typed is still there to fix, including a budget the server could not read.
    if field != "title":
        assert 'value="Perizinan online satu pintu"' in html
    if field != "budget_idr":
        assert 'value="1,5 jt"' in html
    else:
        assert f'value="{changes["budget_idr"]}"' in html


def test_missing_csrf_changes_nothing(db, hall, rina):
    response = rina.post(hall["url"], data=PROPOSAL)
    assert response.status_code == 400
    assert rows(db) == []


@pytest.mark.parametrize(
    "status,text",
    [
        ("closed", "Pengumpulan usulan untuk sesi ini sudah ditutup."),
        ("planned", "Pengumpulan usulan belum dibuka."),
    ],
)
def test_not_open_session_says_so_and_refuses(db, hall, rina, status, text):
    html = page(rina, hall["url"])  # the form as it was while open
    db.execute("UPDATE sessions SET status = ? WHERE id = ?", [status, hall["session"]["id"]])
    db.conn.commit()
    shown = page(rina, hall["url"])
    note = shown.split('id="closed-note"')[1].split("</div>")[0]
    assert not note.lstrip().startswith("hidden") and text in note
    assert re.search(r'<form id="proposal-form"[^>]*\shidden', shown)
    late = rina.post(
        hall["url"],
        data={**PROPOSAL, "csrf_token": csrf_from(html), "client_id": "late-1"},
    )
    assert late.status_code == 409
    body = late.get_data(as_text=True)
    assert "Pengumpulan usulan untuk sesi ini sudah ditutup." in body
    # What was typed stays readable (the form is gone), so it can be copied elsewhere.
    copy = re.search(r'id="draft-copy"\s*>.*?id="draft-copy-text">([^<]*)<', body, re.S)
    assert copy and copy.group(1).startswith("Perizinan online satu pintu")
    assert "Antrean panjang di loket." in copy.group(1)
    assert rows(db) == []


def test_who_may_open_the_page(client, auth, db, hall):
    assert client.get(hall["url"]).headers["Location"].endswith("/join")
    client.set_cookie("rembuk_device", "revoked-or-made-up")
    gone = client.get(hall["url"])
    assert gone.headers["Location"].endswith("/join")
    assert "rembuk_device=;" in gone.headers["Set-Cookie"]
    other = auth.workshop(auth.create("bob")["id"], title="Bimtek Depok")
    _stranger, stranger_token = auth.participant(other, "Sari", "Bappeda")
    client.set_cookie("rembuk_device", stranger_token)
    assert client.get(hall["url"]).status_code == 404
    html = page(client, "/w")
    stranger_post = client.post(
        hall["url"], data={**PROPOSAL, "csrf_token": csrf_from(html), "client_id": "x1"}
    )
    assert stranger_post.status_code == 404
    assert client.get("/w/s/999999").status_code == 404
    assert rows(db) == []


def test_talk_session_has_no_form(db, hall, rina):
    talk = next(
        db.query(
            "SELECT id FROM sessions WHERE workshop_id = ? AND kind = 'talk'",
            [hall["workshop"]["id"]],
        )
    )
    html = page(rina, f"/w/s/{talk['id']}")
    assert "Sesi ini tidak mengumpulkan usulan." in html
    assert 'id="proposal-form"' not in html


def api_submit(client, hall, token, **changes):
    body = {"title": "Bank sampah digital", "dimension": "environment", "element": "waste"}
    response = client.post(
        f"/api/v1/sessions/{hall['session']['id']}/ideas",
        json={**body, **changes},
        headers=bearer(token),
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_wall_shows_visible_proposals_as_text_with_authorship(client, hall, rina):
    mine = api_submit(client, hall, hall["rina_token"], title="<script>alert(1)</script>")
    theirs = api_submit(client, hall, hall["dewi_token"], client_id="d1")
    hidden = api_submit(client, hall, hall["dewi_token"], client_id="d2", title="Rahasia")
    client.patch(
        f"/api/v1/ideas/{hidden['id']}", json={"status": "hidden"}, headers=bearer(hall["fac"])
    )
    html = page(rina, hall["url"])
    wall = html.split('id="proposal-wall"')[1].split("</ul>")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in wall and "<script>alert" not in html
    assert f'id="wall-{theirs["id"]}"' in wall and f'id="wall-{mine["id"]}"' in wall
    assert "Rahasia" not in html
    assert "Oleh Dewi (Diskominfo)" in wall
    assert wall.count("Usulan Anda") == 1  # her own card is marked
    assert "Lingkungan Cerdas" in wall and "Tata kelola sampah dan limbah" in wall
    set_settings(client, hall, authorship="anonymous")
    anonymous = page(rina, hall["url"])
    assert "Dewi" not in anonymous
    assert "Oleh" not in anonymous.split('id="proposal-wall"')[1].split("</ul>")[0]


def test_own_pending_proposal_waits_for_approval(client, hall, rina):
    set_settings(client, hall, premoderation=True)
    response = send(rina, hall)
    assert response.status_code == 302
    html = page(rina, hall["url"])
    assert "Usulan terkirim. Usulan tampil di papan setelah disetujui fasilitator." in html
    mine = html.split('id="mine-list"')[1].split("</ul>")[0]
    assert "menunggu persetujuan" in mine
    wall = html.split('id="proposal-wall"')[1].split("</ul>")[0]
    assert PROPOSAL["title"] not in wall
    client.set_cookie("rembuk_device", hall["dewi_token"])
    assert PROPOSAL["title"] not in page(client, hall["url"])


def test_wall_filters_by_dimension_and_opd_with_counts(client, hall, rina):
    api_submit(client, hall, hall["rina_token"], client_id="r1", title="Satu data kota")
    api_submit(client, hall, hall["dewi_token"], client_id="d1")
    api_submit(
        client,
        hall,
        hall["dewi_token"],
        client_id="d2",
        title="Layanan aduan warga",
        dimension="governance",
        element="service",
    )
    html = page(rina, hall["url"] + "?dimension=environment")
    wall = html.split('id="proposal-wall"')[1].split("</ul>")[0]
    assert "Bank sampah digital" in wall and "Layanan aduan warga" not in wall
    chip = re.search(
        r'data-dimension-filter="governance"[^>]*>([^<]*)<span class="count">(\d+)', html
    )
    assert chip.group(2) == "1"
    by_opd = page(rina, hall["url"] + f"?opd={hall['rina']['opd_id']}")
    wall = by_opd.split('id="proposal-wall"')[1].split("</ul>")[0]
    assert "Satu data kota" in wall and "Bank sampah digital" not in wall
    assert "Semua OPD (3)" in by_opd and "Diskominfo (2)" in by_opd


def test_edit_and_withdraw_without_javascript(client, db, hall, rina, app, socket_client):
    send(rina, hall)
    [idea] = rows(db)
    form = page(rina, hall["url"] + f"?edit={idea['id']}")
    assert "Ubah usulan Anda" in form and 'value="1.500.000"' in form
    assert f'action="/w/s/{hall["session"]["id"]}/ideas/{idea["id"]}"' in form
    edit_url = f"{hall['url']}/ideas/{idea['id']}"
    data = {**PROPOSAL, "title": "Perizinan online terpadu", "csrf_token": csrf_from(form)}
    bad = rina.post(edit_url, data={**data, "title": ""})
    assert bad.status_code == 422 and rows(db)[0]["title"] == PROPOSAL["title"]
    saved = rina.post(edit_url, data=data)
    assert saved.status_code == 302
    assert rows(db)[0]["title"] == "Perizinan online terpadu"
    # Someone else's proposal is not hers to edit or withdraw.
    theirs = api_submit(client, hall, hall["dewi_token"], client_id="d1")
    other_url = f"{hall['url']}/ideas/{theirs['id']}"
    assert rina.post(other_url, data=data).status_code == 404
    assert rina.post(other_url + "/withdraw", data=data).status_code == 404
    assert rows(db)[1]["status"] == "visible"
    dewi_socket = socket_client(auth={"token": hall["dewi_token"]}, flask_client=app.test_client())
    dewi_socket.get_received()
    withdrawn = rina.post(edit_url + "/withdraw", data={"csrf_token": csrf_from(form)})
    assert withdrawn.status_code == 302
    assert rows(db)[0]["status"] == "withdrawn"
    events = [(e["name"], e["args"][0]) for e in unbatched(dewi_socket.get_received())]
    assert ("idea_removed", {"id": idea["id"]}) in events
    assert "Usulan ditarik." in page(rina, hall["url"])


def test_no_edits_once_closed(db, hall, rina):
    send(rina, hall)
    [idea] = rows(db)
    form = page(rina, hall["url"] + f"?edit={idea['id']}")
    db.execute("UPDATE sessions SET status = 'closed' WHERE id = ?", [hall["session"]["id"]])
    db.conn.commit()
    edit_url = f"{hall['url']}/ideas/{idea['id']}"
    data = {**PROPOSAL, "title": "Terlambat", "csrf_token": csrf_from(form)}
    assert rina.post(edit_url, data=data).status_code == 409
    withdrawn = rina.post(edit_url + "/withdraw", data=data, follow_redirects=True)
    assert "sudah ditutup" in withdrawn.get_data(as_text=True)
    assert rows(db)[0]["title"] == PROPOSAL["title"]
    assert rows(db)[0]["status"] == "visible"
    closed_page = page(rina, hall["url"] + f"?edit={idea['id']}")
    assert "Ubah usulan Anda" not in closed_page
    mine = closed_page.split('id="mine-list"')[1].split("</ul>")[0]
    assert PROPOSAL["title"] in mine and 'class="idea-actions"' not in mine


def test_flood_is_refused_with_the_text_kept(monkeypatch, db, hall, rina):
    from workshop.rules import ideas as rules

    monkeypatch.setattr(rules, "SUBMIT_MAX", 2)
    assert send(rina, hall, title="Satu").status_code == 302
    assert send(rina, hall, title="Dua").status_code == 302
    flood = send(rina, hall, title="Tiga")
    assert flood.status_code == 429
    assert 'value="Tiga"' in flood.get_data(as_text=True)
    assert [r["title"] for r in rows(db)] == ["Satu", "Dua"]


def test_home_links_to_the_session_page(hall, rina):
    html = page(rina, "/w")
    assert f'href="{hall["url"]}"' in html


def test_empty_choices_are_stored_as_none(client, db, hall, rina):
    """The form sends "" for an untouched horizon or element (this was a 500)."""
    assert send(rina, hall, horizon="", element="", budget_idr="").status_code == 302
    body = {
        "title": "Bank sampah digital",
        "dimension": "environment",
        "element": "",
        "horizon": "",
        "responsible_opd_id": "",
        "budget_idr": "",
        "client_id": "js-1",
    }
    response = client.post(
        f"/api/v1/sessions/{hall['session']['id']}/ideas",
        json=body,
        headers=bearer(hall["rina_token"]),
    )
    assert response.status_code == 201
    for row in rows(db):
        assert (row["horizon"], row["element"], row["budget_idr"]) == (None, None, None)
