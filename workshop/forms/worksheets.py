"""Worksheets (issue 14): an entry per session purpose (readiness, swot, vision, strategy), its
moderation, TOWS strategies, the vision and missions, and merging vision keywords.

Each purpose has its own form (ENTRY_FORMS); WorksheetEntryForm joins their fields to describe
the POST body in OpenAPI. The readiness list (nested aspects → items) is checked in
rules/strategies.py, since WTForms has no nested lists.
"""

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from .. import reference
from . import Form, no_control_chars, none_if_empty, strip, text_field

ASPECTS = ("struktur", "infrastruktur", "suprastruktur")
RATINGS = ("baik", "sedang", "kurang")
QUADRANTS = ("S", "W", "O", "T")
TOWS_TYPES = ("SO", "ST", "WO", "WT")
NOTE_MAX = 280
ENTRY_TEXT_MAX = 280
KEYWORD_MAX = 40
STRATEGY_MAX = 500
VISION_MAX = 300
MISSION_MAX = 300
MISSIONS_MAX = 12


def squeeze(value):
    """Filter: trimmed, every run of spaces one space (a keyword is counted this way)."""
    value = strip(value)
    return re.sub(r"\s+", " ", value) if isinstance(value, str) else value


class IdListField(SelectMultipleField):
    """A list of ids (`[3, 5]` in JSON); data is a list of ints, [] when none was sent."""

    accepts_numbers = True

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, coerce=int, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        try:
            self.data = [int(v) for v in valuelist]
        except ValueError as e:
            self.data = []
            raise ValueError(_l("Send a list of entry ids, e.g. [3, 5].")) from e

    def _value(self):
        return self.data or []


class TextListField(SelectMultipleField):
    """A list of short texts (`["…", "…"]` in JSON), each trimmed."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        self.data = [strip(v) for v in valuelist]


def client_id_field():
    return StringField(
        validators=[
            Optional(),
            Regexp(r"^[A-Za-z0-9_-]{1,64}$", message=_l("Send a UUID or similar (max. 64).")),
        ]
    )


def purpose_field():
    return SelectField(
        _l("Worksheet"),
        choices=[
            SelectChoice("readiness", _l("Readiness analysis")),
            SelectChoice("swot", _l("SWOT and TOWS")),
            SelectChoice("vision", _l("Vision and mission")),
            SelectChoice("strategy", _l("Strategies per dimension")),
        ],
        validate_choice=False,
        validators=[Optional()],
        description=_l("Optional: the worksheet the client thinks it fills (checked)."),
    )


def dimension_field():
    return StringField(_l("Dimension"), filters=[strip, none_if_empty], validators=[Optional()])


def element_field():
    return StringField(_l("Element"), filters=[strip, none_if_empty], validators=[Optional()])


class EntryBase(Form):
    """What every entry form is checked against: the workshop's readiness items, dimensions
    ({key: [element keys]}) and OPD ids (set by the view)."""

    def __init__(self, *args, items=None, dimensions=None, opd_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        if items is None:
            items = {
                a["key"]: [i["key"] for i in a["items"]]
                for a in reference.readiness_list()["aspects"]
            }
        self.known_items = items
        self.known_dimensions = dimensions or {}
        self.known_opds = set(opd_ids)

    def validate_dimension(self, field):
        if field.data and field.data not in self.known_dimensions:
            raise ValidationError(_l("Choose one of this workshop's dimensions."))

    def validate_element(self, field):
        dimension = self._fields.get("dimension")
        if not field.data or dimension is None:
            return  # partial update: the rule checks against the stored dimension
        if dimension.data is None or field.data not in self.known_dimensions.get(
            dimension.data, ()
        ):
            raise ValidationError(_l("Choose an element of the chosen dimension."))


class ReadinessEntryForm(EntryBase):
    """One readiness rating: aspect, item of the workshop's list, baik|sedang|kurang, a note."""

    aspect = SelectField(
        _l("Aspect"),
        choices=[
            SelectChoice("struktur", _l("Structure")),
            SelectChoice("infrastruktur", _l("Infrastructure")),
            SelectChoice("suprastruktur", _l("Superstructure")),
        ],
        validate_choice=False,
        validators=[
            InputRequired(_l("Choose struktur, infrastruktur or suprastruktur.")),
            AnyOf(ASPECTS, message=_l("Choose struktur, infrastruktur or suprastruktur.")),
        ],
    )
    item = StringField(
        _l("Item"),
        filters=[strip],
        validators=[InputRequired(_l("Choose an item of this workshop's readiness list."))],
    )
    rating = SelectField(
        _l("Rating"),
        choices=[
            SelectChoice("baik", _l("Good")),
            SelectChoice("sedang", _l("Moderate")),
            SelectChoice("kurang", _l("Poor")),
        ],
        validate_choice=False,
        validators=[
            InputRequired(_l("Choose baik, sedang or kurang.")),
            AnyOf(RATINGS, message=_l("Choose baik, sedang or kurang.")),
        ],
    )
    note = text_field(_l("Note"), NOTE_MAX)
    opd_id = IntegerField(
        _l("OPD"),
        validators=[Optional()],
        description=_l("Facilitators only: the OPD whose rating this is (paper worksheets)."),
    )
    client_id = client_id_field()
    purpose = purpose_field()

    def validate_item(self, field):
        aspect = self._fields.get("aspect")
        if aspect is None or aspect.errors or aspect.data not in ASPECTS:
            return
        if field.data not in self.known_items.get(aspect.data, ()):
            raise ValidationError(_l("Choose an item of this workshop's readiness list."))

    def validate_opd_id(self, field):
        if field.data is not None and field.data not in self.known_opds:
            raise ValidationError(_l("Choose an OPD from this workshop's list."))


