/* The participant's ballot (templates/participant/poll.html). The page works as a plain form;
   the poll method's widget (static/js/ballot/<fields>.js, on Rembuk.ballotWidgets[method])
   adds its controls (steppers, a reorderable ranking, clear buttons) and reads the ballot
   body from the inputs, checking it with the rules of workshop/polls/methods/ (the send
   button says what is missing). This script keeps what every method shares: sending to
   PUT /api/v1/polls/{id}/ballot, the saved / unsent state, an OPD colleague's changes,
   locking when the poll closes and the live results.

   A widget is function (ctx) → {setup(), read() → {body, problem: {text, item}|null},
   refresh(state), apply(body), reveal(item)?}; ctx = {poll, texts, items, tallyLine, live, refresh,
   showError, ui: {el, smallButton, setDisabled, isOff, whole}}. */
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
  var live = document.getElementById("ballot-live");
  var resultsPanel = document.getElementById("results-panel");
  var resultsBox = document.getElementById("results");
  var resultsLater = document.getElementById("results-later");
  var items = Array.prototype.slice.call(form.querySelectorAll(".ballot-item"));
  var sending = false;
  var justSaved = false;
  var attempted = false; // mark the proposal that needs attention only after a try to send

  form.classList.add("js");

  function showError(text) {
    errorBox.textContent = text || "";
    errorBox.hidden = !text;
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

  /* A typed number: "" is 0, anything but digits null (as the server's whole numbers). */
  function whole(input) {
    var text = input.value.trim();
    if (text === "") return 0;
    return /^\d+$/.test(text) ? Number(text) : null;
  }

  var widget = R.ballotWidgets[method]({
    poll: poll,
    texts: texts,
    items: items,
    tallyLine: tallyLine,
    live: live,
    refresh: function () { return refresh(); },
    showError: showError,
    ui: { el: el, smallButton: smallButton, setDisabled: setDisabled, isOff: isOff, whole: whole }
  });

  /* ---- reading the ballot from the inputs ----------------------------------------------- */

  function isEmpty(body) {
    var value = body[Object.keys(body)[0]];
    return Array.isArray(value) ? !value.length : !Object.keys(value).length;
  }

  function readBallot() {
    var state = widget.read();
    if (!state.problem && saved === null && isEmpty(state.body)) {
      state.problem = { text: texts.needOne };
    }
    return state;
  }

  function dirty(state) {
    return saved === null || canonical(state.body) !== canonical(saved);
  }

  /* ---- showing the state ----------------------------------------------------------------- */

  function refresh() {
    var state = readBallot();
    widget.refresh(state);
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

  /* ---- a ballot from the server into the inputs (an OPD colleague may have changed it) ---- */

  function showChanger(data) {
    if (!scopeNote || !data) return;
    if (data.changed_by_me) scopeNote.textContent = texts.opdByMe;
    else if (data.changed_by) scopeNote.textContent = R.fill(texts.opdBy, { name: data.changed_by });
  }

  function reloadBallot() {
    if (sending) return;
    R.api("GET", form.dataset.ballotUrl).then(function (data) {
      if (sending || dirty(readBallot())) {
        showChanger(data);
        return;
      }
      widget.apply(data.ballot);
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
      // A widget that shows one proposal at a time brings the one in question on screen.
      if (widget.reveal && state.problem.item) widget.reveal(state.problem.item);
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
    // Voted before a re-open (anonymous polls): the earlier ballot stands, nothing to send.
    var canVote = open && form.dataset.votedBefore !== "true";
    fields.disabled = !canVote;
    fields.hidden = !open; // closed: the note and the result, not a disabled ballot
    closedNote.hidden = open;
    actions.hidden = !canVote;
    badge.dataset.status = poll.status;
    badge.textContent = open ? badge.dataset.open : badge.dataset.closed;
    closesAt.hidden = !(open && poll.closes_at);
    closesAt.textContent = open && poll.closes_at ? R.fill(texts.closesAt, { time: clock(poll.closes_at) }) : "";
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

  widget.setup();
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
