"""Exports: the Draf Masterplan (DOCX, PDF, Markdown), session summaries, raw data, round trip."""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import zipfile

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import bearer
from tests.documents import (  # noqa: F401 (docx_text, pdf_text, squeeze: other modules)
    PROGRAMME_COLUMNS,
    docx_text,
    md_row,
    pdf_text,
    programme_tables,
    session_with,
    squeeze,
    table_rows,
)
from tests.test_worksheet_document import fill_worksheets
from workshop import create_app
from workshop.db import open_app_db
from workshop.export import FORMATS, model
from workshop.export.jsondump import comparable
from workshop.store import accounts, workshops

CRITERIA = ["impact", "resources", "foundation", "model", "momentum"]
# Proposals of the program session: (title, dimension, element, horizon, budget, proposer).
PROGRAMS = [
    ("Perizinan online terpadu", "governance", "service", "short", 1_500_000, 0),
    ("Aplikasi e-Musrenbang", "governance", "policy", "medium", 750_000_000, 1),
    ("Bank sampah digital", "environment", None, "quick_win", 25_000_000, 2),
    ("Wifi taman kota", "society", None, "quick_win", None, 0),
    ("Smart parking Jalan Suryakencana", "living", None, "long", 2_000_000_000, 1),
]
# Dots per voter (index into PROGRAMS) → the expected order within each dimension.
DOTS = [{1: 3, 0: 1, 4: 1}, {1: 2, 2: 3}, {0: 1, 3: 4}]
TOP = {
    "governance": "Aplikasi e-Musrenbang",
    "environment": "Bank sampah digital",
    "society": "Wifi taman kota",
    "living": "Smart parking Jalan Suryakencana",
}


