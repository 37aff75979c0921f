/* The facilitator's console. Its forms work without JavaScript (they post to the page routes);
   here they go to the JSON API instead, and the page stays live:
   - parts drawn by the server (agenda, session head, proposals, poll list) are re-fetched from
     this page's own URL and swapped by id when an event touches them (one rendering path);
   - choosing a session or a poll swaps the parts without a reload (?session=&poll= kept in the
     URL with history.replaceState);
   - the notes editor autosaves ~800 ms after the last keystroke and never overwrites text
     someone is typing: a remote change to that note is announced instead;
   - the timer counts down locally (timer.js), the projector's view is highlighted and follows
     other facilitators, the number of participants connected now follows `presence`. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var root = document.getElementById("console");
  if (!root) return;
  var E = R.EVENTS;
  var API = "/api/v1";
  var AUTOSAVE_MS = 800;
  var REFRESH_MS = 250;
  var RETRY_MS = 5000;
  var workshopId = root.dataset.workshopId;
  var msg = root.dataset;
  var lang = document.documentElement.lang;
  var views = JSON.parse(root.dataset.views);
  var noteKinds = JSON.parse(root.dataset.noteKinds);
  var state = {
    session: root.dataset.sessionId || null,
    poll: root.dataset.pollId || null,
    display: JSON.parse(root.dataset.display),
    notes: {}
  };
  var editor = null;

  root.classList.add("js-on");

  function $(id) { return document.getElementById(id); }
  function same(a, b) { return String(a === null || a === undefined ? "" : a) === String(b === null || b === undefined ? "" : b); }
  function fill(pattern, values) {
    return String(pattern || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }
  function clockTime(date) {
    var text = String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
    return lang === "id" ? text.replace(":", ".") : text;
  }
  function longDate(iso) {
    var date = new Date(iso + "T00:00:00");
    return date.toLocaleDateString(lang === "en" ? "en-GB" : "id-ID",
      { day: "numeric", month: "long", year: "numeric" });
  }
  function ref(node, name) { return node.querySelector('[data-ref="' + name + '"]'); }
  function errorText(err) {
    if (!err.status) return msg.msgFailed;
    var fields = (err.data && err.data.fields) || {};
    var parts = Object.keys(fields).map(function (k) { return fields[k].join(" "); });
    return parts.length ? parts.join(" ") : err.message;
  }
  /* `html` comes from the server's Markdown renderer (raw HTML escaped, links checked): the one
     markup the console inserts. Parsed inertly, then adopted. */
  function setSafeHtml(node, html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    node.replaceChildren.apply(node, Array.prototype.map.call(doc.body.childNodes, function (n) {
      return document.importNode(n, true);
    }));
  }

  /* -- Field and form messages --------------------------------------------------------------- */

  function fieldError(input, text) {
    var box = input.closest(".field, .message-row") || input.parentNode;
    var p = box.querySelector("p.error[data-js]");
    if (!p) {
      p = document.createElement("p");
      p.className = "error";
      p.dataset.js = "";
      p.id = input.id + "-js-error";
      box.append(p);
    }
    p.textContent = text;
    p.hidden = !text;
    box.classList.toggle("has-error", !!text);
    if (text) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", p.id);
    } else {
      input.removeAttribute("aria-invalid");
    }
  }
  function clearErrors(form) {
    form.querySelectorAll("p.error[data-js]").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    form.querySelectorAll(".has-error").forEach(function (b) { b.classList.remove("has-error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
  }
  function formError(form, err) {
    var fields = (err.data && err.data.fields) || {};
    var rest = [];
    Object.keys(fields).forEach(function (name) {
      var input = form.elements[name];
      if (input && input.tagName && input.type !== "hidden" && input.type !== "submit") {
        fieldError(input, fields[name].join(" "));
      } else {
        rest.push(fields[name].join(" "));
      }
    });
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
    flushNote();
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
    startEditor();
    loadNotes();
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
      flushNote();
      openInEditor(null);
    } else if (link.dataset.action === "note-edit") {
      e.preventDefault();
      var li = link.closest("li[data-id]");
      if (li && state.notes[li.dataset.id]) {
        flushNote();
        openInEditor(state.notes[li.dataset.id]);
      }
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
    $("display-now").textContent = fill(msg.msgOnScreen, { view: (views[d.view] || d.view) + (extra ? " — " + extra : "") });
  }
  function setDisplay(d) {
    state.display = d;
    $("display-form").querySelectorAll("button.view-button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.value === d.view ? "true" : "false");
    });
    $("display-sound").checked = !!d.sound;
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
      sound: $("display-sound").checked
    };
  }
  $("display-sound").addEventListener("change", function () {
    var d = state.display;
    var form = $("display-form");
    clearErrors(form);
    R.api("PUT", API + "/workshops/" + workshopId + "/display", {
      view: d.view, session_id: d.session_id, poll_id: d.poll_id, text: d.text,
      sound: $("display-sound").checked
    }).then(setDisplay).catch(function (err) { formError(form, err); });
  });
  function loadDisplay() {
    return R.api("GET", API + "/workshops/" + workshopId + "/display").then(setDisplay);
  }

  /* -- The timer ---------------------------------------------------------------------------- */

  var timerForm = $("timer-form");
  var countdown = R.countdown(function (seconds, phase) {
    var digits = $("timer-digits");
    var text = R.formatClock(seconds);
    if (digits.textContent !== text) digits.textContent = text;
    var face = $("timer-face");
    face.dataset.state = phase;
    face.classList.toggle("warn", phase === "running" && seconds <= 60);
    $("timer-state").textContent = msg["timer" + phase.charAt(0).toUpperCase() + phase.slice(1)] || "";
    timerForm.querySelectorAll("button[data-when]").forEach(function (b) {
      var when = b.dataset.when;
      b.disabled = when === "set" ? phase === "stopped" : when !== phase;
    });
  });
  countdown.set(JSON.parse(root.dataset.timer));
  function loadTimer() {
    return R.api("GET", API + "/workshops/" + workshopId + "/timer").then(countdown.set);
  }
  function timerAction(form, value) {
    var base = API + "/workshops/" + workshopId + "/timer";
    if (value === "start") {
      var input = form.elements.minutes;
      var minutes = Number(input.value);
      if (!Number.isInteger(minutes) || minutes < Number(input.min) || minutes > Number(input.max)) {
        fieldError(input, msg.msgMinutes);
        input.focus();
        return null;
      }
      return R.api("POST", base, { seconds: minutes * 60 }).then(countdown.set);
    }
    if (value === "stop") {
      return R.api("DELETE", base).then(function () {
        countdown.set({ ends_at: null, remaining: 0, running: false, duration: 0 });
      });
    }
    if (value === "add") return R.api("POST", base + "/add", { seconds: 60 }).then(countdown.set);
    return R.api("POST", base + "/" + value).then(countdown.set);
  }

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
    "note-save": function () { return saveNote(editor, true); },
    "note-delete": function (form) {
      var id = form.dataset.id;
      return R.api("DELETE", API + "/notes/" + id).then(function () { noteGone(id, false); });
    },
    "timer": timerAction,
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
    clearErrors(form);
    var request = run(form, value, button);
    if (!request) return;
    if (button) button.disabled = true;
    request.catch(function (err) {
      if (form.dataset.action !== "note-save") formError(form, err);
    }).finally(function () {
      if (button && document.contains(button)) button.disabled = false;
      if (form === timerForm) countdown.redraw();  // Pause/Resume/Stop as they apply
    });
  });

  /* -- Notes: the editor -------------------------------------------------------------------- */

  function readNote(ed) {
    if (ed.frozen) return ed.frozen;
    var f = ed.form.elements;
    var action = f.kind.value === "action";
    return {
      kind: f.kind.value,
      body: f.body.value,
      opd_id: action && f.opd_id.value ? Number(f.opd_id.value) : null,
      due_on: action && f.due_on.value ? f.due_on.value : null
    };
  }
  function noteStatus(text, kind) {
    var p = $("note-status");
    if (!p) return;
    p.textContent = text;
    p.dataset.kind = kind || "";
  }
  function remoteNotice(text) {
    var p = $("note-remote");
    if (!p) return;
    p.textContent = text || "";
    p.hidden = !text;
  }
  function showPreview(html, body) {
    var box = $("note-preview-box");
    if (!box) return;
    box.hidden = !body || !body.trim();
    setSafeHtml($("note-preview"), html || "");
  }
  function toggleActionFields() {
    if (!editor) return;
    $("note-action-fields").hidden = editor.form.elements.kind.value !== "action";
  }
  function startEditor() {
    var form = $("note-editor");
    if (!form) { editor = null; return; }
    editor = {
      form: form,
      session: form.dataset.sessionId,
      id: form.dataset.noteId || null,
      dirty: false, saving: false, again: false, timer: null, sent: null,
      saved: form.dataset.noteId ? form.elements.body.value : null
    };
    toggleActionFields();
  }
  /* Show a note (or a blank new one) in the editor; the previous editor was flushed. */
  function openInEditor(note) {
    var f = editor.form.elements;
    if (note) {
      f.kind.value = note.kind;
      f.body.value = note.body;
      f.opd_id.value = note.opd_id || "";
      f.due_on.value = note.due_on || "";
    } else {
      f.body.value = "";
    }
    startEditor();
    editor.id = note ? String(note.id) : null;
    editor.saved = note ? note.body : null;
    editor.form.dataset.noteId = editor.id || "";
    var label = $("note-editing");
    label.textContent = note ? label.dataset.editing : label.dataset.new;
    noteStatus("");
    remoteNotice("");
    showPreview(note ? note.html : "", note ? note.body : "");
    clearErrors(editor.form);
    f.body.focus();
  }
  /* Save what is typed now; later edits go to the next save. Resolves when this save is done. */
  function saveNote(ed, force) {
    if (!ed) return Promise.resolve();
    window.clearTimeout(ed.timer);
    if (force) ed.dirty = true;
    if (ed.saving) { ed.again = true; return ed.pending; }
    var body = readNote(ed);
    if (!ed.id && !body.body.trim()) { ed.dirty = false; return Promise.resolve(); }
    if (!ed.dirty) return Promise.resolve();
    ed.saving = true;
    ed.dirty = false;
    ed.sent = body;
    if (ed === editor) noteStatus(msg.msgSaving, "saving");
    var request = ed.id
      ? R.api("PATCH", API + "/notes/" + ed.id, body)
      : R.api("POST", API + "/sessions/" + ed.session + "/notes", body);
    ed.pending = request.then(function (note) {
      ed.id = String(note.id);
      ed.saved = note.body;
      upsertNote(note);
      if (ed !== editor) return;
      ed.form.dataset.noteId = ed.id;
      var label = $("note-editing");
      label.textContent = label.dataset.editing;
      clearErrors(ed.form);
      showPreview(note.html, note.body);
      if (!ed.dirty) {
        noteStatus(fill(msg.msgSaved, { time: clockTime(new Date()) }), "saved");
        remoteNotice("");
      }
    }, function (err) {
      ed.dirty = true;
      if (err.status === 404) ed.id = null;  // deleted meanwhile: the next save creates it again
      if (!err.status) window.setTimeout(function () { if (ed.dirty) saveNote(ed); }, RETRY_MS);
      if (ed !== editor) return;
      noteStatus(err.status ? errorText(err) : msg.msgOffline, "error");
      if (err.status === 422) formError(ed.form, err);
    }).finally(function () {
      ed.saving = false;
      if (ed.again) {
        ed.again = false;
        if (ed.dirty) saveNote(ed);
      }
    });
    return ed.pending;
  }
  /* Before the editor shows something else: save what is pending, from a copy of the fields. */
  function flushNote() {
    if (!editor) return;
    var ed = editor;
    ed.frozen = readNote(ed);
    if (ed.dirty || ed.saving) saveNote(ed, ed.dirty);
  }
  function noteTyped() {
    if (!editor) return;
    editor.dirty = true;
    toggleActionFields();
    noteStatus(msg.msgUnsaved, "pending");
    window.clearTimeout(editor.timer);
    var ed = editor;
    editor.timer = window.setTimeout(function () { saveNote(ed); }, AUTOSAVE_MS);
  }
  root.addEventListener("input", function (e) {
    if (e.target.closest("#note-editor")) noteTyped();
  });
  root.addEventListener("change", function (e) {
    if (e.target.closest("#note-editor") && e.target.tagName !== "TEXTAREA") noteTyped();
  });
  window.addEventListener("beforeunload", function (e) {
    if (editor && (editor.dirty || editor.saving)) {
      saveNote(editor);
      e.preventDefault();
      e.returnValue = "";
    }
  });

  /* A note changed elsewhere (another facilitator, or this one's own save coming back). */
  function noteChangedRemotely(note) {
    var ed = editor;
    if (!ed || !same(ed.id, note.id)) return;
    var mine = readNote(ed);
    var action = note.kind === "action";
    var sameMeta = note.kind === mine.kind &&
      (!action || (same(note.opd_id, mine.opd_id) && same(note.due_on, mine.due_on)));
    var sameBody = note.body === mine.body || (ed.sent && note.body === ed.sent.body) ||
      note.body === ed.saved;
    if (sameBody && sameMeta) return;
    var values = { name: note.updated_by_name || "?", time: clockTime(new Date(note.updated_at)) };
    var typing = document.activeElement === ed.form.elements.body || ed.dirty || ed.saving;
    if (typing) {
      remoteNotice(fill(msg.msgChangedTyping, values));
      return;
    }
    var f = ed.form.elements;
    f.kind.value = note.kind;
    f.body.value = note.body;
    f.opd_id.value = note.opd_id || "";
    f.due_on.value = note.due_on || "";
    ed.saved = note.body;
    toggleActionFields();
    showPreview(note.html, note.body);
    remoteNotice(fill(msg.msgChanged, values));
  }

  /* -- Notes: the list ------------------------------------------------------------------------ */

  function buildNote(id) {
    var node = $("note-template").content.firstElementChild.cloneNode(true);
    [node].concat(Array.prototype.slice.call(node.querySelectorAll("*"))).forEach(function (el) {
      ["id", "href", "action", "data-id"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value === null) return;
        value = value.replace(/^note-0(-|$)/, "note-" + id + "$1")
          .replace(/([?&]note=)0\b/, "$1" + id)
          .replace(/\/notes\/0\//, "/notes/" + id + "/")
          .replace(/^0$/, String(id));
        el.setAttribute(attr, value);
      });
    });
    return node;
  }
  function drawNote(li, note) {
    li.dataset.kind = note.kind;
    var kind = ref(li, "kind");
    kind.textContent = noteKinds[note.kind] || note.kind;
    kind.dataset.kind = note.kind;
    var action = note.kind === "action";
    ref(li, "owner").hidden = !(action && (note.opd_code || note.due_on));
    ref(li, "opd").textContent = note.opd_code || "";
    var due = ref(li, "due");
    due.hidden = !note.due_on;
    due.textContent = note.due_on ? fill(msg.msgDue, { date: longDate(note.due_on) }) : "";
    var html = ref(li, "html");
    if (note.body.trim()) {
      setSafeHtml(html, note.html);
    } else {
      var p = document.createElement("p");
      p.className = "empty";
      p.textContent = msg.msgEmpty;
      html.replaceChildren(p);
    }
    ref(li, "meta").textContent = (note.updated_by_name || "") + " · " +
      (note.updated_at ? clockTime(new Date(note.updated_at)) : "");
  }
  function placeNote(list, li, id) {
    var after = Array.prototype.find.call(list.children, function (other) {
      return Number(other.dataset.id) > Number(id);
    });
    if (li.parentNode !== list || (after && li.nextElementSibling !== after)) list.insertBefore(li, after || null);
  }
  function noteCount() {
    var list = $("note-list");
    if (!list) return;
    $("note-count").textContent = list.children.length;
    $("note-empty").hidden = list.children.length > 0;
  }
  function upsertNote(note) {
    if (!same(note.session_id, state.session)) return;
    state.notes[note.id] = note;
    var list = $("note-list");
    if (!list) return;
    var li = $("note-" + note.id) || buildNote(note.id);
    drawNote(li, note);
    placeNote(list, li, note.id);
    noteCount();
  }
  function noteGone(id, remote) {
    delete state.notes[id];
    var li = $("note-" + id);
    if (li) li.remove();
    noteCount();
    if (editor && same(editor.id, id)) {
      editor.id = null;
      editor.saved = null;
      editor.form.dataset.noteId = "";
      var label = $("note-editing");
      label.textContent = label.dataset.new;
      if (remote) remoteNotice(msg.msgRemoved);
      else openInEditor(null);
    }
  }
  function loadNotes() {
    var session = state.session;
    if (!session || !$("note-list")) return Promise.resolve();
    return R.api("GET", API + "/sessions/" + session + "/notes").then(function (data) {
      if (!same(session, state.session)) return;
      var seen = {};
      data.items.forEach(function (note) { seen[note.id] = true; upsertNote(note); });
      Object.keys(state.notes).forEach(function (id) {
        if (!seen[id]) noteGone(id, true);
      });
      if (editor && editor.id && state.notes[editor.id] && !editor.dirty) {
        showPreview(state.notes[editor.id].html, state.notes[editor.id].body);
      }
    });
  }

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
  on[E.TIMER] = countdown.set;
  on[E.NOTE_CREATED] = upsertNote;
  on[E.NOTE_UPDATED] = function (note) {
    upsertNote(note);
    if (same(note.session_id, state.session)) noteChangedRemotely(note);
  };
  on[E.NOTE_REMOVED] = function (p) {
    if (same(p.session_id, state.session)) noteGone(String(p.id), true);
  };
  on[E.PRESENCE] = function (p) {
    if (same(p.workshop_id, workshopId)) $("presence-count").textContent = p.connected;
  };
  on[E.WORKSHOP_UPDATED] = function (w) {
    if (!same(w.id, workshopId)) return;
    $("ws-title").textContent = w.title;
    $("ws-code").textContent = w.code;
  };

  startEditor();
  R.connect({
    auth: { workshop_id: workshopId },
    onSync: function (first) {
      loadTimer().catch(function () {});
      loadDisplay().catch(function () {});
      loadNotes().catch(function () {});
      loadResults();
      if (!first) {
        refresh(["presence-count", "console-agenda", "console-session-head", "console-ideas",
          "console-poll-list"]);
      }
      if (editor && editor.dirty) saveNote(editor);
    },
    on: on
  });
})();
