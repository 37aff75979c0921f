"""The hall's coalesced pushes (issue 13): what a batch holds, in which order, and the flusher.

The Coalescer is tested with a recording emit and a flush the test calls; the flusher task
with real threads and with gevent greenlets; the wiring through the app with real Socket.IO
test clients.
"""

import threading

import gevent
import gevent.event
import pytest

from tests.conftest import bearer
from workshop import create_app
from workshop.coalesce import Coalescer
from workshop.realtime import BATCHED, EVENTS, room, socketio

ROOM = "workshop:1:participants"


class Recorder:
    """Stands in for the socket server: records what was emitted, runs no task."""

    def __init__(self):
        self.sent = []
        self.tasks = []

    def emit(self, event, payload, room):
        self.sent.append((room, event, payload))

    def start_background_task(self, target, *args):
        self.tasks.append(target)

    def sleep(self, seconds):
        pass


def manual():
    """A coalescer whose flushes the test makes (its task is recorded, never run)."""
    rec = Recorder()
    return Coalescer(BATCHED, rec.emit, rec, interval=60), rec


def idea(ident, title="Usulan", **more):
    return {"id": ident, "title": title, **more}


def test_the_batched_table_names_plural_events():
    for singular, plural in BATCHED.items():
        assert singular in EVENTS and plural in EVENTS
        assert singular.rsplit("_", 1)[1] == plural.rsplit("_", 1)[1]


def test_many_proposals_become_one_push_with_every_item_in_order():
    c, rec = manual()
    for i in range(1, 51):
        c.add(ROOM, "idea_created", idea(i, f"Usulan {i}"))
    assert rec.sent == []
    assert c.flush() == 1
    [(to, event, payload)] = rec.sent
    assert (to, event) == (ROOM, "ideas_created")
    assert [i["id"] for i in payload["items"]] == list(range(1, 51))
    assert c.flush() == 0  # nothing changed: nothing sent
    assert len(rec.sent) == 1


def test_created_then_updated_arrives_once_as_created_with_the_newest_version():
    c, rec = manual()
    c.add(ROOM, "idea_created", idea(1, "lama"))
    c.add(ROOM, "idea_created", idea(2, "lain"))
    c.add(ROOM, "idea_updated", idea(1, "baru"))
    c.flush()
    assert rec.sent == [(ROOM, "ideas_created", {"items": [idea(1, "baru"), idea(2, "lain")]})]


def test_updates_keep_only_the_newest_version():
    c, rec = manual()
    c.add(ROOM, "idea_updated", idea(1, "v1"))
    c.add(ROOM, "idea_updated", idea(1, "v2"))
    c.add(ROOM, "idea_updated", idea(1, "v3"))
    c.flush()
    assert rec.sent == [(ROOM, "ideas_updated", {"items": [idea(1, "v3")]})]


def test_an_update_then_a_removal_ends_removed():
    c, rec = manual()
    c.add(ROOM, "idea_created", idea(1))
    c.add(ROOM, "idea_updated", idea(1, "diubah"))
    c.add(ROOM, "idea_removed", {"id": 1})
    c.flush()
    assert rec.sent == [(ROOM, "ideas_removed", {"items": [{"id": 1}]})]


def test_a_late_update_never_resurrects_a_removed_item():
    """Two requests may broadcast out of commit order: an update after a removal is late."""
    c, rec = manual()
    c.add(ROOM, "idea_removed", {"id": 1})
    c.add(ROOM, "idea_updated", idea(1, "terlambat"))
    c.flush()
    assert rec.sent == [(ROOM, "ideas_removed", {"items": [{"id": 1}]})]
    # Also when the late update comes after the removal was already sent.
    c.add(ROOM, "idea_updated", idea(1, "terlambat lagi"))
    assert c.flush() == 0


def test_an_item_that_comes_back_is_created_again_and_then_updates_flow():
    c, rec = manual()
    c.add(ROOM, "idea_removed", {"id": 1})
    c.add(ROOM, "idea_created", idea(1, "kembali"))
    c.flush()
    c.add(ROOM, "idea_updated", idea(1, "kembali, diubah"))
    c.flush()
    assert rec.sent == [
        (ROOM, "ideas_created", {"items": [idea(1, "kembali")]}),
        (ROOM, "ideas_updated", {"items": [idea(1, "kembali, diubah")]}),
    ]


