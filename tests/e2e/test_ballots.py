"""Participants vote on phones by tapping and by keyboard, one screen per poll method.

The setup goes through the CLI and the API; the votes themselves only through the page. Every
test then reads the facilitator's GET /polls/{id}/results to see that the vote counted.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_live import PASSWORD

PHONE = {"viewport": {"width": 390, "height": 844}}
SAVED = "Suara tersimpan — Anda masih dapat mengubahnya sampai pemungutan ditutup."
TITLES = ["Perizinan online", "Bank sampah", "Wifi taman", "Smart parking"]


class Hall:
    """A workshop with an open ideas session, four proposals and a poll over them."""

    def __init__(self, server):
        self.server = server
        server.cli("facilitator", "add", "sari", "--password", PASSWORD)
        self.fac = server.token("sari", PASSWORD)
        self.workshop = self.api(
            "POST",
            "/workshops",
            json={
                "title": "Bimtek Kota Bogor",
                "city": "Kota Bogor",
                "starts_on": datetime.date.today().isoformat(),
            },
        )
        sessions = self.api("GET", f"/workshops/{self.workshop['id']}/sessions")["items"]
        self.session = next(s for s in sessions if s["kind"] == "ideas")
        self.api("PATCH", f"/sessions/{self.session['id']}", json={"status": "open"})
        self.ids = {}
        for n, title in enumerate(TITLES):
            idea = self.api(
                "POST",
                f"/sessions/{self.session['id']}/ideas",
                json={
                    "title": title,
                    "dimension": ["governance", "environment"][n % 2],
                    "client_id": f"e2e-{n}",
                },
            )
            self.ids[title] = idea["id"]
        self.opds = {
            o["code"]: o["id"]
            for o in self.server.api("GET", f"/join/{self.workshop['code']}", None).json()["opds"]
        }

    def api(self, method, path, **kwargs):
        response = self.server.api(method, path, self.fac, **kwargs)
        assert response.status_code < 300, response.text
        return response.json()

    def poll(self, method, **fields):
        poll = self.api(
            "POST",
            f"/sessions/{self.session['id']}/polls",
            json={
                "title": "Prioritas program",
                "method": method,
                "idea_ids": list(self.ids.values()),
                **fields,
            },
        )
        return self.api("POST", f"/polls/{poll['id']}/open")

    def results(self, poll):
        """{title: item} of the facilitator's results."""
        data = self.api("GET", f"/polls/{poll['id']}/results")
        return data, {i["title"]: i for i in data["items"]}

    def participant(self, new_page, poll, name="Rina", opd="Bappeda"):
        """A phone that joined (POST /join) and opened the poll's page."""
        joined = self.server.api(
            "POST",
            "/join",
            None,
            json={"code": self.workshop["code"], "name": name, "opd_id": self.opds[opd]},
        ).json()
        page = new_page(**PHONE)
        page.context.add_cookies(
            [{"name": "rembuk_device", "value": joined["token"], "url": self.server.url}]
        )
        page.goto(f"{self.server.url}/w/p/{poll['id']}")
        expect(page.locator("#conn-status")).to_have_text("Tersambung")
        return page


@pytest.fixture
def hall(server):
    return Hall(server)


def send(page):
    return page.locator("#ballot-send")


def item(page, title):
    return page.locator(".ballot-item", has_text=title)


def test_dots_by_keyboard_and_taps(hall, new_page):
    poll = hall.poll("dots", budget=5, max_per_item=3)
    page = hall.participant(new_page, poll)
    tally = page.locator("#ballot-tally")
    expect(tally).to_have_text("sisa 5 titik")
    expect(send(page)).to_have_text("Pilih paling sedikit satu usulan")

    # Keyboard: focus the + of "Bank sampah" and press Enter/Space; the cap stops it at 3.
    more = page.get_by_role("button", name="Tambah titik untuk Bank sampah")
    more.focus()
    for _ in range(4):
        page.keyboard.press("Enter")
    expect(page.get_by_role("spinbutton", name="Bank sampah")).to_have_value("3")
    expect(more).to_have_attribute("aria-disabled", "true")
    expect(tally).to_have_text("sisa 2 titik")
    # Taps: two on "Wifi taman"; then nothing is left and no + goes further.
    wifi = page.get_by_role("button", name="Tambah titik untuk Wifi taman")
    wifi.click()
    page.keyboard.press("Space")
    expect(tally).to_have_text("sisa 0 titik")
    page.get_by_role("button", name="Tambah titik untuk Smart parking").click(force=True)
    expect(page.get_by_role("spinbutton", name="Smart parking")).to_have_value("0")
    expect(tally).to_have_text("sisa 0 titik")
    page.get_by_role("button", name="Kurangi titik untuk Bank sampah").click()
    expect(tally).to_have_text("sisa 1 titik")

    expect(send(page)).to_have_text("Kirim suara")
    send(page).click()
    expect(page.locator("#ballot-status")).to_have_text(SAVED)
    expect(send(page)).to_have_text("Perbarui suara")
    data, items = hall.results(poll)
    assert data["voters"] == 1
    assert items["Bank sampah"]["score"] == 2 and items["Wifi taman"]["score"] == 2
    assert items["Smart parking"]["score"] == 0

    # The stored ballot comes back on reload.
    page.reload()
    expect(page.get_by_role("spinbutton", name="Wifi taman")).to_have_value("2")
    expect(page.locator("#ballot-status")).to_have_text(SAVED)


