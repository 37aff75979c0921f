"""Polls: their settings, opening with a timer, decisions recorded on a result."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional, ValidationError

from ..polls.methods import METHODS, REGISTRY
from . import TITLE_MAX, Form, text_field

# The registry of poll methods decides which exist (workshop/polls/methods/).
POLL_METHODS = METHODS


class PollForm(Form):
    """A poll's scalar settings; idea_ids and criteria are lists, checked by the view."""

    title = text_field(
        _l("Title"),
        TITLE_MAX,
        _l("The title is required (max. %(max)d characters).", max=TITLE_MAX),
    )
    method = SelectField(
        _l("Method"),
        choices=[SelectChoice(m.key, m.choice_label or m.label) for m in REGISTRY.values()],
        validate_choice=False,  # AnyOf says it in the page's language
        validators=[
            InputRequired(_l("Choose a voting method.")),
            AnyOf(POLL_METHODS, message=_l("Choose a voting method.")),
        ],
    )
    budget = IntegerField(
        _l("Budget"),
        validators=[Optional(), NumberRange(1, 10000, _l("Between 1 and 10,000."))],
        description=_l("Dots or points per voter; for ranking, how many to rank."),
    )
    max_per_item = IntegerField(
        _l("At most per proposal"),
        validators=[Optional(), NumberRange(1, 10000, _l("Between 1 and 10,000."))],
    )
    anonymous = BooleanField(_l("Anonymous"), default=True)
    results = SelectField(
        _l("Results"),
        choices=[
            SelectChoice("live", _l("Live for everyone")),
            SelectChoice("after_close", _l("Only after closing")),
        ],
        validate_choice=False,
        validators=[
            Optional(),
            AnyOf(("live", "after_close"), message=_l("Choose live or only after closing.")),
        ],
    )
    ballot_scope = SelectField(
        _l("Ballots"),
        choices=[
            SelectChoice("participant", _l("One per participant")),
            SelectChoice("opd", _l("One per OPD")),
        ],
        validate_choice=False,
        validators=[
            Optional(),
            AnyOf(("participant", "opd"), message=_l("Choose one per participant or one per OPD.")),
        ],
    )


class PollOpenForm(Form):
    duration_seconds = IntegerField(
        _l("Close automatically after (seconds)"),
        validators=[Optional(), NumberRange(10, 24 * 3600, _l("Between 10 seconds and 24 hours."))],
    )


class DecisionForm(Form):
    idea_id = IntegerField(_l("Proposal"), validators=[InputRequired(_l("Choose the proposal."))])
    label = text_field(_l("Decision"), 120, description=_l("e.g. Quick win Smart Governance"))
    reason = text_field(
        _l("Reason"),
        1000,
        _l("Say why (max. %(max)d characters).", max=1000),
        kind=TextAreaField,
    )

    def validate_idea_id(self, field):
        if field.data is None:
            field.errors[:] = []  # instead of WTForms' untranslated "Not a valid integer value."
            raise ValidationError(_l("Choose the proposal."))
