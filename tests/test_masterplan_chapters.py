"""The Draf Masterplan's chapters (issue 15): every programme ranked by its dimension's own
poll (not by a decoy confirmation poll or a matrix poll), ties as "1=", unvoted as "–", a
poll nobody voted in ranking nothing; chosen quick wins flagged in chapters 5 and 7 and alone
in chapter 6; financing totals equal to the sum of the budgets; one commitment row per OPD;
every outline chapter; the roadmap chart embedded in DOCX and PDF. Real files: python-docx,
pypdf, Markdown text."""

import io
import re

import pytest
from docx import Document as read_docx
from flask_babel import force_locale
from pypdf import PdfReader

from tests.conftest import bearer
from tests.documents import (
    programme_rows,
    programme_tables,
    rupiah,
    section,
    session_with,
    table_rows,
)
from workshop.db import open_app_db
from workshop.export import model, render_document
from workshop.export.masterplan import build_masterplan

# (key, title, dimension, horizon, budget, responsible OPD, funding source)
PROGRAMMES = [
    ("G1", "Portal layanan terpadu", "governance", "short", 1_200_000_000, "Diskominfo", "APBD"),
    ("G2", "Dasbor kinerja OPD", "governance", "medium", 500_000_000, "Bappeda", "APBD"),
    ("G3", "Arsip digital daerah", "governance", "long", 300_000_000, "Diskominfo", "APBN"),
    ("E1", "Sensor kualitas udara", "environment", "medium", 750_000_000, "DLH", "APBD"),
    ("E2", "Bank sampah digital", "environment", "quick_win", 25_000_000, "DLH", "CSR"),
    ("E3", "Peta ruang terbuka hijau", "environment", "short", None, "DLH", ""),
    ("S1", "Aduan warga terpadu", "society", "short", 400_000_000, "Diskominfo", "APBD"),
    ("S2", "Literasi digital warga", "society", "medium", 90_000_001, "Dinsos", "APBD"),
]
PEOPLE = [("Rina", "Bappeda"), ("Ahmad", "Diskominfo"), ("Dewi", "DLH"), ("Budi", "Dinsos")]
# Each dimension's rank per programme as chapter 5 must print it.
EXPECTED_RANKS = {
    "G1": "1=",
    "G2": "1=",
    "G3": "–",
    "E2": "1",
    "E1": "2",
    "E3": "–",
    "S1": "–",
    "S2": "–",
}
CHAPTERS = [
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
CRITERIA = ["impact", "resources", "foundation", "model", "momentum"]


@pytest.fixture
def planned(app, auth, client):
    """A Bimtek with programmes in three dimensions, a dedicated poll per dimension (dots
    with a tie, Borda ranking, approval nobody voted in), then a decoy confirmation poll and a
    matrix poll (closed later, covering fewer of each dimension's programmes), a criteria
    poll and one chosen quick win."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    fac = bearer(auth.token())
    programs = session_with(client, workshop, "usulan program", fac)
    vote_session = session_with(client, workshop, "prioritas program", fac)
    quick = session_with(client, workshop, "quick win", fac)
    client.patch(f"/api/v1/sessions/{programs['id']}", json={"status": "open"}, headers=fac)
    opds = {
        o["code"]: o["id"]
        for o in client.get(f"/api/v1/workshops/{workshop['id']}/opds", headers=fac).get_json()[
            "items"
        ]
    }
    people = [auth.participant(workshop, name, opd) for name, opd in PEOPLE]
    ids = {}
    for n, (key, title, dim, horizon, budget, opd, source) in enumerate(PROGRAMMES):
        body = {
            "title": title,
            "dimension": dim,
            "horizon": horizon,
            "budget_idr": budget,
            "funding_source": source or None,
            "problem": "Layanan lambat",
            "description": f"Uraian {title}",
            "responsible_opd_id": opds[opd],
            "client_id": f"p-{n}",
        }
        r = client.post(
            f"/api/v1/sessions/{programs['id']}/ideas",
            json={k: v for k, v in body.items() if v is not None},
            headers=bearer(people[n % len(people)][1]),
        )
        assert r.status_code == 201, r.get_json()
        ids[key] = r.get_json()["id"]

    def poll(session, keys, **fields):
        body = {"anonymous": False, **fields, "idea_ids": [ids[k] for k in keys]}
        r = client.post(f"/api/v1/sessions/{session['id']}/polls", json=body, headers=fac)
        assert r.status_code == 201, r.get_json()
        p = r.get_json()
        assert client.post(f"/api/v1/polls/{p['id']}/open", headers=fac).status_code == 200
        return p

    def vote(p, who, body):
        r = client.put(f"/api/v1/polls/{p['id']}/ballot", json=body, headers=bearer(who[1]))
        assert r.status_code == 200, r.get_json()

    def close(p):
        assert client.post(f"/api/v1/polls/{p['id']}/close", headers=fac).status_code == 200

    gov = poll(vote_session, ["G1", "G2", "G3"], title="Prioritas Tata Kelola", method="dots")
    vote(gov, people[0], {"allocations": {str(ids["G1"]): 3, str(ids["G2"]): 1}})
    vote(gov, people[1], {"allocations": {str(ids["G2"]): 2}})
    close(gov)
    env = poll(vote_session, ["E1", "E2", "E3"], title="Prioritas Lingkungan", method="ranking")
    vote(env, people[0], {"ranking": [ids["E2"], ids["E1"]]})
    vote(env, people[2], {"ranking": [ids["E2"]]})
    close(env)
    soc = poll(vote_session, ["S1", "S2"], title="Prioritas Masyarakat", method="approval")
    close(soc)  # nobody voted
    decoy = poll(vote_session, ["G3", "E3"], title="Konfirmasi usulan", method="approval")
    for who in people:
        vote(decoy, who, {"approve": [ids["G3"], ids["E3"]]})
    close(decoy)
    matrix = poll(vote_session, ["G3", "E1", "E3", "S1"], title="Matriks dampak", method="matrix")
    for who in people:
        vote(
            matrix,
            who,
            {"scores": {str(ids[k]): {"impact": 5, "effort": 1} for k in ("G3", "E3", "S1")}},
        )
    close(matrix)
    scores = poll(quick, ["E2", "S1"], title="Skor quick win", method="scores")
    for n, who in enumerate(people):
        vote(
            scores,
            who,
            {
                "scores": {
                    str(ids["E2"]): {c: 5 - (n + j) % 2 for j, c in enumerate(CRITERIA)},
                    str(ids["S1"]): {c: 3 for c in CRITERIA},
                }
            },
        )
    close(scores)
    # The chosen quick win: marked on the programme (issue 15) where the server has it,
    # else recorded as a decision on the criteria poll (what the export read before).
    r = client.post(
        f"/api/v1/ideas/{ids['E2']}/quick-win", json={"reason": "Murah dan cepat"}, headers=fac
    )
    if r.status_code in (404, 405):
        r = client.post(
            f"/api/v1/polls/{scores['id']}/decisions",
            json={"idea_id": ids["E2"], "label": "Quick win", "reason": "Murah dan cepat"},
            headers=fac,
        )
    assert r.status_code in (200, 201), r.get_json()
    client.post(
        f"/api/v1/sessions/{programs['id']}/notes",
        json={"kind": "action", "body": "Susun KAK", "opd_id": opds["DLH"], "due_on": "2027-01-15"},
        headers=fac,
    )
    return {
        "workshop": workshop,
        "fac": fac,
        "ids": ids,
        "opds": opds,
        "polls": {"matrix": matrix, "decoy": decoy, "society": soc},
    }


def export(client, planned, fmt, lang="id"):
    r = client.get(
        f"/api/v1/workshops/{planned['workshop']['id']}/export?format={fmt}&lang={lang}",
        headers=planned["fac"],
    )
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    return r.data


def title_of(key):
    return next(p[1] for p in PROGRAMMES if p[0] == key)


def test_docx_ranks_every_programme_by_its_dimensions_poll(client, planned):
    doc = read_docx(io.BytesIO(export(client, planned, "docx")))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == CHAPTERS
    assert len(programme_tables(doc)) == 3  # governance, environment, society: each its own
    ranks, flags = {}, {}
    for title, row in programme_rows(doc).items():
        key = next(p[0] for p in PROGRAMMES if p[1] == title)
        # A dimension without a chosen quick win leaves that column out.
        ranks[key], flags[key] = row["Peringkat"], row.get("Quick win", "")
        if row["Peringkat"] == "–":
            assert row["Skor"] == "–"  # no score either
    assert ranks == EXPECTED_RANKS
    assert {k for k, v in flags.items() if v == "✓"} == {"E2"}
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    chapter5 = section(paragraphs, "5. Rencana Program", "6. Quick Win")
    for name in ("Prioritas Tata Kelola", "Prioritas Lingkungan", "Prioritas Masyarakat"):
        assert f"«{name}»" in chapter5
    assert "Konfirmasi usulan" not in chapter5 and "Matriks dampak" not in chapter5
    assert "Borda" in chapter5 and "k poin" in chapter5
    assert "2 dari" in chapter5  # turnout of the dedicated polls
    assert "Tidak ada yang memilih" in chapter5
    # Headings per dimension whatever the session title.
    for name in ("Tata Kelola", "Lingkungan", "Masyarakat"):
        assert any(name in p.text for p in doc.paragraphs if p.style.name == "Heading 2")


def test_docx_quick_wins_roadmap_financing_and_commitment(client, db, planned):
    doc = read_docx(io.BytesIO(export(client, planned, "docx")))
    tables = [table_rows(t) for t in doc.tables]
    # Chapter 6: the chosen quick win only, with its reason and criteria scores.
    quick = next(t for t in tables if t[0][:3] == ["No.", "Kode", "Program"] and len(t[0]) == 10)
    assert [row[2] for row in quick[1:]] == [title_of("E2")]
    assert quick[1][5] == "Murah dan cepat"
    assert "Dampak manfaat maksimal" in quick[1][6]
    assert quick[1][9] == rupiah(25_000_000)  # one year
    # Chapter 7: the roadmap table, quick win first and starred; a column per year.
    year = planned["workshop"]["year"]
    years = [str(y) for y in range(year + 1, year + 6)]
    roadmap = next(t for t in tables if t[0][-5:] == years)
    assert roadmap[1][1] == "★ " + title_of("E2")
    assert sum(row[1].startswith("★") for row in roadmap[1:]) == 1
    g3 = next(row for row in roadmap if row[1] == title_of("G3"))
    assert g3[-5:] == ["■"] * 5  # long term: the whole period
    # The chart is embedded.
    assert len(doc.inline_shapes) >= 1
    assert any("image/png" in p.content_type for p in doc.part.package.parts)
    # Chapter 8: every total equals the sum of the budgets.
    total = rupiah(sum(p[4] or 0 for p in PROGRAMMES))
    totals = [t for t in tables if t[-1][0] == "Jumlah" and "Anggaran (Rp)" in t[0]]
    assert len(totals) == 4  # per dimension, year, OPD, funding source
    for t in totals:
        assert total in t[-1]
        amounts = [int(row[-2].replace(".", "")) for row in t[1:-1]]
        assert sum(amounts) == sum(p[4] or 0 for p in PROGRAMMES)
    # Annex: one signature row per OPD of the roster, plus the mayor.
    sheet = next(t for t in tables if t[0] == ["No.", "Jabatan", "OPD", "Nama", "Tanda tangan"])
    n_opds = db.execute(
        "SELECT COUNT(*) FROM opds WHERE workshop_id = ?", [planned["workshop"]["id"]]
    ).fetchone()[0]
    assert len(sheet) - 1 == n_opds + 1
    assert sheet[1][1] == "Wali Kota Bogor"
    assert "Kepala Badan Perencanaan Pembangunan Daerah" in [row[1] for row in sheet]
    # Cover: government, period, draft, book.
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c for t in tables for row in t for c in row
    )
    assert "Pemerintah Kota Bogor" in text
    assert f"Masterplan Smart City Kota Bogor Tahun {year + 1}–{year + 5}" in text
    assert "Buku 1 Analisis Strategis" in text and "Draf" in text


def test_pdf_has_every_chapter_ranks_and_the_chart(client, planned):
    raw = export(client, planned, "pdf")
    reader = PdfReader(io.BytesIO(raw))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = "".join(text.split())
    for chapter in CHAPTERS:
        assert "".join(chapter.split()) in flat, chapter
    assert "1=" in text and "–" in text
    assert any(page.images for page in reader.pages)  # the roadmap chart
    total = rupiah(sum(p[4] or 0 for p in PROGRAMMES))
    assert flat.count(total) >= 4
    assert "Borda" in text


def test_markdown_and_english(client, planned):
    md = export(client, planned, "md").decode()
    for chapter in CHAPTERS:
        assert f"## {chapter}" in md
    assert "Grafiknya ada dalam versi DOCX dan PDF" in md
    assert "| 1= |" in md
    en = export(client, planned, "md", lang="en").decode()
    for heading in ("8. Financing Plan", "9. Institutions and Governance", "12. Closing"):
        assert f"## {heading}" in en
    assert "Commitment sheet" in en and "Mayor of Bogor" in en and "Borda count" in en


def test_programme_fields_and_a_chosen_priority_poll_through_the_api(client, planned):
    fac, ids, opds = planned["fac"], planned["ids"], planned["opds"]
    r = client.patch(
        f"/api/v1/ideas/{ids['G1']}",
        json={
            "supporting_opd_ids": [opds["Bappeda"]],
            "year_start": 2028,
            "year_end": 2030,
            "indicators": [
                {"name": "Waktu layanan", "unit": "hari", "baseline": "14", "target": "3"}
            ],
        },
        headers=fac,
    )
    assert r.status_code == 200, r.get_json()
    wid = planned["workshop"]["id"]
    r = client.put(
        f"/api/v1/workshops/{wid}/priorities/society",
        json={"poll_id": planned["polls"]["matrix"]["id"]},
        headers=fac,
    )
    assert r.status_code == 200, r.get_json()
    doc = read_docx(io.BytesIO(export(client, planned, "docx")))
    rows = programme_rows(doc)
    g1 = rows[title_of("G1")]
    assert re.fullmatch(r"[A-Z]+-\d+", g1["Kode"]), g1["Kode"]
    assert g1["OPD pendukung"] == "Bappeda" and g1["Jangka waktu (tahun)"].endswith("2028–2030")
    assert g1["Indikator (baseline → target)"] == "Waktu layanan (hari): 14 → 3"
    # Society now ranked by the matrix poll the facilitator chose: S1 rated, S2 not.
    assert rows[title_of("S1")]["Peringkat"] == "1" and rows[title_of("S2")]["Peringkat"] == "–"
    assert {k: rows[title_of(k)]["Peringkat"] for k in ("G1", "G2", "E1", "E2")} == {
        k: EXPECTED_RANKS[k] for k in ("G1", "G2", "E1", "E2")
    }
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "«Matriks dampak» (dipilih fasilitator)" in text
    codes = {row["Kode"] for row in rows.values()}
    assert len(codes) == len(PROGRAMMES) and "" not in codes  # every programme has its code


def test_programme_fields_priorities_and_progress_from_the_data(app, planned):
    """The keys the programme, priority and follow-up work adds to the export dict
    (codes, supporting OPD, years, indicators, quick_win, priorities, progress_reports)."""
    db = open_app_db(app)
    try:
        data = model.gather(db, planned["workshop"]["id"])
    finally:
        db.close()
    ids, opds = planned["ids"], planned["opds"]
    by_id = {i["id"]: i for i in data["ideas"]}
    for n, (key, *_rest) in enumerate(PROGRAMMES):
        idea = by_id[ids[key]]
        idea["code"] = f"{key[0]}-{n:02d}"
        idea["supporting_opd_ids"] = [opds["Bappeda"]] if key == "G1" else []
        idea["indicators"] = []
        idea["year_start"] = idea["year_end"] = None
        idea["quick_win"] = None
    by_id[ids["G1"]].update(
        year_start=2028,
        year_end=2030,
        indicators=[{"name": "Waktu layanan", "unit": "hari", "baseline": 14, "target": 3}],
    )
    by_id[ids["S1"]]["quick_win"] = {"reason": "Warga merasakan langsung", "marked_at": "x"}
    data["workshop"]["period_start"], data["workshop"]["period_end"] = 2027, 2031
    matrix = next(p for p in data["polls"] if p["title"] == "Matriks dampak")
    data["priorities"] = [
        {"dimension": "governance", "poll_id": None, "chosen": "rule"},
        {"dimension": "environment", "poll_id": None, "chosen": "rule"},
        {"dimension": "society", "poll_id": matrix["id"], "chosen": "explicit"},
    ]
    data["progress_reports"] = [
        {
            "id": 1,
            "target": "idea",
            "target_id": ids["G1"],
            "percent": 10,
            "status": "berjalan",
            "note": "Lama",
            "evidence_url": None,
            "reported_at": "2027-02-01T03:00:00Z",
            "reporter": "Ahmad",
            "opd_id": opds["Diskominfo"],
        },
        {
            "id": 2,
            "target": "idea",
            "target_id": ids["G1"],
            "percent": 40,
            "status": "berjalan",
            "note": "Tahap desain selesai",
            "evidence_url": None,
            "reported_at": "2027-05-01T03:00:00Z",
            "reporter": "Ahmad",
            "opd_id": opds["Diskominfo"],
        },
    ]
    with app.test_request_context(), force_locale("id"):
        doc = build_masterplan(data)
        md = render_document(doc, "md").decode()
        raw = render_document(doc, "docx")
    rows = programme_rows(read_docx(io.BytesIO(raw)))
    g1 = rows[title_of("G1")]
    assert g1["Kode"] == "G-00" and g1["OPD pendukung"] == "Bappeda"
    assert "2028–2030" in g1["Jangka waktu (tahun)"]
    assert g1["Indikator (baseline → target)"] == "Waktu layanan (hari): 14 → 3"
    # Governance and environment have no poll (resolve said none): nothing is ranked.
    assert {rows[title_of(k)]["Peringkat"] for k in ("G1", "G2", "E1", "E2")} == {"–"}
    # Society is ranked by the matrix poll the facilitator chose: S1 rated, S2 not.
    assert rows[title_of("S1")]["Peringkat"] == "1" and rows[title_of("S2")]["Peringkat"] == "–"
    assert rows[title_of("S1")]["Quick win"] == "✓"
    assert rows[title_of("E2")].get("Quick win", "") == ""
    assert "dipilih fasilitator" in md
    chapter6 = section(md, "## 6. Quick Win", "## 7. Peta Jalan")
    assert title_of("S1") in chapter6 and title_of("E2") not in chapter6
    chapter10 = section(md, "## 10. Monitoring", "## 11. Tindak Lanjut")
    row = "| G-00 | Portal layanan terpadu | Diskominfo | Waktu layanan | hari | 14 | 3 |"
    assert row in chapter10
    assert "Tahap desain selesai" in chapter10 and "Lama" not in chapter10
    # Years per programme: G1's budget over 2028–2030, evenly, adding up.
    chapter8 = section(md, "## 8. Rencana Pembiayaan", "## 9. Kelembagaan")
    per_year = section(chapter8, "8.2", "8.3")
    amounts = {
        int(m.group(1)): int(m.group(2).replace(".", ""))
        for m in re.finditer(r"\| (\d{4}) \| ([\d.]+) \|", per_year)
    }
    assert sum(amounts.values()) == sum(p[4] or 0 for p in PROGRAMMES)
    assert amounts[2030] >= 400_000_000  # G1's third (plus G3's and medium-term shares)
    # The matrix: PJ for the responsible OPD, P for the supporting one.
    matrix_rows = [line for line in md.splitlines() if f"| {title_of('G1')} |" in line]
    assert any("| PJ |" in line and "| P |" in line for line in matrix_rows)
