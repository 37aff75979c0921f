"""The facilitator's worksheet curation page (issue 14): rendering and its plain forms.

Each plain form (no JavaScript) calls the rule its JSON API twin calls: the tests post the
form, then read the result back through the JSON API (or the page).
"""

import re

import pytest

from tests.conftest import bearer, csrf_from


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def alice(auth):
    return auth.create("alice")


@pytest.fixture
def workshop(auth, alice):
    return auth.workshop(alice["id"])


@pytest.fixture
def fac(auth, alice):
    return bearer(auth.token("alice"))


@pytest.fixture
def sheets(client, workshop, fac):
    """The workshop's worksheet sessions by purpose (Bimtek template), opened."""
    rows = client.get(f"/api/v1/workshops/{workshop['id']}/sessions", headers=fac).get_json()
    found = {}
    for s in rows["items"]:
        if s["kind"] == "worksheet" and s["purpose"] not in found:
            r = client.patch(f"/api/v1/sessions/{s['id']}", json={"status": "open"}, headers=fac)
            assert r.status_code == 200, r.get_json()
            found[s["purpose"]] = r.get_json()
    assert {"readiness", "swot", "vision"} <= set(found)
    return found


@pytest.fixture
def people(auth, workshop):
    return [bearer(auth.participant(workshop, name)[1]) for name in ("Rina", "Ahmad", "Dewi")]


def add(client, session, headers, body):
    r = client.post(f"/api/v1/sessions/{session['id']}/entries", json=body, headers=headers)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def page_url(workshop, session):
    return f"/workshops/{workshop['id']}/sessions/{session['id']}/worksheet"


@pytest.fixture
def page(client, auth, alice):
    """Alice logged in; page(url) → (html, csrf token)."""
    auth.login()

    def get(url, status=200):
        r = client.get(url)
        assert r.status_code == status
        html = r.get_data(as_text=True)
        return html, csrf_from(html)

    return get


# -- Readiness ----------------------------------------------------------------------------------


def test_readiness_heat_map_notes_and_quote_without_javascript(
    client, workshop, sheets, people, page, fac
):
    s = sheets["readiness"]
    add(
        client,
        s,
        people[0],
        {"aspect": "struktur", "item": "sdm", "rating": "baik", "note": "SDM TIK cukup"},
    )
    add(client, s, people[1], {"aspect": "struktur", "item": "sdm", "rating": "kurang"})
    html, token = page(page_url(workshop, s))
    text = text_of(html)
    assert "Kesiapan: penilaian per butir" in text
    assert "50% Baik (1)" in text and "50% Kurang (1)" in text and "0% Sedang (0)" in text
    assert "SDM TIK cukup" in text
    note = re.search(r'id="entry-(\d+)" data-id="\d+" data-quoted="false"', html)
    entry_id = int(note.group(1))
    r = client.post(
        f"/workshops/{workshop['id']}/worksheet/entries/{entry_id}/quote",
        data={"csrf_token": token, "quoted": "true"},
    )
    assert r.status_code == 302
    got = client.get(f"/api/v1/entries/{entry_id}", headers=fac).get_json()
    assert got["quoted"] is True
    html, _ = page(page_url(workshop, s))
    assert f'id="entry-{entry_id}" data-id="{entry_id}" data-quoted="true"' in html


def test_readiness_items_add_rename_remove_and_refuse_an_empty_name(
    client, workshop, sheets, page, fac
):
    s = sheets["readiness"]
    url = f"/workshops/{workshop['id']}/worksheet/readiness/infrastruktur/items"
    html, token = page(page_url(workshop, s))
    r = client.post(
        f"{url}?session={s['id']}", data={"csrf_token": token, "name_id": "Jaringan serat optik"}
    )
    assert r.status_code == 302
    items = client.get(
        f"/api/v1/workshops/{workshop['id']}/readiness-items", headers=fac
    ).get_json()
    infra = next(a for a in items["aspects"] if a["key"] == "infrastruktur")
    assert {"key": "jaringan_serat_optik", "name_id": "Jaringan serat optik"}.items() <= infra[
        "items"
    ][-1].items()

    r = client.post(
        f"{url}/jaringan_serat_optik?session={s['id']}",
        data={"csrf_token": token, "name_id": "Jaringan fiber optik"},
    )
    assert r.status_code == 302
    r = client.post(f"{url}/fisik/delete?session={s['id']}", data={"csrf_token": token})
    assert r.status_code == 302
    items = client.get(
        f"/api/v1/workshops/{workshop['id']}/readiness-items", headers=fac
    ).get_json()
    infra = next(a for a in items["aspects"] if a["key"] == "infrastruktur")
    assert [i["key"] for i in infra["items"]] == ["digital", "sosial", "jaringan_serat_optik"]
    assert infra["items"][-1]["name_id"] == "Jaringan fiber optik"

    r = client.post(f"{url}?session={s['id']}", data={"csrf_token": token, "name_id": "   "})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert 'id="add-infrastruktur-error"' in html
    assert "Tulis nama butir (maks. 120 karakter)." in text_of(html)


