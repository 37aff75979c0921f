"""Lookups, labels and number formats over model.gather()'s dict, in the current language.

Shared by the masterplan and the session summaries (call inside flask_babel.force_locale).
"""

import contextvars
import datetime

from flask_babel import format_date, format_decimal, get_locale
from flask_babel import gettext as _

from ..polls.methods import labels as method_labels
from ..tally import competition_ranks

# Statuses of proposals and worksheet entries that count in documents (hidden, merged and
# withdrawn ones do not).
SHOWN = ("visible",)
# A session's `purpose` says which chapter its material feeds (API.md, second wave); "none"
# (or a session from before purposes) feeds chapter 2 as "other input". Never guessed from
# the title: m011 inferred it once for the workshops that existed then.
NO_PURPOSE = "none"
# Purposes whose proposals a chapter prints; proposals of any other purpose (none, and those
# whose chapter does not list proposals yet) feed chapter 2.4 as "other input".
IDEA_CHAPTERS = ("readiness", "issues", "swot", "vision", "strategy", "programs")
HORIZONS = ("quick_win", "short", "medium", "long")
# Indonesia's time zones: hours ahead of UTC (stored times are UTC; agenda times are local).
ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}
DEFAULT_ZONE = "WIB"
# The time zone of the workshop being exported: set by Index(data), read by moment() (chapter
# code calls moment() without the workshop at hand; one export builds one Index).
_zone = contextvars.ContextVar("export_zone", default=DEFAULT_ZONE)


def lang():
    """'id' or 'en': the language the document is being built in."""
    return "en" if str(get_locale()).startswith("en") else "id"


def horizon_label(key):
    labels = {
        "quick_win": _("Quick win (≤ 12 months)"),
        "short": _("Short term (1 year)"),
        "medium": _("Medium term (5 years)"),
        "long": _("Long term (10 years)"),
    }
    return labels.get(key, "")


def method_label(method):
    """The method's name in the export's language (from the poll methods' registry)."""
    return method_labels().get(method, method)


def kind_label(kind):
    labels = {
        "talk": _("Talk"),
        "ideas": _("Proposals"),
        "vote": _("Voting"),
        "discussion": _("Discussion"),
        "worksheet": _("Worksheet"),
        "qa": _("Questions to a speaker"),
    }
    return labels.get(kind, kind)


def status_label(status):
    labels = {
        "planned": _("planned"),
        "open": _("open"),
        "closed": _("closed"),
        "draft": _("draft"),
    }
    return labels.get(status, status)


def rupiah(value):
    """1.500.000 (id) / 1,500,000 (en); empty when unknown."""
    if value is None or value == "":
        return ""
    return format_decimal(int(value), format="#,##0")


def number(value):
    """A score: whole numbers as such, others with two decimals (2,50 in id, 2.50 in en)."""
    if value is None or value == "":
        return ""
    if isinstance(value, int) or float(value).is_integer():
        return format_decimal(int(value), format="#,##0")
    return format_decimal(value, format="#,##0.00")


def zone():
    """The exported workshop's time zone: WIB, WITA or WIT."""
    return _zone.get()


def set_zone(name):
    """Print times in this zone from now on in this context (Index does it)."""
    _zone.set(name if name in ZONES else DEFAULT_ZONE)


def long_date(value):
    """1 Agustus 2017 / August 1, 2017."""
    if not value:
        return ""
    return format_date(datetime.date.fromisoformat(str(value)[:10]), format="long")


def clock(value):
    """'08:30' → '08.30' in Indonesian."""
    if not value:
        return ""
    return value.replace(":", ".") if lang() == "id" else value


def span(session):
    """A session's agenda times (local already) with the zone: '08.30–10.00 WIB'."""
    return f"{clock(session['starts_at'])}–{clock(session['ends_at'])} {zone()}"


def local(value):
    """A stored UTC timestamp as a naive datetime on the workshop's clock."""
    when = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    offset = datetime.timedelta(hours=ZONES[zone()])
    return (when.astimezone(datetime.UTC) + offset).replace(tzinfo=None)


def moment(value):
    """A stored UTC timestamp as the hall's date and clock time with its zone:
    '15 Agustus 2017 14.05 WIB' (WIB = UTC+7, WITA = UTC+8, WIT = UTC+9)."""
    if not value:
        return ""
    when = local(value)
    return f"{format_date(when.date(), format='long')} {clock(when.strftime('%H:%M'))} {zone()}"


