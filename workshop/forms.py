"""WTForms classes shared by the HTML forms, the JSON API and socket payloads."""

import re

from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

# Limits on text fields (the form messages quote them).
TITLE_MAX = 200
NAME_MAX = 80
OPD_CODE_MAX = 30
OPD_NAME_MAX = 200
STAGE_MAX = 60
DIM_NAME_MAX = 100
KEY_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
SESSION_KINDS = ("talk", "ideas", "vote", "discussion")
SESSION_STATUSES = ("planned", "open", "closed")


class Form(FlaskForm):
    """Every form: WTForms' built-in messages come from our catalogue (it has no Indonesian)."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return get_translations()


def strip(value):
    """Filter: trim surrounding whitespace from text input."""
    return value.strip() if isinstance(value, str) else value


def none_if_empty(value):
    """Filter: an empty choice is no choice (None), so "" never reaches the store."""
    return value or None


def no_control_chars(form, field):
    """Reject control characters (they break documents and terminals)."""
    if field.data and re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", field.data):
        raise ValidationError(_l("Remove the control characters from this text."))


class LoginForm(Form):
    username = StringField(
        _l("Username"),
        filters=[strip],
        validators=[DataRequired(_l("Enter your username.")), Length(max=64)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password.")), Length(max=200)],
    )


class WorkshopForm(Form):
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[
            DataRequired(_l("The title is required (max. %(max)d characters).", max=TITLE_MAX)),
            Length(max=TITLE_MAX, message=_l("At most %(max)d characters.", max=TITLE_MAX)),
            no_control_chars,
        ],
    )
    city = StringField(
        _l("City"),
        filters=[strip],
        validators=[
            DataRequired(_l("The city is required.")),
            Length(max=100, message=_l("At most %(max)d characters.", max=100)),
            no_control_chars,
        ],
    )
    year = IntegerField(
        _l("Year"),
        validators=[
            Optional(),
            NumberRange(2000, 2100, _l("Enter a year between 2000 and 2100.")),
        ],
    )
    venue = StringField(
        _l("Venue"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=TITLE_MAX, message=_l("At most %(max)d characters.", max=TITLE_MAX)),
            no_control_chars,
        ],
    )
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


class FacilitatorAddForm(Form):
    username = StringField(
        _l("Username"),
        filters=[strip],
        validators=[DataRequired(_l("Enter a username.")), Length(max=64)],
    )


class OpdForm(Form):
    code = StringField(
        _l("Short name"),
        filters=[strip],
        validators=[
            DataRequired(
                _l("The short name is required (max. %(max)d characters).", max=OPD_CODE_MAX)
            ),
            Length(
                max=OPD_CODE_MAX,
                message=_l("The short name may have at most %(max)d characters.", max=OPD_CODE_MAX),
            ),
            no_control_chars,
        ],
    )
    name = StringField(
        _l("Full name"),
        filters=[strip],
        validators=[
            DataRequired(
                _l("The full name is required (max. %(max)d characters).", max=OPD_NAME_MAX)
            ),
            Length(
                max=OPD_NAME_MAX,
                message=_l("The full name may have at most %(max)d characters.", max=OPD_NAME_MAX),
            ),
            no_control_chars,
        ],
    )


class DimensionForm(Form):
    """A dimension; ElementForm (the same fields) describes one of its elements."""

    key = StringField(
        _l("Key"),
        filters=[strip],
        validators=[
            DataRequired(_l("The key is required, e.g. governance.")),
            Regexp(
                KEY_PATTERN,
                message=_l(
                    "Use a lowercase letter first, then lowercase letters, digits or _"
                    " (max. 40), e.g. smart_mobility."
                ),
            ),
        ],
    )
    name = StringField(
        _l("Name (English)"),
        filters=[strip],
        validators=[
            DataRequired(
                _l("The English name is required (max. %(max)d characters).", max=DIM_NAME_MAX)
            ),
            Length(
                max=DIM_NAME_MAX,
                message=_l(
                    "The English name may have at most %(max)d characters.", max=DIM_NAME_MAX
                ),
            ),
            no_control_chars,
        ],
    )
    name_id = StringField(
        _l("Name (Indonesian)"),
        filters=[strip],
        validators=[
            DataRequired(
                _l("The Indonesian name is required (max. %(max)d characters).", max=DIM_NAME_MAX)
            ),
            Length(
                max=DIM_NAME_MAX,
                message=_l(
                    "The Indonesian name may have at most %(max)d characters.", max=DIM_NAME_MAX
                ),
            ),
            no_control_chars,
        ],
    )


class ElementForm(DimensionForm):
    """An element of a dimension: key, English and Indonesian names."""


class MoveForm(Form):
    """Reordering a dimension or an element one place up or down."""

    direction = SelectField(
        _l("Direction"),
        choices=[
            SelectChoice("up", _l("Up")),
            SelectChoice("down", _l("Down")),
        ],
        validate_choice=False,
        validators=[
            InputRequired(_l("Choose up or down.")),
            AnyOf(["up", "down"], message=_l("Choose up or down.")),
        ],
    )


class OpdImportForm(Form):
    """The CSV upload of the roster page (the API also takes a text/csv body)."""

    file = FileField(_l("CSV file"))


class SessionForm(Form):
    """An agenda session; `days` and `dimensions` come from the workshop (set by the view)."""

    day = IntegerField(_l("Day"), validators=[InputRequired(_l("Choose the day."))])
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[
            DataRequired(_l("The title is required (max. %(max)d characters).", max=TITLE_MAX)),
            Length(max=TITLE_MAX, message=_l("At most %(max)d characters.", max=TITLE_MAX)),
            no_control_chars,
        ],
    )
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice("talk", _l("Talk")),
            SelectChoice("ideas", _l("Proposals")),
            SelectChoice("vote", _l("Vote")),
            SelectChoice("discussion", _l("Discussion")),
        ],
        validate_choice=False,
        validators=[
            InputRequired(_l("Choose the kind of session.")),
            AnyOf(SESSION_KINDS, message=_l("Choose the kind of session.")),
        ],
    )
    starts_at = StringField(
        _l("Starts"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the start time (HH:MM).")),
            Regexp(TIME_PATTERN, message=_l("Use HH:MM, e.g. 08:30.")),
        ],
    )
    ends_at = StringField(
        _l("Ends"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the end time (HH:MM).")),
            Regexp(TIME_PATTERN, message=_l("Use HH:MM, e.g. 08:30.")),
        ],
    )
    dimension = SelectField(
        _l("Dimension"),
        choices=[],
        filters=[lambda v: v or None],
        validate_choice=False,
        validators=[Optional()],
    )
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("planned", _l("Planned")),
            SelectChoice("open", _l("Open")),
            SelectChoice("closed", _l("Closed")),
        ],
        default="planned",
        validate_choice=False,
        validators=[
            Optional(),
            AnyOf(SESSION_STATUSES, message=_l("Choose planned, open or closed.")),
        ],
    )

    def __init__(self, *args, days=1, dimensions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.max_day = days
        self.dimension_keys = tuple(dimensions)
        if "dimension" in self._fields:
            # A tuple, not SelectChoice: the OpenAPI schema leaves the empty value out of enum.
            self.dimension.choices = [SelectChoice("", _l("(none)"))] + [
                SelectChoice(d, d) for d in dimensions
            ]

    def validate_day(self, field):
        if field.data is None or not 1 <= field.data <= self.max_day:
            field.errors[:] = []  # instead of WTForms' untranslated "Not a valid integer value."
            raise ValidationError(_l("Choose a day between 1 and %(n)d.", n=self.max_day))

    def validate_dimension(self, field):
        if field.data is not None and field.data not in self.dimension_keys:
            raise ValidationError(_l("Choose one of this workshop's dimensions, or none."))

    def validate_ends_at(self, field):
        starts = self._fields.get("starts_at")
        if starts is None or starts.errors:  # a malformed start has its own message
            return
        if starts.data and field.data and field.data <= starts.data:
            raise ValidationError(_l("The session must end after it starts."))


class DayForm(Form):
    """A day of the agenda: its stage label (Tahap I …); an empty label is allowed."""

    stage = StringField(
        _l("Stage"),
        filters=[strip],
        validators=[
            Length(max=STAGE_MAX, message=_l("At most %(max)d characters.", max=STAGE_MAX)),
            no_control_chars,
        ],
    )

    def validate_stage(self, field):
        if not field.raw_data:
            raise ValidationError(
                _l("Enter the stage (max. %(max)d characters), e.g. Tahap I.", max=STAGE_MAX)
            )


class JoinForm(Form):
    code = StringField(
        _l("Join code"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the code shown on the screen.")), Length(max=20)],
    )
    name = StringField(
        _l("Your name"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter your name (max. %(max)d characters).", max=NAME_MAX)),
            Length(max=NAME_MAX, message=_l("At most %(max)d characters.", max=NAME_MAX)),
            no_control_chars,
        ],
    )
    opd_id = IntegerField(_l("Your OPD"), validators=[InputRequired(_l("Choose your OPD."))])


class ParticipantForm(Form):
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter a name (max. %(max)d characters).", max=NAME_MAX)),
            Length(max=NAME_MAX, message=_l("At most %(max)d characters.", max=NAME_MAX)),
            no_control_chars,
        ],
    )
    opd_id = IntegerField(_l("OPD"), validators=[InputRequired(_l("Choose the OPD."))])


class MergeParticipantForm(Form):
    into = IntegerField(
        _l("Keep"), validators=[InputRequired(_l("Choose the participant to keep."))]
    )


# --- Proposals (usulan) ------------------------------------------------------------------
IDEA_TITLE_MAX = 140
IDEA_DESCRIPTION_MAX = 2000
IDEA_PROBLEM_MAX = 1000
FUNDING_MAX = 100
HORIZONS = ("quick_win", "short", "medium", "long")


class RupiahField(StringField):
    """Budget in rupiah as people type it ("1.500.000", "1,5 jt", "2 M"); data is an int."""

    def process_formdata(self, valuelist):
        from .budget import parse_rupiah

        self.raw_text = valuelist[0] if valuelist else ""
        if not self.raw_text or not str(self.raw_text).strip():
            self.data = None
            return
        try:
            self.data = parse_rupiah(self.raw_text)
        except ValueError as e:
            self.data = None
            raise ValueError(
                _l("Write the budget like 1.500.000, 1,5 jt or 2 M (whole rupiah).")
            ) from e


class IdeaForm(Form):
    """A proposal; `dimensions` ({key: [element keys]}) and `opd_ids` come from the workshop."""

    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[
            DataRequired(
                _l("The title is required (max. %(max)d characters).", max=IDEA_TITLE_MAX)
            ),
            Length(
                max=IDEA_TITLE_MAX,
                message=_l("The title is required (max. %(max)d characters).", max=IDEA_TITLE_MAX),
            ),
            no_control_chars,
        ],
    )
    description = TextAreaField(
        _l("Description"),
        filters=[strip],
        validators=[
            Optional(),
            Length(
                max=IDEA_DESCRIPTION_MAX,
                message=_l("At most %(max)d characters.", max=IDEA_DESCRIPTION_MAX),
            ),
            no_control_chars,
        ],
    )
    problem = TextAreaField(
        _l("Problem addressed"),
        filters=[strip],
        validators=[
            Optional(),
            Length(
                max=IDEA_PROBLEM_MAX,
                message=_l("At most %(max)d characters.", max=IDEA_PROBLEM_MAX),
            ),
            no_control_chars,
        ],
    )
    dimension = StringField(
        _l("Dimension"),
        filters=[strip],
        validators=[DataRequired(_l("Choose a dimension."))],
    )
    # "" means none: Optional() stops the chain before the inline validator could say so.
    element = StringField(_l("Element"), filters=[strip, none_if_empty], validators=[Optional()])
    opd_id = IntegerField(
        _l("Proposing OPD"), validators=[Optional()], description=_l("Defaults to your OPD.")
    )
    responsible_opd_id = IntegerField(_l("Responsible OPD"), validators=[Optional()])
    horizon = SelectField(
        _l("Horizon"),
        choices=[
            SelectChoice("", _l("(not set)")),
            SelectChoice("quick_win", _l("Quick win (≤ 12 months)")),
            SelectChoice("short", _l("Short term (1 year)")),
            SelectChoice("medium", _l("Medium term (5 years)")),
            SelectChoice("long", _l("Long term (10 years)")),
        ],
        filters=[none_if_empty],
        validators=[Optional()],
    )
    budget_idr = RupiahField(_l("Budget estimate (Rp)"), validators=[Optional()])
    funding_source = StringField(
        _l("Funding source"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=FUNDING_MAX, message=_l("At most %(max)d characters.", max=FUNDING_MAX)),
            no_control_chars,
        ],
        description=_l("APBD, APBN, CSR, KPBU, private, community …"),
    )
    client_id = StringField(
        validators=[
            Optional(),
            Regexp(r"^[A-Za-z0-9_-]{1,64}$", message=_l("Send a UUID or similar (max. 64).")),
        ]
    )

    def __init__(self, *args, dimensions=None, opd_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.known_dimensions = dimensions or {}
        self.known_opds = set(opd_ids)

    def validate_dimension(self, field):
        if field.data and field.data not in self.known_dimensions:
            raise ValidationError(_l("Choose one of this workshop's dimensions."))

    def validate_element(self, field):
        dimension = self._fields.get("dimension")
        if not field.data:
            field.data = None
            return
        if dimension is None:
            return  # partial update: the view checks against the stored dimension
        if field.data not in self.known_dimensions.get(dimension.data, ()):
            raise ValidationError(_l("Choose an element of the chosen dimension."))

    def validate_opd_id(self, field):
        if field.data is not None and field.data not in self.known_opds:
            raise ValidationError(_l("Choose an OPD from this workshop's list."))

    def validate_responsible_opd_id(self, field):
        self.validate_opd_id(field)

    def validate_horizon(self, field):
        field.data = field.data or None


class IdeaModerationForm(Form):
    """What only facilitators change: status and cluster (group)."""

    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("visible", _l("Visible")),
            SelectChoice("hidden", _l("Hidden")),
            SelectChoice("pending", _l("Waiting for approval")),
        ],
        validators=[Optional()],
    )
    group = StringField(
        _l("Group"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=80, message=_l("At most %(max)d characters.", max=80)),
            no_control_chars,
        ],
    )


class IdeaMergeForm(Form):
    into = IntegerField(
        _l("Merge into"), validators=[InputRequired(_l("Choose the proposal to keep."))]
    )


class IdeaSettingsForm(Form):
    """Per-session collection settings."""

    fields = SelectMultipleField(
        _l("Optional fields shown"),
        choices=[
            SelectChoice("description", _l("Description")),
            SelectChoice("problem", _l("Problem addressed")),
            SelectChoice("element", _l("Element")),
            SelectChoice("opd_id", _l("Proposing OPD")),
            SelectChoice("responsible_opd_id", _l("Responsible OPD")),
            SelectChoice("horizon", _l("Horizon")),
            SelectChoice("budget_idr", _l("Budget estimate (Rp)")),
            SelectChoice("funding_source", _l("Funding source")),
        ],
        validators=[Optional()],
    )
    authorship = SelectField(
        _l("Authors shown as"),
        choices=[
            SelectChoice("name_opd", _l("Name and OPD")),
            SelectChoice("opd", _l("OPD only")),
            SelectChoice("anonymous", _l("Anonymous")),
        ],
        validators=[Optional()],
    )
    premoderation = BooleanField(_l("Proposals wait for approval before the wall shows them"))


# --- Polls ---------------------------------------------------------------------------------
POLL_METHODS = ("dots", "points", "ranking", "scores", "matrix", "approval")


class PollForm(Form):
    """A poll's scalar settings; idea_ids and criteria are lists, checked by the view."""

    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[
            DataRequired(_l("The title is required (max. %(max)d characters).", max=TITLE_MAX)),
            Length(max=TITLE_MAX, message=_l("At most %(max)d characters.", max=TITLE_MAX)),
            no_control_chars,
        ],
    )
    method = SelectField(
        _l("Method"),
        choices=[
            SelectChoice("dots", _l("Dots")),
            SelectChoice("points", _l("Points (distribute 100)")),
            SelectChoice("ranking", _l("Ranking")),
            SelectChoice("scores", _l("Scores on criteria")),
            SelectChoice("matrix", _l("Impact × effort matrix")),
            SelectChoice("approval", _l("Approval")),
        ],
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
    label = StringField(
        _l("Decision"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=120, message=_l("At most %(max)d characters.", max=120)),
            no_control_chars,
        ],
        description=_l("e.g. Quick win Smart Governance"),
    )
    reason = TextAreaField(
        _l("Reason"),
        filters=[strip],
        validators=[
            DataRequired(_l("Say why (max. %(max)d characters).", max=1000)),
            Length(max=1000, message=_l("At most %(max)d characters.", max=1000)),
            no_control_chars,
        ],
    )

    def validate_idea_id(self, field):
        if field.data is None:
            field.errors[:] = []  # instead of WTForms' untranslated "Not a valid integer value."
            raise ValidationError(_l("Choose the proposal."))


