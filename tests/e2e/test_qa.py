"""Questions to a speaker in the hall (issue 16 item 9): two phones ask (one anonymously) and
support each other's questions, the facilitator pins and answers on the moderation page, and
the projector shows the top questions live, pinned first, never clipped (screenshots in
test-artifacts/)."""

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_live import PASSWORD, login
from tests.e2e.test_worksheets_live import font_px, no_clipping, projector

PHONE = {"viewport": {"width": 390, "height": 844}}
SMALL_PHONE = {"viewport": {"width": 360, "height": 640}}


@pytest.fixture
def hall(server):
    workshop, token = server.facilitator_workshop(PASSWORD)
    opds = server.api("GET", f"/workshops/{workshop['id']}/opds", token).json()["items"]
    created = server.api(
        "POST",
        f"/workshops/{workshop['id']}/sessions",
        token,
        json={
            "day": 1,
            "title": "Tanya jawab narasumber Kominfo",
            "kind": "qa",
            "starts_at": "10:00",
            "ends_at": "11:00",
        },
    )
    assert created.status_code == 201, created.text
    session = created.json()
    opened = server.api("PATCH", f"/sessions/{session['id']}", token, json={"status": "open"})
    assert opened.status_code == 200, opened.text
    return {
        "server": server,
        "token": token,
        "workshop": workshop,
        "session": session,
        "opd": {o["code"]: o["id"] for o in opds},
    }


def join(hall, name, opd_code):
    joined = requests.post(
        hall["server"].url + "/api/v1/join",
        json={"code": hall["workshop"]["code"], "name": name, "opd_id": hall["opd"][opd_code]},
        timeout=10,
    )
    assert joined.status_code == 201, joined.text
    return joined.json()["token"]


def phone(hall, new_page, name, opd_code, viewport=PHONE):
    token = join(hall, name, opd_code)
    page = new_page(**viewport)
    page.context.add_cookies([{"name": "rembuk_device", "value": token, "url": hall["server"].url}])
    page.goto(f"{hall['server'].url}/w/s/{hall['session']['id']}")
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    return page


def shoot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"qa-{name}.png"), full_page=False)


def ask(page, text, anonymous=False):
    page.get_by_label("Pertanyaan Anda").fill(text)
    if anonymous:
        page.get_by_label("Tanya secara anonim").check()
    page.get_by_role("button", name="Kirim pertanyaan").click()


def support(page, text):
    return page.locator(".qa-item", has_text=text).locator(".qa-vote")