class Index:
    """Lookups by id over one gathered workshop."""

    def __init__(self, data):
        self.data = data
        self.workshop = data["workshop"]
        set_zone(self.workshop.get("timezone") or DEFAULT_ZONE)
        self.opds = {o["id"]: o for o in data["opds"]}
        self.sessions = {s["id"]: s for s in data["sessions"]}
        self.ideas = {i["id"]: i for i in data["ideas"]}
        self.participants = {p["id"]: p for p in data["participants"]}
        self.dimensions = {d["key"]: d for d in data["dimensions"]}
        self.elements = {(d["key"], e["key"]): e for d in data["dimensions"] for e in d["elements"]}
        self.days = {d["number"]: d for d in data["days"]}
        self.polls = [p for p in data["polls"] if p["status"] != "draft"]
        self.roles = {s["id"]: s.get("purpose") or NO_PURPOSE for s in data["sessions"]}
        self.entries = {e["id"]: e for e in data.get("entries", [])}

    # -- names ------------------------------------------------------------------------
    def opd_code(self, opd_id):
        opd = self.opds.get(opd_id)
        return opd["code"] if opd else ""

    def opd_name(self, opd_id):
        opd = self.opds.get(opd_id)
        return opd["name"] if opd else ""

    def dimension_name(self, key):
        dim = self.dimensions.get(key)
        if dim is None:
            return key or ""
        return dim["name_id"] if lang() == "id" else dim["name"]

    def element_name(self, dimension, key):
        element = self.elements.get((dimension, key))
        if element is None:
            return key or ""
        return element["name_id"] if lang() == "id" else element["name"]

    def proposer(self, idea):
        """The proposing OPD: the one given on the proposal, else the author's OPD."""
        if idea["opd_id"]:
            return self.opd_code(idea["opd_id"])
        author = self.participants.get(idea["participant_id"])
        return self.opd_code(author["opd_id"]) if author else ""

    def session_label(self, session):
        day = _("Day %(n)d", n=session["day"])
        return f"{day}, {span(session)} · {session['title']}"

    # -- which session feeds which chapter: its purpose, nothing else -----------------
    def sessions_of(self, purpose):
        return [s for s in self.data["sessions"] if self.roles[s["id"]] == purpose]

    def ideas_of(self, purpose, dimension=None):
        """Shown proposals from the sessions of one purpose (and dimension), oldest first.

        "other": proposals of sessions whose purpose no chapter of proposals takes (2.4)."""

        def fits(session_id):
            role = self.roles.get(session_id)
            return role not in IDEA_CHAPTERS if purpose == "other" else role == purpose

        return [
            i
            for i in self.data["ideas"]
            if i["status"] in SHOWN
            and fits(i["session_id"])
            and (dimension is None or i["dimension"] == dimension)
        ]

    def entries_of(self, purpose):
        """Shown worksheet entries of this purpose in the sessions of that purpose, in
        submission order (a session whose purpose changed keeps its earlier entries out)."""
        return [
            e
            for e in self.data.get("entries", [])
            if (e.get("status") or "visible") in SHOWN
            and not e.get("merged_into")
            and (e.get("purpose") or purpose) == purpose
            and self.roles.get(e["session_id"]) == purpose
        ]

    # -- polls ------------------------------------------------------------------------
    def polls_with(self, idea_ids):
        """Non-draft polls whose results list any of these proposals."""
        wanted = set(idea_ids)
        return [
            p
            for p in self.polls
            if p["tally"] and wanted & {item["idea_id"] for item in p["tally"]["items"]}
        ]

    def choose_poll(self, idea_ids, prefer_scores=False):
        """The poll that ranks these proposals.

        Rule (documented in README): among the non-draft polls listing any of them, a
        closed poll before an open one; then a poll of the wanted kind (criteria scores
        for quick wins, any other method for program priority); then the latest (closing
        or opening time, then creation order).
        """
        candidates = self.polls_with(idea_ids)
        if not candidates:
            return None

        def key(p):
            scores = p["method"] == "scores"
            return (
                p["status"] == "closed",
                scores if prefer_scores else not scores,
                p["closed_at"] or p["opened_at"] or "",
                p["id"],
            )

        return max(candidates, key=key)

    def ranked(self, ideas, poll):
        """[(idea, tally item or None, rank within these ideas or None)], best first.

        Ranks are recomputed among the given proposals (a poll over every dimension
        ranks each dimension's programs 1, 2, 3 …), ties sharing a rank; proposals the
        poll did not list follow, unranked, in submission order.
        """
        items = {i["idea_id"]: i for i in (poll["tally"]["items"] if poll else [])}
        scored = {idea["id"]: items[idea["id"]]["score"] for idea in ideas if idea["id"] in items}
        ranks = competition_ranks(scored)
        in_poll = sorted(
            (i for i in ideas if i["id"] in scored), key=lambda i: (ranks[i["id"]], i["id"])
        )
        rest = [i for i in ideas if i["id"] not in scored]
        return [(i, items[i["id"]], ranks[i["id"]]) for i in in_poll] + [
            (i, None, None) for i in rest
        ]

    def poll_caption(self, poll):
        """'«Prioritas program» — Titik, ditutup 3 Agustus 2017 14.05, 87 dari 112 memilih.'"""
        if poll is None:
            return ""
        tally = poll["tally"] or {}
        state = (
            _("closed %(when)s", when=moment(poll["closed_at"]))
            if poll["status"] == "closed"
            else _("still open: provisional result")
        )
        turnout = _(
            "%(voters)d of %(eligible)d voted",
            voters=tally.get("voters", 0),
            eligible=tally.get("eligible", 0),
        )
        return f"«{poll['title']}» — {method_label(poll['method'])}, {state}, {turnout}."
