/* Facilitator's agenda editor. The page's forms work without JavaScript (they post to the
   page routes); here they go to the JSON API instead and the agenda updates in place. The
   agenda is re-fetched (GET /days) after every change, on session_updated / day_updated pushes
   from other facilitators, and after a reconnect. Sessions the page has not seen yet are built
   from the server-rendered <template id="session-template"> (rendered for session 0). */
(function () {
  "use strict";
  var R = window.Rembuk;
  var root = document.getElementById("agenda");
  if (!root) return;
  var workshopId = root.dataset.workshopId;
  var kinds = JSON.parse(root.dataset.kinds);
  var purposes = JSON.parse(root.dataset.purposes || "{}");
  var statuses = JSON.parse(root.dataset.statuses);
  var dimensions = JSON.parse(root.dataset.dimensions);
  var template = document.getElementById("session-template");
  var message = document.getElementById("agenda-message");
  var lang = document.documentElement.lang;
  var API = "/api/v1";

  root.classList.add("js-on");

  var fill = R.fill;
  var ref = R.ref;
  function clock(t) { return lang === "id" ? String(t).replace(":", ".") : t; }
  var hideTimer = null;
  /* The message box (role=status); confirmations fade after a while, errors stay. */
  function say(text, kind) {
    message.textContent = text;
    message.dataset.kind = kind || "ok";
    message.hidden = false;
    window.clearTimeout(hideTimer);
    if (kind !== "error") {
      hideTimer = window.setTimeout(function () { message.hidden = true; }, 8000);
    }
  }
  /* "s12-starts_at", "add1-title", "day2-stage" → the API's field name. */
  function fieldName(el) { return el.name.replace(/^[a-z]+\d+-/, ""); }

  /* -- Showing the agenda ------------------------------------------------------------------ */

  function build(s) {
    var node = template.content.firstElementChild.cloneNode(true);
    var all = [node].concat(Array.prototype.slice.call(node.querySelectorAll("*")));
    all.forEach(function (el) {
      ["id", "for", "name", "aria-describedby", "action"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value === null) return;
        value = value
          .replace(/\b(s|st)0-/g, "$1" + s.id + "-")
          .replace(/\/sessions\/0(\/|$)/, "/sessions/" + s.id + "$1")
          .replace(/^session-0$/, "session-" + s.id);
        el.setAttribute(attr, value);
      });
    });
    node.dataset.id = s.id;
    return node;
  }

  function setField(form, name, value) {
    var el = Array.prototype.find.call(form.elements, function (e) {
      return e.name && fieldName(e) === name;
    });
    if (!el) return;
    if (el.type === "checkbox") el.checked = !!value;
    else el.value = value === null || value === undefined ? "" : String(value);
  }

  function update(li, s, first, last) {
    var title = s.title;
    li.dataset.status = s.status;
    ref(li, "starts_at").textContent = clock(s.starts_at);
    ref(li, "ends_at").textContent = clock(s.ends_at);
    ref(li, "title").textContent = title;
    var kind = ref(li, "kind");
    kind.textContent = kinds[s.kind] || s.kind;
    kind.dataset.kind = s.kind;
    var purpose = ref(li, "purpose");
    if (purpose) {
      purpose.dataset.purpose = s.purpose || "none";
      purpose.textContent = fill(root.dataset.labelPurpose,
        { purpose: purposes[s.purpose] || s.purpose || "" });
    }
    var chip = ref(li, "dimension");
    chip.hidden = !s.dimension;
    chip.dataset.dimension = s.dimension || "";
    chip.textContent = s.dimension ? dimensions[s.dimension] || s.dimension : "";
    var badge = ref(li, "status");
    badge.dataset.status = s.status;
    badge.textContent = statuses[s.status] || s.status;
    ref(li, "confirm").textContent = fill(root.dataset.labelConfirm, { title: title });

    var up = li.querySelector(".move-up");
    var down = li.querySelector(".move-down");
    up.setAttribute("aria-label", fill(root.dataset.labelUp, { title: title }));
    down.setAttribute("aria-label", fill(root.dataset.labelDown, { title: title }));
    [[up, first], [down, last]].forEach(function (pair) {
      if (pair[1]) pair[0].setAttribute("aria-disabled", "true");
      else pair[0].removeAttribute("aria-disabled");
    });

    var select = li.querySelector(".status-select");
    select.value = s.status;
    li.querySelector(".agenda-status label").textContent =
      fill(root.dataset.labelStatus, { title: title });
    li.querySelector(".agenda-edit > summary").setAttribute(
      "aria-label", fill(root.dataset.labelEdit, { title: title }));
    li.querySelector(".agenda-delete > summary").setAttribute(
      "aria-label", fill(root.dataset.labelDelete, { title: title }));

    var edit = li.querySelector(".agenda-edit");
    if (!edit.open) {
      var form = edit.querySelector("form");
      ["title", "starts_at", "ends_at", "kind", "purpose", "readiness_per_opd", "program_fields",
        "dimension", "day", "chair", "speakers", "minute_taker"]
        .forEach(function (name) { setField(form, name, s[name]); });
      R.clearErrors(form);
    }
  }

  function render(days) {
    var sections = root.querySelectorAll("section.agenda-day");
    var changedDays = sections.length !== days.length || days.some(function (day) {
      var section = document.getElementById("day-" + day.number);
      return !section || section.dataset.date !== day.date;
    });
    if (changedDays) {
      // The workshop's dates or number of days changed: the page itself must be rebuilt.
      window.location.reload();
      return;
    }
    var active = document.activeElement;
    var seen = {};
    root.querySelectorAll("li.agenda-session").forEach(function (li) { seen[li.dataset.id] = li; });
    days.forEach(function (day) {
      var section = document.getElementById("day-" + day.number);
      var stage = ref(section, "stage");
      stage.hidden = !day.stage;
      ref(section, "stage-name").textContent = day.stage;
      var editor = section.querySelector(".agenda-stage-editor");
      if (!editor.open) setField(editor.querySelector("form"), "stage", day.stage);

      var list = section.querySelector("ol.agenda-sessions");
      day.sessions.forEach(function (s, i) {
        var li = seen[s.id];
        if (li) delete seen[s.id];
        else li = build(s);
        update(li, s, i === 0, i === day.sessions.length - 1);
        if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
      });
      section.querySelector(".agenda-empty").hidden = day.sessions.length > 0;
    });
    Object.keys(seen).forEach(function (id) { seen[id].remove(); });
    // Moving a node drops its focus; give it back so keyboard users keep their place.
    if (active && active !== document.activeElement && document.contains(active)) {
      active.focus();
    }
  }

  var loading = null;
  var again = false;
  /* One fetch at a time; pushes arriving meanwhile cause exactly one more. */
  function refresh() {
    if (loading) {
      again = true;
      return loading;
    }
    loading = R.api("GET", API + "/workshops/" + workshopId + "/days")
      .then(function (data) { render(data.items); })
      .catch(function () { /* the connection indicator already says so; retried on reconnect */ })
      .then(function () {
        loading = null;
        if (again) {
          again = false;
          return refresh();
        }
      });
    return loading;
  }

  /* -- Errors next to their fields --------------------------------------------------------- */

  /* The input of an API field name in a prefixed form ("s12-title" is "title"). */
  function fieldFor(form, name) {
    return Array.prototype.find.call(form.elements, function (e) {
      return e.name && fieldName(e) === name;
    });
  }

  /* Messages beside their fields (dom.js); the rest, with the error's sentence, in the box. */
  function showErrors(form, err) {
    var fields = (err.data && err.data.fields) || {};
    var unplaced = R.showErrors(form, fields, { find: fieldFor });
    say([err.message].concat(unplaced).join(" "), "error");
  }

  function failed(form, err) {
    if (err.status === 422) showErrors(form, err);
    else if (err.status) say(err.message, "error");
    else say(root.dataset.msgFailed, "error");
    if (err.status !== 422) refresh();  // show what the server really has
  }

  /* -- Sending changes ----------------------------------------------------------------------- */

  function body(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.type === "submit") return;
      var name = fieldName(el);
      var value = el.value;
      if (el.type === "checkbox") value = el.checked;
      else if (name === "dimension") value = value || null;
      else if (name === "day") value = parseInt(value, 10);
      data[name] = value;
    });
    return data;
  }

  var actions = {
    add: function (form) {
      var data = body(form);
      data.day = parseInt(form.dataset.day, 10);
      return R.api("POST", API + "/workshops/" + workshopId + "/sessions", data)
        .then(function (s) {
          form.reset();
          say(fill(root.dataset.msgAdded, { title: s.title }));
          return refresh();
        });
    },
    edit: function (form, li) {
      return R.api("PATCH", API + "/sessions/" + li.dataset.id, body(form)).then(function (s) {
        var details = form.closest("details");
        details.open = false;
        say(fill(root.dataset.msgSaved, { title: s.title }));
        return refresh().then(function () { details.querySelector("summary").focus(); });
      });
    },
    status: function (form, li) {
      return R.api("PATCH", API + "/sessions/" + li.dataset.id, body(form)).then(function (s) {
        say(s.title + ": " + (statuses[s.status] || s.status));
        return refresh();
      });
    },
    move: function (form, li, submitter) {
      if (!submitter || submitter.getAttribute("aria-disabled") === "true") {
        return Promise.resolve();
      }
      return R.api("POST", API + "/sessions/" + li.dataset.id + "/move",
        { direction: submitter.value }).then(function () {
        return refresh().then(function () { submitter.focus(); });
      });
    },
    delete: function (form, li) {
      var title = ref(li, "title").textContent;
      var section = li.closest("section.agenda-day");
      return R.api("DELETE", API + "/sessions/" + li.dataset.id).then(function () {
        say(fill(root.dataset.msgDeleted, { title: title }));
        return refresh().then(function () {
          var heading = section.querySelector("h2");
          heading.tabIndex = -1;
          heading.focus();
        });
      });
    },
    stage: function (form) {
      var n = form.dataset.day;
      return R.api("PATCH", API + "/workshops/" + workshopId + "/days/" + n, body(form))
        .then(function () {
          var details = form.closest("details");
          details.open = false;
          say(fill(root.dataset.msgStage, { n: n }));
          return refresh().then(function () { details.querySelector("summary").focus(); });
        });
    }
  };

  /* Moves and status changes queue up (every key press counts, in order); a second submit
     of the other forms while the first is on its way is ignored (no double sessions). */
  var QUEUED = { move: true, status: true };
  var queues = new WeakMap();
  root.addEventListener("submit", function (ev) {
    var form = ev.target;
    var action = actions[form.dataset.action];
    if (!action) return;
    ev.preventDefault();
    var li = form.closest("li.agenda-session");
    var submitter = ev.submitter;
    function run() {
      R.clearErrors(form);
      return action(form, li, submitter).catch(function (err) { failed(form, err); });
    }
    if (QUEUED[form.dataset.action]) {
      queues.set(form, (queues.get(form) || Promise.resolve()).then(run));
      return;
    }
    if (form.dataset.busy) return;
    form.dataset.busy = "1";
    run().then(function () { delete form.dataset.busy; });
  });

  root.addEventListener("change", function (ev) {
    if (ev.target.classList.contains("status-select")) ev.target.form.requestSubmit();
  });

  var handlers = {};
  handlers[R.EVENTS.SESSION_UPDATED] = refresh;
  handlers[R.EVENTS.DAY_UPDATED] = refresh;
  R.connect({
    auth: { workshop_id: workshopId },
    onSync: function (first) { if (!first) refresh(); },
    on: handlers
  });
})();