@pytest.fixture
def rich(app, auth, client):
    """A Bimtek workshop mid-way: programs, a closed dots poll, an anonymous scores poll with
    a decision, a named ranking poll still open, notes, decisions and action items."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    fac = bearer(auth.token())
    programs = session_with(client, workshop, "usulan program", fac)
    quick = session_with(client, workshop, "quick win", fac)
    client.patch(f"/api/v1/sessions/{programs['id']}", json={"status": "open"}, headers=fac)
    opds = {
        o["code"]: o["id"]
        for o in client.get(f"/api/v1/workshops/{workshop['id']}/opds", headers=fac).get_json()[
            "items"
        ]
    }
    people = [
        auth.participant(workshop, name, opd)
        for name, opd in [("Rina", "Bappeda"), ("Ahmad", "Diskominfo"), ("Dewi", "Dinkes")]
    ]
    ids = []
    for n, (title, dim, element, horizon, budget, who) in enumerate(PROGRAMS):
        body = {
            "title": title,
            "dimension": dim,
            "element": element,
            "horizon": horizon,
            "budget_idr": budget,
            "funding_source": "APBD",
            "problem": "Layanan lambat",
            "description": f"Uraian {title}",
            "responsible_opd_id": opds["Diskominfo"],
            "client_id": f"seed-{n}",
        }
        r = client.post(
            f"/api/v1/sessions/{programs['id']}/ideas",
            json={k: v for k, v in body.items() if v is not None},
            headers=bearer(people[who][1]),
        )
        assert r.status_code == 201, r.get_json()
        ids.append(r.get_json()["id"])

    def poll(session, **fields):
        r = client.post(f"/api/v1/sessions/{session['id']}/polls", json=fields, headers=fac)
        assert r.status_code == 201, r.get_json()
        p = r.get_json()
        assert client.post(f"/api/v1/polls/{p['id']}/open", headers=fac).status_code == 200
        return p

    def vote(p, who, body):
        r = client.put(f"/api/v1/polls/{p['id']}/ballot", json=body, headers=bearer(who[1]))
        assert r.status_code == 200, r.get_json()

    dots = poll(programs, title="Prioritas program", method="dots", budget=5, anonymous=False)
    for who, alloc in zip(people, DOTS, strict=True):
        vote(dots, who, {"allocations": {str(ids[k]): v for k, v in alloc.items()}})
    client.post(f"/api/v1/polls/{dots['id']}/close", headers=fac)
    scores = poll(quick, title="Pemilihan quick win", method="scores", idea_ids=ids[2:4])
    for n, who in enumerate(people):
        vote(
            scores,
            who,
            {
                "scores": {
                    str(ids[2]): {c: 5 - (n + j) % 2 for j, c in enumerate(CRITERIA)},
                    str(ids[3]): {c: 2 + (n + j) % 2 for j, c in enumerate(CRITERIA)},
                }
            },
        )
    client.post(f"/api/v1/polls/{scores['id']}/close", headers=fac)
    r = client.post(
        f"/api/v1/polls/{scores['id']}/decisions",
        json={"idea_id": ids[2], "label": "Quick win", "reason": "Skor kriteria tertinggi"},
        headers=fac,
    )
    assert r.status_code == 201, r.get_json()
    ranking = poll(
        quick, title="Urutan pelaksanaan", method="ranking", anonymous=False, idea_ids=ids
    )
    vote(ranking, people[0], {"ranking": [ids[3], ids[0]]})
    notes = [
        ("note", "## Catatan diskusi\n\n- Perizinan perlu **integrasi** data\n- Wifi di taman"),
        ("decision", "Lima program disepakati untuk dibahas di Bappeda"),
        ("action", "Susun KAK aplikasi perizinan"),
    ]
    for kind, text in notes:
        extra = {"opd_id": opds["Diskominfo"], "due_on": "2017-09-01"} if kind == "action" else {}
        r = client.post(
            f"/api/v1/sessions/{programs['id']}/notes",
            json={"kind": kind, "body": text, **extra},
            headers=fac,
        )
        assert r.status_code == 201, r.get_json()
    return {
        "workshop": workshop,
        "fac": fac,
        "ids": ids,
        "people": people,
        "program_session": programs,
        "polls": {"dots": dots, "scores": scores, "ranking": ranking},
        "owner": owner,
    }


def export(client, rich, fmt, **params):
    query = "&".join(f"{k}={v}" for k, v in {"format": fmt, **params}.items())
    r = client.get(
        f"/api/v1/workshops/{rich['workshop']['id']}/export?{query}", headers=rich["fac"]
    )
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    return r


# -- access and formats ------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt,media,name",
    [
        ("docx", "wordprocessingml", "draf-masterplan-kota-bogor-{y}.docx"),
        ("pdf", "application/pdf", "draf-masterplan-kota-bogor-{y}.pdf"),
        ("md", "text/markdown", "draf-masterplan-kota-bogor-{y}.md"),
        ("xlsx", "spreadsheetml", "data-kota-bogor-{y}.xlsx"),
        ("json", "application/json", "data-kota-bogor-{y}.json"),
        ("csv", "application/zip", "data-kota-bogor-{y}.zip"),
        ("sqlite", "sqlite", "data-kota-bogor-{y}.sqlite"),
    ],
)
def test_every_format_downloads_with_a_sensible_name(client, rich, fmt, media, name):
    r = export(client, rich, fmt)
    assert media in r.headers["Content-Type"]
    year = rich["workshop"]["year"]
    assert r.headers["Content-Disposition"] == f'attachment; filename="{name.format(y=year)}"'
    assert r.headers["Cache-Control"] == "no-store"
    assert len(r.data) > 500


@pytest.mark.parametrize("fmt", ["", "doc", "PDF", "xls", "html", "csv.zip"])
def test_unknown_format_is_400_naming_the_formats(client, rich, fmt):
    r = client.get(
        f"/api/v1/workshops/{rich['workshop']['id']}/export?format={fmt}", headers=rich["fac"]
    )
    assert r.status_code == 400
    error = r.get_json()["error"]
    assert error["code"] == "unknown_format"
    for name in FORMATS:
        assert name in error["message"]


def test_who_may_export(client, auth, rich):
    wid = rich["workshop"]["id"]
    url = f"/api/v1/workshops/{wid}/export?format=md"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=bearer(rich["people"][0][1])).status_code == 403
    projector = rich["workshop"]["projector_key"]
    assert client.get(url, headers=bearer(projector)).status_code == 403
    auth.create("bob")
    other = bearer(auth.token("bob"))
    assert client.get(url, headers=other).status_code == 404
    assert client.get(url.replace("format=md", "format=nope"), headers=other).status_code == 404
    r = client.get(f"/api/v1/workshops/{wid + 999}/export?format=md", headers=rich["fac"])
    assert r.status_code == 404
    assert r.get_json()["error"]["code"] == "not_found"
    summary = f"/api/v1/sessions/{rich['program_session']['id']}/summary?format=md"
    assert client.get(summary, headers=bearer(rich["people"][0][1])).status_code == 403
    assert client.get(summary, headers=other).status_code == 404


def test_facilitator_cookie_session_downloads_from_the_menu(client, auth, rich):
    auth.login()
    page = client.get(f"/workshops/{rich['workshop']['id']}").get_data(as_text=True)
    assert "Ekspor" in page
    assert f"/api/v1/workshops/{rich['workshop']['id']}/export?format=docx" in page
    r = client.get(f"/api/v1/workshops/{rich['workshop']['id']}/export?format=md")
    assert r.status_code == 200
    assert r.data.startswith(b"# Draf Masterplan Smart City")


# -- the documents -----------------------------------------------------------------------

CHAPTERS_ID = [
    "1. Pendahuluan",
    "2. Analisis Strategis",
    "3. Visi dan Misi Smart City",
    "4. Strategi per Dimensi",
    "5. Rencana Program dan Rencana Aksi",
    "6. Quick Win",
    "7. Peta Jalan",
    "8. Rencana Pembiayaan",
    "9. Kelembagaan dan Tata Kelola",
    "10. Monitoring dan Evaluasi",
    "11. Tindak Lanjut",
    "12. Penutup",
    "Lampiran",
]


def test_docx_has_headings_toc_tables_and_page_numbers(client, rich):
    doc = read_docx(io.BytesIO(export(client, rich, "docx").data))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == CHAPTERS_ID
    body = doc.element.body.xml
    assert 'TOC \\o "1-3"' in body
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert doc.core_properties.title.startswith("Draf Masterplan Smart City Kota Bogor Tahun")
    programs = programme_tables(doc)
    assert len(programs) == len(TOP)  # one program table per dimension with programs
    header = [c.text for c in programs[0].rows[0].cells]
    # The columns in the outline's order; one empty for every programme of the dimension
    # is left out and named under the table.
    assert header == [h for h in PROGRAMME_COLUMNS if h in header]
    left_out = [h for h in PROGRAMME_COLUMNS if h not in header]
    assert "Elemen" in header and "Anggaran (Rp)" in header and "Peringkat" in header
    text = "\n".join(p.text for p in doc.paragraphs)
    if left_out:
        assert "kolomnya tidak dicetak): " + ", ".join(left_out) + "." in text
    assert 'w:tblHeader w:val="true"' in programs[0].rows[0]._tr.xml
    rows = table_rows(programs[0])
    governance = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert governance[0]["Program"] == "Aplikasi e-Musrenbang"
    assert governance[0]["Elemen"] == "Kebijakan publik"
    assert governance[0]["Anggaran (Rp)"] == "750.000.000"
    assert (governance[0]["Skor"], governance[0]["Peringkat"]) == ("5", "1")
    assert governance[0].get("Quick win", "") == ""
    assert governance[1]["Program"] == "Perizinan online terpadu"
    assert governance[1]["Anggaran (Rp)"] == "1.500.000"
    assert (governance[1]["Skor"], governance[1]["Peringkat"]) == ("2", "2")
    # Chapter 5 is printed in landscape.
    landscape = [s for s in doc.sections if s.page_width > s.page_height]
    assert landscape


def test_docx_quick_wins_decisions_and_annexes(client, rich):
    text = docx_text(export(client, rich, "docx").data)
    assert "Bank sampah digital" in text and "Skor kriteria tertinggi" in text
    assert "Dampak manfaat maksimal" in text  # the criteria that chose it
    assert "Susun KAK aplikasi perizinan" in text and "1 September 2017" in text
    assert "Lima program disepakati untuk dibahas di Bappeda" in text
    assert "Catatan diskusi" in text and "integrasi" in text
    # Annex: attendance per day and OPD, every poll with turnout and ballots.
    assert "Daftar hadir per hari dan OPD" in text
    assert "Urutan pelaksanaan" in text and "1 dari 3 memilih" in text
    assert "3 dari 3 memilih" in text


def test_every_chapter_has_content_or_a_marked_placeholder(client, rich):
    md = export(client, rich, "md").get_data(as_text=True)
    for chapter in CHAPTERS_ID:
        assert f"## {chapter}" in md
    # Nothing was collected for readiness, issues, SWOT or the vision in this workshop.
    assert md.count("Belum diisi dalam Bimtek — lengkapi") >= 4
    cells = md_row(md, "Aplikasi e-Musrenbang")
    assert cells["Anggaran (Rp)"] == "750.000.000" and cells["Peringkat"] == "1"


def test_pdf_names_the_top_program_of_each_dimension(client, rich, tmp_path):
    raw = export(client, rich, "pdf").data
    reader = PdfReader(io.BytesIO(raw))
    assert len(reader.pages) > 5
    first = reader.pages[0].mediabox
    assert (round(first.width), round(first.height)) == (595, 842)  # A4
    assert any(p.mediabox.width > p.mediabox.height for p in reader.pages)  # chapter 5
    text = pdf_text(raw)
    assert "Draf Masterplan Smart City" in text
    for title in TOP.values():
        assert squeeze(title) in squeeze(text)
    assert f"2 / {len(reader.pages)}" in text  # page numbers
    # The pages render (poppler): the cover has ink on it, the title page is not blank.
    if not shutil.which("pdftoppm"):
        if os.environ.get("CI"):
            pytest.fail("pdftoppm is missing: apt-get install poppler-utils (bash .ci/run does)")
        pytest.skip("pdftoppm is missing")
    (tmp_path / "masterplan.pdf").write_bytes(raw)
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "30", "-f", "1", "-l", "3", "masterplan.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert len(pages) == 3
    for page in pages:
        pixels = page.read_bytes().split(b"\n", 3)[3]  # after "P5", size and depth
        dark = sum(1 for value in pixels if value < 128)
        assert 0.001 < dark / len(pixels) < 0.5, page.name


def test_english_when_asked(client, rich):
    md = export(client, rich, "md", lang="en").get_data(as_text=True)
    assert md.startswith("# Draft Smart City Masterplan")
    assert "## 1. Introduction" in md and "## 11. Follow-up" in md
    assert "Smart Governance" in md and "Not filled in during the workshop" in md


# -- raw data ----------------------------------------------------------------------------


def test_xlsx_sheets_frozen_headers_and_types(client, rich):
    wb = load_workbook(io.BytesIO(export(client, rich, "xlsx").data))
    for name in ("ideas", "polls", "ballots", "results", "attendance", "notes", "opds"):
        assert name in wb.sheetnames
        assert wb[name].freeze_panes == "A2"
    ideas = wb["ideas"]
    header = [c.value for c in ideas[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in ideas.iter_rows(2)]
    assert [r["title"] for r in rows] == [p[0] for p in PROGRAMS]
    assert rows[1]["budget_idr"] == 750_000_000
    assert rows[3]["budget_idr"] is None
    assert rows[0]["created_at"].year == rich["workshop"]["year"]
    days = wb["days"]
    assert days.cell(row=2, column=3).is_date
    polls = {r[2].value: r for r in wb["polls"].iter_rows(2)}
    assert set(polls) == {"Prioritas program", "Pemilihan quick win", "Urutan pelaksanaan"}
    results = [[c.value for c in row] for row in wb["results"].iter_rows(2)]
    dots = rich["polls"]["dots"]["id"]
    assert sorted((r[3], r[6]) for r in results if r[0] == dots) == sorted(
        zip(rich["ids"], [2, 5, 3, 4, 1], strict=True)
    )


def test_csv_zip_has_one_file_per_table(client, rich):
    archive = zipfile.ZipFile(io.BytesIO(export(client, rich, "csv").data))
    names = set(archive.namelist())
    assert {"README.txt", "ideas.csv", "ballots.csv", "polls.csv", "attendance.csv"} <= names
    text = archive.read("ideas.csv").decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert lines[0].startswith("id,session_id,participant_id")
    assert len(lines) == 1 + len(PROGRAMS)
    assert "Aplikasi e-Musrenbang" in text


def test_anonymous_polls_carry_no_voter_in_any_format(client, db, rich):
    scores = rich["polls"]["scores"]["id"]
    keys = [
        r["voter_key"]
        for r in db.query("SELECT voter_key FROM ballots WHERE poll_id = ?", [scores])
    ]
    assert len(keys) == 3
    data = json.loads(export(client, rich, "json").data)
    anonymous = next(p for p in data["polls"] if p["id"] == scores)
    assert anonymous["anonymous"] is True
    assert [set(b) for b in anonymous["ballots"]] == [{"body"}] * 3
    named = next(p for p in data["polls"] if p["id"] == rich["polls"]["dots"]["id"])
    assert {b["participant_id"] for b in named["ballots"]} == {p[0]["id"] for p in rich["people"]}
    wb = load_workbook(io.BytesIO(export(client, rich, "xlsx").data))
    header = [c.value for c in wb["ballots"][1]]
    for row in wb["ballots"].iter_rows(2):
        values = dict(zip(header, [c.value for c in row], strict=True))
        if values["poll_id"] == scores:
            assert values["participant_id"] is None and values["voter_key"] is None
            assert values["opd_id"] is None and values["id"] is None
    blobs = [export(client, rich, f).data for f in ("json", "md", "csv", "sqlite")]
    blobs.append(zipfile.ZipFile(io.BytesIO(export(client, rich, "csv").data)).read("ballots.csv"))
    for blob in blobs:
        for key in keys:
            assert key.encode() not in blob
    md = export(client, rich, "md").get_data(as_text=True)
    section = md[md.index("#### Pemilihan quick win") : md.index("#### Urutan pelaksanaan")]
    assert "surat suara diacak" in section
    assert "Rina" not in section and "Dewi" not in section


def test_sqlite_snapshot_keeps_one_workshop_and_no_secrets(client, auth, db, rich, tmp_path):
    other = auth.workshop(rich["owner"]["id"], title="Bimtek Kota Lain")
    auth.participant(other, "Orang Lain", "Bappeda")
    path = tmp_path / "snapshot.sqlite"
    path.write_bytes(export(client, rich, "sqlite").data)
    snap = sqlite3.connect(path)
    assert snap.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert snap.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
    expected = model.count_rows(db, rich["workshop"]["id"])
    for table, n in expected.items():
        assert snap.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == n, table  # noqa: S608
    assert snap.execute("SELECT COUNT(*) FROM api_tokens").fetchone()[0] == 0
    assert {r[0] for r in snap.execute("SELECT password_hash FROM facilitators")} == {""}
    assert all(r[0].startswith("removed-") for r in snap.execute("SELECT token_hash FROM devices"))
    assert snap.execute("SELECT projector_key FROM workshops").fetchone()[0].startswith("removed-")
    assert "Orang Lain" not in {r[0] for r in snap.execute("SELECT name FROM participants")}
    scores = rich["polls"]["scores"]["id"]
    rows = snap.execute(
        "SELECT voter_key, participant_id, opd_id, changed_by FROM ballots WHERE poll_id = ?",
        [scores],
    ).fetchall()
    assert len(rows) == 3
    assert all(r[0].startswith("anonymous-") and r[1:] == (None, None, None) for r in rows)
    named = snap.execute(
        "SELECT participant_id FROM ballots WHERE poll_id = ?", [rich["polls"]["dots"]["id"]]
    ).fetchall()
    assert {r[0] for r in named} == {p[0]["id"] for p in rich["people"]}
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        snap.execute("DELETE FROM audit")
    raw = path.read_bytes()
    assert b"Orang Lain" not in raw and rich["workshop"]["projector_key"].encode() not in raw


def test_json_round_trip_into_another_server(client, db, rich, tmp_path):
    people = {
        name: token
        for (person, token), name in zip(rich["people"], ("Rina", "Ahmad", "Dewi"), strict=True)
    }
    fill_worksheets(client, db, rich["workshop"], rich["fac"], people)
    first = export(client, rich, "json").data
    assert len(json.loads(first)["entries"]) > 10 and json.loads(first)["vision"]["missions"]
    dump = tmp_path / "workshop.json"
    dump.write_bytes(first)
    target = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "other.db"),
            "INSTANCE_PATH": str(tmp_path / "other"),
            "LAN_ADDRESSES": ["192.0.2.11"],
        }
    )
    other = open_app_db(target)
    try:
        accounts.create_facilitator(other, "carol", "correct horse")
        accounts.create_facilitator(other, "alice", "correct horse")
        # An unrelated workshop first, so the imported rows get other ids than the source's.
        workshops.create_workshop(
            other, None, {"title": "Lain", "city": "Kota Lain", "starts_on": "2017-08-01"}
        )
        result = target.test_cli_runner().invoke(args=["import-json", str(dump)])
        assert result.exit_code == 0, result.output
        assert "Facilitators: alice" in result.output
        moved = other.execute("SELECT MAX(id) FROM workshops").fetchone()[0]
        code = other.execute("SELECT code FROM workshops WHERE id = ?", [moved]).fetchone()[0]
        assert code in result.output and code != rich["workshop"]["code"]
        again = model.gather(other, moved)
        result = target.test_cli_runner().invoke(
            args=["import-json", str(dump), "--facilitator", "carol"]
        )
        assert result.exit_code == 0, result.output
        members = other.execute(
            "SELECT f.username FROM workshop_facilitators wf JOIN facilitators f"
            " ON f.id = wf.facilitator_id WHERE wf.workshop_id = ? ORDER BY 1",
            [moved + 1],
        ).fetchall()
        assert [m[0] for m in members] == ["alice", "carol"]
    finally:
        other.close()
    before = json.loads(first)
    assert again["workshop"]["id"] != before["workshop"]["id"]
    assert again["sessions"][0]["id"] != before["sessions"][0]["id"]
    assert comparable(again) == comparable(before)
    # Results follow: closed polls answer from their frozen snapshot, open ones recount.
    for old, new in zip(before["polls"], again["polls"], strict=True):
        assert [(i["title"], i["score"], i["rank"]) for i in new["tally"]["items"]] == [
            (i["title"], i["score"], i["rank"]) for i in old["tally"]["items"]
        ]
        assert new["tally"]["voters"] == old["tally"]["voters"]


def test_same_file_imports_twice_into_the_same_server(client, runner, db, rich, tmp_path):
    """A copy of a workshop on the same laptop: the facilitator's own proposals come along."""
    r = client.post(
        f"/api/v1/sessions/{rich['program_session']['id']}/ideas",
        json={"title": "Usulan fasilitator", "dimension": "governance", "client_id": "f-1"},
        headers=rich["fac"],
    )
    assert r.status_code == 201, r.get_json()
    path = tmp_path / "copy.json"
    path.write_bytes(export(client, rich, "json").data)
    for _ in range(2):
        result = runner.invoke(args=["import-json", str(path)])
        assert result.exit_code == 0, result.output
    titles = [
        r["workshop_id"]
        for r in db.query("SELECT workshop_id FROM ideas WHERE title = ?", ["Usulan fasilitator"])
    ]
    assert len(titles) == 3 and len(set(titles)) == 3
    assert db.execute("SELECT COUNT(*) FROM workshops").fetchone()[0] == 3


