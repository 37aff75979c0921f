"""Participants send proposals from phones on a flaky hall Wi-Fi: nothing is lost or doubled."""

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.test_live import PASSWORD
from workshop.budget import parse_rupiah

PHONE = {"viewport": {"width": 390, "height": 844}}


@pytest.fixture
def hall(server):
    """A workshop starting today whose first proposals session is open."""
    workshop, token = server.facilitator_workshop(PASSWORD)
    sessions = server.api("GET", f"/workshops/{workshop['id']}/sessions", token).json()["items"]
    session = next(s for s in sessions if s["kind"] == "ideas")
    opened = server.api("PATCH", f"/sessions/{session['id']}", token, json={"status": "open"})
    assert opened.status_code == 200
    opds = server.api("GET", f"/workshops/{workshop['id']}/opds", token).json()["items"]
    return {
        "server": server,
        "token": token,
        "workshop": workshop,
        "session": session,
        "opd": {o["code"]: o["id"] for o in opds},
        "url": f"{server.url}/w/s/{session['id']}",
    }


def participant(hall, new_page, name, opd_code):
    """A phone that joined through POST /api/v1/join and carries the device cookie."""
    server = hall["server"]
    joined = requests.post(
        server.url + "/api/v1/join",
        json={"code": hall["workshop"]["code"], "name": name, "opd_id": hall["opd"][opd_code]},
        timeout=10,
    )
    assert joined.status_code == 201
    page = new_page(**PHONE)
    page.context.add_cookies(
        [{"name": "rembuk_device", "value": joined.json()["token"], "url": server.url}]
    )
    page.goto(hall["url"])
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    return page


def fill(page, title, dimension="Tata Kelola Cerdas", budget=None):
    page.get_by_label("Judul").fill(title)
    page.get_by_role("radio", name=dimension).check()
    if budget is not None:
        page.get_by_label("Perkiraan anggaran (Rp)").fill(budget)


def facilitator_ideas(hall):
    response = hall["server"].api("GET", f"/sessions/{hall['session']['id']}/ideas", hall["token"])
    assert response.status_code == 200
    return response.json()["items"]


def test_offline_proposals_arrive_once_when_the_network_returns(hall, new_page):
    rina = participant(hall, new_page, "Rina", "Bappeda")
    rina.context.set_offline(True)
    fill(rina, "Perizinan online satu pintu", budget="1,5 jt")
    expect(rina.locator("#budget-preview")).to_have_text("= Rp 1.500.000")
    rina.get_by_role("button", name="Kirim usulan").click()
    fill(rina, "Bank sampah digital", dimension="Lingkungan Cerdas")
    rina.get_by_role("button", name="Kirim usulan").click()

    expect(rina.locator("#conn-status")).to_have_text("Luring — 2 menunggu")
    expect(rina.locator("#queue-note")).to_have_text(
        "Koneksi terputus. Usulan Anda disimpan di perangkat ini dan akan terkirim otomatis."
    )
    mine = rina.locator("#mine-list .idea-card")
    expect(mine).to_have_count(2)
    expect(mine.locator(".idea-state[data-state='waiting']")).to_have_count(2)
    expect(rina.get_by_label("Judul")).to_have_value("")  # ready for the next one
    assert facilitator_ideas(hall) == []

    rina.context.set_offline(False)
    expect(mine.locator(".idea-state[data-state='sent']")).to_have_count(2, timeout=20_000)
    expect(mine.first.locator(".idea-state")).to_contain_text("Terkirim")
    expect(rina.locator("#conn-status")).to_have_text("Tersambung", timeout=20_000)
    expect(rina.locator("#queue-note")).to_be_hidden()
    ideas = facilitator_ideas(hall)
    assert sorted(i["title"] for i in ideas) == [
        "Bank sampah digital",
        "Perizinan online satu pintu",
    ]
    assert {i["budget_idr"] for i in ideas} == {1_500_000, None}
    assert all(i["author"]["name"] == "Rina" for i in ideas)

    # A reload (the outbox is empty now) sends nothing twice.
    rina.reload()
    expect(rina.locator("#mine-list .idea-card")).to_have_count(2)
    rina.wait_for_timeout(500)
    assert len(facilitator_ideas(hall)) == 2


def test_outbox_survives_a_reload(hall, new_page):
    rina = participant(hall, new_page, "Rina", "Bappeda")
    # The request never reaches the server: as if the Wi-Fi dropped mid-send.
    rina.route("**/api/v1/sessions/*/ideas", lambda route: route.abort("internetdisconnected"))
    fill(rina, "Satu data kota")
    rina.get_by_role("button", name="Kirim usulan").click()
    expect(rina.locator("#mine-list .idea-state[data-state='waiting']")).to_have_count(1)
    expect(rina.locator("#conn-status")).to_have_text("Luring — 1 menunggu")
    rina.unroute("**/api/v1/sessions/*/ideas")
    rina.reload()
    expect(rina.locator("#mine-list .idea-state[data-state='sent']")).to_have_count(1)
    assert [i["title"] for i in facilitator_ideas(hall)] == ["Satu data kota"]


