"""What the worksheets add up to (issue 14): the readiness heat map and the keyword cloud
(read by everyone of the workshop), and what facilitators make of them — TOWS strategies and
strategy statements, the adopted vision and missions, the workshop's own readiness list.
Each write commits, then pushes strategy_updated, vision_updated or readiness_items_updated
to everyone of the workshop.
"""

import re

from flask_babel import gettext as _

from ..realtime import (
    broadcast_readiness_items_updated,
    broadcast_strategy_updated,
    broadcast_vision_updated,
)
from ..store import NotFound, worksheet_plans, worksheets
from . import Conflict, FieldError, field_error
from .worksheets import collects

RATINGS = ("baik", "sedang", "kurang")
ASPECTS = ("struktur", "infrastruktur", "suprastruktur")
ITEM_KEY = re.compile(r"^[a-z0-9_]{1,40}$")
ITEMS_MAX = 20
ITEM_NAME_MAX = 120
CONTROL = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


# -- Readiness heat map and keyword cloud -----------------------------------------------------


def readiness_summary(db, session):
    """Per aspect and item: counts of each rating and the notes, over visible current ratings.

    Items of the workshop's list come first in its order; a rated item no longer in the list
    follows under its key. Notes carry entry ids and `quoted` (the document quotes those).
    """
    listed = worksheet_plans.get_readiness_list(db, session["workshop_id"])
    rows = worksheets.list_entries(db, session_id=session["id"], statuses=worksheets.PUBLIC)
    rows = [r for r in rows if r["purpose"] == "readiness"]
    aspects = []
    for aspect in listed["aspects"]:
        items = [dict(i) for i in aspect["items"]]
        known = {i["key"] for i in items}
        for row in rows:
            if row["aspect"] == aspect["key"] and row["item"] not in known:
                known.add(row["item"])
                items.append({"key": row["item"], "name_id": row["item"], "name": row["item"]})
        for item in items:
            mine = [r for r in rows if r["aspect"] == aspect["key"] and r["item"] == item["key"]]
            item["counts"] = {k: sum(r["rating"] == k for r in mine) for k in RATINGS}
            item["total"] = len(mine)
            item["notes"] = [
                {
                    "entry_id": r["id"],
                    "text": r["text"],
                    "rating": r["rating"],
                    "opd_code": r["opd_code"],
                    "quoted": bool(r["quoted"]),
                }
                for r in mine
                if r["text"]
            ]
        aspects.append({k: aspect[k] for k in ("key", "name_id", "name")} | {"items": items})
    return {
        "session_id": session["id"],
        "per_opd": bool(session["readiness_per_opd"]),
        "ratings": listed["ratings"],
        "raters": len({r["rater"] for r in rows}),
        "aspects": aspects,
    }


def keywords(db, session, facilitator=False):
    """Visible vision entries grouped by normalised text; merged entries count with the entry
    they were merged into. Most frequent first, then alphabetical."""
    rows = worksheets.list_entries(db, session_id=session["id"], statuses=("visible", "merged"))
    rows = [r for r in rows if r["purpose"] == "vision"]
    by_id = {r["id"]: r for r in rows}
    groups = {}
    for row in rows:
        root = by_id.get(row["merged_into"]) if row["status"] == "merged" else row
        if root is None or root["status"] != "visible":
            continue
        groups.setdefault(worksheets.keyword(root["text"]), []).append(row["id"])
    items = []
    for text, ids in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        item = {"text": text, "count": len(ids)}
        if facilitator:
            item["entry_ids"] = ids
        items.append(item)
    return {
        "session_id": session["id"],
        "items": items,
        "total": sum(len(v) for v in groups.values()),
    }


# -- Strategies -------------------------------------------------------------------------------


def check_strategy_session(session):
    """Strategies belong to a swot or strategy worksheet session (409 otherwise)."""
    if not collects(session) or session["purpose"] not in ("swot", "strategy"):
        raise Conflict(
            _("Strategies are written in a SWOT or strategy worksheet."), code="not_worksheet"
        )


def _check_strategy(db, session, data, row=None):
    """`type` is required in a swot session; `from` names SWOT entries of the workshop; the
    element belongs to the dimension."""
    kind = data.get("type", row["type"] if row else None)
    if session["purpose"] == "swot" and not kind:
        raise field_error("type", _("Choose SO, ST, WO or WT."))
    for entry_id in data.get("from") or []:
        try:
            entry = worksheets.get_entry(db, entry_id, session["workshop_id"])
        except NotFound as e:
            raise field_error("from", _("Choose SWOT entries of this workshop.")) from e
        if entry["purpose"] != "swot":
            raise field_error("from", _("Choose SWOT entries of this workshop."))


