"""Worksheets in the exports (issue 14): the Draf Masterplan's chapters 2.1, 2.3, 3 and 4 from
readiness ratings, SWOT entries, TOWS strategies, vision keywords and the adopted vision, placed
by session purpose alone; the raw-data exports and the JSON round trip carry them."""

import io
import json
import re
import shutil
import subprocess
import zipfile

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import bearer
from tests.documents import pdf_text, squeeze
from workshop import create_app, reference
from workshop.db import open_app_db
from workshop.export import export_summary, export_workshop, model
from workshop.export.jsondump import comparable
from workshop.store import accounts, workshops

PLACEHOLDER = "Belum diisi dalam lokakarya"
DEMO = reference.demo_worksheets()


def chapter(md, start, end):
    """The Markdown between two headings (start included, end excluded)."""
    return md[md.index(start) : md.index(end)]


def docx_chapter(raw, start, end):
    """Paragraph and table text of a DOCX between two headings, in body order."""
    doc = read_docx(io.BytesIO(raw))
    parts, inside = [], False
    for element in doc.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        text = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t"))
        if tag == "p" and text.startswith(start):
            inside = True
        elif tag == "p" and text.startswith(end) and inside:
            break
        if inside and tag in ("p", "tbl"):
            parts.append(text)
    return "\n".join(parts)


@pytest.fixture
def demo(app, runner, db):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return db.execute("SELECT id FROM workshops").fetchone()[0]


def exported(app, db, wid, fmt, lang="id"):
    with app.test_request_context():
        return export_workshop(db, wid, fmt, lang)[0]


# -- the demo ---------------------------------------------------------------------------------


def test_demo_masterplan_fills_chapters_2_to_4(app, db, demo):
    md = exported(app, db, demo, "md").decode()
    readiness = chapter(md, "### 2.1 ", "### 2.2 ")
    assert PLACEHOLDER not in readiness
    # Every item with its counts and shares: sdm was rated 6 / 14 / 12 of 32.
    row = next(line for line in readiness.splitlines() if "Sumber daya manusia" in line)
    assert "| 6 (19%) | 14 (44%) | 12 (38%) | 32 |" in row
    for item in DEMO["readiness"]:
        for note in item["notes"]:
            assert note in readiness
    swot = chapter(md, "### 2.3 ", "## 3. ")
    assert PLACEHOLDER not in swot
    for entry in DEMO["swot"]:
        assert entry["text"] in swot
    for strategy in DEMO["tows"]:
        assert strategy["text"] in swot
    assert "Kekuatan (S)" in swot and "Strategi TOWS" in swot
    vision = chapter(md, "## 3. ", "## 4. ")
    assert PLACEHOLDER not in vision
    assert f"**{DEMO['vision']}**" in vision
    for mission in DEMO["missions"]:
        assert mission in vision
    assert "| 1 | melayani | 21 |" in vision  # typed "Melayani" and "melayani": one word
    strategy = chapter(md, "## 4. ", "## 5. ")
    assert PLACEHOLDER not in strategy
    governance = chapter(strategy, " Tata Kelola Cerdas\n", " Kehidupan Cerdas\n")
    assert "- WO: Membangun satu data kota bersama perguruan tinggi" in governance
    assert "\\" not in readiness + swot + vision + strategy  # nothing escaped needlessly


def test_demo_is_on_day_two_with_its_worksheets_done(db, demo):
    statuses = {
        (r["purpose"], r["status"])
        for r in db.query("SELECT purpose, status FROM sessions WHERE day <= 2")
    }
    assert {("readiness", "closed"), ("swot", "closed"), ("vision", "closed")} <= statuses
    assert ("strategy", "open") in statuses
    counts = dict(
        db.execute("SELECT purpose, COUNT(*) FROM worksheet_entries GROUP BY 1").fetchall()
    )
    assert counts == {
        "readiness": sum(sum(r["ratings"].values()) for r in DEMO["readiness"]),
        "swot": len(DEMO["swot"]),
        "vision": sum(k["count"] for k in DEMO["vision_keywords"]),
    }


