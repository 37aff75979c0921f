"""Jinja helpers: Indonesian number/date formats and what every page needs."""

import datetime
import re

from flask_babel import format_date, format_decimal, format_time, get_locale
from flask_babel import gettext as _

from .auth import current_principal


def idr(value):
    """Rupiah amounts: 1.500.000 (Indonesian) or 1,500,000 (English)."""
    if value is None or value == "":
        return ""
    return format_decimal(int(value))


def long_date(value):
    """1 Agustus 2017 / August 1, 2017."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return format_date(value, format="long")


def local_time(value):
    """A stored UTC timestamp as the hall's clock time (08.30 WIB / 08:30)."""
    if not value:
        return ""
    moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    text = format_time(moment, "HH:mm")
    return clock(text)


def clock(value):
    """08:30 → 08.30, the Indonesian way of writing times."""
    if not value:
        return ""
    return value.replace(":", ".") if str(get_locale()) == "id" else value


# The Bimtek's stages as the agenda stores them: "Tahap I" … "Tahap IV", maybe with more after.
TAHAP = re.compile(r"^Tahap(\s+)(IV|I{1,3})\b")


def stage_label(value):
    """A day's stage for display: "Tahap II" reads "Stage II" on English pages (anything after it
    and every other stage name stay as typed; the stored value is never changed)."""
    if not value or str(get_locale()) != "en":
        return value
    return TAHAP.sub(r"Stage\1\2", value, count=1)


def measure(value, method):
    """A poll result's value with what it measures ("7 titik", "rata-rata 4,2", "Borda 12"): the
    words results-view.js uses once its script runs (the result_units() macro), for the page
    before it does."""
    if value is None or value == "":
        return ""
    n = format_decimal(value, format="#,##0.##")
    one = value == 1
    if method == "dots":
        return _("%(n)s dot", n=n) if one else _("%(n)s dots", n=n)
    if method in ("points", "allocation"):
        return _("%(n)s point", n=n) if one else _("%(n)s points", n=n)
    if method == "approval":
        return _("%(n)s approval", n=n) if one else _("%(n)s approvals", n=n)
    if method == "ranking":
        return _("Borda %(n)s", n=n)
    if method in ("scores", "rating"):
        return _("mean %(n)s", n=n)
    return n


def init_app(app):
    """Register filters and the `principal` template global."""
    app.add_template_filter(idr)
    app.add_template_filter(long_date)
    app.add_template_filter(clock)
    app.add_template_filter(local_time)
    app.add_template_filter(stage_label)
    app.add_template_filter(measure)

    @app.context_processor
    def inject_principal():
        return {"principal": current_principal()}
