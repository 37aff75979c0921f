"""The agenda: days with their stage, sessions with time, kind, dimension and status."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Optional, Regexp, ValidationError

from . import TITLE_MAX, Form, strip, text_field

STAGE_MAX = 60
# A person's name and title (chair, minute taker); the speakers of a session.
PERSON_MAX = 120
SPEAKERS_MAX = 500
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
SESSION_KINDS = ("talk", "ideas", "vote", "discussion", "worksheet", "qa")
# Which part of the Draf Masterplan a session feeds (the export places material by it alone).
SESSION_PURPOSES = (
    "none",
    "readiness",
    "issues",
    "swot",
    "vision",
    "strategy",
    "programs",
    "quick_wins",
    "roadmap",
    "institutions",
    "financing",
    "commitment",
)
# Purposes whose sessions collect worksheet entries (readiness ratings, SWOT, keywords …).
WORKSHEET_PURPOSES = ("readiness", "swot", "vision", "strategy")
SESSION_STATUSES = ("planned", "open", "closed")


def time_field(label, required):
    """HH:MM, e.g. 08:30."""
    return StringField(
        label,
        filters=[strip],
        validators=[
            DataRequired(required),
            Regexp(TIME_PATTERN, message=_l("Use HH:MM, e.g. 08:30.")),
        ],
    )


class SessionForm(Form):
    """An agenda session; `days` and `dimensions` come from the workshop (set by the view)."""

    day = IntegerField(_l("Day"), validators=[InputRequired(_l("Choose the day."))])
    title = text_field(
        _l("Title"),
        TITLE_MAX,
        _l("The title is required (max. %(max)d characters).", max=TITLE_MAX),
    )
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice("talk", _l("Talk")),
            SelectChoice("ideas", _l("Proposals")),
            SelectChoice("vote", _l("Vote")),
            SelectChoice("discussion", _l("Discussion")),
            SelectChoice("worksheet", _l("Worksheet")),
            SelectChoice("qa", _l("Questions to a speaker")),
        ],
        validate_choice=False,
        validators=[
            InputRequired(_l("Choose the kind of session.")),
            AnyOf(SESSION_KINDS, message=_l("Choose the kind of session.")),
        ],
    )
    purpose = SelectField(
        _l("Feeds"),
        choices=[
            SelectChoice("none", _l("Nothing in the masterplan")),
            SelectChoice("readiness", _l("Readiness analysis")),
            SelectChoice("issues", _l("Strategic issues")),
            SelectChoice("swot", _l("SWOT and TOWS")),
            SelectChoice("vision", _l("Vision and mission")),
            SelectChoice("strategy", _l("Strategies per dimension")),
            SelectChoice("programs", _l("Programmes")),
            SelectChoice("quick_wins", _l("Quick wins")),
            SelectChoice("roadmap", _l("Roadmap")),
            SelectChoice("institutions", _l("Institutions and governance")),
            SelectChoice("financing", _l("Financing")),
            SelectChoice("commitment", _l("Commitment")),
        ],
        default="none",
        validate_choice=False,
        validators=[
            Optional(),
            AnyOf(
                SESSION_PURPOSES, message=_l("Choose what this session feeds in the masterplan.")
            ),
        ],
    )
    readiness_per_opd = BooleanField(_l("One readiness rating per OPD (not per person)"))
    program_fields = BooleanField(
        _l("Participants fill in programme fields (supporting OPDs, years, indicators)")
    )
    # Who led it, who spoke and who took the minutes: printed on the session's notulen.
    chair = text_field(_l("Chair (pimpinan/moderator)"), PERSON_MAX)
    speakers = text_field(_l("Speakers (narasumber)"), SPEAKERS_MAX)
    minute_taker = text_field(_l("Minute taker (notulis)"), PERSON_MAX)
    starts_at = time_field(_l("Starts"), _l("Enter the start time (HH:MM)."))
    ends_at = time_field(_l("Ends"), _l("Enter the end time (HH:MM)."))
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

    stage = text_field(_l("Stage"), STAGE_MAX, optional=False)

    def validate_stage(self, field):
        if not field.raw_data:
            raise ValidationError(
                _l("Enter the stage (max. %(max)d characters), e.g. Tahap I.", max=STAGE_MAX)
            )


def purpose_labels():
    """Session purpose → its name in the request's language (the choices of SessionForm.purpose)."""
    return {c.value: str(c.label) for c in SessionForm.purpose.kwargs["choices"]}


def kind_labels():
    """Session kind → its name in the request's language (the choices of SessionForm.kind)."""
    return {c.value: str(c.label) for c in SessionForm.kind.kwargs["choices"]}
