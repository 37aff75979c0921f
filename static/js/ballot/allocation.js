/* Ballot widget of dots and points (templates/participant/ballot/allocation.html): − / +
   steppers beside each number, and the dots left or the points total above the list.
   Registered on Rembuk.ballotWidgets; static/js/ballot.js runs it (see there for `ctx`). */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});
  var widgets = (R.ballotWidgets = R.ballotWidgets || {});
  // Methods whose ballots must spend the budget exactly (workshop/polls/methods/points.py,
  // check_total; tests/test_poll_methods.py pins the two together).
  var EXACT_TOTAL = ["points"];

  function allocation(ctx) {
    var poll = ctx.poll, texts = ctx.texts, ui = ctx.ui, method = poll.method;

    function read() {
      var allocations = {}, total = 0, problem = null, cap = poll.max_per_item;
      ctx.items.forEach(function (li) {
        var n = ui.whole(li.querySelector(".alloc-input"));
        if (n === null) {
          problem = problem || { text: texts.needWhole, item: li };
          return;
        }
        if (n) allocations[li.dataset.id] = n;
        total += n;
        if (cap && n > cap) problem = problem || { text: R.fill(texts.needCap, { n: cap }), item: li };
      });
      var budget = poll.budget;
      if (!problem && EXACT_TOTAL.indexOf(method) >= 0 && budget !== null && total !== budget) {
        problem = { text: R.fill(texts.needExact, { budget: budget, total: total }) };
      }
      if (!problem && budget !== null && total > budget) {
        problem = { text: R.fill(texts.needBudget, { budget: budget, total: total }) };
      }
      return { body: { allocations: allocations }, total: total, problem: problem };
    }

    function refresh(state) {
      var budget = poll.budget, cap = poll.max_per_item, total = state.total;
      var tallyLine = ctx.tallyLine;
      if (budget !== null) {
        if (method === "dots") {
          tallyLine.textContent = total > budget ? R.fill(texts.dotsOver, { n: total - budget })
            : R.fill(texts.dotsLeft, { n: budget - total });
        } else {
          var numbers = { total: total, budget: budget, left: budget - total, over: total - budget };
          tallyLine.textContent = R.fill(total < budget ? texts.pointsLeft
            : total > budget ? texts.pointsOver : texts.pointsDone, numbers);
        }
        tallyLine.dataset.state = total > budget ? "over" : total === budget ? "done" : "open";
      }
      ctx.items.forEach(function (li) {
        var n = ui.whole(li.querySelector(".alloc-input")) || 0;
        ui.setDisabled(li.querySelector(".step.less"), n <= 0);
        ui.setDisabled(li.querySelector(".step.more"),
          (cap && n >= cap) || (budget !== null && total >= budget));
      });
    }

    function setup() {
      var step = method === "points" && poll.budget >= 50 ? 5 : 1;
      ctx.items.forEach(function (li) {
        var input = li.querySelector(".alloc-input");
        var values = { title: li.dataset.title, n: step };
        var less = ui.smallButton("−", R.fill(texts.less, values), "step less");
        var more = ui.smallButton("+", R.fill(texts.more, values), "step more");
        input.before(less);
        input.after(more);
        function change(delta, button) {
          if (ui.isOff(button) || poll.status !== "open") return;
          var n = ui.whole(input) || 0, next = Math.max(0, n + delta);
          var state = read();
          if (delta > 0) {
            if (poll.max_per_item) next = Math.min(next, poll.max_per_item);
            if (poll.budget !== null) next = Math.min(next, n + poll.budget - state.total);
            next = Math.max(next, n);
          }
          input.value = String(next);
          ctx.showError(null);
          ctx.refresh();
        }
        less.addEventListener("click", function () { change(-step, less); });
        more.addEventListener("click", function () { change(step, more); });
      });
    }

    function apply(body) {
      var alloc = body.allocations || {};
      ctx.items.forEach(function (li) {
        li.querySelector(".alloc-input").value = String(alloc[li.dataset.id] || 0);
      });
    }

    return { setup: setup, read: read, refresh: refresh, apply: apply };
  }

  widgets.dots = allocation;
  widgets.points = allocation;
})();
