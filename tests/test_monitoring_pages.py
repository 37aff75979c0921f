"""Issue 17's pages: the Dewan Smart City dashboard (facilitators and viewer accounts, read
only), its projector view, and the participant's follow-up list with its no-JS report form."""

import re

import pytest

from tests.conftest import PASSWORD, bearer, csrf_from
from tests.test_exports import rich  # noqa: F401 (a fixture)


@pytest.fixture
def ws(rich):  # noqa: F811 (the fixture imported above)
    """A Bimtek workshop mid-way (tests/test_exports.py `rich`): five programmes, all the
    responsibility of Diskominfo, and a Diskominfo action item due in 2017."""
    return rich


def report(client, target, target_id, headers, **body):
    body = {"percent": 50, "status": "berjalan", "note": "", **body}
    path = "ideas" if target == "idea" else "notes"
    return client.post(f"/api/v1/{path}/{target_id}/progress", json=body, headers=headers)


def diskominfo(ws):
    """Ahmad (Diskominfo: responsible for every programme of `ws`)."""
    return ws["people"][1]


def test_dashboard_shows_reports_per_dimension_and_opd(client, auth, ws):
    idea = ws["ids"][0]
    r = report(client, "idea", idea, bearer(diskominfo(ws)[1]), percent=40, note="uji coba")
    assert r.status_code == 201, r.get_json()
    auth.login()
    page = client.get(f"/workshops/{ws['workshop']['id']}/dashboard")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="monev-report-count">1<' in html
    assert "Kemajuan per dimensi" in html and "Kemajuan per OPD" in html
    assert re.search(rf'data-target="idea-{idea}".*?40%', html, re.S)
    assert '<svg class="trend-chart"' in html
    assert "data-fu-form" not in html  # read-only
    printable = client.get(f"/workshops/{ws['workshop']['id']}/monev")
    assert printable.status_code == 200
    assert "Laporan Monitoring dan Evaluasi" in printable.get_data(as_text=True)


def test_outsiders_do_not_see_the_dashboard(client, auth, ws):
    auth.create("budi")
    auth.login("budi")
    assert client.get(f"/workshops/{ws['workshop']['id']}/dashboard").status_code == 404
    assert client.get(f"/workshops/{ws['workshop']['id']}/monev").status_code == 404


def test_viewer_reads_dashboard_and_exports_but_is_offered_no_report_form(
    app, client, runner, auth, ws
):
    result = runner.invoke(args=["facilitator", "add", "dewan", "--password", PASSWORD, "--viewer"])
    assert result.exit_code == 0, result.output
    wid = ws["workshop"]["id"]
    added = client.post(
        f"/api/v1/workshops/{wid}/facilitators", json={"username": "dewan"}, headers=ws["fac"]
    )
    assert added.status_code == 201, added.get_json()
    viewer = bearer(auth.token("dewan"))
    app.config["EXPORT_IN_CHILD"] = False
    for fmt in ("monev-docx", "monev", "monev-md"):
        r = client.get(f"/api/v1/workshops/{wid}/export?format={fmt}", headers=viewer)
        assert r.status_code == 200, (fmt, r.get_data(as_text=True)[:300])
    assert report(client, "idea", ws["ids"][0], viewer).status_code == 403
    auth.login("dewan")
    page = client.get(f"/workshops/{wid}/dashboard")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Dasbor monitoring" in html
    assert "data-fu-form" not in html and "Laporkan kemajuan" not in html
    assert client.get("/w/tindak-lanjut").status_code == 302  # not a participant


def test_display_dashboard_and_its_projector_view(client, auth, ws):
    wid = ws["workshop"]["id"]
    r = client.put(
        f"/api/v1/workshops/{wid}/display", json={"view": "dashboard"}, headers=ws["fac"]
    )
    assert r.status_code == 200 and r.get_json()["view"] == "dashboard"
    assert r.get_json()["text"] == ""
    key = ws["workshop"]["projector_key"]
    shown = client.get(f"/api/v1/workshops/{wid}/display", headers=bearer(key))
    assert shown.get_json()["view"] == "dashboard"
    fragment = client.get(f"/projector/{key}/dashboard")
    assert fragment.status_code == 200
    assert 'id="dash-content"' in fragment.get_data(as_text=True)
    assert client.get("/projector/not-a-key/dashboard").status_code == 404
    # A message still shows as a message afterwards.
    r = client.put(
        f"/api/v1/workshops/{wid}/display",
        json={"view": "message", "text": "Istirahat"},
        headers=ws["fac"],
    )
    assert r.get_json()["view"] == "message" and r.get_json()["text"] == "Istirahat"


def participant_client(app, token):
    """A browser of that participant (the device cookie)."""
    browser = app.test_client()
    browser.set_cookie("rembuk_device", token)
    return browser


def test_followup_section_and_no_js_report(app, db, ws):
    person = participant_client(app, diskominfo(ws)[1])
    home = person.get("/w")
    assert home.status_code == 200
    html = home.get_data(as_text=True)
    assert "Tindak lanjut OPD saya" in html
    assert "Perizinan online terpadu" in html
    page = person.get("/w/tindak-lanjut")
    html = page.get_data(as_text=True)
    token = csrf_from(html)
    idea = ws["ids"][0]
    url = f"/w/tindak-lanjut/idea/{idea}"
    bad = person.post(url, data={"csrf_token": token, "percent": "140", "status": "berjalan"})
    assert bad.status_code == 422
    assert "0 dan 100" in bad.get_data(as_text=True) or "0–100" in bad.get_data(as_text=True)
    assert db.execute("SELECT COUNT(*) FROM progress_reports").fetchone()[0] == 0
    good = person.post(
        url,
        data={"csrf_token": token, "percent": "35", "status": "berjalan", "note": "tanpa JS"},
    )
    assert good.status_code == 302 and "saved=1" in good.headers["Location"]
    assert db.execute("SELECT percent FROM progress_reports").fetchone()[0] == 35
    after = person.get(good.headers["Location"]).get_data(as_text=True)
    assert "Laporan tersimpan." in after and "35%" in after


def test_followup_report_on_another_opds_item_is_refused(app, db, ws):
    rina = participant_client(app, ws["people"][0][1])  # Bappeda: responsible for nothing
    token = csrf_from(rina.get("/w/tindak-lanjut").get_data(as_text=True))
    r = rina.post(
        f"/w/tindak-lanjut/idea/{ws['ids'][0]}",
        data={"csrf_token": token, "percent": "10", "status": "berjalan"},
    )
    assert r.status_code == 403
    assert db.execute("SELECT COUNT(*) FROM progress_reports").fetchone()[0] == 0
