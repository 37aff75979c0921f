"""The roster of a workshop: its OPDs and its dimensions."""

from flask_babel import gettext as _

from ..store import roster
from . import field_error


def check_opd(db, workshop_id, opd_id, field="opd_id"):
    """The OPD row when it belongs to this workshop; otherwise a 422 on `field`."""
    try:
        return roster.get_opd(db, opd_id, workshop_id)
    except LookupError as e:
        raise field_error(field, _("Choose an OPD from this workshop's list.")) from e
