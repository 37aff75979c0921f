"""The console: what the projector shows, the timer, notulensi."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional, ValidationError

from . import Form, text_field

TIMER_MAX_SECONDS = 4 * 3600
TIMER_MAX_MINUTES = TIMER_MAX_SECONDS // 60
NOTE_MAX = 20000
# How many rows "top N" shows on the projector at most and at least.
TOP_N_MIN, TOP_N_MAX = 3, 50
RESULTS_MODES = ("fit", "page", "top")
DISPLAY_TEXT_MAX = 500


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
            SelectChoice("dashboard", _l("Monitoring dashboard")),
        ],
        validators=[InputRequired(_l("Choose what the screen shows."))],
    )
    session_id = IntegerField(_l("Session"), validators=[Optional()])
    poll_id = IntegerField(_l("Poll"), validators=[Optional()])
    text = text_field(_l("Message"), DISPLAY_TEXT_MAX, kind=TextAreaField)
    sound = BooleanField(_l("Sound at the end of the timer"))
    # How a long result shows; left out, the screen keeps its current choice.
    results_mode = SelectField(
        _l("Long results"),
        choices=[
            SelectChoice("fit", _l("All, fitted to the screen")),
            SelectChoice("page", _l("Page by page")),
            SelectChoice("top", _l("Top N and how many more")),
        ],
        validate_choice=False,
        validators=[
            Optional(),
            AnyOf(RESULTS_MODES, message=_l("Choose all, page by page, or top N.")),
        ],
    )
    top_n = IntegerField(
        _l("N"),
        validators=[Optional(), NumberRange(TOP_N_MIN, TOP_N_MAX, _l("Between 3 and 50."))],
    )


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
    body = text_field(_l("Text"), NOTE_MAX, kind=TextAreaField, trim=False)
    opd_id = IntegerField(_l("Owner OPD"), validators=[Optional()])
    due_on = DateField(_l("Due date"), validators=[Optional()], description=_l("For action items."))


class TimerMinutesForm(Form):
    """The console's Start form: whole minutes (the JSON API takes seconds)."""

    minutes = IntegerField(_l("Duration in minutes"))

    def validate_minutes(self, field):
        if field.data is None or not 1 <= field.data <= TIMER_MAX_MINUTES:
            field.errors[:] = []  # instead of WTForms' untranslated "Not a valid integer value."
            raise ValidationError(
                _l("Enter whole minutes from 1 to %(max)d.", max=TIMER_MAX_MINUTES)
            )
