"""Chapters 5–8 of the Draf Masterplan: program tables, quick wins, roadmap, follow-up."""

from flask_babel import gettext as _

from .context import HORIZONS, horizon_label, long_date, number, rupiah


def placeholder(doc, what):
    doc.placeholder(_("Not filled in during the workshop — complete: %(what)s", what=what))


# -- 5 -----------------------------------------------------------------------------------

PROGRAM_WIDTHS = [0.6, 2.3, 2.6, 1.4, 2, 1.6, 1.4, 1.3, 1.7, 1.2, 1.2, 1.3, 1.5]


def program_columns():
    return [
        _("No."),
        _("Program"),
        _("Description"),
        _("Element"),
        _("Problem addressed"),
        _("Responsible OPD"),
        _("Proposing OPD"),
        _("Horizon"),
        _("Budget (Rp)"),
        _("Funding source"),
        _("Priority score"),
        _("Rank"),
        _("Poll"),
    ]


def program_rows(ix, dimension):
    """(rows of the program table, the poll used) for one dimension."""
    ideas = ix.ideas_of("programs", dimension)
    poll = ix.choose_poll([i["id"] for i in ideas])
    rows = []
    for n, (idea, item, rank) in enumerate(ix.ranked(ideas, poll), start=1):
        rows.append(
            [
                str(n),
                idea["title"],
                idea["description"],
                ix.element_name(idea["dimension"], idea["element"]) if idea["element"] else "",
                idea["problem"],
                ix.opd_code(idea["responsible_opd_id"]),
                ix.proposer(idea),
                horizon_label(idea["horizon"]),
                rupiah(idea["budget_idr"]),
                idea["funding_source"],
                number(item["score"]) if item else "",
                str(rank or ""),
                poll["title"] if item else "",
            ]
        )
    return rows, poll


def programs(doc, ix):
    doc.heading(1, "5. " + _("Program Plan and Action Plan"))
    if not ix.ideas_of("programs"):
        placeholder(doc, _("the program table per dimension"))
        return
    doc.paragraph(
        _(
            "Per dimension, the proposed programs in order of priority. The priority comes from "
            "the poll named under each table: the latest closed poll that lists the dimension's "
            "programs (an open poll only when none has closed; its result is provisional)."
        )
    )
    for dim in ix.data["dimensions"]:
        doc.heading(2, ix.dimension_name(dim["key"]), dimension=dim["key"])
        rows, poll = program_rows(ix, dim["key"])
        if not rows:
            placeholder(doc, _("the programs of this dimension"))
            continue
        doc.table(
            program_columns(),
            rows,
            numeric={0, 8, 10, 11},
            widths=PROGRAM_WIDTHS,
            wide=True,
        )
        if poll:
            doc.paragraph(_("Priority: %(poll)s", poll=ix.poll_caption(poll)), style="caption")
        else:
            doc.paragraph(_("No poll has ranked these programs yet."), style="caption")


# -- 6 -----------------------------------------------------------------------------------


def quick_win_polls(ix):
    return [p for p in ix.polls if p["method"] == "scores" and p["tally"]]


def chosen_quick_wins(ix):
    """Decisions on criteria polls, or labelled quick win on any poll: (poll, decision)."""
    out = []
    for poll in ix.polls:
        for d in poll["decisions"]:
            if poll["method"] == "scores" or "quick" in (d["label"] or "").lower():
                out.append((poll, d))
    return out


def criteria_text(poll, item):
    labels = {c["key"]: c["label"] for c in poll["criteria"]}
    scores = (item or {}).get("criteria") or {}
    return "; ".join(f"{labels.get(k, k)} {number(v)}" for k, v in scores.items())


