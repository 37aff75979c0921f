"""Fuzz the API from its own OpenAPI description (schemathesis): whatever arrives, no 500.

Bounded: a few examples per operation, so CI stays fast. Runs as a facilitator of a real
workshop (and a participant for the participant routes' sake, through a second pass).
"""

import datetime
import os
import tempfile

import schemathesis
from hypothesis import HealthCheck, settings

from workshop import create_app
from workshop.db import open_app_db
from workshop.store import accounts, participants, workshops

# Examples per API operation (raise locally with REMBUK_FUZZ_EXAMPLES for a deeper run).
EXAMPLES = int(os.environ.get("REMBUK_FUZZ_EXAMPLES", "8"))


def make_app():
    folder = tempfile.mkdtemp(prefix="rembuk-fuzz-")
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": os.path.join(folder, "s.db"),
            "INSTANCE_PATH": os.path.join(folder, "instance"),
            "LAN_ADDRESSES": ["192.0.2.10"],
            # The fuzzer logs in and joins hundreds of times: keep the guards out of its way.
            "LOGIN_MAX_FAILURES": 10**6,
        }
    )
    db = open_app_db(app)
    owner = accounts.create_facilitator(db, "fuzzer", "rahasia-bimtek")
    workshop = workshops.create_workshop(
        db,
        owner["id"],
        {"title": "Fuzz", "city": "Bogor", "starts_on": datetime.date.today().isoformat()},
    )
    opd = next(db.query("SELECT id FROM opds WHERE workshop_id = ?", [workshop["id"]]))
    participants.join(db, workshop["id"], "Rina", opd["id"])
    db.execute("UPDATE sessions SET status = 'open' WHERE workshop_id = ?", [workshop["id"]])
    db.close()
    token = (
        app.test_client()
        .post("/api/v1/auth/token", json={"username": "fuzzer", "password": "rahasia-bimtek"})
        .get_json()["token"]
    )
    return app, token


APP, TOKEN = make_app()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors(case):
    # Keep the facilitator's own token alive: the fuzzer must not revoke it.
    if case.method == "DELETE" and case.path == "/auth/token":
        return
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code < 500, (case.method, case.formatted_path, case.body, response.text)
