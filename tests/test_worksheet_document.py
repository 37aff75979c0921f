"""The Draf Masterplan of a workshop built only through the worksheet API (issue 14): chapters
2.1, 2.3, 3 and 4 carry the entered material and no placeholder, in Markdown, DOCX and PDF;
hidden, merged and replaced entries stay out; the JSON round trip keeps every worksheet row."""

import json

import pytest

from tests.conftest import bearer
from tests.documents import docx_text, pdf_text, squeeze
from tests.test_worksheet_exports import PLACEHOLDER, chapter, docx_chapter
from workshop import create_app
from workshop.db import open_app_db
from workshop.export import export_workshop, model
from workshop.export.jsondump import comparable
from workshop.store import accounts, workshops

# -- a workshop built only through the worksheet API -------------------------------------------

# Ratings per participant: (aspect, item, rating, note).
RATINGS = {
    "Rina": [
        ("struktur", "sdm", "kurang", "Tenaga TIK hanya satu orang per OPD"),
        ("infrastruktur", "digital", "sedang", ""),
        ("suprastruktur", "kebijakan", "baik", "Perwali SPBE sudah terbit"),
    ],
    "Ahmad": [
        ("struktur", "sdm", "sedang", "Ada pelatihan rutin dari Diskominfo"),
        ("infrastruktur", "digital", "sedang", "Fiber optik baru di 20 OPD"),
    ],
    "Dewi": [
        ("struktur", "sdm", "kurang", "Catatan yang tidak dikutip"),
        ("struktur", "data_kota", "kurang", "Belum ada walidata"),
    ],
}
SWOT = [
    ("S", "governance", "Perizinan daring sudah berjalan"),
    ("W", "governance", "Data antar-OPD belum terintegrasi"),
    ("O", "governance", "Program SPBE nasional"),
    ("T", "governance", "Ancaman keamanan siber"),
    ("S", None, "Komitmen Wali Kota"),
]


