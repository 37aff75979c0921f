"""Participant pages: joining, home, the proposal session, worksheets and the ballot."""

from . import ideas, pages, polls, worksheets  # routes register on bp when their module loads
from .blueprint import bp

__all__ = ["bp", "ideas", "pages", "polls", "worksheets"]
