/* A worksheet session on the participant's phone (templates/participant/worksheet.html):
   readiness ratings, SWOT entries or vision keywords, by the session's purpose.

   Every new entry (and every readiness rating) goes through the offline outbox (outbox.js):
   written to this device first with its client_id, sent to POST /api/v1/sessions/{id}/entries,
   and removed only when the server answered 201 or 200 (a resent client_id is answered with the
   entry it made, so nothing counts twice). The outbox is flushed on load, on every socket
   (re)connect, when the browser says it is online, and every few seconds while items wait.
   Changing or deleting an own entry needs the connection (PATCH / DELETE), as proposals do.

   What the server shows (lists, current ratings) is re-rendered from the page's own template
   (R.refreshParts on [data-live-part]) after each change, after every entry_* push (one at a
   time or as entries_* batches) and after every (re)connect: one rendering path, no stale view. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var root = document.getElementById("worksheet");
  if (!root) return;
  var purpose = root.dataset.purpose;
  var sessionId = Number(root.dataset.sessionId);
  var participantId = root.dataset.participantId;
  var texts = JSON.parse(root.dataset.texts || "{}");
  var limits = JSON.parse(root.dataset.limits || "{}");
  var status = root.dataset.status;
  var queueNote = document.getElementById("ws-queue-note");
  var closedNote = document.getElementById("ws-closed");
  var RETRY_MS = 5000;
  var network = { down: false, reason: null, message: "" };
  var byTarget = {};  // readiness: aspect:item → the form

  root.querySelectorAll('form[data-ws-form="create"]').forEach(function (form) {
    byTarget[form.dataset.target] = form;
  });

  function targetOf(body) {
    return purpose === "readiness" ? "readiness:" + body.aspect + ":" + body.item : "create";
  }

  // --- Reading a form ------------------------------------------------------------------------
  function collect(form) {
    var body = {};
    new FormData(form).forEach(function (value, key) {
      if (key === "csrf_token" || key === "client_id") return;
      body[key] = typeof value === "string" ? value : "";
    });
    if (purpose === "swot" || purpose === "strategy") {
      if (!body.dimension) delete body.dimension;
      if (!body.element) delete body.element;
    }
    if (purpose === "readiness" && !(body.note || "").trim()) delete body.note;
    return body;
  }

  function statusLine(form) {
    return form.querySelector(".ws-current") || document.getElementById("ws-form-status");
  }

  function clearErrors(form) {
    R.clearErrors(form);
    var line = document.getElementById("ws-form-status");
    if (line && form.id === "ws-form") line.textContent = "";
  }

  function showErrors(form, fields) {
    var leftover = R.showErrors(form, fields);
    if (leftover.length) statusLine(form).textContent = leftover.join(" ");
  }

  // --- The outbox ----------------------------------------------------------------------------
  var outbox = R.outbox("rembuk:ws-outbox:" + participantId, {
    url: function (item) { return "/api/v1/sessions/" + item.session_id + "/entries"; },
    onSending: function () { showQueue(); },
    onAnswer: settle,
    onSettled: function () { renderWaiting(); showQueue(); },
    onIdle: function () { renderWaiting(); showQueue(); }
  });

  function mineWaiting() {
    return outbox.read().filter(function (item) { return item.session_id === sessionId; });
  }

  /* Returns true when the next item may be sent right away. */
  function settle(item, answer) {
    var error = (answer.data && answer.data.error) || {};
    if (answer.status === 200 || answer.status === 201) {
      network.down = false;
      network.reason = null;
      outbox.remove(item.client_id);
      var form = byTarget[targetOf(item.body)];
      if (purpose !== "readiness" && item.session_id === sessionId) {
        document.getElementById("ws-form-status").textContent = texts.sent;
      }
      if (form && purpose === "readiness") statusLine(form).textContent = texts.sent;
      refresh();
      return true;
    }
    if (answer.status === 0) {
      network.down = true;
      network.reason = "offline";
      return false;
    }
    network.down = false;
    if (answer.status >= 500) {
      network.reason = "server";
      network.message = "";
      return false;
    }
    if (answer.status === 429) {
      var seconds = Number(answer.retryAfter) || RETRY_MS / 1000;
      outbox.pauseUntil(Date.now() + seconds * 1000);
      network.reason = "server";
      network.message = error.message || "";
      return false;
    }
    network.reason = null;
    var state = answer.status === 422 ? "attention" : answer.status === 409 ? "closed" : "refused";
    outbox.update(item.client_id, { state: state, fields: error.fields || {}, message: error.message || "" });
    if (purpose === "readiness" && item.session_id === sessionId) {
      var f = byTarget[targetOf(item.body)];
      if (f) {
        // The rating is shown again with the server's message beside it; this copy is done.
        outbox.remove(item.client_id);
        if (state === "attention") showErrors(f, error.fields || {});
        else statusLine(f).textContent = error.message || texts.refused;
      }
    }
    return true;
  }

  function connected() { return Boolean(R.socket && R.socket.connected); }

  /* "Luring — n menunggu" while entries wait without a connection. */
  function showQueue() {
    var n = outbox.waiting().length;
    var indicator = document.getElementById("conn-status");
    var offline = n > 0 && (network.down || !connected() || navigator.onLine === false);
    if (indicator) {
      if (offline) {
        indicator.hidden = false;
        indicator.dataset.state = "offline-queue";
        indicator.textContent = R.fill(indicator.dataset.offlineQueue, { n: n });
      } else if (indicator.dataset.state === "offline-queue") {
        R.setStatus(connected() ? "connected" : navigator.onLine === false ? "offline" : "reconnecting");
      }
    }
    if (n > 0 && offline) {
      queueNote.textContent = texts.offline;
      queueNote.hidden = false;
    } else if (n > 0 && network.reason === "server") {
      queueNote.textContent = network.message || texts.server;
      queueNote.hidden = false;
    } else {
      queueNote.hidden = true;
    }
  }

  /* What waits on this device for this session: SWOT/vision as a list; readiness on the item. */
  function renderWaiting() {
    var items = mineWaiting();
    if (purpose === "readiness") {
      items.forEach(function (item) {
        var form = byTarget[targetOf(item.body)];
        if (form && item.state === "waiting") statusLine(form).textContent = texts.waiting;
      });
      return;
    }
    var list = document.getElementById("ws-waiting");
    var panel = document.getElementById("ws-waiting-panel");
    if (!list) return;
    var rows = items.map(function (item) {
      var li = document.createElement("li");
      li.className = "ws-entry";
      li.dataset.state = item.state;
      li.dataset.clientId = item.client_id;
      var text = document.createElement("p");
      text.className = "ws-entry-text";
      text.textContent = (item.body.quadrant ? item.body.quadrant + " · " : "") + item.body.text;
      var state = document.createElement("p");
      state.className = "ws-entry-state";
      var icon = document.createElement("span");
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = item.state === "waiting" ? "🕓 " : "⚠ ";
      var words = item.state === "waiting" ? texts.waiting
        : item.state === "attention" ? texts.attention
        : item.state === "closed" ? texts.closed : texts.refused;
      var why = Object.keys(item.fields || {}).map(function (k) { return [].concat(item.fields[k]).join(" "); });
      if (item.message) why.unshift(item.message);
      state.append(icon, document.createTextNode(words + (why.length ? " — " + why.join(" ") : "")));
      li.append(text, state);
      if (item.state !== "waiting") {
        var actions = document.createElement("div");
        actions.className = "entry-actions";
        if (item.state === "attention") {
          var fix = document.createElement("button");
          fix.type = "button";
          fix.className = "small ws-fix";
          fix.textContent = texts.fix;
          actions.append(fix);
        }
        var drop = document.createElement("button");
        drop.type = "button";
        drop.className = "small danger ws-drop";
        drop.textContent = texts.discard;
        actions.append(drop);
        li.append(actions);
      }
      return li;
    });
    list.replaceChildren.apply(list, rows);
    panel.hidden = !rows.length;
  }

  /* Put an entry that came back with a 422 into the form again, with the server's messages. */
  function fixItem(clientId) {
    var item = outbox.find(clientId);
    var form = document.getElementById("ws-form");
    if (!item || !form) return;
    outbox.remove(clientId);
    Object.keys(item.body).forEach(function (name) {
      var inputs = form.querySelectorAll('[name="' + name + '"]');
      inputs.forEach(function (input) {
        if (input.type === "radio") input.checked = input.value === item.body[name];
        else input.value = item.body[name];
      });
    });
    updateCounter();
    renderWaiting();
    clearErrors(form);
    showErrors(form, item.fields || {});
  }

  // --- Submitting ----------------------------------------------------------------------------
  function queue(form) {
    var body = collect(form);
    clearErrors(form);
    var problems = R.worksheetCheck(purpose, body, limits, texts);
    if (problems) {
      showErrors(form, problems);
      return;
    }
    if (purpose === "readiness") {
      // The latest rating of an item is the one that counts: older unsent ones give way.
      outbox.read().forEach(function (item) {
        if (item.session_id === sessionId && item.state === "waiting" &&
            targetOf(item.body) === form.dataset.target) {
          outbox.remove(item.client_id);
        }
      });
    }
    outbox.add(sessionId, body);  // stored before anything is sent
    if (purpose !== "readiness") {
      form.reset();
      form.querySelectorAll("textarea, input[type=text]").forEach(function (i) { i.value = ""; });
      updateCounter();
      document.getElementById("ws-form-status").textContent = texts.queued;
      var text = form.querySelector('[name="text"]');
      if (text) text.focus();
    }
    renderWaiting();
    showQueue();
    outbox.flush();
  }

  function saveEdit(form) {
    var body = collect(form);
    clearErrors(form);
    var problems = R.worksheetCheck(purpose, body, limits, texts);
    if (problems) {
      showErrors(form, problems);
      return;
    }
    if (purpose === "swot" || purpose === "strategy") {
      body.dimension = body.dimension || null;
      body.element = body.element || null;
    }
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    R.api("PATCH", "/api/v1/entries/" + form.dataset.entryId, body).then(function () {
      window.location.assign(window.location.pathname + "#entry-" + form.dataset.entryId);
    }, function (err) {
      button.disabled = false;
      if (!err.status) {
        document.getElementById("ws-form-status").textContent = texts.editOffline;
      } else if (err.status === 422) {
        showErrors(form, (err.data && err.data.fields) || {});
      } else {
        document.getElementById("ws-form-status").textContent = err.message;
      }
    });
  }

  function remove(form) {
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    R.api("DELETE", "/api/v1/entries/" + form.dataset.entryId).then(function () {
      refresh();
    }, function (err) {
      button.disabled = false;
      window.alert(err.status ? err.message : texts.editOffline);
    });
  }

  root.addEventListener("submit", function (e) {
    var form = e.target;
    var kind = form.dataset && form.dataset.wsForm;
    if (!kind) return;
    e.preventDefault();
    if (kind === "create") queue(form);
    else if (kind === "edit") saveEdit(form);
    else if (kind === "delete") remove(form);
  });

  root.addEventListener("click", function (e) {
    var fix = e.target.closest(".ws-fix");
    var drop = e.target.closest(".ws-drop");
    var add = e.target.closest("a.add-to-q");
    if (fix) fixItem(fix.closest("li").dataset.clientId);
    if (drop) {
      outbox.remove(drop.closest("li").dataset.clientId);
      renderWaiting();
      showQueue();
    }
    if (add) {
      var form = document.getElementById("ws-form");
      if (!form || form.dataset.wsForm !== "create") return;
      e.preventDefault();
      form.querySelectorAll('input[name="quadrant"]').forEach(function (r) {
        r.checked = r.value === add.dataset.quadrant;
      });
      form.scrollIntoView({ block: "start" });
      form.querySelector('[name="text"]').focus();
    }
  });

  /* Readiness: tapping a rating saves it (a burst of arrow keys sends only the last one). */
  var autosave = {};
  root.addEventListener("change", function (e) {
    var input = e.target;
    if (purpose === "readiness" && input.name === "rating") {
      var form = input.form;
      clearTimeout(autosave[form.dataset.target]);
      autosave[form.dataset.target] = setTimeout(function () { queue(form); }, 500);
    }
    if ((purpose === "swot" || purpose === "strategy") && (input.name === "dimension" || input.name === "element")) {
      matchElement(input.form, input.name);
    }
  });

  /* SWOT: the element list offers the chosen dimension's elements; an element names its dimension. */
  function matchElement(form, changed) {
    var dim = form.querySelector('[name="dimension"]');
    var element = form.querySelector('[name="element"]');
    if (!dim || !element) return;
    if (changed === "element" && element.value) {
      var chosen = element.selectedOptions[0];
      if (chosen && chosen.dataset.dimension) dim.value = chosen.dataset.dimension;
    }
    Array.prototype.forEach.call(element.querySelectorAll("option[data-dimension]"), function (o) {
      o.hidden = Boolean(dim.value) && o.dataset.dimension !== dim.value;
    });
    element.querySelectorAll("optgroup").forEach(function (g) {
      g.hidden = !g.querySelector("option:not([hidden])");
    });
    var selected = element.selectedOptions[0];
    if (selected && selected.hidden) element.value = "";
  }

  // --- The live character counter (vision: at most 40) -------------------------------------
  var textInput = document.getElementById("ws-text");
  var counter = document.getElementById("ws-text-counter");
  function updateCounter() {
    if (!textInput || !counter) return;
    var n = textInput.value.length;
    var max = Number(counter.dataset.max);
    counter.textContent = R.fill(texts.counter, { n: n, max: max });
    counter.dataset.full = String(n >= max);
  }
  if (textInput) {
    textInput.addEventListener("input", updateCounter);
    updateCounter();
  }

  // --- Live: the server's view of the session ---------------------------------------------
  var refreshTimer = null;
  function refresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () {
      var ids = Array.prototype.map.call(root.querySelectorAll("[data-live-part]"), function (n) {
        return n.id;
      });
      if (!ids.length) return;
      R.refreshParts(ids).then(renderWaiting, function () { /* next push or reconnect retries */ });
    }, 150);
  }

  function applyStatus(next) {
    status = next;
    root.dataset.status = next;
    var open = next === "open";
    var badge = document.getElementById("session-status");
    if (badge) {
      badge.dataset.status = next;
      badge.textContent = open ? texts.statusOpen : next === "closed" ? texts.statusClosed : texts.statusPlanned;
    }
    closedNote.hidden = open;
    closedNote.textContent = next === "closed" ? texts.closedNow : texts.notOpen;
    var form = document.getElementById("ws-form");
    if (form) form.hidden = !open;
    root.querySelectorAll("form.ws-item input, form.ws-item textarea, form.ws-item button").forEach(function (n) {
      n.disabled = !open;
    });
    if (open) outbox.flush();
  }

  var E = R.EVENTS;
  var handlers = {};
  [E.ENTRY_CREATED, E.ENTRY_UPDATED, E.ENTRY_REMOVED,
    E.ENTRIES_CREATED, E.ENTRIES_UPDATED, E.ENTRIES_REMOVED].filter(Boolean).forEach(function (name) {
    handlers[name] = function (data) {
      var items = data && Array.isArray(data.items) ? data.items : [data || {}];
      var ours = items.some(function (e) { return !e.session_id || e.session_id === sessionId; });
      if (ours) refresh();
    };
  });
  handlers[E.SESSION_UPDATED] = function (s) {
    if (!s || s.id !== sessionId) return;
    // The facilitator made it another kind of sheet: this page is another page now.
    if (!s.deleted && ((s.purpose && s.purpose !== purpose) || (s.kind && s.kind !== "worksheet"))) {
      window.location.reload();
      return;
    }
    if (s.deleted) applyStatus("closed");
    else if (s.status && s.status !== status) {
      applyStatus(s.status);
      refresh();
    }
  };

  if (E.READINESS_ITEMS_UPDATED && purpose === "readiness") {
    // The workshop's readiness list changed: the items are drawn again (the outbox keeps
    // whatever waits).
    handlers[E.READINESS_ITEMS_UPDATED] = function () { window.location.reload(); };
  }

  var socket = R.connect({
    onSync: function () {
      network.down = false;
      refresh();
      outbox.flush();
      showQueue();
    },
    on: handlers
  });
  socket.on("disconnect", showQueue);
  socket.on("connect_error", showQueue);
  window.addEventListener("offline", function () { network.down = true; showQueue(); });
  window.addEventListener("online", function () { network.down = false; outbox.flush(); showQueue(); });
  // Another tab of this participant changed the outbox: show the same.
  window.addEventListener("storage", function (e) {
    if (e.key === outbox.key) { renderWaiting(); showQueue(); }
  });
  setInterval(function () { if (outbox.waiting().length) outbox.flush(); }, RETRY_MS);
  renderWaiting();
  showQueue();
  outbox.flush();
  var editForm = root.querySelector('form[data-ws-form="create"], form[data-ws-form="edit"]');
  if (editForm && (purpose === "swot" || purpose === "strategy")) matchElement(editForm, "dimension");
})();
