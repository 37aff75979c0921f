"""Participant pages: joining, home, the proposal session, worksheets, the ballot and the
offline shell."""

from . import ideas, pages, polls, shell, worksheets  # routes register on bp when they load
from .blueprint import bp

__all__ = ["bp", "ideas", "pages", "polls", "shell", "worksheets"]
