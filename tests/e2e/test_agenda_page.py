"""The agenda editor in the browser: add, reorder by keyboard, open, and follow a co-facilitator."""

from playwright.sync_api import expect

from tests.e2e.test_live import PASSWORD, login


def make_workshop(server):
    """Budi creates a Bimtek workshop over the API and adds Sari; returns (workshop, his token)."""
    server.cli("facilitator", "add", "sari", "--password", PASSWORD)
    server.cli("facilitator", "add", "budi", "--password", PASSWORD)
    budi = server.token("budi", PASSWORD)
    created = server.api(
        "POST",
        "/workshops",
        budi,
        json={"title": "Bimtek Kota Bogor", "city": "Kota Bogor", "starts_on": "2017-08-01"},
    )
    assert created.status_code == 201
    workshop = created.json()
    added = server.api(
        "POST", f"/workshops/{workshop['id']}/facilitators", budi, json={"username": "sari"}
    )
    assert added.status_code == 201
    return workshop, budi


def titles(page, day):
    return page.locator(f"#day-{day} .agenda-session [data-ref=title]")


def test_agenda_editor_in_place_and_live(server, new_page):
    workshop, budi = make_workshop(server)
    wid = workshop["id"]
    page = new_page()
    login(page, server, "sari")
    page.goto(f"{server.url}/workshops/{wid}/agenda")
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    expect(
        page.get_by_role("heading", name="Tahap I · Hari ke-1 · Selasa, 1 Agustus 2017")
    ).to_be_visible()
    page.evaluate("window.notReloaded = true")

    # Add a session at the end of day 1 (it starts after every other session of that day).
    day1 = page.locator("#day-1")
    day1.get_by_text("Tambah sesi pada hari ke-1").click()
    add = day1.locator("form[data-action=add]")
    add.get_by_label("Judul").fill("Refleksi hari pertama")
    add.get_by_label("Mulai").fill("16:30")
    add.get_by_label("Selesai").fill("17:00")
    add.get_by_label("Jenis").select_option(label="Diskusi")
    add.get_by_label("Dimensi").select_option(label="Masyarakat Cerdas")
    add.get_by_role("button", name="Tambah sesi").click()
    expect(page.locator("#agenda-message")).to_have_text("Sesi ditambahkan: Refleksi hari pertama")
    expect(titles(page, 1)).to_have_count(6)
    expect(titles(page, 1).nth(5)).to_have_text("Refleksi hari pertama")
    new = day1.locator(".agenda-session").nth(5)
    expect(new.locator(".agenda-slot")).to_have_text("16.30–17.00")
    expect(new.locator(".dim-chip")).to_have_text("Masyarakat Cerdas")
    expect(new.locator(".agenda-kind")).to_have_text("Diskusi")

    # Move it up twice with the keyboard; focus stays on the button.
    up = page.get_by_role("button", name="Naikkan sesi Refleksi hari pertama")
    up.focus()
    page.keyboard.press("Enter")
    expect(titles(page, 1).nth(4)).to_have_text("Refleksi hari pertama")
    expect(up).to_be_focused()
    page.keyboard.press("Enter")
    expect(titles(page, 1).nth(3)).to_have_text("Refleksi hari pertama")
    expect(up).to_be_focused()
    sessions = server.api("GET", f"/workshops/{wid}/days", budi).json()["items"][0]["sessions"]
    assert [s["title"] for s in sessions][3] == "Refleksi hari pertama"
    assert [s["position"] for s in sessions] == list(range(6))

    # Open it: the badge follows, and the server has it.
    new = day1.locator(".agenda-session").nth(3)
    page.get_by_label("Status sesi Refleksi hari pertama").select_option("open")
    expect(new.locator(".status-badge")).to_have_text("Dibuka")
    expect(new).to_have_attribute("data-status", "open")
    session_id = new.get_attribute("data-id")
    assert server.api("GET", f"/sessions/{session_id}", budi).json()["status"] == "open"

    # An open session is not deleted: the page says what to do.
    new.get_by_text("Hapus", exact=True).click()
    new.get_by_role("button", name="Ya, hapus").click()
    expect(page.locator("#agenda-message")).to_have_text("Tutup sesi ini sebelum menghapusnya.")
    expect(titles(page, 1)).to_have_count(6)

    # Budi, through the API, renames a session, adds one to day 2 and renames stage III.
    first_id = sessions[0]["id"]
    renamed = server.api("PATCH", f"/sessions/{first_id}", budi, json={"title": "Pembukaan resmi"})
    assert renamed.status_code == 200
    expect(titles(page, 1).nth(0)).to_have_text("Pembukaan resmi")
    expect(page.get_by_role("button", name="Naikkan sesi Pembukaan resmi")).to_be_visible()
    created = server.api(
        "POST",
        f"/workshops/{wid}/sessions",
        budi,
        json={"day": 2, "title": "Senam", "kind": "talk", "starts_at": "07:30", "ends_at": "08:00"},
    )
    assert created.status_code == 201
    expect(titles(page, 2).nth(0)).to_have_text("Senam")
    staged = server.api("PATCH", f"/workshops/{wid}/days/4", budi, json={"stage": "Tahap IV"})
    assert staged.status_code == 200
    expect(page.locator("#day-4 h2")).to_contain_text("Tahap IV · Hari ke-4")
    assert page.evaluate("window.notReloaded") is True


def test_agenda_without_javascript(server, new_page):
    """The same page with JavaScript off: forms post, the page comes back with a message."""
    workshop, _budi = make_workshop(server)
    page = new_page(java_script_enabled=False)
    login(page, server, "sari")
    page.goto(f"{server.url}/workshops/{workshop['id']}/agenda")
    day2 = page.locator("#day-2")
    day2.get_by_text("Tambah sesi pada hari ke-2").click()
    add = day2.locator("form[data-action=add]")
    add.get_by_label("Judul").fill("Senam pagi")
    add.get_by_label("Mulai").fill("07:30")
    add.get_by_label("Selesai").fill("07:00")
    add.get_by_role("button", name="Tambah sesi").click()
    expect(page.get_by_text("Sesi harus selesai setelah dimulai.")).to_be_visible()
    add = page.locator("#day-2 form[data-action=add]")
    add.get_by_label("Selesai").fill("08:00")
    add.get_by_role("button", name="Tambah sesi").click()
    expect(page.get_by_text("Sesi ditambahkan: Senam pagi")).to_be_visible()
    expect(titles(page, 2).nth(0)).to_have_text("Senam pagi")
    page.get_by_role("button", name="Turunkan sesi Senam pagi").click()
    expect(titles(page, 2).nth(1)).to_have_text("Senam pagi")
