/* Facilitator's polls page. The page's forms work without JavaScript (they post to the page
   routes); here they go to the JSON API instead and the page updates in place:
   - results pushes redraw the bars (or the matrix), the per-OPD turnout and, for named polls,
     the "who voted what" table, without a reload;
   - poll_opened / poll_closed / poll_updated (also from another facilitator) change a card's
     status; a poll the page has not seen yet is taken from this page's own HTML;
   - after every (re)connect everything is fetched again over HTTP.
   Parts of a card carry data-show="<statuses>"; applyStatus() shows the ones that belong. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var root = document.getElementById("polls");
  if (!root) return;
  var d = root.dataset;
  var API = "/api/v1";
  var sessionId = Number(d.sessionId);
  var statuses = JSON.parse(d.statuses);
  var defaults = JSON.parse(d.defaults);
  var list = document.getElementById("poll-cards");
  var message = document.getElementById("polls-message");
  var createForm = document.getElementById("create-form");
  var lang = document.documentElement.lang;
  var dimensionNames = JSON.parse(d.dimensions || "{}");
  // Server clock minus this device's clock, so the countdown matches the server's timer.
  var clockOffset = (Date.parse(d.serverNow) || Date.now()) - Date.now();
  // Methods that use the budget / the per-item cap (from the registry of poll methods).
  var BUDGET_METHODS = JSON.parse(d.budgetMethods);
  var CAP_METHODS = JSON.parse(d.capMethods);

  root.classList.add("js-on");

  var fill = R.fill, ref = R.ref;
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function cards() { return Array.prototype.slice.call(list.querySelectorAll("article.poll-card")); }
  function cardOf(id) { return document.getElementById("poll-" + id); }
  function number(value) {
    return Number(value).toLocaleString(lang === "en" ? "en-GB" : "id-ID",
      { maximumFractionDigits: 2 });
  }
  function json(node, name) {
    try { return JSON.parse(node.dataset[name] || "null"); } catch (e) { return null; }
  }

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
  function failed(err) {
    say(err && err.data && err.data.message ? err.data.message : d.msgFailed, "error");
  }

  /* -- A card's status ----------------------------------------------------------------------- */

  function applyStatus(card, status) {
    card.dataset.status = status;
    card.querySelectorAll("[data-show]").forEach(function (node) {
      node.hidden = node.dataset.show.split(" ").indexOf(status) < 0;
    });
    var badge = ref(card, "status");
    badge.dataset.status = status;
    badge.textContent = statuses[status] || status;
  }

  /* A poll object (API shape) → its card; unknown polls of this session are fetched.
     Results are fetched when the status changed (or always, with `withResults`). */
  function applyPoll(poll, withResults) {
    if (poll.session_id !== sessionId) return;
    var card = cardOf(poll.id);
    if (!card) { syncCards(); return; }
    var was = card.dataset.status;
    ref(card, "title").textContent = poll.title;
    card.dataset.closesAt = poll.closes_at || "";
    card.countdownAsked = false;
    var titles = json(card, "titles") || {};
    (poll.ideas || []).forEach(function (i) { titles[i.id] = i.title; });
    card.dataset.titles = JSON.stringify(titles);
    card.ideas = poll.ideas || card.ideas;
    applyStatus(card, poll.status);
    updateChoices(card);
    tick();
    if ((withResults === true || was !== poll.status) && poll.status !== "draft") {
      loadResults(card);
    }
  }

  /* -- Countdown of polls that close by themselves ---------------------------------------------- */

  function clockText(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var mm = (h ? String(m).padStart(2, "0") : String(m)) + ":" + String(sec).padStart(2, "0");
    return h ? h + ":" + mm : mm;
  }
  function tick() {
    cards().forEach(function (card) {
      var box = ref(card, "countdown");
      var closes = Date.parse(card.dataset.closesAt || "");
      if (card.dataset.status !== "open" || !closes) { box.hidden = true; return; }
      var left = closes - (Date.now() + clockOffset);
      box.hidden = false;
      box.textContent = left > 0 ? fill(d.countdown, { time: clockText(left) }) : d.closing;
      if (left <= -1500 && !card.countdownAsked) {
        // The server closes it on time; asking also closes it if its timer was lost.
        card.countdownAsked = true;
        R.api("GET", API + "/polls/" + card.dataset.id).then(function (poll) {
          applyPoll(poll);
        }).catch(function () {});
      }
    });
  }
  window.setInterval(tick, 1000);

  /* -- Results, turnout per OPD, who voted what --------------------------------------------------- */

  function renderResults(card, results) {
    if (card.dataset.status === "draft") return;
    R.renderResults(ref(card, "results"), results);
    card.ranks = {};
    results.items.forEach(function (i) { card.ranks[i.idea_id] = i; });
    renderOpd(card, results);
    updateChoices(card);
    if (card.dataset.named === "true") loadVotes(card);
  }

  function loadResults(card) {
    return R.api("GET", API + "/polls/" + card.dataset.id + "/results").then(function (results) {
      renderResults(card, results);
    }).catch(function () {});
  }

  function renderOpd(card, results) {
    var rows = (results.by_opd || []).map(function (o) {
      var tr = el("tr");
      tr.dataset.voted = o.voters ? "true" : "false";
      var th = el("th", "", o.opd_code);
      th.scope = "row";
      tr.append(th, el("td", "num", String(o.voters)), el("td", "num", String(o.eligible)));
      return tr;
    });
    var body = ref(card, "opd-rows");
    body.replaceChildren.apply(body, rows);
    var voted = (results.by_opd || []).filter(function (o) { return o.voters; }).length;
    ref(card, "opd-summary").textContent =
      fill(d.opdSummary, { voted: voted, total: (results.by_opd || []).length });
  }

  /* One ballot as short lines, the same the server writes (facilitator/polls.py ballot_lines). */
  function ballotLines(card, ballot) {
    var titles = json(card, "titles") || {};
    var method = card.dataset.method;
    function title(id) { return titles[id] || String(id); }
    if (method === "dots" || method === "points") {
      var alloc = ballot.allocations || {};
      return Object.keys(alloc).filter(function (k) { return alloc[k]; }).sort(function (a, b) {
        return alloc[b] - alloc[a] || Number(a) - Number(b);
      }).map(function (k) { return title(k) + ": " + number(alloc[k]); });
    }
    if (method === "ranking") {
      return (ballot.ranking || []).map(function (id, n) { return (n + 1) + ". " + title(id); });
    }
    if (method === "approval") return (ballot.approve || []).map(title);
    var labels = {};
    (json(card, "criteria") || []).forEach(function (c) { labels[c.key] = c.label; });
    var scores = ballot.scores || {};
    return Object.keys(scores).map(function (id) {
      return title(id) + ": " + Object.keys(scores[id]).map(function (k) {
        return (labels[k] || k) + " " + number(scores[id][k]);
      }).join(", ");
    });
  }

  /* Named polls: re-read the ballots after a results push (at most about once a second). */
  function loadVotes(card) {
    if (card.votesTimer) return;
    card.votesTimer = window.setTimeout(function () {
      R.api("GET", API + "/polls/" + card.dataset.id + "/ballots").then(function (data) {
        card.votesTimer = null;
        renderVotes(card, data.items);
      }).catch(function () { card.votesTimer = null; });
    }, 800);
  }

  function renderVotes(card, ballots) {
    var opdScope = card.dataset.scope === "opd";
    var rows = ballots.map(function (b) {
      return { name: opdScope ? "" : b.participant || "", opd: b.opd_code || "", ballot: b.ballot };
    }).sort(function (a, b) {
      return a.opd.toLowerCase().localeCompare(b.opd.toLowerCase()) ||
        a.name.toLowerCase().localeCompare(b.name.toLowerCase());
    }).map(function (v) {
      var tr = el("tr");
      var th = el("th");
      th.scope = "row";
      if (v.name) th.append(v.name + " ", el("span", "vote-opd", v.opd));
      else th.textContent = v.opd;
      var td = el("td");
      var lines = ballotLines(card, v.ballot);
      if (lines.length) {
        var ul = el("ul", "vote-lines");
        lines.forEach(function (line) { ul.append(el("li", "", line)); });
        td.append(ul);
      } else {
        td.textContent = "—";
      }
      tr.append(th, td);
      return tr;
    });
    var body = ref(card, "votes-rows");
    body.replaceChildren.apply(body, rows);
    ref(card, "votes-count").textContent = String(rows.length);
  }

  /* -- Decisions ---------------------------------------------------------------------------------- */

  /* The proposals to decide on, best first once there are results (keeps the choice). */
  function updateChoices(card) {
    var select = ref(card, "choices");
    if (!select) return;
    var ranks = card.ranks || {};
    var ideas = card.ideas;
    if (!ideas) {
      ideas = Array.prototype.slice.call(select.options).filter(function (o) { return o.value; })
        .map(function (o) {
          return { id: Number(o.value), title: o.dataset.title, dimension: o.dataset.dimension };
        });
      card.ideas = ideas;
    }
    var chosen = select.value;
    var ordered = ideas.slice().sort(function (a, b) {
      var ra = ranks[a.id] ? ranks[a.id].rank : 0, rb = ranks[b.id] ? ranks[b.id].rank : 0;
      return ra - rb;
    });
    var options = [select.options[0]];
    ordered.forEach(function (i) {
      var r = ranks[i.id];
      var dim = i.dimension ? " (" + (dimensionNames[i.dimension] || i.dimension) + ")" : "";
      var option = el("option", "", (r ? r.rank + (r.tied ? "=" : "") + ". " : "") + i.title + dim);
      option.value = i.id;
      option.dataset.title = i.title;
      option.dataset.dimension = i.dimension || "";
      options.push(option);
    });
    select.replaceChildren.apply(select, options);
    select.value = chosen;
  }

  function decisionItem(card, decision) {
    var titles = json(card, "titles") || {};
    var li = el("li");
    li.dataset.id = decision.id;
    li.append(el("strong", "", decision.label || d.decision), ": ",
      el("span", "", decision.title || titles[decision.idea_id] || String(decision.idea_id)), " ",
      el("span", "decision-reason", decision.reason));
    return li;
  }

  function renderDecisions(card, decisions) {
    var box = ref(card, "decisions");
    box.replaceChildren.apply(box, decisions.map(function (x) { return decisionItem(card, x); }));
    ref(card, "no-decisions").hidden = decisions.length > 0;
  }

  function loadDecisions(card) {
    return R.api("GET", API + "/polls/" + card.dataset.id + "/decisions").then(function (data) {
      renderDecisions(card, data.items);
    }).catch(function () {});
  }

  /* -- New cards from the page's own HTML ----------------------------------------------------- */

  var syncing = null;

  var again = null;
  function syncCards() {
    // A sync already under way may have fetched the page before the poll we just heard of
    // existed: run once more after it, instead of trusting its answer.
    if (syncing) {
      if (!again) again = syncing.then(function () { again = null; return syncCards(); });
      return again;
    }
    syncing = fetch(window.location.pathname, {
      credentials: "same-origin", headers: { "Accept": "text/html" }
    }).then(function (res) { return res.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("poll-cards");
      if (!fresh) return [];
      var added = [];
      Array.prototype.forEach.call(fresh.children, function (node, n) {
        if (document.getElementById(node.id)) return;
        var card = document.importNode(node, true);
        list.insertBefore(card, list.children[n] || null);
        added.push(card);
        if (card.dataset.status !== "draft") loadResults(card);
      });
      document.getElementById("polls-empty").hidden = list.children.length > 0;
      tick();
      return added;
    }).finally(function () { syncing = null; });
    return syncing;
  }

  /* After a (re)connect: new cards, then every card's status, results and decisions. */
  function refreshAll() {
    syncCards().then(function () {
      cards().forEach(function (card) {
        R.api("GET", API + "/polls/" + card.dataset.id).then(function (poll) {
          applyPoll(poll, true);
        }).catch(function () {});
        loadDecisions(card);
      });
    }).catch(function () {});
  }

  /* -- Field errors --------------------------------------------------------------------------- */

  /* dom.js's helpers, with this page's message ids: "<input id>-error", the same the server
     writes beside the fields of a refused no-JavaScript post (so both kinds are cleared). */
  function describedBy(form, id, replacement) {
    form.querySelectorAll('[aria-describedby~="' + id + '"]').forEach(function (input) {
      var ids = input.getAttribute("aria-describedby").split(" ").map(function (x) {
        return x === id ? replacement : x;
      }).filter(Boolean);
      if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
      else input.removeAttribute("aria-describedby");
    });
  }

  function clearErrors(form) {
    form.querySelectorAll("p.error:not([data-error-for])").forEach(function (p) {
      if (p.id) describedBy(form, p.id, null);
      p.remove();
    });
    R.clearErrors(form);
  }

  /* The API's error.fields next to their fields; the first one gets the focus. */
  function showErrors(form, fields) {
    var unplaced = R.showErrors(form, fields, { prefix: form.dataset.prefix || "" });
    form.querySelectorAll("p.error[data-js]").forEach(function (p) {
      var id = p.id.replace(/-jserror$/, "-error");
      describedBy(form, p.id, id);
      p.id = id;
    });
    if (unplaced.length) say(unplaced.join(" "), "error");
  }

  function send(form, method, url, body) {
    clearErrors(form);
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    return R.api(method, url, body).catch(function (err) {
      if (err.status === 422 && err.data && err.data.fields) showErrors(form, err.data.fields);
      else failed(err);
      throw err;
    }).finally(function () {
      if (button) button.disabled = false;
    });
  }

  /* -- The create form ------------------------------------------------------------------------ */

  var methodSelect = createForm.querySelector('[name="new-method"]');
  var budgetInput = createForm.querySelector('[name="new-budget"]');
  var budgetLabel = ref(createForm, "budget-label");
  var budgetTouched = createForm.dataset.submitted === "true";
  var criteriaRows = ref(createForm, "criteria-rows");
  var addCriterion = createForm.querySelector('[data-action="add-criterion"]');

  function methodChanged() {
    var method = methodSelect.value;
    createForm.querySelectorAll("[data-for-methods]").forEach(function (node) {
      node.hidden = node.dataset.forMethods.split(" ").indexOf(method) < 0;
    });
    budgetLabel.textContent = budgetLabel.dataset[method] || budgetLabel.textContent;
    if (!budgetTouched) {
      budgetInput.value = Object.prototype.hasOwnProperty.call(defaults, method) ? defaults[method] : "";
    }
  }
  methodSelect.addEventListener("change", methodChanged);
  budgetInput.addEventListener("input", function () { budgetTouched = true; });

  function chosenCount() {
    ref(createForm, "chosen-count").textContent =
      String(createForm.querySelectorAll('[name="new-idea_ids"]:checked').length);
  }
  createForm.addEventListener("change", function (e) {
    if (e.target.name === "new-idea_ids") chosenCount();
  });

  /* Criteria rows: add and remove (JavaScript only; without it, blank rows add and a cleared
     label removes). Labels are renumbered so every input keeps a clear name. */
  function renumber() {
    Array.prototype.forEach.call(criteriaRows.rows, function (row, n) {
      row.querySelectorAll("input").forEach(function (input) {
        input.name = "new-criteria-" + n + "-" + input.dataset.part;
        if (input.type !== "hidden") input.id = input.name;
      });
      row.querySelectorAll("label").forEach(function (label) {
        var part = label.htmlFor.replace(/^.*-/, "");
        label.htmlFor = "new-criteria-" + n + "-" + part;
        label.textContent = fill(part === "label" ? addCriterion.dataset.label :
          addCriterion.dataset.weightLabel, { n: n + 1 });
      });
      var remove = row.querySelector('[data-action="remove-criterion"]');
      remove.setAttribute("aria-label", fill(addCriterion.dataset.removeLabel, { n: n + 1 }));
    });
  }
  function newRow() {
    var row = criteriaRows.rows[0].cloneNode(true);
    row.querySelectorAll("input").forEach(function (input) {
      input.value = input.dataset.part === "weight" ? "1" : "";
      input.removeAttribute("aria-invalid");
    });
    return row;
  }
  createForm.querySelectorAll(".js-only").forEach(function (node) { node.hidden = false; });
  Array.prototype.slice.call(criteriaRows.rows).forEach(function (row) {
    if (!row.querySelector('[data-part="label"]').value && criteriaRows.rows.length > 1) row.remove();
  });
  renumber();
  addCriterion.addEventListener("click", function () {
    var row = newRow();
    criteriaRows.append(row);
    renumber();
    row.querySelector('[data-part="label"]').focus();
  });
  criteriaRows.addEventListener("click", function (e) {
    var button = e.target.closest('[data-action="remove-criterion"]');
    if (!button) return;
    var row = button.closest("tr");
    var next = row.nextElementSibling || row.previousElementSibling;
    if (criteriaRows.rows.length === 1) criteriaRows.append(newRow());
    row.remove();
    renumber();
    (next && document.contains(next) ? next : criteriaRows.rows[0])
      .querySelector('[data-part="label"]').focus();
  });

  function slug(label, taken) {
    var base = label.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 30) || "c";
    if (!/^[a-z]/.test(base)) base = "c_" + base;
    var key = base, n = 2;
    while (taken[key]) { key = base + "_" + n; n += 1; }
    return key;
  }

  function criteriaBody() {
    var rows = Array.prototype.map.call(criteriaRows.rows, function (row) {
      function part(name) { return row.querySelector('[data-part="' + name + '"]').value.trim(); }
      return { key: part("key"), label: part("label"), weight: part("weight") };
    }).filter(function (c) { return c.label; });
    var taken = {};
    rows.forEach(function (c) { if (c.key) taken[c.key] = true; });
    return rows.map(function (c) {
      var key = c.key || slug(c.label, taken);
      taken[key] = true;
      var weight = c.weight === "" ? 1 : Number(c.weight.replace(",", "."));
      return { key: key, label: c.label, weight: isNaN(weight) ? c.weight : weight };
    });
  }

  function createBody() {
    var f = createForm;
    function value(name) { return f.querySelector('[name="new-' + name + '"]').value.trim(); }
    var method = methodSelect.value;
    var body = {
      title: value("title"),
      method: method,
      anonymous: f.querySelector('[name="new-anonymous"]').checked,
      results: value("results"),
      ballot_scope: value("ballot_scope"),
      idea_ids: Array.prototype.map.call(f.querySelectorAll('[name="new-idea_ids"]:checked'),
        function (box) { return Number(box.value); })
    };
    if (BUDGET_METHODS.indexOf(method) >= 0 && value("budget") !== "") {
      body.budget = /^\d+$/.test(value("budget")) ? Number(value("budget")) : value("budget");
    }
    if (CAP_METHODS.indexOf(method) >= 0 && value("max_per_item") !== "") {
      body.max_per_item = /^\d+$/.test(value("max_per_item")) ?
        Number(value("max_per_item")) : value("max_per_item");
    }
    if (method === "scores") body.criteria = criteriaBody();
    return body;
  }

  createForm.addEventListener("submit", function (e) {
    e.preventDefault();
    send(createForm, "POST", API + "/sessions/" + sessionId + "/polls", createBody()).then(function (poll) {
      say(fill(d.msgCreated, { title: poll.title }));
      createForm.querySelector('[name="new-title"]').value = createForm.dataset.defaultTitle;
      return syncCards().then(function () {
        var card = cardOf(poll.id);
        if (card) {
          card.scrollIntoView({ block: "start" });
          ref(card, "title").focus({ preventScroll: true });
        }
      });
    }).catch(function () {});
  });

  /* -- Open, close, decide -------------------------------------------------------------------- */

  root.addEventListener("submit", function (e) {
    var form = e.target;
    var card = form.closest("article.poll-card");
    if (!card) return;
    var action = form.dataset.action;
    var id = card.dataset.id;
    e.preventDefault();
    if (action === "open") {
      var minutes = form.querySelector('input[type="number"]').value.trim();
      var body = {};
      if (minutes !== "") body.duration_seconds = /^\d+$/.test(minutes) ? Number(minutes) * 60 : minutes;
      send(form, "POST", API + "/polls/" + id + "/open", body).then(function (poll) {
        form.reset();
        applyPoll(poll);
        say(fill(d.msgOpened, { title: poll.title }));
        card.querySelector('[data-action="close"] button').focus();
      }).catch(function () {});
    } else if (action === "close") {
      send(form, "POST", API + "/polls/" + id + "/close").then(function (poll) {
        applyPoll(poll);
        say(fill(d.msgClosed, { title: poll.title }));
        ref(card, "title").focus();
      }).catch(function () {});
    } else if (action === "decide") {
      var prefix = form.dataset.prefix;
      function value(name) { return form.querySelector('[name="' + prefix + name + '"]').value.trim(); }
      var decision = { idea_id: value("idea_id") === "" ? null : Number(value("idea_id")),
        label: value("label"), reason: value("reason") };
      send(form, "POST", API + "/polls/" + id + "/decisions", decision).then(function (saved) {
        form.reset();
        say(d.msgDecided);
        return loadDecisions(card);
      }).catch(function () {});
    }
  });

  /* -- Start ---------------------------------------------------------------------------------- */

  methodChanged();
  chosenCount();
  cards().forEach(function (card) { updateChoices(card); });
  tick();

  R.connect({
    auth: { workshop_id: d.workshopId },
    onSync: refreshAll,
    on: {
      poll_opened: function (poll) { applyPoll(poll); },
      poll_closed: function (poll) { applyPoll(poll); },
      poll_updated: function (poll) { applyPoll(poll); },
      results: function (results) {
        var card = cardOf(results.poll_id);
        if (card) renderResults(card, results);
      }
    }
  });
})();
