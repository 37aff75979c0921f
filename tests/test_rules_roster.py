"""The roster, participant and workshop rules on their own: domain errors, no HTTP."""

import ast
import pathlib

import pytest

from workshop.rules import Conflict, FieldError
from workshop.rules import participants as participant_rules
from workshop.rules import roster as roster_rules
from workshop.rules import workshops as workshop_rules

RULES = pathlib.Path(__file__).resolve().parent.parent / "workshop" / "rules"
HTTP_NAMES = {"request", "session", "jsonify", "redirect", "url_for", "flash", "render_template"}


@pytest.mark.parametrize("name", ["roster", "opd_csv", "participants", "workshops"])
def test_rules_know_nothing_of_http_or_views(name):
    tree = ast.parse((RULES / f"{name}.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            assert "views" not in module and module != "errors"
            if module == "flask":
                assert not HTTP_NAMES & {alias.name for alias in node.names}


@pytest.fixture
def ctx(app, db, auth):
    alice = auth.create("alice")
    ws = auth.workshop(alice["id"])
    with app.test_request_context("/?lang=en"):
        yield db, ws, alice["id"]


def test_a_taken_short_name_is_a_field_error_and_changes_nothing(ctx):
    db, ws, actor = ctx
    before = db.execute("SELECT COUNT(*) FROM opds").fetchone()[0]
    code = db.execute("SELECT code FROM opds WHERE workshop_id = ?", [ws["id"]]).fetchone()[0]
    with pytest.raises(FieldError) as caught:
        roster_rules.add_opd(db, ws["id"], {"code": code.lower(), "name": "Dobel"}, actor)
    assert caught.value.fields == {"code": ["This short name is already in the roster."]}
    assert db.execute("SELECT COUNT(*) FROM opds").fetchone()[0] == before
    assert not db.conn.in_transaction


def test_an_opd_people_belong_to_cannot_go(ctx, auth):
    db, ws, actor = ctx
    auth.participant(ws, name="Rina", opd_code="Bappeda")
    opd = db.execute(
        "SELECT id, workshop_id FROM opds WHERE workshop_id = ? AND code = 'Bappeda'", [ws["id"]]
    ).fetchone()
    with pytest.raises(Conflict) as caught:
        roster_rules.remove_opd(db, {"id": opd[0], "workshop_id": opd[1]}, actor)
    assert caught.value.code == "opd_in_use" and caught.value.status == 409


def test_merging_someone_into_themselves_is_a_conflict(ctx, auth):
    db, ws, actor = ctx
    rina, _device = auth.participant(ws, name="Rina", opd_code="Bappeda")
    with pytest.raises(Conflict) as caught:
        participant_rules.merge(db, rina, rina["id"], actor)
    assert caught.value.code == "same_participant"


def test_an_unknown_co_facilitator_is_a_field_error(ctx):
    db, ws, actor = ctx
    with pytest.raises(FieldError) as caught:
        workshop_rules.add_facilitator(db, ws, "nobody", actor)
    assert caught.value.fields == {"username": ["No facilitator account has this username."]}
