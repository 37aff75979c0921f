"""A programme's planning facts as the chapters print them: the planning period, its years,
its budget per year, its indicators and whether it is a chosen quick win.

Fields that arrive with issue 15's programmes (`code`, `supporting_opd_ids`, `year_start`,
`year_end`, `indicators`, `quick_win`, the workshop's `period_start`/`period_end`) are read
with `.get`, so a dict from before them still builds a document.
"""

from flask_babel import gettext as _

from .context import number

# Years a programme runs when it gives none, by horizon (within the planning period).
HORIZON_YEARS = {"quick_win": 1, "short": 1, "medium": 5, "long": None}  # None: whole period


def horizon_short(key):
    """The horizon in a word or two, for narrow table cells."""
    labels = {
        "quick_win": _("Quick win"),
        "short": _("Short term"),
        "medium": _("Medium term"),
        "long": _("Long term"),
    }
    return labels.get(key, "")


def period(ix):
    """(first, last) year of the planning period: the workshop's, else year+1 … year+5."""
    ws = ix.workshop
    start = ws.get("period_start") or int(ws["year"]) + 1
    end = ws.get("period_end") or int(start) + 4
    return int(start), int(max(int(end), int(start)))


def period_years(ix):
    start, end = period(ix)
    return list(range(start, end + 1))


def years_of(ix, idea):
    """(first, last, given) years of a programme; given is False when estimated from its
    horizon; (None, None, False) when neither years nor horizon are known."""
    first, last = idea.get("year_start"), idea.get("year_end")
    if first or last:
        first = int(first or last)
        last = int(last or first)
        return min(first, last), max(first, last), True
    span = HORIZON_YEARS.get(idea.get("horizon"), 0)
    if span == 0:
        return None, None, False
    start, end = period(ix)
    return start, end if span is None else min(end, start + span - 1), False


def years_text(ix, idea):
    first, last, given = years_of(ix, idea)
    if first is None:
        return _("years not set")
    text = str(first) if first == last else f"{first}–{last}"
    return text if given else text + "*"


def budget_per_year(ix, idea):
    """{year: rupiah} — the budget spread evenly over the programme's years (whole rupiah,
    the remainder to the first years, so the parts add up to the budget); {None: budget}
    when its years are unknown; {} without a budget."""
    budget = idea.get("budget_idr")
    if not budget:
        return {}
    first, last, _given = years_of(ix, idea)
    if first is None:
        return {None: int(budget)}
    years = list(range(first, last + 1))
    share, rest = divmod(int(budget), len(years))
    return {year: share + (1 if n < rest else 0) for n, year in enumerate(years)}


def first_year_budget(ix, idea):
    parts = budget_per_year(ix, idea)
    if not parts:
        return None
    return parts[min(parts, key=lambda y: (y is None, y or 0))]


def quick_win(ix, idea):
    """The quick-win mark {"reason", ...} of a chosen quick win, else None.

    With issue 15's data every idea carries `quick_win`; an older dict (no such key on any
    idea) counts the decisions recorded on criteria polls or labelled "quick win"."""
    if "quick_win" in idea:
        return idea["quick_win"]
    legacy = getattr(ix, "_legacy_quick_wins", None)
    if legacy is None:
        legacy = {}
        for poll in ix.polls:
            for d in poll["decisions"]:
                if poll["method"] == "scores" or "quick" in (d["label"] or "").lower():
                    legacy.setdefault(d["idea_id"], {"reason": d["reason"], "marked_at": None})
        ix._legacy_quick_wins = legacy
    return legacy.get(idea["id"])


def quick_win_mark(ix, idea):
    return "✓" if quick_win(ix, idea) else ""


def code(idea):
    return idea.get("code") or ""


def supporting(ix, idea):
    return ", ".join(ix.opd_code(o) for o in idea.get("supporting_opd_ids") or [] if o)


def indicator_text(indicator):
    """'Waktu layanan (hari): 14 → 3'."""
    name = indicator.get("name") or ""
    unit = indicator.get("unit")
    label = f"{name} ({unit})" if unit else name
    baseline, target = indicator.get("baseline"), indicator.get("target")
    values = f"{_fmt(baseline) or '…'} → {_fmt(target) or '…'}"
    return f"{label}: {values}" if label else values


def _fmt(value):
    if value is None or value == "":
        return ""
    if isinstance(value, int | float):
        return number(value)
    return str(value)


def indicators_text(idea):
    return "\n".join(indicator_text(i) for i in idea.get("indicators") or [])


def targets_text(idea):
    """The targets alone ('Waktu layanan: 3 hari'), for the quick-win table."""
    out = []
    for i in idea.get("indicators") or []:
        unit = f" {i['unit']}" if i.get("unit") else ""
        out.append(f"{i.get('name') or ''}: {_fmt(i.get('target')) or '…'}{unit}")
    return "\n".join(out)
