"""WTForms classes shared by the HTML forms, the JSON API and socket payloads.

One module per capability (accounts, workshops, roster, agenda, participants, ideas, polls,
console); this module holds what they share: the base `Form`, the filters, and `text_field`,
the one way a trimmed, length-limited, control-character-free text field is declared.
"""

import re
import unicodedata

from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, ValidationError

# Limits shared by several capabilities (the form messages quote them).
TITLE_MAX = 200
NAME_MAX = 80


class Form(FlaskForm):
    """Every form: WTForms' built-in messages come from our catalogue (it has no Indonesian)."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return get_translations()


# Characters that show nothing yet are not whitespace to str.strip(): a name made only of
# them looks blank on the projector (issue 12). Format characters (category Cf: zero-width
# space, joiners, direction marks, BOM) are stripped too.
INVISIBLE = "\u115f\u1160\u2800\u3164\uffa0"
# Embeddings, overrides and isolates turn text around ("Rina \u202eadpaB" shows "Bappa…"):
# refused anywhere in a text.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def blank(char):
    """A character that shows nothing: whitespace, a format character or a filler."""
    return char.isspace() or char in INVISIBLE or unicodedata.category(char) == "Cf"


def strip(value):
    """Filter: trim surrounding whitespace and invisible characters from text input."""
    if not isinstance(value, str):
        return value
    start, end = 0, len(value)
    while start < end and blank(value[start]):
        start += 1
    while end > start and blank(value[end - 1]):
        end -= 1
    return value[start:end]


def none_if_empty(value):
    """Filter: an empty choice is no choice (None), so "" never reaches the store."""
    return value or None


def no_control_chars(form, field):
    """Reject control characters (they break documents and terminals) and text-direction
    overrides (they disguise a name on the projector)."""
    if not field.data or not isinstance(field.data, str):
        return
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", field.data):
        raise ValidationError(_l("Remove the control characters from this text."))
    if BIDI_CONTROLS.search(field.data):
        raise ValidationError(
            _l("Remove the text-direction characters (they can disguise the text).")
        )


def text_field(
    label,
    max_length,
    required=None,
    too_long=None,
    *,
    kind=StringField,
    optional=True,
    trim=True,
    **kwargs,
):
    """A text field: trimmed, at most `max_length` characters, no control characters.

    `required` is the message when it is empty (else the field is optional, or — with
    optional=False — checked by the form's own validate_<name>); `too_long` replaces the
    default "At most n characters." message.
    """
    validators = []
    if required:
        validators.append(DataRequired(required))
    elif optional:
        validators.append(Optional())
    validators.append(
        Length(
            max=max_length,
            message=too_long or _l("At most %(max)d characters.", max=max_length),
        )
    )
    validators.append(no_control_chars)
    return kind(label, filters=[strip] if trim else [], validators=validators, **kwargs)


class MoveForm(Form):
    """Reordering a dimension, an element or a session one place up or down."""

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
