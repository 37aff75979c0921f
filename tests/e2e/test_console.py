"""The console in the browser: driving the projector, notes between facilitators, the timer."""

import datetime
import re
import time
import uuid

from playwright.sync_api import expect

from tests.e2e.test_live import PASSWORD, login
from workshop.forms.console import TIMER_MAX_MINUTES

# The projector must follow a switch within this many milliseconds.
FOLLOW_MS = 1000


def hall(server):
    """Budi's workshop starting today, with Sari as co-facilitator, an open proposals session
    with two proposals and an open poll over them. Returns (workshop, session, poll, token)."""
    server.cli("facilitator", "add", "sari", "--password", PASSWORD)
    server.cli("facilitator", "add", "budi", "--password", PASSWORD)
    budi = server.token("budi", PASSWORD)
    workshop = server.api(
        "POST",
        "/workshops",
        budi,
        json={
            "title": "Bimtek Kota Bogor",
            "city": "Kota Bogor",
            "starts_on": datetime.date.today().isoformat(),
        },
    ).json()
    wid = workshop["id"]
    added = server.api("POST", f"/workshops/{wid}/facilitators", budi, json={"username": "sari"})
    assert added.status_code == 201
    days = server.api("GET", f"/workshops/{wid}/days", budi).json()["items"]
    session = next(s for s in days[0]["sessions"] if s["kind"] == "ideas")
    opened = server.api("PATCH", f"/sessions/{session['id']}", budi, json={"status": "open"})
    assert opened.status_code == 200
    opd = server.api("GET", f"/workshops/{wid}/opds", budi).json()["items"][0]
    joined = server.api(
        "POST", "/join", budi, json={"code": workshop["code"], "name": "Rina", "opd_id": opd["id"]}
    ).json()
    for title in ("Perizinan online satu pintu", "Wifi publik di taman"):
        created = server.api(
            "POST",
            f"/sessions/{session['id']}/ideas",
            joined["token"],
            json={"title": title, "dimension": "governance", "client_id": str(uuid.uuid4())},
        )
        assert created.status_code == 201
    poll = server.api(
        "POST",
        f"/sessions/{session['id']}/polls",
        budi,
        json={"title": "Prioritas", "method": "dots"},
    ).json()
    assert server.api("POST", f"/polls/{poll['id']}/open", budi).status_code == 200
    return workshop, session, poll, budi


def open_console(new_page, server, workshop, username="sari"):
    page = new_page(viewport={"width": 1280, "height": 800})
    login(page, server, username)
    page.goto(f"{server.url}/workshops/{workshop['id']}/console")
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    page.evaluate("window.notReloaded = true")
    return page


def open_projector(new_page, server, workshop):
    screen = new_page(viewport={"width": 1280, "height": 720})
    screen.goto(f"{server.url}/projector/{workshop['projector_key']}")
    expect(screen.locator("#conn-status")).to_have_attribute("data-state", "connected")
    return screen


def seconds(text):
    """'4:58' or '1:04:58' → seconds."""
    total = 0
    for part in text.strip().split(":"):
        total = total * 60 + int(part)
    return total


