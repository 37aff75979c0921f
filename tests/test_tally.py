"""The tally of random ballots equals a brute-force recount, for every method."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.tally import METHODS, competition_ranks, tally

IDEAS = [{"id": i, "title": f"Usulan {i}"} for i in range(1, 7)]
IDS = [i["id"] for i in IDEAS]
CRITERIA = [
    {"key": "impact", "weight": 2},
    {"key": "resources", "weight": 1},
    {"key": "momentum", "weight": 3},
]


def ballot_strategy(method):
    if method in ("dots", "points"):
        return st.dictionaries(st.sampled_from(IDS), st.integers(0, 5)).map(
            lambda d: {"allocations": {str(k): v for k, v in d.items()}}
        )
    if method == "ranking":
        return st.permutations(IDS).flatmap(
            lambda p: st.integers(0, len(p)).map(lambda n: {"ranking": list(p[:n])})
        )
    if method == "approval":
        return st.sets(st.sampled_from(IDS)).map(lambda s: {"approve": sorted(s)})
    keys = ["impact", "effort"] if method == "matrix" else [c["key"] for c in CRITERIA]
    one = st.fixed_dictionaries({k: st.integers(1, 5) for k in keys})
    return st.dictionaries(st.sampled_from(IDS), one).map(
        lambda d: {"scores": {str(k): v for k, v in d.items()}}
    )


def brute_force(method, ballots):
    """Recount the way a person with a spreadsheet would, straight from API.md."""
    score = {}
    for idea in IDS:
        if method in ("dots", "points"):
            score[idea] = Fraction(sum(b["allocations"].get(str(idea), 0) for b in ballots))
        elif method == "ranking":
            total = 0
            for b in ballots:
                if idea in b["ranking"]:
                    total += len(b["ranking"]) - b["ranking"].index(idea)
            score[idea] = Fraction(total)
        elif method == "approval":
            score[idea] = Fraction(sum(1 for b in ballots if idea in b["approve"]))
        elif method == "scores":
            means = []
            for b in ballots:
                s = b["scores"].get(str(idea))
                if s:
                    weighted = sum(Fraction(c["weight"]) * s[c["key"]] for c in CRITERIA)
                    means.append(weighted / sum(c["weight"] for c in CRITERIA))
            score[idea] = sum(means) / len(means) if means else Fraction(0)
        else:
            rated = [b["scores"][str(idea)] for b in ballots if str(idea) in b["scores"]]
            impact = Fraction(sum(r["impact"] for r in rated), len(rated)) if rated else 0
            effort = Fraction(sum(r["effort"] for r in rated), len(rated)) if rated else 0
            score[idea] = Fraction(impact) - Fraction(effort)
    # Rank = 1 + number of items with a strictly higher score.
    rank = {i: 1 + sum(1 for j in IDS if score[j] > score[i]) for i in IDS}
    return score, rank


def nonzero(method, b):
    if method in ("dots", "points"):
        return any(b["allocations"].values())
    if method == "ranking":
        return bool(b["ranking"])
    if method == "approval":
        return bool(b["approve"])
    return bool(b["scores"])


def check(method, ballots):
    result = tally(method, {"criteria": CRITERIA}, IDEAS, ballots)
    score, rank = brute_force(method, ballots)
    assert {i["idea_id"]: i["rank"] for i in result["items"]} == rank
    for item in result["items"]:
        assert abs(Fraction(item["score"]) - score[item["idea_id"]]) < Fraction(1, 10**4)
    assert [i["rank"] for i in result["items"]] == sorted(rank.values())
    assert result["voters"] == sum(1 for b in ballots if nonzero(method, b))
    assert len(result["items"]) == len(IDS)  # unvoted items are listed too


def make_test(method):
    @settings(max_examples=150, deadline=None)
    @given(st.lists(ballot_strategy(method), max_size=25))
    def test(ballots):
        check(method, ballots)

    test.__name__ = f"test_tally_matches_recount_{method}"
    return test


for _method in METHODS:
    globals()[f"test_tally_matches_recount_{_method}"] = make_test(_method)


def test_ties_share_a_rank_competition_style():
    assert competition_ranks({"a": 5, "b": 5, "c": 3, "d": 3, "e": 1}) == {
        "a": 1,
        "b": 1,
        "c": 3,
        "d": 3,
        "e": 5,
    }


def test_ties_are_exact_not_rounded():
    # 1/3 and 0.33333 round alike to 4 places but are not equal.
    assert competition_ranks({"a": Fraction(1, 3), "b": Fraction(33333, 100000)}) == {
        "a": 1,
        "b": 2,
    }


def test_tied_items_are_flagged():
    result = tally("approval", {}, IDEAS[:3], [{"approve": [1, 2]}, {"approve": [3]}])
    assert [i["rank"] for i in result["items"]] == [1, 1, 1]
    assert all(i["tied"] for i in result["items"])
    clear = tally("approval", {}, IDEAS[:3], [{"approve": [1, 2]}, {"approve": [1]}])
    assert [(i["idea_id"], i["rank"], i["tied"]) for i in clear["items"]] == [
        (1, 1, False),
        (2, 2, False),
        (3, 3, False),
    ]


def test_matrix_reports_means():
    result = tally(
        "matrix",
        {},
        IDEAS[:1],
        [
            {"scores": {"1": {"impact": 5, "effort": 2}}},
            {"scores": {"1": {"impact": 4, "effort": 1}}},
        ],
    )
    item = result["items"][0]
    assert (item["impact"], item["effort"], item["score"]) == (4.5, 1.5, 3)
