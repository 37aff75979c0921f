"""Lampiran of the masterplan (and parts of session summaries): attendance, notulensi,
every poll with its parameters, turnout, full results and ballots, the audit summary.
"""

from flask_babel import gettext as _

from ..polls.methods import get as method_of
from .audit_words import phrase
from .context import long_date, method_label, moment, number, status_label

# A poll with more ballots than this lists them in the annex as one compact paragraph (a
# recount reads them just as well; a table row per ballot made the 20-poll annex 1,400 rows).
COMPACT_FROM = 20


def add_annexes(doc, ix):
    doc.page_break()
    doc.heading(1, _("Annexes"))
    attendance(doc, ix)
    minutes(doc, ix)
    doc.heading(2, "C. " + _("Polls"))
    shown = ix.polls
    if not shown:
        doc.placeholder(_("No poll was held."))
    for poll in shown:
        short = len(poll["ballots"]) <= COMPACT_FROM
        poll_section(doc, ix, poll, level=3, ballots=short)
        if not short:
            compact_ballots(doc, ix, poll)
    drafts = [p for p in ix.data["polls"] if p["status"] == "draft"]
    if drafts:
        doc.paragraph(
            _(
                "Drafts never opened (no votes): %(titles)s",
                titles=", ".join(f"«{p['title']}»" for p in drafts),
            ),
            style="small",
        )
    audit_summary(doc, ix)


def attendance(doc, ix):
    doc.heading(2, "A. " + _("Attendance list per day and OPD"))
    rows = ix.data["attendance"]
    if not rows:
        doc.placeholder(
            _(
                "Not filled in during the workshop — complete: %(what)s",
                what=_("the attendance list"),
            )
        )
        return
    dates = {d["date"]: d["number"] for d in ix.data["days"]}
    by_date = present_by_date(ix)
    for on_date in sorted(by_date):
        number_ = dates.get(on_date)
        title = long_date(on_date)
        if number_:
            title = _("Day %(n)d", n=number_) + f" — {title}"
        doc.heading(3, title)
        attendance_table(doc, ix, by_date[on_date])


def present_by_date(ix):
    """{date: {opd id: [names]}} of the participants seen each day (merged ones left out)."""
    by_date = {}
    for row in ix.data["attendance"]:
        person = ix.participants.get(row["participant_id"])
        if person is None or person["merged_into"] is not None:
            continue
        by_opd = by_date.setdefault(row["on_date"], {})
        by_opd.setdefault(person["opd_id"], []).append(person["name"])
    return by_date


def attendance_table(doc, ix, by_opd, names=True):
    """One day's attendance: per OPD the number present (and their names), then the total."""
    groups = sorted(by_opd.items(), key=lambda kv: ix.opd_code(kv[0]).casefold())
    rows = [
        [f"{ix.opd_code(opd)} — {ix.opd_name(opd)}", str(len(people))]
        + ([", ".join(sorted(people, key=str.casefold))] if names else [])
        for opd, people in groups
    ]
    rows.append([_("Total"), str(sum(len(p) for _o, p in groups))] + ([""] if names else []))
    doc.table(
        [_("OPD"), _("Present")] + ([_("Names")] if names else []),
        rows,
        numeric={1},
        widths=[3, 1, 7] if names else [3, 1],
    )


def note_prefix(ix, note):
    if note["kind"] == "decision":
        return _("Decision")
    if note["kind"] == "action":
        extra = ", ".join(x for x in (ix.opd_code(note["opd_id"]), long_date(note["due_on"])) if x)
        return _("Action item") + (f" ({extra})" if extra else "")
    return ""


def session_notes(doc, ix, session_id):
    """The notes of one session, each as its (Markdown) text with its kind."""
    notes = [n for n in ix.data["notes"] if n["session_id"] == session_id]
    for note in notes:
        prefix = note_prefix(ix, note)
        if prefix:
            doc.paragraph(prefix, style="lead")
        doc.markdown(note["body"])
    return bool(notes)


