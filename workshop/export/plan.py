"""Chapters 5 (programmes per dimension, programme × OPD matrix) and 6 (quick wins) of the
Draf Masterplan. Ranks come from export/priority.py, years and budgets from programme.py.
"""

from flask_babel import gettext as _

from .. import reference
from .context import lang, number, rupiah
from .priority import dimension_keys, dimension_title, poll_sentence, programmes, ranked
from .priority import poll_of as priority_poll
from .programme import (
    code,
    first_year_budget,
    horizon_short,
    indicators_text,
    quick_win,
    quick_win_mark,
    supporting,
    targets_text,
    years_text,
)

# The programme × OPD matrix is a real matrix up to this many OPDs (columns); with more it
# is a list per OPD.
MATRIX_MAX_OPDS = 14
MARK_RESPONSIBLE = "PJ"
MARK_SUPPORTING = "P"


def placeholder(doc, what):
    doc.placeholder(_("Not filled in during the workshop — complete: %(what)s", what=what))


# -- 5 -----------------------------------------------------------------------------------

PROGRAM_WIDTHS = [1.3, 2.4, 2.4, 1.5, 2.0, 1.7, 1.5, 1.5, 2.3, 1.4, 2.2, 1.0, 1.6, 1.4]
# Printed even when empty for every programme of a dimension: programme, responsible OPD,
# score and rank (a column empty everywhere else is left out and named under the table).
PROGRAM_COLUMNS_KEPT = {1, 5, 11, 12}


def program_columns():
    return [
        _("Code"),
        _("Program"),
        _("Description"),
        _("Element"),
        _("Problem addressed"),
        _("Responsible OPD"),
        _("Supporting OPD"),
        _("Horizon (years)"),
        _("Budget (Rp)"),
        _("Funding source"),
        _("Indicators (baseline → target)"),
        _("Score"),
        _("Rank"),
        _("Quick win"),
    ]


def program_rows(ix, dimension):
    """(rows of the programme table, the priority poll) for one dimension."""
    poll = priority_poll(ix, dimension)
    rows = []
    for idea, score, rank, _n in ranked(ix, programmes(ix, dimension), poll):
        horizon = horizon_short(idea["horizon"])
        rows.append(
            [
                code(idea),
                idea["title"],
                idea["description"],
                ix.element_name(idea["dimension"], idea["element"]) if idea["element"] else "",
                idea["problem"],
                ix.opd_code(idea["responsible_opd_id"]),
                supporting(ix, idea),
                "\n".join(t for t in (horizon, years_text(ix, idea)) if t),
                rupiah(idea["budget_idr"]),
                idea["funding_source"],
                indicators_text(idea),
                score,
                rank,
                quick_win_mark(ix, idea),
            ]
        )
    return rows, poll


def programs(doc, ix):
    doc.heading(1, "5. " + _("Program Plan and Action Plan"))
    if not programmes(ix):
        placeholder(
            doc,
            _(
                "the programme table per dimension: code, programme, description, element, "
                "problem, responsible and supporting OPD, years, budget, funding source, "
                "indicators (from a programmes session)"
            ),
        )
        return
    doc.paragraph(
        _(
            "Per dimension, every programme in order of priority. The score and rank come from "
            "the dimension's priority poll named above its table; ties share a rank (“1=”), a "
            "programme nobody voted for shows “–”. ✓ marks a chosen quick win (chapter 6). "
            "Years marked * are estimated from the horizon (quick win and short term: the "
            "first year of the period; medium term: five years; long term: the whole period)."
        )
    )
    n = 0
    for key in dimension_keys(ix):
        rows, _poll = program_rows(ix, key)
        if not rows and key not in ix.dimensions:
            continue
        n += 1
        doc.heading(2, f"5.{n} {dimension_title(ix, key)}", dimension=key)
        if not rows:
            placeholder(doc, _("the programmes of this dimension"))
            continue
        doc.paragraph(poll_sentence(ix, key), style="caption")
        left_out = doc.table_without_empty(
            program_columns(),
            rows,
            keep=PROGRAM_COLUMNS_KEPT,
            numeric={8, 11, 12},
            widths=PROGRAM_WIDTHS,
            wide=True,
        )
        if left_out:
            doc.paragraph(
                _(
                    "Not yet filled in for any programme of this dimension (columns left "
                    "out): %(columns)s.",
                    columns=", ".join(left_out),
                ),
                style="caption",
            )
    opd_matrix(doc, ix, f"5.{n + 1}")


