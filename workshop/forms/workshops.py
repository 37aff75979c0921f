"""A workshop's own facts: title, city, dates, template."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from . import TITLE_MAX, Form, text_field


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
