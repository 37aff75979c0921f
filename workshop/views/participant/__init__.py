"""Participant pages: joining, home, the proposal session, the ballot and the offline shell."""

from . import ideas, pages, polls, shell  # routes register on bp when their module loads
from .blueprint import bp

__all__ = ["bp", "ideas", "pages", "polls", "shell"]
