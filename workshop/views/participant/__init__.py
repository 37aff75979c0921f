"""Participant pages: joining, home, the proposal session, worksheets, questions to a
speaker, the ballot and the offline shell."""

from . import (
    ideas,
    pages,
    polls,
    questions,
    shell,
    worksheets,
)  # routes register on bp when they load
from .blueprint import bp

__all__ = ["bp", "ideas", "pages", "polls", "questions", "shell", "worksheets"]
