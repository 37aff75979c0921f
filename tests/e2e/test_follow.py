"""Phones follow the room (issue 16 item 3): when the facilitator opens a poll or a proposal
round, every participant page goes there (with "Kembali"), unless following is off on that
device or the person is typing — then a banner names it. A closed poll shows that it is closed
and its result, not a disabled ballot. Several phones and the projector at once."""

import re

from playwright.sync_api import expect

from tests.e2e.test_live import PASSWORD

PHONE = {"viewport": {"width": 390, "height": 844}}
SMALL = {"viewport": {"width": 360, "height": 640}}
SHOTS = "test-artifacts"


class Room:
    """A workshop today with an open proposal session, three proposals and two polls."""

    def __init__(self, server):
        self.server = server
        self.workshop, self.token = server.facilitator_workshop(PASSWORD)
        self.session = server.open_ideas_session(self.workshop, self.token)
        self.ideas = [
            self.api(
                "POST",
                f"/sessions/{self.session['id']}/ideas",
                json={"title": title, "dimension": dim, "client_id": f"seed-{n}"},
            )
            for n, (title, dim) in enumerate(
                [
                    ("Perizinan online", "governance"),
                    ("Bank sampah digital", "environment"),
                    ("Wifi taman", "society"),
                ]
            )
        ]
        self.opds = {
            o["code"]: o["id"]
            for o in server.api("GET", f"/join/{self.workshop['code']}", None).json()["opds"]
        }

    def api(self, method, path, **kwargs):
        response = self.server.api(method, path, self.token, **kwargs)
        assert response.status_code < 300, response.text
        return response.json()

    def poll(self, title, method="approval", **fields):
        return self.api(
            "POST",
            f"/sessions/{self.session['id']}/polls",
            json={"title": title, "method": method, **fields},
        )

    def open(self, poll):
        return self.api("POST", f"/polls/{poll['id']}/open")

    def phone(self, new_page, name, opd="Bappeda", path="/w", size=PHONE):
        joined = self.server.api(
            "POST",
            "/join",
            None,
            json={"code": self.workshop["code"], "name": name, "opd_id": self.opds[opd]},
        ).json()
        page = new_page(**size)
        page.context.add_cookies(
            [{"name": "rembuk_device", "value": joined["token"], "url": self.server.url}]
        )
        page.goto(self.server.url + path)
        expect(page.locator("#conn-status")).to_have_text("Tersambung")
        return page


