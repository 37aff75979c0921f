"""Participants: joining with the code, renaming, merging duplicates."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from . import NAME_MAX, Form, strip, text_field


class JoinForm(Form):
    code = StringField(
        _l("Join code"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the code shown on the screen.")), Length(max=20)],
    )
    name = text_field(
        _l("Your name"),
        NAME_MAX,
        _l("Enter your name (max. %(max)d characters).", max=NAME_MAX),
    )
    opd_id = IntegerField(_l("Your OPD"), validators=[InputRequired(_l("Choose your OPD."))])


class ParticipantForm(Form):
    name = text_field(
        _l("Name"),
        NAME_MAX,
        _l("Enter a name (max. %(max)d characters).", max=NAME_MAX),
    )
    opd_id = IntegerField(_l("OPD"), validators=[InputRequired(_l("Choose the OPD."))])


class MergeParticipantForm(Form):
    into = IntegerField(
        _l("Keep"), validators=[InputRequired(_l("Choose the participant to keep."))]
    )
