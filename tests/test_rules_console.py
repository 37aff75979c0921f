"""rules/console.py (projector view, timer) and the limits the console's script repeats."""

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import csrf_from
from workshop.forms.console import DISPLAY_TEXT_MAX, NOTE_MAX, TIMER_MAX_MINUTES
from workshop.rules import FieldError
from workshop.rules import console as rules
from workshop.store import display

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def pushed(monkeypatch, db):
    sent = []
    for name in ("broadcast_display", "broadcast_timer"):
        monkeypatch.setattr(
            rules,
            name,
            lambda state, wid, name=name: sent.append((name, state, wid, db.conn.in_transaction)),
        )
    return sent


@pytest.fixture
def hall(app, auth, db):
    owner = auth.create()
    mine = auth.workshop(owner["id"])
    theirs = auth.workshop(owner["id"], title="Bimtek Kota Lain")
    sessions = {
        w["id"]: next(db.query("SELECT * FROM sessions WHERE workshop_id = ?", [w["id"]]))
        for w in (mine, theirs)
    }
    with app.test_request_context():
        yield {
            "actor": owner["id"],
            "wid": mine["id"],
            "session": sessions[mine["id"]],
            "their_session": sessions[theirs["id"]],
        }


def state(view, session_id=None, poll_id=None, text="", sound=False):
    return {
        "view": view,
        "session_id": session_id,
        "poll_id": poll_id,
        "text": text,
        "sound": sound,
    }


@pytest.mark.parametrize(
    "change,field",
    [
        (state("ideas"), "session_id"),
        (state("results"), "poll_id"),
        (state("results", poll_id=999_999), "poll_id"),
        (state("message"), "text"),
        (state("message", poll_id=999_999, text="x"), "poll_id"),
        (state("join", session_id="theirs"), "session_id"),
        (state("ideas", session_id="theirs"), "session_id"),
    ],
)
def test_display_refusals_change_and_push_nothing(db, hall, pushed, change, field):
    if change["session_id"] == "theirs":
        change["session_id"] = hall["their_session"]["id"]
    with pytest.raises(FieldError) as refused:
        rules.set_display(db, hall["wid"], change, hall["actor"])
    assert list(refused.value.fields) == [field]
    assert display.get_display(db, hall["wid"])["updated_at"] is None
    assert pushed == []


def test_display_switch_is_stored_then_pushed(db, hall, pushed):
    shown = rules.set_display(
        db, hall["wid"], state("ideas", session_id=hall["session"]["id"]), hall["actor"]
    )
    assert (shown["view"], shown["session_id"]) == ("ideas", hall["session"]["id"])
    assert pushed == [("broadcast_display", shown, hall["wid"], False)]


def test_timer_operations_push_each_state(db, hall, pushed):
    wid, actor = hall["wid"], hall["actor"]
    started = rules.start_timer(db, wid, 300, actor)
    assert started["running"] and started["duration"] == 300
    assert rules.add_to_timer(db, wid, None, actor)["duration"] == 300 + rules.DEFAULT_ADD_SECONDS
    assert not rules.pause_timer(db, wid, actor)["running"]
    assert rules.resume_timer(db, wid, actor)["running"]
    assert rules.stop_timer(db, wid, actor)["remaining"] == 0
    assert [p[0] for p in pushed] == ["broadcast_timer"] * 5
    assert not any(p[3] for p in pushed)


# -- Limits the console's script and page repeat ------------------------------------------------


def test_console_page_carries_the_servers_limits(client, auth, db):
    """The page's inputs (min/max, maxlength) come from forms/console.py; the console's
    scripts read them from the inputs and write no number of their own."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    auth.login()
    session = next(db.query("SELECT * FROM sessions WHERE workshop_id = ?", [workshop["id"]]))
    html = client.get(f"/workshops/{workshop['id']}/console?session={session['id']}").text
    assert csrf_from(html)
    minutes = re.search(r"<input[^>]*name=\"minutes\"[^>]*>", html).group(0)
    assert 'min="1"' in minutes and f'max="{TIMER_MAX_MINUTES}"' in minutes
    body = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html).group(0)
    assert f'maxlength="{NOTE_MAX}"' in body
    text = re.search(r"<input[^>]*id=\"display-text\"[^>]*>", html).group(0)
    assert f'maxlength="{DISPLAY_TEXT_MAX}"' in text
    assert f"1 sampai {TIMER_MAX_MINUTES}." in html  # data-msg-minutes
    for name in ("console.js", "notes.js", "timer.js"):
        script = (ROOT / "static" / "js" / name).read_text()
        for number in (TIMER_MAX_MINUTES, TIMER_MAX_MINUTES * 60, NOTE_MAX, DISPLAY_TEXT_MAX):
            assert not re.search(rf"\b{number}\b", script), (name, number)
    template = (ROOT / "templates" / "facilitator" / "console.html").read_text()
    for number in (TIMER_MAX_MINUTES, NOTE_MAX, DISPLAY_TEXT_MAX):
        assert not re.search(rf"\b{number}\b", template), number
    timer_js = (ROOT / "static" / "js" / "timer.js").read_text()
    assert "Number(input.min)" in timer_js and "Number(input.max)" in timer_js


def imports_of(path):
    """The modules a file imports from, relative ones with their leading dots."""
    found = set()
    for node in ast.walk(ast.parse((ROOT / path).read_text())):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


@pytest.mark.parametrize("path", ["workshop/rules/console.py", "workshop/rules/notes.py"])
def test_the_rules_know_nothing_of_http_or_views(path):
    imported = imports_of(path)
    assert not any("views" in name for name in imported)
    assert not {"flask", "werkzeug"} & {name.split(".")[0] for name in imported}


@pytest.mark.parametrize(
    "path,allowed",
    [
        ("workshop/views/api/console.py", {"..access", ".blueprint"}),
        (
            "workshop/views/facilitator/console_hall.py",
            {"..access", "..payloads", "..labels", ".blueprint", ".console"},
        ),
        (
            "workshop/views/facilitator/notulensi.py",
            {"..access", "..payloads", "..labels", ".blueprint", ".console"},
        ),
    ],
)
def test_the_console_views_share_nothing_through_other_views(path, allowed):
    """The API and the page call the rules; the page's route modules share its plumbing."""
    views = {n for n in imports_of(path) if n.startswith(".") and not n.startswith("...")}
    assert views <= allowed
