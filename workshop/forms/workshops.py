"""A workshop's own facts: title, city, dates, template."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from . import TITLE_MAX, Form, text_field


class WorkshopForm(Form):
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
