"""Polls: lifecycle, ballots per method, OPD scope, anonymity, results, merges, pushes."""

import json
import time

import pytest

from tests.conftest import bearer


@pytest.fixture
def vote(app, auth, db, client):
    """A workshop with four visible proposals in an ideas session and three participants."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    session = next(
        db.query(
            "SELECT * FROM sessions WHERE workshop_id = ? AND kind = 'ideas'"
            " ORDER BY day, position",
            [workshop["id"]],
        )
    )
    fac = auth.token()
    ids = []
    for n, title in enumerate(["Perizinan online", "Bank sampah", "Wifi taman", "Smart parking"]):
        r = client.post(
            f"/api/v1/sessions/{session['id']}/ideas",
            json={"title": title, "dimension": "governance", "client_id": f"seed{n}"},
            headers=bearer(fac),
        )
        ids.append(r.get_json()["id"])
    people = {
        name: auth.participant(workshop, name, opd)
        for name, opd in [("Rina", "Bappeda"), ("Ahmad", "Bappeda"), ("Dewi", "Diskominfo")]
    }
    return {"workshop": workshop, "session": session, "fac": fac, "ids": ids, "people": people}


def token(vote, name):
    return vote["people"][name][1]


def make_poll(client, vote, open_it=True, **fields):
    body = {"title": "Prioritas program", "method": "dots", **fields}
    r = client.post(
        f"/api/v1/sessions/{vote['session']['id']}/polls", json=body, headers=bearer(vote["fac"])
    )
    assert r.status_code == 201, r.get_json()
    poll = r.get_json()
    if open_it:
        opened = client.post(f"/api/v1/polls/{poll['id']}/open", headers=bearer(vote["fac"]))
        assert opened.status_code == 200, opened.get_json()
        poll = opened.get_json()
    return poll


def cast(client, poll, tok, body):
    return client.put(f"/api/v1/polls/{poll['id']}/ballot", json=body, headers=bearer(tok))


def results(client, poll, tok):
    return client.get(f"/api/v1/polls/{poll['id']}/results", headers=bearer(tok))


def test_defaults(client, vote):
    poll = make_poll(client, vote, open_it=False, method="scores")
    assert poll["status"] == "draft"
    assert poll["idea_ids"] == vote["ids"]
    assert [c["key"] for c in poll["criteria"]] == [
        "impact",
        "resources",
        "foundation",
        "model",
        "momentum",
    ]
    assert poll["criteria"][0]["label"] == "Dampak manfaat maksimal"
    assert poll["anonymous"] is True and poll["results"] == "live"
    matrix = make_poll(client, vote, open_it=False, method="matrix")
    assert [c["key"] for c in matrix["criteria"]] == ["impact", "effort"]
    points = make_poll(client, vote, open_it=False, method="points")
    assert points["budget"] == 100


@pytest.mark.parametrize(
    "body,field",
    [
        ({"method": "lottery"}, "method"),
        ({"title": ""}, "title"),
        ({"budget": 0}, "budget"),
        ({"budget": -3}, "budget"),
        ({"idea_ids": []}, "idea_ids"),
        ({"idea_ids": [999999]}, "idea_ids"),
        ({"idea_ids": ["1"]}, "idea_ids"),
        (
            {"method": "matrix", "criteria": [{"key": "cost", "label": "x", "weight": 1}]},
            "criteria",
        ),
        ({"method": "scores", "criteria": [{"key": "a", "label": "", "weight": 1}]}, "criteria"),
        ({"method": "scores", "criteria": [{"key": "a", "label": "A", "weight": 0}]}, "criteria"),
        ({"budget": 3, "max_per_item": 5}, "max_per_item"),
    ],
)
def test_bad_polls(client, db, vote, body, field):
    r = client.post(
        f"/api/v1/sessions/{vote['session']['id']}/polls",
        json={"title": "P", "method": "dots", **body},
        headers=bearer(vote["fac"]),
    )
    assert r.status_code == 422
    assert field in r.get_json()["error"]["fields"]
    assert db.execute("SELECT COUNT(*) FROM polls").fetchone()[0] == 0


def test_lifecycle_and_latest_ballot_counts(client, vote):
    poll = make_poll(client, vote, open_it=False, budget=3)
    a, b = vote["ids"][:2]
    assert cast(client, poll, token(vote, "Rina"), {"allocations": {str(a): 1}}).status_code == 404
    client.post(f"/api/v1/polls/{poll['id']}/open", headers=bearer(vote["fac"]))
    assert cast(client, poll, token(vote, "Rina"), {"allocations": {str(a): 3}}).status_code == 200
    changed = cast(client, poll, token(vote, "Rina"), {"allocations": {str(a): 1, str(b): 2}})
    assert changed.status_code == 200
    own = client.get(f"/api/v1/polls/{poll['id']}/ballot", headers=bearer(token(vote, "Rina")))
    assert own.get_json()["ballot"] == {"allocations": {str(a): 1, str(b): 2}}
    r = results(client, poll, vote["fac"]).get_json()
    assert r["voters"] == 1 and r["eligible"] == 3
    assert [(i["idea_id"], i["score"], i["rank"]) for i in r["items"][:2]] == [(b, 2, 1), (a, 1, 2)]
    assert (
        client.post(f"/api/v1/polls/{poll['id']}/open", headers=bearer(vote["fac"])).status_code
        == 409
    )
    client.post(f"/api/v1/polls/{poll['id']}/close", headers=bearer(vote["fac"]))
    late = cast(client, poll, token(vote, "Rina"), {"allocations": {str(a): 3}})
    assert late.status_code == 409
    # Anonymous poll: once closed its secret is gone, so nobody (the voter included) can find
    # which ballot was theirs (issue 12); the ballot still counts.
    assert (
        client.get(
            f"/api/v1/polls/{poll['id']}/ballot", headers=bearer(token(vote, "Rina"))
        ).status_code
        == 404
    )
    assert results(client, poll, vote["fac"]).get_json()["voters"] == 1
    reopened = client.post(f"/api/v1/polls/{poll['id']}/open", headers=bearer(vote["fac"]))
    assert reopened.status_code == 200 and reopened.get_json()["status"] == "open"


@pytest.mark.parametrize(
    "method,params,make_bad,field",
    [
        ("dots", {"budget": 3}, lambda a, b: {"allocations": {str(a): 4}}, "allocations"),
        ("dots", {"budget": 3}, lambda a, b: {"allocations": {str(a): -1}}, "allocations"),
        ("dots", {"budget": 3}, lambda a, b: {"allocations": {str(a): 1.5}}, "allocations"),
        (
            "dots",
            {"budget": 5, "max_per_item": 2},
            lambda a, b: {"allocations": {str(a): 3}},
            "allocations",
        ),
        ("dots", {"budget": 3}, lambda a, b: {"allocations": {"999": 1}}, "allocations"),
        ("points", {}, lambda a, b: {"allocations": {str(a): 60}}, "allocations"),
        ("ranking", {}, lambda a, b: {"ranking": [a, a]}, "ranking"),
        ("ranking", {"budget": 1}, lambda a, b: {"ranking": [a, b]}, "ranking"),
        ("approval", {}, lambda a, b: {"approve": [a, a]}, "approve"),
        ("approval", {}, lambda a, b: {"approve": ["x"]}, "approve"),
        ("scores", {}, lambda a, b: {"scores": {str(a): {"impact": 6}}}, "scores"),
        ("matrix", {}, lambda a, b: {"scores": {str(a): {"impact": 0, "effort": 3}}}, "scores"),
        ("matrix", {}, lambda a, b: {"scores": {str(a): {"impact": 3}}}, "scores"),
        ("approval", {}, lambda a, b: {"allocations": {}}, "allocations"),
    ],
)
def test_bad_ballots_keep_the_previous_one(client, vote, method, params, make_bad, field):
    poll = make_poll(client, vote, method=method, **params)
    a, b = vote["ids"][:2]
    good = {
        "dots": {"allocations": {str(a): 1}},
        "points": {"allocations": {str(a): 100}},
        "ranking": {"ranking": [a]},
        "approval": {"approve": [a]},
        "scores": {"scores": {str(a): {c["key"]: 3 for c in poll["criteria"]}}},
        "matrix": {"scores": {str(a): {"impact": 4, "effort": 2}}},
    }[method]
    assert cast(client, poll, token(vote, "Rina"), good).status_code == 200
    bad = cast(client, poll, token(vote, "Rina"), make_bad(a, b))
    assert bad.status_code == 422
    assert field in bad.get_json()["error"]["fields"]
    kept = client.get(f"/api/v1/polls/{poll['id']}/ballot", headers=bearer(token(vote, "Rina")))
    assert kept.get_json()["ballot"] == good


def test_who_may_vote(client, auth, vote):
    poll = make_poll(client, vote)
    body = {"allocations": {str(vote["ids"][0]): 1}}
    other = auth.workshop(auth.create("bob")["id"], title="Depok")
    _p, stranger = auth.participant(other, "Sari", "Bappeda")
    assert cast(client, poll, stranger, body).status_code == 404
    assert cast(client, poll, vote["workshop"]["projector_key"], body).status_code == 403
    assert cast(client, poll, vote["fac"], body).status_code == 403
    assert client.put(f"/api/v1/polls/{poll['id']}/ballot", json=body).status_code == 401


def test_after_close_results_are_hidden_until_close(client, vote):
    poll = make_poll(client, vote, results="after_close")
    cast(client, poll, token(vote, "Rina"), {"allocations": {str(vote["ids"][0]): 1}})
    assert results(client, poll, token(vote, "Dewi")).status_code == 403
    assert results(client, poll, vote["workshop"]["projector_key"]).status_code == 403
    assert results(client, poll, vote["fac"]).status_code == 200
    client.post(f"/api/v1/polls/{poll['id']}/close", headers=bearer(vote["fac"]))
    assert results(client, poll, token(vote, "Dewi")).get_json()["voters"] == 1


def test_opd_scope_one_ballot_per_opd(client, vote):
    poll = make_poll(client, vote, method="approval", ballot_scope="opd")
    a, b = vote["ids"][:2]
    cast(client, poll, token(vote, "Rina"), {"approve": [a]})
    cast(client, poll, token(vote, "Ahmad"), {"approve": [b]})
    seen = client.get(
        f"/api/v1/polls/{poll['id']}/ballot", headers=bearer(token(vote, "Rina"))
    ).get_json()
    assert seen["ballot"] == {"approve": [b]}
    assert seen["changed_by"] == "Ahmad" and seen["changed_by_me"] is False
    cast(client, poll, token(vote, "Dewi"), {"approve": [b]})
    r = results(client, poll, vote["fac"]).get_json()
    assert r["voters"] == 2 and r["eligible"] == 2  # Bappeda and Diskominfo
    assert {i["idea_id"]: i["score"] for i in r["items"]}[b] == 2


def test_anonymous_polls_reveal_no_voter(client, db, vote):
    poll = make_poll(client, vote, method="approval")
    for name in ("Rina", "Ahmad", "Dewi"):
        cast(client, poll, token(vote, name), {"approve": [vote["ids"][0]]})
    stored = list(db.query("SELECT participant_id, changed_by, voter_key FROM ballots"))
    assert all(r["participant_id"] is None and r["changed_by"] is None for r in stored)
    # Keyed hashes: nothing in the row names the participant.
    assert all(r["voter_key"].startswith("a:") and len(r["voter_key"]) == 66 for r in stored)
    audit = list(db.query("SELECT actor_id FROM audit WHERE action = 'ballot_cast'"))
    assert len(audit) == 3 and all(r["actor_id"] is None for r in audit)
    export = client.get(f"/api/v1/polls/{poll['id']}/ballots", headers=bearer(vote["fac"]))
    assert [set(b) for b in export.get_json()["items"]] == [{"ballot"}] * 3
    assert "Rina" not in export.get_data(as_text=True)
    named = make_poll(client, vote, method="approval", anonymous=False)
    cast(client, named, token(vote, "Rina"), {"approve": [vote["ids"][1]]})
    shown = client.get(f"/api/v1/polls/{named['id']}/ballots", headers=bearer(vote["fac"]))
    assert shown.get_json()["items"][0]["participant"] == "Rina"
    assert (
        client.get(
            f"/api/v1/polls/{named['id']}/ballots", headers=bearer(token(vote, "Rina"))
        ).status_code
        == 403
    )


def test_closed_results_are_frozen(client, vote):
    poll = make_poll(client, vote, method="approval")
    a, b = vote["ids"][:2]
    cast(client, poll, token(vote, "Rina"), {"approve": [a]})
    client.post(f"/api/v1/polls/{poll['id']}/close", headers=bearer(vote["fac"]))
    before = results(client, poll, vote["fac"]).get_json()
    assert before["status"] == "closed" and before["parameters"]["budget"] is None
    client.post(f"/api/v1/ideas/{a}/merge", json={"into": b}, headers=bearer(vote["fac"]))
    after = results(client, poll, vote["fac"]).get_json()
    assert after["items"] == before["items"]


def test_votes_follow_merges_in_open_polls_and_unmerge_restores(client, vote):
    poll = make_poll(client, vote, method="dots", budget=5)
    a, b, c = vote["ids"][:3]
    cast(client, poll, token(vote, "Rina"), {"allocations": {str(a): 2, str(b): 1}})
    cast(client, poll, token(vote, "Dewi"), {"allocations": {str(a): 3}})
    client.post(f"/api/v1/ideas/{a}/merge", json={"into": b}, headers=bearer(vote["fac"]))
    merged = results(client, poll, vote["fac"]).get_json()
    scores = {i["idea_id"]: i["score"] for i in merged["items"]}
    assert a not in scores and scores[b] == 6 and scores[c] == 0
    assert merged["merged"] == {str(a): b}
    # A ballot now names the survivor; the merged original is no longer on the ballot.
    assert cast(client, poll, token(vote, "Ahmad"), {"allocations": {str(a): 1}}).status_code == 422
    client.post(f"/api/v1/ideas/{a}/unmerge", headers=bearer(vote["fac"]))
    restored = {
        i["idea_id"]: i["score"] for i in results(client, poll, vote["fac"]).get_json()["items"]
    }
    assert restored[a] == 5 and restored[b] == 1


def test_auto_close_when_the_timer_runs_out(client, db, vote):
    poll = make_poll(client, vote, open_it=False)
    opened = client.post(
        f"/api/v1/polls/{poll['id']}/open",
        json={"duration_seconds": 60},
        headers=bearer(vote["fac"]),
    ).get_json()
    assert opened["closes_at"]
    db.execute("UPDATE polls SET closes_at = '2000-01-01T00:00:00Z'")
    assert (
        client.get(f"/api/v1/polls/{poll['id']}", headers=bearer(vote["fac"])).get_json()["status"]
        == "closed"
    )
    bad = client.post(
        f"/api/v1/polls/{poll['id']}/open",
        json={"duration_seconds": -5},
        headers=bearer(vote["fac"]),
    )
    assert bad.status_code == 422


def test_decision_is_recorded(client, vote):
    poll = make_poll(client, vote, method="approval")
    r = client.post(
        f"/api/v1/polls/{poll['id']}/decisions",
        json={
            "idea_id": vote["ids"][1],
            "label": "Quick win Smart Governance",
            "reason": "Skor tertinggi, biaya rendah",
        },
        headers=bearer(vote["fac"]),
    )
    assert r.status_code == 201
    listed = client.get(
        f"/api/v1/polls/{poll['id']}/decisions", headers=bearer(token(vote, "Rina"))
    )
    assert listed.get_json()["items"][0]["title"] == "Bank sampah"
    missing = client.post(
        f"/api/v1/polls/{poll['id']}/decisions",
        json={"idea_id": vote["ids"][1]},
        headers=bearer(vote["fac"]),
    )
    assert missing.status_code == 422 and "reason" in missing.get_json()["error"]["fields"]


def wait_for(predicate, timeout=3.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_results_are_pushed_throttled_and_final(app, client, vote, socket_client):
    poll = make_poll(client, vote, method="approval")
    fac = socket_client(
        auth={"token": vote["fac"], "workshop_id": vote["workshop"]["id"]},
        flask_client=app.test_client(),
    )
    dewi = socket_client(auth={"token": token(vote, "Dewi")}, flask_client=app.test_client())
    received = {"fac": [], "dewi": []}

    def drain():
        received["fac"] += [e["args"][0] for e in fac.get_received() if e["name"] == "results"]
        received["dewi"] += [e["args"][0] for e in dewi.get_received() if e["name"] == "results"]

    drain()
    received["fac"].clear()
    received["dewi"].clear()
    throttle = app.extensions["rembuk_results"]
    sent_before = throttle.sent
    ids = vote["ids"]
    ballots = 0
    for n in range(30):
        who = ("Rina", "Ahmad", "Dewi")[n % 3]
        cast(client, poll, token(vote, who), {"approve": ids[: 1 + n % 4]})
        ballots += 1
    final = results(client, poll, vote["fac"]).get_json()

    def caught_up():
        drain()
        return all(
            received[who] and received[who][-1]["items"] == final["items"]
            for who in ("fac", "dewi")
        )

    # The phones' room gets at most one push a second (live_results.ROOM_INTERVAL), the
    # facilitators ~5: both end on the final tally.
    assert wait_for(caught_up, timeout=10.0)
    assert 1 <= throttle.sent - sent_before < ballots
    assert len(received["dewi"]) <= len(received["fac"])


def test_after_close_polls_push_results_to_facilitators_only(app, client, vote, socket_client):
    poll = make_poll(client, vote, method="approval", results="after_close")
    dewi = socket_client(auth={"token": token(vote, "Dewi")}, flask_client=app.test_client())
    fac = socket_client(
        auth={"token": vote["fac"], "workshop_id": vote["workshop"]["id"]},
        flask_client=app.test_client(),
    )
    dewi.get_received()
    fac.get_received()
    cast(client, poll, token(vote, "Rina"), {"approve": [vote["ids"][0]]})
    assert wait_for(lambda: any(e["name"] == "results" for e in fac.get_received()))
    time.sleep(0.3)
    assert [e for e in dewi.get_received() if e["name"] == "results"] == []
    client.post(f"/api/v1/polls/{poll['id']}/close", headers=bearer(vote["fac"]))
    names = [e["name"] for e in dewi.get_received()]
    assert "poll_closed" in names and "results" in names


def test_a_new_participant_updates_the_turnout_of_open_polls(app, client, db, vote, socket_client):
    poll = make_poll(client, vote, method="approval")
    fac = socket_client(
        auth={"token": vote["fac"], "workshop_id": vote["workshop"]["id"]},
        flask_client=app.test_client(),
    )
    fac.get_received()
    opd = next(db.query("SELECT id FROM opds WHERE code = 'Dinkes'"))["id"]
    joined = client.post(
        "/api/v1/join", json={"code": vote["workshop"]["code"], "name": "Baru", "opd_id": opd}
    )
    assert joined.status_code == 201
    pushed = []

    def eligible_four():
        pushed.extend(e["args"][0] for e in fac.get_received() if e["name"] == "results")
        return any(r["poll_id"] == poll["id"] and r["eligible"] == 4 for r in pushed)

    assert wait_for(eligible_four)


CRITERIA = ("impact", "resources", "foundation", "model", "momentum")


@pytest.mark.parametrize(
    "method,params,body",
    [
        ("dots", {"budget": 5}, lambda a, b, c: {"allocations": {str(a): 2, str(b): 1}}),
        ("points", {}, lambda a, b, c: {"allocations": {str(a): 60, str(b): 40}}),
        ("ranking", {}, lambda a, b, c: {"ranking": [a, b, c]}),
        ("approval", {}, lambda a, b, c: {"approve": [a, b]}),
        (
            "scores",
            {},
            lambda a, b, c: {
                "scores": {
                    str(a): {
                        k: 4 for k in ("impact", "resources", "foundation", "model", "momentum")
                    },
                    str(b): {
                        k: 2 for k in ("impact", "resources", "foundation", "model", "momentum")
                    },
                }
            },
        ),
        (
            "matrix",
            {},
            lambda a, b, c: {
                "scores": {str(a): {"impact": 4, "effort": 2}, str(b): {"impact": 5, "effort": 1}}
            },
        ),
    ],
)
def test_results_leave_the_shared_decoded_ballots_untouched(client, db, vote, method, params, body):
    """Stored ballots decode once and are shared between results pushes (store.polls
    ._decoded): no method's tally or merge carrying may change them."""
    from workshop.store.polls import _decoded

    poll = make_poll(client, vote, method=method, **params)
    a, b, c = vote["ids"][:3]
    for who in ("Rina", "Dewi"):
        assert cast(client, poll, token(vote, who), body(a, b, c)).status_code == 200
    before = results(client, poll, vote["fac"]).get_json()
    client.post(f"/api/v1/ideas/{a}/merge", json={"into": b}, headers=bearer(vote["fac"]))
    results(client, poll, vote["fac"])  # carried onto the survivor, twice
    results(client, poll, vote["fac"])
    client.post(f"/api/v1/ideas/{a}/unmerge", headers=bearer(vote["fac"]))
    texts = [
        r["body"] for r in db.query("SELECT body FROM ballots WHERE poll_id = ?", [poll["id"]])
    ]
    assert len(texts) == 2
    for text in texts:
        assert _decoded(text) == json.loads(text)  # the shared value is still the stored one
    assert results(client, poll, vote["fac"]).get_json()["items"] == before["items"]
