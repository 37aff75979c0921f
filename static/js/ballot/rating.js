/* Ballot widget of scores on criteria and of the impact × effort matrix
   (templates/participant/ballot/rating.html): radios 1–5 per criterion, a clear button per
   proposal; a proposal is scored on every criterion or not at all. Scores show one proposal
   at a time ("Usulan 2 dari 6", previous / next; "Tampilkan semua" lists them all again):
   6 proposals × 5 criteria were 4,800 px of scrolling on a phone (issue 16 item 8).
   Registered on Rembuk.ballotWidgets; static/js/ballot.js runs it (see there for `ctx`). */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});
  var widgets = (R.ballotWidgets = R.ballotWidgets || {});

  function rating(ctx) {
    var poll = ctx.poll, texts = ctx.texts, ui = ctx.ui;

    function criteriaKeys(li) {
      return Array.prototype.map.call(li.querySelectorAll(".segmented"), function (f) {
        return f.dataset.key;
      });
    }

    function chosenScore(li, key) {
      var checked = li.querySelector('.segmented[data-key="' + key + '"] input:checked');
      return checked ? Number(checked.value) : null;
    }

    function read() {
      var scores = {}, problem = null;
      ctx.items.forEach(function (li) {
        var keys = criteriaKeys(li), given = {}, count = 0;
        keys.forEach(function (key) {
          var v = chosenScore(li, key);
          if (v !== null) { given[key] = v; count += 1; }
        });
        li.dataset.complete = count === keys.length ? "true" : "false";
        if (count && count < keys.length) {
          var template = poll.method === "matrix" ? texts.needMatrix : texts.needScores;
          problem = problem || { text: R.fill(template, { title: li.dataset.title }), item: li };
        }
        if (count) scores[li.dataset.id] = given;
      });
      return { body: { scores: scores }, problem: problem };
    }

    function refresh() {
      ctx.items.forEach(function (li) {
        var clear = li.querySelector(".clear-scores");
        if (clear) clear.hidden = !li.querySelector(".segmented input:checked");
      });
      if (pager) pager.refresh();
    }

    /* ---- one proposal at a time (scores) ----------------------------------------------------- */
    var pager = null;

    function makePager() {
      var items = ctx.items, count = items.length, at = 0, one = true;
      var list = items[0].parentNode;
      var progress = ui.el("p", "score-progress");
      progress.id = "score-progress";
      progress.setAttribute("aria-live", "polite");
      var scored = ui.el("p", "hint score-scored");
      var prev = ui.el("button", "score-prev", "← " + texts.previous);
      var next = ui.el("button", "score-next", texts.next + " →");
      var all = ui.el("button", "link-button score-all", texts.showAll);
      [prev, next, all].forEach(function (b) { b.type = "button"; });
      var nav = ui.el("div", "score-pager");
      nav.append(prev, next);
      list.before(progress, scored);
      list.after(nav, all);
      list.classList.add("paged");
      items.forEach(function (li) { li.tabIndex = -1; });

      function show(n, focus) {
        at = Math.max(0, Math.min(count - 1, n));
        items.forEach(function (li, i) { li.hidden = one && i !== at; });
        progress.hidden = nav.hidden = !one;
        progress.textContent = R.fill(texts.progress, { n: at + 1, count: count });
        ui.setDisabled(prev, at === 0);
        ui.setDisabled(next, at === count - 1);
        all.textContent = one ? texts.showAll : texts.showOne;
        if (focus) items[at].focus();
      }
      prev.addEventListener("click", function () { if (!ui.isOff(prev)) show(at - 1, true); });
      next.addEventListener("click", function () { if (!ui.isOff(next)) show(at + 1, true); });
      all.addEventListener("click", function () { one = !one; show(at, false); });
      show(0, false);
      return {
        refresh: function () {
          var done = items.filter(function (li) { return li.dataset.complete === "true"; }).length;
          scored.textContent = R.fill(texts.progressScored, { scored: done, count: count });
        },
        reveal: function (li) {
          var n = items.indexOf(li);
          if (n !== -1 && one) show(n, false);
        }
      };
    }

    function setup() {
      ctx.items.forEach(function (li) {
        var clear = ui.smallButton(texts.clearShort,
          R.fill(texts.clearScores, { title: li.dataset.title }), "link-button clear-scores");
        clear.addEventListener("click", function () {
          li.querySelectorAll(".segmented input:checked").forEach(function (r) { r.checked = false; });
          ctx.refresh();
          var first = li.querySelector(".segmented input");
          if (first) first.focus();
        });
        li.querySelector(".score-set").append(clear);
      });
      if (poll.method === "scores" && ctx.items.length > 1) pager = makePager();
    }

    function reveal(li) { if (pager) pager.reveal(li); }

    function apply(body) {
      var scores = body.scores || {};
      ctx.items.forEach(function (li) {
        var mine = scores[li.dataset.id] || {};
        li.querySelectorAll(".segmented input").forEach(function (r) {
          var key = r.closest(".segmented").dataset.key;
          r.checked = String(mine[key]) === r.value;
        });
      });
    }

    return { setup: setup, read: read, refresh: refresh, apply: apply, reveal: reveal };
  }

  widgets.scores = rating;
  widgets.matrix = rating;
})();
