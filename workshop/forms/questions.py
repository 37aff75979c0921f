"""Questions to a speaker (issue 16 item 9): asking one, and a facilitator's moderation."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Optional

from . import Form, text_field
from .worksheets import client_id_field

QUESTION_MAX = 280
ANSWER_MAX = 1000
STATUSES = ("visible", "hidden", "answered")


class QuestionForm(Form):
    """A participant's question: its text (1–280), a client_id, and whether to ask anonymously."""

    text = text_field(
        _l("Your question"),
        QUESTION_MAX,
        required=_l("Write your question."),
        description=_l("At most 280 characters."),
    )
    client_id = client_id_field()
    anonymous = BooleanField(_l("Ask anonymously"))


class QuestionModerationForm(Form):
    """A facilitator's PATCH: status (visible|hidden|answered), pinned, an answer note."""

    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("visible", _l("Shown")),
            SelectChoice("hidden", _l("Hidden")),
            SelectChoice("answered", _l("Answered")),
        ],
        validate_choice=False,
        validators=[
            Optional(),
            AnyOf(STATUSES, message=_l("Choose visible, hidden or answered.")),
        ],
    )
    pinned = BooleanField(_l("Pinned"))
    answer = text_field(_l("Answer (note)"), ANSWER_MAX)
