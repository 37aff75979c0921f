"""Worksheets in the hall (issue 14): three phones fill a readiness worksheet and a SWOT board
while the projector's heat map and quadrants follow; vision keywords become a word cloud; the
pages are looked at on phones and projectors (screenshots in test-artifacts/)."""

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_live import PASSWORD

PHONE = {"viewport": {"width": 390, "height": 844}}
SMALL_PHONE = {"viewport": {"width": 360, "height": 640}}


def new_session(server, token, workshop, title, purpose, **extra):
    created = server.api(
        "POST",
        f"/workshops/{workshop['id']}/sessions",
        token,
        json={
            "day": 1,
            "title": title,
            "kind": "worksheet",
            "purpose": purpose,
            "starts_at": "13:00",
            "ends_at": "14:00",
            **extra,
        },
    )
    assert created.status_code == 201, created.text
    session = created.json()
    opened = server.api("PATCH", f"/sessions/{session['id']}", token, json={"status": "open"})
    assert opened.status_code == 200, opened.text
    return session


@pytest.fixture
def hall(server):
    workshop, token = server.facilitator_workshop(PASSWORD)
    opds = server.api("GET", f"/workshops/{workshop['id']}/opds", token).json()["items"]
    return {
        "server": server,
        "token": token,
        "workshop": workshop,
        "opd": {o["code"]: o["id"] for o in opds},
        "readiness": new_session(server, token, workshop, "Analisis kesiapan", "readiness"),
        "swot": new_session(server, token, workshop, "SWOT per dimensi", "swot"),
        "vision": new_session(server, token, workshop, "Kata kunci visi", "vision"),
    }


def phone(hall, new_page, name, opd_code, viewport=PHONE):
    server = hall["server"]
    joined = requests.post(
        server.url + "/api/v1/join",
        json={"code": hall["workshop"]["code"], "name": name, "opd_id": hall["opd"][opd_code]},
        timeout=10,
    )
    assert joined.status_code == 201, joined.text
    page = new_page(**viewport)
    page.context.add_cookies(
        [{"name": "rembuk_device", "value": joined.json()["token"], "url": server.url}]
    )
    return page


def open_session(page, hall, key):
    page.goto(f"{hall['server'].url}/w/s/{hall[key]['id']}")
    expect(page.locator("#conn-status")).to_have_text("Tersambung")


def show(hall, session):
    r = hall["server"].api(
        "PUT",
        f"/workshops/{hall['workshop']['id']}/display",
        hall["token"],
        json={"view": "ideas", "session_id": session["id"]},
    )
    assert r.status_code == 200, r.text


def projector(hall, new_page, width=1920, height=1080):
    page = new_page(viewport={"width": width, "height": height})
    page.goto(f"{hall['server'].url}/projector/{hall['workshop']['projector_key']}")
    expect(page.locator("#conn-status")).to_have_attribute("data-state", "connected")
    return page


def rate(page, item_label, rating, note=None):
    """Rate one readiness item by its visible name (tapping the choice saves it)."""
    form = page.locator("form.ws-item", has=page.get_by_role("group", name=item_label))
    if note is not None:
        form.get_by_label("Catatan (opsional)").fill(note)
    form.get_by_role("radio", name=rating).check()
    expect(form.locator(".ws-current")).to_contain_text(f"Tersimpan: {rating}")


def cell(screen, item, rating):
    return screen.locator(f"tr.hm-row[data-item='{item}'] td[data-rating='{rating}'] .hm-pct")


def no_clipping(page, selector):
    """Every shown element of `selector` lies inside the window."""
    boxes = page.eval_on_selector_all(
        selector,
        "els => els.filter(e => !e.closest('[hidden]')).map(e => {"
        " const r = e.getBoundingClientRect(); return [r.right, r.bottom]; })",
    )
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    assert boxes, selector
    for right, bottom in boxes:
        assert right <= width + 0.5 and bottom <= height + 0.5, (selector, right, bottom)


def font_px(page, selector):
    return page.eval_on_selector_all(
        selector,
        "els => els.filter(e => !e.closest('[hidden]'))"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))",
    )


