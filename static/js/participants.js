/* Participants and attendance: live as people join; edits go through the API. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var workshopId = document.body.dataset.workshopId;
  var main = document.getElementById("main");

  function editing() {
    var active = document.activeElement;
    return active && active.closest && active.closest("#people-table details[open]");
  }

  var pending = false;
  function refresh() {
    if (editing()) { pending = true; return; }
    pending = false;
    var open = Array.prototype.map.call(
      document.querySelectorAll("#people-table details[open]"),
      function (d) { return d.closest("tr").dataset.id; });
    R.refreshParts(["attendance-panel", "duplicates-panel", "people-table", "people-count"]).then(function () {
      open.forEach(function (id) {
        var row = document.querySelector('#people-table tr[data-id="' + id + '"] details');
        if (row) row.open = true;
      });
    });
  }
  document.addEventListener("focusout", function () {
    if (pending) setTimeout(refresh, 0);
  });

  /* Merging signs the duplicate's devices out: ask first (before enhanceForms sends it). */
  main.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);

  R.enhanceForms(main, function () {
    if (document.activeElement) document.activeElement.blur();
    refresh();
  });

  var handlers = {};
  [R.EVENTS.PARTICIPANT_JOINED, R.EVENTS.PARTICIPANT_UPDATED, R.EVENTS.ATTENDANCE_UPDATED,
   R.EVENTS.WORKSHOP_UPDATED].forEach(function (name) { handlers[name] = refresh; });
  R.connect({
    auth: { workshop_id: workshopId },
    onSync: function (first) { if (!first) refresh(); },
    on: handlers
  });
})();
