"""The proposals wall in the browser: live cards, moderation by keyboard and menus, two
facilitators at once, drag and drop as a shortcut, and the same wall without JavaScript."""

import datetime
import re

import requests
from playwright.sync_api import expect

from tests.e2e.test_live import PASSWORD, login


def make_workshop(server):
    """Budi runs a Bimtek starting today (so its join code works) and adds Sari."""
    server.cli("facilitator", "add", "sari", "--password", PASSWORD)
    server.cli("facilitator", "add", "budi", "--password", PASSWORD)
    budi = server.token("budi", PASSWORD)
    created = server.api(
        "POST",
        "/workshops",
        budi,
        json={
            "title": "Bimtek Kota Bogor",
            "city": "Kota Bogor",
            "starts_on": datetime.date.today().isoformat(),
        },
    )
    assert created.status_code == 201
    workshop = created.json()
    added = server.api(
        "POST", f"/workshops/{workshop['id']}/facilitators", budi, json={"username": "sari"}
    )
    assert added.status_code == 201
    return workshop, budi


def open_session(server, workshop, token):
    """The first proposals session of the workshop, opened for proposals."""
    sessions = server.api("GET", f"/workshops/{workshop['id']}/sessions", token).json()["items"]
    session = next(s for s in sessions if s["kind"] == "ideas")
    opened = server.api("PATCH", f"/sessions/{session['id']}", token, json={"status": "open"})
    assert opened.status_code == 200
    return session


def join(server, workshop, token, name, opd_code):
    """A participant joins with the code, as the join page does; returns their device token."""
    opds = server.api("GET", f"/workshops/{workshop['id']}/opds", token).json()["items"]
    opd_id = next(o["id"] for o in opds if o["code"] == opd_code)
    response = requests.post(
        server.url + "/api/v1/join",
        json={"code": workshop["code"], "name": name, "opd_id": opd_id},
        timeout=5,
    )
    assert response.status_code == 201, response.text
    return response.json()["token"]


def propose(server, session, token, title, **fields):
    body = {"title": title, "dimension": "governance", "client_id": re.sub(r"\W", "", title)}
    body.update(fields)
    response = server.api("POST", f"/sessions/{session['id']}/ideas", token, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def card(page, title):
    return page.locator("article.wall-card").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )


def group_section(page, name):
    return page.locator("section.wall-group").filter(
        has=page.get_by_role("heading", name=re.compile("^" + re.escape(name)))
    )


def open_wall(page, server, workshop, session):
    page.goto(f"{server.url}/workshops/{workshop['id']}/sessions/{session['id']}/wall")
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    page.evaluate("window.notReloaded = true")


