"""The roster page: the workshop's OPDs and its dimensions with their elements.

Every form posts here and works without JavaScript (post/redirect/get, or the page again
with the errors and status 422/409); roster.js sends the same forms to the JSON API.
Both paths call the operations of rules/roster.py, so the rules are the same.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...auth import current_principal, login_required
from ...db import get_db
from ...forms import MoveForm
from ...forms.roster import DimensionForm, ElementForm, OpdForm, OpdImportForm
from ...rules import DomainError
from ...rules import roster as rules
from ...store import NotFound
from ...store import dimensions as dimension_store
from ...store import opds as opd_store
from ..access import public_workshop, workshop_for
from ..payloads import place_errors, uploaded_csv
from .blueprint import bp

# Placeholders the page's <template> rows carry; roster.js fills them in.
PLACEHOLDER_OPD = {"id": "__ID__", "code": "__CODE__", "name": "__NAME__"}
PLACEHOLDER_DIM = {
    "id": "__ID__",
    "key": "__KEY__",
    "name": "__NAME__",
    "name_id": "__NAMEID__",
    "elements": [],
}
PLACEHOLDER_EL = {
    "id": "__ID__",
    "key": "__KEY__",
    "name": "__NAME__",
    "name_id": "__NAMEID__",
}


def _fields(form):
    return {name: f.data for name, f in form._fields.items() if name != "csrf_token"}


def _matches(opd, q):
    q = q.casefold()
    return q in opd["code"].casefold() or q in opd["name"].casefold()


def render_page(ws, status=200, **context):
    """The page, with any forms, errors or editor passed in `context` in place."""
    db = get_db()
    q = request.args.get("q", "").strip()
    opds = opd_store.list_opds(db, ws["id"])
    dimensions = dimension_store.list_dimensions(db, ws["id"])
    blank = {"formdata": None}
    page = {
        "workshop": public_workshop(ws, True),
        "base": url_for(".roster", workshop_id=ws["id"]),
        "opds": opds,
        "shown_opds": [o for o in opds if _matches(o, q)] if q else opds,
        "q": q,
        "dimensions": dimensions,
        "opd_form": OpdForm(prefix="opd", **blank),
        "dim_form": DimensionForm(prefix="dim", **blank),
        "import_form": OpdImportForm(**blank),
        "element_forms": {},
        "edit": request.args.get("edit", ""),
        "edit_form": None,
        "errors": {},
        "import_errors": [],
        "open_element_form": None,
        "placeholder_opd": PLACEHOLDER_OPD,
        "placeholder_dim": PLACEHOLDER_DIM,
        "placeholder_el": PLACEHOLDER_EL,
        "template_forms": {
            "opd": OpdForm(prefix="edit", data=PLACEHOLDER_OPD, **blank),
            "dim": DimensionForm(prefix="edit", data=PLACEHOLDER_DIM, **blank),
            "element": ElementForm(prefix="edit", data=PLACEHOLDER_EL, **blank),
            "add_element": ElementForm(prefix="el__ID__-", **blank),
        },
    }
    page.update(context)
    for dim in dimensions:
        page["element_forms"].setdefault(dim["id"], ElementForm(prefix=f"el{dim['id']}-", **blank))
    edit = page["edit"]
    if page["edit_form"] is None and "-" in edit:
        page["edit_form"] = _editor(db, ws, edit)
    return render_template("facilitator/roster.html", **page), status


def _editor(db, ws, edit):
    """The pre-filled form of the row opened for editing (?edit=opd-5, dim-2, el-7)."""
    kind, _sep, raw_id = edit.partition("-")
    if not raw_id.isdigit():
        return None
    try:
        if kind == "opd":
            return OpdForm(
                prefix="edit", formdata=None, data=opd_store.get_opd(db, int(raw_id), ws["id"])
            )
        if kind == "dim":
            dim = dimension_store.get_dimension(db, int(raw_id), ws["id"])
            return DimensionForm(prefix="edit", formdata=None, data=dim)
        if kind == "el":
            element = dimension_store.get_element(db, int(raw_id), ws["id"])
            return ElementForm(prefix="edit", formdata=None, data=element)
    except NotFound:
        return None
    return None


def _back(ws, anchor=None):
    return redirect(url_for(".roster", workshop_id=ws["id"], _anchor=anchor))


def _actor():
    return current_principal().id


def _facilitator_workshop(workshop_id):
    return workshop_for(workshop_id, facilitator_only=True)


@bp.get("/workshops/<int:workshop_id>/roster")
@login_required
def roster(workshop_id):
    """OPD roster and dimension list; ?q= filters the OPDs, ?edit=opd-5 opens a row."""
    return render_page(_facilitator_workshop(workshop_id))


# --- OPDs -------------------------------------------------------------------------------


@bp.post("/workshops/<int:workshop_id>/roster/opds")
@login_required
def roster_add_opd(workshop_id):
    """The add-OPD form."""
    ws = _facilitator_workshop(workshop_id)
    form = OpdForm(prefix="opd")
    if form.validate():
        try:
            opd = rules.add_opd(get_db(), ws["id"], _fields(form), _actor())
        except DomainError as e:
            place_errors(form, e)
        else:
            flash(_("OPD %(code)s added.", code=opd["code"]))
            return _back(ws, f"opd-{opd['id']}")
    return render_page(ws, 422, opd_form=form)


@bp.post("/workshops/<int:workshop_id>/roster/opds/<int:opd_id>")
@login_required
def roster_update_opd(workshop_id, opd_id):
    """The inline edit form of one OPD row."""
    ws = _facilitator_workshop(workshop_id)
    opd = opd_store.get_opd(get_db(), opd_id, ws["id"])
    form = OpdForm(prefix="edit")
    key = f"opd-{opd_id}"
    if form.validate():
        try:
            rules.change_opd(get_db(), opd, _fields(form), _actor())
        except DomainError as e:
            place_errors(form, e)
        else:
            flash(_("Saved."))
            return _back(ws, key)
    return render_page(ws, 422, edit=key, edit_form=form)


@bp.post("/workshops/<int:workshop_id>/roster/opds/<int:opd_id>/delete")
@login_required
def roster_delete_opd(workshop_id, opd_id):
    """Delete one OPD; the reason it cannot be deleted shows beside its row."""
    ws = _facilitator_workshop(workshop_id)
    opd = opd_store.get_opd(get_db(), opd_id, ws["id"])
    try:
        rules.remove_opd(get_db(), opd, _actor())
    except DomainError as e:
        return render_page(ws, e.status, errors={f"opd-{opd_id}": e.message})
    flash(_("OPD %(code)s deleted.", code=opd["code"]))
    return _back(ws, "opd-panel")


@bp.post("/workshops/<int:workshop_id>/roster/opds/import")
@login_required
def roster_import_opds(workshop_id):
    """CSV upload: all rows are added, or none and the page lists the problems by row."""
    ws = _facilitator_workshop(workshop_id)
    form = OpdImportForm()
    try:
        opds = rules.import_opd_csv(get_db(), ws["id"], uploaded_csv(), _actor())
    except DomainError as e:
        fields = e.fields or {}
        problems = fields.get("rows") or fields.get("file") or [e.message]
        return render_page(ws, e.status, import_form=form, import_errors=problems)
    flash(_("%(n)s OPDs imported.", n=len(opds)))
    return _back(ws, "opd-panel")


@bp.post("/workshops/<int:workshop_id>/roster/opds/defaults")
@login_required
def roster_default_opds(workshop_id):
    """Add the default OPDs of a kota that are missing."""
    ws = _facilitator_workshop(workshop_id)
    opds = rules.load_default_opds(get_db(), ws["id"], _actor())
    if opds:
        flash(_("%(n)s OPDs from the default list added.", n=len(opds)))
    else:
        flash(_("Nothing to add: every OPD of the default list is in the roster."))
    return _back(ws, "opd-panel")


# --- Dimensions and elements ------------------------------------------------------------


@bp.post("/workshops/<int:workshop_id>/roster/dimensions")
@login_required
def roster_add_dimension(workshop_id):
    """The add-dimension form."""
    ws = _facilitator_workshop(workshop_id)
    form = DimensionForm(prefix="dim")
    if form.validate():
        try:
            dim = rules.add_item(
                get_db(), rules.DIMENSION, ws["id"], ws["id"], _fields(form), _actor()
            )
        except DomainError as e:
            place_errors(form, e)
        else:
            flash(_("Dimension %(name)s added.", name=dim["name"]))
            return _back(ws, f"dim-{dim['id']}")
    return render_page(ws, 422, dim_form=form)


@bp.post("/workshops/<int:workshop_id>/roster/dimensions/defaults")
@login_required
def roster_default_dimensions(workshop_id):
    """Add the guide's dimensions (with elements) that are missing."""
    ws = _facilitator_workshop(workshop_id)
    dims = rules.load_default_dimensions(get_db(), ws["id"], _actor())
    if dims:
        flash(_("%(n)s dimensions from the default list added.", n=len(dims)))
    else:
        flash(_("Nothing to add: every dimension of the default list is there."))
    return _back(ws, "dim-panel")