def test_the_projector_follows_every_view_chosen_on_the_console(server, new_page):
    workshop, session, poll, budi = hall(server)
    page = open_console(new_page, server, workshop)
    screen = open_projector(new_page, server, workshop)
    expect(screen.locator('section[data-view="join"]')).to_be_visible()
    display = page.locator("#display-form")

    # The open session and its open poll are selected: the wall and the results are theirs.
    expect(page.locator("#session-heading")).to_have_text(session["title"])
    expect(page.locator("#results-poll-title")).to_have_text("Prioritas")

    for button, view in [
        ("Dinding", "ideas"),
        ("Hasil", "results"),
        ("Pengatur waktu", "timer"),
        ("Agenda", "agenda"),
        ("Gabung", "join"),
    ]:
        display.get_by_role("button", name=button, exact=True).click()
        expect(screen.locator(f'section[data-view="{view}"]')).to_be_visible(timeout=FOLLOW_MS)
        expect(screen.locator("section.view:visible")).to_have_count(1)
        expect(display.get_by_role("button", name=button, exact=True)).to_have_attribute(
            "aria-pressed", "true"
        )
        if view == "ideas":
            expect(screen.locator("#ideas-title")).to_have_text(session["title"])
            expect(screen.locator(".wall-card")).to_have_count(2)
        if view == "results":
            expect(screen.locator("#results-title")).to_have_text("Prioritas")

    page.get_by_label("Pesan", exact=True).fill("Istirahat 15 menit")
    display.get_by_role("button", name="Tampilkan pesan", exact=True).click()
    expect(screen.locator('section[data-view="message"]')).to_be_visible(timeout=FOLLOW_MS)
    expect(screen.locator("#message-text")).to_have_text("Istirahat 15 menit")
    expect(page.locator("#display-now")).to_have_text("Di layar: Pesan — Istirahat 15 menit")

    # Another facilitator switches from a script: the console follows (highlight and words).
    switched = server.api(
        "PUT", f"/workshops/{workshop['id']}/display", budi, json={"view": "agenda"}
    )
    assert switched.status_code == 200
    expect(screen.locator('section[data-view="agenda"]')).to_be_visible(timeout=FOLLOW_MS)
    expect(display.get_by_role("button", name="Agenda", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(display.get_by_role("button", name="Tampilkan pesan", exact=True)).to_have_attribute(
        "aria-pressed", "false"
    )

    # A message without text is refused with a message that says what to do.
    page.get_by_label("Pesan", exact=True).fill("")
    display.get_by_role("button", name="Tampilkan pesan", exact=True).click()
    expect(display.get_by_text("Tulis pesan yang akan ditampilkan.")).to_be_visible()
    expect(screen.locator('section[data-view="agenda"]')).to_be_visible()
    assert page.evaluate("window.notReloaded") is True


def test_a_note_typed_by_one_facilitator_appears_for_the_other(server, new_page):
    workshop, session, _poll, _budi = hall(server)
    sari = open_console(new_page, server, workshop, "sari")
    budi = open_console(new_page, server, workshop, "budi")

    sari.get_by_label("Jenis").select_option(label="Keputusan")
    sari.get_by_label("Teks").fill("Quick win pertama: **perizinan online**")
    expect(sari.locator("#note-status")).to_have_text(re.compile(r"^Tersimpan \d\d\.\d\d$"))
    expect(sari.locator("#note-preview strong")).to_have_text("perizinan online")

    note = budi.locator("#note-list li.note")
    expect(note).to_have_count(1)
    expect(note.locator(".note-kind")).to_have_text("Keputusan")
    expect(note.locator(".note-html strong")).to_have_text("perizinan online")
    expect(budi.locator("#note-count")).to_have_text("1")

    # Sari keeps typing: Budi's list follows, still without a reload.
    sari.get_by_label("Teks").press("End")
    sari.get_by_label("Teks").type(" dan pengaduan")
    expect(note.locator(".note-html")).to_contain_text("perizinan online dan pengaduan")

    # Budi opens the note in his editor: later changes by Sari show up there too.
    note.get_by_role("link", name="Ubah").click()
    expect(budi.get_by_label("Teks")).to_have_value(
        "Quick win pertama: **perizinan online** dan pengaduan"
    )
    budi.get_by_role("heading", name="Notulensi").click()  # focus away from the text
    sari.get_by_label("Teks").type(" warga")
    expect(budi.get_by_label("Teks")).to_have_value(
        "Quick win pertama: **perizinan online** dan pengaduan warga"
    )
    expect(budi.locator("#note-remote")).to_contain_text("Diubah oleh sari")

    # While Budi is in the text, a change by Sari never overwrites it: he is told instead.
    budi.get_by_label("Teks").focus()
    sari.get_by_label("Teks").type("!")
    expect(budi.locator("#note-remote")).to_contain_text("saat Anda mengetik")
    expect(sari.locator("#note-status")).to_have_text(re.compile(r"^Tersimpan"))
    expect(budi.get_by_label("Teks")).to_have_value(
        "Quick win pertama: **perizinan online** dan pengaduan warga"
    )
    # His text is saved after his pause (last writer wins, knowingly); Sari is told in turn.
    budi.get_by_label("Teks").press("End")
    budi.get_by_label("Teks").type(" (Budi)")
    expect(budi.locator("#note-status")).to_have_text(re.compile(r"^Tersimpan"))
    expect(sari.locator("#note-list li.note .note-html")).to_contain_text("warga (Budi)")
    expect(sari.locator("#note-remote")).to_contain_text("Diubah oleh budi")
    expect(sari.get_by_label("Teks")).to_have_value(
        "Quick win pertama: **perizinan online** dan pengaduan warga!"
    )
    assert sari.evaluate("window.notReloaded") is True
    assert budi.evaluate("window.notReloaded") is True


def test_the_console_and_the_projector_count_down_together(server, new_page):
    workshop, _session, _poll, _budi = hall(server)
    page = open_console(new_page, server, workshop)
    screen = open_projector(new_page, server, workshop)
    page.locator("#display-form").get_by_role("button", name="Pengatur waktu").click()
    expect(screen.locator('section[data-view="timer"]')).to_be_visible(timeout=FOLLOW_MS)
    console_digits = page.locator("#timer-digits")
    screen_digits = screen.locator("#timer-digits")

    def both():
        return seconds(console_digits.inner_text()), seconds(screen_digits.inner_text())

    page.get_by_label("Durasi (menit)").fill("5")
    page.get_by_role("button", name="Mulai").click()
    expect(page.locator("#timer-state")).to_have_text("Berjalan")
    expect(screen_digits).to_have_text(re.compile(r"^(5:00|4:5\d)$"), timeout=FOLLOW_MS)
    mine, theirs = both()
    assert 290 <= mine <= 300 and abs(mine - theirs) <= 1

    page.get_by_role("button", name="+1 menit").click()
    expect(console_digits).to_have_text(re.compile(r"^(6:00|5:5\d)$"))
    expect(screen_digits).to_have_text(re.compile(r"^(6:00|5:5\d)$"), timeout=FOLLOW_MS)
    added, theirs = both()
    assert added >= mine + 57 and abs(added - theirs) <= 1

    page.get_by_role("button", name="Jeda").click()
    expect(page.locator("#timer-state")).to_have_text("Dijeda")
    expect(screen_digits).to_have_class(re.compile(r"\bpaused\b"), timeout=FOLLOW_MS)
    frozen = both()
    time.sleep(1.6)
    assert both() == frozen
    assert abs(frozen[0] - frozen[1]) <= 1
    expect(page.get_by_role("button", name="Jeda")).to_be_disabled()

    page.get_by_role("button", name="Lanjutkan").click()
    expect(page.locator("#timer-state")).to_have_text("Berjalan")
    expect(console_digits).not_to_have_text(console_digits.inner_text(), timeout=2500)
    page.get_by_role("button", name="Hentikan").click()
    expect(console_digits).to_have_text("0:00")
    expect(screen_digits).to_have_text("0:00", timeout=FOLLOW_MS)
    assert page.evaluate("window.notReloaded") is True


def test_bad_minutes_are_refused_beside_the_field(server, new_page):
    workshop, _session, _poll, _budi = hall(server)
    page = open_console(new_page, server, workshop)
    minutes = page.get_by_label("Durasi (menit)")
    minutes.fill("0")
    page.get_by_role("button", name="Mulai").click()
    message = page.locator("#timer-form p.error")
    expect(message).to_have_text(f"Isi menit dalam bilangan bulat, 1 sampai {TIMER_MAX_MINUTES}.")
    expect(minutes).to_have_attribute("aria-invalid", "true")
    expect(minutes).to_be_focused()
    expect(page.locator("#timer-state")).to_have_text("Berhenti")
    minutes.fill("3")
    page.get_by_role("button", name="Mulai").click()
    expect(page.locator("#timer-state")).to_have_text("Berjalan")
    expect(message).to_have_count(0)
    expect(minutes).not_to_have_attribute("aria-invalid", "true")
    assert page.evaluate("window.notReloaded") is True


def test_choosing_sessions_and_following_the_room_without_a_reload(server, new_page):
    workshop, session, poll, budi = hall(server)
    page = open_console(new_page, server, workshop)
    agenda = page.locator("#console-agenda")
    first = server.api("GET", f"/workshops/{workshop['id']}/days", budi).json()["items"][0]
    other = first["sessions"][0]

    # Another session, chosen in the timeline: the centre and the notes follow, the URL too.
    agenda.get_by_role("link", name=re.compile(re.escape(other["title"]))).click()
    expect(page.locator("#session-heading")).to_have_text(other["title"])
    expect(page).to_have_url(re.compile(rf"\?session={other['id']}$"))
    expect(agenda.locator('a[aria-current="true"]')).to_contain_text(other["title"])
    expect(page.locator("#console-ideas")).to_contain_text("Belum ada usulan pada sesi ini.")
    agenda.get_by_role("link", name=re.compile(re.escape(session["title"]))).click()
    expect(page.locator("#session-heading")).to_have_text(session["title"])
    expect(page.locator(".console-idea")).to_have_count(2)

    # A participant connects and sends a proposal: the count and the list follow.
    opd = server.api("GET", f"/workshops/{workshop['id']}/opds", budi).json()["items"][1]
    joined = server.api(
        "POST", "/join", budi, json={"code": workshop["code"], "name": "Dewi", "opd_id": opd["id"]}
    ).json()
    phone = new_page(viewport={"width": 390, "height": 844})
    phone.context.add_cookies(
        [{"name": "rembuk_device", "value": joined["token"], "url": server.url}]
    )
    phone.goto(f"{server.url}/w")
    expect(phone.locator("#conn-status")).to_have_text("Tersambung")
    expect(page.locator("#presence-count")).to_have_text("1")
    created = server.api(
        "POST",
        f"/sessions/{session['id']}/ideas",
        joined["token"],
        json={"title": "Bank sampah digital", "dimension": "environment", "client_id": "b-1"},
    )
    assert created.status_code == 201
    newest = page.locator(".console-idea").first
    expect(newest).to_contain_text("Bank sampah digital")
    expect(page.locator("#console-ideas .console-counts")).to_contain_text("Tampil 3")

    # Hide it from the console; the counts follow.
    newest.get_by_role("button", name=re.compile("Sembunyikan")).click()
    expect(page.locator("#console-ideas .console-counts")).to_contain_text("Disembunyikan 1")
    expect(page.locator(".console-idea").first).to_have_attribute("data-status", "hidden")

    # Close the open poll, start a new one from the quick form, open it, watch a vote arrive.
    page.get_by_role("button", name=re.compile("Tutup pemungutan")).click()
    expect(page.locator(f'.console-poll[data-id="{poll["id"]}"]')).to_have_attribute(
        "data-status", "closed"
    )
    page.get_by_text("Pemungutan suara baru").click()
    page.get_by_label("Judul").fill("Pilihan akhir")
    page.get_by_label("Metode").select_option("approval")
    page.get_by_role("button", name="Buat draf").click()
    fresh = page.locator(".console-poll", has_text="Pilihan akhir")
    expect(fresh).to_have_attribute("aria-current", "true")
    expect(page.locator("#results-poll-title")).to_have_text("Pilihan akhir")
    fresh.get_by_role("button", name=re.compile("Buka pemungutan")).click()
    expect(fresh).to_have_attribute("data-status", "open")
    new_poll = server.api("GET", f"/polls/{fresh.get_attribute('data-id')}", budi).json()
    ballot = server.api(
        "PUT",
        f"/polls/{new_poll['id']}/ballot",
        joined["token"],
        json={"approve": [new_poll["idea_ids"][0]]},
    )
    assert ballot.status_code == 200
    expect(page.locator("#console-results .turnout")).to_have_text(
        "1 dari 2 peserta yang hadir hari ini memilih"
    )
    phone.close()
    expect(page.locator("#presence-count")).to_have_text("0")
    assert page.evaluate("window.notReloaded") is True


def test_the_long_results_choice_applies_at_once(server, new_page):
    """Choosing "top N" on the console changes the results the projector shows right away."""
    workshop, _session, _poll, budi = hall(server)
    page = open_console(new_page, server, workshop)
    screen = open_projector(new_page, server, workshop)
    expect(page.locator("#display-results-hint")).to_be_hidden()
    page.locator("#display-form").get_by_role("button", name="Hasil", exact=True).click()
    expect(screen.locator('section[data-view="results"]')).to_be_visible()
    page.fill("#display-top-n", "3")
    page.select_option("#display-results-mode", "top")
    shown = server.api("GET", f"/workshops/{workshop['id']}/display", budi).json()
    deadline = datetime.datetime.now() + datetime.timedelta(seconds=10)
    while shown["results_mode"] != "top" and datetime.datetime.now() < deadline:
        page.wait_for_timeout(200)
        shown = server.api("GET", f"/workshops/{workshop['id']}/display", budi).json()
    assert (shown["view"], shown["results_mode"], shown["top_n"]) == ("results", "top", 3)
