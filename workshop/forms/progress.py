"""A progress report on a programme or an action item (monev, issue 17)."""

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional, Regexp, ValidationError

from . import Form, text_field

STATUSES = ("belum", "berjalan", "selesai", "terhambat")
NOTE_MAX = 2000
URL_MAX = 500


class ProgressForm(Form):
    percent = IntegerField(
        _l("Percent complete"),
        validators=[
            InputRequired(_l("Enter the percent complete (0–100).")),
            NumberRange(0, 100, _l("Between 0 and 100 percent.")),
        ],
    )
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("belum", _l("Not started")),
            SelectChoice("berjalan", _l("In progress")),
            SelectChoice("selesai", _l("Done")),
            SelectChoice("terhambat", _l("Blocked")),
        ],
        validate_choice=False,
        validators=[
            InputRequired(_l("Choose a status.")),
            AnyOf(STATUSES, message=_l("Choose belum, berjalan, selesai or terhambat.")),
        ],
    )
    note = text_field(_l("Note"), NOTE_MAX)
    evidence_url = text_field(_l("Evidence link"), URL_MAX)
    client_id = StringField(
        validators=[
            Optional(),
            Regexp(r"^[A-Za-z0-9_-]{1,64}$", message=_l("Send a UUID or similar (max. 64).")),
        ]
    )

    def validate_evidence_url(self, field):
        if not field.data:
            return
        parts = urlsplit(field.data)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in field.data:
            raise ValidationError(_l("Give a web link starting with http:// or https://."))
