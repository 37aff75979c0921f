/* The projector's worksheet views (issue 14): when the screen shows a worksheet session
   (display view "ideas" with a session whose kind is "worksheet"), projector.js hands it here
   and this module draws, by the session's purpose:
   - readiness: a heat map, aspect × item rows, one cell per rating (Baik / Sedang / Kurang)
     with the share written in ("45%") and the count of answers: the words carry it, the shade
     only repeats it;
   - swot: four quadrants (S W O T), growing live; text shrinks to the legibility floor, then each
     quadrant pages on its own ("1–8 dari 20");
   - vision: a word cloud as a flow of words (no library: a centred wrap of words, each sized by
     its count, so no word can overlap another); sizes shrink together to fit, never below the
     floor; whatever still does not fit is counted ("+5 kata lainnya").
   Any other purpose shows the session's entries as a plain list (fitted the same way).

   R.projectorWorksheets({api, el, lang}) → {render(session), refresh(), layout(), stop()}.
   It only reads (GET with the projector key), like the rest of the projector. */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});
  var PAGE_MS = 8000;
  var RATINGS = ["baik", "sedang", "kurang"];
  var QUADRANTS = ["S", "W", "O", "T"];

  function $(id) { return document.getElementById(id); }
  /* The legibility floor the results use: 24 px at 1080p, 20 px at 720p. */
  function floorPx() { return Math.ceil(Math.max(20, window.innerHeight * 0.0222)); }
  function bigPx() { return Math.max(28, window.innerHeight * 0.034); }
  function pct(n, total) { return total ? Math.round((100 * n) / total) : 0; }
  function labelOf(thing, lang) {
    if (!thing) return "";
    if (thing.label) return thing.label;
    if (lang === "id") return thing.name_id || thing.name || thing.key || "";
    return thing.name || thing.name_id || thing.key || "";
  }

  R.projectorWorksheets = function (o) {
    var api = o.api, el = o.el, lang = o.lang;
    var view = $("worksheet-view");
    var box = $("worksheet");
    var title = $("worksheet-title");
    var sub = $("worksheet-sub");
    var words = JSON.parse(box.dataset.words || "{}");
    var session = null;
    var pager = null;
    var pageOf = {};   // quadrant → first entry shown
    var refreshTimer = null;
    var generation = 0;

    function stop() {
      clearInterval(pager);
      pager = null;
    }

    function render(s) {
      var changed = !session || session.id !== s.id;
      session = s;
      if (changed) { stop(); pageOf = {}; listStart = 0; }
      title.textContent = s.title;
      view.dataset.purpose = s.purpose || "";
      return refresh();
    }

    /* Fetch what the session's purpose shows; an answer for a session the screen has left is
       dropped. */
    function refresh() {
      if (!session) return Promise.resolve();
      var mine = ++generation;
      var id = session.id;
      var purpose = session.purpose;
      var path = purpose === "readiness" ? "/sessions/" + id + "/readiness"
        : purpose === "vision" ? "/sessions/" + id + "/keywords"
        : "/sessions/" + id + "/entries";
      return api(path).then(function (data) {
        if (mine !== generation || !session || session.id !== id) return;
        if (purpose === "readiness") drawReadiness(data);
        else if (purpose === "vision") drawCloud(data);
        else if (purpose === "swot") drawSwot(data);
        else drawList(data);
        layout();
      }, function (err) {
        // A sheet that collects nothing (409): say there is nothing, do not retry for ever.
        if (err.status !== 409 || mine !== generation) throw err;
        sub.textContent = "";
        box.replaceChildren(el("p", "empty", words.empty || ""));
      });
    }

    /* Many entries arrive at once in a busy hall: one fetch for a burst. */
    function changed() {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(refresh, 300);
    }

    // ---- readiness: the heat map -----------------------------------------------------------
    function readinessAspects(data) {
      if (Array.isArray(data.aspects)) return data.aspects;
      var byKey = {}, order = [];
      (data.items || []).forEach(function (row) {
        var key = row.aspect;
        if (!byKey[key]) {
          byKey[key] = { key: key, label: row.aspect_label || row.aspect_name || "", items: [] };
          order.push(byKey[key]);
        }
        byKey[key].items.push(row);
      });
      return order;
    }
    function countsOf(item) {
      var c = item.counts || item.ratings || item;
      var out = {};
      RATINGS.forEach(function (r) { out[r] = Number(c[r] || 0); });
      return out;
    }
    function drawReadiness(data) {
      var aspects = readinessAspects(data);
      var table = el("table", "heatmap");
      var caption = el("caption", "visually-hidden", words.heatmap || "");
      var head = el("thead");
      var hr = el("tr");
      hr.append(el("th", "hm-item", words.item || ""));
      RATINGS.forEach(function (r) {
        var th = el("th", "hm-rating", words[r] || r);
        th.dataset.rating = r;
        hr.append(th);
      });
      hr.append(el("th", "hm-n", words.answers || "n"));
      head.append(hr);
      table.append(caption, head);
      var answered = 0;
      aspects.forEach(function (aspect) {
        var group = el("tbody", "hm-aspect");
        group.dataset.aspect = aspect.key;
        var ar = el("tr", "hm-aspect-row");
        var ath = el("th", "", labelOf(aspect, lang) || aspect.key);
        ath.colSpan = RATINGS.length + 2;
        ath.scope = "rowgroup";
        ar.append(ath);
        group.append(ar);
        (aspect.items || []).forEach(function (item) {
          var counts = countsOf(item);
          var total = RATINGS.reduce(function (t, r) { return t + counts[r]; }, 0);
          answered = Math.max(answered, total);
          var tr = el("tr", "hm-row");
          tr.dataset.item = item.key || item.item;
          var th = el("th", "hm-item", labelOf(item, lang) || item.item_label || item.item);
          th.scope = "row";
          tr.append(th);
          RATINGS.forEach(function (r) {
            var share = pct(counts[r], total);
            var td = el("td", "hm-cell");
            td.dataset.rating = r;
            // The shade repeats the number (light → dark); the number is always written.
            td.style.setProperty("--share", String(total ? counts[r] / total : 0));
            td.dataset.strong = String(total > 0 && share >= 50);
            td.append(el("span", "hm-pct", total ? share + "%" : "–"),
              el("span", "hm-word", words[r] || r));
            td.title = (words[r] || r) + ": " + counts[r];
            tr.append(td);
          });
          tr.append(el("td", "hm-n", String(total)));
          group.append(tr);
        });
        table.append(group);
      });
      sub.textContent = R.fill(words.answeredBy || "{n}", { n: answered });
      if (!aspects.length) {
        box.replaceChildren(el("p", "empty", words.empty || ""));
      } else {
        box.replaceChildren(table);
      }
    }

    // ---- swot: four quadrants --------------------------------------------------------------
    function listOf(data) { return Array.isArray(data) ? data : (data.items || []); }
    function visible(entry) { return !entry.status || entry.status === "visible"; }
    function drawSwot(data) {
      var entries = listOf(data).filter(visible);
      var grid = el("div", "swot-grid");
      QUADRANTS.forEach(function (q) {
        var mineList = entries.filter(function (e) { return e.quadrant === q; });
        var quad = el("section", "swot-quadrant");
        quad.dataset.quadrant = q;
        var h = el("h2", "swot-head");
        h.append(el("span", "swot-letter", q), el("span", "swot-name", words["q" + q] || q),
          el("span", "swot-count", "(" + mineList.length + ")"));
        var ul = el("ul", "swot-list");
        mineList.forEach(function (entry) {
          var li = el("li", "swot-entry", entry.text);
          li.dataset.id = entry.id;
          if (entry.dimension) li.dataset.dimension = entry.dimension;
          ul.append(li);
        });
        if (!mineList.length) ul.append(el("li", "swot-none", words.none || "–"));
        var more = el("p", "swot-more");
        more.hidden = true;
        quad.append(h, ul, more);
        grid.append(quad);
      });
      sub.textContent = R.fill(words.entries || "{n}", { n: entries.length });
      box.replaceChildren(grid);
    }

    /* Shrink all quadrants together to the floor; a quadrant still too full pages. */
    function layoutSwot() {
      var grid = box.querySelector(".swot-grid");
      if (!grid) return;
      var quads = Array.prototype.slice.call(grid.querySelectorAll(".swot-quadrant"));
      function overflowing(q) {
        var list = q.querySelector(".swot-list");
        return list.scrollHeight > list.clientHeight + 1;
      }
      quads.forEach(function (q) {
        q.querySelectorAll(".swot-entry").forEach(function (li) { li.hidden = false; });
        q.querySelector(".swot-more").hidden = true;
      });
      var small = floorPx();
      for (var f = Math.max(bigPx(), window.innerHeight * 0.036); f >= small - 0.01; f -= 2) {
        grid.style.setProperty("--entry-font", Math.floor(Math.max(f, small)) + "px");
        if (!quads.some(overflowing)) { stop(); pageOf = {}; return; }
      }
      grid.style.setProperty("--entry-font", Math.floor(small) + "px");
      var paging = false;
      quads.forEach(function (q) {
        if (!overflowing(q)) return;
        paging = true;
        pageQuadrant(q);
      });
      if (paging && !pager) {
        pager = setInterval(function () {
          quads = Array.prototype.slice.call(box.querySelectorAll(".swot-quadrant"));
          quads.forEach(function (q) {
            var key = q.dataset.quadrant;
            var items = q.querySelectorAll(".swot-entry");
            if (q.dataset.paged !== "true") return;
            var next = Number(q.dataset.end || 0);
            pageOf[key] = next >= items.length ? 0 : next;
            pageQuadrant(q);
          });
        }, PAGE_MS);
      }
    }
    function pageQuadrant(q) {
      var key = q.dataset.quadrant;
      var list = q.querySelector(".swot-list");
      var items = Array.prototype.slice.call(q.querySelectorAll(".swot-entry"));
      var more = q.querySelector(".swot-more");
      var start = pageOf[key] || 0;
      if (start >= items.length) start = 0;
      // The note takes its line before the entries are measured.
      more.hidden = false;
      more.textContent = R.fill(words.range || "{from}–{to}/{total}",
        { from: start + 1, to: items.length, total: items.length });
      var stopAt = items.length;
      function show(end) {
        items.forEach(function (li, i) { li.hidden = i < start || i >= end; });
      }
      show(stopAt);
      while (stopAt > start + 1 && list.scrollHeight > list.clientHeight + 1) {
        stopAt -= 1;
        show(stopAt);
      }
      more.textContent = R.fill(words.range || "{from}–{to}/{total}",
        { from: start + 1, to: stopAt, total: items.length });
      q.dataset.paged = "true";
      q.dataset.end = String(stopAt);
      pageOf[key] = start;
    }

    // ---- vision: the word cloud ------------------------------------------------------------
    function drawCloud(data) {
      var items = listOf(data).filter(function (k) { return k && k.text; });
      items.sort(function (a, b) { return b.count - a.count || a.text.localeCompare(b.text); });
      var max = items.length ? items[0].count : 1;
      var min = items.length ? items[items.length - 1].count : 1;
      // Biggest in the middle: place by rank alternately after and before it.
      var arranged = [];
      items.forEach(function (k, i) {
        if (i % 2) arranged.unshift(k); else arranged.push(k);
      });
      var cloud = el("ul", "word-cloud");
      cloud.setAttribute("aria-label", words.cloud || "");
      arranged.forEach(function (k, i) {
        var li = el("li", "cloud-word");
        // 0 (fewest) … 1 (most), on a square-root scale so a few heavy words do not crush the rest.
        var weight = max === min ? 1 : Math.sqrt((k.count - min) / (max - min));
        li.dataset.weight = weight.toFixed(3);
        li.dataset.rank = String(items.indexOf(k));
        li.dataset.tone = String(i % 4);
        li.append(el("span", "cloud-text", k.text), el("span", "cloud-count", String(k.count)));
        cloud.append(li);
      });
      var more = el("p", "cloud-more");
      more.hidden = true;
      sub.textContent = R.fill(words.keywords || "{n}", { n: items.length });
      if (!items.length) box.replaceChildren(el("p", "empty", words.empty || ""));
      else box.replaceChildren(cloud, more);
    }

    function layoutCloud() {
      var cloud = box.querySelector(".word-cloud");
      if (!cloud) return;
      var more = box.querySelector(".cloud-more");
      var words_ = Array.prototype.slice.call(cloud.children);
      words_.forEach(function (w) { w.hidden = false; });
      more.hidden = true;
      var floor = Math.max(28, window.innerHeight * 0.034);   // smallest word: the wall's card text
      var top = Math.max(floor * 1.2, window.innerHeight * 0.13);
      function fits() { return cloud.scrollHeight <= cloud.clientHeight + 1 && cloud.scrollWidth <= cloud.clientWidth + 1; }
      function size(scale) {
        words_.forEach(function (w) {
          var s = floor + (top * scale - floor) * Number(w.dataset.weight);
          w.style.fontSize = Math.floor(Math.max(floor, s)) + "px";
        });
      }
      for (var scale = 1; scale >= 0.3; scale -= 0.07) {
        size(scale);
        if (fits()) return;
      }
      // Even at the floor: the rarest words give way, and the screen says how many.
      var byRank = words_.slice().sort(function (a, b) { return Number(b.dataset.rank) - Number(a.dataset.rank); });
      var hidden = 0;
      more.hidden = false;
      for (var i = 0; i < byRank.length - 1 && !fits(); i++) {
        byRank[i].hidden = true;
        hidden += 1;
        more.textContent = R.fill(words.moreWords || "+{n}", { n: hidden });
      }
      if (!hidden) more.hidden = true;
    }

    // ---- any other worksheet: a plain list -------------------------------------------------
    function drawList(data) {
      var entries = listOf(data).filter(visible);
      var ul = el("ul", "entry-list");
      entries.forEach(function (e) { ul.append(el("li", "", e.text || "")); });
      sub.textContent = R.fill(words.entries || "{n}", { n: entries.length });
      box.replaceChildren(entries.length ? ul : el("p", "empty", words.empty || ""));
    }

    /* Shrink to the floor; a list still too long pages ("1–20 dari 45"), a new page every
       PAGE_MS. rowSelector: the rows that page; a heat map's aspect heading shows while one of
       its items does. */
    var listStart = 0, listEnd = 0, listTotal = 0;
    function layoutFit(selector, rowSelector) {
      var node = box.querySelector(selector);
      var more = $("worksheet-more");
      more.hidden = true;
      if (!node) return;
      var rows = Array.prototype.slice.call(node.querySelectorAll(rowSelector));
      rows.forEach(function (r) { r.hidden = false; });
      showHeadings(node);
      var small = floorPx();
      function fits() { return box.scrollHeight <= box.clientHeight + 1; }
      for (var f = bigPx(); f >= small - 0.01; f -= 2) {
        node.style.fontSize = Math.floor(Math.max(f, small)) + "px";
        if (fits()) { stop(); listStart = 0; return; }
      }
      node.style.fontSize = small + "px";
      if (listStart >= rows.length) listStart = 0;
      more.hidden = false;  // the note takes its line before the rows are measured
      var end = rows.length;
      function range(to) {
        rows.forEach(function (r, i) { r.hidden = i < listStart || i >= to; });
        showHeadings(node);
        more.textContent = R.fill(words.range, { from: listStart + 1, to: to, total: rows.length });
      }
      range(end);
      while (end > listStart + 1 && !fits()) {
        end -= 1;
        range(end);
      }
      listEnd = end;
      listTotal = rows.length;
      if (!pager) {
        pager = setInterval(function () {
          listStart = listEnd >= listTotal ? 0 : listEnd;
          layout();
        }, PAGE_MS);
      }
    }
    function showHeadings(node) {
      node.querySelectorAll("tbody.hm-aspect").forEach(function (group) {
        var head = group.querySelector(".hm-aspect-row");
        head.hidden = !group.querySelector("tr.hm-row:not([hidden])");
      });
    }

    function layout() {
      if (!session) return;
      if (session.purpose === "swot") layoutSwot();
      else if (session.purpose === "vision") layoutCloud();
      else if (session.purpose === "readiness") layoutFit(".heatmap", "tr.hm-row");
      else layoutFit(".entry-list", "li");
    }

    return { render: render, refresh: refresh, changed: changed, layout: layout, stop: stop };
  };
})();