def quick_wins(doc, ix):
    doc.heading(1, "6. " + _("Quick Wins"))
    polls, chosen = quick_win_polls(ix), chosen_quick_wins(ix)
    if not polls and not chosen:
        placeholder(doc, _("the chosen quick wins and the criteria scores that chose them"))
        return
    doc.heading(2, _("Chosen quick wins"))
    if chosen:
        rows = []
        for n, (poll, d) in enumerate(chosen, start=1):
            idea = ix.ideas.get(d["idea_id"], {})
            item = next((i for i in poll["tally"]["items"] if i["idea_id"] == d["idea_id"]), None)
            rows.append(
                [
                    str(n),
                    idea.get("title", ""),
                    ix.dimension_name(idea.get("dimension")),
                    ix.opd_code(idea.get("responsible_opd_id")) or ix.proposer(idea)
                    if idea
                    else "",
                    criteria_text(poll, item),
                    number(item["score"]) if item else "",
                    str(item["rank"]) if item else "",
                    d["reason"],
                ]
            )
        doc.table(
            [
                _("No."),
                _("Program"),
                _("Dimension"),
                _("OPD"),
                _("Criteria scores"),
                _("Score"),
                _("Rank"),
                _("Reason"),
            ],
            rows,
            numeric={0, 5, 6},
            widths=[0.5, 3, 1.8, 1.2, 3.5, 0.9, 0.8, 3],
        )
    else:
        placeholder(doc, _("the final choice of quick wins (record it as a decision on the poll)"))
    for poll in polls:
        doc.heading(2, _("Criteria scores: %(title)s", title=poll["title"]))
        criteria = poll["criteria"]
        rows = []
        for n, item in enumerate(poll["tally"]["items"], start=1):
            idea = ix.ideas.get(item["idea_id"], {})
            scores = item.get("criteria") or {}
            rows.append(
                [str(n), item["title"], ix.dimension_name(idea.get("dimension"))]
                + [number(scores.get(c["key"])) for c in criteria]
                + [number(item["score"]), str(item["rank"])]
            )
        columns = (
            [_("No."), _("Proposal"), _("Dimension")]
            + [f"{c['label']} (×{number(c['weight'])})" for c in criteria]
            + [_("Score"), _("Rank")]
        )
        doc.table(
            columns,
            rows,
            numeric=set(range(3, len(columns))) | {0},
            widths=[0.5, 3, 1.6] + [1.1] * len(criteria) + [0.9, 0.8],
            wide=len(criteria) > 4,
        )
        doc.paragraph(ix.poll_caption(poll), style="caption")


# -- 7 -----------------------------------------------------------------------------------


def roadmap(doc, ix):
    doc.heading(1, "7. " + _("Roadmap"))
    programs_ = ix.ideas_of("programs")
    if not programs_:
        placeholder(doc, _("the roadmap (programs by horizon)"))
        return
    ranks = {}
    for dim in {i["dimension"] for i in programs_}:
        ideas = [i for i in programs_ if i["dimension"] == dim]
        for idea, _item, rank in ix.ranked(ideas, ix.choose_poll([i["id"] for i in ideas])):
            ranks[idea["id"]] = rank
    for horizon in [*HORIZONS, None]:
        ideas = [i for i in programs_ if i["horizon"] == horizon]
        if not ideas:
            continue
        doc.heading(2, horizon_label(horizon) if horizon else _("Horizon not given"))
        order = {d["key"]: d["position"] for d in ix.data["dimensions"]}
        ideas.sort(key=lambda i: (order.get(i["dimension"], 99), ranks.get(i["id"]) or 10**6))
        doc.table(
            [
                _("Program"),
                _("Dimension"),
                _("Responsible OPD"),
                _("Budget (Rp)"),
                _("Funding source"),
                _("Rank in dimension"),
            ],
            [
                [
                    i["title"],
                    ix.dimension_name(i["dimension"]),
                    ix.opd_code(i["responsible_opd_id"]),
                    rupiah(i["budget_idr"]),
                    i["funding_source"],
                    str(ranks.get(i["id"]) or ""),
                ]
                for i in ideas
            ],
            numeric={3, 5},
            widths=[4, 2, 1.6, 1.6, 1.4, 1],
        )


# -- 8 -----------------------------------------------------------------------------------


def follow_up(doc, ix):
    doc.heading(1, "8. " + _("Follow-up"))
    doc.heading(2, "8.1 " + _("Action items"))
    actions = [n for n in ix.data["notes"] if n["kind"] == "action"]
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
    doc.heading(2, "8.2 " + _("Decisions"))
    rows = [
        [note["body"], ix.sessions[note["session_id"]]["title"]]
        for note in ix.data["notes"]
        if note["kind"] == "decision"
    ]
    for poll in ix.polls:
        for d in poll["decisions"]:
            idea = ix.ideas.get(d["idea_id"], {})
            label = f"{d['label']}: " if d["label"] else ""
            rows.append(
                [
                    f"{label}{idea.get('title', '')} — {d['reason']}",
                    _("Poll «%(t)s»", t=poll["title"]),
                ]
            )
    if rows:
        doc.table(
            [_("No."), _("Decision"), _("Where")],
            [[str(n), *row] for n, row in enumerate(rows, start=1)],
            numeric={0},
            widths=[0.5, 7, 3],
        )
    else:
        placeholder(doc, _("the decisions taken"))
