"""The facilitator's proposals wall as plain HTML forms (no JavaScript): every action, its
audit entry and its pushes, field errors with 422, and who may see the page at all."""

import json
import re

import pytest

from tests.conftest import bearer, csrf_from, unbatched

IDEA = {
    "title": "Perizinan online satu pintu",
    "description": "Pemohon memantau status berkas secara real time.",
    "dimension": "governance",
    "element": "service",
    "horizon": "quick_win",
    "budget_idr": "1,5 jt",
}


@pytest.fixture
def hall(app, auth, db, client):
    """An open proposals session with two proposals, and Alice logged in on the page."""
    alice = auth.create("alice")
    workshop = auth.workshop(alice["id"])
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
    hall = {
        "workshop": workshop,
        "session": session,
        "rina_token": rina_token,
        "dewi_token": dewi_token,
        "fac_token": auth.token("alice"),
        "url": f"/workshops/{workshop['id']}/sessions/{session['id']}/wall",
    }
    hall["a"] = submit(client, hall, rina_token, client_id="a")
    hall["b"] = submit(
        client,
        hall,
        dewi_token,
        client_id="b",
        title="Bank sampah digital",
        dimension="environment",
        element="waste",
        budget_idr="",
    )
    auth.login("alice")
    hall["csrf"] = csrf_from(client.get(hall["url"]).get_data(as_text=True))
    return hall


