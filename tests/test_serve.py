"""`workshop serve` starts the gevent stack (issue 13): the worker, its connections, the mode."""

import os

import pytest

from workshop import create_app
from workshop.cli import worker_connections


@pytest.fixture
def exec_call(monkeypatch):
    """`serve` ends in os.execve (gunicorn): record the call instead of replacing the test."""
    calls = []

    def fake_execve(path, argv, env):
        calls.append((argv, env))
        raise SystemExit(0)

    monkeypatch.setattr(os, "execve", fake_execve)
    return calls


def option(argv, name):
    return argv[argv.index(name) + 1]


def test_serve_runs_the_guarded_gevent_worker_sized_by_max_clients(runner, exec_call):
    result = runner.invoke(args=["serve", "--port", "8999", "--max-clients", "300"])
    assert result.exit_code == 0, result.output
    ((argv, env),) = exec_call
    assert option(argv, "--worker-class") == "workshop.hall_worker.HallGeventWorker"
    assert option(argv, "--workers") == "1"
    assert option(argv, "--worker-connections") == str(worker_connections(300)) == "700"
    assert "--threads" not in argv
    assert env["WORKSHOP_ASYNC_MODE"] == "gevent"


def test_the_app_follows_its_async_mode(tmp_path):
    def make(mode):
        return create_app(
            {
                "TESTING": True,
                "ASYNC_MODE": mode,
                "DATABASE": str(tmp_path / "s.db"),
                "INSTANCE_PATH": str(tmp_path / "instance"),
                "LAN_ADDRESSES": ["192.0.2.10"],
            }
        )

    threaded = make("threading")
    assert threaded.extensions["socketio"].async_mode == "threading"
    assert "rembuk_group_commit" not in threaded.extensions
    green = make("gevent")
    assert green.extensions["socketio"].async_mode == "gevent"
    assert "rembuk_group_commit" in green.extensions
    with pytest.raises(ValueError, match="ASYNC_MODE"):
        make("eventlet")
