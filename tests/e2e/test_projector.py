"""The projector: every view fits 1920×1080 and 1280×720 legibly, and it recovers by itself."""

import datetime
import random

import pytest
from playwright.sync_api import expect

PASSWORD = "rahasia-bimtek"
VIEWS = ["join", "ideas", "results", "timer", "agenda", "message"]
# Main text of each view and the smallest font size (px) that still reads from 10 m.
LEGIBLE = {
    "join": ".join-code",
    "ideas": ".wall-card .card-title",
    "results": ".result-row",
    "timer": "#timer-digits",
    "agenda": "#agenda-list li",
    "message": "#message-text",
}
MIN_FONT_PX = 28


@pytest.fixture
def hall(server):
    """A running workshop: proposals, a poll with ballots, a timer."""
    server.cli("facilitator", "add", "sari", "--password", PASSWORD)
    token = server.token("sari", PASSWORD)
    today = datetime.date.today().isoformat()
    w = server.api(
        "POST",
        "/workshops",
        token,
        json={"title": "Bimtek Kota Bogor", "city": "Kota Bogor", "starts_on": today},
    ).json()
    sessions = server.api("GET", f"/workshops/{w['id']}/sessions", token).json()["items"]
    session = next(s for s in sessions if s["kind"] == "ideas")
    server.api("PATCH", f"/sessions/{session['id']}", token, json={"status": "open"})
    titles = [
        "Integrasi PPDB Online dengan data kependudukan untuk verifikasi zonasi otomatis",
        "Perizinan online satu pintu dengan pelacakan status",
        "Bank sampah digital",
        "Wifi publik di taman kota",
        "Kanal pengaduan online terpadu",
        "Smart parking di pusat kota",
        "Sistem informasi kesehatan ibu dan anak",
        "Aplikasi informasi wisata Kota Bogor",
    ]
    dims = [
        "governance",
        "governance",
        "environment",
        "society",
        "governance",
        "living",
        "living",
        "branding",
    ]
    for n, (title, dim) in enumerate(zip(titles, dims, strict=True)):
        server.api(
            "POST",
            f"/sessions/{session['id']}/ideas",
            token,
            json={"title": title, "dimension": dim, "client_id": f"seed-{n}"},
        )
    poll = server.api(
        "POST",
        f"/sessions/{session['id']}/polls",
        token,
        json={"title": "Prioritas program", "method": "dots"},
    ).json()
    server.api("POST", f"/polls/{poll['id']}/open", token)
    opds = server.api("GET", f"/workshops/{w['id']}/opds", token).json()["items"]
    rng = random.Random(7)
    for n in range(6):
        joined = server.api(
            "POST",
            "/join",
            None,
            json={"code": w["code"], "name": f"Peserta {n}", "opd_id": opds[n]["id"]},
        )
        voter = joined.json()["token"]
        ids = [str(i) for i in poll["idea_ids"]]
        server.api(
            "PUT",
            f"/polls/{poll['id']}/ballot",
            voter,
            json={"allocations": {rng.choice(ids): 1 for _ in range(3)}},
        )
    server.api("POST", f"/workshops/{w['id']}/timer", token, json={"seconds": 754})
    return {"token": token, "workshop": w, "session": session, "poll": poll}


