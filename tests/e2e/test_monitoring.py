"""Issue 17 in the browser: two OPD members report progress from their phones (390×844 and
360×640) and the Dewan Smart City dashboard follows live; the projector shows the dashboard
fitted at 1920×1080 and 1280×720; a viewer account reads the dashboard, never a report form."""

import datetime

from playwright.sync_api import expect

from tests.e2e.test_device_link import join
from tests.e2e.test_live import PASSWORD, login


def seed(server):
    """A workshop with one Bappeda programme and one overdue Diskominfo action item."""
    workshop, token = server.facilitator_workshop(PASSWORD)
    wid = workshop["id"]
    sessions = server.api("GET", f"/workshops/{wid}/sessions", token).json()["items"]
    programs = next(s for s in sessions if s.get("purpose") == "programs")
    r = server.api("PATCH", f"/sessions/{programs['id']}", token, json={"status": "open"})
    assert r.status_code == 200, r.text
    opds = {
        o["code"]: o["id"]
        for o in server.api("GET", f"/workshops/{wid}/opds", token).json()["items"]
    }
    author = server.api(
        "POST",
        "/join",
        None,
        json={"code": workshop["code"], "name": "Penulis", "opd_id": opds["Bappeda"]},
    ).json()["token"]
    idea = server.api(
        "POST",
        f"/sessions/{programs['id']}/ideas",
        author,
        json={
            "title": "Satu data Kota Bogor",
            "description": "Portal data terpadu",
            "dimension": "governance",
            "responsible_opd_id": opds["Bappeda"],
            "client_id": "seed-idea",
        },
    )
    assert idea.status_code == 201, idea.text
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    action = server.api(
        "POST",
        f"/sessions/{programs['id']}/notes",
        token,
        json={
            "kind": "action",
            "body": "Susun KAK aplikasi perizinan",
            "opd_id": opds["Diskominfo"],
            "due_on": yesterday,
        },
    )
    assert action.status_code == 201, action.text
    return workshop, token, idea.json(), action.json()


def report(page, item_id, percent, status_label, note, offline=False):
    """Open the item's report form (one tap), fill it by keyboard and send it."""
    item = page.locator(item_id)
    if item.locator("details.fu-report[open]").count() == 0:
        item.get_by_text("Laporkan kemajuan").click()
    # The slider answers the keyboard and moves the number with it.
    slider = item.get_by_role("slider", name="Persentase selesai")
    slider.focus()
    page.keyboard.press("End")
    expect(item.locator("input[type=number][name=percent]")).to_have_value("100")
    item.locator("input[type=number][name=percent]").fill(str(percent))
    expect(slider).to_have_value(str(percent))
    item.get_by_role("radio", name=status_label).check()
    item.get_by_label("Catatan").fill(note)
    item.get_by_label("Tautan bukti").fill("https://data.kotabogor.go.id/bukti")
    if offline:
        page.context.set_offline(True)
    item.get_by_role("button", name="Kirim laporan").click()
    if offline:
        # Kept on the device, said so, and sent by itself when the network is back.
        expect(item.locator("[data-fu-state]")).to_contain_text("disimpan di perangkat ini")
        page.context.set_offline(False)
    expect(item.locator("[data-fu-state]")).to_have_text("Laporan tersimpan.")
    expect(item.locator(".fu-latest")).to_contain_text(f"{percent}%")


def test_two_opds_report_from_phones_and_the_dashboard_follows(server, new_page):
    workshop, token, idea, action = seed(server)
    wid = workshop["id"]

    dewan = new_page(viewport={"width": 1280, "height": 800})
    login(dewan, server, "sari")
    dewan.goto(f"{server.url}/workshops/{wid}/dashboard")
    expect(dewan.locator("body[data-synced]")).to_have_count(1)
    expect(dewan.locator("#monev-report-count")).to_have_text("0")
    expect(dewan.locator("#monev-overdue")).to_contain_text("Susun KAK aplikasi perizinan")

    rina = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    join(rina, server, workshop["code"], "Rina", "bappeda")
    section = rina.locator("#followup")
    expect(section).to_contain_text("Tindak lanjut OPD saya")
    expect(section).to_contain_text("Satu data Kota Bogor")
    expect(section).not_to_contain_text("Susun KAK")  # another OPD's action
    report(rina, f"#fu-idea-{idea['id']}", 40, "Berjalan", "Portal uji coba")
    expect(dewan.locator("#monev-report-count")).to_have_text("1")
    expect(dewan.locator(f"tr[data-target='idea-{idea['id']}'] [data-percent]")).to_have_text("40%")

    ahmad = new_page(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    join(ahmad, server, workshop["code"], "Ahmad", "diskominfo")
    ahmad.goto(server.url + "/w/tindak-lanjut")
    item = ahmad.locator(f"#fu-note-{action['id']}")
    expect(item).to_contain_text("Terlambat")
    # Nothing on the narrow phone runs off the side.
    assert ahmad.evaluate("document.documentElement.scrollWidth") <= 360
    report(ahmad, f"#fu-note-{action['id']}", 100, "Selesai", "KAK selesai disusun", offline=True)
    expect(dewan.locator("#monev-report-count")).to_have_text("2")
    expect(dewan.locator("#monev-overdue")).not_to_contain_text("Susun KAK aplikasi perizinan")
    expect(dewan.locator(f"tr[data-target='note-{action['id']}'] [data-percent]")).to_have_text(
        "100%"
    )

    # The projector shows the dashboard, fitted, and follows a new report.
    r = server.api("PUT", f"/workshops/{wid}/display", token, json={"view": "dashboard"})
    assert r.status_code == 200 and r.json()["view"] == "dashboard", r.text
    for width, height in ((1920, 1080), (1280, 720)):
        wall = new_page(viewport={"width": width, "height": height})
        wall.goto(f"{server.url}/projector/{workshop['projector_key']}")
        box = wall.locator("#dash-box")
        expect(box).to_have_attribute("data-fits", "true")
        expect(box.locator("#monev-report-count")).to_have_text("2")
    report(rina, f"#fu-idea-{idea['id']}", 60, "Berjalan", "Portal dipakai tiga dinas")
    expect(box.locator("#monev-report-count")).to_have_text("3")
    expect(dewan.locator("#monev-report-count")).to_have_text("3")
