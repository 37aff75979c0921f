"""Configuration layering and the generated secret key."""

import os
import stat

from workshop import create_app


def test_layers_defaults_instance_env_test(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        "LOGIN_MAX_FAILURES = 7\nTOKEN_LIFETIME_HOURS = 1\nDATABASE_TIMEOUT = 9.0\n"
    )
    monkeypatch.setenv("WORKSHOP_TOKEN_LIFETIME_HOURS", "2")
    monkeypatch.setenv("WORKSHOP_DATABASE_TIMEOUT", "3.5")
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "DATABASE": str(tmp_path / "s.db"),
            "DATABASE_TIMEOUT": 4.0,
        }
    )
    assert app.config["LOGIN_MAX_FAILURES"] == 7  # instance config.py over defaults
    assert app.config["TOKEN_LIFETIME_HOURS"] == 2  # environment over instance
    assert app.config["DATABASE_TIMEOUT"] == 4.0  # test mapping over environment
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None


def test_database_path_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_DATABASE", str(tmp_path / "elsewhere.db"))
    app = create_app({"INSTANCE_PATH": str(tmp_path / "i")})
    assert app.config["DATABASE"] == str(tmp_path / "elsewhere.db")
    assert (tmp_path / "elsewhere.db").exists()


def test_default_database_is_sessions_db_in_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WORKSHOP_DATABASE", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path / "i")})
    assert app.config["DATABASE"] == str(tmp_path / "sessions.db")


def test_secret_key_generated_once_and_private(tmp_path):
    instance = tmp_path / "instance"
    first = create_app({"INSTANCE_PATH": str(instance), "DATABASE": str(tmp_path / "a.db")})
    second = create_app({"INSTANCE_PATH": str(instance), "DATABASE": str(tmp_path / "a.db")})
    key_file = instance / "secret_key"
    assert key_file.exists()
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) == 64
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    other = create_app(
        {"INSTANCE_PATH": str(tmp_path / "other"), "DATABASE": str(tmp_path / "b.db")}
    )
    assert other.config["SECRET_KEY"] != first.config["SECRET_KEY"]