def show(server, hall, view):
    extra = {
        "ideas": {"session_id": hall["session"]["id"]},
        "results": {"poll_id": hall["poll"]["id"]},
        "message": {"text": "Istirahat makan siang — kembali pukul 13.00 di ruang utama"},
    }
    r = server.api(
        "PUT",
        f"/workshops/{hall['workshop']['id']}/display",
        hall["token"],
        json={"view": view, **extra.get(view, {})},
    )
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_every_view_fits_and_reads_from_the_back(server, hall, new_page, size, tmp_path):
    width, height = size
    page = new_page(viewport={"width": width, "height": height})
    page.goto(f"{server.url}/projector/{hall['workshop']['projector_key']}")
    expect(page.locator("#conn-status")).to_have_attribute("data-state", "connected")
    for view in VIEWS:
        show(server, hall, view)
        section = page.locator(f'section[data-view="{view}"]')
        expect(section).to_be_visible(timeout=2000)
        expect(page.locator(LEGIBLE[view]).first).to_be_visible()
        page.wait_for_timeout(300)
        page.screenshot(path=str(tmp_path / f"{view}-{width}.png"))
        fits = page.evaluate(
            """(view) => {
                const root = document.scrollingElement;
                const section = document.querySelector(`section[data-view="${view}"]`);
                const box = section.getBoundingClientRect();
                const outside = [...section.querySelectorAll('*')].filter((el) => {
                    if (el.closest('.wall-scroll')) return false;  // the wall scrolls on purpose
                    const r = el.getBoundingClientRect();
                    return r.width && (r.right > innerWidth + 1 || r.bottom > innerHeight + 1);
                }).map((el) => el.className || el.tagName);
                return {
                    pageScrolls: root.scrollWidth > innerWidth || root.scrollHeight > innerHeight,
                    sectionInside: box.right <= innerWidth + 1 && box.bottom <= innerHeight + 1,
                    outside,
                };
            }""",
            view,
        )
        assert fits == {"pageScrolls": False, "sectionInside": True, "outside": []}, (view, fits)
        size_px = page.evaluate(
            "(sel) => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize)",
            LEGIBLE[view],
        )
        assert size_px >= MIN_FONT_PX, (view, size_px)
    assert page.evaluate("getComputedStyle(document.body).cursor") == "none"


def test_projector_recovers_after_a_server_restart(server, hall, new_page):
    page = new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server.url}/projector/{hall['workshop']['projector_key']}")
    show(server, hall, "agenda")
    expect(page.locator('section[data-view="agenda"]')).to_be_visible(timeout=2000)
    server.restart()
    # While it was down the facilitators moved on; the projector must catch up on its own.
    show(server, hall, "message")
    expect(page.locator("#message-text")).to_contain_text("Istirahat", timeout=10_000)
    expect(page.locator("#conn-status")).to_have_attribute("data-state", "connected")


def test_results_update_live_on_the_projector(server, hall, new_page):
    page = new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server.url}/projector/{hall['workshop']['projector_key']}")
    show(server, hall, "results")
    turnout = page.locator(".turnout")
    expect(turnout).to_contain_text("6 dari 6 peserta yang hadir hari ini memilih")
    opds = server.api("GET", f"/workshops/{hall['workshop']['id']}/opds", hall["token"]).json()
    joined = server.api(
        "POST",
        "/join",
        None,
        json={
            "code": hall["workshop"]["code"],
            "name": "Peserta baru",
            "opd_id": opds["items"][9]["id"],
        },
    )
    voter = joined.json()["token"]
    target = hall["poll"]["idea_ids"][-1]
    server.api(
        "PUT", f"/polls/{hall['poll']['id']}/ballot", voter, json={"allocations": {str(target): 5}}
    )
    expect(turnout).to_contain_text("7 dari 7 peserta yang hadir hari ini memilih", timeout=2000)
    expect(page.locator(".result-row").first).to_have_attribute("data-idea-id", str(target))


def test_unknown_projector_key_is_a_plain_404(server, new_page):
    page = new_page()
    response = page.goto(f"{server.url}/projector/nope-not-a-key")
    assert response.status == 404
    expect(page.get_by_text("Tidak ditemukan.")).to_be_visible()


def test_a_draft_poll_waits_on_the_projector_until_it_opens(server, hall, new_page):
    draft = server.api(
        "POST",
        f"/sessions/{hall['session']['id']}/polls",
        hall["token"],
        json={"title": "Kata kunci visi", "method": "approval"},
    ).json()
    page = new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server.url}/projector/{hall['workshop']['projector_key']}")
    server.api(
        "PUT",
        f"/workshops/{hall['workshop']['id']}/display",
        hall["token"],
        json={"view": "results", "poll_id": draft["id"]},
    )
    expect(page.get_by_text("Pemungutan suara ini belum dibuka.")).to_be_visible()
    server.api("POST", f"/polls/{draft['id']}/open", hall["token"])
    expect(page.locator("#results-title")).to_have_text("Kata kunci visi")
    expect(page.locator(".turnout")).to_contain_text("0 dari 6 peserta yang hadir hari ini memilih")