@pytest.mark.parametrize(
    "content,message",
    [
        (b"not json", "not JSON"),
        (b'{"format": "something-else"}', "not a Rembuk workshop export"),
        (b'{"format": "rembuk-workshop", "version": 99}', "version"),
        (b'{"format": "rembuk-workshop", "version": 1, "workshop": {}}', "missing"),
    ],
)
def test_import_refuses_bad_files_and_changes_nothing(runner, db, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = db.execute("SELECT COUNT(*) FROM workshops").fetchone()[0]
    result = runner.invoke(args=["import-json", str(path)])
    assert result.exit_code != 0
    assert message in result.output
    assert db.execute("SELECT COUNT(*) FROM workshops").fetchone()[0] == before


def test_damaged_dump_imports_nothing(client, runner, db, rich, tmp_path):
    data = json.loads(export(client, rich, "json").data)
    data["ideas"][2]["session_id"] = 987654  # a session the file does not have
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(data))
    before = db.execute("SELECT COUNT(*) FROM ideas").fetchone()[0]
    result = runner.invoke(args=["import-json", str(path)])
    assert result.exit_code != 0 and "nothing was imported" in result.output
    assert db.execute("SELECT COUNT(*) FROM ideas").fetchone()[0] == before
    assert db.execute("SELECT COUNT(*) FROM workshops").fetchone()[0] == 1


