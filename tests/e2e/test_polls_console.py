"""The facilitator runs polls in the browser while participants vote from their phones (API)."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.test_live import PASSWORD, login

pytestmark = pytest.mark.browser

TITLES = ["Perizinan online", "Bank sampah digital", "Wifi taman kota"]


@pytest.fixture
def hall(server):
    """Sari's workshop with three proposals in its first ideas session, and two participants."""
    workshop, token = server.facilitator_workshop(PASSWORD)
    sessions = server.api("GET", f"/workshops/{workshop['id']}/sessions", token).json()["items"]
    session = next(s for s in sessions if s["kind"] == "ideas")
    ideas = []
    for n, title in enumerate(TITLES):
        r = server.api(
            "POST",
            f"/sessions/{session['id']}/ideas",
            token,
            json={"title": title, "dimension": "governance", "client_id": f"e2e{n}"},
        )
        assert r.status_code == 201, r.text
        ideas.append(r.json()["id"])
    opds = server.api("GET", f"/workshops/{workshop['id']}/opds", token).json()["items"]
    bappeda = next(o["id"] for o in opds if o["code"] == "Bappeda")
    people = []
    for name in ("Rina", "Ahmad"):
        r = requests.post(
            f"{server.url}/api/v1/join",
            json={"code": workshop["code"], "name": name, "opd_id": bappeda},
            timeout=5,
        )
        assert r.status_code == 201, r.text
        people.append(r.json()["token"])
    url = f"{server.url}/workshops/{workshop['id']}/sessions/{session['id']}/polls"
    return {"token": token, "session": session, "ideas": ideas, "people": people, "url": url}


def vote(server, hall, person, poll_id, body):
    r = server.api("PUT", f"/polls/{poll_id}/ballot", hall["people"][person], json=body)
    assert r.status_code == 200, r.text


def test_dots_poll_live_results_close_and_decision(server, new_page, hall):
    page = new_page(viewport={"width": 1280, "height": 900})
    login(page, server, "sari")
    page.goto(hall["url"])
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    expect(page.get_by_text("Belum ada pemungutan suara di sesi ini")).to_be_visible()

    # Create: dots is the default method; the field stays empty (its hint says empty means
    # the default) and shows the default 5 as its placeholder; this session's proposals ticked.
    form = page.locator("#create-form")
    expect(form.get_by_label("Titik per pemilih")).to_have_value("")
    expect(form.get_by_label("Titik per pemilih")).to_have_attribute("placeholder", "5")
    expect(form.get_by_role("checkbox", name="Perizinan online")).to_be_checked()
    form.get_by_label("Judul").fill("Prioritas usulan tata kelola")
    form.get_by_label("Anonim").uncheck()
    form.get_by_role("button", name="Buat pemungutan suara").click()
    card = page.locator("article.poll-card")
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading", name="Prioritas usulan tata kelola")).to_be_visible()
    expect(card.locator('[data-ref="status"]')).to_have_text("Draf")
    poll_id = card.get_attribute("data-id")

    # Open it; the page is never reloaded from here on.
    page.evaluate("window.notReloaded = true")
    card.get_by_role("button", name=re.compile(r"^Buka pemungutan\s*:")).click()
    expect(card.locator('[data-ref="status"]')).to_have_text("Dibuka")
    expect(card.locator(".turnout")).to_have_text("0 dari 2 peserta yang hadir hari ini memilih")
    bars = card.locator("ol.result-bars")
    expect(bars.locator("li")).to_have_count(3)
    bars.evaluate("list => { list.dataset.marker = 'first' }")

    ids = hall["ideas"]
    vote(server, hall, 0, poll_id, {"allocations": {str(ids[1]): 3, str(ids[0]): 2}})
    expect(card.locator(".turnout")).to_have_text("1 dari 2 peserta yang hadir hari ini memilih")
    first = bars.locator("li").first
    expect(first.locator(".result-title")).to_have_text("Bank sampah digital")
    expect(first.locator(".result-value")).to_have_text("3 titik")

    vote(server, hall, 1, poll_id, {"allocations": {str(ids[0]): 3}})
    expect(card.locator(".turnout")).to_have_text("2 dari 2 peserta yang hadir hari ini memilih")
    expect(first.locator(".result-title")).to_have_text("Perizinan online")
    expect(first.locator(".result-value")).to_have_text("5 titik")
    expect(first.locator(".rank")).to_have_text("1")
    # The same list, updated in place; the page was not reloaded.
    assert bars.evaluate("list => list.dataset.marker") == "first"
    assert page.evaluate("window.notReloaded") is True

    # Per-OPD turnout and, for this named poll, who voted what.
    card.get_by_text("Partisipasi per OPD").click()
    expect(card.locator('[data-ref="opd-rows"] tr[data-voted="true"]')).to_have_text(
        re.compile(r"Bappeda\s*2\s*2")
    )
    card.get_by_text("Siapa memilih apa").click()
    expect(card.locator('[data-ref="votes-rows"] tr')).to_have_count(2)
    expect(card.locator('[data-ref="votes-rows"]')).to_contain_text("Rina")
    expect(card.locator('[data-ref="votes-rows"]')).to_contain_text("Bank sampah digital: 3")

    # Close, then record the decision.
    card.get_by_role("button", name=re.compile(r"^Tutup pemungutan\s*:")).click()
    expect(card.locator('[data-ref="status"]')).to_have_text("Ditutup")
    expect(card.get_by_role("button", name=re.compile("^Buka kembali"))).to_be_visible()
    card.locator("summary", has_text="Catat keputusan").click()
    card.get_by_label("Usulan", exact=True).select_option(
        label="1. Perizinan online (Tata Kelola Cerdas)"
    )
    card.get_by_role("textbox", name="Keputusan").fill("Quick win Smart Governance")
    card.get_by_label("Alasan").fill("Paling banyak dipilih dan murah.")
    card.get_by_role("button", name="Catat keputusan").click()
    decisions = card.locator('[data-ref="decisions"] li')
    expect(decisions).to_have_count(1)
    expect(decisions).to_contain_text("Quick win Smart Governance")
    expect(decisions).to_contain_text("Perizinan online")
    assert page.evaluate("window.notReloaded") is True

    recorded = server.api("GET", f"/polls/{poll_id}/decisions", hall["token"]).json()["items"]
    assert [(d["idea_id"], d["label"]) for d in recorded] == [
        (ids[0], "Quick win Smart Governance")
    ]