def test_points_button_says_what_is_missing(hall, new_page):
    poll = hall.poll("points")
    page = hall.participant(new_page, poll)
    page.get_by_role("spinbutton", name="Perizinan online").fill("50")
    page.get_by_role("spinbutton", name="Bank sampah").fill("35")
    expect(page.locator("#ballot-tally")).to_have_text("Total 85 dari 100 — bagikan 15 lagi")
    expect(send(page)).to_have_text("Bagikan tepat 100 poin (sekarang 85)")
    expect(send(page)).to_have_attribute("aria-disabled", "true")
    send(page).click(force=True)  # it still answers a tap, with the reason
    expect(page.locator("#ballot-error")).to_have_text("Bagikan tepat 100 poin (sekarang 85)")
    assert hall.results(poll)[0]["voters"] == 0

    # The + adds 5 points at a time; three taps make it 100.
    more = page.get_by_role("button", name="Tambah 5 poin untuk Wifi taman")
    for _ in range(3):
        more.click()
    expect(page.locator("#ballot-tally")).to_have_text("Total 100 dari 100 — semua sudah dibagikan")
    expect(more).to_have_attribute("aria-disabled", "true")
    send(page).click()
    expect(page.locator("#ballot-status")).to_have_text(SAVED)
    _data, items = hall.results(poll)
    assert [items[t]["score"] for t in TITLES] == [50, 35, 15, 0]


def test_ranking_with_buttons_and_dragging(hall, new_page):
    poll = hall.poll("ranking")
    page = hall.participant(new_page, poll)
    # Keyboard: "Wifi taman" up twice → first.
    up = page.get_by_role("button", name="Naikkan Wifi taman")
    up.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    expect(page.locator("#ballot-live")).to_have_text("Wifi taman: peringkat 1 dari 4")
    expect(up).to_be_focused()
    # Drag "Smart parking" by its handle above "Perizinan online" (now second).
    handle = item(page, "Smart parking").locator(".drag-handle")
    handle.hover()
    target = item(page, "Perizinan online").bounding_box()
    page.mouse.down()
    page.mouse.move(target["x"] + 40, target["y"] + 8, steps=8)
    page.mouse.up()
    expect(page.locator(".rank-item .ballot-item-title")).to_have_text(
        ["Wifi taman", "Smart parking", "Perizinan online", "Bank sampah"]
    )
    send(page).click()
    expect(page.locator("#ballot-status")).to_have_text(SAVED)
    _data, items = hall.results(poll)
    assert [items[t]["score"] for t in ["Wifi taman", "Smart parking", "Perizinan online"]] == [
        4,
        3,
        2,
    ]


def test_ranking_top_n_with_include_toggles(hall, new_page):
    poll = hall.poll("ranking", budget=2)
    page = hall.participant(new_page, poll)
    expect(page.locator("#ballot-tally")).to_have_text("0 dari 2 dipilih")
    for title in ["Bank sampah", "Smart parking", "Wifi taman"]:
        item(page, title).get_by_role("switch").check()
    expect(send(page)).to_have_text("Urutkan paling banyak 2 usulan (sekarang 3)")
    item(page, "Wifi taman").get_by_role("switch").press("Space")  # keyboard: off again
    expect(page.locator("#ballot-tally")).to_have_text("2 dari 2 dipilih")
    page.get_by_role("button", name="Naikkan Smart parking").click()
    send(page).click()
    expect(page.locator("#ballot-status")).to_have_text(SAVED)
    ballot = hall.server.api("GET", f"/polls/{poll['id']}/ballots", hall.fac).json()["items"]
    assert ballot == [{"ballot": {"ranking": [hall.ids["Smart parking"], hall.ids["Bank sampah"]]}}]


