"""The notes editor: "Simpan" starts a fresh note; a saved note changes kind only when asked."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_console import hall, open_console


def test_saving_starts_a_new_note_and_a_kind_change_is_confirmed(server, new_page):
    workshop, session, _poll, budi = hall(server)
    page = open_console(new_page, server, workshop)
    notes = page.locator("#note-list li.note")
    editing = page.locator("#note-editing")
    kind = page.get_by_label("Jenis", exact=True)
    text = page.get_by_label("Teks", exact=True)

    # A decision, saved with "Simpan": the editor is a fresh note, the decision is in the list.
    kind.select_option(label="Keputusan")
    text.fill("Perizinan online jadi quick win")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(notes).to_have_count(1)
    expect(notes.first.locator(".note-kind")).to_have_text("Keputusan")
    expect(editing).to_have_text("Catatan baru")
    expect(text).to_have_value("")
    expect(kind).to_have_value("note")
    expect(page.locator("#note-status")).to_contain_text("Tersimpan")

    # What is typed next is another note; the decision stays as it was.
    kind.select_option(label="Tindak lanjut")
    text.fill("Diskominfo menyiapkan server")
    expect(notes).to_have_count(2)
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(editing).to_have_text("Catatan baru")
    listed = server.api("GET", f"/sessions/{session['id']}/notes", budi).json()["items"]
    assert [(n["kind"], n["body"]) for n in listed] == [
        ("decision", "Perizinan online jadi quick win"),
        ("action", "Diskominfo menyiapkan server"),
    ]

    # "Ubah" opens the decision; changing its kind asks first, inline.
    notes.first.get_by_role("link", name="Ubah").click()
    expect(editing).to_have_text("Mengubah catatan tersimpan")
    expect(kind).to_have_value("decision")
    confirm = page.locator("#note-kind-confirm")
    expect(confirm).to_be_hidden()
    kind.select_option(label="Tindak lanjut")
    expect(confirm).to_be_visible()
    expect(confirm).to_have_attribute("role", "group")
    expect(confirm).to_contain_text(
        "Catatan ini sudah tersimpan sebagai Keputusan. Ubah menjadi Tindak lanjut?"
    )
    yes = page.get_by_role("button", name="Ya, ubah jenisnya")
    expect(yes).to_be_focused()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#console-notes").screenshot(path=str(ARTIFACTS / "notes-kind-confirm.png"))

    # Cancelling (button, then Escape from the keyboard) puts the kind back; nothing is saved.
    page.get_by_role("button", name="Batal, jenis tetap").click()
    expect(confirm).to_be_hidden()
    expect(kind).to_have_value("decision")
    expect(kind).to_be_focused()
    kind.select_option(label="Catatan")
    expect(yes).to_be_focused()
    page.keyboard.press("Escape")
    expect(confirm).to_be_hidden()
    expect(kind).to_have_value("decision")
    expect(notes.first.locator(".note-kind")).to_have_text("Keputusan")
    first = listed[0]["id"]
    assert _kind(server, session, budi, first) == "decision"

    # Confirmed from the keyboard: the note becomes an action item, saved.
    kind.select_option(label="Tindak lanjut")
    expect(yes).to_be_focused()
    page.keyboard.press("Enter")
    expect(confirm).to_be_hidden()
    expect(kind).to_have_value("action")
    expect(notes.first.locator(".note-kind")).to_have_text("Tindak lanjut")
    expect(page.locator("#note-status")).to_have_text(re.compile(r"^Tersimpan \d\d\.\d\d$"))
    assert _kind(server, session, budi, first) == "action"


def _kind(server, session, token, note_id):
    items = server.api("GET", f"/sessions/{session['id']}/notes", token).json()["items"]
    return next(n["kind"] for n in items if n["id"] == note_id)
