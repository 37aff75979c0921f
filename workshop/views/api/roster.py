"""The OPD roster and the dimension/element lists of a workshop.

The `add_*`, `change_*`, `remove_*`, `shift_*` and `load_*` helpers do one write each
(under the write lock), turn store conflicts into ApiError and push "roster_updated";
the facilitator page calls the same helpers, so both paths follow the same rules.
"""

import csv
import io

from flask import jsonify, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ...auth import current_principal, require
from ...db import get_db, immediate
from ...errors import ApiError
from ...forms import MoveForm
from ...forms.roster import DimensionForm, ElementForm, OpdForm
from ...realtime import broadcast_roster_updated
from ...rules import field_error
from ...store import Conflict, roster
from ..access import workshop_for
from .blueprint import bp, created, doc, form_data, items, json_body, no_content, validate

# Most OPD rows one CSV import may hold (a kota has about 40; a provinsi about 60).
IMPORT_MAX_ROWS = 500
# The CSV header, in any order and letter case.
IMPORT_COLUMNS = ("code", "name")
# Content types accepted as a raw CSV body (Excel and curl label CSV in many ways).
CSV_TYPES = {
    "text/csv",
    "text/plain",
    "application/csv",
    "application/vnd.ms-excel",
    "application/octet-stream",
}
READERS = ("facilitator", "participant", "projector")


# --- What the API returns --------------------------------------------------------------


def public_opd(opd):
    """An OPD as the API returns it."""
    return {"id": opd["id"], "code": opd["code"], "name": opd["name"]}


def public_element(element):
    """An element as the API returns it."""
    return {k: element[k] for k in ("id", "key", "name", "name_id", "position")}


def public_dimension(dim):
    """A dimension with its elements, as the API returns it."""
    data = {k: dim[k] for k in ("id", "key", "name", "name_id", "position")}
    data["elements"] = [public_element(e) for e in dim["elements"]]
    return data


# --- Shared by the API and the page: one write, its errors, its push --------------------


def broadcast_roster(workshop_id):
    """Every open page of the workshop re-fetches its roster and dimensions."""
    broadcast_roster_updated(workshop_id)


def in_use_error(e):
    """409 that says why the object is still needed and what to do first."""
    reasons = []
    if e.uses.get("participants"):
        reasons.append(
            _(
                "Participants still belong to this OPD (%(n)d). Move them to another OPD"
                " first, then delete it.",
                n=e.uses["participants"],
            )
        )
    if e.uses.get("records"):
        reasons.append(_("Proposals or notes still refer to this OPD, so it cannot be deleted."))
    if e.uses.get("sessions"):
        reasons.append(
            _(
                "Agenda sessions still use this dimension (%(n)d). Give them another"
                " dimension first.",
                n=e.uses["sessions"],
            )
        )
    if e.uses.get("ideas"):
        reasons.append(
            _(
                "Proposals are still tagged with it (%(n)d). Tag them differently first.",
                n=e.uses["ideas"],
            )
        )
    return ApiError(409, " ".join(reasons), code=str(e))


def key_in_use_error(e):
    """409 for a key change while sessions or proposals refer to the key."""
    error = in_use_error(e)
    error.message = _("The key cannot change now.") + " " + error.message
    return error


def _locked(fn, *args):
    db = get_db()
    with immediate(db):
        return fn(db, *args, current_principal().id)


def add_opd(workshop_id, fields):
    """Add one OPD; 422 on a short name already in the roster."""
    try:
        opd = _locked(roster.create_opd, workshop_id, fields["code"], fields["name"])
    except Conflict as e:
        raise field_error("code", _("This short name is already in the roster.")) from e
    broadcast_roster(workshop_id)
    return opd


def change_opd(opd, fields):
    """Change an OPD's names; 422 on a short name already in the roster."""
    try:
        changed = _locked(roster.update_opd, opd["id"], fields)
    except Conflict as e:
        raise field_error("code", _("This short name is already in the roster.")) from e
    broadcast_roster(opd["workshop_id"])
    return changed


def remove_opd(opd):
    """Delete an OPD; 409 (opd_in_use) while participants belong to it."""
    try:
        _locked(roster.delete_opd, opd["id"])
    except roster.InUse as e:
        raise in_use_error(e) from e
    broadcast_roster(opd["workshop_id"])


