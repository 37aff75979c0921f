/* Facilitator's polls page. The page's forms work without JavaScript (they post to the page
   routes); here they go to the JSON API instead and the page updates in place:
   - results pushes redraw the bars (or the matrix), the per-OPD turnout and, for named polls,
     the "who voted what" table, without a reload;
   - poll_opened / poll_closed / poll_updated (also from another facilitator) change a card's
     status; a poll the page has not seen yet is taken from this page's own HTML;
   - after every (re)connect everything is fetched again over HTTP.
   Parts of a card carry data-show="<statuses>"; applyStatus() shows the ones that belong.
   The create form is static/js/poll-form.js. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var root = document.getElementById("polls");
  if (!root) return;
  var d = root.dataset;
  var API = "/api/v1";
  var sessionId = Number(d.sessionId);
  var statuses = JSON.parse(d.statuses);
  var list = document.getElementById("poll-cards");
  var message = document.getElementById("polls-message");
  var lang = document.documentElement.lang;
  var dimensionNames = JSON.parse(d.dimensions || "{}");
  // Server clock minus this device's clock, so the countdown matches the server's timer.
  var clockOffset = (Date.parse(d.serverNow) || Date.now()) - Date.now();

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
    // Anonymous polls: no per-OPD turnout while open, after close only OPDs of 3+ voters.
    ref(card, "opd-summary").textContent = results.anonymous ? d.opdAnonymous :
      fill(d.opdSummary, { voted: voted, total: (results.by_opd || []).length });
  }

  /* One ballot as short lines, the same the server writes (each poll method's ballot_lines;
     tests/test_poll_methods.py runs both). */
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

  cards().forEach(function (card) { updateChoices(card); });
  tick();

  var handlers = {};
  handlers[R.EVENTS.POLL_OPENED] = function (poll) { applyPoll(poll); };
  handlers[R.EVENTS.POLL_CLOSED] = function (poll) { applyPoll(poll); };
  handlers[R.EVENTS.POLL_UPDATED] = function (poll) { applyPoll(poll); };
  handlers[R.EVENTS.RESULTS] = function (results) {
    var card = cardOf(results.poll_id);
    if (card) renderResults(card, results);
  };
  R.connect({ auth: { workshop_id: d.workshopId }, onSync: refreshAll, on: handlers });

  // For the create form (static/js/poll-form.js, loaded after this script).
  R.pollsPage = { send: send, say: say, syncCards: syncCards, cardOf: cardOf };
})();
