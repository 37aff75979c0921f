/* The facilitator's moderation page of a `qa` session (templates/facilitator/questions.html):
   its forms go to PATCH /api/v1/questions/{id} (Rembuk.enhanceForms); after every change,
   every question push and every (re)connect the list is re-rendered from the page's own HTML
   (Rembuk.refreshParts), so there is one rendering path. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var root = document.getElementById("qa-console");
  if (!root) return;
  var sessionId = Number(root.dataset.sessionId);
  var pending = null;

  function refresh() {
    clearTimeout(pending);
    pending = setTimeout(function () {
      var active = document.activeElement;
      var keep = active && active.tagName === "TEXTAREA" ? active.id : null;
      if (keep) return;  // never wipe an answer being typed; the next push or save redraws
      R.refreshParts(["qa-mod-list"]);
    }, 150);
  }

  R.enhanceForms(root, function () { R.refreshParts(["qa-mod-list"]); });
  function pushed(q) { if (q && q.session_id === sessionId) refresh(); }
  R.connect({
    auth: { workshop_id: root.dataset.workshopId },
    onSync: function () { R.refreshParts(["qa-mod-list"]); },
    on: { question_created: pushed, question_updated: pushed }
  });
})();
