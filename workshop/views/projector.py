"""The hall's screen: /projector/<projector_key>, no login, follows the facilitators."""

from flask import Blueprint, render_template

from ..db import get_db
from ..errors import ApiError, default_message
from ..store import roster, workshops
from .joining import hall_urls

bp = Blueprint("projector", __name__)


@bp.get("/projector/<key>")
def screen(key):
    """Full-screen page; an unknown key is a plain 404 that tells nothing."""
    workshop = workshops.find_by_projector_key(get_db(), key)
    if workshop is None:
        raise ApiError(404, default_message(404))
    dims = {d["key"]: d["name_id"] for d in roster.list_dimensions(get_db(), workshop["id"])}
    dims_en = {d["key"]: d["name"] for d in roster.list_dimensions(get_db(), workshop["id"])}
    return render_template(
        "projector/screen.html",
        workshop=workshop,
        key=key,
        urls=hall_urls(),
        dimensions=dims,
        dimensions_en=dims_en,
    )
