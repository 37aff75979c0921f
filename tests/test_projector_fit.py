"""The projector's results modes (issue 16, items 1 and 6): the words the screen needs to say
where hidden rows are, and the legibility floors the browser test checks, pinned to the JS."""

import re
from pathlib import Path

from tests.conftest import bearer

ROOT = Path(__file__).resolve().parents[1]
JS = (ROOT / "static/js/projector.js").read_text()
E2E = (ROOT / "tests/e2e/test_projector_fit.py").read_text()


def test_the_screen_carries_the_paging_and_rest_words_in_indonesian(auth, client):
    auth.create("alice")
    token = auth.token("alice")
    w = client.post(
        "/api/v1/workshops",
        json={"title": "Bimtek", "city": "Kota Bogor", "starts_on": "2026-12-07"},
        headers=bearer(token),
    ).get_json()
    html = client.get(f"/projector/{w['projector_key']}").get_data(as_text=True)
    assert 'data-range="{from}–{to} dari {total}"' in html
    assert 'data-rest="+{n} lainnya"' in html
    assert 'id="results-more"' in html


def test_the_legibility_floor_in_the_js_is_the_one_the_browser_test_checks():
    # fit shrinks rows to max(20 px, 2.22 vh): 24 px at 1080p, 20 px at 720p
    assert "var small = Math.max(20, window.innerHeight * 0.0222);" in JS
    assert round(1080 * 0.0222) == 24 and max(20, 720 * 0.0222) == 20
    assert "(24 if height >= 1080 else 20)" in E2E
    assert re.search(r'\["fit", "page", "top"\]', JS)


def test_the_facilitator_chooses_how_long_results_show(client, auth):
    """PUT /display takes results_mode and top_n; leaving them out keeps the screen's choice."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    fac = {"Authorization": f"Bearer {auth.token()}"}
    url = f"/api/v1/workshops/{workshop['id']}/display"
    assert client.get(url, headers=fac).get_json()["results_mode"] == "fit"
    r = client.put(url, json={"view": "join", "results_mode": "top", "top_n": 5}, headers=fac)
    assert r.status_code == 200 and r.get_json()["results_mode"] == "top"
    kept = client.put(url, json={"view": "agenda"}, headers=fac).get_json()
    assert (kept["results_mode"], kept["top_n"]) == ("top", 5)
    for bad in ({"results_mode": "zoom"}, {"top_n": 500}, {"top_n": 1}):
        refused = client.put(url, json={"view": "join", **bad}, headers=fac)
        assert refused.status_code == 422
        assert set(refused.get_json()["error"]["fields"]) == set(bad)
    assert client.get(url, headers=fac).get_json()["results_mode"] == "top"
