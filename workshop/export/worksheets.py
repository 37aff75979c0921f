"""What the worksheets produced, for chapters 2.1 (readiness), 2.3 (SWOT and TOWS), 3 (vision
and missions) and 4 (strategies) of the Draf Masterplan.

Material is taken from the sessions whose `purpose` names the chapter (context.Index), never
from words in a title. Each function adds nothing and returns False when the workshop
produced nothing of its kind, so the chapter can say what is still to be written.
"""

import re

from flask_babel import gettext as _

from .context import Index, lang, number

ASPECTS = ("struktur", "infrastruktur", "suprastruktur")
RATINGS = ("baik", "sedang", "kurang")
QUADRANTS = ("S", "W", "O", "T")
TOWS_TYPES = ("SO", "ST", "WO", "WT")
# How many of the most frequent vision keywords chapter 3 prints.
TOP_KEYWORDS = 15


def aspect_label(key):
    labels = {
        "struktur": _("Structure"),
        "infrastruktur": _("Infrastructure"),
        "suprastruktur": _("Superstructure"),
    }
    return labels.get(key, key or "")


def rating_label(key):
    labels = {"baik": _("Good"), "sedang": _("Moderate"), "kurang": _("Poor")}
    return labels.get(key, key or "")


def quadrant_label(key):
    labels = {
        "S": _("Strengths (S)"),
        "W": _("Weaknesses (W)"),
        "O": _("Opportunities (O)"),
        "T": _("Threats (T)"),
    }
    return labels.get(key, key or "")


def tows_label(key):
    labels = {
        "SO": _("SO: strengths to seize opportunities"),
        "ST": _("ST: strengths against threats"),
        "WO": _("WO: opportunities to overcome weaknesses"),
        "WT": _("WT: reduce weaknesses, avoid threats"),
    }
    return labels.get(key, key or "")


def share(count, total):
    """'6 (19%)' — a count with its share of all ratings of the item."""
    if not total:
        return "0"
    return f"{count} ({round(100 * count / total)}%)"


def normalised(text):
    """A keyword as counted: lower case, single spaces (the API's normalisation)."""
    return re.sub(r"\s+", " ", (text or "").strip()).casefold()


# -- 2.1 readiness ------------------------------------------------------------------------


def readiness_items(ix):
    """{aspect: [(item key, name)]} of the workshop's readiness list, in its order."""
    out = {}
    for aspect in (ix.data.get("readiness_list") or {}).get("aspects", []):
        out[aspect["key"]] = [
            (i["key"], (i.get("name_id") if lang() == "id" else i.get("name")) or i["key"])
            for i in aspect.get("items", [])
        ]
    return out


def note_of(entry):
    """A readiness rating's note (the entry's text)."""
    return (entry.get("text") or "").strip()


def readiness(doc, ix):
    """Per aspect a table item × rating (count and share), then the notes marked to quote."""
    entries = [e for e in ix.entries_of("readiness") if e.get("rating") in RATINGS]
    if not entries:
        return False
    listed = readiness_items(ix)
    counts = {}
    for e in entries:
        by_rating = counts.setdefault((e["aspect"], e["item"]), dict.fromkeys(RATINGS, 0))
        by_rating[e["rating"]] += 1
    sessions = sorted({e["session_id"] for e in entries})
    doc.paragraph(
        _(
            "Each item of the readiness list was rated good, moderate or poor (%(n)d ratings "
            "by participants or OPD in %(sessions)s). Each cell gives the number of ratings and "
            "their share of the item's ratings.",
            n=len(entries),
            sessions=", ".join(f"«{ix.sessions[s]['title']}»" for s in sessions),
        )
    )
    aspects = [*ASPECTS, *sorted({a for a, _i in counts} - set(ASPECTS))]
    for aspect in aspects:
        items = list(listed.get(aspect, []))
        known = {key for key, _name in items}
        items += [(i, i) for a, i in sorted(counts) if a == aspect and i not in known]
        rated = [(key, name) for key, name in items if (aspect, key) in counts]
        if not rated:
            continue
        doc.heading(3, aspect_label(aspect))
        rows = []
        for n, (key, name) in enumerate(rated, start=1):
            c = counts[(aspect, key)]
            total = sum(c.values())
            rows.append([str(n), name, *(share(c[r], total) for r in RATINGS), str(total)])
        doc.table(
            [_("No."), _("Item"), *(rating_label(r) for r in RATINGS), _("Total")],
            rows,
            numeric={0, 2, 3, 4, 5},
            widths=[0.5, 4.6, 1.5, 1.5, 1.5, 1.2],
        )
        names = dict(items)
        quoted = [
            f"{names.get(e['item'], e['item'])} ({rating_label(e['rating'])}): {note_of(e)}"
            + (f" — {ix.opd_code(e.get('opd_id'))}" if e.get("opd_id") else "")
            for e in entries
            if e["aspect"] == aspect and e.get("quoted") and note_of(e)
        ]
        if quoted:
            doc.paragraph(_("Notes from the worksheet:"), style="lead")
            doc.bullets(quoted)
    return True