def minutes(doc, ix):
    doc.heading(2, "B. " + _("Minutes per session"))
    with_notes = [
        s for s in ix.data["sessions"] if any(n["session_id"] == s["id"] for n in ix.data["notes"])
    ]
    if not with_notes:
        doc.placeholder(
            _(
                "Not filled in during the workshop — complete: %(what)s",
                what=_("the minutes of each session"),
            )
        )
        return
    for session in with_notes:
        doc.heading(3, ix.session_label(session))
        session_notes(doc, ix, session["id"])


def numbering(poll):
    """{idea id: 'U1'…}: the poll's proposals numbered as its results table numbers them."""
    ids = list(poll["idea_ids"])
    for item in (poll["tally"] or {}).get("items", []):
        if item["idea_id"] not in ids:
            ids.append(item["idea_id"])
    return {idea: f"U{n}" for n, idea in enumerate(ids, start=1)}


def ballot_text(poll, body, labels):
    """One ballot in words a person can recount from: 'U1: 3, U4: 2' / 'U3 > U1'."""

    def name(idea):
        return labels.get(int(idea), f"#{idea}")

    return method_of(poll["method"]).ballot_text(poll, body, name)


def criteria_order(poll):
    """Caption for score ballots: which number is which criterion."""
    labels = [c["label"] for c in poll["criteria"]] or [_("Impact"), _("Effort")]
    return _("Scores in the order: %(criteria)s", criteria=", ".join(labels))


def parameters_text(poll):
    parts = []
    if poll["budget"] is not None:
        parts.append(_("budget %(n)s", n=number(poll["budget"])))
    if poll["max_per_item"] is not None:
        parts.append(_("at most %(n)s per proposal", n=number(poll["max_per_item"])))
    if poll["criteria"]:
        parts.append(
            _("criteria")
            + ": "
            + ", ".join(f"{c['label']} (×{number(c['weight'])})" for c in poll["criteria"])
        )
    return "; ".join(parts) or "—"


def poll_section(doc, ix, poll, level, ballots=True):
    """Method, parameters, turnout, full results (unvoted items too), decisions and (unless
    `ballots` is False: a notulen puts a long poll's ballots in its annex) the ballots."""
    tally = poll["tally"]
    doc.heading(level, poll["title"])
    session = ix.sessions.get(poll["session_id"])
    doc.facts(
        [
            (_("Session"), ix.session_label(session) if session else ""),
            (_("Method"), method_label(poll["method"])),
            (_("Parameters"), parameters_text(poll)),
            (
                _("One ballot per"),
                _("OPD") if poll["ballot_scope"] == "opd" else _("participant"),
            ),
            (_("Anonymous"), _("yes") if poll["anonymous"] else _("no")),
            (_("Status"), status_label(poll["status"])),
            (_("Opened"), moment(poll["opened_at"])),
            (_("Closed"), moment(poll["closed_at"])),
            (
                _("Turnout"),
                _(
                    "%(voters)d of %(eligible)d voted",
                    voters=tally["voters"],
                    eligible=tally["eligible"],
                ),
            ),
        ]
    )
    labels = numbering(poll)
    matrix, scores = poll["method"] == "matrix", poll["method"] == "scores"
    columns = [_("No."), _("Proposal"), _("Dimension")]
    if matrix:
        columns += [_("Impact"), _("Effort")]
    if scores:
        columns += [c["label"] for c in poll["criteria"]]
    columns += [_("Score"), _("Supporters"), _("Rank")]
    rows = []
    for item in tally["items"]:
        idea = ix.ideas.get(item["idea_id"], {})
        row = [
            labels.get(item["idea_id"], ""),
            item["title"],
            ix.dimension_name(idea.get("dimension")),
        ]
        if matrix:
            row += [number(item.get("impact")), number(item.get("effort"))]
        if scores:
            row += [number((item.get("criteria") or {}).get(c["key"])) for c in poll["criteria"]]
        row += [
            number(item["score"]),
            str(item["supporters"]),
            f"{item['rank']}{'=' if item.get('tied') else ''}",
        ]
        rows.append(row)
    extra = len(columns) - 6
    doc.table(
        columns,
        rows,
        numeric=set(range(3, len(columns))),
        widths=[0.6, 4, 1.8] + [1] * extra + [0.9, 1, 0.8],
        wide=extra > 4,
        caption=_("Results (every proposal of the poll, also those without votes)"),
    )
    if poll["decisions"]:
        doc.bullets(
            f"{d['label'] + ': ' if d['label'] else ''}"
            f"{ix.ideas.get(d['idea_id'], {}).get('title', '')} — {d['reason']}"
            for d in poll["decisions"]
        )
    if ballots:
        ballot_tables(doc, ix, poll, labels)