def import_opd_csv(workshop_id, raw):
    """Validate every row of an uploaded CSV, then add them all, or nothing (422)."""
    existing = roster.list_opds(get_db(), workshop_id)
    rows = read_opd_csv(raw, {o["code"].casefold() for o in existing})
    try:
        opds = _locked(roster.import_opds, workshop_id, rows)
    except Conflict as e:  # another facilitator added one of these meanwhile
        codes = {number: code for number, code, _name in rows}
        messages = [
            _(
                'Row %(row)d: the short name "%(code)s" is already in the roster.',
                row=n,
                code=codes[n],
            )
            for n in getattr(e, "rows", [])
        ]
        changed = _("The roster changed meanwhile. Import the file again.")
        raise rows_error(messages or [changed]) from e
    broadcast_roster(workshop_id)
    return opds


def load_default_opds(workshop_id):
    """Add the default OPDs of a kota that are missing."""
    opds = _locked(roster.add_default_opds, workshop_id)
    if opds:
        broadcast_roster(workshop_id)
    return opds


def add_dimension(workshop_id, fields):
    """Add a dimension at the end; 422 on a key already used."""
    try:
        dim = _locked(roster.create_dimension, workshop_id, fields)
    except Conflict as e:
        raise field_error("key", _("Another dimension already has this key.")) from e
    broadcast_roster(workshop_id)
    return dim


def change_dimension(dim, fields):
    """Rename a dimension; 409 for a key that sessions use, 422 for a key already used."""
    try:
        changed = _locked(roster.update_dimension, dim["id"], fields)
    except roster.InUse as e:
        raise key_in_use_error(e) from e
    except Conflict as e:
        raise field_error("key", _("Another dimension already has this key.")) from e
    broadcast_roster(dim["workshop_id"])
    return changed


def remove_dimension(dim):
    """Delete a dimension and its elements; 409 while sessions or proposals use it."""
    try:
        _locked(roster.delete_dimension, dim["id"])
    except roster.InUse as e:
        raise in_use_error(e) from e
    broadcast_roster(dim["workshop_id"])


def shift_dimension(dim, direction):
    """Swap a dimension with its neighbour above or below."""
    moved_dim, moved = _locked(roster.move_dimension, dim["id"], direction)
    if moved:
        broadcast_roster(dim["workshop_id"])
    return moved_dim, moved


def add_element(dim, fields):
    """Add an element at the end of a dimension; 422 on a key already used there."""
    try:
        element = _locked(roster.create_element, dim["id"], fields)
    except Conflict as e:
        raise field_error("key", _("Another element of this dimension has this key.")) from e
    broadcast_roster(dim["workshop_id"])
    return element


def change_element(element, fields):
    """Rename an element; 409 for a key proposals use, 422 for a key already used."""
    try:
        changed = _locked(roster.update_element, element["id"], fields)
    except roster.InUse as e:
        raise key_in_use_error(e) from e
    except Conflict as e:
        raise field_error("key", _("Another element of this dimension has this key.")) from e
    broadcast_roster(element["workshop_id"])
    return changed


def remove_element(element):
    """Delete an element; 409 while proposals are tagged with it."""
    try:
        _locked(roster.delete_element, element["id"])
    except roster.InUse as e:
        raise in_use_error(e) from e
    broadcast_roster(element["workshop_id"])


def shift_element(element, direction):
    """Swap an element with its neighbour above or below."""
    moved_element, moved = _locked(roster.move_element, element["id"], direction)
    if moved:
        broadcast_roster(element["workshop_id"])
    return moved_element, moved


def load_default_dimensions(workshop_id):
    """Add the guide's six dimensions (with elements) whose keys are missing."""
    dims = _locked(roster.add_default_dimensions, workshop_id)
    if dims:
        broadcast_roster(workshop_id)
    return dims


# --- CSV import ---------------------------------------------------------------------------


def rows_error(messages):
    """422 listing what is wrong, row by row; nothing was imported."""
    return ApiError(
        422,
        _("Nothing was imported. Correct the rows listed in the file and import it again."),
        fields={"rows": messages},
    )