def scored_item(page, title):
    """The scores ballot shows one proposal at a time: step to this one (back to the first)."""
    while (
        page.get_by_role("button", name="Usulan sebelumnya").get_attribute("aria-disabled")
        != "true"
    ):
        page.get_by_role("button", name="Usulan sebelumnya").click()
    while not item(page, title).is_visible():
        page.get_by_role("button", name="Usulan berikutnya").click()
    return item(page, title)


def test_scores_per_criterion(hall, new_page):
    poll = hall.poll("scores")
    page = hall.participant(new_page, poll)
    bank = scored_item(page, "Bank sampah")
    bank.get_by_role("group", name="Dampak manfaat maksimal").get_by_role("radio", name="5").click()
    expect(send(page)).to_have_text("Lengkapi skor setiap kriteria untuk “Bank sampah”")
    labels = [c["label"] for c in poll["criteria"]]
    for label in labels[1:]:
        bank.get_by_role("group", name=label).get_by_role("radio", name="4").click()
    # A half-scored proposal can be cleared again (one proposal at a time: "next" brings it).
    wifi = scored_item(page, "Wifi taman")
    wifi.get_by_role("group", name=labels[0]).get_by_role("radio", name="1").click()
    expect(send(page)).to_have_text("Lengkapi skor setiap kriteria untuk “Wifi taman”")
    wifi.get_by_role("button", name="Kosongkan skor Wifi taman").click()
    expect(send(page)).to_have_text("Kirim suara")
    send(page).click()
    expect(page.locator("#ballot-status")).to_have_text(SAVED)
    _data, items = hall.results(poll)
    assert items["Bank sampah"]["score"] == pytest.approx(4.2)
    assert items["Bank sampah"]["criteria"]["impact"] == 5
    assert items["Wifi taman"]["supporters"] == 0


def test_matrix_by_keyboard(hall, new_page):
    poll = hall.poll("matrix")
    page = hall.participant(new_page, poll)
    wifi = item(page, "Wifi taman")
    # Radio groups: focus the 1, arrow right to move along the scale.
    impact = wifi.get_by_role("group", name="Dampak").get_by_role("radio", name="1")
    impact.focus()
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(wifi.get_by_role("group", name="Dampak").get_by_role("radio", name="4")).to_be_checked()
    expect(send(page)).to_have_text("Beri “Wifi taman” nilai Dampak dan Upaya")
    effort = wifi.get_by_role("group", name="Upaya").get_by_role("radio", name="1")
    effort.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(send(page)).to_have_text("Kirim suara")
    send(page).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#ballot-status")).to_have_text(SAVED)
    _data, items = hall.results(poll)
    assert (items["Wifi taman"]["impact"], items["Wifi taman"]["effort"]) == (4, 2)


def test_approval_switches(hall, new_page):
    poll = hall.poll("approval", ballot_scope="opd")
    page = hall.participant(new_page, poll)
    expect(page.locator("#scope-note")).to_have_text(
        "Surat suara OPD Anda — belum ada yang memilih"
    )
    page.get_by_role("switch", name="Bank sampah").check()
    page.get_by_role("switch", name="Smart parking").focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("switch", name="Smart parking")).to_be_checked()
    send(page).click()
    expect(page.locator("#ballot-status")).to_have_text(SAVED)
    expect(page.locator("#scope-note")).to_have_text(
        "Surat suara OPD Anda — terakhir diubah oleh Anda"
    )
    _data, items = hall.results(poll)
    assert [items[t]["score"] for t in TITLES] == [0, 1, 0, 1]
    # A colleague from the same OPD sees the OPD's ballot and who changed it.
    colleague = hall.participant(new_page, poll, name="Ahmad")
    expect(colleague.locator("#scope-note")).to_have_text(
        "Surat suara OPD Anda — terakhir diubah oleh Rina"
    )
    expect(colleague.get_by_role("switch", name="Bank sampah")).to_be_checked()