def test_demo_chapters_in_docx_and_pdf(app, db, demo, tmp_path):
    raw = exported(app, db, demo, "docx")
    readiness = docx_chapter(raw, "2.1 ", "2.2 ")
    assert "Sumber daya anggaran" in readiness and "3 (9%)" in readiness
    assert PLACEHOLDER not in readiness
    swot = docx_chapter(raw, "2.3 ", "3. ")
    assert "Ancaman keamanan siber terhadap data warga" in swot and PLACEHOLDER not in swot
    vision = docx_chapter(raw, "3. ", "4. ")
    assert DEMO["vision"] in vision and DEMO["missions"][0] in vision
    assert PLACEHOLDER not in vision
    strategy = docx_chapter(raw, "4. ", "5. ")
    assert DEMO["tows"][-1]["text"] in strategy and PLACEHOLDER not in strategy
    doc = read_docx(io.BytesIO(raw))
    readiness_tables = [
        t for t in doc.tables if [c.text for c in t.rows[0].cells][:3] == ["No.", "Butir", "Baik"]
    ]
    assert len(readiness_tables) == 3  # struktur, infrastruktur, suprastruktur

    pdf = exported(app, db, demo, "pdf")
    text = squeeze(pdf_text(pdf))
    for expected in (
        "2.1Analisiskesiapan",
        "6(19%)",
        squeeze(DEMO["swot"][0]["text"]),
        squeeze(DEMO["vision"]),
        squeeze(DEMO["tows"][0]["text"]),
        "Katakuncivisi",
    ):
        assert expected in text, expected
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is missing")
    (tmp_path / "plan.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    page = next(
        n
        for n, p in enumerate(reader.pages, start=1)
        if "Analisis kesiapan" in p.extract_text() and "Struktur" in p.extract_text()
    )
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "plan.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    assert list(tmp_path.glob("page-*.png"))


def test_demo_round_trip_carries_every_worksheet_row(app, db, demo, tmp_path):
    first = exported(app, db, demo, "json")
    data = json.loads(first)
    assert len(data["entries"]) == sum(sum(r["ratings"].values()) for r in DEMO["readiness"]) + len(
        DEMO["swot"]
    ) + sum(k["count"] for k in DEMO["vision_keywords"])
    assert len(data["strategies"]) == len(DEMO["tows"])
    assert all(len(s["from_entries"]) == 2 for s in data["strategies"])
    assert data["vision"]["vision"] == DEMO["vision"]
    assert data["vision"]["missions"] == DEMO["missions"]
    assert [a["key"] for a in data["readiness_list"]["aspects"]] == [
        "struktur",
        "infrastruktur",
        "suprastruktur",
    ]
    (tmp_path / "demo.json").write_bytes(first)
    target = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "other.db"),
            "INSTANCE_PATH": str(tmp_path / "other"),
        }
    )
    other = open_app_db(target)
    try:
        accounts.create_facilitator(other, "demo", "correct horse")
        accounts.create_facilitator(other, "dewan", "correct horse", role="viewer")
        # An unrelated workshop first, so the imported rows get other ids than the source's.
        workshops.create_workshop(
            other, None, {"title": "Lain", "city": "Kota Lain", "starts_on": "2017-08-01"}
        )
        result = target.test_cli_runner().invoke(args=["import-json", str(tmp_path / "demo.json")])
        assert result.exit_code == 0, result.output
        moved = other.execute("SELECT MAX(id) FROM workshops").fetchone()[0]
        again = model.gather(other, moved)
    finally:
        other.close()
    assert again["sessions"][0]["id"] != data["sessions"][0]["id"]
    assert comparable(again) == comparable(data)


def test_demo_xlsx_and_csv_have_tidy_worksheet_sheets(app, db, demo):
    wb = load_workbook(io.BytesIO(exported(app, db, demo, "xlsx")))
    for name in ("readiness", "swot", "vision_keywords", "strategies", "vision", "readiness_items"):
        assert name in wb.sheetnames
        assert wb[name].freeze_panes == "A2"

    def rows(name):
        sheet = wb[name]
        header = [c.value for c in sheet[1]]
        return header, [
            dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(2)
        ]

    header, readiness = rows("readiness")
    assert header[:8] == [
        "id",
        "session_id",
        "aspect",
        "aspek",
        "item",
        "butir",
        "rating",
        "penilaian",
    ]
    assert len(readiness) == sum(sum(r["ratings"].values()) for r in DEMO["readiness"])
    sdm = [r for r in readiness if r["item"] == "sdm"]
    assert sum(r["rating"] == "baik" for r in sdm) == 6
    assert {r["aspek"] for r in sdm} == {"Struktur"}
    assert {r["penilaian"] for r in sdm} == {"Baik", "Sedang", "Kurang"}
    assert sum(bool(r["quoted"]) for r in readiness) == sum(
        len(r["notes"]) for r in DEMO["readiness"]
    )
    header, swot = rows("swot")
    assert header[:6] == ["id", "session_id", "quadrant", "kuadran", "dimension", "dimensi"]
    assert [(r["quadrant"], r["dimension"], r["text"]) for r in swot] == [
        (e["quadrant"], e["dimension"], e["text"]) for e in DEMO["swot"]
    ]
    assert swot[0]["kuadran"] == "Kekuatan" and swot[0]["dimensi"] == "Tata Kelola Cerdas"
    _header, keywords = rows("vision_keywords")
    assert sum(r["kata_kunci"] == "melayani" for r in keywords) == 21
    _header, strategies = rows("strategies")
    assert [s["type"] for s in strategies] == [t["type"] for t in DEMO["tows"]]
    _header, vision = rows("vision")
    assert [r["text"] for r in vision] == [DEMO["vision"], *DEMO["missions"]]

    archive = zipfile.ZipFile(io.BytesIO(exported(app, db, demo, "csv")))
    text = archive.read("swot.csv").decode("utf-8-sig")
    assert text.startswith("id,session_id,quadrant,kuadran,dimension,dimensi,element,elemen,text")
    assert "Ancaman keamanan siber terhadap data warga" in text
    assert "swot.csv:" in archive.read("README.txt").decode()