def test_one_flush_holds_each_item_once_whatever_the_mix():
    c, rec = manual()
    c.add(ROOM, "idea_created", idea(1))
    c.add(ROOM, "idea_updated", idea(2, "diubah"))
    c.add(ROOM, "idea_removed", {"id": 3})
    c.add(ROOM, "idea_created", idea(4))
    c.flush()
    assert rec.sent == [
        (ROOM, "ideas_created", {"items": [idea(1), idea(4)]}),
        (ROOM, "ideas_updated", {"items": [idea(2, "diubah")]}),
        (ROOM, "ideas_removed", {"items": [{"id": 3}]}),
    ]


def test_rooms_are_separate_and_families_do_not_mix():
    c, rec = manual()
    other = "workshop:1:projectors"
    c.add(ROOM, "idea_created", idea(1))
    c.add(other, "idea_removed", {"id": 1})
    c.flush([other])
    assert rec.sent == [(other, "ideas_removed", {"items": [{"id": 1}]})]
    c.flush()
    assert rec.sent[1] == (ROOM, "ideas_created", {"items": [idea(1)]})
    # A second family (say worksheet entries) with the same ids stays apart.
    batched = dict(BATCHED, entry_created="entries_created")
    rec2 = Recorder()
    c2 = Coalescer(batched, rec2.emit, rec2, interval=60)
    c2.add(ROOM, "idea_created", idea(7))
    c2.add(ROOM, "entry_created", {"id": 7, "text": "S"})
    c2.flush()
    assert [e for _, e, _ in rec2.sent] == ["ideas_created", "entries_created"]


def test_items_without_an_id_are_all_kept():
    rec = Recorder()
    c = Coalescer({"thing_happened": "things_happened"}, rec.emit, rec, interval=60)
    c.add(ROOM, "thing_happened", {"n": 1})
    c.add(ROOM, "thing_happened", {"n": 2})
    c.flush()
    assert rec.sent == [(ROOM, "things_happened", {"items": [{"n": 1}, {"n": 2}]})]


def test_only_batched_events_are_queued():
    c, _ = manual()
    with pytest.raises(ValueError):
        c.add(ROOM, "results", {"id": 1})


def test_interval_zero_sends_each_event_at_once():
    rec = Recorder()
    c = Coalescer(BATCHED, rec.emit, rec, interval=0)
    c.add(ROOM, "idea_created", idea(1))
    assert rec.sent == [(ROOM, "ideas_created", {"items": [idea(1)]})]
    assert rec.tasks == []


def test_one_flusher_starts_lazily_and_only_once():
    c, rec = manual()
    assert rec.tasks == []
    c.add(ROOM, "idea_created", idea(1))
    c.add(ROOM, "idea_created", idea(2))
    assert len(rec.tasks) == 1


