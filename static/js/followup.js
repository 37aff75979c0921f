/* "Tindak lanjut OPD saya" (issue 17; templates/participant/_followup.html, on the home and on
   /w/tindak-lanjut): each report form goes to POST /api/v1/{ideas|notes}/{id}/progress through
   the offline outbox (outbox.js: written to the device before it is sent, resent with the same
   client_id until the server answers, so a report is never lost nor counted twice). The range
   slider and the number field move together. The latest reports re-read themselves (the
   page's data-live parts) after a report, after the socket (re)connects and on every
   progress report of the OPD. Without JavaScript the forms post to the page itself. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var section = document.getElementById("followup");
  if (!section) return;
  var RETRY_MS = 5000;
  var participantId = section.dataset.participantId;
  var forms = section.querySelectorAll("form[data-fu-form]");

  function stateLine(form) { return form.querySelector("[data-fu-state]"); }
  function say(form, key, text) {
    var line = stateLine(form);
    line.dataset.state = key;
    line.textContent = text || line.dataset[key] || "";
  }
  function formFor(item) {
    return section.querySelector('form[data-api-url="' + item.session_id + '"]');
  }

  function liveParts() {
    return Array.prototype.map.call(section.querySelectorAll("[data-live][id]"), function (el) {
      return el.id;
    });
  }
  var refreshing = null;
  function refresh() {
    if (!refreshing) {
      refreshing = R.refreshParts(liveParts()).finally(function () {
        refreshing = null;
        section.dataset.synced = String(Number(section.dataset.synced || 0) + 1);
      });
    }
    return refreshing;
  }

  /* The outbox keeps each report with the API URL it goes to (in its `session_id` slot). */
  var outbox = R.outbox("rembuk:progress-outbox:" + participantId, {
    url: function (item) { return item.session_id; },
    onSending: function (item) { var f = formFor(item); if (f) say(f, "sending"); },
    onAnswer: settle
  });

  /* Returns true when the next report may be sent right away. */
  function settle(item, answer) {
    var form = formFor(item);
    var error = (answer.data && answer.data.error) || {};
    if (answer.status === 200 || answer.status === 201) {
      outbox.remove(item.client_id);
      if (form) {
        say(form, "saved");
        form.querySelector('[name="client_id"]').value = R.newClientId();
      }
      refresh();
      return true;
    }
    if (answer.status === 0 || answer.status >= 500) {
      if (form) say(form, "waiting");
      return false;
    }
    if (answer.status === 429) {
      outbox.pauseUntil(Date.now() + (Number(answer.retryAfter) || RETRY_MS / 1000) * 1000);
      return false;
    }
    // Refused (422 field errors, 403, 404, 409): said beside the form; this copy is done.
    outbox.remove(item.client_id);
    if (form) {
      if (error.fields && Object.keys(error.fields).length) {
        R.showErrors(form, error.fields);
        say(form, "refused", error.message || "");
      } else {
        say(form, "refused", error.message || "");
      }
    }
    return true;
  }

  function bodyOf(form) {
    var body = {
      percent: form.elements.percent.value === "" ? null : Number(form.elements.percent.value),
      status: (form.querySelector('[name="status"]:checked') || {}).value || "",
      note: form.elements.note.value
    };
    var evidence = form.elements.evidence_url.value.trim();
    if (evidence) body.evidence_url = evidence;
    return body;
  }

  forms.forEach(function (form) {
    var range = form.querySelector("[data-fu-range]");
    var number = form.elements.percent;
    if (range) {
      range.hidden = false;
      range.addEventListener("input", function () { number.value = range.value; });
      number.addEventListener("input", function () {
        if (number.value !== "") range.value = number.value;
      });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      R.clearErrors(form);
      var item = outbox.add(form.dataset.apiUrl, bodyOf(form));
      // The same client_id as the no-JS form would send: a replay is answered, not doubled.
      form.querySelector('[name="client_id"]').value = item.client_id;
      say(form, navigator.onLine === false ? "waiting" : "sending");
      outbox.flush();
    });
  });

  // Reports still waiting from an earlier visit: say so beside their forms, send them.
  outbox.waiting().forEach(function (item) {
    var form = formFor(item);
    if (form) say(form, "waiting");
  });

  var handlers = {};
  if (R.EVENTS.PROGRESS_REPORTED) handlers[R.EVENTS.PROGRESS_REPORTED] = refresh;
  function onSync() { outbox.flush(); refresh(); }
  if (R.socket) {
    // The home page's socket (participant-home.js) is there already: listen on it.
    Object.keys(handlers).forEach(function (name) { R.socket.on(name, handlers[name]); });
    R.socket.on("connect", onSync);
    if (R.socket.connected) onSync();
  } else {
    R.connect({ onSync: onSync, on: handlers });
  }
  window.addEventListener("online", function () { outbox.flush(); });
  setInterval(function () { if (outbox.waiting().length) outbox.flush(); }, RETRY_MS);
})();
