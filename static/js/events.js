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
    READINESS_ITEMS_UPDATED: "readiness_items_updated"
  });
})();
