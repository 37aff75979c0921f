/* Server → client event names; the Python twin is workshop/realtime.py EVENTS. */
(function () {
  "use strict";
  window.Rembuk = window.Rembuk || {};
  window.Rembuk.EVENTS = Object.freeze({
    WORKSHOP_UPDATED: "workshop_updated",
    IDEA_CREATED: "idea_created",
    IDEA_UPDATED: "idea_updated",
    IDEA_REMOVED: "idea_removed",
    SESSION_UPDATED: "session_updated",
    DAY_UPDATED: "day_updated",
    PARTICIPANT_JOINED: "participant_joined",
    PARTICIPANT_UPDATED: "participant_updated",
    ATTENDANCE_UPDATED: "attendance_updated",
    POLL_OPENED: "poll_opened",
    POLL_CLOSED: "poll_closed",
    POLL_UPDATED: "poll_updated",
    RESULTS: "results",
    DISPLAY: "display",
    TIMER: "timer",
    NOTE_CREATED: "note_created",
    NOTE_UPDATED: "note_updated",
    NOTE_REMOVED: "note_removed",
    ROSTER_UPDATED: "roster_updated",
    PRESENCE: "presence",
    ENTRY_CREATED: "entry_created",
    ENTRY_UPDATED: "entry_updated",
    ENTRY_REMOVED: "entry_removed",
    STRATEGY_UPDATED: "strategy_updated",
    VISION_UPDATED: "vision_updated",
    READINESS_ITEMS_UPDATED: "readiness_items_updated",
    IDEAS_CREATED: "ideas_created",
    IDEAS_UPDATED: "ideas_updated",
    IDEAS_REMOVED: "ideas_removed",
    ENTRIES_CREATED: "entries_created",
    ENTRIES_UPDATED: "entries_updated",
    ENTRIES_REMOVED: "entries_removed",
    QUESTION_CREATED: "question_created",
    QUESTION_UPDATED: "question_updated",
    QUESTIONS_CREATED: "questions_created",
    QUESTIONS_UPDATED: "questions_updated",
    PROGRESS_REPORTED: "progress_reported"
  });
  /* Item events the hall hears as batches {"items": [...]}: singular → plural (the twin of
     realtime.BATCHED). Listen with Rembuk.onItems (live.js), which handles both forms. */
  window.Rembuk.BATCHED = Object.freeze({
    idea_created: "ideas_created",
    idea_updated: "ideas_updated",
    idea_removed: "ideas_removed",
    entry_created: "entries_created",
    entry_updated: "entries_updated",
    entry_removed: "entries_removed",
    question_created: "questions_created",
    question_updated: "questions_updated"
  });
})();
