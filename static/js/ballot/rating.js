/* Ballot widget of scores on criteria and of the impact × effort matrix
   (templates/participant/ballot/rating.html): radios 1–5 per criterion, a clear button per
   proposal; a proposal is scored on every criterion or not at all.
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
    }

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

    return { setup: setup, read: read, refresh: refresh, apply: apply };
  }

  widgets.scores = rating;
  widgets.matrix = rating;
})();