# -- 2.3 SWOT and TOWS --------------------------------------------------------------------


def dimension_groups(ix, rows):
    """[(dimension key or None, heading, rows)]: the workshop's dimensions in order, then
    unknown keys, then rows without a dimension (the analysis as a whole)."""
    order = [d["key"] for d in ix.data["dimensions"]]
    keys = {r.get("dimension") for r in rows}
    out = []
    for key in [*order, *sorted(k for k in keys if k and k not in order)]:
        mine = [r for r in rows if r.get("dimension") == key]
        if mine:
            out.append((key, ix.dimension_name(key), mine))
    general = [r for r in rows if not r.get("dimension")]
    if general:
        out.append((None, _("All dimensions"), general))
    return out


def strategies(ix, kinds=TOWS_TYPES):
    """Facilitators' strategies (TOWS and strategy-session ones) in creation order."""
    rows = [s for s in ix.data.get("strategies", []) if kinds is None or s.get("type") in kinds]
    return sorted(rows, key=lambda s: s["id"])


def swot(doc, ix):
    """Per dimension (or overall) the four quadrants, then the TOWS strategies drawn from them."""
    entries = [e for e in ix.entries_of("swot") if e.get("quadrant") in QUADRANTS]
    tows = strategies(ix)
    if not entries and not tows:
        return False
    swot_groups = dict((k, rows) for k, _name, rows in dimension_groups(ix, entries))
    tows_groups = dict((k, rows) for k, _name, rows in dimension_groups(ix, tows))
    names = {k: name for k, name, _rows in dimension_groups(ix, entries + tows)}
    for key, name in names.items():
        doc.heading(3, name, dimension=key)
        mine = sorted(
            swot_groups.get(key, []), key=lambda e: (QUADRANTS.index(e["quadrant"]), e["id"])
        )
        if mine:
            with_element = any(e.get("element") for e in mine)
            rows = []
            for e in mine:
                row = [quadrant_label(e["quadrant"]), e["text"]]
                if with_element:
                    row.append(ix.element_name(e.get("dimension"), e.get("element")))
                rows.append([*row, ix.opd_code(e.get("opd_id"))])
            doc.table(
                [_("Quadrant"), _("Entry"), *([_("Element")] if with_element else []), _("OPD")],
                rows,
                widths=[1.8, 6.5, *([2] if with_element else []), 1.3],
            )
        rows = tows_groups.get(key, [])
        if rows:
            doc.paragraph(_("TOWS strategies"), style="lead")
            doc.table(
                [_("Type"), _("Strategy"), _("Drawn from")],
                [[s["type"], s["text"], sources(ix, s)] for s in rows],
                widths=[0.9, 6, 4.7],
            )
            used = [t for t in TOWS_TYPES if any(s["type"] == t for s in rows)]
            doc.paragraph("; ".join(tows_label(t) for t in used) + ".", style="caption")
    return True


def sources(ix, strategy):
    """'S: … · O: …' — the SWOT entries a strategy was composed from."""
    parts = []
    for entry_id in strategy.get("from_entries") or []:
        entry = ix.entries.get(entry_id)
        if entry:
            parts.append(f"{entry.get('quadrant') or ''}: {entry.get('text') or ''}")
    return " · ".join(parts)


# -- 3 vision and missions ----------------------------------------------------------------