def file_error(message):
    """422 about the file as a whole (encoding, emptiness, size)."""
    return ApiError(422, _("Nothing was imported.") + " " + message, fields={"file": [message]})


def _separator(line):
    """The separator Excel used: ';' in Indonesian settings, ',' in English ones."""
    counts = {sep: line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _trim(cells):
    cells = [c.strip() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def read_opd_csv(raw, taken):
    """Parse and check an uploaded roster: [(row_number, code, name)] or a 422 ApiError.

    `taken` holds the casefolded short names already in the roster. Row numbers are
    the file's, the header being row 1, as Excel shows them.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise file_error(
            _(
                'The file is not UTF-8 text. In Excel choose "Save as" and the type'
                ' "CSV UTF-8 (Comma delimited)".'
            )
        ) from e
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise file_error(_("The file is empty. The first row must be the header code,name."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(lines[0]))
    records = []
    try:
        for number, cells in enumerate(reader, start=1):
            records.append((number, _trim(cells)))
    except csv.Error as e:
        raise rows_error(
            [_("Row %(row)d: this row cannot be read; check its quotes.", row=len(records) + 1)]
        ) from e
    records = [(n, cells) for n, cells in records if cells]
    if not records:
        raise file_error(_("The file is empty. The first row must be the header code,name."))
    (header_row, header), data = records[0], records[1:]
    columns = [c.lower() for c in header]
    if sorted(columns) != sorted(IMPORT_COLUMNS):
        raise rows_error(
            [
                _(
                    'Row %(row)d: the first row must be the header "code,name"'
                    ' (found "%(found)s").',
                    row=header_row,
                    found=",".join(header),
                )
            ]
        )
    if not data:
        raise file_error(_("The file has no OPD rows under the header."))
    if len(data) > IMPORT_MAX_ROWS:
        raise file_error(
            _(
                "The file has %(n)d rows; import at most %(max)d at a time.",
                n=len(data),
                max=IMPORT_MAX_ROWS,
            )
        )
    errors, rows, seen = [], [], {}
    for number, cells in data:
        if len(cells) > len(columns):
            errors.append(
                _(
                    "Row %(row)d: more values than columns. Put a name that contains"
                    ' "%(sep)s" in double quotes.',
                    row=number,
                    sep=reader.dialect.delimiter,
                )
            )
            continue
        values = dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=True))
        form = OpdForm(formdata=MultiDict(values), meta={"csrf": False})
        if not form.validate():
            errors.extend(
                _("Row %(row)d: %(message)s", row=number, message=form.errors[name][0])
                for name in IMPORT_COLUMNS
                if name in form.errors
            )
            continue
        code, name = form.code.data, form.name.data
        folded = code.casefold()
        if folded in seen:
            errors.append(
                _(
                    'Row %(row)d: the short name "%(code)s" is already on row %(first)d.',
                    row=number,
                    code=code,
                    first=seen[folded],
                )
            )
        elif folded in taken:
            errors.append(
                _(
                    'Row %(row)d: the short name "%(code)s" is already in the roster.',
                    row=number,
                    code=code,
                )
            )
        seen.setdefault(folded, number)
        rows.append((number, code, name))
    if errors:
        raise rows_error(errors)
    return rows


def uploaded_csv():
    """The CSV bytes of an import: a text/csv body or a multipart field named "file"."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise field_error("file", _("Choose a CSV file with the columns code,name."))
        return upload.read()
    if request.mimetype in CSV_TYPES:
        return request.get_data()
    raise ApiError(
        415,
        _(
            "Send the CSV as the body with Content-Type: text/csv, or upload it as a"
            " form field named file."
        ),
    )


# --- Routes: OPD roster -----------------------------------------------------------------


def opd_for(opd_id):
    """An OPD of one of the caller's workshops (facilitators only), else 403/404."""
    opd = roster.get_opd(get_db(), opd_id)
    workshop_for(opd["workshop_id"], facilitator_only=True)
    return opd


def dimension_for(dimension_id):
    """A dimension of one of the caller's workshops (facilitators only), else 403/404."""
    dim = roster.get_dimension(get_db(), dimension_id)
    workshop_for(dim["workshop_id"], facilitator_only=True)
    return dim


def element_for(element_id):
    """An element of one of the caller's workshops (facilitators only), else 403/404."""
    element = roster.get_element(get_db(), element_id)
    workshop_for(element["workshop_id"], facilitator_only=True)
    return element


@bp.get("/workshops/<int:workshop_id>/opds")
@doc("The workshop's OPD roster", responses={200: "{items: [{id, code, name}]}"})
@require(*READERS)
def list_opds(workshop_id):
    """Facilitators, the workshop's participants and its projector may read it."""
    workshop_for(workshop_id)
    return items([public_opd(o) for o in roster.list_opds(get_db(), workshop_id)])


@bp.post("/workshops/<int:workshop_id>/opds")
@doc(
    "Add an OPD to the roster",
    body=OpdForm,
    responses={201: "OPD", 422: "invalid, or the short name is already in the roster"},
)
@require("facilitator")
def create_opd(workshop_id):
    """The short name is unique in the workshop, whatever its letter case."""
    workshop_for(workshop_id, facilitator_only=True)
    form = validate(OpdForm, json_body())
    return created(public_opd(add_opd(workshop_id, form_data(form))))


@bp.post("/workshops/<int:workshop_id>/opds/import")
@doc(
    "Import OPDs from a CSV file (all rows or none)",
    body="text/csv",
    responses={
        201: "{items: [OPD], created: n}",
        413: "larger than the upload limit",
        415: "neither text/csv nor a multipart file",
        422: "nothing imported; error.fields.rows lists the problems row by row",
    },
)
@require("facilitator")
def import_opds(workshop_id):
    """Header code,name; UTF-8 with or without BOM; ',' or ';' separated; at most 500 rows."""
    workshop_for(workshop_id, facilitator_only=True)
    opds = import_opd_csv(workshop_id, uploaded_csv())
    return jsonify({"items": [public_opd(o) for o in opds], "created": len(opds)}), 201


@bp.post("/workshops/<int:workshop_id>/opds/defaults")
@doc(
    "Add the default OPDs of a kota that are missing",
    responses={201: "{items: [OPD added], created: n}", 200: "nothing was missing"},
)
@require("facilitator")
def default_opds(workshop_id):
    """Only short names not yet in the roster are added; existing rows stay as they are."""
    workshop_for(workshop_id, facilitator_only=True)
    opds = load_default_opds(workshop_id)
    body = {"items": [public_opd(o) for o in opds], "created": len(opds)}
    return jsonify(body), 201 if opds else 200


@bp.patch("/opds/<int:opd_id>")
@doc("Change an OPD's short or full name", body=OpdForm, responses={200: "OPD"})
@require("facilitator")
def update_opd(opd_id):
    """Partial update; the short name stays unique in the workshop."""
    opd = opd_for(opd_id)
    form = validate(OpdForm, json_body(), partial=True)
    return jsonify(public_opd(change_opd(opd, form_data(form))))


@bp.delete("/opds/<int:opd_id>")
@doc(
    "Remove an OPD from the roster",
    responses={204: "deleted", 409: "participants still belong to it (opd_in_use)"},
)
@require("facilitator")
def delete_opd(opd_id):
    """Refused while participants belong to it: move them to another OPD first."""
    remove_opd(opd_for(opd_id))
    return no_content()


# --- Routes: dimensions and elements ----------------------------------------------------


@bp.get("/workshops/<int:workshop_id>/dimensions")
@doc(
    "The workshop's dimensions with their elements, in order",
    responses={200: "{items: [{id, key, name, name_id, elements: [...]}]}"},
)
@require(*READERS)
def list_dimensions(workshop_id):
    """`name` is English, `name_id` Indonesian; participants and the projector may read."""
    workshop_for(workshop_id)
    dims = roster.list_dimensions(get_db(), workshop_id)
    return items([public_dimension(d) for d in dims])


@bp.post("/workshops/<int:workshop_id>/dimensions")
@doc(
    "Add a dimension at the end",
    body=DimensionForm,
    responses={201: "dimension", 422: "invalid, or the key is already used"},
)
@require("facilitator")
def create_dimension(workshop_id):
    """Keys are unique in the workshop; sessions and proposals refer to them."""
    workshop_for(workshop_id, facilitator_only=True)
    form = validate(DimensionForm, json_body())
    return created(public_dimension(add_dimension(workshop_id, form_data(form))))


@bp.post("/workshops/<int:workshop_id>/dimensions/defaults")
@doc(
    "Add the guide's six dimensions (three elements each) that are missing",
    responses={201: "{items: [dimension added], created: n}", 200: "nothing was missing"},
)
@require("facilitator")
def default_dimensions(workshop_id):
    """Only keys not yet in the list are added, at the end, with their elements."""
    workshop_for(workshop_id, facilitator_only=True)
    dims = load_default_dimensions(workshop_id)
    body = {"items": [public_dimension(d) for d in dims], "created": len(dims)}
    return jsonify(body), 201 if dims else 200


@bp.patch("/dimensions/<int:dimension_id>")
@doc(
    "Change a dimension's key or names",
    body=DimensionForm,
    responses={200: "dimension", 409: "key change while sessions use it (dimension_in_use)"},
)
@require("facilitator")
def update_dimension(dimension_id):
    """Names can always change; the key only while no session or proposal uses it."""
    dim = dimension_for(dimension_id)
    form = validate(DimensionForm, json_body(), partial=True)
    return jsonify(public_dimension(change_dimension(dim, form_data(form))))


@bp.delete("/dimensions/<int:dimension_id>")
@doc(
    "Remove a dimension and its elements",
    responses={204: "deleted", 409: "sessions or proposals use it (dimension_in_use)"},
)
@require("facilitator")
def delete_dimension(dimension_id):
    """Refused while agenda sessions (or proposals) use the dimension."""
    remove_dimension(dimension_for(dimension_id))
    return no_content()


@bp.post("/dimensions/<int:dimension_id>/move")
@doc(
    "Move a dimension one place up or down",
    body=MoveForm,
    responses={200: "the dimension; moved=false when it was already at that end"},
)
@require("facilitator")
def move_dimension(dimension_id):
    """Swaps it with its neighbour; at the top (or bottom) nothing changes."""
    dim = dimension_for(dimension_id)
    form = validate(MoveForm, json_body())
    moved_dim, moved = shift_dimension(dim, form.direction.data)
    return jsonify(dict(public_dimension(moved_dim), moved=moved))


@bp.post("/dimensions/<int:dimension_id>/elements")
@doc(
    "Add an element at the end of a dimension",
    body=ElementForm,
    responses={201: "element", 422: "invalid, or the key is already used in this dimension"},
)
@require("facilitator")
def create_element(dimension_id):
    """Keys are unique within their dimension."""
    dim = dimension_for(dimension_id)
    form = validate(ElementForm, json_body())
    element = add_element(dim, form_data(form))
    return created(dict(public_element(element), dimension_id=dim["id"]))


@bp.patch("/elements/<int:element_id>")
@doc(
    "Change an element's key or names",
    body=ElementForm,
    responses={200: "element", 409: "key change while proposals use it (element_in_use)"},
)
@require("facilitator")
def update_element(element_id):
    """Partial update; keys stay unique within the dimension."""
    element = element_for(element_id)
    form = validate(ElementForm, json_body(), partial=True)
    changed = change_element(element, form_data(form))
    return jsonify(dict(public_element(changed), dimension_id=changed["dimension_id"]))


@bp.delete("/elements/<int:element_id>")
@doc("Remove an element", responses={204: "deleted", 409: "proposals use it (element_in_use)"})
@require("facilitator")
def delete_element(element_id):
    """Refused while proposals are tagged with the element."""
    remove_element(element_for(element_id))
    return no_content()


@bp.post("/elements/<int:element_id>/move")
@doc(
    "Move an element one place up or down within its dimension",
    body=MoveForm,
    responses={200: "the element; moved=false when it was already at that end"},
)
@require("facilitator")
def move_element(element_id):
    """Swaps it with its neighbour in the same dimension."""
    element = element_for(element_id)
    form = validate(MoveForm, json_body())
    moved_element, moved = shift_element(element, form.direction.data)
    return jsonify(
        dict(public_element(moved_element), dimension_id=moved_element["dimension_id"], moved=moved)
    )