def test_draft_survives_a_reload(hall, new_page):
    rina = participant(hall, new_page, "Rina", "Bappeda")
    fill(rina, "Aplikasi aduan warga", dimension="Masyarakat Cerdas", budget="2 M")
    rina.get_by_label("Elemen").select_option(label="Keamanan masyarakat")
    rina.get_by_label("Uraian").fill("Satu pintu untuk semua aduan.")
    expect(rina.locator("[data-counter-for='title']")).to_have_text("20 / 140")
    rina.reload()
    expect(rina.get_by_label("Judul")).to_have_value("Aplikasi aduan warga")
    expect(rina.get_by_role("radio", name="Masyarakat Cerdas")).to_be_checked()
    expect(rina.get_by_label("Elemen")).to_have_value("security")
    expect(rina.get_by_label("Uraian")).to_have_value("Satu pintu untuk semua aduan.")
    expect(rina.locator("#budget-preview")).to_have_text("= Rp 2.000.000.000")
    rina.get_by_role("button", name="Kirim usulan").click()
    expect(rina.locator("#mine-list .idea-state[data-state='sent']")).to_have_count(1)
    rina.reload()
    expect(rina.get_by_label("Judul")).to_have_value("")  # the draft went with the proposal
    [idea] = facilitator_ideas(hall)
    assert (idea["element"], idea["budget_idr"]) == ("security", 2_000_000_000)


def test_second_participant_sees_it_live_and_as_text(hall, new_page):
    rina = participant(hall, new_page, "Rina", "Bappeda")
    dewi = participant(hall, new_page, "Dewi", "Diskominfo")
    expect(dewi.locator("#proposal-wall .idea-card")).to_have_count(0)
    title = "<script>window.pwned = 1</script><b>Wi-Fi publik</b>"
    fill(rina, title, dimension="Kehidupan Cerdas")
    rina.get_by_role("button", name="Kirim usulan").click()

    card = dewi.locator("#proposal-wall .idea-card")
    expect(card).to_have_count(1)
    expect(card.locator(".idea-title")).to_have_text(title)
    expect(card.locator(".dim-chip")).to_have_text("Kehidupan Cerdas")
    expect(card.locator(".idea-author")).to_have_text("Oleh Rina (Bappeda)")
    assert dewi.evaluate("window.pwned") is None
    assert dewi.locator("#proposal-wall b").count() == 0
    # Rina's own card is marked on her wall; the filters count it.
    expect(rina.locator("#proposal-wall .idea-card .mine-mark")).to_have_count(1)
    chip = dewi.locator("[data-dimension-filter='living'] .count")
    expect(chip).to_have_text("1")
    dewi.locator("[data-dimension-filter='governance']").click()
    expect(dewi.locator("#proposal-wall .idea-card")).to_have_count(0)
    dewi.locator("[data-dimension-filter='']").click()
    expect(dewi.locator("#proposal-wall .idea-card")).to_have_count(1)

    # Withdrawing takes it off Dewi's wall without a reload.
    rina.locator("#mine-list .idea-withdraw summary").click()
    rina.get_by_role("button", name="Ya, tarik").click()
    expect(card).to_have_count(0)
    expect(rina.locator("#mine-list .idea-card")).to_have_count(0)


def test_edit_inline_and_closing_the_session(hall, new_page):
    rina = participant(hall, new_page, "Rina", "Bappeda")
    fill(rina, "Perizinan online")
    rina.get_by_role("button", name="Kirim usulan").click()
    card = rina.locator("#mine-list .idea-card")
    expect(card.locator(".idea-state[data-state='sent']")).to_have_count(1)
    card.get_by_role("link", name="Ubah").click()
    expect(card.get_by_label("Judul")).to_have_value("Perizinan online")
    card.get_by_label("Judul").fill("Perizinan online terpadu")
    card.get_by_role("button", name="Simpan perubahan").click()
    expect(card.locator(".idea-title")).to_have_text("Perizinan online terpadu")
    assert [i["title"] for i in facilitator_ideas(hall)] == ["Perizinan online terpadu"]

    # A typed title the server refuses comes back with its message.
    fill(rina, "")
    rina.get_by_role("button", name="Kirim usulan").click()
    expect(rina.locator("#title-error")).to_have_text("Judul wajib diisi (maks. 140 karakter).")

    # The facilitator closes collection: the form goes, the reason shows, live.
    rina.get_by_label("Judul").fill("Masih mengetik")
    closed = hall["server"].api(
        "PATCH", f"/sessions/{hall['session']['id']}", hall["token"], json={"status": "closed"}
    )
    assert closed.status_code == 200
    expect(rina.locator("#closed-note")).to_contain_text(
        "Pengumpulan usulan untuk sesi ini sudah ditutup."
    )
    expect(rina.locator("#proposal-form")).to_be_hidden()
    expect(rina.locator("#draft-copy-text")).to_have_text("Masih mengetik")
    expect(rina.locator("#session-status")).to_have_text("Ditutup")
    expect(card.get_by_role("link", name="Ubah")).to_have_count(0)


