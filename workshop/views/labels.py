"""Words a page shows for stored values, in the page's language: choice labels, long dates,
dimension and element names. Shared by every audience's pages (one copy, not one per page)."""

import datetime

from flask_babel import format_date, get_locale

from ..db import get_db
from ..store import roster


def english():
    """True when the page is in English (Indonesian is the default)."""
    return str(get_locale()) == "en"


def choice_labels(unbound, skip_empty=False):
    """value → label (in the page's language) of a SelectField declared on a form class."""
    return {c.value: str(c.label) for c in unbound.kwargs["choices"] if c.value or not skip_empty}


def full_date(value):
    """Selasa, 1 Agustus 2017 / Tuesday, August 1, 2017."""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    if not english():
        return format_date(value, "EEEE, d MMMM y")
    return format_date(value, "full")


def name_of(item):
    """A dimension's or element's name in the page's language."""
    return item["name"] if english() else item["name_id"]


def dimension_names(workshop_id, db=None):
    """Dimension key → its name in the page's language."""
    return {d["key"]: name_of(d) for d in roster.list_dimensions(db or get_db(), workshop_id)}


def dimensions_with_elements(workshop_id, db=None):
    """The workshop's dimensions in order, each with its elements, named for the page."""
    return [
        {
            "key": d["key"],
            "label": name_of(d),
            "elements": [{"key": e["key"], "label": name_of(e)} for e in d["elements"]],
        }
        for d in roster.list_dimensions(db or get_db(), workshop_id)
    ]
