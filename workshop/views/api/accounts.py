"""Tokens and identity: POST /auth/token, DELETE /auth/token, GET /me."""

from flask import current_app, jsonify, request
from flask_babel import gettext as _

from ...auth import bearer_token, current_principal, login_limited, record_login, require
from ...db import get_db
from ...errors import ApiError
from ...forms.accounts import LoginForm
from ...store import accounts, participants, workshops
from .blueprint import bp, doc, json_body, no_content, validate


@bp.post("/auth/token")
@doc(
    "Exchange a facilitator's username and password for a bearer token",
    body=LoginForm,
    responses={200: "{token}", 401: "wrong username or password", 429: "locked out"},
)
def issue_token():
    """Scripts and dashboards log in here; repeated failures lock the pair out for a while."""
    form = validate(LoginForm, json_body())
    address = request.remote_addr or "?"
    locked, retry_after = login_limited(form.username.data, address)
    if locked:
        raise ApiError(
            429,
            _("Too many failed logins. Try again in %(s)d seconds.", s=retry_after),
            headers={"Retry-After": str(retry_after)},
        )
    db = get_db()
    user = accounts.authenticate(db, form.username.data, form.password.data)
    record_login(form.username.data, address, ok=user is not None)
    if user is None:
        raise ApiError(401, _("Wrong username or password."), code="invalid_credentials")
    token = accounts.issue_token(db, user["id"], current_app.config["TOKEN_LIFETIME_HOURS"])
    return jsonify({"token": token, "facilitator": user})


@bp.delete("/auth/token")
@doc("Revoke the bearer token used for this request", responses={204: "revoked"})
@require("facilitator")
def revoke_token():
    """Log a script out."""
    token = bearer_token()
    if not token:
        raise ApiError(400, _("Send the token to revoke as a Bearer header."))
    accounts.revoke_token(get_db(), token)
    return no_content()


@bp.get("/me")
@doc("Who the credential belongs to", responses={200: "{kind, ...}"})
@require("facilitator", "participant", "projector")
def me():
    """Facilitator account, participant (with OPD), or the projector's workshop."""
    principal = current_principal()
    db = get_db()
    if principal.kind == "facilitator":
        return jsonify(
            {"kind": "facilitator", "facilitator": accounts.get_facilitator(db, principal.id)}
        )
    if principal.kind == "participant":
        return jsonify(
            {"kind": "participant", "participant": participants.get_participant(db, principal.id)}
        )
    workshop = workshops.get_workshop(db, principal.workshop_id)
    return jsonify(
        {"kind": "projector", "workshop": {"id": workshop["id"], "title": workshop["title"]}}
    )