# --- Console: projector display, timer, notulensi ---------------------------------------
TIMER_MAX_SECONDS = 4 * 3600
NOTE_MAX = 20000


class DisplayForm(Form):
    view = SelectField(
        _l("Show"),
        choices=[
            SelectChoice("join", _l("Join screen")),
            SelectChoice("ideas", _l("Proposal wall")),
            SelectChoice("results", _l("Results")),
            SelectChoice("timer", _l("Timer")),
            SelectChoice("agenda", _l("Agenda of the day")),
            SelectChoice("message", _l("Message")),
        ],
        validators=[InputRequired(_l("Choose what the screen shows."))],
    )
    session_id = IntegerField(_l("Session"), validators=[Optional()])
    poll_id = IntegerField(_l("Poll"), validators=[Optional()])
    text = TextAreaField(
        _l("Message"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=500, message=_l("At most %(max)d characters.", max=500)),
            no_control_chars,
        ],
    )
    sound = BooleanField(_l("Sound at the end of the timer"))


class TimerForm(Form):
    seconds = IntegerField(
        _l("Seconds"),
        validators=[
            InputRequired(_l("Enter the time in seconds.")),
            NumberRange(1, TIMER_MAX_SECONDS, _l("Between 1 second and 4 hours.")),
        ],
    )


