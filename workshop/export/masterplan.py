"""The Draf Masterplan as a Document, following shared/domain/masterplan-outline.md: the
cover and chapter 1 (intro.py), 2–4 here (worksheets.py), 5–6 (plan.py), 7 (roadmap.py),
8 (financing.py), 9–10 (governance.py), 11–12 and the commitment sheet (closing.py), and
the annexes (annexes.py).

Build inside flask_babel.force_locale(lang). What the workshop did not produce appears as a
clearly marked placeholder, so the city sees what is still to be written.
"""

from flask_babel import gettext as _

from . import annexes, closing, governance, intro, worksheets
from .context import Index, lang
from .financing import financing
from .plan import placeholder, programs, quick_wins
from .priority import poll_of
from .priority import ranked as priority_ranked
from .roadmap import roadmap


def build_masterplan(data):
    """The whole draft: cover, table of contents, chapters 1–12 and the annexes."""
    ix = Index(data)
    doc = intro.cover(data, ix, lang())
    intro.introduction(doc, ix)
    strategic_analysis(doc, ix)
    vision(doc, ix)
    strategy(doc, ix)
    programs(doc, ix)
    quick_wins(doc, ix)
    roadmap(doc, ix)
    financing(doc, ix)
    governance.institutions(doc, ix)
    governance.monitoring(doc, ix)
    closing.follow_up(doc, ix)
    closing.closing(doc, ix)
    annexes.add_annexes(doc, ix)
    closing.commitment_sheet(doc, ix)
    return doc


# -- 2 -----------------------------------------------------------------------------------


def idea_table(doc, ix, ideas, with_dimension=False, with_group=False, caption_poll=True):
    """A numbered table of proposals with their votes (from the poll that ranks them)."""
    poll = ix.choose_poll([i["id"] for i in ideas])
    ranked = priority_ranked(ix, ideas, poll)  # ties "1=", nobody's choice "–"
    columns = [_("No."), _("Title"), _("Description")]
    if with_dimension:
        columns.append(_("Dimension"))
    if with_group:
        columns.append(_("Group"))
    columns += [_("OPD"), _("Score"), _("Rank")]
    rows = []
    for n, (idea, score, rank, _rank) in enumerate(ranked, start=1):
        row = [str(n), idea["title"], idea["description"]]
        if with_dimension:
            row.append(ix.dimension_name(idea["dimension"]))
        if with_group:
            row.append(idea["group_name"] or "")
        row += [ix.proposer(idea), score, rank]
        rows.append(row)
    numeric = {0, len(columns) - 2, len(columns) - 1}
    widths = [0.6, 3, 4] + [1.6] * (with_dimension + with_group) + [1.2, 0.9, 0.9]
    doc.table(columns, rows, numeric=numeric, widths=widths)
    if poll and caption_poll:
        doc.paragraph(_("Votes: %(poll)s", poll=ix.poll_caption(poll)), style="caption")


def per_dimension(doc, ix, role, what, **table_args):
    """One sub-section per dimension with that dimension's proposals from `role` sessions."""
    any_ideas = False
    for dim in ix.data["dimensions"]:
        ideas = ix.ideas_of(role, dim["key"])
        if ideas:
            any_ideas = True
            doc.heading(3, ix.dimension_name(dim["key"]), dimension=dim["key"])
            idea_table(doc, ix, ideas, **table_args)
    other = [i for i in ix.ideas_of(role) if i["dimension"] not in ix.dimensions]
    if other:
        any_ideas = True
        doc.heading(3, _("Other dimensions"))
        idea_table(doc, ix, other, with_dimension=True, **table_args)
    if not any_ideas:
        placeholder(doc, what)


def strategic_analysis(doc, ix):
    doc.heading(1, "2. " + _("Strategic Analysis"))
    doc.heading(2, "2.1 " + _("Readiness analysis (structure, infrastructure, superstructure)"))
    rated = worksheets.readiness(doc, ix)
    readiness = ix.ideas_of("readiness")
    if readiness:
        idea_table(doc, ix, readiness, with_dimension=True)
    if not rated and not readiness:
        placeholder(
            doc,
            _(
                "the readiness analysis: per item of structure, infrastructure and "
                "superstructure the ratings good / moderate / poor and the notes that explain "
                "them (from a readiness worksheet session)"
            ),
        )
    doc.heading(2, "2.2 " + _("Strategic issues per dimension"))
    per_dimension(doc, ix, "issues", _("the strategic issues per dimension"))
    doc.heading(2, "2.3 " + _("SWOT and TOWS analysis"))
    analysed = worksheets.swot(doc, ix)
    if ix.ideas_of("swot"):
        per_dimension(doc, ix, "swot", "", with_group=True)
    elif not analysed:
        placeholder(
            doc,
            _(
                "the SWOT analysis: strengths, weaknesses, opportunities and threats per "
                "dimension, and the SO / ST / WO / WT strategies drawn from them (from a SWOT "
                "worksheet session)"
            ),
        )
    # Proposals of institutions sessions are in chapter 9.
    other = [i for i in ix.ideas_of("other") if ix.roles.get(i["session_id"]) != "institutions"]
    if other:
        doc.heading(2, "2.4 " + _("Other inputs"))
        idea_table(doc, ix, other, with_dimension=True)


