"""WTForms' own messages, listed so the translation extractor finds them.

WTForms has no Indonesian catalogue; forms.Form serves these from ours instead.
This module is never imported: it only exists for `pybabel extract`.
"""

from flask_babel import lazy_gettext as _l

MESSAGES = [
    _l("Not a valid choice."),
    _l("'%(value)s' is not a valid choice for this field."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid time value."),
    _l("This field is required."),
    _l("Invalid input."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("The CSRF token is missing."),
]
