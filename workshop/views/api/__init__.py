"""The JSON API under /api/v1 (contract: docs/api.md); routes register on `blueprint.bp`."""

from . import (  # routes register on bp when their module loads
    accounts,
    agenda,
    console,
    dimensions,
    exports,
    ideas,
    keyword_polls,
    meta,
    opds,
    participants,
    polls,
    programmes,
    questions,
    worksheet_plans,
    worksheets,
    workshops,
)
from .blueprint import bp

__all__ = ["bp"] + [
    "accounts",
    "agenda",
    "console",
    "dimensions",
    "exports",
    "ideas",
    "keyword_polls",
    "meta",
    "opds",
    "participants",
    "polls",
    "programmes",
    "questions",
    "worksheet_plans",
    "worksheets",
    "workshops",
]
