"""Proposals (usulan): the proposal itself, moderation, merging and collection settings."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional, Regexp, ValidationError

from ..budget import parse_rupiah
from . import Form, none_if_empty, strip, text_field

IDEA_TITLE_MAX = 140
IDEA_DESCRIPTION_MAX = 2000
IDEA_PROBLEM_MAX = 1000
FUNDING_MAX = 100
HORIZONS = ("quick_win", "short", "medium", "long")


class RupiahField(StringField):
    """Budget in rupiah as people type it ("1.500.000", "1,5 jt", "2 M"); data is an int."""

    accepts_numbers = True  # the JSON API may send 1500000 as a number

    def process_formdata(self, valuelist):
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

    title = text_field(
        _l("Title"),
        IDEA_TITLE_MAX,
        _l("The title is required (max. %(max)d characters).", max=IDEA_TITLE_MAX),
        _l("The title is required (max. %(max)d characters).", max=IDEA_TITLE_MAX),
    )
    description = text_field(_l("Description"), IDEA_DESCRIPTION_MAX, kind=TextAreaField)
    problem = text_field(_l("Problem addressed"), IDEA_PROBLEM_MAX, kind=TextAreaField)
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
    funding_source = text_field(
        _l("Funding source"),
        FUNDING_MAX,
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
    group = text_field(_l("Group"), 80)


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
    # A session column (sessions.program_fields), sent here too so the wall saves it with the
    # rest of the collection settings (issue 15).
    program_fields = BooleanField(
        _l("Participants fill in programme fields (supporting OPDs, years, indicators)")
    )
