"""Participant pages: joining, home, the proposal session and the ballot."""

from . import ideas, pages, polls  # routes register on bp when their module loads
from .blueprint import bp

__all__ = ["bp", "ideas", "pages", "polls"]
