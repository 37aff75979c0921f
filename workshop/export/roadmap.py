"""Chapter 7 of the Draf Masterplan: the roadmap — programmes on the years of the planning
period (a table of years and a chart image), quick wins first."""

from flask_babel import gettext as _

from . import roadmap_chart
from .context import number
from .plan import placeholder
from .priority import dimension_keys, dimension_title, programmes, ranks_by_idea
from .programme import code, period, period_years, quick_win, years_of

YEAR_MARK = "■"
# The chart draws at most this many programmes (three images): beyond it, the quick wins and
# the highest-ranked programmes of each dimension in turn; the table lists them all.
CHART_MAX_BARS = 60
# Past this many programmes the table prints each programme's years as one cell ("2027–2029")
# instead of a column per year: a 1,000-programme roadmap as a year grid is 10,000 cells, a
# third of a big PDF's rendering time (issue 15), and too long to read as a grid anyway.
GRID_MAX_ROWS = 300


def roadmap_order(ix):
    """Programmes with known years, quick wins first, then by dimension and rank; and
    those without years."""
    ranks = ranks_by_idea(ix)
    order = {k: n for n, k in enumerate(dimension_keys(ix))}
    placed, unplaced = [], []
    for idea in programmes(ix):
        (placed if years_of(ix, idea)[0] is not None else unplaced).append(idea)
    placed.sort(
        key=lambda i: (
            not quick_win(ix, i),
            order.get(i["dimension"], 99),
            ranks.get(i["id"], ("", "", None))[2] or 10**6,
            years_of(ix, i)[0],
            i["id"],
        )
    )
    return placed, unplaced


def roadmap(doc, ix):
    doc.heading(1, "7. " + _("Roadmap"))
    if not programmes(ix):
        placeholder(
            doc,
            _("the roadmap: the programmes on the years of the planning period"),
        )
        return
    start, end = period(ix)
    years = period_years(ix)
    placed, unplaced = roadmap_order(ix)
    grid = len(placed) <= GRID_MAX_ROWS
    intro = _(
        "The programmes on the years of the planning period %(start)d–%(end)d: quick wins "
        "(★) first, then per dimension in order of priority.",
        start=start,
        end=end,
    )
    if grid:
        intro += " " + _("%(mark)s marks a year the programme runs.", mark=YEAR_MARK)
    else:
        intro += " " + _(
            "With %(n)s programmes the table gives each programme's years as a span; the "
            "chart below draws them on the year axis.",
            n=number(len(placed)),
        )
    intro += " " + _("Years marked * in chapter 5 are estimated from the horizon.")
    doc.paragraph(intro)
    ranks = ranks_by_idea(ix)
    rows = []
    for idea in placed:
        first, last, _given = years_of(ix, idea)
        if grid:
            when = [YEAR_MARK if first <= y <= last else "" for y in years]
        else:
            when = [str(first) if first == last else f"{first}–{last}"]
        rows.append(
            [
                code(idea),
                ("★ " if quick_win(ix, idea) else "") + idea["title"],
                dimension_title(ix, idea["dimension"]),
                ix.opd_code(idea["responsible_opd_id"]),
                ranks.get(idea["id"], ("", "–", None))[1],
                *when,
            ]
        )
    if rows:
        columns = [_("Code"), _("Program"), _("Dimension"), _("Responsible OPD"), _("Rank")]
        widths = [1.1, 4.2, 1.8, 1.3, 0.9]
        if grid:
            columns, widths = columns + [str(y) for y in years], widths + [0.8] * len(years)
        else:
            columns, widths = columns + [_("Years")], widths + [1.2]
        doc.table(columns, rows, numeric={4} if grid else {4, 5}, widths=widths, wide=True)
        chart(doc, ix, placed, years)
    if unplaced:
        doc.paragraph(
            _(
                "Without years or horizon (to be scheduled): %(list)s.",
                list="; ".join(f"{code(i)} {i['title']}".strip() for i in unplaced),
            ),
            style="small",
        )
    doc.paragraph(
        _("Per dimension: %(list)s.", list=summary(ix, placed)),
        style="small",
    )


def charted(placed, quick):
    """Up to CHART_MAX_BARS programmes for the chart, in roadmap order: quick wins, then the
    dimensions' programmes taken in turn, best rank first."""
    if len(placed) <= CHART_MAX_BARS:
        return placed
    chosen = [i for i in placed if quick(i)][:CHART_MAX_BARS]
    queues = {}
    for idea in placed:
        if not quick(idea):
            queues.setdefault(idea["dimension"], []).append(idea)
    while len(chosen) < CHART_MAX_BARS and any(queues.values()):
        for queue in queues.values():
            if queue and len(chosen) < CHART_MAX_BARS:
                chosen.append(queue.pop(0))
    keep = {i["id"] for i in chosen}
    return [i for i in placed if i["id"] in keep]


def chart(doc, ix, placed, years):
    shown = charted(placed, lambda i: bool(quick_win(ix, i)))
    if len(shown) < len(placed):
        doc.paragraph(
            _(
                "The chart shows the quick wins and the highest-ranked programmes of each "
                "dimension (%(n)d of %(all)d); the table above lists them all.",
                n=len(shown),
                all=len(placed),
            ),
            style="small",
        )
    placed = shown
    labels = {
        "year": _("Year"),
        "quick_win": _("Quick win"),
        "programme": _("Programme"),
    }
    # Images of equal length (28 programmes: 14 and 14, not 20 and 8), so they share a scale.
    count = -(-len(placed) // roadmap_chart.BARS_PER_CHART)
    per = -(-len(placed) // count)
    parts = [placed[n : n + per] for n in range(0, len(placed), per)]
    for n, part in enumerate(parts, start=1):
        bars = []
        for idea in part:
            first, last, _given = years_of(ix, idea)
            label = f"{code(idea)} {idea['title']}".strip()
            bars.append((label, first, last, bool(quick_win(ix, idea))))
        caption = _("Figure 7.%(n)d Roadmap %(start)d–%(end)d", n=n, start=years[0], end=years[-1])
        if len(parts) > 1:
            caption += f" ({n}/{len(parts)})"
        doc.image(roadmap_chart.chart_png(bars, years, labels), caption, width=1.0)


def summary(ix, placed):
    counts = {}
    for idea in placed:
        counts[idea["dimension"]] = counts.get(idea["dimension"], 0) + 1
    return ", ".join(
        f"{dimension_title(ix, k)} {counts[k]}" for k in dimension_keys(ix) if k in counts
    )