# Editing, deleting and moving work the same for a dimension (anchor "dim-<id>") and an
# element ("el-<id>"): each route loads its object in this workshop and hands over here.


def _update_item(ws, level, item, form_class, key):
    """The edit form of one dimension or element (key, names)."""
    form = form_class(prefix="edit")
    if form.validate():
        try:
            rules.change_item(get_db(), level, item, _fields(form), _actor())
        except DomainError as e:
            message = place_errors(form, e)
            errors = {key: message} if message else {}
            return render_page(ws, e.status, edit=key, edit_form=form, errors=errors)
        flash(_("Saved."))
        return _back(ws, key)
    return render_page(ws, 422, edit=key, edit_form=form)


def _delete_item(ws, level, item, key, done, anchor):
    """Delete a dimension or element; `done` is flashed, then back to `anchor`."""
    try:
        rules.remove_item(get_db(), level, item, _actor())
    except DomainError as e:
        return render_page(ws, e.status, errors={key: e.message})
    flash(done)
    return _back(ws, anchor)


def _move_item(ws, level, item, key):
    """The up/down buttons of a dimension or element."""
    form = MoveForm()
    if not form.validate():
        return render_page(ws, 422, errors={key: _("Choose up or down.")})
    rules.shift_item(get_db(), level, item, form.direction.data, _actor())
    return _back(ws, key)


