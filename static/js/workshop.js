/* Facilitator's workshop page: facts follow edits made by any facilitator. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var workshopId = document.body.dataset.workshopId;

  function show(w) {
    if (String(w.id) !== String(workshopId)) return;
    document.getElementById("ws-title").textContent = w.title;
    document.getElementById("ws-code").textContent = w.code;
  }
  function refresh() {
    R.api("GET", "/api/v1/workshops/" + workshopId).then(show);
  }
  var handlers = {};
  handlers[R.EVENTS.WORKSHOP_UPDATED] = show;
  R.connect({
    auth: { workshop_id: workshopId },
    onSync: function (first) { if (!first) refresh(); },
    on: handlers
  });
})();
