"""The cheaper ballot path of issue 13: token lookup by kind, the hall's results pushes at
most once a second, and the reads the store folds together (same answers as before)."""

import datetime

from tests.conftest import bearer
from tests.test_polls import cast, make_poll, token
from tests.test_polls import vote as vote  # noqa: F401 (the fixture)
from workshop import auth as auth_module
from workshop import live_results
from workshop.store import accounts, polls
from workshop.store import first as store_first


def test_account_tokens_say_so_and_older_ones_still_work(app, auth, db, client):
    owner = auth.create()
    issued = auth.token()
    assert issued.startswith(accounts.ACCOUNT_TOKEN_PREFIX)
    # A token issued before the prefix existed (stored as its hash, like every token).
    old = accounts.new_token()
    expires = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    db["api_tokens"].insert(
        {
            "token_hash": accounts.hash_token(old),
            "facilitator_id": owner["id"],
            "created_at": "2026-12-01T00:00:00Z",
            "expires_at": expires.isoformat().replace("+00:00", "Z"),
        }
    )
    for credential in (issued, old):
        r = client.get("/api/v1/workshops", headers=bearer(credential))
        assert r.status_code == 200, r.get_json()
    workshop = auth.workshop(owner["id"])
    _participant, device = auth.participant(workshop)
    assert "." not in device
    with app.test_request_context("/"):
        seen = auth_module.resolve_token(db, device)
        assert seen.kind == "participant" and seen.via == "bearer"
        assert auth_module.resolve_token(db, workshop["projector_key"]).kind == "projector"
        # A prefixed token is looked up among accounts only: a device never matches it.
        assert auth_module.resolve_token(db, accounts.ACCOUNT_TOKEN_PREFIX + device) is None
        assert auth_module.resolve_token(db, "fac.nothing") is None
        assert auth_module.resolve_token(db, "nothing") is None


def test_a_participant_ballot_does_no_facilitator_lookup(app, vote, client, monkeypatch):
    poll = make_poll(client, vote)
    looked_up = []
    original = accounts.facilitator_for_token
    monkeypatch.setattr(
        accounts,
        "facilitator_for_token",
        lambda db, t: looked_up.append(t) or original(db, t),
    )
    r = cast(client, poll, token(vote, "Rina"), {"allocations": {str(vote["ids"][0]): 1}})
    assert r.status_code == 200, r.get_json()
    assert looked_up == []


def test_stored_ballot_answer_is_what_get_ballot_reads(app, vote, client, db):
    for anonymous, scope in ((True, "participant"), (False, "participant"), (False, "opd")):
        poll = make_poll(client, vote, anonymous=anonymous, ballot_scope=scope)
        for body in ({str(vote["ids"][0]): 2}, {str(vote["ids"][1]): 3}):
            r = cast(client, poll, token(vote, "Rina"), {"allocations": body})
            assert r.status_code == 200, r.get_json()
            got = client.get(
                f"/api/v1/polls/{poll['id']}/ballot", headers=bearer(token(vote, "Rina"))
            ).get_json()
            assert r.get_json() == got
            assert got["ballot"] == {"allocations": body}


def test_first_reads_like_sqlite_utils(db, app, auth):
    auth.create()
    row = store_first(db, "SELECT id, username, id FROM facilitators")
    assert row == next(db.query("SELECT id, username, id FROM facilitators"))
    assert "id_2" in row
    assert store_first(db, "SELECT * FROM facilitators WHERE id = ?", [-1]) is None
    assert polls.ballot_keys(db, 1, ["a:x", "a:y"]) == set()


def test_the_hall_gets_results_at_most_once_a_room_interval(app, monkeypatch):
    throttle = live_results.ResultsThrottle(app, interval=0, room_interval=60)
    later = []
    monkeypatch.setattr(
        live_results.socketio, "start_background_task", lambda f, *a: later.append((f, a))
    )
    poll = {"id": 7, "results": "live", "status": "open"}
    everyone = live_results.audiences_for(poll)
    assert throttle._audiences(poll) == everyone
    without_room = tuple(a for a in everyone if a != live_results.ROOM)
    assert throttle._audiences(poll) == without_room
    assert throttle._audiences(poll) == without_room
    # One follow-up push that includes the phones is scheduled, not one per skipped push.
    assert [(f.__name__, a[0]) for f, a in later] == [("_room_later", 7)]
    assert 0 < later[0][1][1] <= 60
    # Results shown after close never go to the room: nothing to hold back.
    hidden = {"id": 8, "results": "after_close", "status": "open"}
    assert throttle._audiences(hidden) == live_results.audiences_for(hidden)


def test_a_costly_poll_is_pushed_less_often_but_at_least_every_max_interval(app):
    throttle = live_results.ResultsThrottle(app, interval=0.2, room_interval=1.0)
    assert throttle.interval_of(7) == 0.2  # never pushed: the usual interval
    throttle.cost[7] = 0.004  # a small poll: 4 ms a push is under PUSH_SHARE of 0.2 s
    assert throttle.interval_of(7) == 0.2
    throttle.cost[7] = 0.017  # 1,000 ballots: ~17 ms a push → 0.34 s between pushes
    assert throttle.interval_of(7) == 0.017 / live_results.PUSH_SHARE
    throttle.cost[7] = 0.2  # huge: still pushed every MAX_INTERVAL (the final tally < 1 s)
    assert throttle.interval_of(7) == live_results.MAX_INTERVAL
    assert throttle.interval_of(8) == 0.2  # per poll
    # Tests that want every push at once (interval 0) get them.
    assert live_results.ResultsThrottle(app, interval=0).interval_of(7) == 0.0