# -- bad input, empty workshops, consistency ---------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_empty_workshop_builds_in_every_format(client, auth, fmt):
    owner = auth.create()
    workshop = auth.workshop(owner["id"], template="empty")
    r = client.get(
        f"/api/v1/workshops/{workshop['id']}/export?format={fmt}", headers=bearer(auth.token())
    )
    assert r.status_code == 200
    if fmt == "md":
        text = r.get_data(as_text=True)
        assert text.count("Belum diisi dalam Bimtek") >= 8
    elif fmt == "docx":
        assert "Belum diisi dalam Bimtek" in docx_text(r.data)
    elif fmt == "pdf":
        assert "Belum diisi dalam Bimtek" in pdf_text(r.data)
    elif fmt == "json":
        assert json.loads(r.data)["ideas"] == []
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(r.data))["ideas"].max_row == 1


NASTY = "Judul\x00dengan\x07kontrol\x1b[31m\x0b\x0c" + "x" * 140


def test_control_characters_and_long_words_do_not_break_documents(client, rich, db):
    long_word = "Pelayanan" + "a" * 1990
    db.execute(
        "UPDATE ideas SET title = ?, description = ?, problem = ? WHERE id = ?",
        [NASTY, long_word, "| pipa | \x01", rich["ids"][0]],
    )
    db.execute(
        "UPDATE notes SET body = ? WHERE kind = 'note'", ["\x02<script>x</script> " + long_word]
    )
    text = docx_text(export(client, rich, "docx").data)
    assert "Juduldengankontrol[31m" in text
    assert not any(ch in text for ch in "\x00\x07\x1b\x0b\x0c\x01\x02")
    assert "Juduldengankontrol" in squeeze(pdf_text(export(client, rich, "pdf").data))
    md = export(client, rich, "md").get_data(as_text=True)
    assert "\\| pipa \\|" in md and "\x00" not in md
    wb = load_workbook(io.BytesIO(export(client, rich, "xlsx").data))
    titles = [c.value for c in wb["ideas"]["F"]]
    assert "Juduldengankontrol[31m" + "x" * 140 in titles
    assert json.loads(export(client, rich, "json").data)["ideas"][0]["title"] == NASTY