class SwotEntryForm(EntryBase):
    """One SWOT entry: quadrant S|W|O|T, its text, optionally a dimension and element."""

    quadrant = SelectField(
        _l("Quadrant"),
        choices=[
            SelectChoice("S", _l("Strengths")),
            SelectChoice("W", _l("Weaknesses")),
            SelectChoice("O", _l("Opportunities")),
            SelectChoice("T", _l("Threats")),
        ],
        validate_choice=False,
        validators=[
            InputRequired(_l("Choose a quadrant: S, W, O or T.")),
            AnyOf(QUADRANTS, message=_l("Choose a quadrant: S, W, O or T.")),
        ],
    )
    text = text_field(
        _l("Text"),
        ENTRY_TEXT_MAX,
        _l("Write the entry (max. %(max)d characters).", max=ENTRY_TEXT_MAX),
        _l("Write the entry (max. %(max)d characters).", max=ENTRY_TEXT_MAX),
    )
    dimension = dimension_field()
    element = element_field()
    client_id = client_id_field()
    purpose = purpose_field()


class VisionEntryForm(EntryBase):
    """One vision keyword or short phrase (1–40 characters once spaces are collapsed)."""

    text = StringField(
        _l("Keyword"),
        filters=[squeeze],
        validators=[
            DataRequired(_l("Write a keyword (1–%(max)d characters).", max=KEYWORD_MAX)),
            Length(
                max=KEYWORD_MAX,
                message=_l("Write a keyword (1–%(max)d characters).", max=KEYWORD_MAX),
            ),
            no_control_chars,
        ],
    )
    client_id = client_id_field()
    purpose = purpose_field()


class StrategyEntryForm(EntryBase):
    """One strategy statement, optionally for a dimension and element."""

    text = text_field(
        _l("Strategy"),
        ENTRY_TEXT_MAX,
        _l("Write the strategy (max. %(max)d characters).", max=ENTRY_TEXT_MAX),
        _l("Write the strategy (max. %(max)d characters).", max=ENTRY_TEXT_MAX),
    )
    dimension = dimension_field()
    element = element_field()
    client_id = client_id_field()
    purpose = purpose_field()


ENTRY_FORMS = {
    "readiness": ReadinessEntryForm,
    "swot": SwotEntryForm,
    "vision": VisionEntryForm,
    "strategy": StrategyEntryForm,
}


class WorksheetEntryForm(ReadinessEntryForm, SwotEntryForm, VisionEntryForm, StrategyEntryForm):
    """Every field an entry may carry (OpenAPI only: each purpose takes its own subset)."""


class EntryModerationForm(Form):
    """What only facilitators change: status, merging, quoting a readiness note."""

    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("visible", _l("Visible")), SelectChoice("hidden", _l("Hidden"))],
        validate_choice=False,
        validators=[
            Optional(),
            AnyOf(("visible", "hidden"), message=_l("Choose visible or hidden.")),
        ],
    )
    merged_into = IntegerField(_l("Merge into"), validators=[Optional()])
    quoted = BooleanField(_l("Quoted in the document"))


class EntryPatchForm(WorksheetEntryForm, EntryModerationForm):
    """The PATCH body (OpenAPI only): content fields of the entry's purpose, and for
    facilitators status, merged_into and quoted."""


class StrategyForm(Form):
    """A TOWS strategy (SO|ST|WO|WT) or a strategy statement, with the entries it draws on."""

    type = SelectField(
        _l("Type"),
        choices=[SelectChoice(t, t) for t in TOWS_TYPES],
        filters=[none_if_empty],
        validate_choice=False,
        validators=[Optional(), AnyOf(TOWS_TYPES, message=_l("Choose SO, ST, WO or WT."))],
    )
    text = text_field(
        _l("Strategy"),
        STRATEGY_MAX,
        _l("Write the strategy (max. %(max)d characters).", max=STRATEGY_MAX),
        _l("Write the strategy (max. %(max)d characters).", max=STRATEGY_MAX),
    )
    dimension = dimension_field()
    element = element_field()

    def __init__(self, *args, dimensions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_dimensions = dimensions or {}

    validate_dimension = EntryBase.validate_dimension
    validate_element = EntryBase.validate_element


# `from` is a Python keyword: the field is added by name.
setattr(StrategyForm, "from", IdListField(_l("Drawn from (entry ids)")))  # noqa: B010


class VisionForm(Form):
    """The adopted vision and its missions."""

    vision = text_field(_l("Vision"), VISION_MAX)
    missions = TextListField(_l("Missions"))

    def validate_missions(self, field):
        missions = field.data or []
        if len(missions) > MISSIONS_MAX:
            raise ValidationError(_l("At most %(max)d missions.", max=MISSIONS_MAX))
        for mission in missions:
            if not mission or len(mission) > MISSION_MAX:
                raise ValidationError(
                    _l("Each mission needs 1 to %(max)d characters.", max=MISSION_MAX)
                )
            if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", mission):
                raise ValidationError(_l("Remove the control characters from this text."))


def keyword_field(label):
    return StringField(
        label,
        filters=[squeeze],
        validators=[
            DataRequired(_l("Write a keyword (1–%(max)d characters).", max=KEYWORD_MAX)),
            Length(
                max=KEYWORD_MAX,
                message=_l("Write a keyword (1–%(max)d characters).", max=KEYWORD_MAX),
            ),
        ],
    )


class KeywordMergeForm(Form):
    """Merge every entry of one vision keyword into another (synonyms)."""

    into = keyword_field(_l("Into keyword"))


setattr(KeywordMergeForm, "from", keyword_field(_l("Keyword to merge")))  # noqa: B010
