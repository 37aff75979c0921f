"""Event names live in one place per language: realtime.py and static/js/events.js agree."""

import ast
import re
from pathlib import Path

from workshop import realtime

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workshop"


def js_event_names():
    text = (ROOT / "static" / "js" / "events.js").read_text(encoding="utf-8")
    return re.findall(r'^\s*[A-Z_]+:\s*"([a-z_]+)"', text, re.M)


def test_events_js_lists_exactly_the_python_events():
    names = js_event_names()
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(realtime.EVENTS)


def event_literals(tree):
    """Event names written as string literals in a module's code (not in docstrings)."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and node.value in realtime.EVENTS
        and id(node) not in docstrings
    }


def test_every_event_has_its_own_function_in_realtime():
    tree = ast.parse((PACKAGE / "realtime.py").read_text(encoding="utf-8"))
    named = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith(("broadcast_", "send_")):
            named |= event_literals(node)
    # The plural batch events are sent by the coalescer, named once in realtime.BATCHED.
    assert named | set(realtime.BATCHED.values()) == set(realtime.EVENTS)
    assert set(realtime.BATCHED) <= named


def test_batched_table_is_the_same_in_both_languages():
    text = (ROOT / "static" / "js" / "events.js").read_text(encoding="utf-8")
    block = text[text.index("Rembuk.BATCHED") :]
    block = block[: block.index("})")]
    js = dict(re.findall(r'^\s*([a-z_]+):\s*"([a-z_]+)"', block, re.M))
    assert js == realtime.BATCHED
    assert set(realtime.BATCHED.values()) <= set(realtime.EVENTS)


def test_no_other_module_spells_an_event_name():
    # "results" is also a poll field, and "display"/"timer"/"presence" are words the pages
    # use; the check is for the names only ever used as events. The store's audit log
    # records actions with the same words ("idea_created"), which are not socket events.
    only_events = {e for e in realtime.EVENTS if "_" in e}
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name == "realtime.py" or path.relative_to(PACKAGE).parts[0] in ("store", "export"):
            continue
        found = event_literals(ast.parse(path.read_text(encoding="utf-8"))) & only_events
        if found:
            offenders[str(path.relative_to(ROOT))] = sorted(found)
    assert offenders == {}


def test_auth_does_not_import_realtime():
    tree = ast.parse((PACKAGE / "auth.py").read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "realtime" not in imported
