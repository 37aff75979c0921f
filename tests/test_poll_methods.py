"""Poll methods as plug-ins: the registry, the store's reference table, and the ballot
widgets in JavaScript pinned to the server's rules."""

import json
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from workshop.db import connect, migrate
from workshop.polls.methods import METHODS, REGISTRY, BallotError, validate_ballot
from workshop.polls.methods.allocation import AllocationMethod
from workshop.store import polls as store_polls
from workshop.store.migrations import M004_METHODS, migrations

ROOT = Path(__file__).resolve().parent.parent
WIDGETS = ROOT / "static" / "js" / "ballot"
NOW = "2026-01-01T00:00:00Z"


def test_registry_lists_the_six_methods_in_form_order():
    assert METHODS == ("dots", "points", "ranking", "scores", "matrix", "approval")
    assert all(REGISTRY[k].key == k for k in METHODS)


def test_the_form_offers_exactly_the_registry(app):
    from workshop.forms.polls import POLL_METHODS, PollForm

    with app.test_request_context("/"):
        form = PollForm(meta={"csrf": False})
        assert [c.value for c in form.method.choices] == list(METHODS)
    assert tuple(POLL_METHODS) == METHODS


def test_ranking_counts_borda_points_of_truncated_ballots():
    entries = REGISTRY["ranking"].entries({"ranking": [7, "3", 5]})
    assert entries == {7: 3, 3: 2, 5: 1}  # k…1 for the ranked, the others get nothing


def test_carry_moves_votes_to_the_survivor_once():
    to = {2: 1}.get
    survivor = lambda idea: to(idea, idea)  # noqa: E731
    assert REGISTRY["dots"].carry({"allocations": {"1": 2, "2": 3}}, survivor) == {
        "allocations": {"1": 5}
    }
    assert REGISTRY["ranking"].carry({"ranking": [2, 3, 1]}, survivor) == {"ranking": [1, 3]}
    assert REGISTRY["approval"].carry({"approve": [1, 2]}, survivor) == {"approve": [1]}
    body = {"scores": {"2": {"impact": 1, "effort": 1}, "1": {"impact": 5, "effort": 5}}}
    assert REGISTRY["matrix"].carry(body, survivor, originals={2: 1}) == {
        "scores": {"1": {"impact": 5, "effort": 5}}
    }


def test_a_ballot_with_a_foreign_key_is_refused(app):
    poll = {"method": "approval", "budget": None, "max_per_item": None, "criteria": []}
    with app.test_request_context("/"), pytest.raises(BallotError) as caught:
        validate_ballot(poll, {"approve": [1], "ranking": []}, [1])
    assert "ranking" in caught.value.fields


# -- The store: polls.method references poll_methods --------------------------------------------


def polls_sql(db):
    return db.execute("SELECT sql FROM sqlite_master WHERE name = 'polls'").fetchone()[0]


def test_m004_still_makes_its_frozen_check(tmp_path):
    db = connect(str(tmp_path / "old.db"))
    migrations.apply(db, stop_before="m006_poll_methods")
    assert M004_METHODS == ("dots", "points", "ranking", "scores", "matrix", "approval")
    assert (
        "CHECK (method IN ('dots', 'points', 'ranking', 'scores', 'matrix', 'approval'))"
        in polls_sql(db)
    )
    db.close()