class TimerAddForm(Form):
    seconds = IntegerField(
        _l("Seconds"),
        default=60,
        validators=[
            Optional(),
            NumberRange(-3600, 3600, _l("Add or remove at most one hour at a time.")),
        ],
    )


class NoteForm(Form):
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice("note", _l("Note")),
            SelectChoice("decision", _l("Decision")),
            SelectChoice("action", _l("Action item")),
        ],
        validators=[InputRequired(_l("Choose the kind of note."))],
    )
    body = TextAreaField(
        _l("Text"),
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=_l("At most %(max)d characters.", max=NOTE_MAX)),
            no_control_chars,
        ],
    )
    opd_id = IntegerField(_l("Owner OPD"), validators=[Optional()])
    due_on = DateField(_l("Due date"), validators=[Optional()], description=_l("For action items."))


TIMER_MAX_MINUTES = TIMER_MAX_SECONDS // 60


class TimerMinutesForm(Form):
    """The console's Start form: whole minutes (the JSON API takes seconds)."""

    minutes = IntegerField(_l("Duration in minutes"))

    def validate_minutes(self, field):
        if field.data is None or not 1 <= field.data <= TIMER_MAX_MINUTES:
            field.errors[:] = []  # instead of WTForms' untranslated "Not a valid integer value."
            raise ValidationError(
                _l("Enter whole minutes from 1 to %(max)d.", max=TIMER_MAX_MINUTES)
            )
