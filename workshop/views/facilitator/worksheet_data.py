"""What the worksheet page shows and the changes its plain forms make, in the API's shapes.

The worksheet curation page (worksheets.py, worksheet_tools.py) reads and writes through the
rules of rules/worksheets.py — the functions the JSON API calls — and shapes their answers for
the template here: names in the page's language, entries with their author flattened, a
strategy with the texts of the entries it came from.
"""

import copy
import re
import unicodedata

from flask_babel import gettext as _

from ...forms.worksheets import (
    ENTRY_FORMS,
    ENTRY_TEXT_MAX,
    STRATEGY_MAX,
    VISION_MAX,
    EntryModerationForm,
    KeywordMergeForm,
    StrategyForm,
    VisionForm,
)
from ...rules import NotFound, field_error
from ...rules import worksheet_plans as plans
from ...rules import worksheets as sheets
from ...store import agenda, worksheet_plans, worksheets
from ..labels import english
from ..payloads import form_data, validate

# The inputs' maxlength (the forms' limits; the server checks them again).
ITEM_NAME_MAX = plans.ITEM_NAME_MAX
LIMITS = {
    "text": ENTRY_TEXT_MAX,
    "strategy": STRATEGY_MAX,
    "vision": VISION_MAX,
    "item": ITEM_NAME_MAX,
}
# Content fields a facilitator edits on this page, by purpose (the API's PATCH takes these).
EDITABLE = {
    "readiness": ("rating", "note"),
    "swot": ("quadrant", "text", "dimension", "element"),
    "vision": ("text",),
    "strategy": ("text", "dimension", "element"),
}
# Entry statuses the curation page lists (merged ones show as "+n merged" on their target).
LISTED = ("visible", "hidden")


def named(item):
    """An aspect's, item's or rating's name in the page's language."""
    return (item.get("name") or item["name_id"]) if english() else item["name_id"]


def quadrants():
    return [
        {"key": "S", "name": _("Strengths (S)")},
        {"key": "W", "name": _("Weaknesses (W)")},
        {"key": "O", "name": _("Opportunities (O)")},
        {"key": "T", "name": _("Threats (T)")},
    ]


def tows_types():
    return {
        "SO": _("SO — use strengths to seize opportunities"),
        "ST": _("ST — use strengths against threats"),
        "WO": _("WO — overcome weaknesses with opportunities"),
        "WT": _("WT — reduce weaknesses, avoid threats"),
    }


def shaped_entry(entry):
    """An entry as the template reads it: author name and OPD flat, merged ids as merged_from."""
    author = entry.get("author") or {}
    return {
        **entry,
        "author_name": author.get("name"),
        "opd_code": author.get("opd_code") or entry.get("opd_code"),
        "merged_from": entry.get("merged") or [],
    }


def session_entries(db, session):
    """The session's visible and hidden entries, oldest first, for a facilitator."""
    rows = worksheets.list_entries(db, session_id=session["id"], statuses=LISTED)
    children = worksheets.merged_children(db, [r["id"] for r in rows])
    return [shaped_entry(worksheets.public_entry(r, True, children.get(r["id"], []))) for r in rows]


def readiness(db, ws, session):
    """Aspects → items with counts, total and notes (GET /sessions/{id}/readiness), named."""
    data = plans.readiness_summary(db, session)
    listed = {
        (a["key"], i["key"])
        for a in worksheet_plans.get_readiness_list(db, ws["id"])["aspects"]
        for i in a["items"]
    }
    aspects = []
    for aspect in data["aspects"]:
        items = []
        for item in aspect["items"]:
            notes = [{**n, "id": n["entry_id"], "note": n["text"]} for n in item["notes"]]
            items.append(
                {
                    **item,
                    "name": named(item),
                    "notes": notes,
                    "listed": (aspect["key"], item["key"]) in listed,
                }
            )
        aspects.append({**aspect, "name": named(aspect), "items": items})
    return aspects


def ratings(db, workshop_id):
    listed = worksheet_plans.get_readiness_list(db, workshop_id)
    return [{"key": r["key"], "name": named(r)} for r in listed["ratings"]]


def keywords(db, session):
    return plans.keywords(db, session)["items"]


def strategies(db, session, entries):
    """The session's strategies, each with the texts of the entries it came from."""
    texts = {e["id"]: e["text"] for e in entries}
    return [
        {**s, "from_texts": [texts[i] for i in s["from"] if i in texts]}
        for s in worksheet_plans.list_strategies(db, session_id=session["id"])
    ]


def vision(db, workshop_id):
    return worksheet_plans.get_vision(db, workshop_id)


# -- Changes (the plain forms; the API views call the same rules) --------------------------------


