"""Participants: joining with the code (or a link code from one's own first device),
renaming, merging duplicates."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

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
    # Documented here so the OpenAPI body shows it; a body with link_code is validated by
    # LinkJoinForm instead (code, name and opd_id are then not needed).
    link_code = StringField(
        _l("Link code"),
        filters=[strip],
        validators=[Optional(), Length(max=20)],
        description=_l(
            "Instead of code, name and opd_id: the link code shown on your first device "
            "(POST /api/v1/me/link) adds this device to you."
        ),
    )


class LinkJoinForm(Form):
    """Join as oneself on a second device, with the link code the first device shows."""

    link_code = StringField(
        _l("Link code"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the link code shown on your other device.")),
            Length(max=20),
        ],
    )


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
