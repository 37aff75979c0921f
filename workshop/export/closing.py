"""Chapters 11 (follow-up: action items and decisions, each once) and 12 (closing) of the
Draf Masterplan, and the commitment sheet of its annexes (one signature row per OPD head and
the mayor or regent)."""

import re

from flask_babel import gettext as _

from .context import lang, long_date
from .plan import placeholder
from .programme import period

# A signature cell: three empty lines give the row room for a signature.
SIGNATURE_SPACE = "\u00a0\n\u00a0\n\u00a0"


def government(ix):
    """('Kota', 'Bogor') from 'Kota Bogor'; (None, city) when the city names no kind."""
    city = (ix.workshop.get("city") or "").strip()
    match = re.match(r"(?i)(kota|kabupaten|kab\.)\s+(.+)", city)
    if not match:
        return None, city
    kind = "Kota" if match.group(1).lower() == "kota" else "Kabupaten"
    return kind, match.group(2)


def government_name(ix):
    """'Pemerintah Kota Bogor' / 'Bogor City Government'."""
    kind, name = government(ix)
    if lang() == "id":
        return f"Pemerintah {kind or 'Kota/Kabupaten'} {name}"
    english = {"Kota": "City", "Kabupaten": "Regency"}.get(kind, "City/Regency")
    return f"{name} {english} Government"


def head_of_region(ix):
    """'Wali Kota Bogor' / 'Bupati Sleman' / 'Mayor of Bogor'."""
    kind, name = government(ix)
    if lang() == "id":
        title = {"Kota": "Wali Kota", "Kabupaten": "Bupati"}.get(kind, "Wali Kota/Bupati")
        return f"{title} {name}"
    title = {"Kota": "Mayor", "Kabupaten": "Regent"}.get(kind, "Mayor/Regent")
    return f"{title} of {name}"


def _key(text):
    return re.sub(r"\s+", " ", text or "").strip().casefold()


# -- 11 ----------------------------------------------------------------------------------


def follow_up(doc, ix):
    doc.heading(1, "11. " + _("Follow-up"))
    doc.heading(2, "11.1 " + _("Action items"))
    actions, seen = [], set()
    for note in ix.data["notes"]:
        if note["kind"] == "action" and note["body"].strip():
            key = (_key(note["body"]), note["opd_id"], note["due_on"])
            if key not in seen:
                seen.add(key)
                actions.append(note)
    if actions:
        doc.table(
            [_("No."), _("Action item"), _("Owner OPD"), _("Due"), _("Session")],
            [
                [
                    str(n),
                    note["body"],
                    ix.opd_code(note["opd_id"]),
                    long_date(note["due_on"]),
                    ix.sessions[note["session_id"]]["title"],
                ]
                for n, note in enumerate(actions, start=1)
            ],
            numeric={0},
            widths=[0.5, 6, 1.4, 1.8, 3],
        )
    else:
        placeholder(doc, _("the action items with owner OPD and due date"))
    doc.heading(2, "11.2 " + _("Decisions"))
    rows, seen = [], set()
    for note in ix.data["notes"]:
        if note["kind"] == "decision" and _key(note["body"]) and _key(note["body"]) not in seen:
            seen.add(_key(note["body"]))
            rows.append([note["body"], ix.sessions[note["session_id"]]["title"]])
    for poll in ix.polls:
        for d in poll["decisions"]:
            idea = ix.ideas.get(d["idea_id"], {})
            label = f"{d['label']}: " if d["label"] else ""
            text = f"{label}{idea.get('title', '')} — {d['reason']}"
            if _key(text) not in seen:
                seen.add(_key(text))
                rows.append([text, _("Poll «%(t)s»", t=poll["title"])])
    if rows:
        doc.table(
            [_("No."), _("Decision"), _("Where")],
            [[str(n), *row] for n, row in enumerate(rows, start=1)],
            numeric={0},
            widths=[0.5, 7, 3],
        )
    else:
        placeholder(doc, _("the decisions taken"))


# -- 12 ----------------------------------------------------------------------------------


def closing(doc, ix):
    doc.heading(1, "12. " + _("Closing"))
    start, end = period(ix)
    placeholder(
        doc,
        _(
            "the closing: what this masterplan commits %(government)s to for %(start)d–%(end)d, "
            "how it is adopted (Peraturan or Keputusan Wali Kota/Bupati) and reviewed, and "
            "a call on the OPD, the council and the public to carry it out",
            government=government_name(ix),
            start=start,
            end=end,
        ),
    )


# -- Annex: commitment sheet -------------------------------------------------------------


def commitment_sheet(doc, ix):
    doc.page_break()
    doc.heading(2, "E. " + _("Commitment sheet"))
    start, end = period(ix)
    doc.paragraph(
        _(
            "We, the undersigned, commit to carry out the programmes of the Smart City "
            "Masterplan of %(city)s %(start)d–%(end)d for which our offices are "
            "responsible or which they support, and to report their progress.",
            city=ix.workshop["city"],
            start=start,
            end=end,
        )
    )
    sessions = {s["id"] for s in ix.sessions_of("commitment")}
    for note in ix.data["notes"]:
        if note["session_id"] in sessions and note["body"].strip():
            doc.markdown(note["body"])
    rows = [["1", head_of_region(ix), "", "", SIGNATURE_SPACE]]
    opds = sorted(ix.data["opds"], key=lambda o: o["code"].casefold())
    for n, opd in enumerate(opds, start=2):
        rows.append(
            [str(n), _("Head of %(name)s", name=opd["name"]), opd["code"], "", SIGNATURE_SPACE]
        )
    doc.table(
        [_("No."), _("Position"), _("OPD"), _("Name"), _("Signature")],
        rows,
        numeric={0},
        widths=[0.7, 5, 1.5, 3, 2.5],
    )
    _kind, city = government(ix)
    doc.paragraph(f"{city}, ……………………… {ix.workshop['year']}")
