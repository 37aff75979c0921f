"""The JSON import's part for programmes (issue 15): provenance, quick-win marks, code
counters and the explicit priority polls (importer.py calls these after the ideas and the
polls are in)."""

from ..store import programmes, transfer


def import_programmes(db, wid, data, ids):
    """Where programmes came from, the quick-win marks, and the code counters (at least
    the highest code in the file, so no code is given twice after the import)."""
    counters = dict(data.get("code_counters") or {})
    for i in data["ideas"]:
        new_id = ids["ideas"][i["id"]]
        if i.get("promoted_from") in ids["ideas"]:
            transfer.set_idea_promoted_from(db, new_id, ids["ideas"][i["promoted_from"]])
        if i.get("quick_win"):
            programmes.restore_quick_win(
                db, new_id, i["quick_win"]["reason"], i["quick_win"]["marked_at"]
            )
        if i.get("code"):
            number = programmes.code_number(i["code"])
            counters[i["dimension"]] = max(counters.get(i["dimension"], 0), number)
    for dimension, last in counters.items():
        programmes.raise_counter(db, wid, dimension, last)


def import_priorities(db, wid, data, ids):
    """The facilitators' explicit priority polls (the rule's choices follow by themselves)."""
    for p in data.get("priorities") or []:
        if p.get("chosen") == "explicit" and p.get("poll_id") in ids["polls"]:
            programmes.restore_priority(db, wid, p["dimension"], ids["polls"][p["poll_id"]])
