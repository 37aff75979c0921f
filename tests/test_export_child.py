"""Documents are rendered by a child process (issue 13): the same files, nothing left behind,
and a child that fails or runs too long is a clear error, not a hung or bloated server."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_exports import export, rich  # noqa: F401 (the fixture)
from workshop.export import child
from workshop.store import NotFound


def leftovers(app):
    folder = os.path.join(app.instance_path, "exports")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_documents_come_from_a_child_and_leave_no_file(app, client, rich, monkeypatch):  # noqa: F811
    started = []
    real = subprocess.Popen

    def spy(args, **kwargs):
        started.append(args)
        return real(args, **kwargs)

    monkeypatch.setattr(child.subprocess, "Popen", spy)
    for fmt in ("md", "xlsx"):
        r = export(client, rich, fmt)
        assert r.headers["Content-Length"] == str(len(r.data))
        assert r.headers["Content-Disposition"].endswith(f'.{fmt}"')
    md = export(client, rich, "md").get_data(as_text=True)
    assert md.startswith("#")
    r = client.get(
        f"/api/v1/sessions/{rich['program_session']['id']}/summary?format=md", headers=rich["fac"]
    )
    assert r.status_code == 200 and r.get_data(as_text=True).startswith("#")
    assert len(started) == 4
    assert all(a[1:] == ["-m", "workshop.export.child"] for a in started)
    export(client, rich, "json")  # small raw data is still made in the server
    assert len(started) == 4
    assert leftovers(app) == []


def test_the_work_folder_is_private(app, client, rich):  # noqa: F811
    export(client, rich, "md")
    folder = os.path.join(app.instance_path, "exports")
    assert os.stat(folder).st_mode & 0o077 == 0


def test_a_workshop_gone_is_404_from_the_child(app):
    with app.app_context(), pytest.raises(NotFound):
        child.render(app, "workshop", 987654, "md", "id")
    assert leftovers(app) == []


def test_a_crashing_child_is_a_500_with_its_reason_logged(app, client, rich, monkeypatch):  # noqa: F811
    with app.app_context(), pytest.raises(child.ExportFailed, match="ValueError"):
        child.render(app, "workshop", rich["workshop"]["id"], "nonsense", "id")
    assert leftovers(app) == []

    def broken(*args, **kwargs):
        raise child.ExportFailed("export child exited with 1: Traceback …")

    monkeypatch.setattr(child, "_run", broken)
    r = client.get(
        f"/api/v1/workshops/{rich['workshop']['id']}/export?format=docx", headers=rich["fac"]
    )
    assert r.status_code == 500
    assert r.get_json()["error"]["code"]
    assert leftovers(app) == []


def test_an_export_over_its_time_is_stopped(app, client, rich):  # noqa: F811
    app.config["EXPORT_TIMEOUT_SECONDS"] = 0.01
    r = client.get(
        f"/api/v1/workshops/{rich['workshop']['id']}/export?format=pdf", headers=rich["fac"]
    )
    assert r.status_code == 500
    assert leftovers(app) == []


def test_a_domain_error_in_the_child_keeps_its_status():
    error = child.reported_error(
        {"status": 422, "message": "no", "code": "validation_failed", "fields": {"x": ["no"]}}
    )
    assert (error.status, error.code, error.fields) == (422, "validation_failed", {"x": ["no"]})
    assert isinstance(child.reported_error({"status": 404}), NotFound)


def test_the_child_is_off_when_configured(app, client, rich, monkeypatch):  # noqa: F811
    app.config["EXPORT_IN_CHILD"] = False

    def refuse(*args, **kwargs):
        raise AssertionError("no child expected")

    monkeypatch.setattr(child, "render", refuse)
    assert export(client, rich, "md").get_data(as_text=True).startswith("#")


GEVENT_SCRIPT = """
from gevent import monkey

monkey.patch_all()
import sys

import gevent

from workshop import create_app
from workshop.export import child

app = create_app({"DATABASE": sys.argv[1], "INSTANCE_PATH": sys.argv[2], "LAN_ADDRESSES": []})
ticks, finished = [], []


def ticker():
    while not finished:
        ticks.append(1)
        gevent.sleep(0.01)


def export():
    try:
        child.render(app, "workshop", int(sys.argv[3]), "md", "id")[0].close()
    finally:
        finished.append(len(ticks))


gevent.joinall([gevent.spawn(ticker), gevent.spawn(export)])
print(finished[0])
"""


def test_waiting_for_the_child_lets_other_greenlets_run(app, rich, tmp_path):  # noqa: F811
    """Under the gevent worker's monkey-patching, the wait for the child yields."""
    script = tmp_path / "wait.py"
    script.write_text(GEVENT_SCRIPT)
    done = subprocess.run(
        [
            sys.executable,
            str(script),
            app.config["DATABASE"],
            app.instance_path,
            str(rich["workshop"]["id"]),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent)),
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) > 1  # the ticker ran while the child rendered
