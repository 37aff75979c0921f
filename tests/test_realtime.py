"""Socket.IO: refused credentials, rooms, and a broadcast after an HTTP write."""

import pytest

from tests.conftest import bearer, csrf_from
from tests.test_polls import token, vote  # noqa: F401 (the fixture)
from workshop.realtime import emit_after_commit


def events(sc, name):
    return [e["args"][0] for e in sc.get_received() if e["name"] == name]


@pytest.mark.parametrize(
    "auth_data",
    [
        None,
        {},
        {"token": "not-a-token"},
        {"projector": "not-a-key"},
        {"csrf": "forged"},
    ],
)
def test_bad_credentials_are_refused(socket_client, auth_data):
    sc = socket_client(auth=auth_data)
    assert not sc.is_connected()


def test_cookie_session_needs_csrf(client, auth, socket_client):
    auth.create()
    auth.login()
    assert not socket_client(auth={}).is_connected()
    token = csrf_from(client.get("/workshops").get_data(as_text=True))
    assert socket_client(auth={"csrf": token}).is_connected()


def test_facilitator_cannot_follow_another_workshop(app, auth, socket_client):
    alice = auth.create("alice")
    bob = auth.create("bob")
    theirs = auth.workshop(bob["id"])
    token = auth.token("alice")
    assert not socket_client(auth={"token": token, "workshop_id": theirs["id"]}).is_connected()
    assert not socket_client(auth={"token": token, "workshop_id": "abc"}).is_connected()
    mine = auth.workshop(alice["id"])
    assert socket_client(auth={"token": token, "workshop_id": mine["id"]}).is_connected()


def test_broadcast_after_http_write_reaches_second_client(app, auth, socket_client):
    """Bob watches the workshop; Alice renames it over HTTP; Bob's socket hears it."""
    alice = auth.create("alice")
    bob = auth.create("bob")
    workshop = auth.workshop(alice["id"])
    alice_token = auth.token("alice")
    http = app.test_client()
    assert (
        http.post(
            f"/api/v1/workshops/{workshop['id']}/facilitators",
            json={"username": "bob"},
            headers=bearer(alice_token),
        ).status_code
        == 201
    )
    bob_socket = socket_client(
        auth={"token": auth.token("bob"), "workshop_id": workshop["id"]},
        flask_client=app.test_client(),
    )
    projector = socket_client(
        auth={"projector": workshop["projector_key"]}, flask_client=app.test_client()
    )
    outsider = auth.create("carol")
    carol_socket = socket_client(
        auth={"token": auth.token("carol")}, flask_client=app.test_client()
    )
    assert bob_socket.is_connected() and projector.is_connected() and carol_socket.is_connected()
    for sc in (bob_socket, projector, carol_socket):
        sc.get_received()

    response = http.patch(
        f"/api/v1/workshops/{workshop['id']}",
        json={"title": "Bimtek Smart City 2017"},
        headers=bearer(alice_token),
    )
    assert response.status_code == 200

    seen_by_bob = events(bob_socket, "workshop_updated")
    assert [w["title"] for w in seen_by_bob] == ["Bimtek Smart City 2017"]
    assert seen_by_bob[0]["projector_key"] == workshop["projector_key"]
    seen_by_projector = events(projector, "workshop_updated")
    assert [w["title"] for w in seen_by_projector] == ["Bimtek Smart City 2017"]
    assert "projector_key" not in seen_by_projector[0]
    assert events(carol_socket, "workshop_updated") == []
    assert outsider and bob


def test_emit_inside_transaction_is_refused(app, db):
    with app.test_request_context():
        from flask import g

        g.db = db
        with db.atomic(), pytest.raises(RuntimeError, match="commit first"):
            emit_after_commit("workshop_updated", {}, to="nowhere")
        g.pop("db")


def test_unknown_event_name_refused(app):
    with app.test_request_context(), pytest.raises(ValueError):
        emit_after_commit("idea_creatd", {}, to="nowhere")


def test_the_phones_room_is_sent_slice_by_slice_once_each_and_in_order(app, vote, socket_client):  # noqa: F811
    """Pushes to the participants' room go out per shard (realtime.SHARDS), the loop free
    between slices: every phone still gets each push once, in the order they were sent."""
    from workshop import realtime

    phones = {
        name: socket_client(auth={"token": token(vote, name)}, flask_client=app.test_client())
        for name in ("Rina", "Ahmad", "Dewi")
    }
    for sc in phones.values():
        assert sc.is_connected()
        sc.get_received()
    wid = vote["workshop"]["id"]
    rooms = realtime.socketio.server.manager.rooms["/"]
    sharded = [r for r in rooms if r and r.startswith(f"workshop:{wid}:participants:")]
    assert sharded and all(int(r.rsplit(":", 1)[1]) < realtime.SHARDS for r in sharded)
    assert sum(len(rooms[r]) for r in sharded) == 3  # each phone in exactly one slice
    with app.app_context():
        for n in range(3):
            emit_after_commit("timer", {"n": n}, realtime.room(wid, "participants"))
    for name, sc in phones.items():
        assert [e["n"] for e in events(sc, "timer")] == [0, 1, 2], name
