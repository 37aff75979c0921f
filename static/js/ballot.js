/* The participant's ballot (templates/participant/poll.html). The page works as a plain form;
   this script adds − / + steppers with the dots left or the points total, a ranking ordered by
   buttons, keyboard or dragging, a clear button for scores, and sends the ballot to
   PUT /api/v1/polls/{id}/ballot after checking it with the rules of workshop/ballots.py (the
   send button says what is missing). The form's inputs are the one source of truth: the body
   is read from them. It locks when the poll closes and draws live results. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var form = document.getElementById("ballot");
  if (!form) return;
  var poll = JSON.parse(form.dataset.poll);
  var texts = JSON.parse(form.dataset.texts);
  var saved = JSON.parse(form.dataset.saved); // the stored ballot body, or null
  var method = poll.method;
  var lang = document.documentElement.lang;
  var fields = document.getElementById("ballot-fields");
  var sendButton = document.getElementById("ballot-send");
  var statusLine = document.getElementById("ballot-status");
  var errorBox = document.getElementById("ballot-error");
  var tallyLine = document.getElementById("ballot-tally");
  var closedNote = document.getElementById("closed-note");
  var actions = document.getElementById("ballot-actions");
  var scopeNote = document.getElementById("scope-note");
  var badge = document.getElementById("poll-status");
  var closesAt = document.getElementById("closes-at");
  var rankList = document.getElementById("rank-list");
  var live = document.getElementById("ballot-live");
  var resultsPanel = document.getElementById("results-panel");
  var resultsBox = document.getElementById("results");
  var resultsLater = document.getElementById("results-later");
  var items = Array.prototype.slice.call(form.querySelectorAll(".ballot-item"));
  var sending = false;
  var justSaved = false;
  var attempted = false; // mark the proposal that needs attention only after a try to send

  form.classList.add("js");

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (_m, k) {
      return values[k] === undefined ? "" : values[k];
    });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function smallButton(text, label, cls) {
    var b = el("button", cls, text);
    b.type = "button";
    b.setAttribute("aria-label", label);
    return b;
  }

  function setDisabled(button, off) {
    button.setAttribute("aria-disabled", off ? "true" : "false");
  }

  function isOff(button) { return button.getAttribute("aria-disabled") === "true"; }

  /* JSON with sorted keys, to compare a ballot with the stored one. */
  function canonical(value) {
    if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
    if (value && typeof value === "object") {
      return "{" + Object.keys(value).sort().map(function (k) {
        return JSON.stringify(k) + ":" + canonical(value[k]);
      }).join(",") + "}";
    }
    return JSON.stringify(value);
  }

  /* ---- reading the ballot from the inputs (the rules of workshop/ballots.py) ------------ */

  function whole(input) {
    var text = input.value.trim();
    if (text === "") return 0;
    return /^\d+$/.test(text) ? Number(text) : null;
  }

  function included(li) { return li.dataset.included !== "false"; }

  function rankItems() {
    return Array.prototype.slice.call(rankList.querySelectorAll(".rank-item"));
  }

  function criteriaKeys(li) {
    return Array.prototype.map.call(li.querySelectorAll(".segmented"), function (f) {
      return f.dataset.key;
    });
  }

  function chosenScore(li, key) {
    var checked = li.querySelector('.segmented[data-key="' + key + '"] input:checked');
    return checked ? Number(checked.value) : null;
  }

  function readAllocations() {
    var allocations = {}, total = 0, problem = null, cap = poll.max_per_item;
    items.forEach(function (li) {
      var n = whole(li.querySelector(".alloc-input"));
      if (n === null) {
        problem = problem || { text: texts.needWhole, item: li };
        return;
      }
      if (n) allocations[li.dataset.id] = n;
      total += n;
      if (cap && n > cap) problem = problem || { text: fill(texts.needCap, { n: cap }), item: li };
    });
    var budget = poll.budget;
    if (!problem && method === "points" && budget !== null && total !== budget) {
      problem = { text: fill(texts.needExact, { budget: budget, total: total }) };
    }
    if (!problem && budget !== null && total > budget) {
      problem = { text: fill(texts.needBudget, { budget: budget, total: total }) };
    }
    return { body: { allocations: allocations }, total: total, problem: problem };
  }

  function readRanking() {
    var ranking = rankItems().filter(included).map(function (li) { return Number(li.dataset.id); });
    var problem = null;
    if (poll.budget && ranking.length > poll.budget) {
      problem = { text: fill(texts.needRankMax, { n: poll.budget, count: ranking.length }) };
    }
    return { body: { ranking: ranking }, problem: problem };
  }

  function readScores() {
    var scores = {}, problem = null;
    items.forEach(function (li) {
      var keys = criteriaKeys(li), given = {}, count = 0;
      keys.forEach(function (key) {
        var v = chosenScore(li, key);
        if (v !== null) { given[key] = v; count += 1; }
      });
      li.dataset.complete = count === keys.length ? "true" : "false";
      if (count && count < keys.length) {
        var template = method === "matrix" ? texts.needMatrix : texts.needScores;
        problem = problem || { text: fill(template, { title: li.dataset.title }), item: li };
      }
      if (count) scores[li.dataset.id] = given;
    });
    return { body: { scores: scores }, problem: problem };
  }

  function readApproval() {
    var approve = [];
    items.forEach(function (li) {
      var box = li.querySelector("input[name=approve]");
      if (box.checked) approve.push(Number(box.value));
    });
    approve.sort(function (a, b) { return a - b; });
    return { body: { approve: approve }, problem: null };
  }

  function isEmpty(body) {
    var value = body[Object.keys(body)[0]];
    return Array.isArray(value) ? !value.length : !Object.keys(value).length;
  }

  function readBallot() {
    var state;
    if (method === "dots" || method === "points") state = readAllocations();
    else if (method === "ranking") state = readRanking();
    else if (method === "scores" || method === "matrix") state = readScores();
    else state = readApproval();
    if (!state.problem && saved === null && isEmpty(state.body)) {
      state.problem = { text: texts.needOne };
    }
    return state;
  }

  function dirty(state) {
    return saved === null || canonical(state.body) !== canonical(saved);
  }

  /* ---- showing the state ----------------------------------------------------------------- */

  function refreshAllocations(state) {
    var budget = poll.budget, cap = poll.max_per_item, total = state.total;
    if (budget !== null) {
      if (method === "dots") {
        tallyLine.textContent = total > budget ? fill(texts.dotsOver, { n: total - budget })
          : fill(texts.dotsLeft, { n: budget - total });
      } else {
        var numbers = { total: total, budget: budget, left: budget - total, over: total - budget };
        tallyLine.textContent = fill(total < budget ? texts.pointsLeft
          : total > budget ? texts.pointsOver : texts.pointsDone, numbers);
      }
      tallyLine.dataset.state = total > budget ? "over" : total === budget ? "done" : "open";
    }
    items.forEach(function (li) {
      var input = li.querySelector(".alloc-input");
      var n = whole(input) || 0;
      setDisabled(li.querySelector(".step.less"), n <= 0);
      setDisabled(li.querySelector(".step.more"),
        (cap && n >= cap) || (budget !== null && total >= budget));
    });
  }

  function refreshRanking() {
    var list = rankItems(), count = list.filter(included).length;
    list.forEach(function (li, n) {
      var on = included(li);
      li.querySelector(".rank-pos").textContent = on ? String(n + 1) : "–";
      setDisabled(li.querySelector(".move-up"), !on || n === 0);
      setDisabled(li.querySelector(".move-down"), !on || n + 1 >= count);
      li.querySelector(".rank-moves").hidden = !on;
    });
    if (poll.budget) {
      tallyLine.hidden = false;
      tallyLine.textContent = fill(texts.rankCount, { count: count, n: poll.budget });
      tallyLine.dataset.state = count > poll.budget ? "over" : count === poll.budget ? "done" : "open";
    }
  }

  function refreshScores() {
    items.forEach(function (li) {
      var clear = li.querySelector(".clear-scores");
      if (clear) clear.hidden = !li.querySelector(".segmented input:checked");
    });
  }

  function refresh() {
    var state = readBallot();
    if (method === "dots" || method === "points") refreshAllocations(state);
    else if (method === "ranking") refreshRanking();
    else if (method === "scores" || method === "matrix") refreshScores();
    if (!state.problem) attempted = false;
    items.forEach(function (li) {
      li.classList.toggle("needs-attention",
        !!(attempted && state.problem && state.problem.item === li));
    });
    var changed = dirty(state);
    if (sending) {
      sendButton.textContent = texts.sending;
      setDisabled(sendButton, true);
    } else if (state.problem) {
      sendButton.textContent = state.problem.text;
      setDisabled(sendButton, true);
    } else {
      sendButton.textContent = saved === null ? texts.send : texts.resend;
      setDisabled(sendButton, !changed);
    }
    var line = "";
    if (saved !== null) line = changed ? texts.unsent : texts.saved;
    if (statusLine.textContent !== line) statusLine.textContent = line;
    statusLine.dataset.state = changed ? "unsent" : "saved";
    if (!changed && justSaved) statusLine.dataset.fresh = "true";
    else delete statusLine.dataset.fresh;
    return state;
  }

  function showError(text) {
    errorBox.textContent = text || "";
    errorBox.hidden = !text;
  }

  /* ---- dots and points: steppers ---------------------------------------------------------- */

  function setupSteppers() {
    var step = method === "points" && poll.budget >= 50 ? 5 : 1;
    items.forEach(function (li) {
      var input = li.querySelector(".alloc-input");
      var values = { title: li.dataset.title, n: step };
      var less = smallButton("−", fill(texts.less, values), "step less");
      var more = smallButton("+", fill(texts.more, values), "step more");
      input.before(less);
      input.after(more);
      function change(delta, button) {
        if (isOff(button) || poll.status !== "open") return;
        var n = whole(input) || 0, next = Math.max(0, n + delta);
        var state = readAllocations();
        if (delta > 0) {
          if (poll.max_per_item) next = Math.min(next, poll.max_per_item);
          if (poll.budget !== null) next = Math.min(next, n + poll.budget - state.total);
          next = Math.max(next, n);
        }
        input.value = String(next);
        showError(null);
        refresh();
      }
      less.addEventListener("click", function () { change(-step, less); });
      more.addEventListener("click", function () { change(step, more); });
    });
  }

  /* ---- ranking: up/down buttons, include toggles, dragging by the handle ------------------ */

  function announce(li) {
    var list = rankItems(), count = list.filter(included).length;
    live.textContent = included(li)
      ? fill(texts.moved, { title: li.dataset.title, n: list.indexOf(li) + 1, count: count })
      : fill(texts.notRanked, { title: li.dataset.title });
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
    if (isOff(button) || poll.status !== "open") return;
    if (delta < 0) rankList.insertBefore(li, li.previousElementSibling);
    else rankList.insertBefore(li.nextElementSibling, li);
    refresh();
    button.focus(); // moving a node drops its focus
    announce(li);
  }

  function setupRanking() {
    var budget = poll.budget;
    var chosen = 0;
    rankItems().forEach(function (li) {
      var input = li.querySelector(".rank-input");
      var on = !budget || (input.value.trim() !== "" && chosen < budget);
      if (on && budget) chosen += 1;
      li.dataset.included = on ? "true" : "false";
      var pos = el("span", "rank-pos");
      pos.setAttribute("aria-hidden", "true");
      var handle = el("span", "drag-handle", "⠿");
      handle.setAttribute("aria-hidden", "true");
      li.prepend(pos, handle);
      var moves = el("div", "rank-moves");
      var up = smallButton("↑", fill(texts.moveUp, { title: li.dataset.title }), "move-up");
      var down = smallButton("↓", fill(texts.moveDown, { title: li.dataset.title }), "move-down");
      up.addEventListener("click", function () { move(li, -1, up); });
      down.addEventListener("click", function () { move(li, 1, down); });
      moves.append(up, down);
      li.append(moves);
      if (budget) {
        var label = el("label", "switch include");
        var box = el("input");
        box.type = "checkbox";
        box.setAttribute("role", "switch");
        box.checked = on;
        var hidden = el("span", "visually-hidden", ": " + li.dataset.title);
        var track = el("span", "switch-track");
        track.setAttribute("aria-hidden", "true");
        label.append(box, track, el("span", "", texts.include), hidden);
        box.addEventListener("change", function () {
          li.dataset.included = box.checked ? "true" : "false";
          placeAfterIncluded(li);
          refresh();
          box.focus();
          announce(li);
        });
        li.append(label);
      }
      setupDrag(li, handle);
    });
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
        refresh();
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

  /* ---- scores and matrix: a clear button per proposal -------------------------------------- */

  function setupClear() {
    items.forEach(function (li) {
      var clear = smallButton(texts.clearShort, fill(texts.clearScores, { title: li.dataset.title }),
        "link-button clear-scores");
      clear.addEventListener("click", function () {
        li.querySelectorAll(".segmented input:checked").forEach(function (r) { r.checked = false; });
        refresh();
        var first = li.querySelector(".segmented input");
        if (first) first.focus();
      });
      li.querySelector(".score-set").append(clear);
    });
  }

  /* ---- a ballot from the server into the inputs (an OPD colleague may have changed it) ---- */

  function applyBallot(body) {
    if (method === "dots" || method === "points") {
      var alloc = body.allocations || {};
      items.forEach(function (li) {
        li.querySelector(".alloc-input").value = String(alloc[li.dataset.id] || 0);
      });
    } else if (method === "ranking") {
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
    } else if (method === "scores" || method === "matrix") {
      var scores = body.scores || {};
      items.forEach(function (li) {
        var mine = scores[li.dataset.id] || {};
        li.querySelectorAll(".segmented input").forEach(function (r) {
          var key = r.closest(".segmented").dataset.key;
          r.checked = String(mine[key]) === r.value;
        });
      });
    } else {
      var approve = (body.approve || []).map(String);
      items.forEach(function (li) {
        var box = li.querySelector("input[name=approve]");
        box.checked = approve.indexOf(box.value) >= 0;
      });
    }
  }

  function showChanger(data) {
    if (!scopeNote || !data) return;
    if (data.changed_by_me) scopeNote.textContent = texts.opdByMe;
    else if (data.changed_by) scopeNote.textContent = fill(texts.opdBy, { name: data.changed_by });
  }

  function reloadBallot() {
    if (sending) return;
    R.api("GET", form.dataset.ballotUrl).then(function (data) {
      if (sending || dirty(readBallot())) {
        showChanger(data);
        return;
      }
      applyBallot(data.ballot);
      saved = data.ballot;
      showChanger(data);
      refresh();
    }).catch(function () { /* none yet, or offline: the page keeps what it shows */ });
  }

  /* ---- sending ------------------------------------------------------------------------------ */

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (sending || poll.status !== "open") return;
    attempted = true;
    var state = refresh();
    if (state.problem) {
      showError(state.problem.text);
      var target = state.problem.item && state.problem.item.querySelector("input");
      if (target) target.focus();
      return;
    }
    if (!dirty(state)) return;
    sending = true;
    justSaved = false;
    showError(null);
    refresh();
    R.api("PUT", form.dataset.ballotUrl, state.body).then(function (data) {
      saved = data.ballot;
      justSaved = true;
      showChanger(data);
    }).catch(function (err) {
      if (!err.status) {
        showError(texts.offline);
      } else if (err.status === 409) {
        setOpen(false);
      } else {
        var fieldsOf = (err.data && err.data.fields) || {};
        var messages = [];
        Object.keys(fieldsOf).forEach(function (k) { messages = messages.concat(fieldsOf[k]); });
        showError(messages.length ? messages.join(" ") : err.message);
      }
    }).then(function () {
      sending = false;
      refresh();
    });
  });

  function edited() {
    justSaved = false;
    showError(null);
    refresh();
  }
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);

  /* ---- the poll opening and closing, and its results ----------------------------------------- */

  function clock(iso) {
    var d = new Date(iso);
    var hh = String(d.getHours()).padStart(2, "0"), mm = String(d.getMinutes()).padStart(2, "0");
    return hh + (lang === "id" ? "." : ":") + mm;
  }

  function resultsVisible() { return poll.results === "live" || poll.status === "closed"; }

  function setOpen(open, data) {
    var was = poll.status;
    poll.status = open ? "open" : "closed";
    if (data) {
      poll.closes_at = data.closes_at;
      document.getElementById("poll-title").textContent = data.title;
    }
    fields.disabled = !open;
    closedNote.hidden = open;
    actions.hidden = !open;
    badge.dataset.status = poll.status;
    badge.textContent = open ? badge.dataset.open : badge.dataset.closed;
    closesAt.hidden = !(open && poll.closes_at);
    closesAt.textContent = open && poll.closes_at ? fill(texts.closesAt, { time: clock(poll.closes_at) }) : "";
    if (was !== poll.status) {
      showError(null);
      live.textContent = open ? texts.reopened : texts.closed;
    }
    resultsPanel.hidden = !resultsVisible();
    resultsLater.hidden = resultsVisible();
    if (resultsVisible()) loadResults();
    refresh();
  }

  function showResults(data) {
    if (!resultsVisible() || Number(data.poll_id) !== poll.id) return;
    resultsPanel.hidden = false;
    resultsLater.hidden = true;
    R.renderResults(resultsBox, data);
  }

  function loadResults() {
    R.api("GET", form.dataset.resultsUrl).then(showResults).catch(function () {});
  }

  /* After every (re)connect; also the first time, as the poll may have closed since the page
     was made. */
  function sync(first) {
    if (poll.ballot_scope === "opd" || !first) reloadBallot();
    R.api("GET", form.dataset.pollUrl).then(function (data) {
      if (data.status !== poll.status || data.closes_at !== poll.closes_at) {
        setOpen(data.status === "open", data);
      } else if (resultsVisible() && !first) {
        loadResults();
      }
    }).catch(function () {});
  }

  if (method === "dots" || method === "points") setupSteppers();
  else if (method === "ranking") setupRanking();
  else if (method === "scores" || method === "matrix") setupClear();
  var initial = JSON.parse(resultsBox.dataset.results);
  if (initial) R.renderResults(resultsBox, initial);
  refresh();

  var handlers = {};
  handlers[R.EVENTS.RESULTS] = function (data) {
    showResults(data);
    if (poll.ballot_scope === "opd" && Number(data.poll_id) === poll.id) reloadBallot();
  };
  handlers[R.EVENTS.POLL_OPENED] = function (data) {
    if (data.id === poll.id) setOpen(true, data);
  };
  handlers[R.EVENTS.POLL_CLOSED] = function (data) {
    if (data.id === poll.id) setOpen(false, data);
  };
  R.connect({ onSync: sync, on: handlers });
})();
