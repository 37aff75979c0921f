/* The facilitator's console (a little over 400 lines: one page with many live parts; the notes
   editor and the timer controls already live in notes.js and timer.js). Its forms work without JavaScript (they post to the page routes);
   here they go to the JSON API instead, and the page stays live:
   - parts drawn by the server (agenda, session head, proposals, poll list) are re-fetched from
     this page's own URL and swapped by id when an event touches them (one rendering path);
   - choosing a session or a poll swaps the parts without a reload (?session=&poll= kept in the
     URL with history.replaceState);
   - the notes panel (editor and list) is notes.js, autosaving through the API;
   - the timer counts down locally (timer.js, with its controls), the projector's view is highlighted and follows
     other facilitators, the number of participants connected now follows `presence`.
   Field messages use dom.js (Rembuk.showErrors / clearErrors); the limits the inputs carry
   (minutes, lengths) are drawn by the server from forms/console.py. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var root = document.getElementById("console");
  if (!root) return;
  var E = R.EVENTS;
  var API = "/api/v1";
  var REFRESH_MS = 250;
  var workshopId = root.dataset.workshopId;
  var msg = root.dataset;
  var views = JSON.parse(root.dataset.views);
  var noteKinds = JSON.parse(root.dataset.noteKinds);
  var state = {
    session: root.dataset.sessionId || null,
    poll: root.dataset.pollId || null,
    display: JSON.parse(root.dataset.display)
  };

  root.classList.add("js-on");
  var notes = R.notesPanel({
    root: root,
    msg: msg,
    kinds: noteKinds,
    api: API,
    session: function () { return state.session; },
    same: same,
    formError: formError,
    errorText: errorText
  });

  function $(id) { return document.getElementById(id); }
  function same(a, b) { return String(a === null || a === undefined ? "" : a) === String(b === null || b === undefined ? "" : b); }
  function errorText(err) {
    if (!err.status) return msg.msgFailed;
    var fields = (err.data && err.data.fields) || {};
    var parts = Object.keys(fields).map(function (k) { return fields[k].join(" "); });
    return parts.length ? parts.join(" ") : err.message;
  }
  /* -- Field and form messages --------------------------------------------------------------- */

  /* The input a field's message goes beside: not the hidden ones, nor a row of buttons. */
  function visibleInput(form, name) {
    var input = form.elements[name];
    var shown = input && input.tagName && input.type !== "hidden" && input.type !== "submit";
    return shown ? input : null;
  }
  /* The API refused a form: messages beside their fields, the rest in one alert under it.
     keepFocus: an autosave must not move the focus away from the text being typed. */
  function formError(form, err, keepFocus) {
    var active = document.activeElement;
    var fields = (err.data && err.data.fields) || {};
    var rest = R.showErrors(form, fields, { find: visibleInput });
    if (keepFocus && active && document.activeElement !== active) active.focus();
    if (!Object.keys(fields).length) rest.push(errorText(err));
    if (!rest.length) return;
    var p = form.querySelector("p.error[data-js-form]");
    if (!p) {
      p = document.createElement("p");
      p.className = "error";
      p.dataset.js = "";
      p.dataset.jsForm = "";
      p.setAttribute("role", "alert");
      form.append(p);
    }
    p.textContent = rest.join(" ");
    p.hidden = false;
  }

  /* -- Parts of the page, re-fetched from the server ----------------------------------------- */

  function pageUrl(extra) {
    var q = new URLSearchParams();
    if (state.session) q.set("session", state.session);
    if (state.poll) q.set("poll", state.poll);
    return window.location.pathname + (q.toString() ? "?" + q.toString() : "") + (extra || "");
  }
  function keepUrl() { window.history.replaceState(null, "", pageUrl(window.location.hash)); }
  function fetchPage() {
    return fetch(pageUrl(), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (res) {
        if (!res.ok) { var e = new Error(res.statusText); e.status = res.status; throw e; }
        return res.text();
      })
      .then(function (html) { return new DOMParser().parseFromString(html, "text/html"); });
  }
  /* Swap the nodes with these ids for the fresh ones; open <details>, scroll and focus stay. */
  function swap(doc, ids) {
    var active = document.activeElement;
    var activeId = active && active.id;
    ids.forEach(function (id) {
      var current = $(id);
      var fresh = doc.getElementById(id);
      if (!current || !fresh) return;
      var open = {};
      current.querySelectorAll("details[id]").forEach(function (d) { open[d.id] = d.open; });
      var scroll = current.scrollTop;
      var node = document.importNode(fresh, true);
      current.replaceWith(node);
      node.scrollTop = scroll;
      node.querySelectorAll("details[id]").forEach(function (d) {
        if (Object.prototype.hasOwnProperty.call(open, d.id)) d.open = open[d.id];
      });
    });
    if (activeId && document.activeElement !== active && !document.contains(active)) {
      var again = $(activeId);
      if (again) again.focus();
    }
  }

  var wanted = {};
  var refreshTimer = null;
  var refreshing = false;
  function refresh(ids) {
    ids.forEach(function (id) { wanted[id] = true; });
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(runRefresh, REFRESH_MS);
  }
  function runRefresh() {
    if (refreshing) { refreshTimer = window.setTimeout(runRefresh, REFRESH_MS); return; }
    var ids = Object.keys(wanted);
    if (!ids.length) return;
    wanted = {};
    refreshing = true;
    var session = state.session;
    fetchPage().then(function (doc) {
      if (!same(session, state.session)) return;  // a session switch redrew everything
      swap(doc, ids);
      if (ids.indexOf("console-poll-list") >= 0) adoptPollList();
      updateDisplayNow();
    }).catch(function () {
      ids.forEach(function (id) { wanted[id] = true; });  // again after the next (re)connect
    }).finally(function () { refreshing = false; });
  }

  /* -- Selecting a session and a poll -------------------------------------------------------- */

  function markSession() {
    root.querySelectorAll("#console-agenda a[data-session-id]").forEach(function (a) {
      if (same(a.dataset.sessionId, state.session)) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
  }
  function selectSession(id) {
    if (same(id, state.session)) return;
    notes.flush();
    state.session = String(id);
    state.poll = null;
    markSession();
    keepUrl();
    var asked = state.session;
    root.setAttribute("aria-busy", "true");
    fetchPage().then(function (doc) {
      if (!same(asked, state.session)) return;
      swap(doc, ["console-agenda", "console-centre", "console-notes"]);
      state.poll = $("console-centre").dataset.pollId || null;
      keepUrl();
      startSession();
    }).catch(function () {
      window.location.assign(pageUrl());  // the plain way still works
    }).finally(function () { root.removeAttribute("aria-busy"); });
  }
  function startSession() {
    notes.start();
    selectPoll(state.poll);
    updateDisplayNow();
  }
  function pollItem(id) {
    return id ? root.querySelector('#console-poll-list li[data-id="' + id + '"]') : null;
  }
  function selectPoll(id) {
    state.poll = id ? String(id) : null;
    var centre = $("console-centre");
    if (centre) centre.dataset.pollId = state.poll || "";
    root.querySelectorAll("#console-poll-list li[data-id]").forEach(function (li) {
      if (same(li.dataset.id, state.poll)) li.setAttribute("aria-current", "true");
      else li.removeAttribute("aria-current");
    });
    var list = $("console-poll-list");
    if (list) list.dataset.selected = state.poll || "";
    keepUrl();
    var box = $("console-results-box");
    if (!box) return;
    box.hidden = !state.poll;
    var item = pollItem(state.poll);
    $("results-poll-title").textContent = item ? item.dataset.title : "";
    loadResults();
    updateDisplayNow();
  }
  /* After the poll list was redrawn: the server may have picked a poll (a new one, the open one). */
  function adoptPollList() {
    var list = $("console-poll-list");
    if (!list) return;
    var chosen = state.poll && pollItem(state.poll) ? state.poll : list.dataset.selected || null;
    selectPoll(chosen);
  }
  function loadResults() {
    var pollId = state.poll;
    if (!pollId || !$("console-results")) return;
    R.api("GET", API + "/polls/" + pollId + "/results").then(function (r) {
      if (same(pollId, state.poll)) showResults(r);
    }).catch(function () { /* the server-drawn list stays */ });
  }
  function showResults(r) {
    var box = $("console-results");
    if (box && same(r.poll_id, state.poll)) R.renderResults(box, r);
  }

  root.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    var link = e.target.closest("a[data-session-id], a[data-poll-id], a[data-action]");
    if (!link || !root.contains(link)) return;
    if (link.dataset.sessionId) {
      e.preventDefault();
      selectSession(link.dataset.sessionId);
    } else if (link.dataset.pollId) {
      e.preventDefault();
      selectPoll(link.dataset.pollId);
    } else if (link.dataset.action === "note-new") {
      e.preventDefault();
      notes.openNew();
    } else if (link.dataset.action === "note-edit") {
      e.preventDefault();
      var li = link.closest("li[data-id]");
      if (li) notes.openSaved(li.dataset.id);
    }
  });

  /* -- The projector: what it shows -------------------------------------------------------- */

  function sessionTitle(id) {
    var a = root.querySelector('#console-agenda a[data-session-id="' + id + '"]');
    return a ? a.dataset.title : "";
  }
  function updateDisplayNow() {
    var d = state.display;
    var extra = "";
    if (d.view === "ideas" && d.session_id) extra = sessionTitle(d.session_id);
    if (d.view === "results" && d.poll_id) {
      var item = pollItem(d.poll_id);
      extra = item ? item.dataset.title : "";
    }
    if (d.view === "message") extra = d.text || "";
    $("display-now").textContent = R.fill(msg.msgOnScreen, { view: (views[d.view] || d.view) + (extra ? " — " + extra : "") });
  }
  function setDisplay(d) {
    state.display = d;
    $("display-form").querySelectorAll("button.view-button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.value === d.view ? "true" : "false");
    });
    $("display-sound").checked = !!d.sound;
    if (d.results_mode) $("display-results-mode").value = d.results_mode;
    if (d.top_n) $("display-top-n").value = d.top_n;
    var text = $("display-text");
    if (d.view === "message" && document.activeElement !== text) text.value = d.text || "";
    updateDisplayNow();
  }
  function displayBody(view) {
    return {
      view: view,
      session_id: state.session ? Number(state.session) : null,
      poll_id: state.poll ? Number(state.poll) : null,
      text: $("display-text").value,
      sound: $("display-sound").checked,
      results_mode: $("display-results-mode").value,
      top_n: Number($("display-top-n").value) || null
    };
  }
  /* The sound and the long-results choice apply at once to what the screen shows now. */
  function resendDisplay() {
    var d = state.display;
    var form = $("display-form");
    R.clearErrors(form);
    R.api("PUT", API + "/workshops/" + workshopId + "/display", {
      view: d.view, session_id: d.session_id, poll_id: d.poll_id, text: d.text,
      sound: $("display-sound").checked,
      results_mode: $("display-results-mode").value,
      top_n: Number($("display-top-n").value) || null
    }).then(setDisplay).catch(function (err) { formError(form, err); });
  }
  ["display-sound", "display-results-mode", "display-top-n"].forEach(function (id) {
    $(id).addEventListener("change", resendDisplay);
  });
  var resultsHint = $("display-results-hint");
  if (resultsHint) resultsHint.hidden = true;  /* with this script the choice applies at once */
  function loadDisplay() {
    return R.api("GET", API + "/workshops/" + workshopId + "/display").then(setDisplay);
  }

  /* -- The timer: timer.js ------------------------------------------------------------------ */

  var timer = R.timerControls({
    form: $("timer-form"), msg: msg, state: JSON.parse(root.dataset.timer),
    url: API + "/workshops/" + workshopId + "/timer"
  });

  /* -- Forms through the API ----------------------------------------------------------------- */

  var actions = {
    "session-status": function (form, value) {
      return R.api("PATCH", API + "/sessions/" + form.dataset.id, { status: value }).then(function () {
        refresh(["console-agenda", "console-session-head"]);
      });
    },
    "idea-status": function (form, value) {
      return R.api("PATCH", API + "/ideas/" + form.dataset.id, { status: value }).then(function () {
        refresh(["console-ideas"]);
      });
    },
    "poll-open": function (form) {
      return R.api("POST", API + "/polls/" + form.dataset.id + "/open").then(function (p) {
        selectPoll(p.id);
        refresh(["console-poll-list"]);
      });
    },
    "poll-close": function (form) {
      return R.api("POST", API + "/polls/" + form.dataset.id + "/close").then(function (p) {
        selectPoll(p.id);
        refresh(["console-poll-list"]);
      });
    },
    "poll-create": function (form) {
      var body = { title: form.elements.title.value, method: form.elements.method.value };
      return R.api("POST", API + "/sessions/" + form.dataset.sessionId + "/polls", body).then(function (p) {
        form.elements.title.value = "";
        $("console-new-poll").open = false;
        state.poll = String(p.id);
        refresh(["console-poll-list"]);
      });
    },
    "note-save": function () { return notes.save(); },
    "note-delete": function (form) { return notes.remove(form.dataset.id); },
    "timer": timer.run,
    "display": function (form, value) {
      return R.api("PUT", API + "/workshops/" + workshopId + "/display", displayBody(value)).then(setDisplay);
    }
  };

  root.addEventListener("submit", function (e) {
    var form = e.target;
    var run = actions[form.dataset.action];
    if (!run) return;
    e.preventDefault();
    var button = e.submitter;
    var value = button && button.name ? button.value : null;
    R.clearErrors(form);
    var request = run(form, value, button);
    if (!request) return;
    if (button) button.disabled = true;
    request.catch(function (err) {
      if (form.dataset.action !== "note-save") formError(form, err);
    }).finally(function () {
      if (button && document.contains(button)) button.disabled = false;
      if (form === timer.form) timer.redraw();  // Pause/Resume/Stop as they apply
    });
  });

  /* -- Live ---------------------------------------------------------------------------------- */

  var on = {};
  on[E.SESSION_UPDATED] = function (s) {
    if (s.deleted && same(s.id, state.session)) { window.location.assign(window.location.pathname); return; }
    refresh(same(s.id, state.session) ? ["console-agenda", "console-session-head"] : ["console-agenda"]);
  };
  on[E.DAY_UPDATED] = function () { refresh(["console-agenda"]); };
  on[E.IDEA_CREATED] = on[E.IDEA_UPDATED] = function (idea) {
    if (same(idea.session_id, state.session)) refresh(["console-ideas"]);
  };
  on[E.POLL_OPENED] = on[E.POLL_CLOSED] = on[E.POLL_UPDATED] = function (p) {
    if (same(p.session_id, state.session)) refresh(["console-poll-list"]);
    if (same(p.id, state.poll)) loadResults();
  };
  on[E.RESULTS] = showResults;
  on[E.DISPLAY] = setDisplay;
  on[E.TIMER] = timer.set;
  on[E.NOTE_CREATED] = notes.created;
  on[E.NOTE_UPDATED] = notes.updated;
  on[E.NOTE_REMOVED] = notes.removed;
  on[E.PRESENCE] = function (p) {
    if (same(p.workshop_id, workshopId)) $("presence-count").textContent = p.connected;
  };
  on[E.WORKSHOP_UPDATED] = function (w) {
    if (!same(w.id, workshopId)) return;
    $("ws-title").textContent = w.title;
    $("ws-code").textContent = w.code;
  };

  R.connect({
    auth: { workshop_id: workshopId },
    onSync: function (first) {
      timer.load().catch(function () {});
      loadDisplay().catch(function () {});
      notes.load().catch(function () {});
      loadResults();
      if (!first) {
        refresh(["presence-count", "console-agenda", "console-session-head", "console-ideas",
          "console-poll-list"]);
      }
      notes.resume();
    },
    on: on
  });
})();