def submit(client, hall, token, **changes):
    response = client.post(
        f"/api/v1/sessions/{hall['session']['id']}/ideas",
        json={**IDEA, **changes},
        headers=bearer(token),
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def text_of(html):
    """Visible text with tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def idea_row(db, idea_id):
    return next(db.query("SELECT * FROM ideas WHERE id = ?", [idea_id]))


def post(client, hall, path, **data):
    return client.post(hall["url"] + path, data={"csrf_token": hall["csrf"], **data})


def landing(client, response):
    """The page a post/redirect/get lands on, as text."""
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return text_of(client.get(response.headers["Location"]).get_data(as_text=True))


def edit_data(prefix, idea, **changes):
    """What the edit form sends, pre-filled with the proposal as it is."""
    fields = {
        "title": idea["title"],
        "description": idea["description"],
        "problem": idea["problem"],
        "dimension": idea["dimension"],
        "element": idea["element"] or "",
        "opd_id": idea["opd_id"] or "",
        "responsible_opd_id": idea["responsible_opd_id"] or "",
        "horizon": idea["horizon"] or "",
        "budget_idr": "" if idea["budget_idr"] is None else str(idea["budget_idr"]),
        "funding_source": idea["funding_source"],
    }
    fields.update(changes)
    return {f"{prefix}-{k}": v for k, v in fields.items()}


def audit_actions(db, idea_id):
    return [
        r["action"]
        for r in db.query(
            "SELECT action FROM audit WHERE object_type = 'idea' AND object_id = ? ORDER BY id",
            [str(idea_id)],
        )
    ]


def fac_socket(app, socket_client, hall):
    sc = socket_client(
        auth={"token": hall["fac_token"], "workshop_id": hall["workshop"]["id"]},
        flask_client=app.test_client(),
    )
    sc.get_received()
    return sc


def participant_socket(app, socket_client, token):
    sc = socket_client(auth={"token": token}, flask_client=app.test_client())
    sc.get_received()
    return sc


def events(sc, name=None):
    received = unbatched(sc.get_received())
    return [(e["name"], e["args"][0]) for e in received if name in (None, e["name"])]


# -- Reading ----------------------------------------------------------------------------------


def test_wall_shows_cards_in_indonesian(client, hall):
    html = client.get(hall["url"]).get_data(as_text=True)
    text = text_of(html)
    assert "Dinding usulan · Hari ke-" in text
    assert hall["session"]["title"] in text
    assert 'aria-label="Lokakarya"' in html  # the workshop tabs
    for words in (
        "Perizinan online satu pintu",
        "Tata Kelola Cerdas",
        "Pelayanan publik",
        "Lingkungan Cerdas",
        "Perkiraan anggaran Rp 1.500.000",
        "Jangka waktu Quick win (≤ 12 bulan)",
        "Pengusul Rina · Bappeda",
        "Pengusul Dewi · Diskominfo",
        "OPD pengusul Bappeda",
        "Belum dikelompokkan",
        "Tampil 2",
        "Buka pengumpulan usulan",
        "Tutup pengumpulan usulan",
        "Pengaturan pengumpulan",
    ):
        assert words in text, words
    assert 'aria-label="Saring usulan"' in html
    assert "Sembunyikan “Bank sampah digital”" in text  # accessible names carry the title
    assert "Gabungkan dengan… “Bank sampah digital”" in text
    # No pending proposals: the queue is there for wall.js but hidden.
    assert re.search(r'id="wall-queue"[^>]*hidden', html)


def test_titles_are_text_not_markup(client, hall):
    submit(client, hall, hall["rina_token"], client_id="x", title="<script>alert(1)</script>")
    html = client.get(hall["url"]).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_anonymous_and_participants_are_sent_to_login(client, hall):
    client.post("/logout", data={"csrf_token": hall["csrf"]})
    response = client.get(hall["url"])
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    as_participant = client.get(hall["url"], headers=bearer(hall["rina_token"]))
    assert as_participant.status_code == 302 and "/login" in as_participant.headers["Location"]
    hide = client.post(
        hall["url"] + f"/ideas/{hall['a']['id']}/status",
        data={"status": "hidden"},
        headers=bearer(hall["rina_token"]),
    )
    assert hide.status_code == 302 and "/login" in hide.headers["Location"]


def test_another_workshop_is_404(client, auth, db, hall):
    # Bob runs his own workshop: Alice's wall, its forms and ideas are not his.
    bob = auth.create("bob")
    bobs = auth.workshop(bob["id"], title="Bimtek Depok")
    auth.login("bob")
    token = csrf_from(client.get("/workshops").get_data(as_text=True))
    assert client.get(hall["url"]).status_code == 404
    for path, data in (
        (f"/ideas/{hall['a']['id']}/status", {"status": "hidden"}),
        (f"/ideas/{hall['a']['id']}/group", {f"g{hall['a']['id']}-new_group": "Bob"}),
        ("/status", {"status": "closed"}),
    ):
        response = client.post(hall["url"] + path, data={"csrf_token": token, **data})
        assert response.status_code == 404, path
    # Alice's session id under Bob's workshop is not found either.
    mixed = f"/workshops/{bobs['id']}/sessions/{hall['session']['id']}/wall"
    assert client.get(mixed).status_code == 404
    assert idea_row(db, hall["a"]["id"])["status"] == "visible"
    assert idea_row(db, hall["a"]["id"])["group_name"] is None


def test_an_idea_of_another_session_is_404_here(client, db, hall):
    other = next(
        db.query(
            "SELECT id FROM sessions WHERE workshop_id = ? AND id != ? ORDER BY id",
            [hall["workshop"]["id"], hall["session"]["id"]],
        )
    )
    url = f"/workshops/{hall['workshop']['id']}/sessions/{other['id']}/wall"
    response = client.post(
        url + f"/ideas/{hall['a']['id']}/status",
        data={"csrf_token": hall["csrf"], "status": "hidden"},
    )
    assert response.status_code == 404
    assert idea_row(db, hall["a"]["id"])["status"] == "visible"


def test_agenda_links_proposal_sessions_to_their_wall(client, hall):
    html = client.get(f"/workshops/{hall['workshop']['id']}/agenda").get_data(as_text=True)
    assert f'action="{hall["url"]}"' in html
    assert "Dinding usulan" in html


# -- Moderation -------------------------------------------------------------------------------


def test_hide_and_show_again(app, client, db, hall, socket_client):
    fac = fac_socket(app, socket_client, hall)
    dewi = participant_socket(app, socket_client, hall["dewi_token"])
    idea = hall["a"]
    response = post(client, hall, f"/ideas/{idea['id']}/status", status="hidden")
    assert response.headers["Location"].endswith(f"/wall#idea-{idea['id']}")
    assert "Disembunyikan: Perizinan online satu pintu" in landing(client, response)
    assert idea_row(db, idea["id"])["status"] == "hidden"
    assert audit_actions(db, idea["id"])[-1] == "idea_hidden"
    pushed = events(fac, "idea_updated")
    assert [p["status"] for _, p in pushed] == ["hidden"]
    assert events(dewi) == [("idea_removed", {"id": idea["id"]})]
    listed = client.get(
        f"/api/v1/sessions/{hall['session']['id']}/ideas", headers=bearer(hall["dewi_token"])
    ).get_json()["items"]
    assert [i["id"] for i in listed] == [hall["b"]["id"]]

    html = client.get(hall["url"]).get_data(as_text=True)
    assert "Tampilkan lagi “Perizinan online satu pintu”" in text_of(html)
    response = post(client, hall, f"/ideas/{idea['id']}/status", status="visible")
    assert "Ditampilkan lagi: Perizinan online satu pintu" in landing(client, response)
    assert idea_row(db, idea["id"])["status"] == "visible"
    assert [n for n, _ in events(dewi)] == ["idea_created"]


def test_premoderation_queue_and_approval(app, client, db, hall):
    response = post(
        client,
        hall,
        "/settings",
        **{"settings-authorship": "name_opd", "settings-premoderation": "y"},
    )
    assert response.status_code == 302
    waiting = submit(client, hall, hall["rina_token"], client_id="w", title="Kios layanan")
    assert waiting["status"] == "pending"
    html = client.get(hall["url"]).get_data(as_text=True)
    queue = html[html.index('id="wall-queue"') : html.index('id="wall-board"')]
    assert "Kios layanan" in queue and "Setujui “Kios layanan”" in text_of(queue)
    assert not re.search(r'id="wall-queue"[^>]*hidden', html)
    response = post(client, hall, f"/ideas/{waiting['id']}/status", status="visible")
    assert "Disetujui: Kios layanan" in landing(client, response)
    assert idea_row(db, waiting["id"])["status"] == "visible"


@pytest.mark.parametrize("status", ["merged", "withdrawn", "", "open"])
def test_status_outside_the_choices_changes_nothing(client, db, hall, status):
    response = post(client, hall, f"/ideas/{hall['a']['id']}/status", status=status)
    assert "Pilih tampil, disembunyikan, atau menunggu persetujuan." in landing(client, response)
    assert idea_row(db, hall["a"]["id"])["status"] == "visible"


def test_without_csrf_nothing_changes(client, db, hall):
    response = client.post(
        hall["url"] + f"/ideas/{hall['a']['id']}/status", data={"status": "hidden"}
    )
    assert response.status_code == 400
    assert idea_row(db, hall["a"]["id"])["status"] == "visible"


# -- Editing and tagging ----------------------------------------------------------------------


def test_tool_links_open_the_form_in_the_card(client, hall):
    idea = hall["a"]
    html = client.get(hall["url"] + f"?card={idea['id']}&tool=edit").get_data(as_text=True)
    tool = html[html.index(f'id="idea-{idea["id"]}-tool"') :]
    assert f'value="{idea["title"]}"' in tool
    assert 'value="1.500.000"' in tool  # the budget as people write it
    assert "Ubah usulan: Perizinan online satu pintu" in text_of(tool)
    for name in ("tag", "group", "merge"):
        html = client.get(hall["url"] + f"?card={idea['id']}&tool={name}").get_data(as_text=True)
        assert f'id="idea-{idea["id"]}-tool" data-tool="{name}"' in html
    unknown = client.get(hall["url"] + "?card=99999&tool=edit")
    assert unknown.status_code == 200 and 'class="wall-tool"' not in unknown.get_data(as_text=True)


def test_edit_saves_every_field_and_pushes(app, client, db, hall, socket_client):
    fac = fac_socket(app, socket_client, hall)
    idea = hall["a"]
    opd = next(db.query("SELECT id FROM opds WHERE code = 'Dinkes'"))["id"]
    data = edit_data(
        f"e{idea['id']}",
        idea,
        title="Perizinan online terpadu",
        problem="Pemohon datang berulang kali",
        dimension="economy",
        element="transaction",
        responsible_opd_id=str(opd),
        horizon="medium",
        budget_idr="2,5 jt",
        funding_source="APBD",
    )
    response = post(client, hall, f"/ideas/{idea['id']}/edit", **data)
    assert "Usulan disimpan: Perizinan online terpadu" in landing(client, response)
    row = idea_row(db, idea["id"])
    assert (row["title"], row["dimension"], row["element"]) == (
        "Perizinan online terpadu",
        "economy",
        "transaction",
    )
    assert (row["responsible_opd_id"], row["horizon"], row["budget_idr"]) == (
        opd,
        "medium",
        2_500_000,
    )
    assert row["problem"] == "Pemohon datang berulang kali" and row["funding_source"] == "APBD"
    assert audit_actions(db, idea["id"])[-1] == "idea_updated"
    assert [p["title"] for _, p in events(fac, "idea_updated")] == ["Perizinan online terpadu"]


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"title": ""}, "Judul wajib diisi (maks. 140 karakter)."),
        ({"title": "x" * 141}, "Judul wajib diisi (maks. 140 karakter)."),
        ({"budget_idr": "sejuta"}, "Tulis anggaran seperti 1.500.000, 1,5 jt atau 2 M"),
        ({"element": "waste"}, "Pilih elemen dari dimensi yang dipilih."),
        ({"dimension": "smart_village"}, "Pilih salah satu dimensi lokakarya ini."),
        ({"opd_id": "999999"}, "Pilih OPD dari daftar lokakarya ini."),
        ({"horizon": "someday"}, None),  # WTForms' own choice message
        ({"description": "x" * 2001}, "Maksimal 2000 karakter."),
    ],
)
def test_bad_edit_is_422_with_the_message_and_changes_nothing(client, db, hall, changes, message):
    idea = hall["a"]
    before = idea_row(db, idea["id"])
    data = edit_data(f"e{idea['id']}", idea, **changes)
    response = post(client, hall, f"/ideas/{idea['id']}/edit", **data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    tool = html[html.index(f'id="idea-{idea["id"]}-tool"') :]
    field = next(iter(changes))
    assert f'<p class="error" id="e{idea["id"]}-{field}-error">' in tool
    assert message is None or message in text_of(tool)
    assert 'aria-invalid="true"' in tool
    assert idea_row(db, idea["id"]) == before
    assert audit_actions(db, idea["id"]) == ["idea_created"]


def test_bad_budget_is_shown_as_typed(client, hall):
    idea = hall["a"]
    data = edit_data(f"e{idea['id']}", idea, budget_idr="sejuta")
    html = post(client, hall, f"/ideas/{idea['id']}/edit", **data).get_data(as_text=True)
    assert re.search(r'<input[^>]*name="e\d+-budget_idr"[^>]*value="sejuta"', html)


def test_tag_changes_dimension_and_element_only(client, db, hall):
    idea = hall["a"]
    prefix = f"t{idea['id']}"
    response = post(
        client,
        hall,
        f"/ideas/{idea['id']}/tag",
        **{f"{prefix}-dimension": "environment", f"{prefix}-element": "energy"},
    )
    assert response.status_code == 302
    row = idea_row(db, idea["id"])
    assert (row["dimension"], row["element"], row["title"]) == (
        "environment",
        "energy",
        idea["title"],
    )
    refused = post(
        client,
        hall,
        f"/ideas/{idea['id']}/tag",
        **{f"{prefix}-dimension": "governance", f"{prefix}-element": "energy"},
    )
    assert refused.status_code == 422
    assert "Pilih elemen dari dimensi yang dipilih." in text_of(refused.get_data(as_text=True))
    assert idea_row(db, idea["id"])["dimension"] == "environment"
    cleared = post(
        client,
        hall,
        f"/ideas/{idea['id']}/tag",
        **{f"{prefix}-dimension": "society", f"{prefix}-element": ""},
    )
    assert cleared.status_code == 302
    assert (idea_row(db, idea["id"])["dimension"], idea_row(db, idea["id"])["element"]) == (
        "society",
        None,
    )


# -- Groups -----------------------------------------------------------------------------------


def test_groups_new_existing_and_none(app, client, db, hall, socket_client):
    fac = fac_socket(app, socket_client, hall)
    a, b = hall["a"], hall["b"]
    response = post(
        client, hall, f"/ideas/{a['id']}/group", **{f"g{a['id']}-new_group": "  Layanan publik  "}
    )
    assert "“Perizinan online satu pintu” masuk kelompok “Layanan publik”." in landing(
        client, response
    )
    assert idea_row(db, a["id"])["group_name"] == "Layanan publik"
    assert [p["group"] for _, p in events(fac, "idea_updated")] == ["Layanan publik"]

    # The existing group is offered in the other card's list; choosing it joins the group.
    html = client.get(hall["url"] + f"?card={b['id']}&tool=group").get_data(as_text=True)
    assert '<option value="Layanan publik" >Layanan publik</option>' in html
    post(client, hall, f"/ideas/{b['id']}/group", **{f"g{b['id']}-group": "Layanan publik"})
    assert idea_row(db, b["id"])["group_name"] == "Layanan publik"
    page = client.get(hall["url"]).get_data(as_text=True)
    section = page[page.index('data-group="Layanan publik"') :]
    assert "Perizinan online satu pintu" in section and "Bank sampah digital" in section

    # A name typed wins over the list; an empty choice leaves the group.
    post(
        client,
        hall,
        f"/ideas/{b['id']}/group",
        **{f"g{b['id']}-group": "Layanan publik", f"g{b['id']}-new_group": "Lingkungan"},
    )
    assert idea_row(db, b["id"])["group_name"] == "Lingkungan"
    response = post(client, hall, f"/ideas/{b['id']}/group", **{f"g{b['id']}-group": ""})
    assert "“Bank sampah digital” tidak lagi berada dalam kelompok." in landing(client, response)
    assert idea_row(db, b["id"])["group_name"] is None


@pytest.mark.parametrize("name", ["x" * 81, "tab\x01name"])
def test_bad_group_name_is_422_and_changes_nothing(client, db, hall, name):
    a = hall["a"]
    response = post(client, hall, f"/ideas/{a['id']}/group", **{f"g{a['id']}-new_group": name})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(rf'id="g{a["id"]}-new_group"[^>]*aria-invalid="true"', html)
    assert idea_row(db, a["id"])["group_name"] is None


# -- Merging ----------------------------------------------------------------------------------


def test_merge_and_unmerge_keep_provenance(app, client, db, hall, socket_client):
    fac = fac_socket(app, socket_client, hall)
    dewi = participant_socket(app, socket_client, hall["dewi_token"])
    a, b = hall["a"], hall["b"]
    html = client.get(hall["url"] + f"?card={b['id']}&tool=merge").get_data(as_text=True)
    label = f"#{a['id']} · Perizinan online satu pintu · Bappeda"
    assert f'<option value="{a["id"]}" >{label}</option>' in html
    response = post(client, hall, f"/ideas/{b['id']}/merge", **{f"m{b['id']}-into": str(a["id"])})
    assert response.headers["Location"].endswith(f"#idea-{a['id']}")
    text = landing(client, response)
    assert "“Bank sampah digital” digabungkan ke “Perizinan online satu pintu”." in text
    assert idea_row(db, b["id"])["status"] == "merged"
    assert idea_row(db, b["id"])["merged_into"] == a["id"]
    # The survivor lists the original with its author and OPD, with a way back.
    page = client.get(hall["url"]).get_data(as_text=True)
    assert f'id="idea-{b["id"]}"' not in page
    survivor = page[page.index(f'id="idea-{a["id"]}"') :]
    survivor = text_of(survivor[: survivor.index("</article>")])
    assert "Gabungan dari: Bank sampah digital Dewi · Diskominfo Pisahkan" in survivor
    assert "Digabungkan 1" in text_of(page)
    pushed = events(fac, "idea_updated")
    assert (b["id"], "merged") in [(p["id"], p["status"]) for _, p in pushed]
    assert any(p["id"] == a["id"] and p["merged"] == [b["id"]] for _, p in pushed)
    assert ("idea_removed", {"id": b["id"]}) in events(dewi)
    assert audit_actions(db, b["id"])[-1] == "idea_merged"

    response = post(client, hall, f"/ideas/{b['id']}/unmerge")
    assert "“Bank sampah digital” kembali menjadi usulan tersendiri." in landing(client, response)
    assert idea_row(db, b["id"])["status"] == "visible"
    assert idea_row(db, b["id"])["merged_into"] is None
    assert audit_actions(db, b["id"])[-1] == "idea_unmerged"
    again = post(client, hall, f"/ideas/{b['id']}/unmerge")
    assert "Usulan ini tidak sedang digabungkan." in landing(client, again)


def test_merge_refusals_change_nothing(client, auth, db, hall):
    a, b = hall["a"], hall["b"]
    field = f"m{b['id']}-into"
    missing = post(client, hall, f"/ideas/{b['id']}/merge", **{field: ""})
    assert missing.status_code == 422
    assert "Pilih usulan yang dipertahankan." in text_of(missing.get_data(as_text=True))
    unknown = post(client, hall, f"/ideas/{b['id']}/merge", **{field: "999999"})
    assert unknown.status_code == 422
    assert "Pilih usulan dari lokakarya ini." in text_of(unknown.get_data(as_text=True))
    itself = post(client, hall, f"/ideas/{b['id']}/merge", **{field: str(b["id"])})
    assert "Usulan ini tidak dapat digabungkan." in landing(client, itself)
    assert [idea_row(db, i["id"])["status"] for i in (a, b)] == ["visible", "visible"]
    assert audit_actions(db, b["id"]) == ["idea_created"]


# -- The session: settings, open and close ------------------------------------------------------


def test_settings_form(app, client, db, hall, socket_client):
    fac = fac_socket(app, socket_client, hall)
    response = client.post(
        hall["url"] + "/settings",
        data={
            "csrf_token": hall["csrf"],
            "settings-fields": ["description", "budget_idr"],
            "settings-authorship": "opd",
            "settings-premoderation": "y",
        },
    )
    assert "Pengaturan pengumpulan disimpan." in landing(client, response)
    expected = {
        "fields": ["description", "budget_idr"],
        "authorship": "opd",
        "premoderation": True,
    }
    stored = json.loads(
        next(db.query("SELECT settings FROM sessions WHERE id = ?", [hall["session"]["id"]]))[
            "settings"
        ]
    )
    assert stored == expected
    pushed = events(fac, "session_updated")
    # Pushed and read with the session's programme-fields switch (issue 15).
    expected = {**expected, "program_fields": False}
    assert [p["idea_settings"] for _, p in pushed] == [expected]
    api = client.get(
        f"/api/v1/sessions/{hall['session']['id']}/idea-settings",
        headers=bearer(hall["rina_token"]),
    )
    assert api.get_json() == expected
    html = client.get(hall["url"]).get_data(as_text=True)
    assert re.search(r'name="settings-authorship" value="opd"\s+checked', html)
    assert not re.search(r'name="settings-fields" value="problem"\s+checked', html)


@pytest.mark.parametrize(
    "data",
    [{"settings-authorship": "everyone"}, {"settings-fields": ["colour"]}],
)
def test_bad_settings_are_422_and_change_nothing(client, db, hall, data):
    response = post(client, hall, "/settings", **data)
    assert response.status_code == 422
    assert response.get_data(as_text=True).count('class="error"') >= 1
    stored = next(db.query("SELECT settings FROM sessions WHERE id = ?", [hall["session"]["id"]]))
    assert stored["settings"] == "{}"


def test_open_and_close_collection(app, client, db, hall, socket_client):
    fac = fac_socket(app, socket_client, hall)
    response = post(client, hall, "/status", status="closed")
    assert f"Pengumpulan usulan ditutup: {hall['session']['title']}" in landing(client, response)
    assert events(fac, "session_updated")[0][1]["status"] == "closed"
    late = client.post(
        f"/api/v1/sessions/{hall['session']['id']}/ideas",
        json={**IDEA, "client_id": "late"},
        headers=bearer(hall["rina_token"]),
    )
    assert late.status_code == 409
    html = client.get(hall["url"]).get_data(as_text=True)
    assert re.search(r'value="open" class="primary" data-show-when="planned closed"\s+>', html)
    post(client, hall, "/status", status="open")
    status = next(db.query("SELECT status FROM sessions WHERE id = ?", [hall["session"]["id"]]))
    assert status["status"] == "open"
    refused = post(client, hall, "/status", status="finished")
    assert "Pilih direncanakan, dibuka, atau ditutup." in landing(client, refused)


# -- Filters ----------------------------------------------------------------------------------


def card_tags(html):
    """{idea id: whether its card is hidden} for the cards of the page (not the template)."""
    return {
        int(m.group(1)): " hidden" in m.group(0)
        for m in re.finditer(r'<article class="wall-card" id="idea-(\d+)"[^>]*>', html)
        if m.group(1) != "0"
    }


def test_filters_by_dimension_opd_and_status(client, db, hall):
    a, b = hall["a"], hall["b"]
    html = client.get(hall["url"] + "?dimension=environment").get_data(as_text=True)
    assert card_tags(html) == {a["id"]: True, b["id"]: False}
    assert '<option value="environment" data-name="Lingkungan Cerdas" selected>' in html
    assert "Lingkungan Cerdas (1)" in html and "Tata Kelola Cerdas (1)" in html
    opd = a["opd_id"]
    html = client.get(hall["url"] + f"?opd={opd}").get_data(as_text=True)
    assert card_tags(html) == {a["id"]: False, b["id"]: True}
    post(client, hall, f"/ideas/{a['id']}/status", status="hidden")
    html = client.get(hall["url"] + "?status=hidden").get_data(as_text=True)
    assert card_tags(html) == {a["id"]: False, b["id"]: True}
    assert "Disembunyikan (1)" in html
    nothing = client.get(hall["url"] + "?status=pending").get_data(as_text=True)
    assert "Tidak ada usulan yang cocok dengan saringan." in text_of(nothing)
    assert not re.search(r'id="wall-nomatch"[^>]*hidden', nothing)
    # A form posted from a filtered wall comes back to the same filter.
    response = client.post(
        hall["url"] + f"/ideas/{b['id']}/status?dimension=environment",
        data={"csrf_token": hall["csrf"], "status": "hidden"},
    )
    assert response.headers["Location"].endswith(f"/wall?dimension=environment#idea-{b['id']}")


def test_without_javascript_a_merge_that_changes_an_open_poll_is_confirmed_first(client, db, hall):
    a, b = hall["a"], hall["b"]
    fac = bearer(hall["fac_token"])
    poll = client.post(
        f"/api/v1/sessions/{hall['session']['id']}/polls",
        json={"title": "Prioritas", "method": "dots", "idea_ids": [a["id"], b["id"]]},
        headers=fac,
    ).get_json()
    assert client.post(f"/api/v1/polls/{poll['id']}/open", headers=fac).status_code == 200
    vote = {"allocations": {str(b["id"]): 2}}
    put = client.put(
        f"/api/v1/polls/{poll['id']}/ballot", json=vote, headers=bearer(hall["rina_token"])
    )
    assert put.status_code == 200
    field = f"m{b['id']}-into"
    warned = post(client, hall, f"/ideas/{b['id']}/merge", **{field: str(a["id"])})
    assert warned.status_code == 200
    text = text_of(warned.get_data(as_text=True))
    assert "Usulan ini ada di 1 pemungutan suara." in text
    assert "Pemungutan suara terbuka «Prioritas»" in text
    assert "1 surat suara memberinya suara; suaranya ditambahkan ke suara" in text
    assert "Tetap gabungkan" in text
    assert idea_row(db, b["id"])["status"] == "visible"  # nothing merged yet
    # A confirmation for another target does not count; the matching one merges.
    other = post(
        client,
        hall,
        f"/ideas/{b['id']}/merge",
        **{field: str(a["id"]), "confirmed": str(a["id"] + 1000)},
    )
    assert other.status_code == 200 and idea_row(db, b["id"])["status"] == "visible"
    done = post(
        client, hall, f"/ideas/{b['id']}/merge", **{field: str(a["id"]), "confirmed": str(a["id"])}
    )
    assert "digabungkan ke" in landing(client, done)
    assert idea_row(db, b["id"])["status"] == "merged"