def test_m006_rebuilds_polls_and_keeps_every_ballot(tmp_path):
    db = connect(str(tmp_path / "old.db"))
    migrations.apply(db, stop_before="m006_poll_methods")
    db.execute(
        "INSERT INTO workshops (title, city, year, starts_on, days, template, code,"
        " projector_key, created_at, updated_at) VALUES ('W', 'Kota', 2026, '2026-01-01', 1,"
        " 'smart_city', 'ABC123', 'key', ?, ?)",
        [NOW, NOW],
    )
    db.execute(
        "INSERT INTO sessions (workshop_id, day, position, starts_at, ends_at, title, kind,"
        " created_at, updated_at) VALUES (1, 1, 1, '09:00', '10:00', 'S', 'vote', ?, ?)",
        [NOW, NOW],
    )
    db.execute(
        "INSERT INTO polls (workshop_id, session_id, title, method, created_at, updated_at)"
        " VALUES (1, 1, 'P', 'ranking', ?, ?)",
        [NOW, NOW],
    )
    db.execute(
        "INSERT INTO ballots (poll_id, voter_key, body, created_at, updated_at)"
        " VALUES (1, 'p:1', '{\"ranking\": []}', ?, ?)",
        [NOW, NOW],
    )
    db.execute("INSERT INTO displays (workshop_id, poll_id, updated_at) VALUES (1, 1, ?)", [NOW])
    db.conn.commit()
    migrate(db)
    assert "REFERENCES poll_methods(key)" in polls_sql(db)
    assert "CHECK (method IN" not in polls_sql(db)
    assert db.execute("SELECT method FROM polls").fetchall() == [("ranking",)]
    assert db.execute("SELECT COUNT(*) FROM ballots").fetchone()[0] == 1
    assert db.execute("SELECT poll_id FROM displays").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "polls_session" in indexes
    migrate(db)  # idempotent
    db.close()


def test_poll_methods_follow_the_registry_and_refuse_others(db):
    keys = {r[0] for r in db.execute("SELECT key FROM poll_methods")}
    assert keys == set(METHODS)
    db.execute(
        "INSERT INTO workshops (title, city, year, starts_on, days, template, code,"
        " projector_key, created_at, updated_at) VALUES ('W', 'Kota', 2026, '2026-01-01', 1,"
        " 'smart_city', 'XYZ789', 'key2', ?, ?)",
        [NOW, NOW],
    )
    wid = db.execute("SELECT id FROM workshops WHERE code = 'XYZ789'").fetchone()[0]
    db.execute(
        "INSERT INTO sessions (workshop_id, day, position, starts_at, ends_at, title, kind,"
        " created_at, updated_at) VALUES (?, 1, 1, '09:00', '10:00', 'S', 'vote', ?, ?)",
        [wid, NOW, NOW],
    )
    sid = db.execute("SELECT id FROM sessions WHERE workshop_id = ?", [wid]).fetchone()[0]
    insert = (
        "INSERT INTO polls (workshop_id, session_id, title, method, created_at, updated_at)"
        " VALUES (?, ?, 'P', ?, ?, ?)"
    )
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(insert, [wid, sid, "condorcet", NOW, NOW])
    # A seventh method is a registry entry: migrate() syncs it, no migration needed.
    store_polls.sync_methods(db, (*METHODS, "condorcet"))
    db.execute(insert, [wid, sid, "condorcet", NOW, NOW])
    db.conn.rollback()


# -- JavaScript widgets pinned to the server -----------------------------------------------------


def test_every_method_has_its_field_set_and_widget():
    for key, method in REGISTRY.items():
        assert (ROOT / "templates" / "participant" / "ballot" / f"{method.fields}.html").exists()
        script = (WIDGETS / f"{method.fields}.js").read_text(encoding="utf-8")
        assert re.search(rf"widgets\.{key}\s*=", script), key


def test_exact_total_in_js_is_the_server_rule():
    """allocation.js refuses to send points that do not spend the budget exactly: the same
    methods whose check_total the server overrides (points)."""
    script = (WIDGETS / "allocation.js").read_text(encoding="utf-8")
    exact = json.loads(re.search(r"var EXACT_TOTAL = (\[[^\]]*\]);", script)[1])
    server = [
        k
        for k, m in REGISTRY.items()
        if isinstance(m, AllocationMethod)
        and type(m).check_total is not AllocationMethod.check_total
    ]
    assert exact == server == ["points"]


def test_widgets_only_use_words_the_page_gives(app):
    from workshop.views.participant.polls import page_texts

    used = set()
    for path in [*WIDGETS.glob("*.js"), ROOT / "static" / "js" / "ballot.js"]:
        used |= set(re.findall(r"texts\.(\w+)", path.read_text(encoding="utf-8")))
    with app.test_request_context("/"):
        given = set(page_texts({"method": "points"}))
    assert used <= given, used - given