def test_export_reads_one_snapshot_while_writers_go_on(app, rich, monkeypatch):
    """A proposal committed mid-export is not half in it, and the writer is not blocked."""
    real = model._dimensions
    wid = rich["workshop"]["id"]

    def write_meanwhile(db, workshop_id):
        writer = open_app_db(app)
        writer.conn.execute("PRAGMA busy_timeout = 200")
        try:
            writer.conn.execute(
                "INSERT INTO ideas (workshop_id, session_id, title, dimension, created_at,"
                " updated_at) VALUES (?, ?, 'Masuk saat ekspor', 'governance', 'x', 'x')",
                [wid, rich["program_session"]["id"]],
            )
            writer.conn.commit()  # within the 200 ms timeout: the export holds no lock
        finally:
            writer.close()
        return real(db, workshop_id)

    monkeypatch.setattr(model, "_dimensions", write_meanwhile)
    reader = open_app_db(app)
    try:
        data = model.gather(reader, wid)
        assert "Masuk saat ekspor" not in [i["title"] for i in data["ideas"]]
        assert len(data["ideas"]) == len(PROGRAMS)
        monkeypatch.setattr(model, "_dimensions", real)
        later = model.gather(reader, wid)
        assert "Masuk saat ekspor" in [i["title"] for i in later["ideas"]]
        assert not reader.conn.in_transaction
    finally:
        reader.close()


