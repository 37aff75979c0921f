"""Participant pages: joining, home, the proposal session, worksheets, questions to a
speaker, the ballot and the offline shell."""

from . import (
    followup,
    ideas,
    pages,
    polls,
    questions,
    shell,
    worksheets,
)  # routes register on bp when they load
from .blueprint import bp

__all__ = ["bp", "followup", "ideas", "pages", "polls", "questions", "shell", "worksheets"]
