"""Issue 13: a burst of proposals reaches a participant's phone as fewer pushes than
proposals, with nothing missing and nothing twice (the real server, a real websocket)."""

import re
import threading
import time

import socketio
from playwright.sync_api import expect

from tests.e2e.test_proposals_offline import hall, participant  # noqa: F401 (the fixture)

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


def test_a_phone_and_the_projector_show_every_proposal_of_a_burst(
    server,
    hall,  # noqa: F811 (the fixture imported above)
    new_page,
    tmp_path,
):
    """Rembuk.onItems on real pages: a burst arrives as batches; every card shows, once;
    an edit and a removal in the same burst end as the newest state."""
    dewi = participant(hall, new_page, "Dewi", "Diskominfo")
    screen = new_page(viewport={"width": 1280, "height": 720})
    shown = server.api(
        "PUT",
        f"/workshops/{hall['workshop']['id']}/display",
        hall["token"],
        json={"view": "ideas", "session_id": hall["session"]["id"]},
    )
    assert shown.status_code == 200, shown.text
    screen.goto(f"{server.url}/projector/{hall['workshop']['projector_key']}")
    expect(screen.locator("#ideas-count")).to_contain_text("0")
    ids = []
    for i in range(20):
        created = server.api(
            "POST",
            f"/sessions/{hall['session']['id']}/ideas",
            hall["token"],
            json={"title": f"Usulan ke-{i + 1}", "dimension": "governance", "client_id": f"p{i}"},
        )
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
    edited = server.api("PATCH", f"/ideas/{ids[0]}", hall["token"], json={"title": "Diubah"})
    assert edited.status_code == 200
    hidden = server.api("PATCH", f"/ideas/{ids[1]}", hall["token"], json={"status": "hidden"})
    assert hidden.status_code == 200
    cards = dewi.locator("#proposal-wall .idea-card")
    expect(cards).to_have_count(19)
    expect(dewi.locator("#proposal-wall .idea-title", has_text="Diubah")).to_have_count(1)
    expect(
        dewi.locator("#proposal-wall .idea-title", has_text=re.compile(r"^Usulan ke-2$"))
    ).to_have_count(0)
    expect(screen.locator("#ideas-count")).to_contain_text("19")
    dewi.locator("#proposal-wall").scroll_into_view_if_needed()
    dewi.screenshot(path=str(tmp_path / "phone-burst.png"))
    screen.screenshot(path=str(tmp_path / "projector-burst.png"))
