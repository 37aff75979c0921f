"""The facilitator curates a SWOT board and records the vision in the browser (issue 14),
while a participant's socket follows: an entry the facilitator hides or merges away is
removed from the hall (entries_removed), with no page reload on the facilitator's side."""

import re
import threading

import pytest
import requests
import socketio
from playwright.sync_api import expect

from tests.e2e.test_live import PASSWORD, login

pytestmark = pytest.mark.browser

SHOTS = "/tmp/rembuk-shots"


@pytest.fixture
def hall(server):
    """Sari's workshop: its SWOT and vision worksheets open, a participant with four entries."""
    workshop, token = server.facilitator_workshop(PASSWORD)
    sessions = server.api("GET", f"/workshops/{workshop['id']}/sessions", token).json()["items"]
    sheets = {}
    for s in sessions:
        if s["kind"] == "worksheet" and s["purpose"] in ("swot", "vision"):
            sheets.setdefault(s["purpose"], s)
    for s in sheets.values():
        r = server.api("PATCH", f"/sessions/{s['id']}", token, json={"status": "open"})
        assert r.status_code == 200, r.text
    opds = server.api("GET", f"/workshops/{workshop['id']}/opds", token).json()["items"]
    bappeda = next(o["id"] for o in opds if o["code"] == "Bappeda")
    r = requests.post(
        f"{server.url}/api/v1/join",
        json={"code": workshop["code"], "name": "Rina", "opd_id": bappeda},
        timeout=5,
    )
    assert r.status_code == 201, r.text
    person = r.json()["token"]
    entries = {}
    for key, quadrant, text in (
        ("a", "S", "Jaringan fiber optik sudah menjangkau kantor kecamatan"),
        ("b", "S", "Fiber optik tersedia di kecamatan"),
        ("o", "O", "Dana DAK bidang TIK tersedia"),
        ("w", "W", "Komentar di luar topik"),
    ):
        r = server.api(
            "POST",
            f"/sessions/{sheets['swot']['id']}/entries",
            person,
            json={"quadrant": quadrant, "text": text, "client_id": f"e2e-{key}"},
        )
        assert r.status_code == 201, r.text
        entries[key] = r.json()
    for n, word in enumerate(("Cerdas", "Hijau", "cerdas", "Melayani")):
        r = server.api(
            "POST",
            f"/sessions/{sheets['vision']['id']}/entries",
            person,
            json={"text": word, "client_id": f"e2e-k{n}"},
        )
        assert r.status_code == 201, r.text
    return {
        "workshop": workshop,
        "token": token,
        "sheets": sheets,
        "person": person,
        "entries": entries,
    }


def page_url(server, hall, purpose):
    w, s = hall["workshop"], hall["sheets"][purpose]
    return f"{server.url}/workshops/{w['id']}/sessions/{s['id']}/worksheet"


