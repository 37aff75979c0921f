"""Programme fields of a proposal (issue 15): supporting OPDs, start and end year, indicators.

A JSON body carries `indicators` as a list of objects, which WTForms cannot read, so these
fields are checked here as plain values: `parse_program` takes the JSON keys (or the no-JS
form's repeated inputs through `from_formdata`) and returns (values, {field: [messages]}).
The workshop's rules (supporting OPDs of this workshop, not the responsible one) are checked
by rules/programmes.py on top.
"""

import re

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, TextAreaField
from wtforms.validators import InputRequired, Optional

from . import BIDI_CONTROLS, Form, strip, text_field

PROGRAM_KEYS = ("supporting_opd_ids", "year_start", "year_end", "indicators")
YEAR_MIN = 2000
YEAR_MAX = 2100
INDICATORS_MAX = 10
SUPPORTING_MAX = 20
REASON_MAX = 500
# Longest text of each indicator part (characters).
INDICATOR_LIMITS = {"name": 200, "unit": 40, "baseline": 80, "target": 80}
INDICATOR_PARTS = tuple(INDICATOR_LIMITS)
PART_LABELS = {
    "name": _l("indicator name"),
    "unit": _l("unit"),
    "baseline": _l("baseline"),
    "target": _l("target"),
}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _year(value, errors, name):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not (
        isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())
    ):
        errors.setdefault(name, []).append(_l("Write a year such as 2026."))
        return None
    year = int(value)
    if not YEAR_MIN <= year <= YEAR_MAX:
        errors.setdefault(name, []).append(
            _l("Write a year between %(low)d and %(high)d.", low=YEAR_MIN, high=YEAR_MAX)
        )
        return None
    return year


def _opd_ids(value, errors):
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        value = [value]
    ids = []
    for item in value:
        if isinstance(item, bool) or not (
            isinstance(item, int) or (isinstance(item, str) and item.strip().isdigit())
        ):
            errors.setdefault("supporting_opd_ids", []).append(
                _l("Choose OPDs from this workshop's list.")
            )
            return []
        if int(item) not in ids:
            ids.append(int(item))
    if len(ids) > SUPPORTING_MAX:
        errors.setdefault("supporting_opd_ids", []).append(
            _l("At most %(max)d supporting OPDs.", max=SUPPORTING_MAX)
        )
    return ids


def _text(value):
    """A JSON string or number as trimmed text (None for nothing)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError
    return strip(str(value))


def _indicators(value, errors):
    if value is None or value == "":
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        errors.setdefault("indicators", []).append(
            _l("Send a list of indicators, each with a name and a target.")
        )
        return []
    if len(value) > INDICATORS_MAX:
        errors.setdefault("indicators", []).append(
            _l("At most %(max)d indicators.", max=INDICATORS_MAX)
        )
        return []
    result = []
    for n, item in enumerate(value, start=1):
        unknown = set(item) - set(INDICATOR_PARTS)
        try:
            clean = {part: _text(item.get(part)) for part in INDICATOR_PARTS}
        except ValueError:
            unknown = unknown or {"?"}
            clean = {}
        problems = []
        if unknown:
            problems.append(_l("Indicator %(n)d: use only name, unit, baseline and target.", n=n))
        else:
            if not clean["name"]:
                problems.append(_l("Indicator %(n)d: write its name.", n=n))
            if not clean["target"]:
                problems.append(_l("Indicator %(n)d: write its target.", n=n))
            for part, limit in INDICATOR_LIMITS.items():
                if len(clean[part]) > limit:
                    problems.append(
                        _l(
                            "Indicator %(n)d: at most %(max)d characters in %(part)s.",
                            n=n,
                            max=limit,
                            part=PART_LABELS[part],
                        )
                    )
                if CONTROL.search(clean[part]) or BIDI_CONTROLS.search(clean[part]):
                    problems.append(_l("Indicator %(n)d: remove the control characters.", n=n))
        if problems:
            errors.setdefault("indicators", []).extend(problems)
        else:
            result.append(clean)
    return result


def parse_program(data):
    """The programme keys present in `data` → (values, errors); absent keys stay absent."""
    values, errors = {}, {}
    for name in ("year_start", "year_end"):
        if name in data:
            values[name] = _year(data[name], errors, name)
    if "supporting_opd_ids" in data:
        values["supporting_opd_ids"] = _opd_ids(data["supporting_opd_ids"], errors)
    if "indicators" in data:
        values["indicators"] = _indicators(data["indicators"], errors)
    return values, errors


def from_formdata(formdata):
    """The no-JS form's programme inputs → the JSON shape parse_program reads.

    Indicators come as repeated indicator_name / indicator_unit / indicator_baseline /
    indicator_target inputs; a row left wholly blank is no indicator.
    """
    data = {
        "year_start": formdata.get("year_start", ""),
        "year_end": formdata.get("year_end", ""),
        "supporting_opd_ids": [v for v in formdata.getlist("supporting_opd_ids") if v],
    }
    columns = {part: formdata.getlist(f"indicator_{part}") for part in INDICATOR_PARTS}
    rows = max((len(v) for v in columns.values()), default=0)
    indicators = []
    for i in range(rows):
        item = {part: (columns[part][i] if i < len(columns[part]) else "") for part in columns}
        if any(strip(v) for v in item.values()):
            indicators.append(item)
    data["indicators"] = indicators
    return data


class PromoteForm(Form):
    """Promote an issue or proposal into a programmes session."""

    session_id = IntegerField(
        _l("Programmes session"),
        validators=[InputRequired(_l("Choose a session whose purpose is programmes."))],
    )


class QuickWinForm(Form):
    """Mark a programme as a chosen quick win."""

    reason = text_field(
        _l("Why it is a quick win"),
        REASON_MAX,
        _l("Write why this programme is a quick win."),
        kind=TextAreaField,
    )


class PriorityForm(Form):
    """The poll that ranks a dimension's programmes (empty: let the rule choose)."""

    poll_id = IntegerField(_l("Priority poll"), validators=[Optional()])