def test_live_wall_with_two_facilitators(server, new_page):
    workshop, budi = make_workshop(server)
    session = open_session(server, workshop, budi)
    rina = join(server, workshop, budi, "Rina Kartikasari", "Bappeda")
    dewi = join(server, workshop, budi, "Dewi Lestari", "Diskominfo")

    sari_page = new_page()
    login(sari_page, server, "sari")
    open_wall(sari_page, server, workshop, session)
    budi_page = new_page()
    login(budi_page, server, "budi")
    open_wall(budi_page, server, workshop, session)
    expect(sari_page.get_by_text("Belum ada usulan pada sesi ini.")).to_be_visible()

    # A participant's proposal appears on both walls without a reload (titles stay text).
    first = propose(
        server,
        session,
        rina,
        "Perizinan online <script>alert(1)</script>",
        element="service",
        budget_idr="1,5 jt",
        horizon="quick_win",
    )
    for page in (sari_page, budi_page):
        new = card(page, first["title"])
        expect(new).to_be_visible()
        expect(new.locator(".dim-chip")).to_have_text("Tata Kelola Cerdas")
        expect(new).to_contain_text("Pelayanan publik")
        expect(new).to_contain_text("Rp 1.500.000")
        expect(new).to_contain_text("Rina Kartikasari · Bappeda")
        expect(new.locator(".status-badge")).to_have_text("Tampil")
        expect(page.get_by_text("Belum ada usulan pada sesi ini.")).to_be_hidden()

    # Sari hides it: Budi's wall follows, and participants no longer get it.
    card(sari_page, first["title"]).get_by_role(
        "button", name=f"Sembunyikan “{first['title']}”"
    ).click()
    expect(sari_page.locator("#wall-message")).to_have_text(f"Disembunyikan: {first['title']}")
    for page in (sari_page, budi_page):
        expect(card(page, first["title"]).locator(".status-badge")).to_have_text("Disembunyikan")
        expect(page.locator('#wall-counts [data-count="hidden"]')).to_have_text("1")
    listed = server.api("GET", f"/sessions/{session['id']}/ideas", dewi).json()["items"]
    assert listed == []
    show_again = sari_page.get_by_role("button", name=f"Tampilkan lagi “{first['title']}”")
    expect(show_again).to_be_focused()

    # Two more proposals; Sari groups them with the keyboard (the group form, not dragging).
    propose(server, session, dewi, "Satu data kota", element="policy")
    propose(server, session, rina, "Dasbor kinerja pimpinan", element="policy")
    for page in (sari_page, budi_page):
        expect(page.locator("article.wall-card")).to_have_count(3)
    sari_page.get_by_role("link", name="Kelompok “Satu data kota”").focus()
    sari_page.keyboard.press("Enter")
    typed = card(sari_page, "Satu data kota").get_by_label("atau kelompok baru")
    expect(sari_page.get_by_label("Kelompok", exact=True)).to_be_focused()
    typed.focus()
    sari_page.keyboard.type("Data dan dasbor")
    sari_page.keyboard.press("Enter")
    expect(sari_page.locator("#wall-message")).to_have_text(
        "“Satu data kota” masuk kelompok “Data dan dasbor”."
    )
    expect(sari_page.get_by_role("link", name="Kelompok “Satu data kota”")).to_be_focused()
    sari_page.keyboard.press("Tab")  # "Merge with…" of the same card: focus stayed in place
    expect(sari_page.get_by_role("link", name="Gabungkan dengan… “Satu data kota”")).to_be_focused()

    dasbor = card(sari_page, "Dasbor kinerja pimpinan")
    dasbor.get_by_role("link", name="Kelompok “Dasbor kinerja pimpinan”").click()
    dasbor.get_by_label("Kelompok", exact=True).select_option("Data dan dasbor")
    sari_page.keyboard.press("Tab")  # to "or a new group", left empty
    sari_page.keyboard.press("Tab")
    expect(dasbor.get_by_role("button", name="Pindahkan")).to_be_focused()
    sari_page.keyboard.press("Enter")
    for page in (sari_page, budi_page):
        group = group_section(page, "Data dan dasbor")
        expect(group.locator("article.wall-card")).to_have_count(2)
        expect(group.locator(".wall-count")).to_have_text("2")
    # The DB has it, as participants will see it.
    grouped = server.api("GET", f"/sessions/{session['id']}/ideas", budi).json()["items"]
    assert sorted(i["title"] for i in grouped if i["group"] == "Data dan dasbor") == [
        "Dasbor kinerja pimpinan",
        "Satu data kota",
    ]

    # Merge one into the other from the menu; the survivor lists it; then separate again.
    dasbor.get_by_role("link", name="Gabungkan dengan… “Dasbor kinerja pimpinan”").click()
    # The target is found by typing (issue 16 item 4): one match is chosen.
    dasbor.get_by_label("Cari usulan yang dipertahankan").fill("satu data diskominfo")
    expect(dasbor.get_by_label("Gabungkan ke", exact=True)).to_have_value(re.compile(r"^\d+$"))
    expect(dasbor.get_by_label("Gabungkan ke", exact=True).locator("option:checked")).to_have_text(
        re.compile(r"^#\d+ · Satu data kota · Diskominfo · kelompok Data dan dasbor$")
    )
    dasbor.get_by_role("button", name="Gabungkan", exact=True).click()
    expect(sari_page.locator("#wall-message")).to_have_text(
        "“Dasbor kinerja pimpinan” digabungkan ke “Satu data kota”."
    )
    for page in (sari_page, budi_page):
        expect(card(page, "Dasbor kinerja pimpinan")).to_have_count(0)
        merged = card(page, "Satu data kota").locator(".wall-merged-item")
        expect(merged).to_have_count(1)
        expect(merged).to_contain_text("Dasbor kinerja pimpinan")
        expect(merged).to_contain_text("Rina Kartikasari · Bappeda")
        expect(page.locator('#wall-counts [data-count="merged"]')).to_have_text("1")
    expect(card(sari_page, "Satu data kota").get_by_role("heading")).to_be_focused()
    budi_page.get_by_role("button", name="Pisahkan “Dasbor kinerja pimpinan”").click()
    for page in (sari_page, budi_page):
        expect(card(page, "Dasbor kinerja pimpinan")).to_be_visible()
        expect(card(page, "Satu data kota").locator(".wall-merged-item")).to_have_count(0)
        expect(group_section(page, "Data dan dasbor").locator("article.wall-card")).to_have_count(2)

    # Filters apply at once and stay in the address.
    sari_page.get_by_label("Status", exact=True).select_option("hidden")
    expect(sari_page.locator("article.wall-card:visible")).to_have_count(1)
    expect(sari_page).to_have_url(re.compile(r"\?status=hidden$"))
    sari_page.get_by_role("link", name="Tampilkan semua").click()
    expect(sari_page.locator("article.wall-card:visible")).to_have_count(3)

    for page in (sari_page, budi_page):
        assert page.evaluate("window.notReloaded") is True