def fill_worksheets(client, db, workshop, fac, people):
    """Readiness ratings (one replaced, one hidden, notes quoted), SWOT entries (one hidden,
    one merged), TOWS and strategy-session strategies, vision keywords and the vision, all
    through the API. `people`: {name: device token}. Returns what the document must show."""
    wid = workshop["id"]
    sessions = client.get(f"/api/v1/workshops/{wid}/sessions", headers=fac).get_json()["items"]
    by_purpose = {}
    for s in sessions:
        if s["kind"] == "worksheet" or s["purpose"] == "strategy":
            by_purpose.setdefault(s["purpose"], s)
    strategy_session = by_purpose["strategy"]
    r = client.patch(
        f"/api/v1/sessions/{strategy_session['id']}", json={"kind": "worksheet"}, headers=fac
    )
    assert r.status_code == 200, r.get_json()
    for s in by_purpose.values():
        r = client.patch(f"/api/v1/sessions/{s['id']}", json={"status": "open"}, headers=fac)
        assert r.status_code == 200, r.get_json()
    # The workshop's own readiness list: one more item under struktur.
    items = client.get(f"/api/v1/workshops/{wid}/readiness-items", headers=fac).get_json()
    aspects = items["aspects"]
    aspects[0]["items"].append({"key": "data_kota", "name_id": "Tata kelola data kota"})
    r = client.put(
        f"/api/v1/workshops/{wid}/readiness-items", json={"aspects": aspects}, headers=fac
    )
    assert r.status_code == 200, r.get_json()

    def post(purpose, body, who):
        r = client.post(
            f"/api/v1/sessions/{by_purpose[purpose]['id']}/entries",
            json=body,
            headers=bearer(people[who]) if who != "fac" else fac,
        )
        assert r.status_code in (200, 201), r.get_json()
        return r.get_json()

    def patch(entry, body):
        r = client.patch(f"/api/v1/entries/{entry['id']}", json=body, headers=fac)
        assert r.status_code == 200, r.get_json()

    rated = {}
    n = 0
    for who, rows in RATINGS.items():
        for aspect, item, rating, note in rows:
            n += 1
            body = {"aspect": aspect, "item": item, "rating": rating, "client_id": f"r-{n}"}
            rated[(who, item)] = post("readiness", body | ({"note": note} if note else {}), who)
    # Ahmad first said "baik" for sdm's sibling, then changed his mind: only "sedang" counts.
    post("readiness", {"aspect": "struktur", "item": "anggaran", "rating": "baik"}, "Ahmad")
    post("readiness", {"aspect": "struktur", "item": "anggaran", "rating": "kurang"}, "Ahmad")
    hidden = post(
        "readiness",
        {
            "aspect": "struktur",
            "item": "anggaran",
            "rating": "baik",
            "note": "Rating disembunyikan",
        },
        "Rina",
    )
    patch(hidden, {"status": "hidden"})
    for key in (("Rina", "sdm"), ("Ahmad", "sdm"), ("Ahmad", "digital"), ("Dewi", "data_kota")):
        patch(rated[key], {"quoted": True})
    entries = [
        post("swot", {"quadrant": q, "text": t} | ({"dimension": d} if d else {}), "Rina")
        for q, d, t in SWOT
    ]
    duplicate = post(
        "swot",
        {"quadrant": "S", "dimension": "governance", "text": "Perizinan online jalan"},
        "Ahmad",
    )
    patch(duplicate, {"merged_into": entries[0]["id"]})
    secret = post("swot", {"quadrant": "W", "text": "Entri yang disembunyikan"}, "Dewi")
    patch(secret, {"status": "hidden"})
    tows = {
        "type": "SO",
        "text": "Perluas perizinan daring dengan dukungan SPBE nasional",
        "dimension": "governance",
        "from": [entries[0]["id"], entries[2]["id"]],
    }
    r = client.post(
        f"/api/v1/sessions/{by_purpose['swot']['id']}/strategies", json=tows, headers=fac
    )
    assert r.status_code == 201, r.get_json()
    r = client.post(
        f"/api/v1/sessions/{strategy_session['id']}/strategies",
        json={"text": "Bangun pusat data cadangan", "dimension": "living"},
        headers=fac,
    )
    assert r.status_code == 201, r.get_json()
    post(
        "strategy",
        {"text": "Literasi digital untuk ASN", "dimension": "society", "element": "learning"},
        "Dewi",
    )
    for who, words in (("Rina", ["Melayani", "nyaman"]), ("Ahmad", ["melayani ", "Hijau"])):
        for word in words:
            post("vision", {"text": word}, who)
    gone = post("vision", {"text": "kata tersembunyi"}, "Dewi")
    patch(gone, {"status": "hidden"})
    r = client.put(
        f"/api/v1/workshops/{wid}/vision",
        json={"vision": "Kota cerdas yang melayani", "missions": ["Misi pertama", "Misi kedua"]},
        headers=fac,
    )
    assert r.status_code == 200, r.get_json()
    return {
        "shown": [
            "Tenaga TIK hanya satu orang per OPD",
            "Ada pelatihan rutin dari Diskominfo",
            "Fiber optik baru di 20 OPD",
            "Belum ada walidata",
            "Tata kelola data kota",
            *(t for _q, _d, t in SWOT),
            tows["text"],
            "Bangun pusat data cadangan",
            "Literasi digital untuk ASN",
            "Kota cerdas yang melayani",
            "Misi pertama",
            "Misi kedua",
        ],
        "hidden": [
            "Catatan yang tidak dikutip",
            "Rating disembunyikan",
            "Perizinan online jalan",
            "Entri yang disembunyikan",
            "kata tersembunyi",
        ],
    }


@pytest.fixture
def built(client, db, auth):
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    fac = bearer(auth.token())
    people = {
        name: auth.participant(workshop, name, opd)[1]
        for name, opd in (("Rina", "Bappeda"), ("Ahmad", "Diskominfo"), ("Dewi", "Dinkes"))
    }
    expected = fill_worksheets(client, db, workshop, fac, people)
    return {"workshop": workshop, "fac": fac, "expected": expected}