def test_three_phones_fill_readiness_and_swot_while_the_projector_follows(hall, new_page):
    screen = projector(hall, new_page)
    show(hall, hall["readiness"])
    expect(screen.locator("#worksheet-view")).to_be_visible()
    expect(screen.locator("#worksheet-title")).to_have_text("Analisis kesiapan")
    expect(cell(screen, "sdm", "baik")).to_have_text("–")

    rina = phone(hall, new_page, "Rina", "Bappeda")
    budi = phone(hall, new_page, "Budi", "Diskominfo")
    sari = phone(hall, new_page, "Sari", "Dinkes", viewport=SMALL_PHONE)
    for p in (rina, budi, sari):
        open_session(p, hall, "readiness")
    expect(rina.locator("#aspect-struktur-h")).to_contain_text("Struktur")

    rate(rina, "Sumber daya manusia (pelaksana dan penerima manfaat)", "Baik", "Ada 40 ASN TIK")
    expect(cell(screen, "sdm", "baik")).to_have_text("100%")
    rate(budi, "Sumber daya manusia (pelaksana dan penerima manfaat)", "Kurang")
    expect(cell(screen, "sdm", "baik")).to_have_text("50%")
    expect(cell(screen, "sdm", "kurang")).to_have_text("50%")
    rate(sari, "Sumber daya manusia (pelaksana dan penerima manfaat)", "Kurang")
    expect(cell(screen, "sdm", "kurang")).to_have_text("67%")
    expect(cell(screen, "sdm", "baik")).to_have_text("33%")
    rate(sari, "Infrastruktur digital / TIK (jaringan, pusat data)", "Sedang")
    expect(cell(screen, "digital", "sedang")).to_have_text("100%")
    # A second rating of the same item replaces the first: still three answers for sdm.
    rate(budi, "Sumber daya manusia (pelaksana dan penerima manfaat)", "Sedang")
    expect(cell(screen, "sdm", "sedang")).to_have_text("33%")
    expect(cell(screen, "sdm", "kurang")).to_have_text("33%")
    expect(screen.locator("tr.hm-row[data-item='sdm'] td.hm-n")).to_have_text("3")
    # The words are written in every cell (not colour alone).
    expect(
        screen.locator("tr.hm-row[data-item='sdm'] td[data-rating='sedang'] .hm-word")
    ).to_have_text("Sedang")
    # The rating survives a reload on the phone.
    rina.reload()
    expect(
        rina.get_by_role(
            "group", name="Sumber daya manusia (pelaksana dan penerima manfaat)"
        ).get_by_role("radio", name="Baik")
    ).to_be_checked()
    shoot(screen, "projector-readiness-1920")
    shoot(sari, "phone-readiness-360")

    # SWOT: the projector switches; entries arrive live in their quadrants.
    show(hall, hall["swot"])
    expect(screen.locator("#worksheet-title")).to_have_text("SWOT per dimensi")
    for p in (rina, budi, sari):
        open_session(p, hall, "swot")
    add_swot(rina, "Kekuatan", "Perizinan daring sudah berjalan di DPMPTSP")
    add_swot(budi, "Kelemahan", "Data antar-OPD belum terintegrasi", dimension="Tata Kelola Cerdas")
    add_swot(sari, "Peluang", "Dukungan program nasional 100 Smart City")
    add_swot(sari, "Ancaman", "Serangan siber terhadap layanan publik")
    quadrant = screen.locator(".swot-quadrant[data-quadrant='S'] .swot-entry")
    expect(quadrant).to_have_text(["Perizinan daring sudah berjalan di DPMPTSP"])
    for q, text in (
        ("W", "Data antar-OPD belum terintegrasi"),
        ("O", "Dukungan program nasional 100 Smart City"),
        ("T", "Serangan siber terhadap layanan publik"),
    ):
        expect(screen.locator(f".swot-quadrant[data-quadrant='{q}'] .swot-entry")).to_have_text(
            [text]
        )
    # Every phone sees the others' entries on its board, live.
    expect(rina.locator(".swot-q[data-quadrant='T'] .ws-entry-text")).to_have_text(
        ["Serangan siber terhadap layanan publik"]
    )
    # Many entries: the quadrants shrink, then page; nothing leaves the screen.
    for n in range(30):
        r = hall["server"].api(
            "POST",
            f"/sessions/{hall['swot']['id']}/entries",
            hall["token"],
            json={
                "quadrant": "SWOT"[n % 4],
                "text": f"Catatan nomor {n + 1} tentang kesiapan layanan digital kota",
                "client_id": f"seed-{n}",
            },
        )
        assert r.status_code == 201, r.text
    expect(screen.locator(".swot-quadrant[data-quadrant='S'] .swot-count")).to_have_text("(9)")
    no_clipping(screen, ".swot-entry")
    assert min(font_px(screen, ".swot-entry")) >= 24
    shoot(screen, "projector-swot-1920")
    shoot(rina, "phone-swot-390")