# -- SWOT ---------------------------------------------------------------------------------------


def test_swot_quadrants_hide_merge_and_tows_strategy_without_javascript(
    client, workshop, sheets, people, page, fac
):
    s = sheets["swot"]
    a = add(client, s, people[0], {"quadrant": "S", "text": "Jaringan fiber sudah ada"})
    b = add(client, s, people[1], {"quadrant": "S", "text": "Fiber optik tersedia"})
    o = add(
        client, s, people[2], {"quadrant": "O", "text": "Dana DAK TIK", "dimension": "governance"}
    )
    html, token = page(page_url(workshop, s))
    text = text_of(html)
    for words in ("Kekuatan (S)", "Kelemahan (W)", "Peluang (O)", "Ancaman (T)", "Dana DAK TIK"):
        assert words in text
    base = f"/workshops/{workshop['id']}/worksheet/entries"

    r = client.post(
        f"{base}/{b['id']}/merge", data={"csrf_token": token, "merged_into": str(a["id"])}
    )
    assert r.status_code == 302
    assert (
        client.get(f"/api/v1/entries/{b['id']}", headers=fac).get_json()["merged_into"] == a["id"]
    )

    r = client.post(f"{base}/{o['id']}/status", data={"csrf_token": token, "status": "hidden"})
    assert r.status_code == 302
    assert client.get(f"/api/v1/entries/{o['id']}", headers=fac).get_json()["status"] == "hidden"
    seen = client.get(f"/api/v1/sessions/{s['id']}/entries", headers=people[0]).get_json()
    assert [e["id"] for e in seen["items"]] == [a["id"]]

    r = client.post(
        f"{base}/{a['id']}",
        data={
            "csrf_token": token,
            "text": "Jaringan fiber optik sudah ada",
            "quadrant": "S",
            "dimension": "",
        },
    )
    assert r.status_code == 302
    assert (
        client.get(f"/api/v1/entries/{a['id']}", headers=fac).get_json()["text"]
        == "Jaringan fiber optik sudah ada"
    )

    strategies = f"/workshops/{workshop['id']}/sessions/{s['id']}/worksheet/strategies"
    r = client.post(
        strategies,
        data={
            "csrf_token": token,
            "type": "SO",
            "text": "Manfaatkan fiber untuk layanan daring",
            "dimension": "governance",
            "from": [str(a["id"]), str(o["id"])],
        },
    )
    assert r.status_code == 302
    listed = client.get(f"/api/v1/sessions/{s['id']}/strategies", headers=fac).get_json()["items"]
    assert [(x["type"], x["from"], x["dimension"]) for x in listed] == [
        ("SO", [a["id"], o["id"]], "governance")
    ]
    html, token = page(page_url(workshop, s))
    assert "Manfaatkan fiber untuk layanan daring" in html

    # An empty strategy comes back with the message beside the text, the ticks kept.
    r = client.post(
        strategies, data={"csrf_token": token, "type": "SO", "text": "", "from": [str(a["id"])]}
    )
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert re.search(r'<p class="error" id="text-error">\S', html)
    assert re.search(rf'id="pick-{a["id"]}"\s+checked', html)

    sid = listed[0]["id"]
    r = client.post(
        f"/workshops/{workshop['id']}/worksheet/strategies/{sid}",
        data={"csrf_token": token, "type": "ST", "text": "Strategi ST", "dimension": ""},
    )
    assert r.status_code == 302
    got = client.get(f"/api/v1/sessions/{s['id']}/strategies", headers=fac).get_json()["items"][0]
    assert (got["type"], got["text"], got["dimension"]) == ("ST", "Strategi ST", None)
    r = client.post(
        f"/workshops/{workshop['id']}/worksheet/strategies/{sid}/delete", data={"csrf_token": token}
    )
    assert r.status_code == 302
    assert (
        client.get(f"/api/v1/sessions/{s['id']}/strategies", headers=fac).get_json()["items"] == []
    )


def test_english_page_and_field_errors(client, workshop, sheets, page):
    s = sheets["swot"]
    client.get(f"/lang/en?next={page_url(workshop, s)}")
    html, token = page(page_url(workshop, s))
    assert "Strengths (S)" in text_of(html) and "Show this worksheet on the screen" in text_of(html)
    r = client.post(
        f"/workshops/{workshop['id']}/sessions/{s['id']}/worksheet/strategies",
        data={"csrf_token": token, "type": "XX", "text": "x"},
    )
    assert r.status_code == 422
    assert "Choose SO, ST, WO or WT." in text_of(r.get_data(as_text=True))


