"""Duplicates and denominators (issue 16 item 7): "Saya sudah bergabung" links a second device
to the person with a code from the first; facilitators see likely duplicates (same name and
OPD) and merge them in one click; turnout is counted against who is present today and says so
on the console, the projector and the phones."""

import datetime
import re
import sqlite3

from playwright.sync_api import expect

from tests.e2e.test_follow import PHONE, SHOTS, SMALL, Room
from tests.e2e.test_live import login


def join_by_hand(page, server, code, name, opd_search):
    page.goto(f"{server.url}/j/{code}")
    page.get_by_label("Nama Anda").fill(name)
    page.get_by_label("Cari di daftar OPD").fill(opd_search)
    page.get_by_role("button", name="Gabung", exact=True).click()
    expect(page.get_by_text("Anda bergabung sebagai")).to_contain_text(name)


def test_saya_sudah_bergabung_links_the_second_device(server, new_page):
    room = Room(server)
    phone = new_page(**PHONE)
    join_by_hand(phone, server, room.workshop["code"], "Rina Kartikasari", "bappeda")
    phone.get_by_role("region", name="Tambah perangkat lain").get_by_role(
        "button", name="Tampilkan kode tautan"
    ).click()
    code = phone.locator("#link-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{4} [A-Z2-9]{4}$"))

    laptop = new_page(**SMALL)
    laptop.goto(f"{server.url}/j/{room.workshop['code']}")
    laptop.get_by_text("Saya sudah bergabung").click()
    expect(laptop.get_by_label("Kode tautan")).to_be_visible()
    laptop.get_by_label("Kode tautan").fill(code.inner_text())
    laptop.screenshot(path=f"{SHOTS}/join-link-360.png", full_page=True)
    laptop.get_by_role("button", name="Pakai kode tautan ini").click()
    expect(laptop.get_by_text("Anda bergabung sebagai")).to_contain_text("Rina Kartikasari")
    people = room.api("GET", f"/workshops/{room.workshop['id']}/participants")["items"]
    assert [p["name"] for p in people] == ["Rina Kartikasari"]


def test_facilitator_merges_a_likely_duplicate_in_one_click(server, new_page):
    room = Room(server)
    first = new_page(**PHONE)
    join_by_hand(first, server, room.workshop["code"], "Rina Kartikasari", "bappeda")
    room.phone(new_page, "Dewi Lestari", "Diskominfo")
    room.phone(new_page, "Rina Kartikasari", "Dinkes")  # same name, another OPD: not a duplicate

    facilitator = new_page(viewport={"width": 1366, "height": 768})
    login(facilitator, server, "sari")
    facilitator.goto(f"{server.url}/workshops/{room.workshop['id']}/participants")
    expect(facilitator.locator("#conn-status")).to_have_text("Tersambung")
    panel = facilitator.locator("#duplicates-panel")
    expect(panel).to_be_hidden()

    # The same person joins again from a fresh browser, typing the name a little differently.
    again = new_page(**PHONE)
    join_by_hand(again, server, room.workshop["code"], "rina  kartikasari.", "bappeda")
    expect(panel).to_be_visible()
    expect(facilitator.locator("#duplicates-count")).to_have_text("1")
    group = panel.locator(".duplicate-group")
    expect(group.locator("li[data-id]")).to_have_count(2)
    expect(group).to_contain_text("dipertahankan")
    expect(facilitator.locator("#people-count")).to_have_text("4")
    facilitator.screenshot(path=f"{SHOTS}/duplicates-1366.png")

    asked = []
    facilitator.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    group.get_by_role("button", name="Gabungkan ke data yang dipertahankan").click()
    expect(facilitator.locator("#people-count")).to_have_text("3")
    expect(panel).to_be_hidden()
    assert asked
    # The record kept is the one seen last: the fresh browser stays in, the old one is out.
    again.goto(server.url + "/w")
    expect(again.get_by_text("Anda bergabung sebagai")).to_contain_text("rina  kartikasari.")
    first.goto(server.url + "/w")
    expect(first).to_have_url(re.compile(r"/join$"))


def test_turnout_counts_who_is_present_today(server, new_page):
    room = Room(server)
    poll = room.open(room.poll("Prioritas program", method="approval"))
    phones = [
        room.phone(new_page, name, opd, path=f"/w/p/{poll['id']}")
        for name, opd in [("Rina", "Bappeda"), ("Dewi", "Diskominfo"), ("Ahmad", "Dinkes")]
    ]
    # Ahmad joined on an earlier day and is not here today (the daftar hadir says so).
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    with sqlite3.connect(server.env["WORKSHOP_DATABASE"]) as db:
        changed = db.execute(
            "UPDATE attendance SET on_date = ? WHERE participant_id ="
            " (SELECT id FROM participants WHERE name = 'Ahmad')",
            [yesterday],
        ).rowcount
    assert changed == 1

    phones[0].get_by_role("switch", name="Wifi taman").check()
    phones[0].locator("#ballot-send").click()
    expect(phones[0].locator("#ballot-status")).to_contain_text("Suara tersimpan")
    words = "1 dari 2 peserta yang hadir hari ini memilih"
    expect(phones[1].locator("#results .turnout")).to_have_text(words)

    room.api(
        "PUT",
        f"/workshops/{room.workshop['id']}/display",
        json={"view": "results", "poll_id": poll["id"]},
    )
    screen = new_page(viewport={"width": 1920, "height": 1080})
    screen.goto(f"{server.url}/projector/{room.workshop['projector_key']}")
    expect(screen.locator(".turnout")).to_have_text(words)
    screen.screenshot(path=f"{SHOTS}/turnout-projector-1920.png")

    console = new_page(viewport={"width": 1366, "height": 768})
    login(console, server, "sari")
    console.goto(f"{server.url}/workshops/{room.workshop['id']}/console")
    expect(console.locator("#console-results .turnout")).to_have_text(words)
    phones[1].screenshot(path=f"{SHOTS}/turnout-phone-390.png", full_page=True)
    results = room.api("GET", f"/polls/{poll['id']}/results")
    assert (results["voters"], results["present"], results["eligible"]) == (1, 2, 3)
