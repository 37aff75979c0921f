"""Facilitator pages (login required), one module per capability."""

from flask import Blueprint

bp = Blueprint("facilitator", __name__)

from . import agenda, console, exports, notulensi, pages, participants, polls, roster, wall  # noqa: E402,F401  (routes register on bp)