def test_merge_compose_so_strategy_and_record_the_vision(server, new_page, hall):
    e = hall["entries"]
    removed, gone = [], threading.Event()

    def on_removed(data):
        removed.append(data["id"])
        if {e["b"]["id"], e["w"]["id"]} <= set(removed):
            gone.set()

    phone = socketio.Client()
    phone.on("entry_removed", on_removed)
    # The hall hears removals coalesced: entries_removed {"items": [...]}.
    phone.on("entries_removed", lambda batch: [on_removed(item) for item in batch["items"]])
    phone.connect(
        server.url, auth={"token": hall["person"]}, transports=["websocket"], wait_timeout=5
    )
    try:
        page = new_page(viewport={"width": 1366, "height": 768})
        login(page, server, "sari")
        page.goto(page_url(server, hall, "swot"))
        expect(page.locator("#conn-status")).to_have_text("Tersambung")
        page.evaluate("window.notReloaded = true")
        for q in ("Kekuatan (S)", "Kelemahan (W)", "Peluang (O)", "Ancaman (T)"):
            expect(page.get_by_role("heading", name=re.compile(re.escape(q)))).to_be_visible()

        # Merge the duplicate (b) into the entry that stays (a), with the keyboard-usable menu.
        b = page.locator(f"#entry-{e['b']['id']}")
        b.locator("summary", has_text="Gabungkan dengan").click()
        b.get_by_label(re.compile("Pertahankan isian ini")).select_option(str(e["a"]["id"]))
        b.get_by_role("button", name="Gabungkan", exact=True).click()
        expect(page.locator(f"#entry-{e['b']['id']}")).to_have_count(0)
        expect(page.locator(f"#entry-{e['a']['id']}")).to_contain_text("+1 digabungkan")

        # Hide the off-topic entry: the participant's socket hears it leave the hall.
        w = page.locator(f"#entry-{e['w']['id']}")
        w.get_by_role("button", name=re.compile("^Sembunyikan")).click()
        expect(page.locator(f"#entry-{e['w']['id']}")).to_have_attribute("data-status", "hidden")
        assert gone.wait(10), removed
        seen = server.api(
            "GET", f"/sessions/{hall['sheets']['swot']['id']}/entries", hall["person"]
        )
        assert sorted(x["id"] for x in seen.json()["items"]) == sorted([e["a"]["id"], e["o"]["id"]])

        # Edit an entry in place: the editor closes, the new text shows, focus on its summary.
        o = page.locator(f"#entry-{e['o']['id']}")
        o.locator("summary", has_text="Ubah").click()
        o.get_by_label("Teks").fill("Dana DAK bidang TIK tersedia 2025")
        o.get_by_role("button", name="Simpan").click()
        expect(o.locator(".ws-entry-text")).to_have_text("Dana DAK bidang TIK tersedia 2025")
        expect(o.locator(f"#edit-{e['o']['id']}")).not_to_have_attribute("open", "")
        expect(o.locator(f"#edit-{e['o']['id']} > summary")).to_be_focused()

        # An empty strategy is refused beside its field; then an SO strategy from a and o.
        form = page.locator("#strategy-form")
        form.get_by_role("button", name="Simpan strategi").click()
        expect(form.locator('[data-error-for="text"]')).to_be_visible()
        expect(form.locator("#strategy-text")).to_be_focused()
        page.locator(f"#pick-{e['a']['id']}").check()
        page.locator(f"#pick-{e['o']['id']}").check()
        form.get_by_label("Jenis").select_option("SO")
        form.locator("#strategy-text").fill(
            "Manfaatkan jaringan fiber dan DAK TIK untuk layanan daring"
        )
        form.get_by_role("button", name="Simpan strategi").click()
        expect(page.locator("#ws-strategies")).to_contain_text("Manfaatkan jaringan fiber")
        expect(page.locator("#ws-strategies")).to_contain_text("Dana DAK bidang TIK tersedia")
        expect(page.locator(f"#pick-{e['a']['id']}")).not_to_be_checked()
        made = server.api(
            "GET", f"/sessions/{hall['sheets']['swot']['id']}/strategies", hall["token"]
        )
        assert [(s["type"], sorted(s["from"])) for s in made.json()["items"]] == [
            ("SO", sorted([e["a"]["id"], e["o"]["id"]]))
        ]

        # A new entry from the hall appears without a reload.
        r = server.api(
            "POST",
            f"/sessions/{hall['sheets']['swot']['id']}/entries",
            hall["person"],
            json={"quadrant": "T", "text": "Serangan siber meningkat", "client_id": "e2e-t"},
        )
        assert r.status_code == 201, r.text
        expect(page.locator('[data-quadrant="T"]')).to_contain_text("Serangan siber meningkat")
        # Show the board on the projector: the button says so once the screen follows.
        show = page.get_by_role("button", name="Tampilkan kertas kerja ini di layar")
        expect(show).to_have_attribute("aria-pressed", "false")
        show.click()
        expect(show).to_have_attribute("aria-pressed", "true")
        shown = server.api("GET", f"/workshops/{hall['workshop']['id']}/display", hall["token"])
        assert (shown.json()["view"], shown.json()["session_id"]) == (
            "ideas",
            hall["sheets"]["swot"]["id"],
        )
        assert page.evaluate("window.notReloaded") is True
        page.screenshot(path=f"{SHOTS}/worksheet-swot-1366.png", full_page=True)

        # The vision page: a poll from the top two keywords, then the adopted vision.
        page.goto(page_url(server, hall, "vision"))
        expect(page.locator("#conn-status")).to_have_text("Tersambung")
        expect(page.locator("#ws-keywords tbody tr").first).to_have_text(re.compile(r"cerdas\s*2"))
        poll_form = page.locator("#keyword-poll-form")
        poll_form.get_by_label("Jumlah kata kunci teratas").fill("2")
        poll_form.get_by_role("button", name="Buat pemungutan suara").click()
        expect(page.locator("#ws-message")).to_have_text("Pemungutan suara dibuat (draf).")
        expect(page.locator("#ws-polls")).to_contain_text("Kata kunci visi")
        polls = server.api(
            "GET", f"/sessions/{hall['sheets']['vision']['id']}/polls", hall["token"]
        )
        poll = server.api("GET", f"/polls/{polls.json()['items'][0]['id']}", hall["token"]).json()
        assert [i["title"] for i in poll["ideas"]] == ["cerdas", "hijau"]
        vision = page.locator("#vision-form")
        vision.get_by_label("Visi", exact=True).fill("Bogor kota cerdas yang hijau dan melayani")
        vision.get_by_label("Misi", exact=True).fill(
            "Tata kelola pemerintahan digital\nLingkungan hidup lestari"
        )
        vision.get_by_role("button", name="Simpan visi dan misi").click()
        expect(page.locator("#ws-message")).to_have_text("Visi disimpan.")
        got = server.api("GET", f"/workshops/{hall['workshop']['id']}/vision", hall["token"]).json()
        assert got["vision"] == "Bogor kota cerdas yang hijau dan melayani"
        assert got["missions"] == ["Tata kelola pemerintahan digital", "Lingkungan hidup lestari"]
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.screenshot(path=f"{SHOTS}/worksheet-vision-1920.png", full_page=True)
    finally:
        phone.disconnect()