def test_live_results_and_closing(hall, new_page):
    poll = hall.poll("dots", budget=3)
    rina = hall.participant(new_page, poll)
    dewi = hall.participant(new_page, poll, name="Dewi", opd="Diskominfo")
    bars = dewi.locator("#results .result-row")
    expect(bars).to_have_count(4)
    expect(dewi.locator("#results .turnout")).to_have_text(
        "0 dari 2 peserta yang hadir hari ini memilih"
    )

    more = rina.get_by_role("button", name="Tambah titik untuk Smart parking")
    more.click()
    more.click()
    send(rina).click()
    expect(rina.locator("#ballot-status")).to_have_text(SAVED)
    # Dewi's screen follows: Smart parking leads with 2, the turnout counts Rina.
    expect(dewi.locator("#results .turnout")).to_have_text(
        "1 dari 2 peserta yang hadir hari ini memilih"
    )
    first = bars.first
    expect(first).to_contain_text("Smart parking")
    expect(first.locator(".result-value")).to_have_text("2 titik")
    expect(first.locator(".bar-fill")).to_have_attribute("style", re.compile(r"width: 100(\.0)?%"))

    # The facilitator closes the poll: both pages say so and show the result instead of the
    # ballot (issue 16 item 3: not a disabled ballot).
    hall.api("POST", f"/polls/{poll['id']}/close")
    for page in (rina, dewi):
        expect(page.locator("#closed-note")).to_have_text("Pemungutan suara sudah ditutup.")
        expect(page.locator("#ballot-send")).to_be_hidden()
        expect(page.locator("#ballot-fields")).to_be_hidden()
        expect(page.locator("#results .result-row").first).to_contain_text("Smart parking")
    expect(rina.locator("#poll-status")).to_have_text("Ditutup")


def test_home_lists_polls_as_they_open(hall, new_page):
    joined = hall.server.api(
        "POST",
        "/join",
        None,
        json={"code": hall.workshop["code"], "name": "Rina", "opd_id": hall.opds["Bappeda"]},
    ).json()
    page = new_page(**PHONE)
    page.context.add_cookies(
        [{"name": "rembuk_device", "value": joined["token"], "url": hall.server.url}]
    )
    page.goto(hall.server.url + "/w")
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    # Following the facilitator would move this page to the poll (tests/e2e/test_follow.py).
    page.get_by_role("checkbox", name="Ikuti fasilitator").uncheck()
    expect(page.locator("#open-polls")).to_have_text(
        "Tidak ada pemungutan suara yang dibuka saat ini."
    )
    poll = hall.poll("approval", title="Quick win pilihan")
    link = page.get_by_role("link", name="Quick win pilihan")
    expect(link).to_be_visible()
    expect(page.locator("#open-polls li", has_text="Quick win pilihan")).to_contain_text("Baru")
    link.click()
    expect(page.get_by_role("heading", name="Quick win pilihan")).to_be_visible()
    page.go_back()
    hall.api("POST", f"/polls/{poll['id']}/close")
    expect(page.get_by_role("link", name="Quick win pilihan")).to_have_count(0)


def test_three_participants_vote_by_clicking_and_the_projector_bars_change(hall, new_page):
    """The issue's scenario: three phones vote by tapping; the hall's screen follows."""
    poll = hall.poll("dots", budget=3)
    hall.api(
        "PUT",
        f"/workshops/{hall.workshop['id']}/display",
        json={"view": "results", "poll_id": poll["id"]},
    )
    screen = new_page(viewport={"width": 1280, "height": 720})
    screen.goto(f"{hall.server.url}/projector/{hall.workshop['projector_key']}")
    bars = screen.locator(".result-row")
    expect(bars).to_have_count(len(TITLES))
    turnout = screen.locator(".turnout")
    phones = [
        hall.participant(new_page, poll, name, opd)
        for name, opd in [("Rina", "Bappeda"), ("Dewi", "Diskominfo"), ("Agus", "Disdik")]
    ]
    expect(turnout).to_contain_text("0 dari 3 peserta yang hadir hari ini memilih")
    for n, phone in enumerate(phones):
        for _ in range(n + 1):
            phone.get_by_role("button", name="Tambah titik untuk Bank sampah").click()
        send(phone).click()
        expect(phone.locator("#ballot-status")).to_have_text(SAVED)
        expect(turnout).to_contain_text(f"{n + 1} dari 3 peserta yang hadir hari ini memilih")
    # Bank sampah now leads with 1 + 2 + 3 dots, its bar full width; the others have none.
    top = bars.first
    expect(top).to_have_attribute("data-idea-id", str(hall.ids["Bank sampah"]))
    expect(top.locator(".result-value")).to_have_text("6 titik")
    expect(top.locator(".bar-fill")).to_have_attribute("style", re.compile(r"width: 100"))
    expect(bars.nth(1).locator(".result-value")).to_have_text("0 titik")
