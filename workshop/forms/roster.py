"""The roster of a workshop: its OPDs and its dimensions with their elements."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import StringField
from wtforms.validators import DataRequired, Regexp

from . import Form, strip, text_field

OPD_CODE_MAX = 30
OPD_NAME_MAX = 200
DIM_NAME_MAX = 100
KEY_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"


class OpdForm(Form):
    code = text_field(
        _l("Short name"),
        OPD_CODE_MAX,
        _l("The short name is required (max. %(max)d characters).", max=OPD_CODE_MAX),
        _l("The short name may have at most %(max)d characters.", max=OPD_CODE_MAX),
    )
    name = text_field(
        _l("Full name"),
        OPD_NAME_MAX,
        _l("The full name is required (max. %(max)d characters).", max=OPD_NAME_MAX),
        _l("The full name may have at most %(max)d characters.", max=OPD_NAME_MAX),
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
    name = text_field(
        _l("Name (English)"),
        DIM_NAME_MAX,
        _l("The English name is required (max. %(max)d characters).", max=DIM_NAME_MAX),
        _l("The English name may have at most %(max)d characters.", max=DIM_NAME_MAX),
    )
    name_id = text_field(
        _l("Name (Indonesian)"),
        DIM_NAME_MAX,
        _l("The Indonesian name is required (max. %(max)d characters).", max=DIM_NAME_MAX),
        _l("The Indonesian name may have at most %(max)d characters.", max=DIM_NAME_MAX),
    )


class ElementForm(DimensionForm):
    """An element of a dimension: key, English and Indonesian names."""


class OpdImportForm(Form):
    """The CSV upload of the roster page (the API also takes a text/csv body)."""

    file = FileField(_l("CSV file"))