class Threads:
    """socketio's threading mode: a thread per task, time.sleep."""

    def __init__(self):
        self.sent = []
        self.emitted = threading.Condition()

    def emit(self, event, payload, room):
        with self.emitted:
            self.sent.append((event, [i["id"] for i in payload["items"]]))
            self.emitted.notify_all()

    def start_background_task(self, target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        return thread

    def sleep(self, seconds):
        threading.Event().wait(seconds)


def test_the_flusher_runs_on_threads_and_ends_when_idle():
    io = Threads()
    c = Coalescer(BATCHED, io.emit, io, interval=0.05)
    c.add(ROOM, "idea_created", idea(1))
    with io.emitted:
        assert io.emitted.wait_for(lambda: io.sent, timeout=10)
    for i in range(2, 30):
        c.add(ROOM, "idea_created", idea(i))
    with io.emitted:
        assert io.emitted.wait_for(
            lambda: sorted(x for _, ids in io.sent for x in ids) == list(range(1, 30)), timeout=10
        )
    for _ in range(400):  # the task ends one quiet interval after its last flush
        if not c.running:
            break
        threading.Event().wait(0.05)
    assert not c.running  # a quiet hall holds no flusher
    assert all(event == "ideas_created" for event, _ in io.sent)


def test_the_flusher_runs_on_gevent_greenlets():
    sent = []
    arrived = gevent.event.Event()

    class Greenlets:
        @staticmethod
        def start_background_task(target, *args):
            return gevent.spawn(target, *args)

        @staticmethod
        def sleep(seconds):
            gevent.sleep(seconds)

    def emit(event, payload, room):
        sent.append((event, [i["id"] for i in payload["items"]]))
        if sum(len(ids) for _, ids in sent) == 20:
            arrived.set()

    c = Coalescer(BATCHED, emit, Greenlets, interval=0.05)
    for i in range(1, 21):
        c.add(ROOM, "idea_created", idea(i))
        if i % 5 == 0:
            gevent.sleep(0)
    assert arrived.wait(timeout=10)
    assert sorted(x for _, ids in sent for x in ids) == list(range(1, 21))
    assert len(sent) < 20


# -- Through the app ------------------------------------------------------------------------


def hall_fixture(app, client, auth):
    from workshop.db import open_app_db
    from workshop.store import agenda

    fac = auth.create("alice")
    workshop = auth.workshop(fac["id"])
    token = auth.token("alice")
    db = open_app_db(app)
    try:
        session = next(s for s in agenda.list_sessions(db, workshop["id"]) if s["kind"] == "ideas")
    finally:
        db.close()
    client.patch(
        f"/api/v1/sessions/{session['id']}", json={"status": "open"}, headers=bearer(token)
    )
    _, rina_token = auth.participant(workshop, "Rina")
    return workshop, session, token, rina_token


@pytest.fixture
def slow_app(tmp_path):
    """An app whose hall batches wait for the test's flush (a long COALESCE_SECONDS)."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "sessions.db"),
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "LAN_ADDRESSES": ["192.0.2.10"],
            "COALESCE_SECONDS": 3600,
        }
    )
    return app


def test_a_burst_reaches_the_hall_as_one_batch_and_facilitators_per_item(slow_app):
    from tests.conftest import AuthActions

    app = slow_app
    client = app.test_client()
    auth = AuthActions(app, client)
    workshop, session, token, rina_token = hall_fixture(app, client, auth)
    phone = socketio.test_client(
        app, flask_test_client=app.test_client(), auth={"token": rina_token}
    )
    projector = socketio.test_client(
        app, flask_test_client=app.test_client(), auth={"projector": workshop["projector_key"]}
    )
    console = socketio.test_client(
        app,
        flask_test_client=app.test_client(),
        auth={"token": token, "workshop_id": workshop["id"]},
    )
    for sc in (phone, projector, console):
        sc.get_received()
    ids = []
    for i in range(12):
        r = client.post(
            f"/api/v1/sessions/{session['id']}/ideas",
            json={"title": f"Usulan {i}", "dimension": "governance", "client_id": f"c{i}"},
            headers=bearer(rina_token),
        )
        assert r.status_code == 201
        ids.append(r.get_json()["id"])
    assert [e["name"] for e in console.get_received()] == ["idea_created"] * 12
    with app.app_context():
        from workshop.realtime import flush_pushes

        flush_pushes()
    # The first proposal may have gone out at once (an idle hall hears it without delay),
    # the rest wait for the next flush: at most two pushes, every proposal once, in order.
    for sc in (phone, projector):
        batches = sc.get_received()
        assert 1 <= len(batches) <= 2
        assert {b["name"] for b in batches} == {"ideas_created"}
        assert [i["id"] for b in batches for i in b["args"][0]["items"]] == ids
    for sc in (phone, projector, console):
        sc.disconnect()


def test_the_author_hears_of_a_return_to_pending_after_the_hall_hears_the_removal(slow_app):
    """A queued hall change of the same proposal is sent before the author's own event, so
    the author's page (also in the hall) ends with the proposal pending, not removed."""
    from tests.conftest import AuthActions

    app = slow_app
    client = app.test_client()
    auth = AuthActions(app, client)
    workshop, session, token, rina_token = hall_fixture(app, client, auth)
    phone = socketio.test_client(
        app, flask_test_client=app.test_client(), auth={"token": rina_token}
    )
    r = client.post(
        f"/api/v1/sessions/{session['id']}/ideas",
        json={"title": "Usulan", "dimension": "governance", "client_id": "c1"},
        headers=bearer(rina_token),
    )
    ident = r.get_json()["id"]
    phone.get_received()
    moved = client.patch(
        f"/api/v1/ideas/{ident}", json={"status": "pending"}, headers=bearer(token)
    )
    assert moved.status_code == 200, moved.get_json()
    events = [(e["name"], e["args"][0]) for e in phone.get_received()]
    # Whatever of the hall's news was still queued went out first (the creation may have
    # gone at once); then the author's own event: the page ends with the proposal pending.
    assert [n for n, _ in events[-2:]] == ["ideas_removed", "idea_updated"]
    assert [n for n, _ in events[:-2]] in ([], ["ideas_created"])
    assert events[-2][1] == {"items": [{"id": ident}]}
    assert events[-1][1]["status"] == "pending"
    with app.app_context():
        from workshop.realtime import coalescer

        assert room(workshop["id"], "participants") not in coalescer().pending
    phone.disconnect()
