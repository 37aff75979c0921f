"""The projector never hides a result and never says a dimension by colour alone (issue 16,
items 1 and 6): a 28-item poll is whole at 1920×1080 and 1280×720 in every results mode."""

import os
import random
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

PASSWORD = "rahasia-bimtek"
ITEMS = 28
DIMS = ["governance", "branding", "economy", "living", "society", "environment"]
SHORT = {"Tata Kelola", "Branding", "Ekonomi", "Kehidupan", "Masyarakat", "Lingkungan"}
SHOTS = Path(os.environ.get("PROJECTOR_SHOTS", "/tmp/projector-shots"))
TITLES = [
    "Integrasi PPDB online dengan data kependudukan untuk verifikasi zonasi otomatis",
    "Perizinan online satu pintu dengan pelacakan status",
    "Bank sampah digital",
    "Wifi publik di taman kota",
    "Kanal pengaduan online terpadu",
    "Smart parking di pusat kota",
    "Sistem informasi kesehatan ibu dan anak",
]


@pytest.fixture
def big_poll(server):
    """An open dots poll over 28 proposals, with ballots spread over them."""
    w, token = server.facilitator_workshop(PASSWORD)
    sessions = server.api("GET", f"/workshops/{w['id']}/sessions", token).json()["items"]
    session = next(s for s in sessions if s["kind"] == "ideas")
    server.api("PATCH", f"/sessions/{session['id']}", token, json={"status": "open"})
    for n in range(ITEMS):
        title = f"{TITLES[n % len(TITLES)]} {n + 1}"
        r = server.api(
            "POST",
            f"/sessions/{session['id']}/ideas",
            token,
            json={"title": title, "dimension": DIMS[n % len(DIMS)], "client_id": f"seed-{n}"},
        )
        assert r.status_code == 201, r.text
    poll = server.api(
        "POST",
        f"/sessions/{session['id']}/polls",
        token,
        json={"title": "Prioritas program", "method": "dots"},
    ).json()
    assert len(poll["idea_ids"]) == ITEMS
    server.api("POST", f"/polls/{poll['id']}/open", token)
    opds = server.api("GET", f"/workshops/{w['id']}/opds", token).json()["items"]
    rng = random.Random(16)
    ids = [str(i) for i in poll["idea_ids"]]
    for n in range(8):
        voter = server.api(
            "POST",
            "/join",
            None,
            json={"code": w["code"], "name": f"Peserta {n}", "opd_id": opds[n]["id"]},
        ).json()["token"]
        picks = rng.sample(ids, 3)
        server.api(
            "PUT",
            f"/polls/{poll['id']}/ballot",
            voter,
            json={"allocations": {picks[0]: 2, picks[1]: 1, picks[2]: 1}},
        )
    r = server.api(
        "PUT",
        f"/workshops/{w['id']}/display",
        token,
        json={"view": "results", "poll_id": poll["id"]},
    )
    assert r.status_code == 200, r.text
    return {"workshop": w, "poll": poll, "token": token}


CHECK = """() => {
    const box = document.querySelector('#results').getBoundingClientRect();
    const rows = [...document.querySelectorAll('#results .result-row')];
    const seen = [], clipped = [], bare = [];
    for (const row of rows) {
        const r = row.getBoundingClientRect();
        if (!r.width || !r.height) continue;  // not shown: must be accounted for by the note
        seen.push(row.dataset.ideaId);
        const inside = r.top >= -0.5 && r.left >= -0.5 && r.bottom <= innerHeight + 0.5
            && r.right <= innerWidth + 0.5 && r.bottom <= box.bottom + 0.5
            && r.right <= box.right + 0.5;
        if (!inside) clipped.push(row.dataset.ideaId);
        const chip = row.querySelector('.dim-chip');
        const c = chip && chip.getBoundingClientRect();
        if (!chip || !c.width || c.right > r.right + 0.5 || !chip.textContent.trim()) {
            bare.push(row.dataset.ideaId);
        }
    }
    const note = document.querySelector('#results-more');
    const n = note.getBoundingClientRect();
    return {
        total: rows.length,
        seen: seen.length,
        clipped,
        bare,
        chips: [...new Set(rows.map((r) => r.querySelector('.dim-chip')?.textContent))],
        note: note.hidden ? '' : note.textContent,
        noteInside: note.hidden || (n.bottom <= innerHeight + 0.5 && n.right <= innerWidth + 0.5),
        font: parseFloat(getComputedStyle(rows[0]).fontSize),
    };
}"""