# -- Vision -------------------------------------------------------------------------------------


def test_keywords_merge_poll_and_vision_without_javascript(
    client, workshop, sheets, people, page, fac
):
    s = sheets["vision"]
    for person, words in zip(
        people, (["Cerdas", "Hijau"], ["cerdas", "Lestari"], ["Cerdas", "Religius"]), strict=True
    ):
        for w in words:
            add(client, s, person, {"text": w})
    html, token = page(page_url(workshop, s))
    assert re.search(r"<td>cerdas</td><td>3</td>", html)
    r = client.post(
        f"/workshops/{workshop['id']}/sessions/{s['id']}/worksheet/keywords/merge",
        data={"csrf_token": token, "from": "lestari", "into": "hijau"},
    )
    assert r.status_code == 302
    kws = client.get(f"/api/v1/sessions/{s['id']}/keywords", headers=fac).get_json()["items"]
    assert [(k["text"], k["count"]) for k in kws] == [("cerdas", 3), ("hijau", 2), ("religius", 1)]

    r = client.post(
        f"/workshops/{workshop['id']}/sessions/{s['id']}/worksheet/keyword-poll",
        data={"csrf_token": token, "count": "2", "title": "Kata kunci visi", "method": "dots"},
    )
    assert r.status_code == 302
    polls = client.get(f"/api/v1/sessions/{s['id']}/polls", headers=fac).get_json()["items"]
    assert [(p["title"], p["status"]) for p in polls] == [("Kata kunci visi", "draft")]
    poll = client.get(f"/api/v1/polls/{polls[0]['id']}", headers=fac).get_json()
    assert [i["title"] for i in poll["ideas"]] == ["cerdas", "hijau"]

    # The API twin: the same keywords reuse the same options; fewer than two is a field error.
    r = client.post(
        f"/api/v1/sessions/{s['id']}/keyword-poll",
        json={"count": 3, "title": "Putaran dua", "method": "approval"},
        headers=fac,
    )
    assert r.status_code == 201, r.get_json()
    again = r.get_json()
    assert [i["title"] for i in again["ideas"]] == ["cerdas", "hijau", "religius"]
    assert again["idea_ids"][:2] == poll["idea_ids"]
    r = client.post(
        f"/api/v1/sessions/{s['id']}/keyword-poll",
        json={"count": 1, "title": "x", "method": "dots"},
        headers=fac,
    )
    assert r.status_code == 422 and "count" in r.get_json()["error"]["fields"]
    r = client.post(
        f"/api/v1/sessions/{sheets['swot']['id']}/keyword-poll",
        json={"count": 3, "title": "x", "method": "dots"},
        headers=fac,
    )
    assert r.status_code == 409

    r = client.post(
        f"/workshops/{workshop['id']}/worksheet/vision?session={s['id']}",
        data={
            "csrf_token": token,
            "vision": "Kota cerdas, hijau dan religius",
            "missions": "Tata kelola digital\n\n  Lingkungan lestari  \n",
        },
    )
    assert r.status_code == 302
    vision = client.get(f"/api/v1/workshops/{workshop['id']}/vision", headers=fac).get_json()
    assert vision["vision"] == "Kota cerdas, hijau dan religius"
    assert vision["missions"] == ["Tata kelola digital", "Lingkungan lestari"]

    r = client.post(
        f"/workshops/{workshop['id']}/worksheet/vision?session={s['id']}",
        data={"csrf_token": token, "vision": "v" * 301, "missions": "Satu"},
    )
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert 'id="vision-error"' in html and "v" * 301 in html
    assert (
        client.get(f"/api/v1/workshops/{workshop['id']}/vision", headers=fac).get_json() == vision
    )


# -- Reach, the agenda and the console ------------------------------------------------------------


def test_another_facilitator_gets_404(client, auth, workshop, sheets, people):
    s = sheets["swot"]
    entry = add(client, s, people[0], {"quadrant": "S", "text": "Kuat"})
    auth.create("bob")
    auth.login("bob")
    token = csrf_from(client.get("/", follow_redirects=True).get_data(as_text=True))
    assert client.get(page_url(workshop, s)).status_code == 404
    r = client.post(
        f"/workshops/{workshop['id']}/worksheet/entries/{entry['id']}/status",
        data={"csrf_token": token, "status": "hidden"},
    )
    assert r.status_code == 404
    r = client.post(
        f"/workshops/{workshop['id']}/worksheet/vision", data={"csrf_token": token, "vision": "x"}
    )
    assert r.status_code == 404


