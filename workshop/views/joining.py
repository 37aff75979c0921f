"""Joining by code, shared by the join page and POST /api/v1/join (the join itself is
rules.participants.join), and by link code (a person adding their own second device).

Failed code look-ups are counted per address: after JOIN_MAX_FAILURES in a minute the
address gets 429 until the window passes, so codes cannot be guessed by brute force. Wrong
link codes count against the same allowance.

Successful joins are counted per address too (issue 12: each join is a new person with a
fresh submission allowance, so re-joining defeated the limits): at most JOINS_PER_ADDRESS
in JOIN_COUNT_WINDOW_SECONDS. A hall gives each device its own address; behind a NAT that
puts many devices on one address raise JOINS_PER_ADDRESS (0 turns the limit off), behind a
reverse proxy set PROXY_COUNT so the real address is counted. The machine itself and its
proxy (CONNECTION_LIMIT_EXEMPT, loopback by default) are not counted.
"""

import hashlib
import hmac
import io

import segno
from flask import current_app, request, url_for
from flask_babel import gettext as _

from ..auth import DEVICE_COOKIE, bearer_token
from ..db import get_db
from ..errors import ApiError
from ..lan import base_urls
from ..rules import participants as participant_rules
from ..store import participants, ratelimit, workshops

# At most this many failed joins (unknown or expired code) per address per window.
JOIN_MAX_FAILURES = 10
JOIN_WINDOW_SECONDS = 60
# The device cookie lives through the workshop and a little after.
DEVICE_COOKIE_AGE = 30 * 24 * 3600


def _limit_key():
    return f"join-fail:{request.remote_addr or '?'}"


def check_join_limit():
    """429 with Retry-After when this address failed too often."""
    count, retry_after = ratelimit.hits(get_db(), _limit_key(), JOIN_WINDOW_SECONDS)
    if count >= JOIN_MAX_FAILURES:
        raise ApiError(
            429,
            _(
                "Too many wrong codes. Wait %(s)d seconds, then check the code on the screen.",
                s=retry_after,
            ),
            headers={"Retry-After": str(retry_after)},
        )


def _joins_key():
    return f"join-ok:{request.remote_addr or '?'}"


def _counts_joins():
    config = current_app.config
    exempt = config.get("CONNECTION_LIMIT_EXEMPT") or ()
    return bool(config.get("JOINS_PER_ADDRESS")) and request.remote_addr not in exempt


def check_join_count():
    """429 with Retry-After when this address already brought in JOINS_PER_ADDRESS people."""
    if not _counts_joins():
        return
    config = current_app.config
    count, retry_after = ratelimit.hits(get_db(), _joins_key(), config["JOIN_COUNT_WINDOW_SECONDS"])
    if count >= config["JOINS_PER_ADDRESS"]:
        raise ApiError(
            429,
            _(
                "%(n)d people have already joined from this device. If you joined before,"
                " open Rembuk in the same browser as then; otherwise ask a facilitator, or"
                " wait %(s)d seconds.",
                n=count,
                s=retry_after,
            ),
            code="too_many_joins",
            headers={"Retry-After": str(retry_after)},
        )


def join_source():
    """A keyed hash of the joining address: groups joins by device, never stores the IP."""
    secret = current_app.config["SECRET_KEY"].encode()
    address = (request.remote_addr or "?").encode()
    return hmac.new(secret, b"join-source:" + address, hashlib.sha256).hexdigest()[:16]


def join_as(workshop, name, opd_id):
    """Join this device as a new participant: (participant, token); 429 when this address
    brought in too many people already (counted only once the join succeeded)."""
    check_join_count()
    db = get_db()
    joined = participant_rules.join(
        db, workshop, name, opd_id, device_label(), source=join_source()
    )
    if _counts_joins():
        ratelimit.hit(db, _joins_key(), current_app.config["JOIN_COUNT_WINDOW_SECONDS"])
    return joined


def workshop_for_code(code):
    """The workshop a join code opens; 404 (counted as a failure) when unknown or expired."""
    check_join_limit()
    db = get_db()
    workshop = workshops.find_by_code(db, code)
    if workshop is None or workshops.code_expired(workshop):
        ratelimit.hit(db, _limit_key(), JOIN_WINDOW_SECONDS)
        if workshop is None:
            message, error = _("Code not found — check the code on the screen."), "code_unknown"
        else:
            message, error = _("This code has expired — ask the facilitator."), "code_expired"
        raise ApiError(404, message, code=error, fields={"code": [message]})
    return workshop


def join_with_link_code(code):
    """Add this device to the person whose link code it is: (participant, token). A wrong,
    used or expired code is 404 on `link_code` and counts as a failed join code."""
    check_join_limit()
    db = get_db()
    try:
        return participant_rules.join_with_link_code(db, code, device_label())
    except participant_rules.LinkCodeRejected:
        ratelimit.hit(db, _limit_key(), JOIN_WINDOW_SECONDS)
        raise


def current_device_id():
    """The id of the live device whose token this request carries (bearer or cookie); 401
    when there is none (e.g. revoked a moment ago)."""
    token = bearer_token() or request.cookies.get(DEVICE_COOKIE)
    _row, device = participants.find_by_token(get_db(), token) if token else (None, None)
    if device is None:
        raise ApiError(401, _("The token is not valid."), code="invalid_token")
    return device["id"]


def device_label():
    """How a new device is labelled in the participant's device list (its browser)."""
    return (request.user_agent.string or "")[:200]


def join_url(code, base=None):
    """The URL a QR code or a typed address leads to."""
    path = url_for("participant.join_code", code=code)
    return (base or hall_urls()[0]) + path


def hall_urls():
    """Base URLs people in the hall can type (LAN addresses detected at start-up)."""
    return base_urls(current_app.config, request.host_url)


def qr_svg(data):
    """An SVG QR code, made locally (no internet)."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(
        buffer,
        kind="svg",
        scale=10,
        border=2,
        dark="#000",
        light="#fff",
        xmldecl=False,
        svgns=True,
        title=data,
    )
    return buffer.getvalue()


def set_device_cookie(response, token):
    """The participant's credential in this browser: httpOnly, same-site."""
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=DEVICE_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    return response
