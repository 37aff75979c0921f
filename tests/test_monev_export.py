"""The Laporan Monitoring dan Evaluasi (DOCX/PDF/MD) and its workbook (issue 17)."""

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import bearer
from tests.test_exports import docx_text, pdf_text, rich  # noqa: F401 (a fixture)
from workshop.export import FORMATS


@pytest.fixture
def reported(client, rich):  # noqa: F811 (the fixture imported above)
    """`rich` with progress reports through the API: three on programmes (two on one, by the
    responsible OPD), one on the Diskominfo action item (by the facilitator)."""
    ahmad = bearer(rich["people"][1][1])  # Diskominfo: responsible for every programme
    notes = client.get(
        f"/api/v1/sessions/{rich['program_session']['id']}/notes", headers=rich["fac"]
    ).get_json()["items"]
    action = next(n for n in notes if n["kind"] == "action")
    ids = rich["ids"]
    rows = [
        ("ideas", ids[0], 10, "berjalan", "catatan-pertama", ahmad),
        ("ideas", ids[1], 100, "selesai", "catatan-kedua", ahmad),
        ("ideas", ids[0], 45, "berjalan", "catatan-ketiga", ahmad),
        ("notes", action["id"], 30, "terhambat", "catatan-aksi", rich["fac"]),
    ]
    for n, (path, target_id, percent, status, note, headers) in enumerate(rows):
        body = {"percent": percent, "status": status, "note": note}
        if n == 0:
            body["evidence_url"] = "https://data.kotabogor.go.id/bukti"
        r = client.post(f"/api/v1/{path}/{target_id}/progress", json=body, headers=headers)
        assert r.status_code == 201, r.get_json()
    return rich


NOTES = ("catatan-pertama", "catatan-kedua", "catatan-ketiga", "catatan-aksi")


def download(client, workshop, headers, fmt):
    r = client.get(f"/api/v1/workshops/{workshop['id']}/export?format={fmt}", headers=headers)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    return r


@pytest.mark.parametrize(
    "fmt,name",
    [
        ("monev-docx", "laporan-monev-kota-bogor-{y}.docx"),
        ("monev-pdf", "laporan-monev-kota-bogor-{y}.pdf"),
        ("monev-md", "laporan-monev-kota-bogor-{y}.md"),
        ("monev", "data-monev-kota-bogor-{y}.xlsx"),
    ],
)
def test_monitoring_formats_are_registered_with_sensible_names(app, client, reported, fmt, name):
    assert fmt in FORMATS
    r = download(client, reported["workshop"], reported["fac"], fmt)
    year = reported["workshop"]["year"]
    assert r.headers["Content-Disposition"] == f'attachment; filename="{name.format(y=year)}"'


def test_docx_holds_every_report_once(app, client, reported):
    text = docx_text(download(client, reported["workshop"], reported["fac"], "monev-docx").data)
    assert "Laporan Monitoring dan Evaluasi" in text
    for note in NOTES:
        assert text.count(note) == 1, note
    assert "Susun KAK aplikasi perizinan" in text  # the action item, overdue since 2017
    assert "Terhambat — terlambat" in text


def test_pdf_and_markdown_hold_every_report(app, client, reported):
    md = download(client, reported["workshop"], reported["fac"], "monev-md").get_data(as_text=True)
    pdf = "".join(
        pdf_text(download(client, reported["workshop"], reported["fac"], "monev-pdf").data).split()
    )
    for note in NOTES:
        assert md.count(note) == 1
        assert note in pdf


def test_xlsx_has_one_row_per_report(app, client, reported):
    book = load_workbook(
        io.BytesIO(download(client, reported["workshop"], reported["fac"], "monev").data)
    )
    sheet = book["progress_reports"]
    header = [c.value for c in sheet[1]]
    rows = [
        dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    assert sorted(r["note"] for r in rows) == sorted(NOTES)
    assert [r["report_id"] for r in rows] == sorted(r["report_id"] for r in rows)
    assert [r["reporter"] for r in rows][:3] == ["Ahmad"] * 3  # a name, never a token
    latest = {r["note"]: r["latest"] for r in rows}
    assert latest == {
        "catatan-pertama": False,
        "catatan-kedua": True,
        "catatan-ketiga": True,
        "catatan-aksi": True,
    }
    items = book["items"]
    assert items.max_row - 1 == 6  # five programmes and one action item


def test_empty_workshop_report_says_so(client, auth):
    from tests.conftest import bearer

    owner = auth.create()
    workshop = auth.workshop(owner["id"], template="empty")
    r = download(client, workshop, bearer(auth.token()), "monev-md")
    assert "Belum ada program atau tindak lanjut yang dipantau." in r.get_data(as_text=True)


def test_follow_up_model_counts_as_the_monitoring_api(client, db, reported):
    """export/monev.py and the dashboard (workshop/followup.py, over the export dict) and
    GET /monitoring (rules/progress.py) name the same items, latest reports and overdue flags."""
    import datetime

    from workshop import followup
    from workshop.export import model

    wid = reported["workshop"]["id"]
    api = client.get(f"/api/v1/workshops/{wid}/monitoring", headers=reported["fac"]).get_json()
    theirs = {
        (i["target"], i["id"]): (i["percent"], i["status"], i["overdue"], len(i["history"]))
        for i in api["programmes"] + api["actions"]
    }
    ours = {
        (i["target"], i["target_id"]): (i["percent"], i["status"], i["overdue"], len(i["history"]))
        for i in followup.items(model.gather(db, wid), datetime.date.today())
    }
    assert ours == theirs
