"""GET /api/v1/ideas/{id}/merge-preview: which polls a merge changes and what happens to votes."""

from tests.conftest import bearer
from tests.test_polls import cast, make_poll, token
from tests.test_polls import vote as vote  # noqa: F401 (the fixture)


def preview(client, vote, idea, into, tok=None, lang="id"):
    return client.get(
        f"/api/v1/ideas/{idea}/merge-preview?into={into}&lang={lang}",
        headers=bearer(tok or vote["fac"]),
    )


def test_open_draft_and_closed_polls_are_listed_with_their_votes(client, vote):
    a, b, c, d = vote["ids"]
    dots = make_poll(client, vote, method="dots", budget=5, title="Titik")
    cast(client, dots, token(vote, "Rina"), {"allocations": {str(a): 2, str(b): 1}})
    cast(client, dots, token(vote, "Dewi"), {"allocations": {str(a): 3}})
    cast(client, dots, token(vote, "Ahmad"), {"allocations": {str(c): 5}})
    ranking = make_poll(client, vote, method="ranking", title="Urutan", idea_ids=[a, c, d])
    cast(client, ranking, token(vote, "Rina"), {"ranking": [a, c]})
    draft = make_poll(client, vote, open_it=False, title="Nanti", idea_ids=[a, b])
    closed = make_poll(client, vote, method="approval", title="Lama")
    cast(client, closed, token(vote, "Rina"), {"approve": [a]})
    client.post(f"/api/v1/polls/{closed['id']}/close", headers=bearer(vote["fac"]))
    make_poll(client, vote, title="Tanpa A", idea_ids=[b, c])  # not affected

    r = preview(client, vote, a, b)
    assert r.status_code == 200, r.get_json()
    data = r.get_json()
    assert data["confirm"] is True
    assert data["into"] == {"id": b, "title": "Bank sampah"}
    by_title = {p["title"]: p for p in data["polls"]}
    assert [p["title"] for p in data["polls"]] == ["Titik", "Urutan", "Nanti", "Lama"]
    assert by_title["Titik"]["status"] == "open" and by_title["Titik"]["ballots_affected"] == 2
    assert by_title["Titik"]["into_in_poll"] is True
    assert "2 suara pindah" not in by_title["Titik"]["effect"]  # worded per method, below
    assert "ditambahkan ke suara “Bank sampah”" in by_title["Titik"]["effect"]
    assert by_title["Urutan"]["ballots_affected"] == 1
    assert by_title["Urutan"]["into_in_poll"] is False
    assert "diganti dengan “Bank sampah”" in by_title["Urutan"]["effect"]
    assert by_title["Nanti"]["status"] == "draft" and by_title["Nanti"]["ballots_affected"] == 0
    assert by_title["Lama"]["status"] == "closed"
    assert "tetap" in by_title["Lama"]["effect"]
    assert {p["id"] for p in data["polls"]} == {
        dots["id"],
        ranking["id"],
        draft["id"],
        closed["id"],
    }

    # In English too; the merge itself then moves the votes as the preview said.
    en = preview(client, vote, a, b, lang="en").get_json()
    assert en["polls"][0]["effect"].startswith("The proposal leaves this open poll. 2 ballots")
    client.post(f"/api/v1/ideas/{a}/merge", json={"into": b}, headers=bearer(vote["fac"]))
    scores = client.get(
        f"/api/v1/polls/{dots['id']}/results", headers=bearer(vote["fac"])
    ).get_json()["items"]
    assert {i["idea_id"]: i["score"] for i in scores}[b] == 6


def test_no_poll_no_confirmation(client, vote):
    a, b = vote["ids"][:2]
    data = preview(client, vote, a, b).get_json()
    assert data == {"into": {"id": b, "title": "Bank sampah"}, "polls": [], "confirm": False}


def test_a_bad_target_is_a_field_error_and_participants_may_not_ask(client, vote):
    a = vote["ids"][0]
    for into in ("", "abc", str(a), "999999"):
        r = preview(client, vote, a, into)
        assert r.status_code == 422, into
        assert "into" in r.get_json()["error"]["fields"]
    r = preview(client, vote, a, vote["ids"][1], tok=token(vote, "Rina"))
    assert r.status_code == 403
