"""Poll results, pure (no I/O): the generic part — entries, voters, ranks with ties.

What a ballot gives each proposal and how the scores add up belong to its method
(workshop/polls/methods/: dots and points sum, ranking counts Borda points of truncated
ballots, scores take weighted means, matrix impact − effort, approval counts approvals).
Ballots arrive as the API stores them (see API.md):
  dots, points: {"allocations": {idea_id: n}}
  ranking:      {"ranking": [idea_id, ...]}
  scores:       {"scores": {idea_id: {criterion: 1..5}}}
  matrix:       {"scores": {idea_id: {"impact": 1..5, "effort": 1..5}}}
  approval:     {"approve": [idea_id, ...]}
Idea ids inside ballots may be strings (JSON object keys); they are normalised to int.
Scores are exact Fractions until the output, so ties are ties.
"""

from .polls.methods import METHODS, get

__all__ = ["METHODS", "ballot_entries", "competition_ranks", "tally"]


def ballot_entries(method, ballot):
    """{idea_id: value} of one ballot, whatever the method (values as the method keeps them)."""
    return get(method).entries(ballot)


def counts(ballot_entries_list):
    """How many ballots have at least one non-zero entry (the API's `voters`)."""
    return sum(1 for entries in ballot_entries_list if any(entries.values()))


def item_scores(method, params, idea_ids, ballots):
    """{idea_id: exact score} plus per-item extras (matrix means, supporters), and voters."""
    entries = [ballot_entries(method, b) for b in ballots]
    return get(method).item_scores(params, idea_ids, entries), counts(entries)


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
        item.update(get(method).item_extra(extra, _number))
        items.append(item)
    return {"items": items, "voters": voters}