def add_swot(page, quadrant, text, dimension=None):
    page.get_by_role("radio", name=quadrant).check()
    page.get_by_label("Entri Anda (satu kalimat pendek)").fill(text)
    if dimension:
        page.get_by_label("Dimensi (opsional)").select_option(label=dimension)
    page.get_by_role("button", name="Kirim entri").click()
    expect(page.locator("#ws-form-status")).to_have_text("Terkirim")
    expect(page.locator(".ws-entry-text", has_text=text)).to_be_visible()


def test_vision_keywords_become_a_word_cloud_on_every_screen(hall, new_page):
    rina = phone(hall, new_page, "Rina", "Bappeda", viewport=SMALL_PHONE)
    open_session(rina, hall, "vision")
    field = rina.get_by_label("Kata kunci atau frasa pendek")
    field.fill("Kota cerdas")
    expect(rina.locator("#ws-text-counter")).to_have_text("11 dari 40 karakter")
    rina.get_by_role("button", name="Kirim kata kunci").click()
    expect(rina.locator("#ws-mine .ws-entry-text")).to_have_text(["Kota cerdas"])
    # Empty: the phone says so beside the field, nothing is queued.
    rina.get_by_role("button", name="Kirim kata kunci").click()
    expect(rina.locator("#ws-text-jserror, #ws-text-error")).to_contain_text("1–40 karakter")
    shoot(rina, "phone-vision-360")

    words = (
        ["Kota cerdas"] * 4
        + ["Pelayanan prima"] * 3
        + ["Hijau"] * 2
        + [
            "Berdaya saing",
            "Religius",
            "Inklusif",
            "Transparan",
            "Kolaboratif",
            "Berbudaya",
            "Sejahtera",
            "Aman dan nyaman",
        ]
    )
    for n, word in enumerate(words):
        r = hall["server"].api(
            "POST",
            f"/sessions/{hall['vision']['id']}/entries",
            hall["token"],
            json={"text": word, "client_id": f"kw-{n}"},
        )
        assert r.status_code == 201, r.text
    for width, height in ((1920, 1080), (1280, 720)):
        screen = projector(hall, new_page, width, height)
        show(hall, hall["vision"])
        biggest = screen.locator(".cloud-word", has_text="kota cerdas")
        expect(biggest).to_be_visible()
        expect(screen.locator(".cloud-word")).to_have_count(11)
        # Keywords are counted normalised (lower case, single spaces); the cloud settles on
        # sizes by count once its fetch and layout are done (a busy machine may take a while).
        screen.wait_for_function(
            """() => { const s = {};
              document.querySelectorAll('.cloud-word').forEach(e => {
                s[e.querySelector('.cloud-text').textContent] =
                  e.hidden ? 0 : parseFloat(getComputedStyle(e).fontSize); });
              return s['kota cerdas'] > s['pelayanan prima']
                && s['pelayanan prima'] > s['religius']; }""",
            timeout=15000,
        )
        sizes = dict(
            screen.eval_on_selector_all(
                ".cloud-word",
                "els => els.map(e => [e.querySelector('.cloud-text').textContent,"
                " e.hidden ? 0 : parseFloat(getComputedStyle(e).fontSize)])",
            )
        )
        assert sizes["kota cerdas"] > sizes["pelayanan prima"] > sizes["religius"]
        assert min(sizes.values()) >= 28
        no_clipping(screen, ".cloud-word")
        assert_no_overlap(screen, ".cloud-word")
        shoot(screen, f"projector-vision-{width}")


def assert_no_overlap(page, selector):
    boxes = page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })",
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] + 0.5 or b[2] <= a[0] + 0.5 or a[3] <= b[1] + 0.5
            assert apart or b[3] <= a[1] + 0.5, (a, b)