def create_strategy(db, actor_id, session, data):
    """A facilitator writes a strategy; returns it."""
    check_strategy_session(session)
    _check_strategy(db, session, data)
    with db.atomic():
        strategy = worksheet_plans.create_strategy(db, session, data, actor_id)
    broadcast_strategy_updated(strategy, session["workshop_id"])
    return strategy


def update_strategy(db, actor_id, session, strategy_id, changes, known_dimensions):
    """A facilitator changes a strategy (partial); returns it."""
    with db.atomic():
        row = worksheet_plans.get_strategy(db, strategy_id)
        _check_strategy(db, session, changes, row)
        if "dimension" in changes or "element" in changes:
            dimension = changes.get("dimension", row["dimension"])
            element = changes.get("element", row["element"] if "dimension" not in changes else None)
            if element and element not in known_dimensions.get(dimension, ()):
                raise field_error("element", _("Choose an element of the chosen dimension."))
            changes["element"] = element
        _before, after = worksheet_plans.update_strategy(db, strategy_id, changes, actor_id)
    broadcast_strategy_updated(after, session["workshop_id"])
    return after


def delete_strategy(db, actor_id, strategy_id):
    """A facilitator deletes a strategy."""
    with db.atomic():
        row = worksheet_plans.delete_strategy(db, strategy_id, actor_id)
    broadcast_strategy_updated(
        {"id": strategy_id, "session_id": row["session_id"], "deleted": True}, row["workshop_id"]
    )


# -- Vision and readiness list ----------------------------------------------------------------


def put_vision(db, actor_id, workshop_id, vision, missions):
    """Record the adopted vision and missions; returns them."""
    with db.atomic():
        data = worksheet_plans.put_vision(db, workshop_id, vision or "", missions or [], actor_id)
    broadcast_vision_updated(data, workshop_id)
    return data


def _text(value, field, required=True):
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > ITEM_NAME_MAX:
        raise field_error(field, _("Write a name of 1 to %(max)d characters.", max=ITEM_NAME_MAX))
    if CONTROL.search(value):
        raise field_error(field, _("Remove the control characters from this text."))
    return value.strip()


def check_readiness_list(body):
    """The PUT body {"aspects": [...]} → clean aspects, or 422 naming the field."""
    aspects = body.get("aspects") if isinstance(body, dict) else None
    unknown = set(body) - {"aspects", "ratings"} if isinstance(body, dict) else set()
    if unknown:
        raise FieldError({name: [_("Unknown field.")] for name in sorted(unknown)})
    if not isinstance(aspects, list) or [
        a.get("key") if isinstance(a, dict) else None for a in aspects
    ] != list(ASPECTS):
        raise field_error(
            "aspects", _("Send the three aspects struktur, infrastruktur and suprastruktur.")
        )
    clean = []
    for n, aspect in enumerate(aspects):
        items = aspect.get("items")
        where = f"aspects.{n}.items"
        if not isinstance(items, list) or not 1 <= len(items) <= ITEMS_MAX:
            raise field_error(where, _("Give each aspect 1 to %(max)d items.", max=ITEMS_MAX))
        seen, out = set(), []
        for m, item in enumerate(items):
            if not isinstance(item, dict):
                raise field_error(f"{where}.{m}", _("Invalid value."))
            key = item.get("key")
            if not isinstance(key, str) or not ITEM_KEY.match(key) or key in seen:
                raise field_error(
                    f"{where}.{m}.key",
                    _("Use a unique key of lower-case letters, digits and _ (max. 40)."),
                )
            seen.add(key)
            name_id = _text(item.get("name_id"), f"{where}.{m}.name_id")
            name = _text(item.get("name"), f"{where}.{m}.name", required=False) or name_id
            out.append({"key": key, "name_id": name_id, "name": name})
        name_id = _text(aspect.get("name_id", aspect["key"].title()), f"aspects.{n}.name_id")
        name = _text(aspect.get("name"), f"aspects.{n}.name", required=False) or name_id
        clean.append({"key": aspect["key"], "name_id": name_id, "name": name, "items": out})
    return clean


def put_readiness_list(db, actor_id, workshop_id, body):
    """Replace the workshop's readiness aspects and items; returns the list."""
    aspects = check_readiness_list(body)
    with db.atomic():
        data = worksheet_plans.put_readiness_list(db, workshop_id, aspects, actor_id)
    broadcast_readiness_items_updated(workshop_id)
    return data
