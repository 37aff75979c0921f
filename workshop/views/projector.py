"""The hall's screen: /projector/<projector_key>, no login, follows the facilitators."""

import datetime

from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_babel import gettext as _

from ..db import get_db
from ..errors import ApiError, default_message
from ..export import model
from ..followup import named, summary
from ..store import roster, workshops
from ..templating import long_date
from ..trend_chart import svg
from .joining import hall_urls

bp = Blueprint("projector", __name__)
# How many rows each list of the dashboard view shows at most ("and n more" says the rest).
DASHBOARD_ROWS = 6
# The trend chart's height (800 wide) in the dashboard view's tall left panel.
DASHBOARD_CHART_HEIGHT = 620


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


@bp.get("/projector/<key>/dashboard")
def dashboard(key):
    """The monitoring dashboard's content for the projector's dashboard view (issue 17): the
    page's own partial, lists cut to what a wall can show; read-only, by the projector key."""
    workshop = workshops.find_by_projector_key(get_db(), key)
    if workshop is None:
        raise ApiError(404, default_message(404))
    data = model.gather(get_db(), workshop["id"])
    lang = "en" if str(get_locale()).startswith("en") else "id"
    view = named(summary(data, datetime.date.today()), data, lang, limit=DASHBOARD_ROWS, short=True)
    chart = svg(
        view["trend"],
        _("Average progress over time"),
        _("Average percent complete of all programmes and actions, per day of reporting."),
        date_label=long_date,
        empty_text=_("No progress reported yet."),
        height=DASHBOARD_CHART_HEIGHT,
    )
    response = render_template("projector/dashboard.html", view=view, chart=chart)
    return response, 200, {"Cache-Control": "no-store"}
