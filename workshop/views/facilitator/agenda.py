"""(being written)"""

from flask import render_template

from ...auth import login_required
from ..access import public_workshop, workshop_for
from . import bp


@bp.get("/workshops/<int:workshop_id>/agenda")
@login_required
def agenda(workshop_id):
    """Placeholder page until this capability lands."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    return render_template("facilitator/workshop.html", workshop=public_workshop(ws, True))