def test_criterion_keys_from_labels_are_made_alike_in_js_and_python(tmp_path):
    """poll-form.js makes the key of a new criterion as facilitator/polls.py slug does."""
    from workshop.views.facilitator.polls import slug

    script = (ROOT / "static" / "js" / "poll-form.js").read_text(encoding="utf-8")
    source = re.search(r"\n  function slug\(label, taken\) \{\n.*?\n  \}\n", script, re.S)[0]
    labels = [
        "Biaya rendah",
        "Dampak ke warga",
        "Ñandú – Über straße",
        "  2024 target ",
        "Kesiapan OPD (SDM)",
        "日本",
        "",
    ]
    taken = ["biaya_rendah"]
    runner = tmp_path / "slug.js"
    runner.write_text(
        source
        + "var taken = {};"
        + f"{json.dumps(taken)}.forEach(function (k) {{ taken[k] = true; }});"
        + f"console.log(JSON.stringify({json.dumps(labels)}.map(function (l) {{"
        + " return slug(l, taken); })));",
        encoding="utf-8",
    )
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed")
    out = subprocess.run([node, str(runner)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [slug(label, set(taken)) for label in labels]


def imports_of(path):
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            found |= {f"{base}:{alias.name}" for alias in node.names}
    return found


def test_methods_are_pure_and_rules_know_no_http():
    """Method modules: no store, no db, no Flask; poll rules: no views, no request."""
    for path in (ROOT / "workshop" / "polls" / "methods").glob("*.py"):
        for name in imports_of(path):
            assert not name.startswith(("flask:", "flask.", "..db", "...db", "...store")), (
                path.name,
                name,
            )
            assert "views" not in name, (path.name, name)
    for name in ("polls.py", "ballots.py"):
        for imported in imports_of(ROOT / "workshop" / "rules" / name):
            assert "views" not in imported and "errors" not in imported, (name, imported)
            if imported.startswith("flask:"):
                assert imported == "flask:current_app", (name, imported)


def test_who_voted_what_lines_are_the_same_in_js_and_python(tmp_path):
    """polls.js redraws "who voted what" with the lines each method's ballot_lines writes."""
    from workshop.rules.ballots import ballot_lines

    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed")
    script = (ROOT / "static" / "js" / "polls.js").read_text(encoding="utf-8")
    source = re.search(r"\n  function ballotLines\(card, ballot\) \{\n.*?\n  \}\n", script, re.S)[0]
    titles = {1: "Perizinan online", 2: "Bank sampah", 3: "Wifi taman"}
    criteria = [{"key": "impact", "label": "Dampak"}, {"key": "effort", "label": "Upaya"}]
    cases = [
        ("dots", {"allocations": {"1": 2, "2": 3, "3": 0}}),
        ("points", {"allocations": {"1": 50, "3": 50}}),
        ("ranking", {"ranking": [3, 1, 7]}),
        ("approval", {"approve": [1, 2]}),
        ("matrix", {"scores": {"1": {"impact": 5, "effort": 2}, "3": {"impact": 1, "effort": 4}}}),
        ("scores", {"scores": {"2": {"effort": 3, "impact": 4}}}),
    ]
    runner = tmp_path / "lines.js"
    runner.write_text(
        "function number(v) { return String(v); }\n"
        "function json(card, name) { return card[name]; }\n"
        + source
        + f"var cases = {json.dumps(cases)};\n"
        + f"var titles = {json.dumps({str(k): v for k, v in titles.items()})};\n"
        + f"var criteria = {json.dumps(criteria)};\n"
        + "console.log(JSON.stringify(cases.map(function (c) {"
        + " return ballotLines({dataset: {method: c[0]}, titles: titles, criteria: criteria},"
        + " c[1]); })));",
        encoding="utf-8",
    )
    out = subprocess.run([node, str(runner)], capture_output=True, text=True, check=True)
    expected = [
        ballot_lines({"method": method, "criteria": criteria}, body, titles, str)
        for method, body in cases
    ]
    assert json.loads(out.stdout) == expected