def api_export(client, built, fmt):
    r = client.get(
        f"/api/v1/workshops/{built['workshop']['id']}/export?format={fmt}", headers=built["fac"]
    )
    assert r.status_code == 200
    return r.data


def test_worksheets_alone_fill_chapters_2_1_2_3_3_and_4_in_every_document(client, built):
    md = api_export(client, built, "md").decode()
    filled = {
        "2.1": chapter(md, "### 2.1 ", "### 2.2 "),
        "2.3": chapter(md, "### 2.3 ", "## 3. "),
        "3": chapter(md, "## 3. ", "## 4. "),
        "4": chapter(md, "## 4. ", "## 5. "),
    }
    for name, text in filled.items():
        assert PLACEHOLDER not in text, name
    # sdm: Rina kurang, Ahmad sedang, Dewi kurang → 0 / 1 / 2 of 3.
    sdm = next(line for line in filled["2.1"].splitlines() if "Sumber daya manusia" in line)
    assert "| 0 (0%) | 1 (33%) | 2 (67%) | 3 |" in sdm
    anggaran = next(line for line in filled["2.1"].splitlines() if "Sumber daya anggaran" in line)
    assert "| 0 (0%) | 0 (0%) | 1 (100%) | 1 |" in anggaran  # replaced and hidden left out
    assert "Tata kelola data kota" in filled["2.1"]  # the workshop's own item
    assert "| Kekuatan (S) | Perizinan daring sudah berjalan |" in filled["2.3"]
    assert "#### Semua dimensi" in filled["2.3"] and "Komitmen Wali Kota" in filled["2.3"]
    assert "| 1 | melayani | 2 |" in filled["3"]
    assert "- SO: Perluas perizinan daring" in filled["4"]
    assert "Literasi digital untuk ASN" in chapter(filled["4"], " Masyarakat Cerdas\n", "Belum ada")
    everything = "".join(filled.values())
    for text in built["expected"]["shown"]:
        assert text in everything, text
    for text in built["expected"]["hidden"]:
        assert text not in md, text

    docx = api_export(client, built, "docx")
    for start, end in (("2.1 ", "2.2 "), ("2.3 ", "3. "), ("3. ", "4. "), ("4. ", "5. ")):
        assert PLACEHOLDER not in docx_chapter(docx, start, end), start
    text = docx_text(docx)
    for expected in built["expected"]["shown"]:
        assert expected in text, expected
    for hidden in built["expected"]["hidden"]:
        assert hidden not in text, hidden

    pdf = squeeze(pdf_text(api_export(client, built, "pdf")))
    for expected in built["expected"]["shown"]:
        assert squeeze(expected) in pdf, expected
    for hidden in built["expected"]["hidden"]:
        assert squeeze(hidden) not in pdf, hidden
    between = pdf[pdf.index("2.1Analisiskesiapan") : pdf.index("5.RencanaProgram")]
    assert squeeze(PLACEHOLDER) not in between


def test_worksheets_survive_the_json_round_trip(client, built, tmp_path):
    first = api_export(client, built, "json")
    data = json.loads(first)
    assert data["readiness_list"]["custom"] is True
    assert {e["status"] for e in data["entries"]} >= {"visible", "hidden", "merged", "replaced"}
    (tmp_path / "w.json").write_bytes(first)
    target = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "o.db"), "INSTANCE_PATH": str(tmp_path / "o")}
    )
    other = open_app_db(target)
    try:
        accounts.create_facilitator(other, "alice", "correct horse")
        workshops.create_workshop(
            other, None, {"title": "Lain", "city": "Kota Lain", "starts_on": "2017-08-01"}
        )
        result = target.test_cli_runner().invoke(args=["import-json", str(tmp_path / "w.json")])
        assert result.exit_code == 0, result.output
        moved = other.execute("SELECT MAX(id) FROM workshops").fetchone()[0]
        again = model.gather(other, moved)
        with target.test_request_context():
            md = export_workshop(other, moved, "md")[0].decode()
    finally:
        other.close()
    assert comparable(again) == comparable(data)
    for text in built["expected"]["shown"]:
        assert text in md, text