def keywords(ix):
    """[(keyword, count)] of the vision sessions, most frequent first; a merged entry counts
    for the one it was merged into, spelling differences of case and spacing are one word."""
    shown = ix.entries_of("vision")
    shown_ids = {e["id"] for e in shown}
    counts = {}
    for e in ix.data.get("entries", []):
        if ix.roles.get(e["session_id"]) != "vision" or (e.get("purpose") or "vision") != "vision":
            continue
        target, seen = e, set()
        while target.get("merged_into") and target["id"] not in seen:
            seen.add(target["id"])
            target = ix.entries.get(target["merged_into"], {"id": None})
        if target.get("id") not in shown_ids:
            continue  # hidden (or merged into a hidden one)
        word = normalised(target.get("text"))
        if word:
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def vision_and_missions(doc, ix):
    """The adopted vision and missions; False when none is recorded."""
    recorded = ix.data.get("vision") or {}
    text = (recorded.get("vision") or "").strip()
    missions = [m for m in recorded.get("missions") or [] if (m or "").strip()]
    if not text and not missions:
        return False
    doc.heading(2, "3.1 " + _("Vision"))
    doc.paragraph(text or "…", style="lead")
    doc.heading(2, "3.2 " + _("Missions"))
    if missions:
        doc.table(
            [_("No."), _("Mission")],
            [[str(n), m] for n, m in enumerate(missions, start=1)],
            numeric={0},
            widths=[0.6, 11],
        )
    return True


def keyword_table(doc, ix, number_="3.3", level=2):
    """The most frequent vision keywords with their counts; False when there are none."""
    words = keywords(ix)
    if not words:
        return False
    doc.heading(level, f"{number_} {_('Vision keywords')}" if number_ else _("Vision keywords"))
    doc.paragraph(
        _(
            "The keywords participants proposed for the vision (%(n)d different, "
            "%(total)d entries), most frequent first:",
            n=len(words),
            total=sum(c for _w, c in words),
        )
    )
    top = words[:TOP_KEYWORDS]
    doc.table(
        [_("No."), _("Keyword"), _("Count")],
        [[str(n), w, number(c)] for n, (w, c) in enumerate(top, start=1)],
        numeric={0, 2},
        widths=[0.6, 6, 1.2],
    )
    if len(words) > len(top):
        doc.paragraph(
            _("%(n)d further keywords are in the raw data export.", n=len(words) - len(top)),
            style="small",
        )
    return True


# -- 4 strategy statements ----------------------------------------------------------------


def statements(ix):
    """Strategy statements: {dimension, element, text, type}. From TOWS strategies (any
    session), strategy-session strategies, and entries and proposals of strategy sessions."""
    out = [
        {
            "dimension": s.get("dimension"),
            "element": s.get("element"),
            "text": s["text"],
            "type": s.get("type"),
        }
        for s in strategies(ix, kinds=None)
    ]
    out += [
        {
            "dimension": e.get("dimension"),
            "element": e.get("element"),
            "text": e.get("text") or "",
            "type": None,
        }
        for e in ix.entries_of("strategy")
        if (e.get("text") or "").strip()
    ]
    out += [
        {
            "dimension": i["dimension"],
            "element": i["element"],
            "text": i["title"] + (f": {i['description']}" if i["description"] else ""),
            "type": None,
        }
        for i in ix.ideas_of("strategy")
    ]
    return out


def statement_text(statement):
    return f"{statement['type']}: {statement['text']}" if statement["type"] else statement["text"]


# -- one session (its summary) ------------------------------------------------------------


def session_material(doc, ix, session):
    """What one worksheet session collected, as the masterplan shows it; False when nothing."""
    sid = session["id"]
    data = {
        **ix.data,
        "ideas": [i for i in ix.data["ideas"] if i["session_id"] == sid],
        "entries": [e for e in ix.data.get("entries", []) if e["session_id"] == sid],
        "strategies": [s for s in ix.data.get("strategies", []) if s["session_id"] == sid],
        "vision": None,
    }
    own = Index(data)
    purpose = own.roles[sid]
    if purpose == "readiness":
        return readiness(doc, own)
    if purpose == "swot":
        return swot(doc, own)
    if purpose == "vision":
        return keyword_table(doc, own, number_=None, level=3)
    if purpose == "strategy":
        said = statements(own)
        if said:
            doc.bullets(
                (f"{own.dimension_name(s['dimension'])}: " if s["dimension"] else "")
                + statement_text(s)
                for s in said
            )
        return bool(said)
    return False
