"""A person adds their own laptop with the link code their phone shows; a facilitator's merge
signs the duplicate's device out instead of handing it to the person kept (issue 12)."""

import re

from playwright.sync_api import expect

from tests.e2e.test_live import PASSWORD, login


def join(page, server, code, name, opd_search):
    page.goto(f"{server.url}/j/{code}")
    page.get_by_label("Nama Anda").fill(name)
    page.get_by_label("Cari di daftar OPD").fill(opd_search)
    page.get_by_role("button", name="Gabung", exact=True).click()
    expect(page.get_by_text("Anda bergabung sebagai")).to_contain_text(name)


def test_link_code_from_the_phone_adds_the_laptop(server, new_page):
    workshop, token = server.facilitator_workshop(PASSWORD)

    phone = new_page(viewport={"width": 390, "height": 844})
    join(phone, server, workshop["code"], "Rina Kartikasari", "bappeda")
    expect(phone.locator("#conn-status")).to_have_text("Tersambung")
    phone.get_by_role("button", name="Tampilkan kode tautan").click()
    shown = phone.locator("#link-code")
    expect(shown).to_have_text(re.compile(r"^[A-Z2-9]{4} [A-Z2-9]{4}$"))
    expect(phone.locator("#link-expiry")).to_contain_text("Berlaku sampai")
    assert phone.url.endswith("/w")  # shown in place, through the API
    code = shown.inner_text()

    laptop = new_page()
    laptop.goto(server.url + "/join")
    laptop.get_by_text("Punya kode tautan?").click()
    laptop.get_by_label("Kode tautan").fill(code.lower())
    expect(laptop.get_by_label("Kode tautan")).to_have_value(code)
    laptop.get_by_role("button", name="Pakai kode tautan ini").click()
    expect(laptop.get_by_text("Anda bergabung sebagai")).to_contain_text("Rina Kartikasari")

    # The code worked once: a third device typing it is told so beside the field.
    other = new_page()
    other.goto(server.url + "/join")
    other.get_by_text("Punya kode tautan?").click()
    other.get_by_label("Kode tautan").fill(code)
    other.get_by_role("button", name="Pakai kode tautan ini").click()
    expect(other.locator("#link_code-error")).to_contain_text("tidak berlaku")

    # The facilitator sees one person with two devices.
    facilitator = new_page()
    login(facilitator, server, "sari")
    facilitator.goto(f"{server.url}/workshops/{workshop['id']}/participants")
    expect(facilitator.locator("#people-count")).to_have_text("1")
    expect(facilitator.locator("#people-table td.num").first).to_have_text("2")


def test_merge_signs_the_duplicates_device_out(server, new_page):
    workshop, token = server.facilitator_workshop(PASSWORD)
    rina = new_page(viewport={"width": 390, "height": 844})
    join(rina, server, workshop["code"], "Rina Kartikasari", "bappeda")
    intruder = new_page(viewport={"width": 390, "height": 844})
    join(intruder, server, workshop["code"], "Rina K", "bappeda")

    facilitator = new_page()
    login(facilitator, server, "sari")
    facilitator.goto(f"{server.url}/workshops/{workshop['id']}/participants")
    expect(facilitator.locator("#people-count")).to_have_text("2")
    name_cell = facilitator.locator("td.person-name", has_text=re.compile(r"^Rina K$"))
    row = facilitator.locator("#people-table tr").filter(has=name_cell)
    row.locator("summary").click()
    expect(row.get_by_text("tidak pernah dipindahkan")).to_be_visible()
    asked = []
    facilitator.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    row.get_by_role("button", name="Gabungkan ke yang dipilih").click()
    expect(facilitator.locator("#people-count")).to_have_text("1")
    assert asked and "Rina K" in asked[0]

    # The duplicate's browser is out; Rina's own phone is not.
    intruder.goto(server.url + "/w")
    expect(intruder).to_have_url(re.compile(r"/join$"))
    rina.goto(server.url + "/w")
    expect(rina.get_by_text("Anda bergabung sebagai")).to_contain_text("Rina Kartikasari")
