/* Ballot widget of ranking (templates/participant/ballot/ranking.html): the list ordered by
   ↑ / ↓ buttons, the keyboard or dragging by the handle; with a budget ("your top N") an
   include switch per proposal. The order of the rows is the ballot.
   Registered on Rembuk.ballotWidgets; static/js/ballot.js runs it (see there for `ctx`). */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});
  var widgets = (R.ballotWidgets = R.ballotWidgets || {});

  widgets.ranking = function (ctx) {
    var poll = ctx.poll, texts = ctx.texts, ui = ctx.ui;
    var rankList = document.getElementById("rank-list");

    function included(li) { return li.dataset.included !== "false"; }

    function rankItems() {
      return Array.prototype.slice.call(rankList.querySelectorAll(".rank-item"));
    }

    function read() {
      var ranking = rankItems().filter(included).map(function (li) { return Number(li.dataset.id); });
      var problem = null;
      if (poll.budget && ranking.length > poll.budget) {
        problem = { text: R.fill(texts.needRankMax, { n: poll.budget, count: ranking.length }) };
      }
      return { body: { ranking: ranking }, problem: problem };
    }

    function refresh() {
      var list = rankItems(), count = list.filter(included).length;
      list.forEach(function (li, n) {
        var on = included(li);
        li.querySelector(".rank-pos").textContent = on ? String(n + 1) : "–";
        ui.setDisabled(li.querySelector(".move-up"), !on || n === 0);
        ui.setDisabled(li.querySelector(".move-down"), !on || n + 1 >= count);
        li.querySelector(".rank-moves").hidden = !on;
      });
      if (poll.budget) {
        var tallyLine = ctx.tallyLine;
        tallyLine.hidden = false;
        tallyLine.textContent = R.fill(texts.rankCount, { count: count, n: poll.budget });
        tallyLine.dataset.state = count > poll.budget ? "over" : count === poll.budget ? "done" : "open";
      }
    }

    function announce(li) {
      var list = rankItems(), count = list.filter(included).length;
      ctx.live.textContent = included(li)
        ? R.fill(texts.moved, { title: li.dataset.title, n: list.indexOf(li) + 1, count: count })
        : R.fill(texts.notRanked, { title: li.dataset.title });
    }

    function lastIncluded(except) {
      var list = rankItems().filter(function (li) { return li !== except && included(li); });
      return list[list.length - 1] || null;
    }

    function placeAfterIncluded(li) {
      var last = lastIncluded(li);
      rankList.insertBefore(li, last ? last.nextSibling : rankList.firstChild);
    }

    function move(li, delta, button) {
      if (ui.isOff(button) || poll.status !== "open") return;
      if (delta < 0) rankList.insertBefore(li, li.previousElementSibling);
      else rankList.insertBefore(li.nextElementSibling, li);
      ctx.refresh();
      button.focus(); // moving a node drops its focus
      announce(li);
    }

    /* Listeners sit on the document while dragging: moving the row releases a pointer capture. */
    function setupDrag(li, handle) {
      handle.addEventListener("pointerdown", function (e) {
        if (!included(li) || poll.status !== "open") return;
        e.preventDefault();
        li.classList.add("dragging");
        function follow(ev) {
          var target = document.elementFromPoint(ev.clientX, ev.clientY);
          var over = target && target.closest(".rank-item");
          if (!over || over === li || !included(over) || over.parentNode !== rankList) return;
          var box = over.getBoundingClientRect();
          rankList.insertBefore(li, ev.clientY > box.top + box.height / 2 ? over.nextSibling : over);
          ctx.refresh();
        }
        function end() {
          document.removeEventListener("pointermove", follow);
          document.removeEventListener("pointerup", end);
          document.removeEventListener("pointercancel", end);
          li.classList.remove("dragging");
          announce(li);
        }
        document.addEventListener("pointermove", follow);
        document.addEventListener("pointerup", end);
        document.addEventListener("pointercancel", end);
      });
    }

    function setup() {
      var budget = poll.budget;
      var chosen = 0;
      rankItems().forEach(function (li) {
        var input = li.querySelector(".rank-input");
        var on = !budget || (input.value.trim() !== "" && chosen < budget);
        if (on && budget) chosen += 1;
        li.dataset.included = on ? "true" : "false";
        var pos = ui.el("span", "rank-pos");
        pos.setAttribute("aria-hidden", "true");
        var handle = ui.el("span", "drag-handle", "⠿");
        handle.setAttribute("aria-hidden", "true");
        li.prepend(pos, handle);
        var moves = ui.el("div", "rank-moves");
        var up = ui.smallButton("↑", R.fill(texts.moveUp, { title: li.dataset.title }), "move-up");
        var down = ui.smallButton("↓", R.fill(texts.moveDown, { title: li.dataset.title }), "move-down");
        up.addEventListener("click", function () { move(li, -1, up); });
        down.addEventListener("click", function () { move(li, 1, down); });
        moves.append(up, down);
        li.append(moves);
        if (budget) {
          var label = ui.el("label", "switch include");
          var box = ui.el("input");
          box.type = "checkbox";
          box.setAttribute("role", "switch");
          box.checked = on;
          var hidden = ui.el("span", "visually-hidden", ": " + li.dataset.title);
          var track = ui.el("span", "switch-track");
          track.setAttribute("aria-hidden", "true");
          label.append(box, track, ui.el("span", "", texts.include), hidden);
          box.addEventListener("change", function () {
            li.dataset.included = box.checked ? "true" : "false";
            placeAfterIncluded(li);
            ctx.refresh();
            box.focus();
            announce(li);
          });
          li.append(label);
        }
        setupDrag(li, handle);
      });
    }

    function apply(body) {
      var ranking = (body.ranking || []).map(String);
      var list = rankItems();
      list.sort(function (a, b) {
        var ia = ranking.indexOf(a.dataset.id), ib = ranking.indexOf(b.dataset.id);
        if (ia < 0 && ib < 0) return 0;
        if (ia < 0) return 1;
        if (ib < 0) return -1;
        return ia - ib;
      });
      list.forEach(function (li) {
        if (poll.budget) {
          var on = ranking.indexOf(li.dataset.id) >= 0;
          li.dataset.included = on ? "true" : "false";
          li.querySelector(".include input").checked = on;
        }
        rankList.append(li);
      });
    }

    return { setup: setup, read: read, refresh: refresh, apply: apply };
  };
})();
