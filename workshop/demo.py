"""`workshop demo`: a living Kota Bogor Bimtek for a newcomer to click through."""

import datetime

from .store import accounts, first, workshops

DEMO_USERNAME = "demo"
DEMO_TITLE = "Bimtek Masterplan Smart City Kota Bogor"


def seed_demo(db, password):
    """Create (once) the demo facilitator and workshop; resets the demo password each time."""
    account = accounts.find_facilitator_by_username(db, DEMO_USERNAME)
    if account is None:
        account = accounts.create_facilitator(db, DEMO_USERNAME, password)
    else:
        accounts.set_password(db, account["id"], password)
    existing = first(
        db,
        "SELECT w.* FROM workshops w JOIN workshop_facilitators wf ON wf.workshop_id = w.id"
        " WHERE wf.facilitator_id = ? AND w.title = ?",
        [account["id"], DEMO_TITLE],
    )
    if existing:
        return existing
    # Started yesterday: the demo is on its second day, with a history to look at.
    starts_on = datetime.date.today() - datetime.timedelta(days=1)
    return workshops.create_workshop(
        db,
        account["id"],
        {
            "title": DEMO_TITLE,
            "city": "Kota Bogor",
            "venue": "Hotel Salak The Heritage, Bogor",
            "starts_on": starts_on.isoformat(),
            "days": 4,
        },
    )
