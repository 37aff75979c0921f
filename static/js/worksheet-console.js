/* The facilitator's worksheet curation page (templates/facilitator/worksheet.html).
   Every form there works without JavaScript (it posts to views/facilitator/worksheets.py).
   Here a form marked data-api="METHOD /api/v1/…" sends the same change to the JSON API
   instead; the body is built from the form's named controls (data-type="int" | "bool" |
   "lines", data-empty="null", checkbox groups as lists of ids; a clicked submit button
   adds its name and value). After a change, after every entry push and after every
   (re)connect the parts marked data-live are re-rendered from this page's own HTML
   (as Rembuk.refreshParts does), keeping open editors, what was typed in them, the ticked entries
   and the keyboard focus, read at the moment of the swap. Field errors land beside their
   fields (Rembuk.showErrors). */
(function () {
  "use strict";
  var R = window.Rembuk;
  var root = document.getElementById("worksheet");
  if (!root) return;
  var sessionId = Number(root.dataset.sessionId);
  var message = document.getElementById("ws-message");
  var hideTimer = null;

  function say(text, kind) {
    message.textContent = text;
    message.dataset.kind = kind || "ok";
    message.hidden = false;
    window.clearTimeout(hideTimer);
    if (kind !== "error") {
      hideTimer = window.setTimeout(function () { message.hidden = true; }, 8000);
    }
  }

  /* -- Request bodies from forms ------------------------------------------------------------ */

  function valueOf(el) {
    var type = el.dataset.type;
    var value = el.value;
    if (type === "int") return value === "" ? null : Number(value);
    if (type === "bool") return value === "true";
    if (type === "lines") {
      return value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
    }
    if (value === "" && el.dataset.empty === "null") return null;
    return value;
  }

  function body(form, submitter) {
    var data = {};
    var lists = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.disabled) return;
      if (el.type === "submit" || el.tagName === "BUTTON") return;
      if (el.type === "checkbox") {
        // A group of checkboxes (the entries a strategy comes from) is a list of ids.
        lists[el.name] = lists[el.name] || [];
        if (el.checked) lists[el.name].push(Number(el.value));
        return;
      }
      data[el.name] = valueOf(el);
    });
    Object.keys(lists).forEach(function (name) { data[name] = lists[name]; });
    if (submitter && submitter.name) data[submitter.name] = valueOf(submitter);
    return data;
  }

  /* -- Re-rendering the live parts ---------------------------------------------------------- */

  /* The ticked entries a strategy will come from: what the facilitator chose, kept here (not
     read from the page) so a re-render that started before a reset cannot tick them again. */
  var picked = new Set();
  document.querySelectorAll("input.ws-pick:checked").forEach(function (el) { picked.add(el.value); });
  /* Editors closed by a saved change: a re-render that started before the save must not open
     them again (cleared when the re-renders have caught up). */
  var closed = new Set();
  var wantFocus = null;  // where the keyboard goes after a saved change, across re-renders
  root.addEventListener("change", function (ev) {
    if (!ev.target.classList.contains("ws-pick")) return;
    if (ev.target.checked) picked.add(ev.target.value);
    else picked.delete(ev.target.value);
  });

  /* What the facilitator is in the middle of: open editors and their typed values, the
     focused control; put back after the parts were replaced (with the ticked entries). */
  function remember() {
    var state = { open: [], values: {}, focus: null };
    root.querySelectorAll("[data-live] details[open]").forEach(function (d) {
      if (!d.id || closed.has(d.id)) return;
      state.open.push(d.id);
      d.querySelectorAll("input[id], select[id], textarea[id]").forEach(function (el) {
        state.values[el.id] = el.value;
      });
    });
    var active = document.activeElement;
    if (active && root.contains(active)) {
      if (active.id) state.focus = "#" + active.id;
      else if (active.tagName === "SUMMARY" && active.parentNode.id) {
        state.focus = "#" + active.parentNode.id + " > summary";
      }
    }
    return state;
  }

  function restore(state) {
    state.open.forEach(function (id) {
      var d = document.getElementById(id);
      if (d && !closed.has(id)) d.open = true;
    });
    Object.keys(state.values).forEach(function (id) {
      var el = document.getElementById(id);
      if (el && el.closest("details[open]")) el.value = state.values[id];
    });
    document.querySelectorAll("input.ws-pick").forEach(function (el) {
      el.checked = !el.disabled && picked.has(el.value);
    });
    var target = wantFocus || state.focus;
    if (target) {
      var focus = document.querySelector(target);
      if (focus) focus.focus();
    }
  }

  /* The heat map's bars behind the written shares (CSSOM: the page allows no style
     attributes); without JavaScript the cells keep their words only. */
  function bars() {
    root.querySelectorAll("td[data-share]").forEach(function (td) {
      td.style.setProperty("--share", td.dataset.share + "%");
    });
  }
  bars();

  var loading = null;
  var again = false;
  /* One re-render at a time; pushes arriving meanwhile cause exactly one more. */
  function refresh() {
    if (loading) {
      again = true;
      return loading;
    }
    var ids = Array.prototype.map.call(root.querySelectorAll("[data-live]"), function (n) {
      return n.id;
    });
    loading = fetch(window.location.pathname + window.location.search, {
      credentials: "same-origin", headers: { "Accept": "text/html" }
    })
      .then(function (res) { return res.text(); })
      .then(function (html) {
        // As Rembuk.refreshParts, but what the facilitator is doing is read at the moment of
        // the swap (not when the fetch began), so nothing done meanwhile is lost.
        var doc = new DOMParser().parseFromString(html, "text/html");
        var state = remember();
        ids.forEach(function (id) {
          var fresh = doc.getElementById(id);
          var current = document.getElementById(id);
          if (fresh && current) current.replaceWith(document.importNode(fresh, true));
        });
        restore(state);
        bars();
      })
      .catch(function () { /* the connection indicator says so; retried on reconnect */ })
      .then(function () {
        loading = null;
        if (again) {
          again = false;
          return refresh();
        }
        closed.clear();
        wantFocus = null;
      });
    return loading;
  }

  /* -- Sending ----------------------------------------------------------------------------- */

  function failed(form, err) {
    if (err.status === 422) {
      var unplaced = R.showErrors(form, (err.data && err.data.fields) || {});
      say([err.message].concat(unplaced).join(" "), "error");
    } else if (err.status) {
      say(err.message, "error");
      refresh();
    } else {
      say(root.dataset.msgFailed, "error");
    }
  }

  root.addEventListener("submit", function (ev) {
    var form = ev.target;
    var api = form.dataset.api;
    if (!api) return;
    ev.preventDefault();
    if (form.dataset.busy) return;
    var space = api.indexOf(" ");
    var method = api.slice(0, space);
    var url = api.slice(space + 1);
    var data = body(form, ev.submitter);
    form.dataset.busy = "1";
    R.clearErrors(form);
    R.api(method, url, data)
      .then(function () {
        say(form.dataset.done || "");
        if (form.hasAttribute("data-reset")) {
          form.reset();
          picked.clear();
          document.querySelectorAll("input.ws-pick:checked").forEach(function (el) {
            el.checked = false;
          });
        }
        var details = form.closest("details");
        if (details && details.id && details.closest("[data-live]")) {
          closed.add(details.id);
          var current = document.getElementById(details.id) || details;
          current.open = false;
          wantFocus = "#" + details.id + " > summary";
          var summary = current.querySelector("summary");
          if (summary) summary.focus();
        }
        return refresh();
      })
      .catch(function (err) { failed(form, err); })
      .then(function () { delete form.dataset.busy; });
  });

  /* -- Live --------------------------------------------------------------------------------- */

  function mine(payload) {
    // Entry pushes name their session (or carry the entry, which does); others count too.
    var item = payload && (payload.entry || payload);
    var sid = item && (item.session_id || (payload && payload.session_id));
    if (sid && Number(sid) !== sessionId) return;
    refresh();
  }

  var handlers = {};
  ["ENTRY_CREATED", "ENTRY_UPDATED", "ENTRY_REMOVED", "ENTRIES_CREATED", "ENTRIES_UPDATED",
    "ENTRIES_REMOVED", "STRATEGY_UPDATED", "VISION_UPDATED",
    "READINESS_ITEMS_UPDATED", "POLL_UPDATED", "SESSION_UPDATED"]
    .forEach(function (key) {
      if (R.EVENTS[key]) handlers[R.EVENTS[key]] = mine;
    });
  /* The "show on the screen" button says whether the projector shows this worksheet now. */
  var showButton = document.getElementById("ws-show");
  if (showButton && R.EVENTS.DISPLAY) {
    handlers[R.EVENTS.DISPLAY] = function (d) {
      var here = d && d.view === showButton.value && Number(d.session_id) === sessionId;
      showButton.setAttribute("aria-pressed", here ? "true" : "false");
    };
  }
  R.connect({
    auth: { workshop_id: root.dataset.workshopId },
    // The page was rendered before the socket connected: fetch again on every connect.
    onSync: function () { refresh(); },
    on: handlers
  });
})();
