"""A poll from the top vision keywords: how many keywords, the poll's title and method."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, NumberRange

from ..polls.methods import REGISTRY
from . import TITLE_MAX, Form, text_field

KEYWORD_POLL_MIN, KEYWORD_POLL_MAX = 2, 20


class KeywordPollForm(Form):
    """The console's "poll from the top keywords" form (the rest are each method's defaults)."""

    count = IntegerField(
        _l("Number of top keywords"),
        default=5,
        validators=[
            InputRequired(_l("Enter how many keywords (2 to 20).")),
            NumberRange(
                KEYWORD_POLL_MIN, KEYWORD_POLL_MAX, _l("Enter how many keywords (2 to 20).")
            ),
        ],
    )
    title = text_field(
        _l("Poll title"),
        TITLE_MAX,
        _l("The title is required (max. %(max)d characters).", max=TITLE_MAX),
    )
    method = SelectField(
        _l("Method"),
        choices=[SelectChoice(m.key, m.choice_label or m.label) for m in REGISTRY.values()],
        default="dots",
        validate_choice=False,
        validators=[
            InputRequired(_l("Choose a voting method.")),
            AnyOf(tuple(REGISTRY), message=_l("Choose a voting method.")),
        ],
    )