def opd_matrix(doc, ix, number_):
    """Programmes × OPD: who is responsible (PJ) and who supports (P)."""
    doc.heading(2, f"{number_} " + _("Programmes and OPD"))
    ideas = programmes(ix)
    involved = []
    for idea in ideas:
        for opd in [idea["responsible_opd_id"], *(idea.get("supporting_opd_ids") or [])]:
            if opd and opd not in involved and opd in ix.opds:
                involved.append(opd)
    if not involved:
        placeholder(doc, _("the responsible and supporting OPD of each programme"))
        return
    involved.sort(key=lambda o: ix.opd_code(o).casefold())
    if len(involved) <= MATRIX_MAX_OPDS:
        doc.paragraph(
            _(
                "%(pj)s: responsible OPD; %(p)s: supporting OPD.",
                pj=MARK_RESPONSIBLE,
                p=MARK_SUPPORTING,
            ),
            style="caption",
        )
        rows = []
        for idea in ideas:
            helpers = set(idea.get("supporting_opd_ids") or [])
            marks = [
                MARK_RESPONSIBLE
                if idea["responsible_opd_id"] == o
                else (MARK_SUPPORTING if o in helpers else "")
                for o in involved
            ]
            rows.append([code(idea), idea["title"], *marks])
        doc.table(
            [_("Code"), _("Program"), *(ix.opd_code(o) for o in involved)],
            rows,
            widths=[1.1, 4] + [1] * len(involved),
            wide=len(involved) > 6,
        )
    rows = []
    for opd in involved:
        lead = [code(i) or i["title"] for i in ideas if i["responsible_opd_id"] == opd]
        helps = [code(i) or i["title"] for i in ideas if opd in (i.get("supporting_opd_ids") or [])]
        rows.append([ix.opd_code(opd), ix.opd_name(opd), ", ".join(lead), ", ".join(helps)])
    doc.table(
        [_("OPD"), _("Name"), _("Programmes it leads"), _("Programmes it supports")],
        rows,
        widths=[1.4, 3.5, 3.5, 3.5],
        caption=_("Per OPD: the programmes it is responsible for and those it supports."),
    )


# -- 6 -----------------------------------------------------------------------------------


def criteria_label(criterion):
    """A criterion's label in the document's language (the five defaults are known)."""
    for c in reference.quick_win_criteria():
        if criterion["key"] == c["key"] and criterion["label"] in (c["label"], c["label_id"]):
            return c["label_id"] if lang() == "id" else c["label"]
    return criterion["label"]


def scores_of(ix, idea):
    """(criteria poll, its results item) that scored this programme: the closed one first,
    then the latest; (None, None) when no criteria poll listed it."""
    best = None
    for poll in ix.polls:
        if poll["method"] != "scores" or not poll["tally"]:
            continue
        item = next((i for i in poll["tally"]["items"] if i["idea_id"] == idea["id"]), None)
        if item is None:
            continue
        key = (poll["status"] == "closed", poll["closed_at"] or poll["opened_at"] or "", poll["id"])
        if best is None or key > best[0]:
            best = (key, poll, item)
    return (best[1], best[2]) if best else (None, None)


def criteria_text(poll, item):
    if not poll or not item or not item.get("supporters"):
        return ""
    scores = item.get("criteria") or {}
    return "\n".join(
        f"{criteria_label(c)}: {number(scores.get(c['key']))}"
        for c in poll["criteria"]
        if c["key"] in scores
    )


def quick_wins(doc, ix):
    doc.heading(1, "6. " + _("Quick Wins"))
    chosen = [i for i in programmes(ix) if quick_win(ix, i)]
    if not chosen:
        placeholder(
            doc,
            _(
                "the chosen quick wins (typically one per dimension) with the reason and the "
                "criteria scores that chose them (mark them on the programmes page after a "
                "criteria poll)"
            ),
        )
        return
    doc.paragraph(
        _(
            "Quick wins are programmes that can show results within the first year. These "
            "%(n)d were chosen by the facilitator with the reason given, on the criteria "
            "scores (1–5) of the poll named under the table. The first-year budget is the budget "
            "spread evenly over the programme's years.",
            n=len(chosen),
        )
    )
    order = {k: n for n, k in enumerate(dimension_keys(ix))}
    chosen.sort(key=lambda i: (order.get(i["dimension"], 99), code(i), i["id"]))
    rows = []
    polls = []
    for n, idea in enumerate(chosen, start=1):
        poll, item = scores_of(ix, idea)
        if poll and poll not in polls:
            polls.append(poll)
        rows.append(
            [
                str(n),
                code(idea),
                idea["title"],
                dimension_title(ix, idea["dimension"]),
                ix.opd_code(idea["responsible_opd_id"]),
                (quick_win(ix, idea) or {}).get("reason") or "",
                criteria_text(poll, item),
                number(item["score"]) if item and item.get("supporters") else "–",
                targets_text(idea),
                rupiah(first_year_budget(ix, idea)),
            ]
        )
    doc.table(
        [
            _("No."),
            _("Code"),
            _("Program"),
            _("Dimension"),
            _("Responsible OPD"),
            _("Reason"),
            _("Criteria scores"),
            _("Score"),
            _("Target"),
            _("First-year budget (Rp)"),
        ],
        rows,
        numeric={0, 7, 9},
        widths=[0.5, 1.1, 2.6, 1.6, 1.3, 2.6, 3.2, 0.9, 2.2, 1.9],
        wide=True,
    )
    for poll in polls:
        doc.paragraph(
            _(
                "Criteria scores: «%(title)s» — %(turnout)s.",
                title=poll["title"],
                turnout=turnout_of(poll),
            ),
            style="caption",
        )


def turnout_of(poll):
    tally = poll.get("tally") or {}
    return _(
        "%(voters)d of %(eligible)d voted",
        voters=tally.get("voters", 0),
        eligible=tally.get("eligible", 0),
    )
