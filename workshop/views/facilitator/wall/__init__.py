"""The proposals wall of a session ("Dinding usulan"): approve, hide, edit, tag, group, merge.

Every control is a plain form posting to a route here (post/redirect/get with a flash, or the
page again with the field errors and 422), so the wall works without JavaScript. With
JavaScript, static/js/wall.js sends the same changes to the JSON API and keeps the wall live.
Both paths call the same rules (workshop/rules/ideas.py, workshop/rules/agenda.py), so they
record the same audit entries and push the same events, after commit.

page.py builds the page and holds the session's forms; cards.py holds each card's forms;
programmes.py the programme tools (programme fields, quick win, promote; issue 15).
"""

from . import cards, page, programmes  # routes register on bp when their module loads

__all__ = ["cards", "page", "programmes"]
