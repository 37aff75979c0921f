"""Issue 13: a burst of proposals reaches a participant's phone as fewer pushes than
proposals, with nothing missing and nothing twice (the real server, a real websocket)."""

import threading
import time

import socketio

PASSWORD = "rahasia-bimtek"
BURST_SECONDS = 5
PROPOSALS = 50


def test_a_five_second_burst_arrives_in_batches_with_nothing_missing(server):
    workshop, token = server.facilitator_workshop(PASSWORD)
    session = server.open_ideas_session(workshop, token)
    opd = server.api("GET", f"/workshops/{workshop['id']}/opds", token).json()["items"][0]
    joined = server.api(
        "POST", "/join", None, json={"code": workshop["code"], "name": "Rina", "opd_id": opd["id"]}
    )
    assert joined.status_code == 201, joined.text

    pushes = []  # (event, [ids]) as the phone receives them
    changed = threading.Condition()

    def batch(event):
        def on(data):
            with changed:
                pushes.append((event, [item["id"] for item in data["items"]]))
                changed.notify_all()

        return on

    phone = socketio.Client()
    for event in ("ideas_created", "ideas_updated", "ideas_removed"):
        phone.on(event, batch(event))
    for event in ("idea_created", "idea_updated", "idea_removed"):  # facilitators' form only
        phone.on(event, lambda data, event=event: pushes.append((event, [data["id"]])))
    phone.connect(
        server.url, auth={"token": joined.json()["token"]}, transports=["websocket"], wait_timeout=5
    )
    try:
        created = []
        started = time.monotonic()
        for i in range(PROPOSALS):
            # Spread over five seconds, as a hall's burst would be (pacing, not a check).
            pause = started + i * BURST_SECONDS / PROPOSALS - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            response = server.api(
                "POST",
                f"/sessions/{session['id']}/ideas",
                token,
                json={"title": f"Usulan {i}", "dimension": "governance", "client_id": f"b{i}"},
            )
            assert response.status_code == 201, response.text
            created.append(response.json()["id"])

        def received():
            return [ident for _, ids in pushes for ident in ids]

        with changed:
            changed.wait_for(lambda: len(received()) >= len(created), timeout=30)
        assert {event for event, _ in pushes} == {"ideas_created"}
        assert received() == created  # every proposal, once, in order
        assert len(pushes) < len(created)
    finally:
        phone.disconnect()
