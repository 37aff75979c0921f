"""Which poll ranks each dimension's programmes, and the ranks it gives them (chapters 1, 4,
5 and 7 of the Draf Masterplan).

The choice comes from `data["priorities"]` (rules.priorities.resolve: the facilitator's
choice per dimension, else the closed poll covering most of that dimension's programmes);
a dict from before that key existed gets the same rule computed here. Ranks are recounted
among the dimension's programmes only: ties share a rank and print as "1=", a programme
nobody voted for (or that the poll did not list) prints "–" and never rank 1, and a poll
nobody voted in ranks nothing.
"""

from collections import Counter

from flask_babel import gettext as _

from ..tally import competition_ranks
from .context import method_label, number

NO_RANK = "–"


def programmes(ix, dimension=None):
    """Programmes (shown proposals of `programs` sessions) of one dimension, or all."""
    return ix.ideas_of("programs", dimension)


def dimension_keys(ix):
    """The workshop's dimension keys in order, then any other dimension a programme names
    (None: no dimension given) — every programme is under some heading."""
    keys = [d["key"] for d in ix.data["dimensions"]]
    extra = []
    for idea in programmes(ix):
        if idea["dimension"] not in keys and idea["dimension"] not in extra:
            extra.append(idea["dimension"])
    return keys + sorted(extra, key=lambda k: (k is None, k or ""))


def dimension_title(ix, key):
    return ix.dimension_name(key) if key else _("Without a dimension")


def _rule(ix, dimension):
    """The closed poll covering most of the dimension's programmes (ties: the latest)."""
    ids = {i["id"] for i in programmes(ix, dimension)}
    best = None
    for poll in ix.polls:
        if poll["status"] != "closed" or not poll["tally"]:
            continue
        covered = len(ids & {item["idea_id"] for item in poll["tally"]["items"]})
        if covered:
            key = (covered, poll["closed_at"] or "", poll["id"])
            if best is None or key > best[0]:
                best = (key, poll)
    return best[1] if best else None


def choices(ix):
    """{dimension key: (poll or None, "explicit" | "rule")}, computed once per Index."""
    cached = getattr(ix, "_priority_choices", None)
    if cached is not None:
        return cached
    polls = {p["id"]: p for p in ix.polls}
    resolved = ix.data.get("priorities")
    out = {}
    if resolved is not None:
        for row in resolved:
            out[row["dimension"]] = (polls.get(row.get("poll_id")), row.get("chosen") or "rule")
    for key in dimension_keys(ix):
        if key not in out and resolved is None:
            out[key] = (_rule(ix, key), "rule")
        out.setdefault(key, (None, "rule"))
    ix._priority_choices = out
    return out


def poll_of(ix, dimension):
    return choices(ix)[dimension][0] if dimension in choices(ix) else None


def ranked(ix, ideas, poll):
    """[(idea, score text, rank text, rank number or None)], ranked first (ties by code),
    then the programmes without a vote in their submission order."""
    tally = (poll or {}).get("tally") or {}
    items = {i["idea_id"]: i for i in tally.get("items", [])}
    voted = {}
    if tally.get("voters"):
        for idea in ideas:
            item = items.get(idea["id"])
            if item and item.get("supporters", 1) > 0:
                voted[idea["id"]] = item["score"]
    ranks = competition_ranks(voted)
    shared = Counter(ranks.values())
    order = {i["id"]: n for n, i in enumerate(ideas)}
    first = sorted(
        (i for i in ideas if i["id"] in ranks), key=lambda i: (ranks[i["id"]], order[i["id"]])
    )
    rest = [i for i in ideas if i["id"] not in ranks]
    out = []
    for idea in first:
        rank = ranks[idea["id"]]
        text = f"{rank}=" if shared[rank] > 1 else str(rank)
        out.append((idea, number(voted[idea["id"]]), text, rank))
    out += [(idea, NO_RANK, NO_RANK, None) for idea in rest]
    return out


def ranks_by_idea(ix):
    """{programme id: (score text, rank text, rank number or None)} across all dimensions."""
    cached = getattr(ix, "_priority_ranks", None)
    if cached is None:
        cached = {}
        for key in dimension_keys(ix):
            for idea, score, text, rank in ranked(ix, programmes(ix, key), poll_of(ix, key)):
                cached[idea["id"]] = (score, text, rank)
        ix._priority_ranks = cached
    return cached


def method_words(poll):
    """How the method turns ballots into a score, in one sentence."""
    method = poll["method"]
    words = {
        "dots": _(
            "each voter spreads a number of dots over the programmes; the score is the sum of "
            "the dots"
        ),
        "points": _(
            "each voter spreads a budget of points over the programmes; the score is the sum "
            "of the points"
        ),
        "ranking": _(
            "Borda count for truncated rankings: a ballot ranking k programmes gives k points "
            "to the first, k − 1 to the second … 1 to the last, 0 to those it leaves out; the "
            "score is the sum"
        ),
        "scores": _(
            "each voter scores the programmes 1–5 on weighted criteria; the score is the mean "
            "of the weighted scores"
        ),
        "matrix": _(
            "each voter rates impact and effort 1–5; the score is mean impact minus mean effort"
        ),
        "approval": _(
            "each voter approves any number of programmes; the score is the number of approvals"
        ),
    }
    return words.get(method, method_label(method))


def turnout(poll):
    tally = poll.get("tally") or {}
    return _(
        "%(voters)d of %(eligible)d voted",
        voters=tally.get("voters", 0),
        eligible=tally.get("eligible", 0),
    )


def poll_sentence(ix, dimension):
    """'Priority: the poll «…» (chosen by the facilitator), Borda count …; 23 of 30 voted.'"""
    poll, chosen = choices(ix).get(dimension, (None, "rule"))
    if poll is None:
        return _("No closed poll has ranked these programmes yet: no rank is given.")
    how = (
        _("chosen by the facilitator")
        if chosen == "explicit"
        else _("the closed poll that lists most of this dimension's programmes")
    )
    text = _(
        "Priority from the poll «%(title)s» (%(how)s), %(method)s: %(words)s; %(turnout)s.",
        title=poll["title"],
        how=how,
        method=method_label(poll["method"]),
        words=method_words(poll),
        turnout=turnout(poll),
    )
    if poll["status"] != "closed":
        text += " " + _("The poll is still open: the ranks are provisional.")
    if not (poll.get("tally") or {}).get("voters"):
        text += " " + _("Nobody voted, so no programme is ranked.")
    return text
