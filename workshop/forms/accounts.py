"""Facilitator accounts: logging in, adding a co-facilitator."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from . import Form, strip


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


class FacilitatorAddForm(Form):
    username = StringField(
        _l("Username"),
        filters=[strip],
        validators=[DataRequired(_l("Enter a username.")), Length(max=64)],
    )
