"""Issue 15: the agenda editor's notulen fields (pimpinan, narasumber, notulis) with
JavaScript, their field errors, and the workshop page's document settings."""

import os

from playwright.sync_api import expect

from tests.e2e.test_agenda_page import make_workshop
from tests.e2e.test_live import login

# Where the screenshots of this test go when SCREENSHOTS is set (looked at by a person).
SHOTS = os.environ.get("SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name))


def test_agenda_notulen_fields_and_document_settings(server, new_page):
    workshop, budi = make_workshop(server)
    wid = workshop["id"]
    page = new_page(viewport={"width": 1280, "height": 900})
    login(page, server, "sari")
    page.goto(f"{server.url}/workshops/{wid}/agenda")
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    first = page.locator("#day-1 .agenda-session").first
    sid = first.get_attribute("data-id")
    first.locator(".agenda-edit > summary").click()
    form = first.locator("form[data-action=edit]")
    form.get_by_label("Pimpinan/moderator").fill("Kepala Bappeda Kota Bogor")
    form.get_by_label("Narasumber").fill("Tim Kemkominfo")
    # Longer than allowed (the input's maxlength stops typing; a script may not).
    form.get_by_label("Notulis").evaluate("el => { el.removeAttribute('maxlength'); }")
    form.get_by_label("Notulis").fill("x" * 121)
    form.get_by_role("button", name="Simpan").click()
    error = form.locator(".error")
    expect(error).to_contain_text("120")
    expect(form.get_by_label("Notulis")).to_have_attribute("aria-invalid", "true")
    shot(page, "agenda-notulen-error-1280.png")
    assert server.api("GET", f"/sessions/{sid}", budi).json()["chair"] == ""
    form.get_by_label("Notulis").fill("Rina (Bappeda)")
    form.get_by_role("button", name="Simpan").click()
    expect(page.locator("#agenda-message")).to_contain_text("Sesi disimpan")
    session = server.api("GET", f"/sessions/{sid}", budi).json()
    assert (session["chair"], session["speakers"], session["minute_taker"]) == (
        "Kepala Bappeda Kota Bogor",
        "Tim Kemkominfo",
        "Rina (Bappeda)",
    )

    page.goto(f"{server.url}/workshops/{wid}")
    settings = page.locator("#doc-settings")
    settings.get_by_label("Zona waktu").select_option("WITA")
    settings.get_by_label("Periode perencanaan dari (tahun)").fill("2018")
    settings.get_by_label("Periode perencanaan sampai (tahun)").fill("2030")
    settings.get_by_role("button", name="Simpan").click()
    expect(page.locator("#doc-settings .error")).to_contain_text("paling lama 10 tahun")
    shot(page.locator("#doc-settings"), "workshop-doc-settings-error-1280.png")
    page.locator("#doc-settings").get_by_label("Periode perencanaan sampai (tahun)").fill("2022")
    page.locator("#doc-settings").get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Pengaturan dokumen disimpan.")).to_be_visible()
    body = server.api("GET", f"/workshops/{wid}", budi).json()
    assert (body["timezone"], body["period_start"], body["period_end"]) == ("WITA", 2018, 2022)

    phone = new_page(viewport={"width": 360, "height": 640})
    login(phone, server, "sari")
    phone.goto(f"{server.url}/workshops/{wid}/agenda")
    edit = phone.locator("#day-1 .agenda-session").first.locator(".agenda-edit")
    edit.locator("summary").click()
    edit.get_by_label("Pimpinan/moderator").scroll_into_view_if_needed()
    shot(phone, "agenda-notulen-360.png")