# -- 3 -----------------------------------------------------------------------------------


def vision(doc, ix):
    doc.heading(1, "3. " + _("Smart City Vision and Mission"))
    adopted = worksheets.vision_and_missions(doc, ix)
    if not adopted:
        placeholder(
            doc,
            _(
                "the adopted vision and missions (the facilitator records them in the console "
                "under Vision and missions)"
            ),
        )
    counted = worksheets.keyword_table(doc, ix, "3.3" if adopted else "3.1")
    keywords = ix.ideas_of("vision")
    polls = ix.polls_with([i["id"] for i in keywords])
    if keywords:
        doc.heading(2, _("Vision keywords and their votes"))
        idea_table(doc, ix, keywords, with_dimension=True)
    sessions = {s["id"] for s in ix.sessions_of("vision")} | {p["session_id"] for p in polls}
    decisions = decisions_of(ix, sessions, polls)
    if decisions:
        doc.heading(2, _("Decisions"))
        doc.bullets(decisions)
    if not counted and not keywords and not decisions:
        placeholder(doc, _("the vision keywords (from a vision keywords worksheet session)"))


def decisions_of(ix, session_ids, polls):
    """Decision notes of these sessions and decisions recorded on these polls, as text."""
    out = [
        n["body"]
        for n in ix.data["notes"]
        if n["kind"] == "decision" and n["session_id"] in session_ids and n["body"].strip()
    ]
    for poll in polls:
        for d in poll["decisions"]:
            idea = ix.ideas.get(d["idea_id"], {})
            label = f"{d['label']}: " if d["label"] else ""
            out.append(f"{label}{idea.get('title', '')} — {d['reason']}")
    return out


# -- 4 -----------------------------------------------------------------------------------


def strategy(doc, ix):
    doc.heading(1, "4. " + _("Strategy per Dimension"))
    said = worksheets.statements(ix)
    programs_ = ix.ideas_of("programs")
    if not said and not programs_:
        placeholder(
            doc,
            _(
                "the strategy statements per dimension and element (from the TOWS strategies "
                "or a strategy session) and the programs they lead to"
            ),
        )
        return
    doc.paragraph(
        _(
            "Per dimension and element: the strategy statements, then the programs they lead "
            "to in order of priority (rank in brackets)."
        )
    )
    missing = []
    number_ = 0
    known = {d["key"] for d in ix.data["dimensions"]}
    for dim in ix.data["dimensions"]:
        mine = [s for s in said if s["dimension"] == dim["key"]]
        ideas = ix.ideas_of("programs", dim["key"])
        if not mine and not ideas:
            missing.append(ix.dimension_name(dim["key"]))
            continue
        number_ += 1
        doc.heading(2, f"4.{number_} {ix.dimension_name(dim['key'])}", dimension=dim["key"])
        ranked = priority_ranked(ix, ideas, poll_of(ix, dim["key"])) if ideas else []
        elements = [e["key"] for e in dim["elements"]]
        by_element = any(s["element"] in elements for s in mine) or any(
            idea["element"] in elements for idea, _score, _text, _rank in ranked
        )
        for key in [*elements, None]:
            here = [
                s
                for s in mine
                if s["element"] == key or (key is None and s["element"] not in elements)
            ]
            rows = [
                (idea, text if rank else None)
                for idea, _score, text, rank in ranked
                if (idea["element"] == key) or (key is None and idea["element"] not in elements)
            ]
            if not here and not rows:
                continue
            if by_element:  # element headings only when something names an element
                name = ix.element_name(dim["key"], key) if key else _("The dimension as a whole")
                doc.heading(3, name)
            if here:
                doc.paragraph(_("Strategies"), style="lead")
                doc.bullets(worksheets.statement_text(s) for s in here)
            if rows:
                doc.paragraph(_("Programs"), style="lead")
                doc.bullets(
                    " ".join(p for p in (idea.get("code"), idea["title"]) if p)
                    + (f" ({rank})" if rank else "")
                    for idea, rank in rows
                )
    rest = [s for s in said if s["dimension"] not in known]
    if rest:
        doc.heading(2, f"4.{number_ + 1} " + _("Across dimensions"))
        doc.bullets(worksheets.statement_text(s) for s in rest)
    if missing:
        doc.paragraph(
            _("No strategy or program yet for: %(names)s.", names=", ".join(missing)),
            style="small",
        )
