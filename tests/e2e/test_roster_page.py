"""The roster page in a browser: add an OPD, a CSV import with a bad row, keyboard moves."""

import re

import requests
from playwright.sync_api import expect

PASSWORD = "rahasia-bimtek"


def login(page, server, username):
    page.goto(server.url + "/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/workshops$"))


def open_roster(server, new_page):
    """Sari's Bimtek workshop on the roster page, live; returns (page, workshop, token)."""
    workshop, token = server.facilitator_workshop(PASSWORD)
    page = new_page()
    login(page, server, "sari")
    page.goto(f"{server.url}/workshops/{workshop['id']}/roster")
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    return page, workshop, token


def codes(server, workshop, token):
    items = server.api("GET", f"/workshops/{workshop['id']}/opds", token).json()["items"]
    return [o["code"] for o in items]


def test_add_an_opd_and_import_a_csv_with_a_bad_row(server, new_page, tmp_path):
    page, workshop, token = open_roster(server, new_page)
    rows = page.locator("#opd-rows tr")
    before = rows.count()

    page.get_by_label("Nama singkat", exact=True).fill("UPT-PJU")
    page.get_by_label("Nama lengkap", exact=True).fill("UPT Penerangan Jalan Umum")
    page.get_by_role("button", name="Tambah OPD").click()
    expect(page.locator("#roster-status")).to_have_text("OPD UPT-PJU ditambahkan.")
    expect(rows).to_have_count(before + 1)
    expect(page.get_by_role("row", name=re.compile("UPT Penerangan Jalan Umum"))).to_be_visible()
    expect(page.get_by_label("Nama singkat", exact=True)).to_have_value("")
    assert "UPT-PJU" in codes(server, workshop, token)

    # Typing filters the table.
    page.get_by_label("Saring daftar OPD").fill("penerangan")
    expect(page.locator("#opd-rows tr:visible")).to_have_count(1)
    page.get_by_label("Saring daftar OPD").fill("")

    # The same short name again: the field says so, nothing is added.
    page.get_by_label("Nama singkat", exact=True).fill("upt-pju")
    page.get_by_label("Nama lengkap", exact=True).fill("Dobel")
    page.get_by_role("button", name="Tambah OPD").click()
    expect(page.get_by_text("Nama singkat ini sudah ada dalam daftar.")).to_be_visible()
    expect(page.get_by_label("Nama singkat", exact=True)).to_have_attribute("aria-invalid", "true")

    # A CSV file as Excel saves it (BOM, semicolons) with one bad row: nothing is imported.
    csv_file = tmp_path / "opd.csv"
    csv_file.write_bytes(
        "\ufeffcode;name\r\n"
        'Diskominfo2;"Dinas Komunikasi, Informatika, Statistik dan Persandian"\r\n'
        "Dinas Baru;\r\n".encode()
    )
    known = codes(server, workshop, token)
    page.get_by_label("Berkas CSV").set_input_files(str(csv_file))
    page.get_by_role("button", name="Impor", exact=True).click()
    errors = page.locator("#import-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("Tidak ada yang diimpor.")
    expect(errors.get_by_role("listitem")).to_have_text(
        ["Baris 3: Nama lengkap wajib diisi (maks. 200 karakter)."]
    )
    assert codes(server, workshop, token) == known
    expect(rows).to_have_count(before + 1)

    # Fixed file: both rows arrive at once.
    csv_file.write_bytes(
        "\ufeffcode;name\r\n"
        'Diskominfo2;"Dinas Komunikasi, Informatika, Statistik dan Persandian"\r\n'
        "Dinas Baru;Dinas Baru Kota\r\n".encode()
    )
    page.get_by_label("Berkas CSV").set_input_files(str(csv_file))
    page.get_by_role("button", name="Impor", exact=True).click()
    expect(page.locator("#roster-status")).to_have_text("2 OPD diimpor.")
    expect(errors).to_be_hidden()
    expect(rows).to_have_count(before + 3)


def test_inline_edit_delete_reason_and_a_colleagues_change(server, new_page):
    page, workshop, token = open_roster(server, new_page)
    bappeda = next(
        o
        for o in server.api("GET", f"/workshops/{workshop['id']}/opds", token).json()["items"]
        if o["code"] == "Bappeda"
    )
    joined = requests.post(
        server.url + "/api/v1/join",
        json={"code": workshop["code"], "name": "Rina", "opd_id": bappeda["id"]},
        timeout=10,
    )
    assert joined.status_code == 201, joined.text

    # Deleting an OPD with participants is refused, with the reason beside its row.
    page.get_by_role("button", name="Hapus Bappeda").click()
    row = page.locator(f"#opd-{bappeda['id']}")
    expect(row.get_by_role("alert")).to_have_text(
        "Masih ada 1 peserta dari OPD ini. Pindahkan mereka ke OPD lain terlebih dahulu,"
        " lalu hapus."
    )
    assert "Bappeda" in codes(server, workshop, token)

    # Inline edit: Enter saves, focus returns to the row's edit link.
    page.get_by_role("link", name="Ubah DLH").click()
    name = page.locator("#edit-name")
    expect(name).to_have_value("Dinas Lingkungan Hidup")
    expect(page.locator("#edit-code")).to_be_focused()
    name.fill("Dinas Lingkungan Hidup Kota Bogor")
    name.press("Enter")
    expect(page.get_by_role("link", name="Ubah DLH")).to_be_focused()
    expect(page.locator("#opd-rows")).to_contain_text("Dinas Lingkungan Hidup Kota Bogor")

    # Escape leaves the editor without saving.
    page.get_by_role("link", name="Ubah DLH").press("Enter")
    page.locator("#edit-name").fill("Tidak disimpan")
    page.locator("#edit-name").press("Escape")
    expect(page.locator("#edit-name")).to_have_count(0)
    expect(page.locator("#opd-rows")).not_to_contain_text("Tidak disimpan")

    # Another facilitator's change shows up without a reload.
    server.api(
        "POST",
        f"/workshops/{workshop['id']}/opds",
        token,
        json={"code": "BRIDA", "name": "Badan Riset dan Inovasi Daerah"},
    )
    expect(page.locator("#opd-rows")).to_contain_text("Badan Riset dan Inovasi Daerah")


def test_move_a_dimension_with_the_keyboard(server, new_page):
    page, workshop, token = open_roster(server, new_page)

    def order():
        items = server.api("GET", f"/workshops/{workshop['id']}/dimensions", token).json()["items"]
        return [d["key"] for d in items]

    assert order()[:3] == ["governance", "branding", "economy"]
    expect(page.get_by_role("button", name="Naikkan Smart Governance")).to_be_disabled()

    down = page.get_by_role("button", name="Turunkan Smart Governance")
    down.focus()
    page.keyboard.press("Enter")
    items = page.locator("#dim-list > li")
    expect(items.nth(1)).to_contain_text("Smart Governance")
    # Focus stays on the same button of the moved dimension, so Enter moves it again.
    expect(page.get_by_role("button", name="Turunkan Smart Governance")).to_be_focused()
    page.keyboard.press("Enter")
    expect(items.nth(2)).to_contain_text("Smart Governance")
    assert order()[:3] == ["branding", "economy", "governance"]

    # Shift+Tab reaches "move up" of the same dimension; Space presses it.
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Naikkan Smart Governance")).to_be_focused()
    page.keyboard.press("Space")
    expect(items.nth(1)).to_contain_text("Smart Governance")
    assert order()[:3] == ["branding", "governance", "economy"]

    # Elements move the same way, inside their dimension.
    page.get_by_role("button", name="Turunkan Pelayanan publik").focus()
    page.keyboard.press("Enter")
    elements = page.locator(f"#dim-{items.nth(1).get_attribute('data-id')} .el-item")
    expect(elements.nth(1)).to_contain_text("Pelayanan publik")