def test_phones_follow_the_facilitator_or_show_a_banner(server, new_page):
    room = Room(server)
    earlier = room.poll("Pemanasan")
    room.open(earlier)
    poll = room.poll("Prioritas program")
    room.api(
        "PUT",
        f"/workshops/{room.workshop['id']}/display",
        json={"view": "results", "poll_id": poll["id"]},
    )
    screen = new_page(viewport={"width": 1920, "height": 1080})
    screen.goto(f"{server.url}/projector/{room.workshop['projector_key']}")

    rina = room.phone(new_page, "Rina Kartikasari")  # follows (the default)
    dewi = room.phone(new_page, "Dewi Lestari", "Diskominfo")  # turned following off
    toggle = dewi.get_by_role("checkbox", name="Ikuti fasilitator")
    expect(toggle).to_be_checked()
    toggle.uncheck()
    dewi.reload()  # remembered on this device
    expect(dewi.locator("#conn-status")).to_have_text("Tersambung")
    expect(dewi.get_by_role("checkbox", name="Ikuti fasilitator")).not_to_be_checked()
    # Budi is typing a proposal: his page must not be pulled away from it.
    budi = room.phone(new_page, "Budi Santoso", "Dinkes", path=f"/w/s/{room.session['id']}")
    budi.get_by_label("Judul", exact=True).fill("Posyandu digital")
    expect(rina.locator("#open-polls li").first).to_contain_text("Pemanasan")

    room.open(poll)

    # Rina's phone goes to the ballot, with a way back.
    expect(rina).to_have_url(re.compile(rf"/w/p/{poll['id']}$"))
    expect(rina.get_by_role("heading", name="Prioritas program")).to_be_visible()
    expect(rina.locator("#follow-back")).to_contain_text("Fasilitator membuka ini.")
    # The projector shows the same poll.
    expect(screen.locator(".result-row")).to_have_count(3)

    # Dewi stays on home: a banner (read out politely) and the new poll on top, marked new.
    banner = dewi.locator("#follow-banner")
    expect(banner).to_have_attribute("aria-live", "polite")
    expect(banner).to_contain_text("Pemungutan suara dibuka: Prioritas program — Buka")
    expect(dewi).to_have_url(re.compile(r"/w$"))
    first = dewi.locator("#open-polls li").first
    expect(first).to_contain_text("Prioritas program")
    expect(first).to_contain_text("Baru")
    dewi.screenshot(path=f"{SHOTS}/follow-banner-home-390.png")

    # Budi keeps his half-typed proposal and gets the banner instead.
    expect(budi.locator("#follow-banner")).to_contain_text("Pemungutan suara dibuka")
    expect(budi.get_by_label("Judul", exact=True)).to_have_value("Posyandu digital")
    assert re.search(rf"/w/s/{room.session['id']}$", budi.url)
    budi.screenshot(path=f"{SHOTS}/follow-banner-typing-390.png")
    # Going home later, Budi finds the poll he has not opened yet on top, marked new.
    budi.get_by_role("link", name="← Bimtek Kota Bogor").click()
    expect(budi.locator("#conn-status")).to_have_text("Tersambung")
    expect(budi.locator("#open-polls li").first).to_contain_text("Prioritas program")
    expect(budi.locator("#open-polls li").first).to_contain_text("Baru")

    # The banner's "Buka" opens the poll; Rina's "Kembali" takes her home again.
    dewi.get_by_role("link", name="Buka", exact=True).click()
    expect(dewi).to_have_url(re.compile(rf"/w/p/{poll['id']}$"))
    rina.screenshot(path=f"{SHOTS}/follow-moved-390.png")
    rina.get_by_role("link", name="Kembali").click()
    expect(rina).to_have_url(re.compile(r"/w$"))
    expect(rina.locator("#conn-status")).to_have_text("Tersambung")
    expect(rina.locator("#follow-back")).to_be_hidden()

    # A proposal round opening moves the follower too.
    later = next(
        s
        for s in room.api("GET", f"/workshops/{room.workshop['id']}/sessions")["items"]
        if s["kind"] == "ideas" and s["id"] != room.session["id"]
    )
    room.api("PATCH", f"/sessions/{later['id']}", json={"status": "open"})
    expect(rina).to_have_url(re.compile(rf"/w/s/{later['id']}$"))
    expect(rina.locator("#follow-back")).to_be_visible()
    expect(dewi.locator("#follow-banner")).to_contain_text(
        f"Usulan sedang dikumpulkan: {later['title']}"
    )


def test_a_closed_poll_shows_its_result_not_a_disabled_ballot(server, new_page):
    room = Room(server)
    poll = room.open(room.poll("Quick win", results="after_close"))
    rina = room.phone(new_page, "Rina Kartikasari", path=f"/w/p/{poll['id']}")
    dewi = room.phone(new_page, "Dewi Lestari", "Diskominfo", path=f"/w/p/{poll['id']}", size=SMALL)
    rina.get_by_role("switch", name="Bank sampah digital").check()
    rina.locator("#ballot-send").click()
    expect(rina.locator("#ballot-status")).to_contain_text("Suara tersimpan")
    expect(rina.locator("#results-panel")).to_be_hidden()

    room.api("POST", f"/polls/{poll['id']}/close")
    for page in (rina, dewi):
        expect(page.locator("#closed-note")).to_have_text("Pemungutan suara sudah ditutup.")
        expect(page.locator("#ballot-fields")).to_be_hidden()
        expect(page.locator("#results .result-row").first).to_contain_text("Bank sampah digital")
    dewi.screenshot(path=f"{SHOTS}/poll-closed-360.png", full_page=True)
    # A page opened after the close shows the same, straight from the server.
    late = room.phone(new_page, "Ahmad", "Dinkes", path=f"/w/p/{poll['id']}")
    expect(late.locator("#closed-note")).to_be_visible()
    expect(late.locator("#ballot-fields")).to_be_hidden()
    expect(late.locator("#results .result-row")).to_have_count(3)