def test_sqlite_export_copies_this_workshops_worksheets_only(app, auth, db, demo, tmp_path):
    import sqlite3

    other = auth.workshop(auth.create("bob")["id"], title="Lain")
    db.execute(
        "INSERT INTO workshop_visions (workshop_id, vision, missions, updated_at)"
        " VALUES (?, 'Visi lain', '[]', 'x')",
        [other["id"]],
    )
    path = tmp_path / "snap.sqlite"
    path.write_bytes(exported(app, db, demo, "sqlite"))
    snap = sqlite3.connect(path)
    expected = model.count_rows(db, demo)
    for table in ("worksheet_entries", "worksheet_strategies", "workshop_visions"):
        assert expected[table] > 0
        assert snap.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == expected[table]  # noqa: S608
    assert snap.execute("SELECT vision FROM workshop_visions").fetchall() == [(DEMO["vision"],)]
    assert re.search(b"Visi lain", path.read_bytes()) is None


def test_english_chapters(app, db, demo):
    md = exported(app, db, demo, "md", lang="en").decode()
    assert "### 2.3 SWOT and TOWS analysis" in md
    assert "| Structure |" not in md and "#### Structure" in md
    assert "Strengths (S)" in md and "### 3.3 Vision keywords" in md


# -- placement by purpose alone -------------------------------------------------------------------


def test_titles_place_nothing_and_purposes_place_everything(client, auth):
    """A session titled like a SWOT but meant for programs feeds chapter 5, and a proposal
    session titled nothing in particular feeds 2.3 when its purpose says swot."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    fac = bearer(auth.token())
    wid = workshop["id"]

    def session(title, purpose):
        r = client.post(
            f"/api/v1/workshops/{wid}/sessions",
            json={
                "day": 1,
                "title": title,
                "kind": "ideas",
                "starts_at": "08:00",
                "ends_at": "09:00",
                "purpose": purpose,
                "status": "open",
            },
            headers=fac,
        )
        assert r.status_code == 201, r.get_json()
        return r.get_json()

    misleading = session("Analisis SWOT dan visi", "programs")
    plain = session("Sesi pagi", "swot")
    for sid, title in (
        (misleading["id"], "Program dari judul menyesatkan"),
        (plain["id"], "Kekuatan dari sesi pagi"),
    ):
        r = client.post(
            f"/api/v1/sessions/{sid}/ideas",
            json={"title": title, "dimension": "governance", "client_id": f"c-{sid}"},
            headers=fac,
        )
        assert r.status_code == 201, r.get_json()
    md = client.get(f"/api/v1/workshops/{wid}/export?format=md", headers=fac).get_data(as_text=True)
    assert "Program dari judul menyesatkan" in chapter(md, "## 5. ", "## 6. ")
    assert "Program dari judul menyesatkan" not in chapter(md, "## 2. ", "## 4. ")
    assert "Kekuatan dari sesi pagi" in chapter(md, "### 2.3 ", "## 3. ")


def test_a_worksheet_session_summary_shows_what_it_collected(app, db, demo):
    sessions = {
        r["purpose"]: r["id"]
        for r in db.query("SELECT id, purpose FROM sessions WHERE kind = 'worksheet'")
    }
    with app.test_request_context():
        readiness = export_summary(db, sessions["readiness"], "md")[0].decode()
        swot = export_summary(db, sessions["swot"], "md")[0].decode()
        vision = export_summary(db, sessions["vision"], "md")[0].decode()
    assert "Tidak ada usulan" not in readiness
    assert "| 6 (19%) | 14 (44%) | 12 (38%) | 32 |" in readiness
    assert DEMO["readiness"][0]["notes"][0] in readiness
    assert DEMO["swot"][0]["text"] in swot and DEMO["tows"][0]["text"] in swot
    assert "| 1 | melayani | 21 |" in vision and "Kertas kerja" in vision


def test_entries_follow_their_own_purpose_when_a_session_changes_its_purpose(app, db, demo):
    """A SWOT session re-purposed as a strategy session: its SWOT entries are no strategy
    statements, and they leave 2.3 with it (its TOWS strategies stay strategies)."""
    db.execute("UPDATE sessions SET purpose = 'strategy' WHERE purpose = 'swot'")
    md = exported(app, db, demo, "md").decode()
    strategy = chapter(md, "## 4. ", "## 5. ")
    for entry in DEMO["swot"]:
        assert f"| {entry['text']} |" not in md  # no quadrant row
        assert entry["text"] not in strategy  # and no strategy statement
    assert "| Kuadran |" not in md
    assert DEMO["tows"][0]["text"] in strategy
