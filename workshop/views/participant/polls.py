"""The participant's ballot page: one screen per poll method, and the open polls on the home.

Without JavaScript the page is a plain form (number inputs, radios, checkboxes, rank numbers)
that posts here: the view builds the JSON body PUT /api/v1/polls/{id}/ballot takes, checks it
with ballots.validate_ballot and stores it the way that route does (voter_identity, put_ballot,
request_results), so both paths apply one set of rules. With JavaScript, static/js/ballot.js
turns the same markup into steppers, a reorderable list and live results, and sends the body to
the API itself.
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ...auth import DEVICE_COOKIE, current_principal
from ...ballot_form import (
    SCALE,
    ballot_from_form,
    is_empty,
    ordered_for_ranking,
    values_from_form,
    values_of,
    whole_number,
)
from ...ballots import BallotError, validate_ballot
from ...db import get_db
from ...errors import ApiError
from ...live_results import request_results
from ...results import carry_ballot, poll_items, results
from ...rules import DomainError
from ...store import Conflict, NotFound, participants, polls, roster, utcnow
from ..api.polls import poll_in_reach, public_poll, voter_identity
from .blueprint import bp

# Placeholders of the points tally line, filled in by ballot.js.
PLACEHOLDERS = {"total": "{total}", "budget": "{budget}", "left": "{left}", "over": "{over}"}


def method_labels():
    return {
        "dots": _("Dots"),
        "points": _("Points"),
        "ranking": _("Ranking"),
        "scores": _("Scores on criteria"),
        "matrix": _("Impact × effort matrix"),
        "approval": _("Approval"),
    }


def participant_or_join():
    """(principal, None) for a joined participant, else (None, a redirect to the join page)."""
    principal = current_principal()
    if principal.kind == "participant":
        return principal, None
    response = redirect(url_for(".join"))
    if principal.kind == "anonymous" and request.cookies.get(DEVICE_COOKIE):
        response.delete_cookie(DEVICE_COOKIE)  # a revoked or unknown device starts again
    return None, response


def voter_key(poll, principal):
    return voter_identity(poll, principal)[0]


def open_polls(db, workshop_id, principal):
    """The home's "Pemungutan suara" block: polls open now, and whether this voter has voted."""
    now = utcnow()
    labels = method_labels()
    rows = [
        p
        for p in polls.list_polls(db, workshop_id=workshop_id)
        if p["status"] == "open" and not (p["closes_at"] and p["closes_at"] <= now)
    ]
    return [
        {
            "id": p["id"],
            "title": p["title"],
            "method": labels.get(p["method"], p["method"]),
            "closes_at": p["closes_at"],
            "voted": polls.get_ballot(db, p["id"], voter_key(p, principal)) is not None,
        }
        for p in rows
    ]


def dimension_names(workshop_id):
    english = str(get_locale()) == "en"
    return {
        d["key"]: d["name"] if english else d["name_id"]
        for d in roster.list_dimensions(get_db(), workshop_id)
    }


def criteria_of(poll):
    """What each proposal is scored on: the poll's criteria, or impact and effort."""
    if poll["method"] == "matrix":
        return [
            {"key": "impact", "label": _("Impact"), "scale": _("1 = small · 5 = large")},
            {"key": "effort", "label": _("Effort"), "scale": _("1 = light · 5 = heavy")},
        ]
    return [dict(c, scale=None) for c in poll["criteria"]]


def stored_ballot(poll, principal, mapping):
    """The voter's (or OPD's) ballot with votes on merged proposals moved to the survivors."""
    row = polls.get_ballot(get_db(), poll["id"], voter_key(poll, principal))
    if row is None:
        return None
    return {
        "body": carry_ballot(poll["method"], row["body"], mapping),
        "updated_at": row["updated_at"],
        "changed_by": row["changed_by_name"],
        "changed_by_me": row["changed_by"] == principal.id,
    }


