"""The audit trail's event names in words (issue 15: the annex printed raw names such as
`idea_updated`). One phrase per event name the code records (tests/test_finish.py checks
that every name passed to store.audit.record has one); a name from elsewhere (an imported
workshop from a newer server) is printed with its underscores as spaces."""

from flask_babel import lazy_gettext as _l

PHRASES = {
    "ballot_cast": _l("Ballot cast or changed"),
    "day_updated": _l("Day renamed"),
    "decision_recorded": _l("Poll decision recorded"),
    "device_linked": _l("Device (gawai) linked"),
    "device_revoked": _l("Device (gawai) signed out"),
    "display_changed": _l("Projector view changed"),
    "entry_created": _l("Worksheet entry written"),
    "entry_updated": _l("Worksheet entry edited"),
    "entry_visible": _l("Worksheet entry shown"),
    "entry_hidden": _l("Worksheet entry hidden"),
    "entry_merged": _l("Worksheet entry merged"),
    "entry_replaced": _l("Worksheet entry replaced"),
    "entry_withdrawn": _l("Worksheet entry withdrawn"),
    "facilitator_added": _l("Co-facilitator added"),
    "facilitator_created": _l("Facilitator account created"),
    "idea_created": _l("Proposal submitted"),
    "idea_updated": _l("Proposal edited"),
    "idea_pending": _l("Proposal set to wait for approval"),
    "idea_visible": _l("Proposal shown"),
    "idea_hidden": _l("Proposal hidden"),
    "idea_merged": _l("Proposals merged"),
    "idea_unmerged": _l("Proposal merge undone"),
    "idea_withdrawn": _l("Proposal withdrawn"),
    "join_code_regenerated": _l("New join code"),
    "note_created": _l("Note written"),
    "note_updated": _l("Note edited"),
    "note_deleted": _l("Note deleted"),
    "participant_joined": _l("Participant joined"),
    "participant_updated": _l("Participant edited"),
    "participant_merged": _l("Participants merged"),
    "password_changed": _l("Password changed"),
    "poll_created": _l("Poll created"),
    "poll_updated": _l("Poll changed"),
    "poll_opened": _l("Poll opened"),
    "poll_closed": _l("Poll closed"),
    "projector_key_regenerated": _l("New projector address"),
    "question_created": _l("Question asked"),
    "question_upvoted": _l("Question supported"),
    "question_unvoted": _l("Question support withdrawn"),
    "session_created": _l("Session added"),
    "session_updated": _l("Session changed"),
    "session_settings_updated": _l("Collection settings changed"),
    "session_moved": _l("Session moved"),
    "session_deleted": _l("Session deleted"),
    "timer_started": _l("Timer started"),
    "timer_paused": _l("Timer paused"),
    "timer_resumed": _l("Timer resumed"),
    "timer_extended": _l("Timer extended"),
    "timer_stopped": _l("Timer stopped"),
    "workshop_created": _l("Bimtek created"),
    "workshop_updated": _l("Bimtek details changed"),
    "workshop_imported": _l("Bimtek imported"),
    "priority_set": _l("Priority poll of a dimension chosen"),
    "priority_cleared": _l("Priority poll of a dimension left to the rule"),
    "progress_reported": _l("Progress reported"),
    "quick_win_marked": _l("Quick win chosen"),
    "quick_win_unmarked": _l("Quick win choice withdrawn"),
    "workshop_stages_set": _l("Stages of the Bimtek set"),
}


def phrase(action):
    """The event in the export's language; an unknown name with spaces for underscores."""
    words = PHRASES.get(action)
    return str(words) if words is not None else action.replace("_", " ")