def accounted(state, mode):
    """Every row is on screen whole, or the note says where the others are."""
    assert state["total"] == ITEMS
    assert state["clipped"] == [], state
    assert state["bare"] == [], state
    assert set(state["chips"]) <= SHORT, state["chips"]
    assert state["noteInside"], state
    if state["seen"] == ITEMS:
        return
    page_of = re.search(r"(\d+)–(\d+) dari (\d+)", state["note"])
    rest = re.search(r"\+(\d+) lainnya", state["note"])
    shown = ITEMS - (int(rest.group(1)) if rest else 0)
    if page_of:
        first, last, total = map(int, page_of.groups())
        assert total == shown and last - first + 1 == state["seen"], state
    else:
        assert rest and state["seen"] == shown, state


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
@pytest.mark.parametrize("mode", ["fit", "page", "top"])
def test_a_long_poll_is_whole_on_the_projector(server, big_poll, new_page, size, mode):
    width, height = size
    page = new_page(viewport={"width": width, "height": height})
    query = {"fit": "", "page": "?results=page", "top": "?results=top&top=10"}[mode]
    page.goto(f"{server.url}/projector/{big_poll['workshop']['projector_key']}{query}")
    expect(page.locator(".turnout")).to_contain_text("8 dari 8 peserta yang hadir hari ini memilih")
    page.wait_for_timeout(300)
    state = page.evaluate(CHECK)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"results-{mode}-{width}.png"))
    accounted(state, mode)
    assert state["font"] >= (24 if height >= 1080 else 20), state
    if mode == "fit":
        # Fit holds all 28 at 1080p; wherever it must page it says so.
        if height >= 1080:
            assert state["seen"] == ITEMS, state
    elif mode == "top":
        assert state["seen"] == 10 and "+18 lainnya" in state["note"], state
    else:
        assert state["seen"] < ITEMS and "dari 28" in state["note"], state
        first = state["note"]
        # The next page comes by itself, and it too is whole.
        expect(page.locator("#results-more")).not_to_have_text(first, timeout=12_000)
        state = page.evaluate(CHECK)
        page.screenshot(path=str(SHOTS / f"results-{mode}-{width}-next.png"))
        accounted(state, mode)


def test_the_console_choice_of_top_n_reaches_the_open_projector(server, big_poll, new_page):
    """The facilitator switches to "top 5" while the projector shows the results."""
    page = new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server.url}/projector/{big_poll['workshop']['projector_key']}")
    expect(page.locator(".turnout")).to_contain_text("8 dari 8 peserta yang hadir hari ini memilih")
    r = server.api(
        "PUT",
        f"/workshops/{big_poll['workshop']['id']}/display",
        big_poll["token"],
        json={
            "view": "results",
            "poll_id": big_poll["poll"]["id"],
            "results_mode": "top",
            "top_n": 5,
        },
    )
    assert r.status_code == 200, r.text
    expect(page.locator("#results-more")).to_contain_text("+23 lainnya")
    state = page.evaluate(CHECK)
    assert state["seen"] == 5, state
    accounted(state, "top")


def test_wall_cards_name_their_dimension(server, big_poll, new_page):
    w = big_poll["workshop"]
    page = new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server.url}/projector/{w['projector_key']}")
    expect(page.locator(".turnout")).to_be_visible()
    tokens = server.token("sari", PASSWORD)
    sessions = server.api("GET", f"/workshops/{w['id']}/sessions", tokens).json()["items"]
    session = next(s for s in sessions if s["kind"] == "ideas")
    server.api(
        "PUT",
        f"/workshops/{w['id']}/display",
        tokens,
        json={"view": "ideas", "session_id": session["id"]},
    )
    expect(page.locator(".wall-card").first).to_be_visible()
    tags = page.evaluate(
        "() => [...document.querySelectorAll('.wall-card')].map("
        "(c) => c.querySelector('.card-dim')?.textContent || '')"
    )
    assert len(tags) == ITEMS and set(tags) <= SHORT and "" not in tags, tags
    page.screenshot(path=str(SHOTS / "wall-1280.png"))