def ballot_tables(doc, ix, poll, labels=None):
    """Every ballot of the poll, in words a person can recount from."""
    labels = labels or numbering(poll)
    ballots = poll["ballots"]
    if not ballots:
        doc.paragraph(_("No ballots."), style="small")
        return
    if poll["method"] in ("scores", "matrix"):
        doc.paragraph(criteria_order(poll), style="small")
    if poll["anonymous"]:
        doc.paragraph(
            _("Anonymous poll: the ballots are shuffled and carry no voter."), style="small"
        )
        doc.table(
            [_("Ballot"), _("Votes")],
            [[str(n), ballot_text(poll, b["body"], labels)] for n, b in enumerate(ballots, 1)],
            numeric={0},
            widths=[0.8, 10],
            caption=_("Ballots (for a recount)"),
        )
        return
    doc.table(
        [_("Ballot"), _("Voter"), _("OPD"), _("Votes")],
        [
            [
                str(n),
                ix.participants.get(b["participant_id"], {}).get("name", ""),
                ix.opd_code(b["opd_id"]),
                ballot_text(poll, b["body"], labels),
            ]
            for n, b in enumerate(ballots, 1)
        ],
        numeric={0},
        widths=[0.8, 2.5, 1.3, 7],
        caption=_("Ballots (for a recount)"),
    )


def compact_ballots(doc, ix, poll):
    """Every ballot of a long poll in one paragraph: '1) U1: 3, U4: 2 · 2) …' (named polls
    give the voter and OPD: '1) Rina (Bappeda): …')."""
    labels = numbering(poll)
    if poll["method"] in ("scores", "matrix"):
        doc.paragraph(criteria_order(poll), style="small")
    if poll["anonymous"]:
        doc.paragraph(
            _("Anonymous poll: the ballots are shuffled and carry no voter."), style="small"
        )
    entries = []
    for n, ballot in enumerate(poll["ballots"], 1):
        who = ""
        if not poll["anonymous"]:
            name = ix.participants.get(ballot["participant_id"], {}).get("name", "")
            code = ix.opd_code(ballot["opd_id"])
            who = f"{name} ({code}): " if code else f"{name}: "
        entries.append(f"{n}) {who}{ballot_text(poll, ballot['body'], labels)}")
    doc.paragraph(_("Ballots (for a recount)") + ": " + " · ".join(entries))


def audit_summary(doc, ix):
    doc.heading(2, "D. " + _("Audit trail summary"))
    actions = {}
    for row in ix.data["audit"]:
        entry = actions.setdefault(row["action"], [0, row["at"], row["at"]])
        entry[0] += 1
        entry[2] = row["at"]
    doc.table(
        [_("Action"), _("Count"), _("First"), _("Last")],
        [
            [phrase(action), number(n), moment(first), moment(last)]
            for action, (n, first, last) in sorted(actions.items(), key=lambda kv: kv[1][1])
        ],
        numeric={1},
        widths=[4, 1, 3, 3],
        caption=_("In the order each kind of event first happened."),
    )