def test_agenda_sets_purpose_without_javascript_and_console_shows_it(client, workshop, page, fac):
    html, token = page(f"/workshops/{workshop['id']}/agenda")
    assert "Mengisi: Analisis kesiapan" in text_of(html) or "Mengisi:" in text_of(html)
    r = client.post(
        f"/workshops/{workshop['id']}/agenda/days/1/sessions",
        data={
            "csrf_token": token,
            "add1-title": "Pernyataan strategi",
            "add1-kind": "worksheet",
            "add1-purpose": "strategy",
            "add1-starts_at": "16:00",
            "add1-ends_at": "16:30",
            "add1-dimension": "",
        },
    )
    assert r.status_code == 302
    sessions = client.get(f"/api/v1/workshops/{workshop['id']}/sessions", headers=fac).get_json()[
        "items"
    ]
    made = next(s for s in sessions if s["title"] == "Pernyataan strategi")
    assert (made["kind"], made["purpose"]) == ("worksheet", "strategy")

    r = client.post(
        f"/workshops/{workshop['id']}/agenda/sessions/{made['id']}",
        data={
            "csrf_token": token,
            f"s{made['id']}-day": "1",
            f"s{made['id']}-title": "Pernyataan strategi",
            f"s{made['id']}-kind": "worksheet",
            f"s{made['id']}-purpose": "bogus",
            f"s{made['id']}-starts_at": "16:00",
            f"s{made['id']}-ends_at": "16:30",
        },
    )
    assert r.status_code == 422
    assert "Pilih bagian masterplan yang diisi sesi ini." in text_of(r.get_data(as_text=True))

    html, _ = page(f"/workshops/{workshop['id']}/console?session={made['id']}")
    assert "Mengisi: Strategi per dimensi" in text_of(html)
    assert f"/sessions/{made['id']}/worksheet" in html
    html, token = page(page_url(workshop, made))
    assert "Pernyataan strategi" in html and 'id="strategy-form"' in html
    r = client.post(
        f"/workshops/{workshop['id']}/sessions/{made['id']}/worksheet/strategies",
        data={
            "csrf_token": token,
            "text": "Digitalisasi layanan perizinan",
            "dimension": "governance",
        },
    )
    assert r.status_code == 302
    got = client.get(f"/api/v1/sessions/{made['id']}/strategies", headers=fac).get_json()["items"]
    assert [(x["type"], x["text"]) for x in got] == [(None, "Digitalisasi layanan perizinan")]

    # Statements written in the hall (entries of the strategy worksheet), by dimension.
    for text, dim in (("Perkuat SPBE", "governance"), ("Tanpa dimensi", None)):
        r = client.post(
            f"/api/v1/sessions/{made['id']}/entries",
            json={"text": text, "dimension": dim},
            headers=fac,
        )
        assert r.status_code == 201, r.get_json()
    html, token = page(page_url(workshop, made))
    statements = text_of(html.split('id="ws-statements"')[1].split("</section>")[0])
    assert statements.index("Perkuat SPBE") < statements.index("(tidak ada)")
    assert statements.index("(tidak ada)") < statements.index("Tanpa dimensi")


def test_show_the_worksheet_on_the_screen(client, workshop, sheets, page, fac):
    s = sheets["swot"]
    html, token = page(page_url(workshop, s))
    assert 'aria-pressed="false"' in html
    r = client.post(
        f"/workshops/{workshop['id']}/sessions/{s['id']}/worksheet/display",
        data={"csrf_token": token, "view": "ideas"},
    )
    assert r.status_code == 302
    shown = client.get(f"/api/v1/workshops/{workshop['id']}/display", headers=fac).get_json()
    assert (shown["view"], shown["session_id"]) == ("ideas", s["id"])
    html, _ = page(page_url(workshop, s))
    assert re.search(r'id="ws-show"\s+aria-pressed="true"', html)


def test_console_shows_a_worksheet_session_on_the_screen(client, workshop, sheets, page, fac):
    s = sheets["vision"]
    html, token = page(f"/workshops/{workshop['id']}/console?session={s['id']}")
    assert "Mengisi: Visi dan misi" in text_of(html)
    assert re.search(r'id="session-show-worksheet"\s+aria-pressed="false"', html)
    r = client.post(
        f"/workshops/{workshop['id']}/console/display?session={s['id']}",
        data={"csrf_token": token, "view": "ideas", "session_id": str(s["id"])},
    )
    assert r.status_code == 302
    shown = client.get(f"/api/v1/workshops/{workshop['id']}/display", headers=fac).get_json()
    assert (shown["view"], shown["session_id"]) == ("ideas", s["id"])
    html, _ = page(f"/workshops/{workshop['id']}/console?session={s['id']}")
    assert re.search(r'id="session-show-worksheet"\s+aria-pressed="true"', html)
