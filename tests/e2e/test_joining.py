"""Two participants join on separate devices; the facilitator's attendance page shows both live."""

import re

from playwright.sync_api import expect

from tests.e2e.test_live import PASSWORD, login


def test_two_participants_join_and_attendance_updates_live(server, new_page):
    server.cli("facilitator", "add", "sari", "--password", PASSWORD)
    token = server.token("sari", PASSWORD)
    workshop = server.api(
        "POST",
        "/workshops",
        token,
        json={
            "title": "Bimtek Kota Bogor",
            "city": "Kota Bogor",
            "starts_on": __import__("datetime").date.today().isoformat(),
        },
    ).json()
    code = workshop["code"]

    facilitator = new_page()
    login(facilitator, server, "sari")
    facilitator.goto(f"{server.url}/workshops/{workshop['id']}/participants")
    expect(facilitator.locator("#conn-status")).to_have_text("Tersambung")
    expect(facilitator.get_by_text("Belum ada yang bergabung").first).to_be_visible()

    # The join screen shows the QR, the code and the hall address.
    facilitator_screen = facilitator.context.new_page()
    facilitator_screen.goto(f"{server.url}/workshops/{workshop['id']}/join-screen")
    expect(facilitator_screen.locator(".join-url")).to_have_text(server.url)
    qr_link = f"{server.url}/j/{code}"
    expect(facilitator_screen.locator(".join-qr")).to_have_attribute(
        "alt", re.compile(re.escape(qr_link))
    )
    facilitator_screen.close()

    # Participant 1 types the code the way people do: lowercase, with a space.
    rina = new_page(viewport={"width": 390, "height": 844})
    rina.goto(server.url + "/")
    rina.get_by_label("Kode gabung").fill(f"{code[:3].lower()} {code[3:].lower()}")
    expect(rina.get_by_label("Kode gabung")).to_have_value(f"{code[:3]} {code[3:]}")
    rina.get_by_role("button", name="Lanjut").click()
    rina.get_by_label("Nama Anda").fill("Rina Kartikasari")
    rina.get_by_label("Cari di daftar OPD").fill("bappeda")
    rina.get_by_role("button", name="Gabung").click()
    expect(rina.get_by_text("Anda bergabung sebagai")).to_contain_text("Rina Kartikasari")

    # Participant 2 opens the URL the QR code encodes, and picks the OPD by keyboard.
    dewi = new_page(viewport={"width": 390, "height": 844})
    dewi.goto(qr_link)
    dewi.get_by_label("Nama Anda").fill("Dewi Lestari")
    dewi.get_by_label("Cari di daftar OPD").fill("komunikasi")
    dewi.get_by_label("Cari di daftar OPD").press("ArrowDown")
    dewi.keyboard.press("Enter")
    expect(dewi.get_by_text("Anda bergabung sebagai")).to_contain_text("Dewi Lestari")
    expect(dewi.locator("#conn-status")).to_have_text("Tersambung")

    # Without a reload, the facilitator sees both in the daftar hadir and the list.
    expect(facilitator.locator("#attendance-table tfoot td.total").first).to_have_text("2")
    expect(facilitator.locator('#attendance-table td[data-opd="Bappeda"]').first).to_have_text("1")
    expect(facilitator.locator('#attendance-table td[data-opd="Diskominfo"]').first).to_have_text(
        "1"
    )
    expect(facilitator.locator("#people-table")).to_contain_text("Rina Kartikasari")
    expect(facilitator.locator("#people-table")).to_contain_text("Dewi Lestari")

    # Rina comes back on the same phone (e.g. on day 3): straight in, no second row.
    rina.goto(qr_link)
    expect(rina).to_have_url(re.compile(r"/w$"))
    facilitator.reload()
    expect(facilitator.locator("#people-count")).to_have_text("2")