@bp.post("/workshops/<int:workshop_id>/roster/dimensions/<int:dimension_id>")
@login_required
def roster_update_dimension(workshop_id, dimension_id):
    """The edit form of one dimension (key, names)."""
    ws = _facilitator_workshop(workshop_id)
    dim = dimension_store.get_dimension(get_db(), dimension_id, ws["id"])
    return _update_item(ws, rules.DIMENSION, dim, DimensionForm, f"dim-{dimension_id}")


@bp.post("/workshops/<int:workshop_id>/roster/dimensions/<int:dimension_id>/delete")
@login_required
def roster_delete_dimension(workshop_id, dimension_id):
    """Delete a dimension and its elements, unless the agenda uses it."""
    ws = _facilitator_workshop(workshop_id)
    dim = dimension_store.get_dimension(get_db(), dimension_id, ws["id"])
    done = _("Dimension %(name)s deleted.", name=dim["name"])
    return _delete_item(ws, rules.DIMENSION, dim, f"dim-{dimension_id}", done, "dim-panel")


@bp.post("/workshops/<int:workshop_id>/roster/dimensions/<int:dimension_id>/move")
@login_required
def roster_move_dimension(workshop_id, dimension_id):
    """The up/down buttons of a dimension."""
    ws = _facilitator_workshop(workshop_id)
    dim = dimension_store.get_dimension(get_db(), dimension_id, ws["id"])
    return _move_item(ws, rules.DIMENSION, dim, f"dim-{dimension_id}")


@bp.post("/workshops/<int:workshop_id>/roster/dimensions/<int:dimension_id>/elements")
@login_required
def roster_add_element(workshop_id, dimension_id):
    """The add-element form under a dimension."""
    ws = _facilitator_workshop(workshop_id)
    dim = dimension_store.get_dimension(get_db(), dimension_id, ws["id"])
    form = ElementForm(prefix=f"el{dimension_id}-")
    if form.validate():
        try:
            element = rules.add_item(
                get_db(), rules.ELEMENT, dim["id"], dim["workshop_id"], _fields(form), _actor()
            )
        except DomainError as e:
            place_errors(form, e)
        else:
            flash(_("Element %(name)s added.", name=element["name_id"]))
            return _back(ws, f"el-{element['id']}")
    return render_page(ws, 422, element_forms={dimension_id: form}, open_element_form=dimension_id)


@bp.post("/workshops/<int:workshop_id>/roster/elements/<int:element_id>")
@login_required
def roster_update_element(workshop_id, element_id):
    """The edit form of one element."""
    ws = _facilitator_workshop(workshop_id)
    element = dimension_store.get_element(get_db(), element_id, ws["id"])
    return _update_item(ws, rules.ELEMENT, element, ElementForm, f"el-{element_id}")


@bp.post("/workshops/<int:workshop_id>/roster/elements/<int:element_id>/delete")
@login_required
def roster_delete_element(workshop_id, element_id):
    """Delete one element."""
    ws = _facilitator_workshop(workshop_id)
    element = dimension_store.get_element(get_db(), element_id, ws["id"])
    done = _("Element %(name)s deleted.", name=element["name_id"])
    anchor = f"dim-{element['dimension_id']}"
    return _delete_item(ws, rules.ELEMENT, element, f"el-{element_id}", done, anchor)


@bp.post("/workshops/<int:workshop_id>/roster/elements/<int:element_id>/move")
@login_required
def roster_move_element(workshop_id, element_id):
    """The up/down buttons of an element."""
    ws = _facilitator_workshop(workshop_id)
    element = dimension_store.get_element(get_db(), element_id, ws["id"])
    return _move_item(ws, rules.ELEMENT, element, f"el-{element_id}")