def test_program_poll_is_the_latest_closed_one(client, rich):
    """A later closed poll covering as many programmes decides the order; an open one does
    not."""
    fac, ids = rich["fac"], rich["ids"]
    session = rich["program_session"]
    r = client.post(
        f"/api/v1/sessions/{session['id']}/polls",
        json={"title": "Prioritas ulang", "method": "approval", "idea_ids": ids[:2]},
        headers=fac,
    )
    again = r.get_json()
    client.post(f"/api/v1/polls/{again['id']}/open", headers=fac)
    r = client.put(
        f"/api/v1/polls/{again['id']}/ballot",
        json={"approve": [ids[0]]},
        headers=bearer(rich["people"][0][1]),
    )
    assert r.status_code == 200
    md = export(client, rich, "md").get_data(as_text=True)
    governance = md[md.index("### 5.1 ") : md.index("### 5.2 ")]
    assert md_row(governance, "Aplikasi e-Musrenbang")["Peringkat"] == "1"
    assert "«Prioritas program»" in governance  # still the closed poll
    client.post(f"/api/v1/polls/{again['id']}/close", headers=fac)
    md = export(client, rich, "md").get_data(as_text=True)
    governance = md[md.index("### 5.1 ") : md.index("### 5.2 ")]
    # Both closed polls cover the two governance programmes: the latest decides.
    assert md_row(governance, "Perizinan online terpadu")["Peringkat"] == "1"
    assert "«Prioritas ulang»" in governance


