"""Compatibility names for modules not yet moved to store/opds.py and store/dimensions.py.

The OPD roster lives in `store.opds`, dimensions and elements in `store.dimensions`; new
code imports those. Call sites that still read `roster.list_opds` / `roster.list_dimensions`
(participant pages, projector, agenda, ideas, console, wall, notulensi, exports, demo) keep
working through these names until their owners switch.
"""

from . import InUse
from .dimensions import get_dimension, get_element, list_dimensions
from .opds import get_opd, list_opds

__all__ = ["InUse", "get_dimension", "get_element", "get_opd", "list_dimensions", "list_opds"]
