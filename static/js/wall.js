/* Facilitator's proposals wall (Dinding usulan).

   Without JavaScript every control is a plain form or link (see wall.html). Here:
   - the proposals are fetched from GET /api/v1/sessions/{id}/ideas and kept in `ideas`; the wall
     is redrawn from them in place (cards are reused; new ones are cloned from the server-rendered
     <template id="card-template"> by idea-card.js, filled with textContent only);
   - idea_created / idea_updated pushes (any facilitator's change, any participant's proposal;
     facilitators hear them one by one, Rembuk.connect would also take the hall's batches)
     update it within a second; after every (re)connect the list is fetched again;
   - forms go to the JSON API; a card's tool (edit, tag, group, merge) is fetched from the page
     itself (?card=&tool=) so the form has one rendering path;
   - drag a card onto a group heading (group) or onto another card (merge): a shortcut for the
     buttons, which stay the keyboard way.

   Over ~400 lines because it is one page's state: drawing, the card tools and the forms all
   read and change the same `ideas` map; the card itself is idea-card.js's, drag and drop
   wall-drag.js's and the field messages dom.js's. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var root = document.getElementById("wall-root");
  if (!root) return;
  var API = "/api/v1";
  var sessionId = Number(root.dataset.sessionId);
  var workshopId = root.dataset.workshopId;
  var dims = JSON.parse(root.dataset.dims);
  var statuses = JSON.parse(root.dataset.statuses);
  var sessionStatuses = JSON.parse(root.dataset.sessionStatuses);
  var horizons = JSON.parse(root.dataset.horizons);
  var excerptChars = Number(root.dataset.excerpt) || 180;
  var message = document.getElementById("wall-message");
  var head = document.getElementById("wall-head");
  var queue = document.getElementById("wall-queue");
  var board = document.getElementById("wall-board");
  var groupsRoot = document.getElementById("wall-groups");
  var dropbar = document.getElementById("wall-dropbar");
  var filterForm = document.getElementById("wall-filters");
  var settingsForm = document.getElementById("wall-settings").querySelector("form");
  var cardTemplate = document.getElementById("card-template");
  var mergedTemplate = document.getElementById("merged-template");
  var groupTemplate = document.getElementById("group-template");
  // Statuses that keep a card on the wall (merged and withdrawn ones leave it).
  var ON_WALL = { pending: true, visible: true, hidden: true };

  root.classList.add("js-on");

  var ideas = new Map();   // id → the proposal as the API gives it to facilitators
  var loaded = false;      // until the first fetch, the server-rendered cards stand
  var buffered = [];       // pushes received while a fetch is on its way
  var groupSeq = 0;

  /* -- Small helpers ----------------------------------------------------------------------- */

  var fill = R.fill;
  var ref = R.ref;
  function refs(el, name) { return el.querySelectorAll('[data-ref="' + name + '"]'); }
  var hideTimer = null;
  /* The message box (role=status); confirmations fade, errors stay until the next message. */
  function say(text, kind) {
    message.textContent = text;
    message.dataset.kind = kind || "ok";
    message.hidden = false;
    window.clearTimeout(hideTimer);
    if (kind !== "error") {
      hideTimer = window.setTimeout(function () { message.hidden = true; }, 8000);
    }
  }
  function msg(name, values) { return fill(root.dataset["msg" + name] || "", values || {}); }
  function rupiah(n) { return "Rp " + String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
  function dimName(key) { return dims[key] ? dims[key].name : key; }
  function elementName(dim, key) {
    return dims[dim] && dims[dim].elements[key] ? dims[dim].elements[key] : key;
  }
  function authorText(author, opdCode) {
    if (author) return author.name + (author.opd_code ? " · " + author.opd_code : "");
    return root.dataset.labelFacilitator + (opdCode ? " · " + opdCode : "");
  }
  function byLowerName(a, b) {
    var x = a.toLowerCase(), y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : (a < b ? -1 : a > b ? 1 : 0);
  }
  function showWhen(el, state) {
    el.querySelectorAll("[data-show-when]").forEach(function (b) {
      b.hidden = b.dataset.showWhen.split(" ").indexOf(state) < 0;
    });
  }
  /* "e12-title", "settings-fields" → the API's field name. */
  function fieldName(el) { return el.name.replace(/^[a-z]+\d*-/, ""); }
  function cardOf(id) { return document.getElementById("idea-" + id); }

  /* -- Cards ------------------------------------------------------------------------------- */

  /* A fresh card from the template rendered for proposal 0: ids, links and actions renamed. */
  function build(idea) { return R.ideaCard.clone(cardTemplate, idea.id); }

  function setFact(card, name, text) {
    var fact = card.querySelector('[data-fact="' + name + '"]');
    fact.hidden = !text;
    ref(fact, name).textContent = text || "";
  }

  function buildMerged(m) {
    var li = mergedTemplate.content.firstElementChild.cloneNode(true);
    var form = li.querySelector("form");
    form.setAttribute("action", form.getAttribute("action").replace(/\/ideas\/0\//, "/ideas/" + m.id + "/"));
    li.dataset.id = m.id;
    return li;
  }

  function updateMerged(card, idea) {
    var list = ref(card, "merged-list");
    var seen = {};
    list.querySelectorAll("li").forEach(function (li) { seen[li.dataset.id] = li; });
    idea.merged_from.forEach(function (m, i) {
      var li = seen[m.id];
      if (li) delete seen[m.id];
      else li = buildMerged(m);
      ref(li, "m-title").textContent = m.title;
      ref(li, "m-title-again").textContent = m.title;
      ref(li, "m-author").textContent = authorText(m.author, m.opd_code);
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
    });
    Object.keys(seen).forEach(function (id) { seen[id].remove(); });
    ref(card, "merged").hidden = idea.merged_from.length === 0;
  }

  function update(card, idea) {
    card.dataset.status = idea.status;
    card.dataset.dimension = idea.dimension;
    R.ideaCard.chip(ref(card, "dimension"), idea.dimension, dimName(idea.dimension));
    R.ideaCard.text(ref(card, "element"),
      idea.element ? elementName(idea.dimension, idea.element) : "");
    var badge = ref(card, "status");
    badge.dataset.status = idea.status;
    badge.textContent = statuses[idea.status] || idea.status;
    ref(card, "title").textContent = idea.title;
    refs(card, "title-again").forEach(function (span) { span.textContent = idea.title; });
    R.ideaCard.text(ref(card, "description"), R.ideaCard.excerpt(idea.description, excerptChars));
    setFact(card, "opd", idea.opd_code);
    setFact(card, "author", authorText(idea.author, null));
    setFact(card, "budget", idea.budget_idr === null ? "" : rupiah(idea.budget_idr));
    setFact(card, "horizon", idea.horizon ? horizons[idea.horizon] || idea.horizon : "");
    updateMerged(card, idea);
    if (R.wallProgramme) R.wallProgramme.update(card, idea, root);
    showWhen(card.querySelector(".wall-actions"), idea.status);
    card.draggable = !ref(card, "tool-slot").firstElementChild;
  }

  /* -- Filters ------------------------------------------------------------------------------ */

  function filters() {
    return {
      dimension: filterForm.elements.dimension.value,
      opd: filterForm.elements.opd.value,
      status: filterForm.elements.status.value
    };
  }
  function matches(idea, f) {
    return (!f.dimension || idea.dimension === f.dimension) &&
      (!f.opd || String(idea.opd_id || "") === f.opd) &&
      (!f.status || idea.status === f.status);
  }
  function filtering(f) { return Boolean(f.dimension || f.opd || f.status); }

  /* The option labels carry counts over the whole wall: "Tata Kelola Cerdas (5)". */
  function showCounts(list) {
    var counts = { dimension: {}, opd: {}, status: { pending: 0, visible: 0, hidden: 0, merged: 0 } };
    list.forEach(function (idea) {
      counts.dimension[idea.dimension] = (counts.dimension[idea.dimension] || 0) + 1;
      var opd = String(idea.opd_id || "");
      counts.opd[opd] = (counts.opd[opd] || 0) + 1;
      counts.status[idea.status] += 1;
      counts.status.merged += idea.merged.length;
    });
    ["dimension", "opd", "status"].forEach(function (name) {
      Array.prototype.forEach.call(filterForm.elements[name].options, function (option) {
        if (!option.value) return;
        option.textContent = option.dataset.name + " (" + (counts[name][option.value] || 0) + ")";
      });
    });
    Object.keys(counts.status).forEach(function (status) {
      var el = head.querySelector('[data-count="' + status + '"]');
      if (el) el.textContent = counts.status[status];
    });
  }

  /* -- Drawing the wall ------------------------------------------------------------------- */

  function buildGroup(name) {
    var section = groupTemplate.content.firstElementChild.cloneNode(true);
    groupSeq += 1;
    var heading = section.querySelector(".wall-group-head");
    heading.id = "wall-group-js" + groupSeq;
    section.setAttribute("aria-labelledby", heading.id);
    section.dataset.group = name;
    heading.dataset.group = name;
    ref(section, "group-name").textContent = name;
    return section;
  }

  function place(container, list, cards, f) {
    var shown = 0;
    list.forEach(function (idea, index) {
      var card = cards[idea.id];
      if (card) delete cards[idea.id];
      else card = build(idea);
      update(card, idea);
      var open = Boolean(ref(card, "tool-slot").firstElementChild);
      card.hidden = !matches(idea, f) && !open;
      if (!card.hidden) shown += 1;
      if (container.children[index] !== card) {
        container.insertBefore(card, container.children[index] || null);
      }
    });
    return shown;
  }

  function render() {
    if (!loaded) return;
    var active = document.activeElement;
    var f = filters();
    var cards = {};
    root.querySelectorAll("article.wall-card").forEach(function (card) {
      cards[card.dataset.id] = card;
    });
    var list = [];
    ideas.forEach(function (idea) { if (ON_WALL[idea.status]) list.push(idea); });
    list.sort(function (a, b) { return a.id - b.id; });
    showCounts(list);

    var pending = list.filter(function (i) { return i.status === "pending"; });
    var onWall = list.filter(function (i) { return i.status !== "pending"; });
    var queued = place(ref(queue, "cards"), pending, cards, f);
    queue.hidden = pending.length === 0;
    ref(queue, "queue-count").textContent = queued;

    var names = [];
    onWall.forEach(function (i) { if (i.group && names.indexOf(i.group) < 0) names.push(i.group); });
    names.sort(byLowerName);
    names.unshift("");
    var sections = {};
    groupsRoot.querySelectorAll("section.wall-group").forEach(function (s) {
      sections["g:" + s.dataset.group] = s;
    });
    var total = 0;
    names.forEach(function (name, index) {
      var section = sections["g:" + name];
      if (section) delete sections["g:" + name];
      else section = buildGroup(name);
      var members = onWall.filter(function (i) { return (i.group || "") === name; });
      var shown = place(ref(section, "cards"), members, cards, f);
      total += shown;
      ref(section, "group-count").textContent = shown;
      section.hidden = name !== "" && shown === 0;
      if (groupsRoot.children[index] !== section) {
        groupsRoot.insertBefore(section, groupsRoot.children[index] || null);
      }
    });
    Object.keys(sections).forEach(function (key) { sections[key].remove(); });
    // Cards of proposals that left the wall (merged, withdrawn) go.
    Object.keys(cards).forEach(function (id) { cards[id].remove(); });

    ref(board, "board-count").textContent = total;
    document.getElementById("wall-empty").hidden = list.length > 0;
    document.getElementById("wall-nomatch").hidden = list.length === 0 || total + queued > 0;
    filterForm.querySelector(".wall-filter-clear").hidden = !filtering(f);
    // Moving a node drops its focus; give it back so keyboard users keep their place.
    if (active && active !== document.activeElement && document.contains(active)) {
      active.focus();
    }
  }

  /* -- State: fetch, pushes --------------------------------------------------------------- */

  /* Keep the newest version of a proposal of this session (pushes may cross a fetch). */
  function upsert(idea) {
    if (idea.session_id !== sessionId) return false;
    var known = ideas.get(idea.id);
    if (known && idea.updated_at < known.updated_at) return false;
    ideas.set(idea.id, idea);
    return true;
  }

  var loading = null;
  var again = false;
  /* One fetch at a time; pushes arriving meanwhile are applied again on top of it. */
  function refresh() {
    if (loading) {
      again = true;
      return loading;
    }
    loading = R.api("GET", API + "/sessions/" + sessionId + "/ideas").then(function (data) {
      ideas = new Map();
      data.items.forEach(function (idea) { ideas.set(idea.id, idea); });
      buffered.splice(0).forEach(upsert);
      loaded = true;
      render();
    }).catch(function () { /* the connection indicator says so; retried on reconnect */ })
      .then(function () {
        loading = null;
        if (again) {
          again = false;
          return refresh();
        }
      });
    return loading;
  }

  function apply(idea) {
    if (loading || !loaded) buffered.push(idea);
    if (loaded && upsert(idea)) render();
  }

  function showSession(s) {
    if (s.title) ref(head, "session-title").textContent = s.title;
    if (!s.status) return;
    head.dataset.status = s.status;
    var badge = document.getElementById("session-status");
    badge.dataset.status = s.status;
    badge.textContent = sessionStatuses[s.status] || s.status;
    showWhen(head, s.status);
  }

  function showSettings(settings) {
    Array.prototype.forEach.call(settingsForm.elements, function (el) {
      var name = el.name && fieldName(el);
      if (name === "fields") el.checked = settings.fields.indexOf(el.value) >= 0;
      else if (name === "authorship") el.checked = el.value === settings.authorship;
      else if (name === "premoderation") el.checked = Boolean(settings.premoderation);
      else if (name === "program_fields") el.checked = Boolean(settings.program_fields);
    });
  }

  function refreshSession() {
    R.api("GET", API + "/sessions/" + sessionId).then(showSession).catch(function () {});
    R.api("GET", API + "/sessions/" + sessionId + "/idea-settings")
      .then(showSettings).catch(function () {});
  }

  function onSessionUpdated(s) {
    if (Number(s.id) !== sessionId) return;
    if (s.deleted) {
      say(msg("Deleted"), "error");
      return;
    }
    if (s.idea_settings) showSettings(s.idea_settings);
    showSession(s);
  }

  /* -- Errors next to their fields --------------------------------------------------------- */

  function fieldFor(form, name) {
    if (form.dataset.action === "group" && name === "group") {
      var typed = Array.prototype.find.call(form.elements, function (e) {
        return e.name && /-new_group$/.test(e.name);
      });
      if (typed && typed.value.trim()) return typed;
    }
    return Array.prototype.find.call(form.elements, function (e) {
      return e.name && e.name !== "csrf_token" && fieldName(e) === name;
    });
  }

  /* Messages beside their fields (dom.js); the rest, with the error's sentence, in the box. */
  function showErrors(form, err) {
    var fields = (err.data && err.data.fields) || {};
    var unplaced = R.showErrors(form, fields, { find: fieldFor });
    say([err.message].concat(unplaced).join(" "), "error");
  }

  function failed(form, err) {
    if (err.status === 422) {
      showErrors(form, err);
      return;
    }
    say(err.status ? err.message : msg("Failed"), "error");
    refresh();  // show what the server really has
  }

  /* -- A card's tools (edit, tag, group, merge) ------------------------------------------- */

  /* The element list follows the chosen dimension (other dimensions' elements are disabled). */
  function linkElements(form) {
    var dim = fieldFor(form, "dimension");
    var element = fieldFor(form, "element");
    if (!dim || !element) return;
    function sync() {
      element.querySelectorAll("optgroup").forEach(function (group) {
        var other = group.dataset.group !== dim.value;
        group.disabled = other;
        group.hidden = other;
      });
      var chosen = element.selectedOptions[0];
      if (chosen && chosen.parentElement.disabled) element.value = "";
    }
    dim.addEventListener("change", sync);
    sync();
  }

  function closeTool(card, focusTool) {
    var slot = ref(card, "tool-slot");
    var panel = slot.firstElementChild;
    var name = panel && panel.dataset.tool;
    slot.replaceChildren();
    card.draggable = true;
    if (focusTool && name) {
      var link = card.querySelector('a[data-tool="' + name + '"]');
      if (link) link.focus();
    }
  }

  function openTool(link) {
    var card = link.closest("article.wall-card");
    var slot = ref(card, "tool-slot");
    var open = slot.firstElementChild;
    if (open && open.dataset.tool === link.dataset.tool) {
      closeTool(card, true);
      return;
    }
    var url = link.href.split("#")[0];
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var panel = doc.getElementById(card.id + "-tool");
        if (!panel) throw new Error("no form");
        panel = document.importNode(panel, true);
        slot.replaceChildren(panel);
        card.draggable = false;
        var form = panel.querySelector("form");
        linkElements(form);
        if (panel.dataset.tool === "merge") R.wallMergeSearch(form);
        if (R.wallProgramme) R.wallProgramme.opened(panel);
        var first = form.querySelector("input:not([type=hidden]), select, textarea");
        if (first && panel.dataset.tool !== "merge") first.focus();
      })
      .catch(function () { say(msg("Failed"), "error"); });
  }

  /* -- Sending changes ---------------------------------------------------------------------- */

  function body(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.type === "submit") return;
      var name = fieldName(el);
      var value = el.value;
      if (/_id$/.test(name)) value = value ? Number(value) : null;
      data[name] = value;
    });
    return data;
  }

  function focusStatus(id) {
    var card = cardOf(id);
    if (!card) return;
    var button = card.querySelector(".wall-actions button[data-show-when]:not([hidden])");
    if (button) button.focus();
  }

  function focusCard(id) {
    var card = cardOf(id);
    if (!card) return;
    var title = ref(card, "title");
    title.tabIndex = -1;
    title.focus();
  }

  function patch(id, changes) {
    return R.api("PATCH", API + "/ideas/" + id, changes).then(function (idea) {
      apply(idea);
      return idea;
    });
  }

  function group(id, name) {
    return patch(id, { group: name }).then(function (idea) {
      say(idea.group ? msg("Grouped", { title: idea.title, group: idea.group })
        : msg("Ungrouped", { title: idea.title }));
      return idea;
    });
  }

  /* Asked first when polls hold the proposal (wall-merge.js); null when the facilitator cancels. */
  function merge(id, into) {
    var original = ideas.get(id);
    return R.wallMergeAsk({
      card: cardOf(id), id: id, into: into, api: API,
      words: {
        head: root.dataset.msgMergeHead, yes: root.dataset.msgMergeYes, no: root.dataset.msgMergeNo,
        statuses: JSON.parse(root.dataset.pollStatuses || "{}")
      }
    }).then(function (ok) {
      return ok ? R.api("POST", API + "/ideas/" + id + "/merge", { into: into }) : null;
    }).then(function (survivor) {
      if (!survivor) return null;
      if (original) apply(Object.assign({}, original, { status: "merged", updated_at: survivor.updated_at }));
      apply(survivor);
      say(msg("Merged", { title: original ? original.title : "", into: survivor.title }));
      return survivor;
    });
  }

  var actions = {
    status: function (form, card, submitter) {
      if (!submitter) return Promise.resolve();
      var before = card.dataset.status;
      return patch(card.dataset.id, { status: submitter.value }).then(function (idea) {
        var name = idea.status === "hidden" ? "Hidden" : before === "pending" ? "Approved" : "Shown";
        say(msg(name, { title: idea.title }));
        focusStatus(idea.id);
      });
    },
    edit: function (form, card) {
      return patch(card.dataset.id, body(form)).then(function (idea) {
        closeTool(card, true);
        say(msg("Saved", { title: idea.title }));
      });
    },
    group: function (form, card) {
      var data = body(form);
      var name = (data.new_group || "").trim() || data.group || "";
      return group(card.dataset.id, name).then(function () { closeTool(card, true); });
    },
    merge: function (form, card) {
      var value = body(form).into;
      return merge(Number(card.dataset.id), value ? Number(value) : null).then(function (survivor) {
        if (survivor) focusCard(survivor.id);
      });
    },
    unmerge: function (form, card) {
      var li = form.closest("li");
      var title = ref(li, "m-title").textContent;
      return R.api("POST", API + "/ideas/" + li.dataset.id + "/unmerge").then(function (idea) {
        apply(idea);
        say(msg("Unmerged", { title: title }));
        return refresh().then(function () { focusCard(card.dataset.id); });
      });
    },
    "session-status": function (form, card, submitter) {
      if (!submitter) return Promise.resolve();
      return R.api("PATCH", API + "/sessions/" + sessionId, { status: submitter.value })
        .then(function (s) {
          showSession(s);
          say(msg(s.status === "open" ? "Opened" : "Closed", { title: s.title }));
          var visible = head.querySelector("button[data-show-when]:not([hidden])");
          if (visible) visible.focus();
        });
    },
    settings: function (form) {
      var data = { fields: [], authorship: null, premoderation: false };
      Array.prototype.forEach.call(form.elements, function (el) {
        var name = el.name && fieldName(el);
        if (name === "fields" && el.checked) data.fields.push(el.value);
        if (name === "authorship" && el.checked) data.authorship = el.value;
        if (name === "premoderation") data.premoderation = el.checked;
        if (name === "program_fields") data.program_fields = el.checked;
      });
      if (!data.authorship) delete data.authorship;
      return R.api("PUT", API + "/sessions/" + sessionId + "/idea-settings", data)
        .then(function (settings) {
          showSettings(settings);
          say(msg("Settings"));
        });
    }
  };

  if (R.wallProgramme) {
    Object.assign(actions, R.wallProgramme.actions({
      api: function (method, path, data) { return R.api(method, API + path, data); },
      apply: apply, closeTool: closeTool, say: say, msg: msg, body: body
    }));
  }

  root.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form === filterForm) {
      ev.preventDefault();
      render();
      return;
    }
    var action = actions[form.dataset.action];
    if (!action) return;
    ev.preventDefault();
    if (form.dataset.busy) return;  // a double click sends once
    form.dataset.busy = "1";
    R.clearErrors(form);
    var card = form.closest("article.wall-card");
    action(form, card, ev.submitter)
      .catch(function (err) { failed(form, err); })
      .then(function () { delete form.dataset.busy; });
  });

  root.addEventListener("click", function (ev) {
    var target = ev.target.closest("a");
    if (!target || !root.contains(target)) return;
    if (target.dataset.tool) {
      ev.preventDefault();
      openTool(target);
    } else if (target.hasAttribute("data-cancel")) {
      ev.preventDefault();
      closeTool(target.closest("article.wall-card"), true);
    } else if (target.classList.contains("wall-filter-clear")) {
      ev.preventDefault();
      filterForm.reset();
      ["dimension", "opd", "status"].forEach(function (n) { filterForm.elements[n].value = ""; });
      onFilter();
      filterForm.elements.dimension.focus();
    }
  });

  /* Escape closes a card's open form and gives the focus back to its button. */
  root.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape" || !ev.target.closest) return;
    var tool = ev.target.closest(".wall-tool");
    if (!tool) return;
    ev.preventDefault();
    closeTool(tool.closest("article.wall-card"), true);
  });

  /* Filters apply at once; the address keeps them, so a reload shows the same wall. */
  function onFilter() {
    var f = filters();
    var params = new URLSearchParams();
    Object.keys(f).forEach(function (k) { if (f[k]) params.set(k, f[k]); });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    render();
  }
  filterForm.addEventListener("change", onFilter);

  /* -- Drag and drop (wall-drag.js; a shortcut: every drop has a button twin) -------------- */

  R.wallDrag(root, {
    dropbar: dropbar,
    groups: groupsRoot,
    ungrouped: root.dataset.labelUngrouped,
    onCard: function (id, into) {
      return merge(id, into).then(function (s) { if (s) focusCard(s.id); });
    },
    onGroup: function (id, name) {
      var idea = ideas.get(id);
      if (idea && (idea.group || "") === name) return null;
      return group(id, name);
    },
    onError: function (err) {
      say(err.status ? err.message : msg("Failed"), "error");
      refresh();
    }
  });

  /* -- Live -------------------------------------------------------------------------------- */

  var handlers = {};
  handlers[R.EVENTS.IDEA_CREATED] = apply;
  handlers[R.EVENTS.IDEA_UPDATED] = apply;
  handlers[R.EVENTS.SESSION_UPDATED] = onSessionUpdated;
  R.connect({
    auth: { workshop_id: workshopId },
    onSync: function (first) {
      // Pushes sent before this connection (or while it was down) are lost: fetch everything.
      refresh();
      if (!first) refreshSession();
    },
    on: handlers
  });
})();
