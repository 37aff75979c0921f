"""Chapter 8 of the Draf Masterplan: the financing plan — programme budgets totalled per
dimension, per year, per responsible OPD and per funding source. Every table's total is the
sum of the programmes' budgets (the per-year table spreads each budget evenly over the
programme's years, whole rupiah, so it adds up too)."""

from flask_babel import format_decimal
from flask_babel import gettext as _

from .context import number, rupiah
from .plan import placeholder
from .priority import dimension_keys, dimension_title, programmes
from .programme import budget_per_year, period


def financing(doc, ix):
    doc.heading(1, "8. " + _("Financing Plan"))
    ideas = programmes(ix)
    budgeted = [i for i in ideas if i["budget_idr"]]
    if not budgeted:
        placeholder(
            doc,
            _(
                "the indicative budget and funding source of each programme (from the "
                "programmes session), totalled per dimension, year, OPD and funding source"
            ),
        )
        session_notes(doc, ix)
        return
    total = sum(int(i["budget_idr"]) for i in budgeted)
    start, end = period(ix)
    doc.paragraph(
        _(
            "Indicative budgets of the %(n)d programmes that give one (of %(all)d): "
            "Rp %(total)s in all. Rule for the years: a programme's budget is spread evenly "
            "over its years (whole rupiah, the remainder to the first years); a programme "
            "without years takes them from its horizon, within the planning period "
            "%(start)d–%(end)d. The figures are proposals of the workshop, to be checked "
            "against the RPJMD and the budget ceilings.",
            n=len(budgeted),
            all=len(ideas),
            total=rupiah(total),
            start=start,
            end=end,
        )
    )
    doc.heading(2, "8.1 " + _("Per dimension"))
    by_dim = {}
    for idea in budgeted:
        by_dim.setdefault(idea["dimension"], []).append(idea)
    rows = [
        [
            dimension_title(ix, key),
            number(len(by_dim[key])),
            rupiah(sum(int(i["budget_idr"]) for i in by_dim[key])),
            share(sum(int(i["budget_idr"]) for i in by_dim[key]), total),
        ]
        for key in dimension_keys(ix)
        if key in by_dim
    ]
    total_table(
        doc,
        [_("Dimension"), _("Programmes"), _("Budget (Rp)"), _("Share")],
        rows,
        total,
        count=len(budgeted),
    )
    doc.heading(2, "8.2 " + _("Per year"))
    per_year = {}
    for idea in budgeted:
        for year, amount in budget_per_year(ix, idea).items():
            per_year[year] = per_year.get(year, 0) + amount
    rows = [
        [
            str(year) if year is not None else _("Years not set"),
            rupiah(per_year[year]),
            share(per_year[year], total),
        ]
        for year in sorted(per_year, key=lambda y: (y is None, y or 0))
    ]
    total_table(doc, [_("Year"), _("Budget (Rp)"), _("Share")], rows, total)
    doc.heading(2, "8.3 " + _("Per responsible OPD"))
    grouped(doc, ix, budgeted, total, lambda i: ix.opd_code(i["responsible_opd_id"]), _("OPD"))
    doc.heading(2, "8.4 " + _("Per funding source"))
    grouped(
        doc, ix, budgeted, total, lambda i: (i["funding_source"] or "").strip(), _("Funding source")
    )
    session_notes(doc, ix)


def grouped(doc, ix, ideas, total, key_of, label):
    sums, counts = {}, {}
    for idea in ideas:
        key = key_of(idea) or _("not given")
        sums[key] = sums.get(key, 0) + int(idea["budget_idr"])
        counts[key] = counts.get(key, 0) + 1
    rows = [
        [key, number(counts[key]), rupiah(sums[key]), share(sums[key], total)]
        for key in sorted(sums, key=lambda k: (-sums[k], k.casefold()))
    ]
    total_table(
        doc, [label, _("Programmes"), _("Budget (Rp)"), _("Share")], rows, total, len(ideas)
    )


def total_table(doc, columns, rows, total, count=None):
    """The rows and a Total row (the sum of the budgets; `count` programmes)."""
    last = [_("Total")]
    if count is not None:
        last.append(number(count))
    last += [rupiah(total), share(total, total)]
    numeric = set(range(1, len(columns)))
    widths = [4, 1.2, 2.2, 1] if count is not None else [2, 2.2, 1]
    doc.table(columns, [*rows, last], numeric=numeric, widths=widths)


def share(part, total):
    """'0,5%' — one decimal, so a small OPD's share does not read as 1% or 0%."""
    return format_decimal(100 * part / total, format="#,##0.0") + "%" if total else ""


def session_notes(doc, ix):
    """Decisions and notes of `financing` sessions, if any."""
    sessions = {s["id"] for s in ix.sessions_of("financing")}
    bodies = [
        n["body"] for n in ix.data["notes"] if n["session_id"] in sessions and n["body"].strip()
    ]
    if bodies:
        doc.heading(2, "8.5 " + _("Notes of the financing sessions"))
        for body in bodies:
            doc.markdown(body)
