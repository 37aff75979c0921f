"""The wall's page: loading, filters, counts, the card tools' forms; the session's own forms
(open or close collection, collection settings)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ....auth import current_principal, login_required
from ....budget import format_rupiah
from ....db import get_db
from ....forms.agenda import SESSION_STATUSES, SessionForm
from ....forms.ideas import IdeaForm, IdeaMergeForm, IdeaModerationForm, IdeaSettingsForm
from ....forms.programmes import INDICATORS_MAX, PromoteForm, QuickWinForm
from ....rules import agenda as agenda_rules
from ....rules import ideas as idea_rules
from ....store import NotFound, agenda, ideas, programmes, roster
from ...access import public_workshop, workshop_for
from ...labels import choice_labels, dimensions_with_elements
from ..blueprint import bp

TEMPLATE = "facilitator/wall.html"
WALL_ROUTE = "/workshops/<int:workshop_id>/sessions/<int:session_id>/wall"
IDEA_ROUTE = WALL_ROUTE + "/ideas/<int:idea_id>"
# Statuses a card can have on the wall, in the order of the counts; merged and withdrawn
# proposals leave it (a survivor lists its originals).
WALL_STATUSES = ("pending", "visible", "hidden")
# Per-card tools that open an inline form (?card=<id>&tool=<name>), with their field prefix.
TOOLS = {
    "edit": "e",
    "tag": "t",
    "group": "g",
    "merge": "m",
    "programme": "p",
    "quickwin": "q",
    "promote": "r",
}
# Fields each content tool edits (the edit tool: everything a proposal carries).
TOOL_FIELDS = {"edit": ideas.CONTENT_FIELDS, "tag": ("dimension", "element")}
# Query-string filters of the wall (kept across the plain-form round trips).
FILTER_KEYS = ("dimension", "opd", "status")
# Characters of the description a card shows.
EXCERPT_CHARS = 180


# -- Loading ----------------------------------------------------------------------------------


def wall_session(workshop_id, session_id):
    """(workshop, session row) for one of the caller's workshops; 404 for anyone else's."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    return ws, agenda.get_session(get_db(), session_id, ws["id"])


def idea_on_wall(ws, session, idea_id):
    """A proposal of this session, or 404."""
    row = ideas.get_idea(get_db(), idea_id, ws["id"])
    if row["session_id"] != session["id"]:
        raise NotFound("idea")
    return row


def wall_items(db, session):
    """The session's proposals as the API shows them to facilitators (merged ones excluded)."""
    authorship = ideas.session_settings(session)["authorship"]
    rows = [
        r for r in ideas.list_ideas(db, session_id=session["id"]) if r["status"] in WALL_STATUSES
    ]
    children = ideas.merged_children(db, [r["id"] for r in rows])
    return [ideas.public_idea(r, authorship, True, children.get(r["id"], [])) for r in rows]


def catalogue(db, workshop_id):
    """Dimensions with their elements, named in the page's language: {key: {name, elements}}."""
    return {
        d["key"]: {"name": d["label"], "elements": {e["key"]: e["label"] for e in d["elements"]}}
        for d in dimensions_with_elements(workshop_id, db)
    }


def current_filters():
    """The wall's filters from the query string."""
    return {k: request.args[k].strip() for k in FILTER_KEYS if request.args.get(k, "").strip()}


def matches(item, filters):
    """Does a card pass the dimension / proposing OPD / status filters?"""
    return (
        filters.get("dimension", item["dimension"]) == item["dimension"]
        and filters.get("opd", str(item["opd_id"] or "")) == str(item["opd_id"] or "")
        and filters.get("status", item["status"]) == item["status"]
    )


def wall_counts(items):
    """Counts by status, dimension and proposing OPD (over the whole wall, before filters)."""
    counts = {"status": dict.fromkeys(WALL_STATUSES, 0), "dimension": {}, "opd": {}}
    for item in items:
        counts["status"][item["status"]] += 1
        counts["dimension"][item["dimension"]] = counts["dimension"].get(item["dimension"], 0) + 1
        opd = str(item["opd_id"] or "")
        counts["opd"][opd] = counts["opd"].get(opd, 0) + 1
    counts["status"]["merged"] = sum(len(item["merged"]) for item in items)
    return counts


# -- Forms ------------------------------------------------------------------------------------


def budget_text(value):
    """1500000 → '1.500.000', as the budget field shows it (and parses it back)."""
    return "" if value is None else format_rupiah(value).removeprefix("Rp ")