def get_entry(db, entry_id, workshop_id):
    return worksheets.get_entry(db, entry_id, workshop_id)


def update_entry(db, actor_id, entry, body):
    """A facilitator's change of an entry, as PATCH /api/v1/entries/{id} makes it: content
    fields of its purpose (the entry form, partial), then status, quoted, merged_into."""
    moderation = {k: body.pop(k) for k in sheets.MODERATION_KEYS if k in body}
    changes = {}
    if body:
        kwargs = sheets.form_kwargs(db, entry["workshop_id"])
        form = validate(ENTRY_FORMS[entry["purpose"]], body, partial=True, **kwargs)
        changes = form_data(form)
        if "note" in changes:
            changes["text"] = changes.pop("note") or ""
        sheets.check_element(changes, entry, kwargs["dimensions"])
    mod = form_data(validate(EntryModerationForm, moderation, partial=True))
    for key in ("status", "quoted"):
        if key in mod:
            changes[key] = mod[key]
    after = sheets.moderate(db, actor_id, entry["id"], changes) if changes else entry
    if "merged_into" in mod:
        if mod["merged_into"] is None:
            after = sheets.unmerge(db, actor_id, entry["id"])
        else:
            sheets.merge(db, actor_id, entry["id"], mod["merged_into"])
            after = worksheets.get_entry(db, entry["id"])
    return after


def strategy_dimensions(db, workshop_id):
    return sheets.form_kwargs(db, workshop_id)["dimensions"]


def create_strategy(db, actor_id, session, body):
    """POST /sessions/{id}/strategies: the form, then the rule (409 unless swot or strategy)."""
    plans.check_strategy_session(session)
    dims = strategy_dimensions(db, session["workshop_id"])
    data = form_data(validate(StrategyForm, body, dimensions=dims))
    data["from"] = data.get("from") or []
    return plans.create_strategy(db, actor_id, session, data)


def get_strategy(db, strategy_id, workshop_id):
    return worksheet_plans.get_strategy(db, strategy_id, workshop_id)


def update_strategy(db, actor_id, strategy, body):
    """PATCH /strategies/{id} with the posted fields."""
    session = agenda.get_session(db, strategy["session_id"], strategy["workshop_id"])
    dims = strategy_dimensions(db, strategy["workshop_id"])
    changes = form_data(validate(StrategyForm, body, partial=True, dimensions=dims))
    return plans.update_strategy(db, actor_id, session, strategy["id"], changes, dims)


def delete_strategy(db, actor_id, strategy):
    return plans.delete_strategy(db, actor_id, strategy["id"])


def merge_keywords(db, actor_id, session, body):
    """POST /sessions/{id}/keywords/merge {"from", "into"}."""
    form = validate(KeywordMergeForm, body)
    return sheets.merge_keywords(db, actor_id, session, form["from"].data, form.into.data)


def set_vision(db, actor_id, ws, body):
    """PUT /workshops/{id}/vision {"vision", "missions": [...]}."""
    form = validate(VisionForm, body)
    return plans.put_vision(db, actor_id, ws["id"], form.vision.data, form.missions.data)


# -- The workshop's readiness items (PUT /api/v1/workshops/{id}/readiness-items) -----------------


def item_key(name, taken):
    """A key for a new item from its name: "Jaringan serat optik" → "jaringan_serat_optik"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:36] or "item"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def change_items(db, actor_id, ws, aspect_key, op, item_key_=None, name_id=None):
    """Add, rename or remove one item of an aspect: the whole list goes through the rule."""
    if op in ("add", "rename"):
        name_id = " ".join((name_id or "").split())
        if not name_id or len(name_id) > ITEM_NAME_MAX:
            raise field_error(
                "name_id", _("Enter the item's name (max. %(max)d characters).", max=ITEM_NAME_MAX)
            )
    aspects = copy.deepcopy(worksheet_plans.get_readiness_list(db, ws["id"])["aspects"])
    aspect = next((a for a in aspects if a["key"] == aspect_key), None)
    if aspect is None:
        raise NotFound("aspect")
    keys = [i["key"] for i in aspect["items"]]
    if op == "add":
        aspect["items"].append(
            {"key": item_key(name_id, keys), "name_id": name_id, "name": name_id}
        )
    else:
        if item_key_ not in keys:
            raise NotFound("item")
        item = aspect["items"][keys.index(item_key_)]
        if op == "rename":
            if item.get("name") in (None, "", item["name_id"]):  # no English name of its own
                item["name"] = name_id
            item["name_id"] = name_id
        else:
            aspect["items"].remove(item)
    return plans.put_readiness_list(db, actor_id, ws["id"], {"aspects": aspects})
