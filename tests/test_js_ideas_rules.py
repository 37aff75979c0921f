"""Where the proposal scripts repeat a server rule, the two are read side by side here (as
rupiah.js and budget.py are in the browser tests), so one cannot change without the other."""

import html
import json
import re
from pathlib import Path

from workshop.forms.ideas import (
    IDEA_DESCRIPTION_MAX,
    IDEA_PROBLEM_MAX,
    IDEA_TITLE_MAX,
    IdeaForm,
)
from workshop.forms.programmes import INDICATORS_MAX
from workshop.store import ideas
from workshop.views.facilitator.wall.page import WALL_STATUSES

JS = Path(__file__).resolve().parent.parent / "static" / "js"


def js(name):
    return (JS / name).read_text(encoding="utf-8")


def server_client_id_pattern():
    (regexp,) = [v for v in IdeaForm.client_id.kwargs["validators"] if hasattr(v, "regex")]
    return regexp.regex.pattern


def test_the_outbox_makes_client_ids_the_server_accepts():
    match = re.search(r"R\.CLIENT_ID = /(.+)/;", js("outbox.js"))
    assert match, "outbox.js declares R.CLIENT_ID"
    assert match.group(1) == server_client_id_pattern()
    uuid = "5f0c2d1e-aaaa-4bbb-8ccc-000000000001"  # what R.newClientId makes
    assert re.fullmatch(server_client_id_pattern(), uuid)


def test_the_form_check_uses_the_limits_the_page_carries(client, auth, db):
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    session = next(
        db.query(
            "SELECT * FROM sessions WHERE workshop_id = ? AND kind = 'ideas'", [workshop["id"]]
        )
    )
    _rina, token = auth.participant(workshop, "Rina", "Bappeda")
    client.set_cookie("rembuk_device", token)
    page = client.get(f"/w/s/{session['id']}").get_data(as_text=True)
    limits = json.loads(html.unescape(re.search(r"data-limits='([^']+)'", page).group(1)))
    assert limits == {
        "title": IDEA_TITLE_MAX,
        "description": IDEA_DESCRIPTION_MAX,
        "problem": IDEA_PROBLEM_MAX,
        "indicators": INDICATORS_MAX,  # the programme fields' rows (issue 15)
    }
    assert f'data-max="{INDICATORS_MAX}"' in page
    check = js("proposal-form.js").split("function check(body)")[1].split("return Object.keys")[0]
    assert "title.length > limits.title" in check
    assert '["description", "problem"]' in check and "limits[name]" in check


def test_the_draft_keeps_every_field_a_proposal_carries():
    match = re.search(r"var TEXT_FIELDS = \[([^\]]+)\]", js("proposal-form.js"))
    names = re.findall(r'"(\w+)"', match.group(1))
    assert set(names) | {"dimension"} == set(ideas.CONTENT_FIELDS)


def test_the_wall_script_keeps_the_cards_the_wall_page_shows():
    match = re.search(r"var ON_WALL = \{([^}]+)\}", js("wall.js"))
    assert set(re.findall(r"(\w+): true", match.group(1))) == set(WALL_STATUSES)
