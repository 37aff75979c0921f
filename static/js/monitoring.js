/* The Dewan Smart City dashboard (templates/facilitator/monitoring.html): the server renders
   it whole; this script re-reads its data-live parts after the socket connects (so a page
   opened before a reconnect is never stale) and on every progress report, and prints. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var body = document.body;
  var workshopId = Number(body.dataset.workshopId);
  var pending = null;

  function parts() {
    return Array.prototype.map.call(document.querySelectorAll("[data-live][id]"), function (el) {
      return el.id;
    });
  }

  function refresh() {
    if (pending) return pending;
    pending = R.refreshParts(parts()).then(function () {
      body.dataset.synced = String(Number(body.dataset.synced || 0) + 1);
    }).finally(function () { pending = null; });
    return pending;
  }

  var handlers = {};
  if (R.EVENTS.PROGRESS_REPORTED) handlers[R.EVENTS.PROGRESS_REPORTED] = refresh;
  R.connect({
    auth: { workshop_id: workshopId },
    onSync: function () { refresh(); },
    on: handlers
  });

  var printButton = document.querySelector("[data-print]");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });
})();