# -- session summaries, print view, CLI --------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_session_summary(client, rich, fmt):
    sid = rich["program_session"]["id"]
    r = client.get(f"/api/v1/sessions/{sid}/summary?format={fmt}", headers=rich["fac"])
    assert r.status_code == 200
    assert r.headers["Content-Disposition"].startswith('attachment; filename="ringkasan-hari-3-')
    text = {"md": lambda b: b.decode(), "docx": docx_text, "pdf": pdf_text}[fmt](r.data)
    text = squeeze(text)
    for expected in (
        "Usulan program OPD per dimensi",
        "Apa yang dikumpulkan",
        "Aplikasi e-Musrenbang",
        "Lima program disepakati",
        "Prioritas program",
        "Catatan diskusi",
    ):
        assert squeeze(expected) in text, expected


def test_session_summary_unknown_format(client, rich):
    sid = rich["program_session"]["id"]
    r = client.get(f"/api/v1/sessions/{sid}/summary?format=xlsx", headers=rich["fac"])
    assert r.status_code == 400
    assert "md, docx, pdf" in r.get_json()["error"]["message"]


def test_print_view_is_the_pdf_source(client, auth, rich):
    wid = rich["workshop"]["id"]
    assert client.get(f"/workshops/{wid}/masterplan").status_code == 302
    auth.login()
    r = client.get(f"/workshops/{wid}/masterplan")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<h2 id="h-1-pendahuluan">1. Pendahuluan</h2>' in html
    assert "css/masterplan.css" in html and "<script" not in html and "style=" not in html
    assert f"/api/v1/workshops/{wid}/export?format=pdf" in html
    sid = rich["program_session"]["id"]
    r = client.get(f"/workshops/{wid}/summary?session={sid}&format=docx")
    assert r.status_code == 302 and f"/api/v1/sessions/{sid}/summary?format=docx" in r.location
    assert client.get(f"/workshops/{wid}/summary?session=999999").status_code == 404
    page = client.get(f"/sessions/{sid}/summary")
    assert page.status_code == 200 and "Ringkasan sesi" in page.get_data(as_text=True)


def test_cli_export(app, runner, rich, tmp_path):
    wid = rich["workshop"]["id"]
    out = tmp_path / "plan.md"
    result = runner.invoke(args=["export", str(wid), "--format", "md", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# Draf Masterplan Smart City")
    result = runner.invoke(args=["export", str(wid), "--format", "docx", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    year = rich["workshop"]["year"]
    assert (tmp_path / f"draf-masterplan-kota-bogor-{year}.docx").exists()
    result = runner.invoke(
        args=["export", str(wid), "--format", "pdf", "--lang", "en", "--out", "-"]
    )
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"%PDF")
    missing = runner.invoke(args=["export", "9999", "--format", "md", "--out", str(out)])
    assert missing.exit_code != 0 and "no workshop 9999" in missing.output
    bad = runner.invoke(args=["export", str(wid), "--format", "doc"])
    assert bad.exit_code != 0 and "docx" in bad.output
