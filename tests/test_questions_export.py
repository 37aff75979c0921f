"""Questions to a speaker in the record (issue 16 item 9): the session's summary (notulen)
lists the questions with their supports and answers, anonymous ones naming nobody; the JSON
dump carries them (no author for an anonymous one) and imports back with its supporters; the
SQLite snapshot keeps them without the asker of an anonymous question."""

import json
import sqlite3

import pytest

from tests.conftest import bearer
from workshop.db import open_app_db
from workshop.export import model
from workshop.export.importer import import_workshop
from workshop.export.jsondump import comparable


@pytest.fixture
def qa(app, auth, client, db):
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    row = next(
        db.query("SELECT * FROM sessions WHERE workshop_id = ? ORDER BY id", [workshop["id"]])
    )
    db.execute(
        "UPDATE sessions SET kind = 'qa', status = 'open', title = 'Tanya jawab Kominfo'"
        " WHERE id = ?",
        [row["id"]],
    )
    db.conn.commit()
    _r, rina = auth.participant(workshop, "Rina", "Bappeda")
    _d, dewi = auth.participant(workshop, "Dewi", "Diskominfo")
    fac = bearer(auth.token())
    url = f"/api/v1/sessions/{row['id']}/questions"
    named = client.post(url, json={"text": "Kapan SPBE dievaluasi?"}, headers=bearer(rina))
    anon = client.post(
        url, json={"text": "Siapa menjaga data warga?", "anonymous": True}, headers=bearer(dewi)
    )
    hidden = client.post(url, json={"text": "Iklan tidak relevan"}, headers=bearer(dewi))
    anon_id = anon.get_json()["id"]
    client.post(f"/api/v1/questions/{anon_id}/upvote", headers=bearer(rina))
    client.patch(
        f"/api/v1/questions/{anon_id}",
        json={"status": "answered", "answer": "Diskominfo bersama BSSN."},
        headers=fac,
    )
    client.patch(
        f"/api/v1/questions/{hidden.get_json()['id']}", json={"status": "hidden"}, headers=fac
    )
    client.patch(f"/api/v1/questions/{named.get_json()['id']}", json={"pinned": True}, headers=fac)
    return {"workshop": workshop, "session": row, "fac": fac}


def test_the_summary_lists_questions_and_answers(client, qa):
    r = client.get(f"/api/v1/sessions/{qa['session']['id']}/summary?format=md", headers=qa["fac"])
    assert r.status_code == 200
    text = r.get_data(as_text=True)
    assert "Tanya jawab" in text
    assert "3 pertanyaan diajukan, 1 sudah dijawab, 1 disembunyikan oleh fasilitator." in text
    pinned, answered = text.index("Kapan SPBE dievaluasi?"), text.index("Siapa menjaga data")
    assert pinned < answered  # pinned first
    assert "Rina (Bappeda)" in text and "Diskominfo bersama BSSN." in text
    assert "Iklan tidak relevan" not in text
    assert "Dewi" not in text  # the anonymous asker is named nowhere


def test_the_json_dump_carries_questions_and_imports_back(client, app, db, qa):
    data = model.gather(db, qa["workshop"]["id"])
    items = data["questions"]
    assert [q["text"] for q in items] == [
        "Kapan SPBE dievaluasi?",
        "Siapa menjaga data warga?",
        "Iklan tidak relevan",
    ]
    anon = items[1]
    assert anon["anonymous"] is True and anon["participant_id"] is None
    assert anon["votes"] == 1 and len(anon["voters"]) == 1 and anon["status"] == "answered"
    assert items[0]["pinned"] is True and items[0]["participant_id"] is not None
    raw = json.loads(json.dumps(data))
    other = open_app_db(app)
    try:
        with other.atomic():
            new_id, _report = import_workshop(other, raw)
        again = model.gather(other, new_id)
    finally:
        other.close()
    assert comparable(again)["questions"] == comparable(raw)["questions"]
    assert again["questions"][1]["votes"] == 1


def test_the_sqlite_snapshot_forgets_the_anonymous_asker(client, qa, tmp_path):
    r = client.get(
        f"/api/v1/workshops/{qa['workshop']['id']}/export?format=sqlite", headers=qa["fac"]
    )
    assert r.status_code == 200
    path = tmp_path / "snap.sqlite"
    path.write_bytes(r.data)
    snap = sqlite3.connect(path)
    rows = snap.execute(
        "SELECT text, anonymous, participant_id FROM questions ORDER BY id"
    ).fetchall()
    assert len(rows) == 3
    assert all((pid is None) == bool(anon) for _t, anon, pid in rows)
    assert snap.execute("SELECT COUNT(*) FROM question_votes").fetchone()[0] == 1


def test_xlsx_and_csv_carry_questions_without_the_anonymous_asker(client, qa):
    import csv
    import io
    import zipfile

    from openpyxl import load_workbook

    base = f"/api/v1/workshops/{qa['workshop']['id']}/export?format="
    r = client.get(base + "xlsx", headers=qa["fac"])
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.data))["questions"]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = list(rows[0]), rows[1:]
    assert [row[header.index("text")] for row in body] == [
        "Kapan SPBE dievaluasi?",
        "Siapa menjaga data warga?",
        "Iklan tidak relevan",
    ]
    anon = dict(zip(header, body[1], strict=True))
    assert anon["anonymous"] is True and anon["participant_id"] is None
    assert anon["answer"] == "Diskominfo bersama BSSN." and anon["votes"] == 1
    assert dict(zip(header, body[2], strict=True))["status"] == "hidden"

    r = client.get(base + "csv", headers=qa["fac"])
    archive = zipfile.ZipFile(io.BytesIO(r.data))
    assert "questions.csv" in archive.namelist()
    text = archive.read("questions.csv").decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text)))
    assert [q["status"] for q in lines] == ["visible", "answered", "hidden"]
    assert lines[1]["participant_id"] == ""
    assert "questions.csv:" in archive.read("README.txt").decode()
