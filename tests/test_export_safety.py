"""Exports that are safe to open and leave nothing behind (issue 12, items 4, 5 and 7).

- CSV: text that a spreadsheet would run as a formula is neutralised in every column.
- SQLite snapshot: built in the instance folder, only this workshop's rows ever written,
  leftovers of an interrupted export removed at the next start, no live join code.
- Markdown: note bodies keep their emphasis and lists but cannot link, embed or run.
"""

import csv
import io
import os
import re
import sqlite3
import zipfile

from tests.test_exports import export, rich  # noqa: F401 (the fixture)
from workshop import create_app
from workshop.export import sqlite as snapshot_file
from workshop.store import extract

FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x")']
PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def test_csv_neutralises_formulas_in_every_text_column(client, auth, rich):  # noqa: F811
    fac = rich["fac"]
    wid = rich["workshop"]["id"]
    client.patch(f"/api/v1/workshops/{wid}", json={"venue": FORMULAS[0]}, headers=fac)
    imported = client.post(
        f"/api/v1/workshops/{wid}/opds/import",
        data="code,name\n" + "\n".join(f'X{n},"{v}"' for n, v in enumerate(FORMULAS[:4])),
        headers={**fac, "Content-Type": "text/csv"},
    )
    assert imported.status_code in (200, 201), imported.get_json()
    auth.participant(rich["workshop"], "+62 812 SUM(1)", "Bappeda")
    session = rich["program_session"]
    r = client.post(
        f"/api/v1/sessions/{session['id']}/ideas",
        json={
            "title": "=cmd|' /C calc'!A0",
            "dimension": "governance",
            "funding_source": "@SUM(1+1)",
            "description": "-1+1",
            "client_id": "formula",
        },
        headers=fac,
    )
    assert r.status_code == 201, r.get_json()
    client.post(
        f"/api/v1/sessions/{session['id']}/notes",
        json={"kind": "note", "body": "=2*3"},
        headers=fac,
    )
    archive = zipfile.ZipFile(io.BytesIO(export(client, rich, "csv").data))
    seen = 0
    for name in archive.namelist():
        if not name.endswith(".csv"):
            continue
        rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        for row in rows[1:]:
            for value in row:
                if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    assert PLAIN_NUMBER.match(value), f"{name}: {value!r}"
                if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
                    seen += 1
    # the venue, four OPD names, the participant, three idea fields, the note body
    assert seen >= 10


def test_sqlite_snapshot_is_built_in_the_instance_folder(app, client, rich, monkeypatch):  # noqa: F811
    seen = []
    original = extract.copy_workshop

    def spy(db, workshop_id, path):
        seen.append(path)
        assert os.path.dirname(path) == os.path.join(app.instance_path, "exports")
        assert os.stat(os.path.dirname(path)).st_mode & 0o077 == 0
        return original(db, workshop_id, path)

    monkeypatch.setattr(snapshot_file, "copy_workshop", spy)
    export(client, rich, "sqlite")
    assert len(seen) == 1 and not os.path.exists(seen[0])


def test_a_half_written_snapshot_holds_one_workshop(auth, db, rich, tmp_path):  # noqa: F811
    other = auth.workshop(rich["owner"]["id"], title="Bimtek Kota Lain")
    auth.participant(other, "Orang Lain", "Bappeda")
    path = tmp_path / "half.sqlite"
    # Stop right after the rows were copied, before any clean-up pass: what is in the file
    # then is what a kill at that moment would leave behind.
    target = sqlite3.connect(path)
    target.execute(
        "ATTACH DATABASE ? AS live",
        [__import__("pathlib").Path(extract.store_file(db)).resolve().as_uri() + "?mode=ro"],
    )
    with target:
        extract._copy_rows(target, rich["workshop"]["id"])
    target.execute("DETACH DATABASE live")
    target.close()
    raw = path.read_bytes()
    assert b"Orang Lain" not in raw
    assert b"Bimtek Kota Lain" not in raw
    assert rich["workshop"]["projector_key"].encode() not in raw
    assert rich["workshop"]["code"].encode() not in raw
    snap = sqlite3.connect(path)
    assert {r[0] for r in snap.execute("SELECT password_hash FROM facilitators")} == {""}
    assert snap.execute("SELECT count(*) FROM api_tokens").fetchone()[0] == 0


def test_the_snapshot_carries_no_join_code(client, rich, tmp_path):  # noqa: F811
    path = tmp_path / "s.sqlite"
    path.write_bytes(export(client, rich, "sqlite").data)
    code = sqlite3.connect(path).execute("SELECT code FROM workshops").fetchone()[0]
    assert code != rich["workshop"]["code"] and code.startswith("removed-")
    assert rich["workshop"]["code"].encode() not in path.read_bytes()


def test_leftovers_of_a_killed_export_are_removed_at_start(tmp_path):
    folder = tmp_path / "instance" / "exports"
    folder.mkdir(parents=True)
    dead = folder / "snapshot-999999-abc.sqlite"  # no process has this pid
    dead.write_bytes(b"SQLite format 3\x00 full copy of the store")
    (folder / "snapshot-999999-abc.sqlite-journal").write_bytes(b"journal")
    mine = folder / f"snapshot-{os.getppid()}-live.sqlite"  # a running process's export
    mine.write_bytes(b"in progress")
    create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "s.db"),
            "INSTANCE_PATH": str(tmp_path / "instance"),
        }
    )
    assert not dead.exists()
    assert not (folder / "snapshot-999999-abc.sqlite-journal").exists()
    assert mine.exists()


def test_markdown_notes_keep_emphasis_but_cannot_link_or_embed(client, rich):  # noqa: F811
    session = rich["program_session"]
    body = (
        "**Penting**: lihat [tautan](javascript:alert(1)) dan ![gambar](http://x/y.png)\n"
        "<img src=x onerror=alert(1)>\n# Bukan judul\n- butir satu"
    )
    r = client.post(
        f"/api/v1/sessions/{session['id']}/notes",
        json={"kind": "note", "body": body},
        headers=rich["fac"],
    )
    assert r.status_code == 201
    for url in (
        f"/api/v1/workshops/{rich['workshop']['id']}/export?format=md",
        f"/api/v1/sessions/{session['id']}/summary?format=md",
    ):
        text = client.get(url, headers=rich["fac"]).get_data(as_text=True)
        assert "**Penting**" in text
        assert "> - butir satu" in text
        assert "[tautan](javascript" not in text and "![gambar]" not in text
        assert "\\<img" in text and not re.search(r"(?<!\\)<img", text)
        assert "\\# Bukan judul" in text
