/* Roster page: OPDs and dimensions edited in place through the JSON API.

   Every form on the page also works without JavaScript. Here each form that carries
   data-api="METHOD /api/v1/..." is sent to the API instead; the lists are redrawn from
   GET /opds and GET /dimensions with the page's <template> rows (the server's own
   markup with __PLACEHOLDERS__), after each change and on every "roster_updated" push,
   keeping what the user is typing, which rows are open for editing, and the focus.
   (A little over 400 lines: drawing, redraw-safe editing and the forms are one page's
   behaviour; the shared parts live in dom.js and live.js.) */
(function () {
  "use strict";
  var R = window.Rembuk;
  var root = document.getElementById("roster");
  if (!root) return;
  var workshopId = document.body.dataset.workshopId;
  var api = "/api/v1/workshops/" + workshopId;
  var lang = document.documentElement.lang;
  var state = { opds: null, dims: null, editing: null };
  var refreshing = null;
  var again = false;

  var $ = function (id) { return document.getElementById(id); };
  var filterInput = $("opd-filter");
  var statusEl = $("roster-status");

  /* ---- Rows from <template>s ------------------------------------------------------- */

  function substitute(text, values) {
    return text.replace(/__([A-Z]+)__/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function fromTemplate(id, values) {
    var node = $(id).content.firstElementChild.cloneNode(true);
    var elements = [node].concat(Array.prototype.slice.call(node.querySelectorAll("*")));
    elements.forEach(function (el) {
      Array.prototype.slice.call(el.attributes).forEach(function (attr) {
        if (attr.value.indexOf("__") !== -1) el.setAttribute(attr.name, substitute(attr.value, values));
      });
    });
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    var text;
    while ((text = walker.nextNode())) {
      if (text.nodeValue.indexOf("__") !== -1) text.nodeValue = substitute(text.nodeValue, values);
    }
    return node;
  }

  function opdValues(o) { return { ID: o.id, CODE: o.code, NAME: o.name }; }
  function dimValues(d) { return { ID: d.id, KEY: d.key, NAME: d.name, NAMEID: d.name_id }; }
  function elValues(e) {
    var id = lang === "id";
    return {
      ID: e.id, KEY: e.key, NAME: e.name, NAMEID: e.name_id,
      LABEL: id ? e.name_id : e.name, OTHER: id ? e.name : e.name_id
    };
  }

  function isEditing(kind, id) {
    return !!state.editing && state.editing.kind === kind && state.editing.id === id;
  }

  function setEnds(scope, index, count) {
    var up = scope.querySelector('.roster-move button[value="up"]');
    var down = scope.querySelector('.roster-move button[value="down"]');
    if (up) up.disabled = index === 0;
    if (down) down.disabled = index === count - 1;
  }

  /* ---- Keeping typing, open panels and focus across a redraw -------------------------- */

  function snapshot(container) {
    var snap = { values: {}, open: [], focus: null };
    container.querySelectorAll("input[id], select[id], textarea[id]").forEach(function (el) {
      if (el.type !== "hidden" && el.type !== "file") snap.values[el.id] = el.value;
    });
    container.querySelectorAll("details[open]").forEach(function (d) { snap.open.push(d.id); });
    var active = document.activeElement;
    if (active && container.contains(active)) {
      snap.focus = active.dataset.focus
        ? { focus: active.dataset.focus, alt: active.dataset.focusAlt }
        : { id: active.id };
    }
    return snap;
  }

  function restore(container, snap) {
    Object.keys(snap.values).forEach(function (id) {
      var el = $(id);
      if (el && container.contains(el)) el.value = snap.values[id];
    });
    snap.open.forEach(function (id) { var d = $(id); if (d) d.open = true; });
    if (!snap.focus) return;
    var target = null;
    if (snap.focus.id) {
      target = $(snap.focus.id);
    } else {
      target = container.querySelector('[data-focus="' + snap.focus.focus + '"]');
      if (target && target.disabled && snap.focus.alt) {
        target = container.querySelector('[data-focus="' + snap.focus.alt + '"]');
      }
    }
    if (target && !target.disabled) target.focus();
  }

  /* ---- Drawing the lists ------------------------------------------------------------- */

  function drawOpds() {
    var items = state.opds;
    var tbody = $("opd-rows");
    var snap = snapshot(tbody);
    tbody.replaceChildren.apply(tbody, items.map(function (o) {
      return fromTemplate(isEditing("opd", o.id) ? "tpl-opd-edit" : "tpl-opd-row", opdValues(o));
    }));
    restore(tbody, snap);
    $("opd-count").textContent = items.length;
    $("opd-empty").hidden = items.length > 0;
    $("opd-table").hidden = items.length === 0;
    applyFilter();
  }

  function drawDims() {
    var items = state.dims;
    var list = $("dim-list");
    var snap = snapshot(list);
    list.replaceChildren.apply(list, items.map(function (d, i) {
      var li = fromTemplate("tpl-dim-item", dimValues(d));
      var head = li.querySelector(".dim-head");
      if (isEditing("dim", d.id)) {
        head.replaceWith(fromTemplate("tpl-dim-edit", dimValues(d)));
      } else {
        setEnds(head, i, items.length);
      }
      var ol = li.querySelector(".el-list");
      d.elements.forEach(function (e, j) {
        var item = fromTemplate(isEditing("el", e.id) ? "tpl-el-edit" : "tpl-el-item", elValues(e));
        setEnds(item, j, d.elements.length);
        ol.append(item);
      });
      return li;
    }));
    restore(list, snap);
    $("dim-empty").hidden = items.length > 0;
  }

  function stillThere() {
    var e = state.editing;
    if (!e) return;
    var found = false;
    if (e.kind === "opd") {
      found = state.opds.some(function (o) { return o.id === e.id; });
    } else if (e.kind === "dim") {
      found = state.dims.some(function (d) { return d.id === e.id; });
    } else {
      found = state.dims.some(function (d) {
        return d.elements.some(function (el) { return el.id === e.id; });
      });
    }
    if (!found) state.editing = null;
  }

  /* Re-fetch both lists; calls that arrive meanwhile coalesce into one more round. */
  function refresh() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = Promise.all([R.api("GET", api + "/opds"), R.api("GET", api + "/dimensions")])
      .then(function (res) {
        state.opds = res[0].items;
        state.dims = res[1].items;
        stillThere();
        drawOpds();
        drawDims();
      })
      .catch(function () { /* the connection indicator says why; the next sync retries */ })
      .then(function () {
        refreshing = null;
        if (again) { again = false; refresh(); }
      });
    return refreshing;
  }

  /* ---- Filter ------------------------------------------------------------------------ */

  function applyFilter() {
    var q = filterInput.value.trim().toLocaleLowerCase();
    var rows = $("opd-rows").querySelectorAll("tr");
    var shown = 0;
    rows.forEach(function (tr) {
      var code = tr.querySelector(".opd-code");
      var name = tr.querySelector(".opd-name-text");
      var text = code && name ? code.textContent + " " + name.textContent : "";
      var hit = !q || tr.classList.contains("editing") ||
        text.toLocaleLowerCase().indexOf(q) !== -1;
      tr.hidden = !hit;
      if (hit) shown += 1;
    });
    $("opd-nomatch").hidden = shown > 0 || rows.length === 0;
  }

  /* ---- Messages ---------------------------------------------------------------------- */

  function say(message) {
    statusEl.textContent = message;
    statusEl.hidden = !message;
  }

  function errorBox(form) {
    var box = form.dataset.errorId ? $(form.dataset.errorId) : null;
    if (!box) {
      box = form.querySelector(".form-error");
      if (!box) {
        box = document.createElement("p");
        box.className = "error form-error";
        box.setAttribute("role", "alert");
        form.append(box);
      }
    }
    return box;
  }

  /* Field messages go beside their inputs (dom.js). An OPD row's inputs sit in other cells
     than their <form> (form= attribute), so the row being edited is the scope, and inputs
     are found through form.elements. */
  function scopeOf(form) { return form.closest(".editing") || form; }

  function inputFinder(form) {
    var prefix = form.dataset.prefix || "";
    return function (scope, name) {
      var input = form.elements.namedItem(prefix + name);
      return input && input.id ? input : null;
    };
  }

  function clearErrors(form) {
    /* Messages the server rendered with the page (no-JavaScript path) go too. */
    Array.prototype.forEach.call(form.elements, function (el) {
      var old = el.id && $(el.id + "-error");
      if (!old || !old.classList.contains("error")) return;
      old.remove();
      var ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== old.id;
      });
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
      else el.removeAttribute("aria-describedby");
    });
    R.clearErrors(scopeOf(form));
    var box = form.dataset.errorId ? $(form.dataset.errorId) : form.querySelector(".form-error");
    if (box) { box.textContent = ""; box.hidden = true; }
    if (form.dataset.upload !== undefined) $("import-errors").hidden = true;
  }

  function showImportErrors(lines) {
    var list = $("import-error-list");
    list.replaceChildren.apply(list, lines.map(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      return li;
    }));
    $("import-errors").hidden = false;
  }

  function fail(form, err) {
    var data = err && err.data ? err.data : {};
    var fields = data.fields || {};
    if (form.dataset.upload !== undefined) {
      var lines = [];
      Object.keys(fields).forEach(function (key) { lines = lines.concat(fields[key]); });
      if (lines.length || err.status) {
        showImportErrors(lines.length ? lines : [data.message || err.message]);
        return;
      }
    }
    var rest = R.showErrors(scopeOf(form), fields, { find: inputFinder(form) });
    if (rest.length || !Object.keys(fields).length) {
      var box = errorBox(form);
      box.textContent = rest.length ? rest.join(" ")
        : (err && err.status ? err.message : root.dataset.msgOffline);
      box.hidden = false;
    }
  }

  /* ---- Sending a form to the API ------------------------------------------------------ */

  function collect(form, submitter) {
    var prefix = form.dataset.prefix || "";
    var body = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "submit" || el.type === "file") return;
      if (/csrf_token$/.test(el.name)) return;
      var key = el.name.indexOf(prefix) === 0 ? el.name.slice(prefix.length) : el.name;
      body[key] = el.value;
    });
    if (submitter && submitter.name) body[submitter.name] = submitter.value;
    return body;
  }

  function upload(url, form) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": R.csrfToken() },
      body: new FormData(form)
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) {
          var err = new Error((data.error && data.error.message) || res.statusText);
          err.status = res.status;
          err.data = data.error || {};
          throw err;
        }
        return data;
      });
    });
  }

  function done(form, data) {
    var editor = form.closest(".editing") || (form.classList.contains("editing") ? form : null);
    if (editor) {
      var kind = state.editing && state.editing.kind;
      var id = state.editing && state.editing.id;
      state.editing = null;
      return refresh().then(function () {
        var back = document.querySelector('[data-focus="' + kind + "-" + id + '-edit"]');
        if (back) back.focus();
      });
    }
    if (form.dataset.reset !== undefined) {
      form.reset();
      var firstInput = form.dataset.upload === undefined && form.querySelector(
        'input:not([type="hidden"]):not([type="file"])');
      if (firstInput) firstInput.focus();
    }
    var message = data && data.created === 0 && form.dataset.doneNone
      ? form.dataset.doneNone : form.dataset.done;
    var values = Object.assign({}, data);
    if (data && data.created !== undefined) values.n = data.created;
    if (message) say(R.fill(message, values));
    var deleting = /^DELETE /.test(form.dataset.api);
    return refresh().then(function () {
      if (deleting) {
        var panel = form.dataset.api.indexOf("/opds/") !== -1 ? "opd-heading" : "dim-heading";
        $(panel).focus();
      }
    });
  }

  root.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.dataset.api) return;
    ev.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    if (form.dataset.sending) return;
    var parts = form.dataset.api.split(" ");
    var method = parts[0];
    var url = parts[1];
    clearErrors(form);
    form.dataset.sending = "1";
    var request = form.dataset.upload !== undefined
      ? upload(url, form)
      : R.api(method, url, method === "DELETE" ? undefined : collect(form, ev.submitter));
    request
      .then(function (data) { return done(form, data); }, function (err) { fail(form, err); })
      .then(function () { delete form.dataset.sending; });
  });

  /* ---- Opening and closing an editor in place ------------------------------------------ */

  function redrawFor(kind) {
    if (kind === "opd") drawOpds(); else drawDims();
  }

  root.addEventListener("click", function (ev) {
    var link = ev.target.closest("a[data-edit], a[data-cancel]");
    if (!link || !state.opds) return;   // not loaded yet: the link still works as a page
    ev.preventDefault();
    var previous = state.editing;
    if (link.hasAttribute("data-cancel")) {
      state.editing = null;
      if (previous) {
        redrawFor(previous.kind);
        var back = document.querySelector(
          '[data-focus="' + previous.kind + "-" + previous.id + '-edit"]');
        if (back) back.focus();
      }
      return;
    }
    state.editing = { kind: link.dataset.edit, id: Number(link.dataset.id) };
    if (previous && previous.kind !== state.editing.kind) redrawFor(previous.kind);
    redrawFor(state.editing.kind);
    var row = $(state.editing.kind + "-" + state.editing.id);
    var first = row && row.querySelector('input:not([type="hidden"])');
    if (first) first.focus();
  });

  root.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape" || !state.editing) return;
    var item = $(state.editing.kind + "-" + state.editing.id);
    var cancel = item && item.querySelector("[data-cancel]");
    if (cancel) { ev.preventDefault(); cancel.click(); }
  });

  /* ---- Filter as you type ---------------------------------------------------------------- */

  filterInput.addEventListener("input", applyFilter);
  $("opd-filter-form").addEventListener("submit", function (ev) { ev.preventDefault(); });
  $("opd-filter-submit").hidden = true;

  /* An editor the server opened (?edit=opd-5) stays open until saved or cancelled. */
  var open = root.querySelector("[data-kind].editing");
  if (open) state.editing = { kind: open.dataset.kind, id: Number(open.dataset.id) };

  var handlers = {};
  handlers[R.EVENTS.ROSTER_UPDATED] = function () { refresh(); };
  R.connect({
    auth: { workshop_id: workshopId },
    onSync: function (first) { if (!first) refresh(); },
    on: handlers
  });
  refresh();
})();