def test_edit_errors_premoderation_and_drag_and_drop(server, new_page):
    workshop, budi = make_workshop(server)
    session = open_session(server, workshop, budi)
    rina = join(server, workshop, budi, "Rina Kartikasari", "Bappeda")
    page = new_page()
    login(page, server, "sari")
    open_wall(page, server, workshop, session)

    # Pre-moderation: new proposals wait in the queue until approved.
    page.get_by_label("Usulan menunggu persetujuan sebelum tampil di dinding").check()
    page.get_by_role("button", name="Simpan pengaturan").click()
    expect(page.locator("#wall-message")).to_have_text("Pengaturan pengumpulan disimpan.")
    propose(server, session, rina, "Kios layanan mandiri")
    queue = page.locator("#wall-queue")
    expect(queue).to_be_visible()
    expect(card(page, "Kios layanan mandiri").locator(".status-badge")).to_have_text(
        "Menunggu persetujuan"
    )
    page.get_by_role("button", name="Setujui “Kios layanan mandiri”").click()
    expect(queue).to_be_hidden()
    expect(
        page.locator("#wall-board").get_by_role("heading", name="Kios layanan mandiri")
    ).to_be_visible()

    # Editing shows the API's messages next to the fields and keeps what was typed.
    kios = card(page, "Kios layanan mandiri")
    kios.get_by_role("link", name="Ubah “Kios layanan mandiri”").click()
    form = kios.locator("form[data-action=edit]")
    form.get_by_label("Judul").fill("")
    form.get_by_label("Perkiraan anggaran (Rp)").fill("sejuta")
    form.get_by_role("button", name="Simpan").click()
    expect(form.get_by_text("Judul wajib diisi (maks. 140 karakter).")).to_be_visible()
    expect(form.get_by_label("Judul")).to_be_focused()
    expect(form.get_by_label("Judul")).to_have_attribute("aria-invalid", "true")
    form.get_by_label("Judul").fill("Kios layanan mandiri kelurahan")
    form.get_by_label("Perkiraan anggaran (Rp)").fill("750 rb")
    form.get_by_label("Dimensi", exact=True).select_option(label="Masyarakat Cerdas")
    form.get_by_label("Elemen").select_option(label="Interaksi masyarakat")
    form.get_by_role("button", name="Simpan").click()
    kios = card(page, "Kios layanan mandiri kelurahan")
    expect(kios.locator(".dim-chip")).to_have_text("Masyarakat Cerdas")
    expect(kios).to_contain_text("Rp 750.000")
    expect(kios.locator("form")).to_have_count(1)  # the edit form closed; the status form stays

    # Drag and drop: onto a group of the drop bar, then onto another card (merge).
    page.get_by_label("Usulan menunggu persetujuan sebelum tampil di dinding").uncheck()
    page.get_by_role("button", name="Simpan pengaturan").click()
    expect(page.locator("#wall-message")).to_have_text("Pengaturan pengumpulan disimpan.")
    other = propose(server, session, rina, "Pojok baca digital")
    server.api("PATCH", f"/ideas/{other['id']}", budi, json={"group": "Literasi"})
    expect(group_section(page, "Literasi").locator("article.wall-card")).to_have_count(1)
    drag(
        page,
        kios.locator(".wall-card-top"),
        lambda: page.locator(".wall-drop-chip", has_text="Literasi"),
    )
    expect(group_section(page, "Literasi").locator("article.wall-card")).to_have_count(2)
    drag(page, kios.locator(".wall-card-top"), lambda: card(page, "Pojok baca digital"))
    expect(kios).to_have_count(0)
    expect(card(page, "Pojok baca digital").locator(".wall-merged-item")).to_contain_text(
        "Kios layanan mandiri kelurahan"
    )


