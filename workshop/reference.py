"""Reference data shipped with the package (copied from shared/domain)."""

import csv
import functools
import io
import json
from importlib import resources

DATA = resources.files("workshop") / "data"


@functools.cache
def load_json(name):
    """A JSON file from workshop/data, parsed once per process."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@functools.cache
def load_csv(name):
    """A CSV file from workshop/data as a tuple of dicts."""
    text = (DATA / name).read_text(encoding="utf-8-sig")
    return tuple(csv.DictReader(io.StringIO(text)))


def bimtek_agenda():
    """Days → sessions of the four-day Bimtek template."""
    return load_json("bimtek-agenda.json")["days"]


def readiness_list():
    """The default readiness list: ratings and aspects (struktur, infrastruktur, suprastruktur)
    with their items; each workshop keeps its own editable copy (store/worksheets.py)."""
    data = load_json("readiness.json")
    return {"ratings": data["ratings"], "aspects": data["aspects"]}


def default_dimensions():
    """The six dimensions × three elements of the Smart City guide."""
    return load_json("dimensions.json")["dimensions"]


def code_prefix(dimension):
    """The prefix of a dimension's programme codes ("SG" for governance: SG-01); a workshop's
    own dimension uses its key (letters and digits, upper case, at most four)."""
    for dim in default_dimensions():
        if dim["key"] == dimension and dim.get("prefix"):
            return dim["prefix"]
    letters = "".join(c for c in (dimension or "").upper() if c.isalnum())
    return letters[:4] or "P"


def default_opds():
    """The default OPD roster of a kota."""
    return load_csv("opd-kota.csv")


def quick_win_criteria():
    """The five quick-win criteria (default criteria of a scores poll)."""
    return load_json("quick-win-criteria.json")["criteria"]


def demo_proposals():
    """Realistic proposals for the demo workshop."""
    return load_csv("demo-proposals.csv")


def demo_worksheets():
    """Readiness ratings, SWOT entries, TOWS strategies, vision keywords and the vision of the
    demo's first day."""
    return load_json("demo-worksheets.json")