def tool_form(ws, item, tool, formdata=None):
    """The inline form of one card's tool; prefixed with the card id so several can be open."""
    prefix = f"{TOOLS[tool]}{item['id']}"
    common = {"formdata": formdata, "prefix": prefix, "meta": {"csrf": False}}
    if tool in TOOL_FIELDS:
        data = {name: item[name] for name in ideas.CONTENT_FIELDS}
        data["budget_idr"] = budget_text(item["budget_idr"])
        form = IdeaForm(data=data, **common, **idea_rules.form_kwargs(get_db(), ws["id"]))
        keep = TOOL_FIELDS[tool]
    elif tool == "programme":
        # Programme fields are not a WTForms form (indicators are rows): values and errors.
        return ProgrammeTool(prefix, {k: item[k] for k in programmes.PROGRAM_FIELDS})
    elif tool == "quickwin":
        reason = item["quick_win"]["reason"] if item.get("quick_win") else ""
        return QuickWinForm(data={"reason": reason}, **common)
    elif tool == "promote":
        return PromoteForm(**common)
    elif tool == "group":
        form = IdeaModerationForm(data={"group": item["group"] or ""}, **common)
        keep = ("group",)
    else:
        form = IdeaMergeForm(**common)
        keep = ("into",)
    for name in list(form._fields):
        if name not in keep:
            delattr(form, name)
    return form


class ProgrammeTool:
    """The programme tool's "form": the values shown and the errors beside them."""

    def __init__(self, prefix, values, errors=None):
        self._prefix = prefix
        self.values = values
        self.errors = errors or {}


def programme_sessions(db, workshop_id):
    """The workshop's `programs` sessions a proposal can be promoted into: (id, label)."""
    return [
        (s["id"], _("Day %(n)d", n=s["day"]) + " · " + s["title"])
        for s in agenda.list_sessions(db, workshop_id)
        if s["purpose"] == "programs"
    ]


# -- The page ---------------------------------------------------------------------------------


def render_wall(ws, session, status=200, tool=None, settings_errors=None):
    """The wall; `tool` ({id, name, form}) is the card form shown open (with its errors).

    wall.js opens a card's tool by fetching this page with ?card=&tool= and taking the form
    from it, so the form has one rendering path.
    """
    db = get_db()
    items = wall_items(db, session)
    by_id = {item["id"]: item for item in items}
    filters = current_filters()
    if tool is None and request.args.get("tool") in TOOLS:
        card = request.args.get("card", "")
        if card.isdigit() and int(card) in by_id:
            name = request.args["tool"]
            tool = {"id": int(card), "name": name, "form": tool_form(ws, by_id[int(card)], name)}
    if tool is not None:
        tool["group_options"] = [(g, g) for g in groups_of(items)]
        tool["merge_options"] = [
            (item["id"], target_label(item)) for item in items if item["id"] != tool["id"]
        ]
        tool["session_options"] = [
            (sid, label) for sid, label in programme_sessions(db, ws["id"]) if sid != session["id"]
        ]
    context = page_context(db, ws, session, items, filters, tool)
    context["settings_errors"] = settings_errors or {}
    return render_template(TEMPLATE, **context), status


def target_label(item):
    """How a proposal is named in the "Merge with…" list: number, title, OPD, group."""
    parts = [f"#{item['id']}", item["title"]]
    if item["opd_code"]:
        parts.append(item["opd_code"])
    if item["group"]:
        parts.append(_("group %(name)s", name=item["group"]))
    return " · ".join(parts)


def groups_of(items):
    """The clusters in use, sorted for people."""
    return sorted({item["group"] for item in items if item["group"]}, key=str.casefold)


