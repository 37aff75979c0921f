/* Poll results as people see them: horizontal bars sorted by rank (ties marked), or a 2×2
   impact/effort scatter for the matrix, with turnout. One renderer for the facilitator,
   participants and the projector. Words come from data-* attributes on the container:
   data-turnout ("{voters} dari {eligible} peserta memilih"), data-turnout-opd,
   data-turnout-present ("{voters} dari {present} peserta yang hadir hari ini memilih"),
   data-turnout-present-opd, data-tie,
   data-q-quickwin, data-q-major, data-q-fillin, data-q-avoid, data-impact, data-effort,
   data-empty, data-dimensions (JSON {key: name}),
   data-unit-<method> and data-unit-<method>-one (what a value means: "{n} titik", "rata-rata {n}",
   "Borda {n}", "{n} poin", "{n} setuju"; from the result_units() macro of _partials.html). */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  var fill = R.fill;  /* dom.js, loaded before this file on every page that uses it */
  function number(value, lang) {
    return Number(value).toLocaleString(lang === "en" ? "en-GB" : "id-ID",
      { maximumFractionDigits: 2 });
  }

  /* "7 titik", "rata-rata 4,2": the value with what it measures for the poll's method (the
     bare number when the page gives no words for it). */
  function measure(container, method, value, lang) {
    var key = "unit" + String(method || "").replace(/^./, function (c) { return c.toUpperCase(); });
    var d = container.dataset;
    var pattern = Number(value) === 1 && d[key + "One"] ? d[key + "One"] : d[key];
    var n = number(value, lang);
    return pattern ? fill(pattern, { n: n }) : n;
  }
  R.resultMeasure = measure;

  /* Against who is here today when the results say so (results.present) and the page gives
     the words (data-turnout-present, data-turnout-present-opd): "12 dari 38 peserta yang hadir
     hari ini memilih"; otherwise against everyone who joined. */
  function turnout(container, results) {
    var d = container.dataset;
    var opd = results.ballot_scope === "opd";
    var template = opd ? d.turnoutOpd : d.turnout;
    var present = opd ? d.turnoutPresentOpd : d.turnoutPresent;
    if (results.present !== undefined && results.present !== null && present) template = present;
    return el("p", "turnout", fill(template, {
      voters: results.voters, eligible: results.eligible, present: results.present
    }));
  }

  /* Rows are keyed by proposal: an update changes the rows already on screen (the widths
     animate, the list stays where the reader is) and moves only those whose rank changed. */
  function bars(container, results, lang, dims) {
    var list = container.querySelector(":scope > ol.result-bars") || el("ol", "result-bars");
    var old = {};
    Array.prototype.forEach.call(list.children, function (li) { old[li.dataset.ideaId] = li; });
    var max = 0;
    results.items.forEach(function (i) { max = Math.max(max, Number(i.score)); });
    results.items.forEach(function (item, n) {
      var li = old[item.idea_id];
      delete old[item.idea_id];
      if (!li) {
        li = el("li", "result-row");
        var track = el("span", "bar");
        track.append(el("span", "bar-fill"));
        li.append(el("span", "rank"), el("span", "result-title"), track, el("span", "result-value"));
      }
      li.dataset.ideaId = item.idea_id;
      if (item.dimension) li.dataset.dimension = item.dimension;
      else delete li.dataset.dimension;
      var rank = li.querySelector(".rank");
      rank.textContent = item.rank + (item.tied ? "=" : "");
      rank.title = item.tied ? container.dataset.tie || "" : "";
      var label = li.querySelector(".result-title");
      label.textContent = item.title;
      label.title = item.title;
      var share = max > 0 ? Math.max(0, Number(item.score)) / max : 0;
      li.querySelector(".bar-fill").style.width = (share * 100).toFixed(1) + "%";
      var value = measure(container, results.method, item.score, lang);
      li.querySelector(".result-value").textContent = value;
      var chip = li.querySelector(".dim-chip");
      if (item.dimension && dims[item.dimension]) {
        if (!chip) { chip = el("span", "dim-chip"); li.append(chip); }
        chip.textContent = dims[item.dimension];
        chip.dataset.dimension = item.dimension;
      } else if (chip) {
        chip.remove();
      }
      li.setAttribute("aria-label", (item.tied ? "= " : "") + item.rank + ". " + item.title +
        ": " + value);
      if (list.children[n] !== li) list.insertBefore(li, list.children[n] || null);
    });
    Object.keys(old).forEach(function (id) { old[id].remove(); });
    return list;
  }

  /* Quadrant names sit in bands along the top and bottom edges that no point can reach, so a
     point never covers a name. data-scatter-aspect (width / height) lets a wide screen use its
     whole width (the projector sets it). */
  function scatter(container, results, lang) {
    var d = container.dataset;
    var H = 560, W = Math.round(H * Math.min(2.5, Math.max(1, Number(d.scatterAspect) || 1)));
    var pad = 56, band = 44, r = 17;
    var innerW = W - 2 * pad, innerH = H - 2 * pad;
    function x(effort) { return pad + r + 6 + (Number(effort) - 1) / 4 * (innerW - 2 * (r + 6)); }
    function y(impact) { return pad + band + r + (5 - Number(impact)) / 4 * (innerH - 2 * (band + r)); }
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "scatter", role: "img" });
    root.append(svg("title", {}, (d.impact || "Impact") + " / " + (d.effort || "Effort")));
    var midX = pad + innerW / 2, midY = pad + innerH / 2;
    [[pad, pad, "q-quickwin", d.qQuickwin, true], [midX, pad, "q-major", d.qMajor, true],
     [pad, midY, "q-fillin", d.qFillin, false], [midX, midY, "q-avoid", d.qAvoid, false]].forEach(function (q) {
      root.append(svg("rect", { x: q[0], y: q[1], width: innerW / 2, height: innerH / 2, class: "quadrant " + q[2] }));
      var ty = q[4] ? q[1] + 30 : q[1] + innerH / 2 - 12;
      root.append(svg("text", { x: q[0] + 10, y: ty, class: "quadrant-label" }, q[3] || ""));
    });
    root.append(svg("line", { x1: pad, y1: pad + innerH, x2: pad + innerW, y2: pad + innerH, class: "axis" }));
    root.append(svg("line", { x1: pad, y1: pad, x2: pad, y2: pad + innerH, class: "axis" }));
    root.append(svg("text", { x: pad + innerW / 2, y: H - 12, class: "axis-label", "text-anchor": "middle" },
      (d.effort || "Effort") + " →"));
    root.append(svg("text", { x: 18, y: pad + innerH / 2, class: "axis-label", "text-anchor": "middle",
      transform: "rotate(-90 18 " + (pad + innerH / 2) + ")" }, (d.impact || "Impact") + " →"));
    var legend = el("ol", "scatter-legend");
    results.items.forEach(function (item, n) {
      if (!item.supporters) return;
      var g = svg("g", { class: "point" });
      g.append(svg("circle", { cx: x(item.effort), cy: y(item.impact), r: r }));
      g.append(svg("text", { x: x(item.effort), y: y(item.impact) + 6, "text-anchor": "middle" }, String(n + 1)));
      root.append(g);
      var li = el("li");
      li.append(el("span", "legend-title", item.title));
      li.append(el("span", "legend-values", " — " + (d.impact || "Impact") + " " +
        number(item.impact, lang) + ", " + (d.effort || "Effort") + " " + number(item.effort, lang)));
      li.value = n + 1;
      legend.append(li);
    });
    var wrap = el("div", "scatter-wrap");
    wrap.append(root, legend);
    return wrap;
  }

  /* Replace the container's content with these results. */
  R.renderResults = function (container, results) {
    var lang = document.documentElement.lang;
    var dims = {};
    try { dims = JSON.parse(container.dataset.dimensions || "{}"); } catch (e) { dims = {}; }
    var parts = [turnout(container, results)];
    if (!results.items || !results.items.length) {
      parts.push(el("p", "empty", container.dataset.empty || ""));
    } else if (results.method === "matrix") {
      parts.push(scatter(container, results, lang));
    } else {
      parts.push(bars(container, results, lang, dims));
    }
    var current = container.children;
    if (current.length === 2 && current[1] === parts[1]) {
      // The same bars list, updated in place: only the turnout line is new.
      container.replaceChild(parts[0], current[0]);
    } else {
      container.replaceChildren.apply(container, parts);
    }
    container.dataset.pollId = results.poll_id;
    container.dataset.voters = results.voters;
  };
})();
