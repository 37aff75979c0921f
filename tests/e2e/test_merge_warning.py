"""Merging on the wall (issue 16 item 4): the target is found by typing, and a merge that changes
an open poll says which poll and what happens to its votes, and waits for a confirmation."""

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_live import login
from tests.e2e.test_wall import card, join, make_workshop, open_session, open_wall, propose


def test_a_merge_into_an_open_poll_is_explained_and_confirmed(server, new_page):
    workshop, budi = make_workshop(server)
    session = open_session(server, workshop, budi)
    rina = join(server, workshop, budi, "Rina Kartikasari", "Bappeda")
    titles = ["Perizinan online", "Izin usaha satu pintu", "Wifi taman kota"]
    ideas = {t: propose(server, session, rina, t) for t in titles}
    for idea in ideas.values():
        approved = server.api("PATCH", f"/ideas/{idea['id']}", budi, json={"status": "visible"})
        assert approved.status_code == 200, approved.text
    source, target = ideas["Perizinan online"], ideas["Izin usaha satu pintu"]
    poll = server.api(
        "POST",
        f"/sessions/{session['id']}/polls",
        budi,
        json={"title": "Prioritas layanan", "method": "dots", "budget": 5},
    ).json()
    assert server.api("POST", f"/polls/{poll['id']}/open", budi).status_code == 200
    ballot = {"allocations": {str(source["id"]): 3, str(target["id"]): 1}}
    assert server.api("PUT", f"/polls/{poll['id']}/ballot", rina, json=ballot).status_code == 200

    page = new_page(viewport={"width": 1366, "height": 768})
    login(page, server, "sari")
    open_wall(page, server, workshop, session)
    first = card(page, "Perizinan online")
    first.get_by_role("link", name="Gabungkan dengan… “Perizinan online”").click()

    # The target list is searchable: by title words, by OPD, by number; arrows reach the list.
    search = first.get_by_label("Cari usulan yang dipertahankan")
    expect(search).to_be_focused()
    into = first.get_by_label("Gabungkan ke", exact=True)
    search.fill("taman")
    expect(first.locator("[id$=search-count]")).to_have_text("1 dari 2 usulan cocok")
    expect(into).to_have_value(str(ideas["Wifi taman kota"]["id"]))
    search.fill("bappeda")
    expect(first.locator("[id$=search-count]")).to_have_text("2 dari 2 usulan cocok")
    search.fill(f"#{target['id']}")
    search.press("ArrowDown")
    expect(into).to_be_focused()
    expect(into).to_have_value(str(target["id"]))

    # Merging asks first: the open poll, its ballots and where their dots go.
    first.get_by_role("button", name="Gabungkan", exact=True).click()
    warning = first.locator(".wall-merge-warning")
    expect(warning).to_be_visible()
    expect(warning).to_have_attribute("role", "group")
    expect(warning).to_contain_text(
        "Usulan ini ada di 1 pemungutan suara. Menggabungkannya ke “Izin usaha satu pintu”"
    )
    expect(warning.locator("li")).to_have_text(
        "Pemungutan suara terbuka «Prioritas layanan»: Usulan ini keluar dari pemungutan suara"
        " terbuka ini. 1 surat suara memberinya suara; suaranya ditambahkan ke suara"
        " “Izin usaha satu pintu”."
    )
    yes = warning.get_by_role("button", name="Tetap gabungkan")
    expect(yes).to_be_focused()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "merge-warning-1366.png"))

    # Cancel (Escape): nothing merged, the list has the focus again.
    page.keyboard.press("Escape")
    expect(warning).to_have_count(0)
    expect(into).to_be_focused()
    idea = server.api("GET", f"/ideas/{source['id']}", budi).json()
    assert idea["status"] == "visible"

    # Confirmed from the keyboard: merged, and the poll's dots follow as announced.
    first.get_by_role("button", name="Gabungkan", exact=True).click()
    expect(yes).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#wall-message")).to_have_text(
        "“Perizinan online” digabungkan ke “Izin usaha satu pintu”."
    )
    expect(card(page, "Perizinan online")).to_have_count(0)
    results = server.api("GET", f"/polls/{poll['id']}/results", budi).json()
    assert {i["idea_id"]: i["score"] for i in results["items"]}[target["id"]] == 4


def test_a_merge_no_poll_holds_needs_no_confirmation(server, new_page):
    workshop, budi = make_workshop(server)
    session = open_session(server, workshop, budi)
    rina = join(server, workshop, budi, "Rina Kartikasari", "Bappeda")
    for title in ("Bank sampah", "Bank sampah digital"):
        idea = propose(server, session, rina, title)
        server.api("PATCH", f"/ideas/{idea['id']}", budi, json={"status": "visible"})
    page = new_page(viewport={"width": 1366, "height": 768})
    login(page, server, "sari")
    open_wall(page, server, workshop, session)
    first = card(page, "Bank sampah")
    first.get_by_role("link", name="Gabungkan dengan… “Bank sampah”").click()
    first.get_by_label("Cari usulan yang dipertahankan").fill("digital")
    first.get_by_role("button", name="Gabungkan", exact=True).click()
    expect(page.locator("#wall-message")).to_have_text(
        "“Bank sampah” digabungkan ke “Bank sampah digital”."
    )
    expect(page.locator(".wall-merge-warning")).to_have_count(0)