def test_bad_input_shows_field_messages_and_creates_nothing(server, new_page, hall):
    page = new_page()
    login(page, server, "sari")
    page.goto(hall["url"])
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    form = page.locator("#create-form")
    form.get_by_label("Judul").fill("")
    for title in TITLES:
        form.get_by_role("checkbox", name=title).uncheck()
    form.get_by_role("button", name="Buat pemungutan suara").click()
    expect(form.locator("#new-title-error")).to_contain_text("Judul wajib diisi")
    expect(form.get_by_label("Judul")).to_be_focused()
    expect(form.get_by_label("Judul")).to_have_attribute("aria-invalid", "true")
    # Fixed title, still no proposal: that message now, the title's is gone.
    form.get_by_label("Judul").fill("Prioritas")
    form.get_by_role("button", name="Buat pemungutan suara").click()
    expect(form.locator("#new-idea_ids-error")).to_have_text("Pilih paling sedikit satu usulan.")
    expect(form.locator("#new-title-error")).to_have_count(0)
    expect(form.get_by_label("Judul")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("article.poll-card")).to_have_count(0)
    polls = server.api("GET", f"/sessions/{hall['session']['id']}/polls", hall["token"]).json()
    assert polls["items"] == []


def test_matrix_poll_from_another_facilitator_shows_the_scatter(server, new_page, hall):
    page = new_page()
    login(page, server, "sari")
    page.goto(hall["url"])
    expect(page.locator("#conn-status")).to_have_text("Tersambung")

    # Created and opened from a script (another device): the page shows it live.
    r = server.api(
        "POST",
        f"/sessions/{hall['session']['id']}/polls",
        hall["token"],
        json={"title": "Dampak dan upaya", "method": "matrix"},
    )
    poll = r.json()
    card = page.locator(f"#poll-{poll['id']}")
    expect(card.locator('[data-ref="status"]')).to_have_text("Draf")
    assert server.api("POST", f"/polls/{poll['id']}/open", hall["token"]).status_code == 200
    expect(card.locator('[data-ref="status"]')).to_have_text("Dibuka")
    ids = hall["ideas"]
    vote(
        server,
        hall,
        0,
        poll["id"],
        {
            "scores": {
                str(ids[0]): {"impact": 5, "effort": 1},
                str(ids[2]): {"impact": 2, "effort": 4},
            }
        },
    )
    scatter = card.locator("svg.scatter")
    expect(scatter).to_be_visible()
    for label in ("Quick win", "Proyek besar", "Pengisi", "Hindari"):
        expect(scatter.locator("text.quadrant-label", has_text=label)).to_have_count(1)
    expect(scatter.locator("g.point")).to_have_count(2)
    expect(card.locator(".scatter-legend")).to_contain_text("Perizinan online — Dampak 5, Upaya 1")
    expect(card.locator(".turnout")).to_have_text("1 dari 2 peserta yang hadir hari ini memilih")

    # A vote while the page is offline shows up once it reconnects (it re-fetches).
    page.evaluate("Rembuk.socket.disconnect()")
    vote(server, hall, 1, poll["id"], {"scores": {str(ids[1]): {"impact": 4, "effort": 2}}})
    page.evaluate("Rembuk.socket.connect()")  # the push was sent while it was away
    expect(card.locator(".turnout")).to_have_text("2 dari 2 peserta yang hadir hari ini memilih")
    expect(scatter.locator("g.point")).to_have_count(3)


def test_scores_poll_with_edited_criteria(server, new_page, hall):
    page = new_page()
    login(page, server, "sari")
    page.goto(hall["url"])
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    form = page.locator("#create-form")
    form.get_by_label("Metode").select_option(label="Skor per kriteria")
    # Scores have no budget; the five quick-win criteria are there to edit.
    expect(form.get_by_label("Titik per pemilih")).to_be_hidden()
    expect(form.locator("tr.criterion-row")).to_have_count(5)
    expect(form.get_by_label("Kriteria 1", exact=True)).to_have_value("Dampak manfaat maksimal")
    form.get_by_role("button", name="Hapus kriteria 2").click()
    expect(form.locator("tr.criterion-row")).to_have_count(4)
    form.get_by_role("button", name="Tambah kriteria").click()
    expect(form.get_by_label("Kriteria 5", exact=True)).to_be_focused()
    page.keyboard.type("Biaya rendah")
    form.get_by_label("Bobot kriteria 5").fill("2")
    form.get_by_label("Judul").fill("Skor quick win")
    form.get_by_role("button", name="Buat pemungutan suara").click()
    expect(page.locator("article.poll-card")).to_have_count(1)
    polls = server.api("GET", f"/sessions/{hall['session']['id']}/polls", hall["token"]).json()
    [poll] = polls["items"]
    assert poll["method"] == "scores" and poll["budget"] is None
    assert [(c["key"], c["weight"]) for c in poll["criteria"]] == [
        ("impact", 1),
        ("foundation", 1),
        ("model", 1),
        ("momentum", 1),
        ("biaya_rendah", 2),
    ]
