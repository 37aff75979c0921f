"""A facilitator takes the exports home from the workshop page, while the workshop runs."""

import io
import re

from docx import Document as read_docx
from playwright.sync_api import expect

from tests.e2e.test_live import PASSWORD, login


def test_export_menu_print_view_and_downloads(server, new_page, tmp_path):
    server.cli("facilitator", "add", "sari", "--password", PASSWORD)
    token = server.token("sari", PASSWORD)
    workshop = server.api(
        "POST",
        "/workshops",
        token,
        json={"title": "Bimtek Kota Bogor", "city": "Kota Bogor", "starts_on": "2017-08-01"},
    ).json()
    page = new_page(viewport={"width": 1280, "height": 800})
    login(page, server, "sari")
    page.goto(f"{server.url}/workshops/{workshop['id']}")
    menu = page.get_by_role("region", name="Ekspor")
    expect(menu).to_be_visible()

    with page.expect_download() as download:
        menu.get_by_role("link", name="DOCX (Word)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "draf-masterplan-kota-bogor-2017.docx"
    headings = [
        p.text
        for p in read_docx(io.BytesIO(saved.read_bytes())).paragraphs
        if p.style.name == "Heading 1"
    ]
    assert headings[0] == "1. Pendahuluan"

    with page.expect_download() as download:
        menu.get_by_role("link", name="XLSX (Excel)").click()
    assert download.value.suggested_filename == "data-kota-bogor-2017.xlsx"

    menu.get_by_role("link", name="Tampilan cetak").click()
    expect(page).to_have_url(re.compile(r"/masterplan$"))
    expect(page.get_by_role("heading", name="Draf Masterplan Smart City")).to_be_visible()
    expect(page.get_by_role("heading", name="5. Rencana Program dan Rencana Aksi")).to_be_visible()
    # The print view is styled by its own stylesheet (no inline styles under the CSP).
    colour = page.locator(".doc-title").evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(31, 95, 153)"
    page.get_by_role("link", name="← Kembali ke lokakarya").click()

    # Session summary through the form (no JavaScript needed): the print view of a session.
    choice = page.locator("#summary-session option", has_text="Usulan program").first
    page.get_by_label("Sesi", exact=True).select_option(choice.get_attribute("value"))
    page.get_by_role("button", name="Ambil ringkasan").click()
    expect(page.get_by_role("heading", name="Usulan program OPD per dimensi")).to_be_visible()
    expect(page.get_by_text("Tidak ada usulan yang dikumpulkan dalam sesi ini.")).to_be_visible()
