"""Stages months apart (issue 17): the rules of a workshop's stages, and the window in which
participants keep editing their OPD's items between stages.

A workshop holds up to four stages (Tahap I–IV), each with its first day and 1–10 days, in
order and without overlap; its agenda days are numbered across them (store/workshops.py
`day_date`, `set_stages`). The join code and devices work until 30 days after the last
stage's last day (`workshops.valid_until`). Between stages, while `open_between_until` has
not passed, a participant may still edit their OPD's programmes and worksheet entries in
closed sessions (`window_open`, used by rules/ideas.py and rules/worksheets.py).
"""

import datetime

from flask_babel import gettext as _

from ..db import get_db
from ..store import workshops
from . import FieldError


def check_stages(stages):
    """Validated stage dicts (dates as date objects from StageForm) → the stored shape
    (ISO dates); 422 naming the stage and field for more than four, overlaps or disorder."""
    if len(stages) > workshops.MAX_STAGES:
        raise FieldError(
            {"stages": [_("At most %(n)d stages.", n=workshops.MAX_STAGES)]},
        )
    stored, errors, previous_end = [], {}, None
    for index, stage in enumerate(stages):
        start = stage["starts_on"]
        if previous_end is not None and start <= previous_end:
            errors[f"stages.{index}.starts_on"] = [
                _("A stage must start after the previous stage's last day (%(day)s).")
                % {"day": previous_end.isoformat()}
            ]
        previous_end = start + datetime.timedelta(days=stage["days"] - 1)
        stored.append(
            {"name": stage["name"], "starts_on": start.isoformat(), "days": stage["days"]}
        )
    if errors:
        raise FieldError(errors)
    return stored


def check_dates_follow_stages(workshop, changes):
    """A PATCH of `starts_on`/`days` on a workshop held in stages must go through its stages
    (the values the stages give are accepted unchanged)."""
    if not workshops.stages_of(workshop) or "stages" in changes:
        return
    errors = {}
    for key in ("starts_on", "days"):
        if key in changes and changes[key] is not None and changes[key] != workshop[key]:
            errors[key] = [_("This workshop runs in stages: change its stages instead.")]
    if errors:
        raise FieldError(errors)


def window_open(workshop, today=None):
    """True while participants may edit their OPD's items in closed sessions."""
    until = workshop.get("open_between_until")
    if not until:
        return False
    today = today or datetime.date.today()
    return today <= datetime.date.fromisoformat(until)


def opd_window(principal, row, opd_keys=("opd_id",)):
    """True when a participant may edit this item of a closed session between stages: the
    item belongs to their OPD (any of `opd_keys`) and the workshop's window is open."""
    if principal.kind != "participant" or principal.opd_id is None:
        return False
    if not any(row.get(key) == principal.opd_id for key in opd_keys):
        return False
    return window_open(workshops.get_workshop(get_db(), row["workshop_id"]))


def stage_of_day(workshop, number):
    """The name of the stage agenda day `number` belongs to ('' for one unnamed block)."""
    for block in workshops.blocks(workshop):
        if number <= block["days"]:
            return block["name"]
        number -= block["days"]
    return ""
