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
    IDEAS_CREATED: "ideas_created",
    IDEAS_UPDATED: "ideas_updated",
    IDEAS_REMOVED: "ideas_removed"
  });
  /* Item events the hall hears as batches {"items": [...]}: singular → plural (the twin of
     realtime.BATCHED). Listen with Rembuk.onItems (live.js), which handles both forms. */
  window.Rembuk.BATCHED = Object.freeze({
    idea_created: "ideas_created",
    idea_updated: "ideas_updated",
    idea_removed: "ideas_removed"
  });
})();