def drag(page, source, target):
    """A person's drag: press, move a little (the drag starts), move onto the target, release."""
    source.scroll_into_view_if_needed()
    box = source.bounding_box()
    page.mouse.move(box["x"] + 8, box["y"] + 8)
    page.mouse.down()
    page.mouse.move(box["x"] + 40, box["y"] + 40, steps=5)
    goal = target().bounding_box()
    page.mouse.move(goal["x"] + goal["width"] / 2, goal["y"] + 10, steps=10)
    page.mouse.up()


def test_wall_without_javascript(server, new_page):
    workshop, budi = make_workshop(server)
    session = open_session(server, workshop, budi)
    rina = join(server, workshop, budi, "Rina Kartikasari", "Bappeda")
    propose(server, session, rina, "Bank sampah digital", dimension="environment")
    page = new_page(java_script_enabled=False)
    login(page, server, "sari")
    page.goto(f"{server.url}/workshops/{workshop['id']}/sessions/{session['id']}/wall")
    page.get_by_role("button", name="Sembunyikan “Bank sampah digital”").click()
    expect(page.get_by_text("Disembunyikan: Bank sampah digital")).to_be_visible()
    # Without JavaScript every element is listed; a mismatch comes back with the message.
    page.get_by_role("link", name="Dimensi “Bank sampah digital”").click()
    tag = page.get_by_role("form", name="Dimensi dan elemen: Bank sampah digital")
    tag.get_by_label("Dimensi").select_option(label="Tata Kelola Cerdas")
    tag.get_by_label("Elemen").select_option(label="Tata kelola sampah dan limbah")
    tag.get_by_role("button", name="Simpan").click()
    tag = page.get_by_role("form", name="Dimensi dan elemen: Bank sampah digital")
    expect(tag.get_by_text("Pilih elemen dari dimensi yang dipilih.")).to_be_visible()
    expect(tag.get_by_label("Elemen")).to_have_attribute("aria-invalid", "true")
    tag.get_by_label("Elemen").select_option(label="Kebijakan publik")
    tag.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Usulan disimpan: Bank sampah digital")).to_be_visible()
    expect(card(page, "Bank sampah digital").locator(".dim-chip")).to_have_text(
        "Tata Kelola Cerdas"
    )
    page.get_by_role("link", name="Kelompok “Bank sampah digital”").click()
    page.get_by_label("atau kelompok baru").fill("Lingkungan")
    page.get_by_role("button", name="Pindahkan").click()
    expect(page.get_by_text("“Bank sampah digital” masuk kelompok “Lingkungan”.")).to_be_visible()
    expect(group_section(page, "Lingkungan").locator("article.wall-card")).to_have_count(1)
