"""Fixtures in the style of flaskr: a temp-file store per test, clients, and auth helpers."""

import re

import pytest

from workshop import create_app
from workshop.db import open_app_db
from workshop.realtime import BATCHED, socketio
from workshop.store import accounts, participants, workshops

PASSWORD = "correct horse"
# scrypt costs ~70 ms per hash; the tests hash hundreds of times. The real method is
# still exercised by the browser tests, whose server runs unchanged.
accounts.PASSWORD_METHOD = "pbkdf2:sha256:1000"


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "sessions.db"),
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "LAN_ADDRESSES": ["192.0.2.10"],
            # Hall batches go out at once (a batch of one): socket assertions need no wait.
            "COALESCE_SECONDS": 0,
        }
    )
    yield app
    # Pushes still scheduled by this app's throttle would reach the next test's sockets.
    app.extensions["rembuk_results"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    conn = open_app_db(app)
    yield conn
    conn.close()


def csrf_from(html):
    """The CSRF token a page carries in its <meta> tag."""
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match, "page has no csrf-token meta tag"
    return match.group(1)


class AuthActions:
    """Create accounts and log in the way a person or a script would."""

    def __init__(self, app, client):
        self.app = app
        self.client = client

    def create(self, username="alice", password=PASSWORD, admin=False):
        db = open_app_db(self.app)
        try:
            return accounts.create_facilitator(db, username, password, is_admin=admin)
        finally:
            db.close()

    def csrf(self, path="/login"):
        return csrf_from(self.client.get(path).get_data(as_text=True))

    def login(self, username="alice", password=PASSWORD):
        token = self.csrf()
        return self.client.post(
            "/login", data={"username": username, "password": password, "csrf_token": token}
        )

    def token(self, username="alice", password=PASSWORD, client=None):
        response = (client or self.app.test_client()).post(
            "/api/v1/auth/token", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.get_json()
        return response.get_json()["token"]

    def workshop(
        self,
        facilitator_id,
        title="Bimtek Kota Bogor",
        template="bimtek-smart-city",
        starts_on=None,
        days=4,
    ):
        import datetime

        db = open_app_db(self.app)
        try:
            return workshops.create_workshop(
                db,
                facilitator_id,
                {
                    "title": title,
                    "city": "Kota Bogor",
                    "starts_on": starts_on or datetime.date.today().isoformat(),
                    "days": days,
                },
                template=template,
            )
        finally:
            db.close()

    def participant(self, workshop, name="Rina", opd_code="Bappeda"):
        """Join a workshop as a participant (store level); returns (participant, device token)."""
        db = open_app_db(self.app)
        try:
            opd = next(
                db.query(
                    "SELECT id FROM opds WHERE workshop_id = ? AND code = ?",
                    [workshop["id"], opd_code],
                )
            )
            return participants.join(db, workshop["id"], name, opd["id"])
        finally:
            db.close()


@pytest.fixture
def auth(app, client):
    return AuthActions(app, client)


def unbatched(received):
    """A test socket's received events with the hall's batches opened, as a page's
    Rembuk.onItems sees them: `ideas_created {"items": [a, b]}` → two `idea_created`."""
    singular = {plural: name for name, plural in BATCHED.items()}
    opened = []
    for event in received:
        if event["name"] in singular:
            opened += [
                dict(event, name=singular[event["name"]], args=[item])
                for item in event["args"][0]["items"]
            ]
        else:
            opened.append(event)
    return opened


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def socket_client(app, client):
    """Factory for Socket.IO test clients sharing the HTTP client's cookies."""
    made = []

    def make(auth=None, flask_client=None):
        sc = socketio.test_client(app, flask_test_client=flask_client or client, auth=auth)
        made.append(sc)
        return sc

    yield make
    for sc in made:
        if sc.is_connected():
            sc.disconnect()