def cast_ballot(poll, principal, clean):
    """Store a checked ballot exactly as PUT /api/v1/polls/{id}/ballot does."""
    key, participant_id, changed_by = voter_identity(poll, principal)
    try:
        polls.put_ballot(
            get_db(),
            poll["id"],
            key,
            clean,
            principal.opd_id,
            participant_id=participant_id,
            changed_by=changed_by,
            audit_actor=None if poll["anonymous"] else principal.id,
        )
    except Conflict as e:
        raise ApiError(409, _("Voting is closed."), code=str(e)) from e
    request_results(current_app, poll["id"])


def page_texts(poll):
    """Words ballot.js shows (translated here, passed as data-texts); {x} are filled in JS."""
    unit_more = _("Add a dot for %(title)s", title="{title}")
    unit_less = _("Remove a dot from %(title)s", title="{title}")
    if poll["method"] == "points":
        unit_more = _("Add %(n)s points to %(title)s", n="{n}", title="{title}")
        unit_less = _("Take %(n)s points from %(title)s", n="{n}", title="{title}")
    return {
        "more": unit_more,
        "less": unit_less,
        "dotsLeft": _("%(n)s dots left", n="{n}"),
        "dotsOver": _("%(n)s dots too many", n="{n}"),
        "pointsLeft": _("Total %(total)s of %(budget)s — %(left)s more to give", **PLACEHOLDERS),
        "pointsOver": _("Total %(total)s of %(budget)s — %(over)s too many", **PLACEHOLDERS),
        "pointsDone": _("Total %(total)s of %(budget)s — all given", **PLACEHOLDERS),
        "rankCount": _("%(count)s of %(n)s chosen", count="{count}", n="{n}"),
        "send": _("Send vote"),
        "resend": _("Update vote"),
        "sending": _("Sending…"),
        "needExact": _(
            "Distribute exactly %(budget)s points (now %(total)s)",
            budget="{budget}",
            total="{total}",
        ),
        "needBudget": _(
            "You have %(budget)s dots (now %(total)s)", budget="{budget}", total="{total}"
        ),
        "needCap": _("At most %(n)s on one proposal", n="{n}"),
        "needWhole": _("Use whole numbers of 0 or more"),
        "needRankMax": _("Rank at most %(n)s proposals (now %(count)s)", n="{n}", count="{count}"),
        "needScores": _("Score every criterion of “%(title)s”", title="{title}"),
        "needMatrix": _("Give “%(title)s” both impact and effort", title="{title}"),
        "needOne": _("Choose at least one proposal"),
        "saved": _("Your vote is saved — you can still change it until the poll closes."),
        "unsent": _("Changes not sent yet."),
        "closed": _("Voting is closed."),
        "reopened": _("Voting is open again."),
        "offline": _("Connection lost. Your vote was not sent yet — try again when connected."),
        "moveUp": _("Move %(title)s up", title="{title}"),
        "moveDown": _("Move %(title)s down", title="{title}"),
        "moved": _("%(title)s: rank %(n)s of %(count)s", title="{title}", n="{n}", count="{count}"),
        "include": _("Include in my ranking"),
        "notRanked": _("%(title)s: not ranked", title="{title}"),
        "clearScores": _("Clear the scores of %(title)s", title="{title}"),
        "clearShort": _("Clear"),
        "closesAt": _("Closes automatically at %(time)s", time="{time}"),
        "opdBy": _("Your OPD's ballot — last changed by %(name)s", name="{name}"),
        "opdByMe": _("Your OPD's ballot — last changed by you"),
    }