MATRIX_CHECK = """() => {
    const labels = [...document.querySelectorAll('.scatter .quadrant-label')]
        .map((t) => t.getBoundingClientRect());
    const points = [...document.querySelectorAll('.scatter .point circle')]
        .map((c) => c.getBoundingClientRect());
    const overlaps = (a, b) => a.left < b.right && b.left < a.right
        && a.top < b.bottom && b.top < a.bottom;
    const plot = document.querySelector('.scatter').getBoundingClientRect();
    const items = [...document.querySelectorAll('.scatter-legend li')];
    const shown = items.filter((li) => li.getBoundingClientRect().height > 0);
    const note = document.querySelector('#results-more');
    return {
        // the plot is drawn in a viewBox 560 units high, scaled to the element's height
        labelPx: parseFloat(getComputedStyle(document.querySelector('.scatter .quadrant-label'))
            .fontSize) * plot.height / 560,
        wrap: document.querySelector('.scatter-wrap').getBoundingClientRect().height,
        covered: points.filter((p) => labels.some((l) => overlaps(p, l))).length,
        points: points.length,
        plotShare: plot.width / innerWidth,
        plotHeightShare: plot.height / innerHeight,
        items: items.length,
        clipped: shown.filter((li) => {
            const r = li.getBoundingClientRect();
            return r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5;
        }).length,
        shown: shown.length,
        note: note.hidden ? '' : note.textContent,
    };
}"""


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_the_matrix_uses_the_screen_and_keeps_its_names_clear(server, big_poll, new_page, size):
    w, poll = big_poll["workshop"], big_poll["poll"]
    token = server.token("sari", PASSWORD)
    sessions = server.api("GET", f"/workshops/{w['id']}/sessions", token).json()["items"]
    session = next(s for s in sessions if s["kind"] == "ideas")
    matrix = server.api(
        "POST",
        f"/sessions/{session['id']}/polls",
        token,
        json={"title": "Dampak dan upaya", "method": "matrix"},
    ).json()
    server.api("POST", f"/polls/{poll['id']}/close", token)
    assert server.api("POST", f"/polls/{matrix['id']}/open", token).status_code == 200
    opds = server.api("GET", f"/workshops/{w['id']}/opds", token).json()["items"]
    rng = random.Random(6)
    corners = [(5, 1), (5, 5), (1, 1), (1, 5), (3, 3)]
    for n in range(3):
        voter = server.api(
            "POST",
            "/join",
            None,
            json={"code": w["code"], "name": f"Penilai {n}", "opd_id": opds[10 + n]["id"]},
        ).json()["token"]
        scores = {}
        for k, idea in enumerate(matrix["idea_ids"]):
            impact, effort = (
                corners[k] if k < len(corners) else (rng.randint(1, 5), rng.randint(1, 5))
            )
            scores[str(idea)] = {"impact": impact, "effort": effort}
        r = server.api("PUT", f"/polls/{matrix['id']}/ballot", voter, json={"scores": scores})
        assert r.status_code == 200, r.text
    width, height = size
    page = new_page(viewport={"width": width, "height": height})
    page.goto(f"{server.url}/projector/{w['projector_key']}")
    expect(page.locator("#conn-status")).to_have_attribute("data-state", "connected")
    server.api(
        "PUT",
        f"/workshops/{w['id']}/display",
        token,
        json={"view": "results", "poll_id": matrix["id"]},
    )
    expect(page.locator("#results-title")).to_have_text("Dampak dan upaya")
    expect(page.locator(".scatter .point").first).to_be_visible()
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"matrix-{width}.png"))
    state = page.evaluate(MATRIX_CHECK)
    assert state["points"] == ITEMS and state["covered"] == 0, state
    if height >= 1080:
        assert state["labelPx"] >= 28, state
    assert state["plotShare"] >= 0.4 and state["plotHeightShare"] >= 0.7, state
    assert state["clipped"] == 0, state
    if state["shown"] < state["items"]:
        assert f"+{state['items'] - state['shown']} lainnya" in state["note"], state