def test_agenda_sets_kind_worksheet_and_purpose_in_place(server, new_page):
    workshop, token = server.facilitator_workshop(PASSWORD)
    page = new_page(viewport={"width": 1366, "height": 768})
    login(page, server, "sari")
    page.goto(f"{server.url}/workshops/{workshop['id']}/agenda")
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    page.evaluate("window.notReloaded = true")
    day1 = page.locator("#day-1")
    day1.get_by_text("Tambah sesi pada hari ke-1").click()
    add = day1.locator("form[data-action=add]")
    add.get_by_label("Judul").fill("Pernyataan strategi per dimensi")
    add.get_by_label("Mulai").fill("16:30")
    add.get_by_label("Selesai").fill("17:00")
    add.get_by_label("Jenis").select_option("worksheet")
    add.get_by_label("Mengisi bagian", exact=True).select_option("strategy")
    add.get_by_role("button", name="Tambah sesi").click()
    made = day1.locator("li.agenda-session", has_text="Pernyataan strategi per dimensi")
    expect(made.locator('[data-ref="purpose"]')).to_have_text("Mengisi: Strategi per dimensi")
    expect(made.get_by_role("button", name="Kertas kerja")).to_be_visible()

    # Change what it feeds in place: the label follows, the worksheet button goes.
    made.locator(".agenda-edit > summary").click()
    edit = made.locator("form[data-action=edit]")
    edit.get_by_label("Mengisi bagian", exact=True).select_option("roadmap")
    edit.get_by_role("button", name="Simpan").click()
    expect(made.locator('[data-ref="purpose"]')).to_have_text("Mengisi: Peta Jalan")
    expect(made.get_by_role("button", name="Kertas kerja")).to_be_hidden()
    assert page.evaluate("window.notReloaded") is True
    sessions = server.api("GET", f"/workshops/{workshop['id']}/sessions", token).json()["items"]
    got = next(s for s in sessions if s["title"] == "Pernyataan strategi per dimensi")
    assert (got["kind"], got["purpose"]) == ("worksheet", "roadmap")
