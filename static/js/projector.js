/* The projector: follows the display state chosen by facilitators, recovers by itself.
   Reads with the projector key as a bearer token; never writes. */
(function () {
  "use strict";
  /* "Tahap II" reads "Stage II" on an English projector (the twin of templating.stage_label). */
  function stageLabel(stage) {
    return document.documentElement.lang === "en"
      ? stage.replace(/^Tahap(\s+)(IV|I{1,3})\b/, "Stage$1$2") : stage;
  }
  var R = window.Rembuk;
  var body = document.body;
  var key = body.dataset.key;
  var workshopId = body.dataset.workshopId;
  var dims = JSON.parse(body.dataset.dimensions || "{}");
  /* Colour never carries a dimension alone: bars and wall cards also say its short name
     ("Tata Kelola", "Governance": the shared "Cerdas"/"Smart" dropped). */
  var shortDims = {};
  Object.keys(dims).forEach(function (k) {
    var short = String(dims[k]).replace(/^\s*smart\s+|\s+cerdas\s*$/i, "").trim();
    shortDims[k] = short || dims[k];
  });
  var lang = document.documentElement.lang;
  var state = { view: null, session_id: null, poll_id: null, text: "", sound: false };
  document.getElementById("results").dataset.dimensions = JSON.stringify(shortDims);
  var timer = { ends_at: null, remaining: 0, running: false };
  var clockOffset = 0;  // server time − local time, in ms
  var retry = null;
  var cardTemplate = document.getElementById("wall-card-template");
  var sheets = R.projectorWorksheets({ api: function (p) { return api(p); }, el: el, lang: lang });
  var asked = R.projectorQuestions({ api: function (p) { return api(p); }, el: el });
  var dashboard = R.projectorDashboard();

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function api(path) {
    return fetch("/api/v1" + path, {
      credentials: "omit",
      headers: { "Authorization": "Bearer " + key, "Accept": "application/json" }
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) { var e = new Error("HTTP " + res.status); e.status = res.status; throw e; }
        return data;
      });
    });
  }
  function setDot(s) { var d = $("conn-status"); d.dataset.state = s; d.textContent = d.dataset[s] || s; }

  function show(view) {
    document.querySelectorAll(".view").forEach(function (v) { v.hidden = v.dataset.view !== view; });
  }

  /* ---- join ---- */
  function renderJoin() {
    return api("/workshops/" + workshopId).then(function (w) {
      $("join-title").textContent = w.title;
      $("join-code").textContent = w.code.slice(0, 3) + "\u202f" + w.code.slice(3);
      $("join-qr").src = "/qr/" + encodeURIComponent(w.code) + ".svg?v=" + w.code;
    });
  }

  /* ---- wall ---- */
  function renderIdeas() {
    if (!state.session_id) { show(null); return Promise.resolve(); }
    var sessionId = state.session_id;
    return api("/sessions/" + sessionId).then(function (session) {
      // A worksheet session shows its own view (projector-worksheets.js), chosen by purpose.
      if (session.kind === "worksheet") {
        asked.stop();
        show("worksheet");
        return sheets.render(session);
      }
      sheets.stop();
      // Questions to a speaker: the top questions (projector-questions.js).
      if (session.kind === "qa") {
        show("questions");
        return asked.render(session);
      }
      asked.stop();
      show("ideas");
      return api("/sessions/" + sessionId + "/ideas").then(function (data) {
        return [session, data];
      });
    }).then(function (res) {
      if (!res) return;
      var session = res[0], data = res[1];
      $("ideas-title").textContent = session.title;
      $("ideas-count").textContent = R.fill($("ideas-count").dataset.template, { n: data.items.length });
      var wall = $("wall");
      var groups = {};
      var order = Object.keys(dims);
      data.items.forEach(function (idea) {
        (groups[idea.dimension] = groups[idea.dimension] || []).push(idea);
      });
      var parts = [];
      order.concat(Object.keys(groups).filter(function (k) { return order.indexOf(k) < 0; }))
        .forEach(function (dim) {
          if (!groups[dim]) return;
          var group = el("section", "wall-group");
          group.dataset.dimension = dim;
          group.append(el("h2", "", (dims[dim] || dim) + " (" + groups[dim].length + ")"));
          groups[dim].forEach(function (idea) {
            var card = R.ideaCard.clone(cardTemplate, idea.id);
            card.dataset.dimension = dim;
            R.ideaCard.text(card.querySelector(".card-title"), idea.title);
            var meta = [];
            if (idea.opd_code) meta.push(idea.opd_code);
            if (idea.author && idea.author.name) meta.push(idea.author.name);
            R.ideaCard.text(card.querySelector(".card-meta"), meta.join(" · "), "remove");
            if (dims[dim]) {
              var tag = el("span", "card-dim", shortDims[dim]);
              tag.dataset.dimension = dim;
              card.prepend(tag);
            }
            group.append(card);
          });
          parts.push(group);
        });
      if (!parts.length) parts.push(el("p", "empty", wall.dataset.empty));
      wall.replaceChildren.apply(wall, parts);
      scrollWall();
    });
  }
  function scrollWall() {
    var wall = $("wall"), box = $("wall-scroll");
    wall.classList.remove("scrolling");
    var overflow = wall.scrollHeight - box.clientHeight;
    if (overflow > 8) {
      wall.style.setProperty("--scroll-distance", (-overflow) + "px");
      wall.style.setProperty("--scroll-seconds", Math.max(15, overflow / 25) + "s");
      wall.classList.add("scrolling");
    }
  }

  /* ---- results ---- */
  function renderResults(data) {
    var box = $("results");
    if (data) {
      if (String(data.poll_id) !== String(state.poll_id)) return Promise.resolve();
      $("results-title").textContent = data.title || "";
      draw(box, data);
      layoutResults();
      return Promise.resolve();
    }
    if (!state.poll_id) return Promise.resolve();
    stopPager();
    pageStart = 0;
    /* An answer for a poll the screen has since left (a newer display push) is dropped. */
    var pollId = String(state.poll_id);
    function stale() { return state.view !== "results" || String(state.poll_id) !== pollId; }
    return api("/polls/" + pollId).catch(function (err) {
      // A draft poll is not public yet: say so, and wait for poll_opened.
      if (err.status === 404) {
        if (stale()) return null;
        $("results-title").textContent = "";
        box.replaceChildren(el("p", "empty", box.dataset.notOpen));
        layoutResults();
        return null;
      }
      throw err;
    }).then(function (poll) {
      if (!poll || stale()) return;
      $("results-title").textContent = poll.title;
      return api("/polls/" + pollId + "/results").then(function (r) {
        if (stale()) return;
        draw(box, r);
        layoutResults();
      }, function (err) {
        if (err.status === 403) {
          if (stale()) return;
          box.replaceChildren(el("p", "empty", box.dataset.hidden));
          layoutResults();
        } else { throw err; }
      });
    });
  }

  /* ---- results are always whole (issue 16, item 1) ----
     Never a clipped row, never a silently dropped one. The facilitator chooses the mode
     on the console (display state `results_mode`, `top_n`); `?results=fit|page|top&top=N` on
     one projector's URL overrides it for that screen:
     - fit (default): rows shrink, then go two columns, down to the legible floor
       (max(20 px, 2.22 vh): 24 px at 1080p, 20 px at 720p, the same height on the wall);
       when even that cannot hold every row it pages, as below;
     - page: comfortable rows, a new page every PAGE_MS, with "1–10 dari 28" on screen;
     - top: the first N rows (fitted as above) and "+18 lainnya" for the rest. */
  var PAGE_MS = 8000;
  var params = new URLSearchParams(window.location.search);
  var pageStart = 0, pager = null;
  function resultsMode() {
    var m = params.get("results") || state.results_mode || "fit";  /* this screen's URL wins */
    return ["fit", "page", "top"].indexOf(m) >= 0 ? m : "fit";
  }
  function topN() {
    var n = parseInt(params.get("top") || state.top_n || "10", 10);
    return n > 0 ? n : 10;
  }
  function stopPager() { clearInterval(pager); pager = null; }
  /* Draw the results; the matrix takes the shape of the space it has (about half the
     width for the plot, the rest for its numbered legend): drawn once more if that changed. */
  function draw(box, results) {
    R.renderResults(box, results);
    var wrap = box.querySelector(".scatter-wrap");
    if (!wrap || !wrap.clientHeight) return;
    var want = (wrap.clientWidth * 0.52 / wrap.clientHeight).toFixed(2);
    if (want !== box.dataset.scatterAspect) {
      box.dataset.scatterAspect = want;
      R.renderResults(box, results);
    }
  }
  /* The matrix's legend: smaller, then two columns, then "+n lainnya" for what cannot fit. */
  function layoutLegend(box, note) {
    var legend = box.querySelector(".scatter-legend");
    if (!legend) return;
    var items = Array.prototype.slice.call(legend.children);
    items.forEach(function (li) { li.hidden = false; });
    var big = Math.max(28, window.innerHeight * 0.034);
    var small = Math.max(20, window.innerHeight * 0.0222);
    function fits() { return legend.scrollHeight <= legend.clientHeight + 1 && legend.scrollWidth <= legend.clientWidth + 1; }
    for (var cols = 1; cols <= 2; cols++) {
      legend.style.columnCount = cols;
      for (var f = big; f >= small - 0.01; f -= 2) {
        legend.style.fontSize = Math.floor(Math.max(f, small)) + "px";
        if (fits()) return;
      }
    }
    note.textContent = R.fill(note.dataset.rest, { n: 0 });
    note.hidden = false;
    var hidden = 0;
    for (var i = items.length - 1; i > 0 && !fits(); i--) {
      items[i].hidden = true;
      hidden += 1;
      note.textContent = R.fill(note.dataset.rest, { n: hidden });
    }
  }
  function layoutResults() {
    var box = $("results"), note = $("results-more");
    var list = box.querySelector(":scope > ol.result-bars");
    note.hidden = true;
    note.textContent = "";
    if (!list) { stopPager(); pageStart = 0; layoutLegend(box, note); return; }
    var rows = Array.prototype.slice.call(list.children);
    var total = rows.length, mode = resultsMode();
    var shown = mode === "top" ? Math.min(total, topN()) : total;
    var big = Math.max(28, window.innerHeight * 0.034);
    var small = Math.max(20, window.innerHeight * 0.0222);
    var rest = total - shown;
    function setNote(from, to, paging) {
      var parts = [];
      if (paging || from > 1 || to < shown) {
        parts.push(R.fill(note.dataset.range, { from: from, to: to, total: shown }));
      }
      if (rest > 0) parts.push(R.fill(note.dataset.rest, { n: rest }));
      note.textContent = parts.join(" · ");
      note.hidden = !parts.length;
    }
    function showRange(from, to) {
      rows.forEach(function (r, i) { r.hidden = i < from || i >= to; });
    }
    function setLayout(font, cols, count) {
      list.style.setProperty("--row-font", Math.floor(font) + "px");
      list.classList.toggle("two-col", cols === 2);
      list.style.gridTemplateRows = cols === 2 ? "repeat(" + Math.ceil(count / 2) + ", auto)" : "";
    }
    function fits() {
      var limit = box.getBoundingClientRect();
      return rows.every(function (r) {
        if (r.hidden) return true;
        var b = r.getBoundingClientRect();
        return b.bottom <= limit.bottom + 0.5 && b.right <= limit.right + 0.5;
      });
    }
    setNote(1, shown);
    showRange(0, shown);
    if (mode !== "page") {
      var layouts = [];
      [1, 2].forEach(function (cols) {
        if (cols === 2 && (shown < 8 || window.innerWidth < 1000)) return;
        for (var f = big; f >= small; f -= 2) layouts.push([f, cols]);
        layouts.push([small, cols]);
      });
      for (var i = 0; i < layouts.length; i++) {
        setLayout(layouts[i][0], layouts[i][1], shown);
        if (fits()) { stopPager(); pageStart = 0; return; }
      }
    }
    // Paging: as many whole rows as the screen holds from pageStart, the rest on later pages.
    var dense = mode !== "page";
    if (pageStart >= shown) pageStart = 0;
    var end = pageFrom(pageStart);
    function pageFrom(start) {
      var count = shown - start;
      setLayout(dense ? small : big, dense && window.innerWidth >= 1000 ? 2 : 1, count);
      showRange(start, shown);
      setNote(start + 1, shown, true);  // the note takes its line before rows are measured
      var stop = shown;
      while (stop > start + 1 && !fits()) {
        stop -= 1;
        setLayout(dense ? small : big, dense && window.innerWidth >= 1000 ? 2 : 1, stop - start);
        showRange(start, stop);
      }
      setNote(start + 1, stop);
      return stop;
    }
    if (!pager) {
      pager = setInterval(function () {
        if (state.view !== "results") { stopPager(); return; }
        pageStart = end >= shown ? 0 : end;
        layoutResults();
      }, PAGE_MS);
    }
  }

  /* ---- timer ---- */
  var tick = null;
  var beeped = false;
  function remaining() {
    if (!timer.running || !timer.ends_at) return timer.remaining || 0;
    return Math.max(0, (Date.parse(timer.ends_at) - (Date.now() + clockOffset)) / 1000);
  }
  function drawTimer() {
    var left = Math.ceil(remaining());
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    var digits = $("timer-digits");
    var text = (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s < 10 ? "0" : "") + s;
    if (digits.textContent !== text) {
      digits.textContent = text;
      // Monospace digits are ~0.6 em wide: fill the width without ever overflowing it.
      var size = Math.min(window.innerHeight * 0.62, window.innerWidth * 0.9 / (text.length * 0.62));
      digits.style.fontSize = Math.floor(size) + "px";
    }
    digits.classList.toggle("warn", left > 0 && left <= 60);
    digits.classList.toggle("done", left === 0 && (timer.duration || 0) > 0);
    digits.classList.toggle("paused", !timer.running && left > 0);
    if (left === 0 && timer.running && state.sound && !beeped) { beeped = true; beep(); }
  }
  function beep() {
    try {
      var ctx = new (window.AudioContext || window.webkitAudioContext)();
      var osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.6);
    } catch (e) { /* no audio device: the red digits say it */ }
  }
  function setTimer(t) {
    timer = t;
    beeped = false;
    if (t.server_time) clockOffset = Date.parse(t.server_time) - Date.now();
    if (!tick) tick = setInterval(drawTimer, 250);
    drawTimer();
  }
  function loadTimer() { return api("/workshops/" + workshopId + "/timer").then(setTimer); }

  /* ---- agenda of the day ---- */
  function renderAgenda() {
    return api("/workshops/" + workshopId + "/days").then(function (data) {
      var today = new Date();
      var iso = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" +
        String(today.getDate()).padStart(2, "0");
      var days = data.items;
      var day = days.filter(function (d) { return d.date === iso; })[0] ||
        days.filter(function (d) { return d.sessions.some(function (s) { return s.status === "open"; }); })[0] ||
        days[0];
      var list = $("agenda-list");
      if (!day) { list.replaceChildren(el("li", "", list.dataset.none)); return; }
      var title = $("agenda-title");
      title.textContent = R.fill(title.dataset.template, { n: day.number }) +
        (day.stage ? " · " + stageLabel(day.stage) : "");
      var items = day.sessions.map(function (s) {
        var li = el("li", s.status);
        var slot = lang === "id" ? s.starts_at.replace(":", ".") + "–" + s.ends_at.replace(":", ".")
          : s.starts_at + "–" + s.ends_at;
        li.append(el("span", "slot", slot), el("span", "title", s.title));
        if (s.status === "open") li.append(el("span", "now", list.dataset.open));
        return li;
      });
      if (!items.length) items = [el("li", "", list.dataset.none)];
      list.replaceChildren.apply(list, items);
    });
  }

  function renderMessage() { $("message-text").textContent = state.text || ""; return Promise.resolve(); }

  var renderers = {
    join: renderJoin, ideas: renderIdeas, results: function () { return renderResults(); },
    timer: loadTimer, agenda: renderAgenda, message: renderMessage,
    dashboard: function () { return dashboard.render(); }
  };

  function render() {
    // The wall picks its own view (ideas, worksheet or questions) once it knows the session's
    // kind; until then the screen keeps what it shows, so a repeated `display` push never blanks
    // the projector for the length of a fetch.
    if (state.view !== "ideas") { sheets.stop(); asked.stop(); show(state.view); }
    var run = renderers[state.view] || renderJoin;
    return run().catch(function () { scheduleRetry(); });
  }
  function scheduleRetry() {
    if (retry) return;
    retry = setTimeout(function () { retry = null; sync(); }, 3000);
  }
  /* Fetch what the screen shows. A `display` push that arrives while a fetch is in flight is
     newer than that fetch's answer: the answer is dropped and the state fetched again, so a
     switch made while the projector (re)connects is never lost (issue 16, item 11). */
  var syncing = false, pushedDuringSync = false;
  function sync() {
    if (syncing) { pushedDuringSync = true; return Promise.resolve(); }
    syncing = true;
    pushedDuringSync = false;
    return api("/workshops/" + workshopId + "/display").then(function (d) {
      syncing = false;
      if (pushedDuringSync) return sync();
      state = d;
      loadTimer().catch(function () {});
      return render();
    }).catch(function () { syncing = false; scheduleRetry(); });
  }

  var refreshWall = null;
  function wallChanged() {
    if (state.view !== "ideas") return;
    clearTimeout(refreshWall);
    refreshWall = setTimeout(renderIdeas, 300);
  }

  var socket = io({
    transports: ["websocket", "polling"],
    reconnectionDelayMax: 2000,
    auth: { projector: key }
  });
  socket.on("connect", function () { setDot("connected"); sync(); });
  socket.on("disconnect", function () { setDot("reconnecting"); });
  socket.on("connect_error", function () { setDot(socket.active ? "reconnecting" : "refused"); if (!socket.active) setTimeout(function () { socket.connect(); }, 5000); });
  socket.on(R.EVENTS.DISPLAY, function (d) {
    if (syncing) pushedDuringSync = true;
    state = d;
    render();
  });
  socket.on(R.EVENTS.TIMER, setTimer);
  socket.on(R.EVENTS.RESULTS, function (r) { if (state.view === "results") renderResults(r); });
  socket.on(R.EVENTS.POLL_OPENED, function (p) {
    if (state.view === "results" && String(p.id) === String(state.poll_id)) renderResults();
  });
  socket.on(R.EVENTS.POLL_CLOSED, function (p) {
    if (state.view === "results" && String(p.id) === String(state.poll_id)) renderResults();
  });
  // Proposals arrive in batches (ideas_created …); one redraw per push.
  [R.EVENTS.IDEA_CREATED, R.EVENTS.IDEA_UPDATED, R.EVENTS.IDEA_REMOVED].forEach(function (name) {
    R.onItems(socket, name, function () {}, wallChanged);
  });
  // Worksheet entries, one at a time or in batches ({"items": [...]}).
  [R.EVENTS.ENTRY_CREATED, R.EVENTS.ENTRY_UPDATED, R.EVENTS.ENTRY_REMOVED,
    R.EVENTS.ENTRIES_CREATED, R.EVENTS.ENTRIES_UPDATED, R.EVENTS.ENTRIES_REMOVED,
    R.EVENTS.READINESS_ITEMS_UPDATED
  ].filter(Boolean).forEach(function (name) {
    socket.on(name, function () { if (state.view === "ideas") sheets.changed(); });
  });
  // Questions to a speaker (batched for the hall like proposals); one fetch per burst.
  [R.EVENTS.QUESTION_CREATED, R.EVENTS.QUESTION_UPDATED].forEach(function (name) {
    R.onItems(socket, name, function () {}, function () {
      if (state.view === "ideas") asked.changed();
    });
  });
  socket.on(R.EVENTS.SESSION_UPDATED, function () {
    if (state.view === "agenda") renderAgenda();
    if (state.view === "ideas") wallChanged();
  });
  socket.on(R.EVENTS.WORKSHOP_UPDATED, function () { if (state.view === "join") renderJoin(); });
  // Progress reports (issue 17) redraw the monitoring dashboard.
  if (R.EVENTS.PROGRESS_REPORTED) {
    socket.on(R.EVENTS.PROGRESS_REPORTED, function () { if (state.view === "dashboard") dashboard.render(); });
  }
  window.addEventListener("resize", function () {
    if (state.view === "ideas") { scrollWall(); sheets.layout(); asked.layout(); }
    if (state.view === "results") layoutResults();
    if (state.view === "dashboard") dashboard.layout();
  });
  setDot("reconnecting");
})();
