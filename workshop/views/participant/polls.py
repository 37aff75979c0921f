"""The participant's ballot page: one screen per poll method, and the open polls on the home.

Without JavaScript the page is a plain form (number inputs, radios, checkboxes, rank numbers)
that posts here: the poll's method (workshop/polls/methods/) turns the form into the JSON
body PUT /api/v1/polls/{id}/ballot takes, and rules.ballots.cast_ballot checks and stores it,
the one operation behind both paths. With JavaScript, static/js/ballot.js and the method's
widget (static/js/ballot/<fields>.js) turn the same markup into steppers, a reorderable list
and live results, and send the body to the API itself.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...auth import DEVICE_COOKIE, current_principal
from ...db import get_db
from ...polls.methods import SCALE, BallotError
from ...polls.methods import get as method_of
from ...polls.methods import labels as method_labels
from ...results import poll_items, results
from ...rules import DomainError, FieldError
from ...rules import ballots as ballot_rules
from ...rules import polls as poll_rules
from ...store import NotFound, participants
from ..access import poll_in_reach
from ..labels import dimension_names
from .blueprint import bp

# Placeholders of the points tally line, filled in by ballot.js.
PLACEHOLDERS = {"total": "{total}", "budget": "{budget}", "left": "{left}", "over": "{over}"}


def participant_or_join():
    """(principal, None) for a joined participant, else (None, a redirect to the join page)."""
    principal = current_principal()
    if principal.kind == "participant":
        return principal, None
    response = redirect(url_for(".join"))
    if principal.kind == "anonymous" and request.cookies.get(DEVICE_COOKIE):
        response.delete_cookie(DEVICE_COOKIE)  # a revoked or unknown device starts again
    return None, response


def open_polls(db, workshop_id, principal):
    """The home's "Pemungutan suara" block: polls open now, the latest opened first (it is the
    one the room is on), and whether this voter has voted."""
    labels = method_labels()
    now_open = sorted(
        poll_rules.open_now(db, workshop_id),
        key=lambda p: (p["opened_at"] or "", p["id"]),
        reverse=True,
    )
    return [
        {
            "id": p["id"],
            "title": p["title"],
            "method": labels.get(p["method"], p["method"]),
            "closes_at": p["closes_at"],
            "voted": ballot_rules.stored_ballot(db, p, principal) is not None
            or ballot_rules.voted_before(db, p, principal),
        }
        for p in now_open
    ]


def page_texts(poll):
    """Words ballot.js shows (translated here, passed as data-texts); {x} are filled in JS."""
    texts = {
        "more": _("Add a dot for %(title)s", title="{title}"),
        "less": _("Remove a dot from %(title)s", title="{title}"),
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
        # Scores: one proposal at a time on a phone (issue 16 item 8).
        "progress": _("Proposal %(n)s of %(count)s", n="{n}", count="{count}"),
        "progressScored": _("%(scored)s of %(count)s scored", scored="{scored}", count="{count}"),
        "previous": _("Previous proposal"),
        "next": _("Next proposal"),
        "showAll": _("Show all proposals"),
        "showOne": _("One proposal at a time"),
    }
    texts.update(method_of(poll["method"]).widget_words())
    return texts


def render_poll(principal, workshop, poll, items, stored, values=None, error=None, status=200):
    """The ballot page; `values` (the posted form) replace the stored ballot's."""
    db = get_db()
    method = method_of(poll["method"])
    if values is None:
        values = method.values_of(poll, stored["body"]) if stored else {}
    show_results = poll["results"] == "live" or poll["status"] == "closed"
    public = poll_rules.public_poll(db, poll, with_ideas=False)
    return render_template(
        "participant/poll.html",
        workshop=workshop,
        poll=public,
        me=participants.get_participant(db, principal.id),
        items=method.order_items(items, values),
        values=values,
        stored=stored,
        criteria=method.page_criteria(poll),
        ballot_fields=method.fields,
        scale=SCALE,
        dimension_names=dimension_names(workshop["id"]),
        method_label=method_labels().get(poll["method"], poll["method"]),
        instructions=method.instructions(poll),
        tally=method.tally_text(poll, values, items),
        texts=page_texts(poll),
        error=error,
        show_results=show_results,
        results=results(db, poll) if show_results else None,
        voted_before=ballot_rules.voted_before(db, poll, principal),
        voted_before_text=ballot_rules.already_voted_message(),
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
    db = get_db()
    items, mapping = poll_items(db, poll)
    stored = ballot_rules.carried_ballot(db, poll, principal, mapping)
    if request.method == "GET":
        return render_poll(principal, workshop, poll, items, stored)
    method = method_of(poll["method"])
    values = method.values_from_form(request.form)

    def again(message, status):
        return render_poll(principal, workshop, poll, items, stored, values, message, status)

    try:
        ballot_rules.check_open(poll)
        body = method.ballot_from_form(poll, items, request.form)
        if not any(body.values()) and stored is None:
            raise BallotError({"ballot": [_("Choose at least one proposal.")]})
        ballot_rules.cast_ballot(db, poll, principal, body)
    except (BallotError, FieldError) as e:  # the form could not be read / the ballot is wrong
        return again(" ".join(str(m) for ms in e.fields.values() for m in ms), 422)
    except DomainError as e:
        return again(e.message, e.status)
    flash(_("Your vote is saved — you can still change it until the poll closes."))
    return redirect(url_for(".poll_page", poll_id=poll_id))
