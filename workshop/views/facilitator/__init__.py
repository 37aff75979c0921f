"""Facilitator pages (login required), one module per capability."""

from . import (  # routes register on bp when their module loads
    agenda,
    console,
    console_hall,
    exports,
    notulensi,
    pages,
    participants,
    polls,
    programmes,
    questions,
    roster,
    wall,
    worksheet_tools,
    worksheets,
)
from .blueprint import bp

__all__ = ["bp"] + [
    "agenda",
    "console",
    "console_hall",
    "exports",
    "notulensi",
    "pages",
    "participants",
    "polls",
    "programmes",
    "questions",
    "roster",
    "wall",
    "worksheet_tools",
    "worksheets",
]
