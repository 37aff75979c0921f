"""Front door and health check."""

from flask import Blueprint, jsonify, redirect, url_for

from ..auth import current_principal

bp = Blueprint("main", __name__)


@bp.get("/healthz")
def healthz():
    """Liveness for scripts and load balancers (no auth, no database work)."""
    return jsonify({"status": "ok"})


@bp.get("/")
def index():
    """Facilitators go to their workshops, participants to theirs, everyone else to join."""
    principal = current_principal()
    if principal.kind == "facilitator":
        return redirect(url_for("facilitator.dashboard"))
    if principal.kind == "participant":
        return redirect(url_for("participant.home"))
    return redirect(url_for("participant.join"))