def page_context(db, ws, session, items, filters, tool):
    """Everything the template (and wall.js, through data-* attributes) needs."""
    dims = catalogue(db, ws["id"])
    opds = roster.list_opds(db, ws["id"])
    settings = idea_rules.settings_of(session)
    for item in items:
        item["shown"] = matches(item, filters) or (tool is not None and tool["id"] == item["id"])
    groups = groups_of(items)
    wall = [i for i in items if i["status"] != "pending"]
    sections = [("", [i for i in wall if not i["group"]])] + [
        (g, [i for i in wall if i["group"] == g]) for g in groups
    ]
    return {
        "blank": blank_item(session),
        "blank_merged": {"id": 0, "title": "", "author": None, "opd_code": None},
        "dim_options": [(key, d["name"]) for key, d in dims.items()],
        "element_groups": [
            (key, d["name"], list(d["elements"].items())) for key, d in dims.items()
        ],
        "opd_options": [(o["id"], f"{o['code']} — {o['name']}") for o in opds],
        "opd_codes": {o["id"]: o["code"] for o in opds},
        "is_programs": session["purpose"] == "programs",
        "can_promote": session["purpose"] != "programs" and bool(programme_sessions(db, ws["id"])),
        "program_limits": {"indicators": INDICATORS_MAX},
        "poll_statuses": {
            "open": _("Open poll"),
            "draft": _("Draft poll"),
            "closed": _("Closed poll"),
        },
        "workshop": public_workshop(ws, True),
        "session": agenda.agenda_session(db, session["id"], ws),
        "settings": settings,
        "setting_choices": {
            "fields": choice_labels(IdeaSettingsForm.fields, skip_empty=True),
            "authorship": choice_labels(IdeaSettingsForm.authorship, skip_empty=True),
        },
        "items": items,
        "pending": [i for i in items if i["status"] == "pending"],
        "sections": sections,
        "counts": wall_counts(items),
        "filters": filters,
        "filtering": bool(filters),
        "shown_count": sum(1 for i in items if i["shown"]),
        "board_count": sum(1 for i in wall if i["shown"]),
        "dims": dims,
        "opds": opds,
        "statuses": choice_labels(IdeaModerationForm.status, skip_empty=True)
        | {"merged": _("Merged")},
        "session_statuses": choice_labels(SessionForm.status, skip_empty=True),
        "horizons": choice_labels(IdeaForm.horizon, skip_empty=True),
        "tool": tool,
        "rupiah": format_rupiah,
        "excerpt_chars": EXCERPT_CHARS,
        "wall_url": url_for(".wall", workshop_id=ws["id"], session_id=session["id"]),
        "filter_args": filters,
    }


def blank_item(session):
    """Proposal 0: the card <template> wall.js fills in for cards it has not seen yet."""
    return {
        **dict.fromkeys(ideas.CONTENT_FIELDS),
        "id": 0,
        "session_id": session["id"],
        "title": "",
        "description": "",
        "dimension": "",
        "opd_code": None,
        "status": "visible",
        "group": None,
        "author": None,
        "merged": [],
        "merged_from": [],
        "code": None,
        "supporting_opd_ids": [],
        "year_start": None,
        "year_end": None,
        "indicators": [],
        "promoted_from": None,
        "quick_win": None,
        "shown": True,
    }


def back(ws, session, anchor=None):
    """Post/redirect/get to the wall, keeping its filters."""
    return redirect(
        url_for(
            ".wall",
            workshop_id=ws["id"],
            session_id=session["id"],
            _anchor=anchor,
            **current_filters(),
        )
    )


@bp.get(WALL_ROUTE, endpoint="wall")
@login_required
def wall_page(workshop_id, session_id):
    """The session's proposals as cards grouped by cluster; ?card=&tool= opens a card's form."""
    return render_wall(*wall_session(workshop_id, session_id))


# -- The session: open or close collection, settings --------------------------------------------


@bp.post(WALL_ROUTE + "/status")
@login_required
def wall_session_status(workshop_id, session_id):
    """No-JavaScript twin of PATCH /api/v1/sessions/{id} {"status"}."""
    ws, session = wall_session(workshop_id, session_id)
    value = request.form.get("status", "")
    if value not in SESSION_STATUSES:
        flash(_("Choose planned, open or closed."))
        return back(ws, session)
    changed = agenda_rules.set_status(get_db(), current_principal().id, ws, session["id"], value)
    messages = {
        "open": _("Proposal collection is open: %(title)s", title=changed["title"]),
        "closed": _("Proposal collection is closed: %(title)s", title=changed["title"]),
        "planned": _("%(title)s: %(status)s", title=changed["title"], status=_("Planned")),
    }
    flash(messages[value])
    return back(ws, session)


@bp.post(WALL_ROUTE + "/settings")
@login_required
def wall_settings(workshop_id, session_id):
    """No-JavaScript twin of PUT /api/v1/sessions/{id}/idea-settings (the whole form)."""
    ws, session = wall_session(workshop_id, session_id)
    form = IdeaSettingsForm(formdata=request.form, prefix="settings", meta={"csrf": False})
    if not form.validate():
        return render_wall(ws, session, 422, settings_errors=form.errors)
    changes = {
        "fields": form.fields.data or [],
        "authorship": form.authorship.data or ideas.session_settings(session)["authorship"],
        "premoderation": bool(form.premoderation.data),
        "program_fields": bool(form.program_fields.data),
    }
    idea_rules.update_settings(get_db(), current_principal().id, session, changes)
    flash(_("Collection settings saved."))
    return back(ws, session, "wall-settings")
