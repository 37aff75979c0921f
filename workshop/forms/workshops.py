"""A workshop's own facts: title, city, dates, template, time zone, planning period."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional, ValidationError

from . import TITLE_MAX, Form, none_if_empty, text_field

# Indonesia's time zones and their offsets from UTC in hours (times are stored in UTC).
TIMEZONES = {"WIB": 7, "WITA": 8, "WIT": 9}
# The planning period of the Draf Masterplan: at most this many years.
PERIOD_MAX_YEARS = 10


def period_year(label):
    """A year of the planning period (empty or null clears it)."""
    return IntegerField(
        label,
        filters=[none_if_empty],
        validators=[
            Optional(),
            NumberRange(2000, 2100, _l("Enter a year between 2000 and 2100.")),
        ],
    )


class WorkshopForm(Form):
    # `stages` is a list of objects: the views check each with StageForm (payloads.validate_list).
    extra_keys = {"stages"}

    title = text_field(
        _l("Title"),
        TITLE_MAX,
        _l("The title is required (max. %(max)d characters).", max=TITLE_MAX),
    )
    city = text_field(_l("City"), 100, _l("The city is required."))
    year = IntegerField(
        _l("Year"),
        validators=[
            Optional(),
            NumberRange(2000, 2100, _l("Enter a year between 2000 and 2100.")),
        ],
    )
    venue = text_field(_l("Venue"), TITLE_MAX)
    starts_on = DateField(
        _l("Start date"),
        validators=[InputRequired(_l("Enter the first day (YYYY-MM-DD)."))],
    )
    days = IntegerField(
        _l("Number of days"),
        default=4,
        validators=[Optional(), NumberRange(1, 14, _l("Between 1 and 14 days."))],
    )
    open_between_until = DateField(
        _l("Open between stages until"),
        validators=[Optional()],
    )
    template = SelectField(
        _l("Template"),
        choices=[
            SelectChoice(
                "bimtek-smart-city", _l("Bimtek Smart City (4-day agenda, OPD roster, dimensions)")
            ),
            SelectChoice("empty", _l("Empty")),
        ],
        default="bimtek-smart-city",
        validators=[Optional()],
    )
    timezone = SelectField(
        _l("Time zone"),
        choices=[
            SelectChoice("WIB", _l("WIB (UTC+7)")),
            SelectChoice("WITA", _l("WITA (UTC+8)")),
            SelectChoice("WIT", _l("WIT (UTC+9)")),
        ],
        default="WIB",
        validate_choice=False,
        validators=[
            Optional(),
            AnyOf(tuple(TIMEZONES), message=_l("Choose WIB, WITA or WIT.")),
        ],
    )
    period_start = period_year(_l("Planning period from (year)"))
    period_end = period_year(_l("Planning period to (year)"))

    def validate_period_end(self, field):
        start = self._fields.get("period_start")
        if start is None or start.errors or start.data is None or field.data is None:
            return  # a partial change is checked against the stored year (rules/workshops.py)
        message = period_problem(start.data, field.data)
        if message:
            raise ValidationError(message)


def period_problem(start, end):
    """Why a planning period is wrong (end before start, over ten years), or None."""
    if start is None or end is None:
        return None
    if end < start:
        return _l("The period must end in or after the year it starts.")
    if end - start + 1 > PERIOD_MAX_YEARS:
        return _l("The period spans at most %(n)d years.", n=PERIOD_MAX_YEARS)
    return None


class StageForm(Form):
    """One stage (tahap) of a workshop held in several stages months apart (issue 17)."""

    name = text_field(_l("Stage name"), 80, _l("Name the stage (max. 80 characters)."))
    starts_on = DateField(
        _l("First day of the stage"),
        validators=[InputRequired(_l("Enter the stage's first day (YYYY-MM-DD)."))],
    )
    days = IntegerField(
        _l("Days in the stage"),
        validators=[
            InputRequired(_l("Enter the number of days (1–10).")),
            NumberRange(1, 10, _l("Between 1 and 10 days.")),
        ],
    )
