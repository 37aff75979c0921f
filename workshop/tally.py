"""Poll results: one pure function per method (no I/O), exact arithmetic for ranks.

Ballots arrive as the API stores them (see API.md):
  dots, points: {"allocations": {idea_id: n}}
  ranking:      {"ranking": [idea_id, ...]}
  scores:       {"scores": {idea_id: {criterion: 1..5}}}
  matrix:       {"scores": {idea_id: {"impact": 1..5, "effort": 1..5}}}
  approval:     {"approve": [idea_id, ...]}
Idea ids inside ballots may be strings (JSON object keys); they are normalised to int.
"""

from fractions import Fraction

METHODS = ("dots", "points", "ranking", "scores", "matrix", "approval")
MATRIX_CRITERIA = ("impact", "effort")


def _int_keys(mapping):
    return {int(k): v for k, v in mapping.items()}


def ballot_entries(method, ballot):
    """{idea_id: value} of one ballot, whatever the method (values as the method keeps them)."""
    if method in ("dots", "points"):
        return {k: v for k, v in _int_keys(ballot.get("allocations", {})).items() if v}
    if method == "ranking":
        ranking = [int(i) for i in ballot.get("ranking", [])]
        k = len(ranking)
        return {idea: k - position for position, idea in enumerate(ranking)}
    if method in ("scores", "matrix"):
        return {k: v for k, v in _int_keys(ballot.get("scores", {})).items() if v}
    if method == "approval":
        return {int(i): 1 for i in ballot.get("approve", [])}
    raise ValueError(f"unknown method {method}")


def counts(ballot_entries_list):
    """How many ballots have at least one non-zero entry (the API's `voters`)."""
    return sum(1 for entries in ballot_entries_list if any(entries.values()))


def weighted_mean(scores, criteria):
    """A voter's weighted criterion mean for one item, as a Fraction."""
    total_weight = sum(Fraction(c["weight"]) for c in criteria)
    if total_weight == 0:
        return Fraction(0)
    value = sum(Fraction(c["weight"]) * Fraction(scores[c["key"]]) for c in criteria)
    return value / total_weight


def item_scores(method, params, idea_ids, ballots):
    """{idea_id: exact score} plus per-item extras (matrix means, supporters)."""
    entries = [ballot_entries(method, b) for b in ballots]
    result = {i: {"score": Fraction(0), "supporters": 0} for i in idea_ids}
    if method in ("dots", "points", "ranking", "approval"):
        for e in entries:
            for idea, value in e.items():
                if idea in result and value:
                    result[idea]["score"] += value
                    result[idea]["supporters"] += 1
    elif method == "scores":
        criteria = params.get("criteria") or []
        sums = {i: [] for i in idea_ids}
        for e in entries:
            for idea, scores in e.items():
                if idea in sums:
                    sums[idea].append(weighted_mean(scores, criteria))
        for idea, values in sums.items():
            result[idea]["supporters"] = len(values)
            result[idea]["score"] = (
                sum(values, Fraction(0)) / len(values) if values else Fraction(0)
            )
            result[idea]["criteria"] = {
                c["key"]: _mean([Fraction(e[idea][c["key"]]) for e in entries if idea in e])
                for c in criteria
            }
    elif method == "matrix":
        for idea in idea_ids:
            rated = [e[idea] for e in entries if idea in e]
            impact = _mean([Fraction(r["impact"]) for r in rated])
            effort = _mean([Fraction(r["effort"]) for r in rated])
            result[idea].update(
                score=impact - effort, impact=impact, effort=effort, supporters=len(rated)
            )
    else:
        raise ValueError(f"unknown method {method}")
    return result, counts(entries)


def _mean(values):
    return sum(values, Fraction(0)) / len(values) if values else Fraction(0)


def competition_ranks(scores):
    """{key: rank} with ties sharing a rank, competition style (1, 1, 3), by exact value."""
    ordered = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    ranks, previous, rank = {}, None, 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[key] = rank
    return ranks


def _number(value):
    """Exact Fraction → JSON number (int when whole, else rounded to 4 places)."""
    if value.denominator == 1:
        return int(value)
    return round(float(value), 4)


def tally(method, params, ideas, ballots):
    """Results of a poll: items sorted by rank (ties share it), and the number of voters.

    ideas: [{"id", "title"}] in the poll's order; ballots: the stored ballot bodies.
    """
    ids = [i["id"] for i in ideas]
    titles = {i["id"]: i["title"] for i in ideas}
    scores, voters = item_scores(method, params, ids, ballots)
    ranks = competition_ranks({i: s["score"] for i, s in scores.items()})
    order = {idea: n for n, idea in enumerate(ids)}
    items = []
    for idea in sorted(ids, key=lambda i: (ranks[i], order[i])):
        extra = scores[idea]
        item = {
            "idea_id": idea,
            "title": titles[idea],
            "score": _number(extra["score"]),
            "rank": ranks[idea],
            "tied": sum(1 for r in ranks.values() if r == ranks[idea]) > 1,
            "supporters": extra["supporters"],
        }
        if method == "matrix":
            item["impact"] = _number(extra["impact"])
            item["effort"] = _number(extra["effort"])
        if method == "scores":
            item["criteria"] = {k: _number(v) for k, v in extra["criteria"].items()}
        items.append(item)
    return {"items": items, "voters": voters}