def test_a_queued_proposal_that_finds_the_session_closed_keeps_its_text(hall, new_page):
    rina = participant(hall, new_page, "Rina", "Bappeda")
    rina.context.set_offline(True)
    fill(rina, "Usulan yang terlambat")
    rina.get_by_role("button", name="Kirim usulan").click()
    expect(rina.locator("#conn-status")).to_have_text("Luring — 1 menunggu")
    hall["server"].api(
        "PATCH", f"/sessions/{hall['session']['id']}", hall["token"], json={"status": "closed"}
    )
    rina.context.set_offline(False)
    card = rina.locator("#mine-list .idea-card")
    expect(card.locator(".idea-state[data-state='closed']")).to_have_count(1, timeout=20_000)
    expect(card.locator(".idea-title")).to_have_text("Usulan yang terlambat")
    expect(card.locator(".idea-errors")).to_contain_text("Salin teksnya bila perlu")
    assert facilitator_ideas(hall) == []


RUPIAH_CASES = [
    "1.500.000",
    "1,5 jt",
    "2 M",
    "Rp 750 rb",
    "Rp1.250.000,00",
    "12 juta",
    "1,500,000",
    "2.5 jt",
    "3,25 M",
    "1.500 jt",
    "0,001 rb",
    "Rp. 5.",
    "IDR 10k",
    "1 T",
    "1000 T",
    "1001 T",
    "",
    "abc",
    "-5",
    "1,5",
    "1.50.000",
    "2 X",
    "1e6",
    "1,2.3,4",
    "1.500,5.0",
    ".5 jt",
    "1,05 rb",
    "9.999.999.999.999.999",
]


def test_the_budget_preview_reads_amounts_like_the_server(hall, new_page):
    rina = participant(hall, new_page, "Rina", "Bappeda")
    for text in RUPIAH_CASES:
        try:
            expected = parse_rupiah(text)
        except ValueError:
            expected = None
        assert rina.evaluate("t => window.Rembuk.parseRupiah(t)", text) == expected, text


def test_a_refused_queued_proposal_can_be_fixed_and_sent_again(hall, new_page):
    rina = participant(hall, new_page, "Rina", "Bappeda")
    refusal = {
        "error": {
            "code": "validation_failed",
            "message": "Beberapa isian perlu diperbaiki.",
            "fields": {"dimension": ["Pilih salah satu dimensi lokakarya ini."]},
        }
    }
    # As if the facilitator removed the dimension while the proposal waited offline.
    rina.route(
        "**/api/v1/sessions/*/ideas",
        lambda route: (
            route.fulfill(status=422, json=refusal)
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    fill(rina, "Satu data kota", dimension="Ekonomi Cerdas")
    rina.get_by_role("button", name="Kirim usulan").click()
    card = rina.locator("#mine-list .idea-card")
    expect(card.locator(".idea-state")).to_have_text("Perlu diperbaiki — belum terkirim")
    expect(card.locator(".idea-errors")).to_contain_text(
        "Dimensi: Pilih salah satu dimensi lokakarya ini."
    )
    rina.unroute("**/api/v1/sessions/*/ideas")
    card.get_by_role("button", name="Perbaiki dan kirim lagi").click()
    expect(card).to_have_count(0)
    expect(rina.get_by_label("Judul")).to_have_value("Satu data kota")
    expect(rina.locator("#dimension-error")).to_have_text("Pilih salah satu dimensi lokakarya ini.")
    rina.get_by_role("radio", name="Tata Kelola Cerdas").check()
    rina.get_by_role("button", name="Kirim usulan").click()
    expect(rina.locator("#mine-list .idea-state[data-state='sent']")).to_have_count(1)
    assert [(i["title"], i["dimension"]) for i in facilitator_ideas(hall)] == [
        ("Satu data kota", "governance")
    ]


def test_the_outbox_resends_after_the_server_was_killed(hall, new_page):
    """kill -9 on the server while a phone is sending: its outbox delivers once it is back."""
    import signal

    rina = participant(hall, new_page, "Rina", "Bappeda")
    fill(rina, "Terkirim sebelum mati")
    rina.get_by_role("button", name="Kirim usulan").click()
    mine = rina.locator("#mine-list .idea-card")
    expect(mine.locator(".idea-state[data-state='sent']")).to_have_count(1)

    hall["server"].halt(signal.SIGKILL)
    for title in ("Ditulis saat server mati", "Satu lagi saat server mati"):
        fill(rina, title)
        rina.get_by_role("button", name="Kirim usulan").click()
    expect(mine.locator(".idea-state[data-state='waiting']")).to_have_count(2)

    hall["server"].start()
    expect(mine.locator(".idea-state[data-state='sent']")).to_have_count(3, timeout=30_000)
    titles = sorted(i["title"] for i in facilitator_ideas(hall))
    assert titles == [
        "Ditulis saat server mati",
        "Satu lagi saat server mati",
        "Terkirim sebelum mati",
    ]