@pytest.mark.parametrize("size", [(1280, 720)])
def test_the_heat_map_and_quadrants_fit_a_small_projector(hall, new_page, size):
    server, token = hall["server"], hall["token"]
    for n, rating in enumerate(["baik", "sedang", "kurang", "kurang"]):
        joined = server.api(
            "POST",
            "/join",
            None,
            json={
                "code": hall["workshop"]["code"],
                "name": f"Peserta {n}",
                "opd_id": list(hall["opd"].values())[n],
            },
        )
        voter = joined.json()["token"]
        for aspect, item in (
            ("struktur", "sdm"),
            ("infrastruktur", "digital"),
            ("suprastruktur", "kebijakan"),
        ):
            r = server.api(
                "POST",
                f"/sessions/{hall['readiness']['id']}/entries",
                voter,
                json={"aspect": aspect, "item": item, "rating": rating, "client_id": f"r{n}{item}"},
            )
            assert r.status_code == 201, r.text
    screen = projector(hall, new_page, *size)
    show(hall, hall["readiness"])
    expect(cell(screen, "sdm", "kurang")).to_have_text("50%")
    no_clipping(screen, ".heatmap td, .heatmap th")
    assert min(font_px(screen, ".hm-pct")) >= 20
    shoot(screen, "projector-readiness-1280")
    for n in range(12):
        server.api(
            "POST",
            f"/sessions/{hall['swot']['id']}/entries",
            token,
            json={"quadrant": "SWOT"[n % 4], "text": f"Entri {n + 1}", "client_id": f"s{n}"},
        )
    show(hall, hall["swot"])
    expect(screen.locator(".swot-entry")).to_have_count(12)
    no_clipping(screen, ".swot-entry")
    shoot(screen, "projector-swot-1280")


def shoot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"worksheets-{name}.png"))


def test_entries_written_offline_arrive_once_when_the_network_returns(hall, new_page):
    rina = phone(hall, new_page, "Rina", "Bappeda")
    open_session(rina, hall, "swot")
    rina.context.set_offline(True)
    rina.get_by_role("radio", name="Kekuatan").check()
    rina.get_by_label("Entri Anda (satu kalimat pendek)").fill("Perizinan daring sudah berjalan")
    rina.get_by_role("button", name="Kirim entri").click()
    rina.get_by_role("radio", name="Ancaman").check()
    rina.get_by_label("Entri Anda (satu kalimat pendek)").fill("Serangan siber")
    rina.get_by_role("button", name="Kirim entri").click()
    expect(rina.locator("#conn-status")).to_have_text("Luring — 2 menunggu")
    expect(rina.locator("#ws-queue-note")).to_have_text(
        "Koneksi terputus. Entri Anda disimpan di perangkat ini dan akan terkirim otomatis."
    )
    expect(rina.locator("#ws-waiting .ws-entry[data-state='waiting']")).to_have_count(2)
    assert entries_of(hall, "swot") == []

    rina.context.set_offline(False)
    expect(rina.locator("#ws-waiting-panel")).to_be_hidden(timeout=20_000)
    expect(rina.locator(".swot-q[data-quadrant='S'] .ws-entry-text")).to_have_text(
        ["Perizinan daring sudah berjalan"]
    )
    expect(rina.locator("#conn-status")).to_have_text("Tersambung", timeout=20_000)
    assert sorted(e["text"] for e in entries_of(hall, "swot")) == [
        "Perizinan daring sudah berjalan",
        "Serangan siber",
    ]
    # A reload sends nothing twice.
    rina.reload()
    expect(rina.locator(".swot-q .ws-entry")).to_have_count(2)
    assert len(entries_of(hall, "swot")) == 2

    # Readiness offline: the item says it waits; online it is saved once.
    open_session(rina, hall, "readiness")
    rina.context.set_offline(True)
    form = rina.locator("#item-struktur-anggaran")
    form.get_by_role("radio", name="Kurang").check()
    expect(form.locator(".ws-current")).to_have_text("Menunggu dikirim")
    rina.context.set_offline(False)
    expect(form.locator(".ws-current")).to_contain_text("Tersimpan: Kurang", timeout=20_000)
    ratings = entries_of(hall, "readiness")
    assert [(e["item"], e["rating"]) for e in ratings] == [("anggaran", "kurang")]


def entries_of(hall, key):
    response = hall["server"].api("GET", f"/sessions/{hall[key]['id']}/entries", hall["token"])
    assert response.status_code == 200, response.text
    return response.json()["items"]