def tally_text(poll, values, items):
    """The line above a dots/points ballot, as the server first shows it."""
    if poll["method"] not in ("dots", "points") or poll["budget"] is None:
        return ""
    total = 0
    for item in items:
        total += whole_number(values.get(f"alloc-{item['id']}", "")) or 0
    budget = poll["budget"]
    if poll["method"] == "dots":
        if total > budget:
            return _("%(n)s dots too many", n=total - budget)
        return _("%(n)s dots left", n=budget - total)
    numbers = {"total": total, "budget": budget, "left": budget - total, "over": total - budget}
    if total < budget:
        return _("Total %(total)s of %(budget)s — %(left)s more to give", **numbers)
    if total > budget:
        return _("Total %(total)s of %(budget)s — %(over)s too many", **numbers)
    return _("Total %(total)s of %(budget)s — all given", **numbers)


def instructions(poll):
    method, budget, cap = poll["method"], poll["budget"], poll["max_per_item"]
    if method == "dots":
        text = _(
            "Give your %(n)s dots to the proposals that matter most; one may get several.",
            n=budget,
        )
    elif method == "points":
        text = _("Distribute exactly %(n)s points among the proposals.", n=budget)
    elif method == "ranking":
        text = (
            _("Choose your %(n)s most important proposals and put them in order.", n=budget)
            if budget
            else _("Put the proposals in order, the most important first.")
        )
    elif method == "scores":
        text = _("Score each proposal from 1 (low) to 5 (high) on every criterion.")
    elif method == "matrix":
        text = _("Rate the impact and the effort of each proposal from 1 to 5.")
    else:
        text = _("Approve every proposal you support.")
    if cap and method in ("dots", "points"):
        text += " " + _("At most %(n)d on one proposal.", n=cap)
    return text


def render_poll(principal, workshop, poll, items, stored, values=None, error=None, status=200):
    """The ballot page; `values` (the posted form) replace the stored ballot's."""
    db = get_db()
    if values is None:
        values = values_of(poll, items, stored["body"]) if stored else {}
    show_results = poll["results"] == "live" or poll["status"] == "closed"
    public = public_poll(poll, with_ideas=False)
    return render_template(
        "participant/poll.html",
        workshop=workshop,
        poll=public,
        me=participants.get_participant(db, principal.id),
        items=ordered_for_ranking(items, values) if poll["method"] == "ranking" else items,
        values=values,
        stored=stored,
        criteria=criteria_of(poll) if poll["method"] in ("scores", "matrix") else [],
        scale=SCALE,
        dimension_names=dimension_names(workshop["id"]),
        method_label=method_labels().get(poll["method"], poll["method"]),
        instructions=instructions(poll),
        tally=tally_text(poll, values, items),
        texts=page_texts(poll),
        error=error,
        show_results=show_results,
        results=results(db, poll) if show_results else None,
    ), status


@bp.route("/w/p/<int:poll_id>", methods=["GET", "POST"])
def poll_page(poll_id):
    """A poll for participants; POST is the no-JavaScript twin of PUT /polls/{id}/ballot."""
    principal, away = participant_or_join()
    if away:
        return away
    workshop, poll = poll_in_reach(poll_id)
    if poll["status"] == "draft":
        raise NotFound("poll")
    items, mapping = poll_items(get_db(), poll)
    stored = stored_ballot(poll, principal, mapping)
    if request.method == "GET":
        return render_poll(principal, workshop, poll, items, stored)
    values = values_from_form(poll, request.form)

    def again(message, status):
        return render_poll(principal, workshop, poll, items, stored, values, message, status)

    if poll["status"] != "open":
        return again(_("Voting is closed."), 409)
    try:
        body = ballot_from_form(poll, items, request.form)
        if is_empty(body) and stored is None:
            raise BallotError({"ballot": [_("Choose at least one proposal.")]})
        clean = validate_ballot(poll, body, [i["id"] for i in items])
    except BallotError as e:
        return again(" ".join(str(m) for ms in e.fields.values() for m in ms), 422)
    try:
        cast_ballot(poll, principal, clean)
    except DomainError as e:
        return again(e.message, e.status)
    flash(_("Your vote is saved — you can still change it until the poll closes."))
    return redirect(url_for(".poll_page", poll_id=poll_id))
