"""The store modules of exports and imports: store/snapshot.py and store/transfer.py."""

from workshop.store import snapshot, transfer, workshops


def test_read_snapshot_ends_its_read_and_reuses_an_open_transaction(db):
    with snapshot.read_snapshot(db):
        assert db.conn.in_transaction
    assert not db.conn.in_transaction
    with db.atomic():
        with snapshot.read_snapshot(db):
            pass
        assert db.conn.in_transaction  # the caller's transaction is left to the caller
    assert not db.conn.in_transaction


def test_counts_belong_to_one_workshop(auth, db):
    owner = auth.create()
    mine = auth.workshop(owner["id"])
    other = auth.workshop(owner["id"], title="Lain")
    auth.participant(mine, "Rina")
    auth.participant(other, "Dewi")
    counts = snapshot.count_rows(db, mine["id"])
    assert counts["workshops"] == 1 and counts["participants"] == 1
    assert counts["opds"] > 0 and counts["attendance"] == 1
    assert [p["name"] for p in snapshot.list_participants(db, mine["id"])] == ["Rina"]
    devices = snapshot.list_devices(db, mine["id"])
    assert len(devices) == 1 and "token_hash" not in devices[0]
    names = snapshot.list_named_facilitators(db, mine["id"])
    assert names == [{"id": owner["id"], "username": "alice", "role": "facilitator"}]


def test_facilitator_and_workshop_look_ups(auth, db):
    owner = auth.create()
    workshop = auth.workshop(owner["id"], title="Bimtek Demo")
    assert transfer.find_facilitator_id(db, "ALICE") == owner["id"]
    assert transfer.find_facilitator_id(db, "nobody") is None
    assert transfer.find_workshop_titled(db, owner["id"], "Bimtek Demo")["id"] == workshop["id"]
    assert transfer.find_workshop_titled(db, owner["id"], "Bimtek Lain") is None


def test_free_code_skips_codes_in_use(auth, db, monkeypatch):
    owner = auth.create()
    taken = auth.workshop(owner["id"])["code"]
    codes = iter([taken, "FREE42"])
    monkeypatch.setattr(workshops, "new_code", lambda: next(codes))
    assert transfer.free_code(db) == "FREE42"


def test_inserts_keep_what_they_are_given(auth, db):
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    session = next(db.query("SELECT id FROM sessions WHERE workshop_id = ?", [workshop["id"]]))
    row = {
        "workshop_id": workshop["id"],
        "session_id": session["id"],
        "facilitator_id": owner["id"],
        "client_id": "k-1",
        "title": "Dari berkas",
        "dimension": "governance",
        "status": "hidden",
        "created_at": "2017-08-01T01:00:00Z",
        "updated_at": "2017-08-01T02:00:00Z",
    }
    with db.atomic():
        first = transfer.insert_idea(db, row)
        second = transfer.insert_idea(db, {**row, "client_id": None})
        transfer.set_idea_merged(db, second, first)
    assert transfer.client_id_taken(db, owner["id"], "k-1")
    assert not transfer.client_id_taken(db, owner["id"], "k-2")
    stored = next(db.query("SELECT * FROM ideas WHERE id = ?", [second]))
    assert stored["merged_into"] == first and stored["status"] == "hidden"
    assert stored["created_at"] == "2017-08-01T01:00:00Z"
