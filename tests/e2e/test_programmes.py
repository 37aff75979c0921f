"""Issue 15 in the browser: a participant sends a programme (supporting OPDs, years,
indicators) from a 360×640 phone, by keyboard and by label, with and without JavaScript; a
facilitator promotes an issue, edits a programme's fields and marks a quick win on the wall;
the priorities page."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.test_live import login
from tests.e2e.test_phone_ergonomics import small_text
from tests.e2e.test_wall import card, join, make_workshop, open_wall

SMALL = {"viewport": {"width": 360, "height": 640}}
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "programmes"


def sessions_by_purpose(server, workshop, token):
    items = server.api("GET", f"/workshops/{workshop['id']}/sessions", token).json()["items"]
    return {(s["kind"], s["purpose"]): s for s in items}


def opd_ids(server, workshop, token):
    items = server.api("GET", f"/workshops/{workshop['id']}/opds", token).json()["items"]
    return {o["code"]: o["id"] for o in items}


def phone(new_page, server, device_token, path, **context):
    page = new_page(**SMALL, **context)
    page.context.add_cookies([{"name": "rembuk_device", "value": device_token, "url": server.url}])
    page.goto(server.url + path)
    return page


def test_a_programme_from_a_phone(server, new_page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    workshop, budi = make_workshop(server)
    programs = sessions_by_purpose(server, workshop, budi)[("ideas", "programs")]
    opened = server.api(
        "PATCH",
        f"/sessions/{programs['id']}",
        budi,
        json={"status": "open", "program_fields": True},
    )
    assert opened.status_code == 200 and opened.json()["program_fields"] is True
    rina = join(server, workshop, budi, "Rina Kartikasari", "Bappeda")
    opds = opd_ids(server, workshop, budi)

    page = phone(new_page, server, rina, f"/w/s/{programs['id']}")
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    details = page.get_by_role("group", name="Rincian program")
    expect(details).to_be_visible()
    page.get_by_label("Judul").fill("Perizinan online satu pintu")
    page.get_by_text("Tata Kelola Cerdas", exact=True).click()
    # Keyboard: from the start year, Tab reaches the end year.
    page.get_by_label("Tahun mulai").fill("2026")
    page.keyboard.press("Tab")
    page.keyboard.type("2028")
    expect(page.get_by_label("Tahun selesai")).to_have_value("2028")
    page.get_by_role("checkbox", name=re.compile("^Diskominfo")).check()
    first = page.get_by_role("group", name="Indikator 1")
    first.get_by_label("Nama").fill("Izin terbit online")
    first.get_by_label("Satuan").fill("%")
    first.get_by_label("Baseline").fill("35")
    first.get_by_label("Target").fill("95")
    page.get_by_role("button", name="Tambah indikator").click()
    third = page.get_by_role("group", name="Indikator 3")
    expect(third.get_by_label("Nama")).to_be_focused()
    third.get_by_label("Nama").fill("Waktu layanan")
    third.get_by_label("Target").fill("3 hari")
    assert small_text(page) == []
    page.screenshot(path=str(SHOTS / "participant-form-360.png"), full_page=True)
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.locator("#mine-list .idea-card")).to_have_count(1)
    expect(page.locator("#mine-list .idea-state-text")).to_have_text("Terkirim")

    items = server.api("GET", f"/sessions/{programs['id']}/ideas", budi).json()["items"]
    assert len(items) == 1
    idea = items[0]
    assert idea["code"] == "SG-01"
    assert (idea["year_start"], idea["year_end"]) == (2026, 2028)
    assert idea["supporting_opd_ids"] == [opds["Diskominfo"]]
    assert idea["indicators"] == [
        {"name": "Izin terbit online", "unit": "%", "baseline": "35", "target": "95"},
        {"name": "Waktu layanan", "unit": "", "baseline": "", "target": "3 hari"},
    ]

    # The facilitator switches the fields off: the form follows without a reload.
    server.api("PATCH", f"/sessions/{programs['id']}", budi, json={"program_fields": False})
    expect(details).to_be_hidden()
    server.api("PATCH", f"/sessions/{programs['id']}", budi, json={"program_fields": True})
    expect(details).to_be_visible()

    # Without JavaScript: a wrong year comes back beside its field, nothing is stored.
    plain = phone(new_page, server, rina, f"/w/s/{programs['id']}", java_script_enabled=False)
    plain.get_by_label("Judul").fill("Bank sampah digital")
    plain.get_by_label("Kehidupan Cerdas").check()
    plain.get_by_label("Tahun mulai").fill("2029")
    plain.get_by_label("Tahun selesai").fill("2027")
    plain.get_by_role("group", name="Indikator 1").get_by_label("Nama").fill("Bank sampah tercatat")
    plain.get_by_role("button", name="Kirim usulan").click()
    expect(plain.locator("#year_end-error")).to_have_text(
        "Tahun selesai tidak boleh sebelum tahun mulai."
    )
    expect(plain.get_by_label("Tahun selesai")).to_have_attribute("aria-invalid", "true")
    expect(plain.locator("#indicators-error")).to_contain_text("Indikator 1: tulis targetnya.")
    plain.screenshot(path=str(SHOTS / "participant-errors-nojs-360.png"), full_page=True)
    assert len(server.api("GET", f"/sessions/{programs['id']}/ideas", budi).json()["items"]) == 1
    plain.get_by_label("Tahun selesai").fill("2030")
    plain.get_by_role("group", name="Indikator 1").get_by_label("Target").fill("150")
    plain.get_by_role("button", name="Kirim usulan").click()
    expect(plain.get_by_text("Usulan terkirim: Bank sampah digital")).to_be_visible()
    items = server.api("GET", f"/sessions/{programs['id']}/ideas", budi).json()["items"]
    second = next(i for i in items if i["title"] == "Bank sampah digital")
    assert (second["code"], second["year_end"]) == ("SL-01", 2030)
    assert second["indicators"][0]["target"] == "150"


def test_promote_edit_and_mark_a_quick_win_on_the_wall(server, new_page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    workshop, budi = make_workshop(server)
    purposes = sessions_by_purpose(server, workshop, budi)
    issues, programs = purposes[("ideas", "issues")], purposes[("ideas", "programs")]
    issue = server.api(
        "POST",
        f"/sessions/{issues['id']}/ideas",
        budi,
        json={"title": "Antrean online puskesmas", "dimension": "living", "client_id": "i1"},
    ).json()

    page = new_page(viewport={"width": 1280, "height": 900})
    login(page, server, "sari")
    open_wall(page, server, workshop, issues)
    card(page, "Antrean online puskesmas").get_by_role(
        "link", name=re.compile("^Jadikan program")
    ).click()
    tool = page.locator(f"#idea-{issue['id']}-tool")
    tool.get_by_label("Programmes session").or_(tool.get_by_label("Sesi program")).select_option(
        str(programs["id"])
    )
    tool.get_by_role("button", name="Salin ke sesi program").click()
    expect(page.locator("#wall-message")).to_have_text(
        "“Antrean online puskesmas” kini menjadi program SL-01."
    )

    open_wall(page, server, workshop, programs)
    programme = card(page, "Antrean online puskesmas")
    expect(programme.locator('[data-ref="code"]')).to_have_text("SL-01")
    expect(programme.locator('[data-ref="promoted"]')).to_have_text(f"#{issue['id']}")
    # Programme details by keyboard: the tool opens with the start year focused.
    programme.get_by_role("link", name=re.compile("^Rincian program")).press("Enter")
    expect(programme.get_by_label("Tahun mulai")).to_be_focused()
    page.keyboard.type("2026")
    programme.get_by_label("Tahun selesai").fill("2026")
    programme.get_by_role("checkbox", name=re.compile("^Diskominfo")).check()
    row = programme.get_by_role("group", name="Indikator 1")
    row.get_by_label("Nama").fill("Puskesmas dengan antrean online")
    row.get_by_label("Target").fill("25")
    programme.get_by_role("button", name="Simpan", exact=True).click()
    expect(programme.locator('[data-ref="years"]')).to_have_text("2026")
    expect(programme.locator('[data-ref="supporting"]')).to_have_text("Diskominfo")
    expect(programme.locator('[data-ref="indicators"]')).to_have_text(
        "Puskesmas dengan antrean online: 25"
    )

    # Quick win: a reason is required; then the mark shows on the card.
    programme.get_by_role("link", name=re.compile("^Quick win")).click()
    reason = programme.get_by_label("Alasan menjadi quick win")
    expect(reason).to_be_focused()
    programme.get_by_role("button", name="Tandai sebagai quick win").click()
    expect(reason).to_have_attribute("aria-invalid", "true")
    reason.fill("Dampak langsung, biaya kecil, tiga puskesmas siap.")
    programme.get_by_role("button", name="Tandai sebagai quick win").click()
    mark = programme.locator('[data-ref="quick-win"]')
    expect(mark).to_be_visible()
    expect(mark).to_contain_text("Dampak langsung, biaya kecil")
    page.screenshot(path=str(SHOTS / "wall-quick-win-1280.png"), full_page=True)
    got = server.api("GET", f"/workshops/{workshop['id']}/quick-wins", budi).json()["items"]
    assert [(q["code"], q["reason"]) for q in got] == [
        ("SL-01", "Dampak langsung, biaya kecil, tiga puskesmas siap.")
    ]
    # Another facilitator's wall shows it live; unmarking takes it away.
    other = new_page(viewport={"width": 1280, "height": 900})
    login(other, server, "budi")
    open_wall(other, server, workshop, programs)
    seen = card(other, "Antrean online puskesmas").locator('[data-ref="quick-win"]')
    expect(seen).to_be_visible()
    programme.get_by_role("link", name=re.compile("^Quick win")).click()
    programme.get_by_role("button", name="Batalkan quick win").click()
    expect(mark).to_be_hidden()
    expect(seen).to_be_hidden()
    assert server.api("GET", f"/workshops/{workshop['id']}/quick-wins", budi).json()["items"] == []


def test_the_offline_outbox_carries_the_programme_fields(server, new_page):
    workshop, budi = make_workshop(server)
    programs = sessions_by_purpose(server, workshop, budi)[("ideas", "programs")]
    server.api(
        "PATCH",
        f"/sessions/{programs['id']}",
        budi,
        json={"status": "open", "program_fields": True},
    )
    rina = join(server, workshop, budi, "Rina Kartikasari", "Bappeda")
    opds = opd_ids(server, workshop, budi)
    page = phone(new_page, server, rina, f"/w/s/{programs['id']}")
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    page.context.set_offline(True)
    page.get_by_label("Judul").fill("Bank sampah digital")
    page.get_by_role("radio", name="Lingkungan Cerdas").check()
    page.get_by_label("Tahun mulai").fill("2027")
    page.get_by_label("Tahun selesai").fill("2027")
    page.get_by_role("checkbox", name=re.compile("^DLH")).check()
    row = page.get_by_role("group", name="Indikator 1")
    row.get_by_label("Nama").fill("Bank sampah tercatat")
    row.get_by_label("Target").fill("150")
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.locator("#conn-status")).to_have_text("Luring — 1 menunggu")
    expect(page.get_by_label("Tahun mulai")).to_have_value("")  # ready for the next one
    assert server.api("GET", f"/sessions/{programs['id']}/ideas", budi).json()["items"] == []
    page.context.set_offline(False)
    sent = page.locator("#mine-list .idea-state[data-state='sent']")
    expect(sent).to_have_count(1, timeout=20_000)
    idea = server.api("GET", f"/sessions/{programs['id']}/ideas", budi).json()["items"][0]
    assert (idea["code"], idea["year_start"], idea["year_end"]) == ("SEN-01", 2027, 2027)
    assert idea["supporting_opd_ids"] == [opds["DLH"]]
    assert idea["indicators"] == [
        {"name": "Bank sampah tercatat", "unit": "", "baseline": "", "target": "150"}
    ]