def test_two_phones_ask_and_support_the_facilitator_pins_and_answers(hall, new_page):
    server = hall["server"]
    screen = projector(hall, new_page)
    shown = server.api(
        "PUT",
        f"/workshops/{hall['workshop']['id']}/display",
        hall["token"],
        json={"view": "ideas", "session_id": hall["session"]["id"]},
    )
    assert shown.status_code == 200, shown.text
    expect(screen.locator("#questions-title")).to_have_text("Tanya jawab narasumber Kominfo")

    rina = phone(hall, new_page, "Rina", "Bappeda")
    dewi = phone(hall, new_page, "Dewi", "Diskominfo", SMALL_PHONE)
    ask(rina, "Bagaimana pendanaan pusat data daerah?")
    ask(dewi, "Siapa yang menjaga keamanan data warga?", anonymous=True)
    ask(dewi, "Kapan SPBE dievaluasi lagi?")
    # Each phone sees every question live, the anonymous one without a name.
    for page in (rina, dewi):
        expect(page.locator(".qa-item")).to_have_count(3)
        anon = page.locator(".qa-item", has_text="keamanan data")
        expect(anon.locator(".qa-meta")).to_contain_text("Anonim")
    expect(rina.locator(".qa-item", has_text="pendanaan").locator(".qa-meta")).to_contain_text(
        "Rina (Bappeda)"
    )

    # Supports: a toggle that says its state; the most supported rises to the top everywhere.
    button = support(rina, "keamanan data")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button.locator(".qa-count")).to_have_text("1")
    support(dewi, "pendanaan").click()
    support(dewi, "keamanan data").click()
    expect(support(dewi, "keamanan data")).to_have_attribute("aria-pressed", "true")
    expect(rina.locator(".qa-item").first).to_contain_text("keamanan data")
    expect(rina.locator(".qa-item", has_text="keamanan data").locator(".qa-count")).to_have_text(
        "2"
    )
    # Taken back: one count less, aria-pressed false.
    support(rina, "keamanan data").click()
    expect(support(rina, "keamanan data")).to_have_attribute("aria-pressed", "false")
    expect(dewi.locator(".qa-item", has_text="keamanan data").locator(".qa-count")).to_have_text(
        "1"
    )
    expect(screen.locator(".pq-item")).to_have_count(3)
    # Participant text is never below 16 px.
    assert min(font_px(dewi, ".qa-text, .qa-meta, .qa-count, label, .hint")) >= 16
    shoot(rina, "phone-390")
    shoot(dewi, "phone-360")

    # The facilitator pins the SPBE question and answers the anonymous one.
    fac = new_page(viewport={"width": 1366, "height": 768})
    login(fac, server, "sari")
    fac.goto(
        f"{server.url}/workshops/{hall['workshop']['id']}/sessions/{hall['session']['id']}/questions"
    )
    expect(fac.locator("#conn-status")).to_have_text("Tersambung")
    anon_row = fac.locator(".qa-item", has_text="keamanan data")
    expect(anon_row.locator(".qa-meta")).to_have_text("Anonim")
    fac.locator(".qa-item", has_text="SPBE").get_by_role("button", name="Sematkan").click()
    expect(fac.locator(".qa-item").first).to_contain_text("SPBE")
    anon_row = fac.locator(".qa-item", has_text="keamanan data")
    anon_row.get_by_label("Jawaban (catatan untuk notulen)").fill("Diskominfo bersama BSSN.")
    anon_row.get_by_role("button", name="Tandai sudah dijawab").click()
    expect(fac.locator(".qa-item", has_text="keamanan data")).to_contain_text("Sudah dijawab")
    shoot(fac, "console-1366")

    # The phones and the projector follow: pinned first, the answer shown.
    expect(rina.locator(".qa-item").first).to_contain_text("SPBE")
    expect(rina.locator(".qa-item", has_text="keamanan data")).to_contain_text(
        "Diskominfo bersama BSSN."
    )
    expect(screen.locator(".pq-item").first).to_contain_text("SPBE")
    expect(screen.locator(".pq-item").first).to_contain_text("Disematkan")
    expect(screen.locator(".pq-item", has_text="keamanan data")).to_contain_text("Sudah dijawab")
    expect(screen.locator(".pq-item", has_text="keamanan data").locator(".pq-answer")).to_have_text(
        "Jawaban: Diskominfo bersama BSSN."
    )
    no_clipping(screen, ".pq-item")
    assert min(font_px(screen, ".pq-text, .pq-answer")) >= 24
    shoot(screen, "projector-1920")

    # A hidden question leaves every phone and the projector.
    fac.locator(".qa-item", has_text="pendanaan").get_by_role("button", name="Sembunyikan").click()
    expect(rina.locator(".qa-item")).to_have_count(2)
    expect(screen.locator(".pq-item")).to_have_count(2)


def test_many_long_questions_fit_the_projector_without_clipping(hall, new_page):
    server = hall["server"]
    tokens = [join(hall, f"Peserta {i}", "Bappeda") for i in range(3)]
    long = (
        "Bagaimana pemerintah daerah memastikan interoperabilitas data antar OPD ketika setiap"
        " dinas masih memakai aplikasi sendiri-sendiri dan anggarannya terpisah? Nomor {i}."
    )
    for i in range(24):
        r = server.api(
            "POST",
            f"/sessions/{hall['session']['id']}/questions",
            tokens[i % 3],
            json={"text": long.format(i=i + 1)},
        )
        assert r.status_code == 201, r.text
    for width, height in ((1920, 1080), (1280, 720)):
        screen = projector(hall, new_page, width, height)
        server.api(
            "PUT",
            f"/workshops/{hall['workshop']['id']}/display",
            hall["token"],
            json={"view": "ideas", "session_id": hall["session"]["id"]},
        )
        expect(screen.locator("#questions-more")).to_be_visible()
        expect(screen.locator("#questions-more")).to_contain_text("pertanyaan lainnya")
        no_clipping(screen, ".pq-item, #questions-more")
        assert min(font_px(screen, ".pq-text")) >= (24 if height == 1080 else 20)
        shown = int(screen.locator("#questions").get_attribute("data-shown"))
        more = screen.locator("#questions-more").text_content()
        assert f"+{24 - shown} " in more
        shoot(screen, f"projector-many-{width}")
