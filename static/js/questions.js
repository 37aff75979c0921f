/* Questions to a speaker, participant page (templates/participant/questions.html).

   Asking goes through the offline outbox (outbox.js) with a client_id, so a question typed
   without network waits on the device and is sent exactly once. A support is a toggle
   (aria-pressed) over POST/DELETE /api/v1/questions/{id}/upvote. The list is drawn from the
   state it holds (pinned first, then supports, then oldest), kept live by
   Rembuk.onItems(socket, "question_created" | "question_updated", …) and re-fetched after
   every (re)connect. Hidden questions (status "hidden") leave the list. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var root = document.getElementById("qa");
  if (!root) return;
  var sessionId = Number(root.dataset.sessionId);
  var participantId = root.dataset.participantId;
  var texts = JSON.parse(root.dataset.texts || "{}");
  var max = Number(root.dataset.max) || 280;
  var open = root.dataset.status === "open";
  var list = document.getElementById("qa-list");
  var empty = document.getElementById("qa-empty");
  var form = document.getElementById("qa-form");
  var waitingList = document.getElementById("qa-waiting");
  var questions = {};
  var RETRY_MS = 10000;

  function byOrder(a, b) {
    if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
    if (a.votes !== b.votes) return b.votes - a.votes;
    return a.id - b.id;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function itemFor(q) {
    var li = el("li", "qa-item" + (q.pinned ? " is-pinned" : "") +
      (q.status === "answered" ? " is-answered" : ""));
    li.id = "question-" + q.id;
    li.dataset.id = q.id;
    var body = el("div", "qa-body");
    var flags = el("p", "qa-flags");
    if (q.pinned) flags.appendChild(el("span", "qa-flag qa-pinned", "📌 " + texts.pinned));
    if (q.status === "answered") {
      flags.appendChild(el("span", "qa-flag qa-answered", "✓ " + texts.answered));
    }
    body.appendChild(flags);
    body.appendChild(el("p", "qa-text", q.text));
    var meta = el("p", "qa-meta", q.author_name || texts.anonymous);
    if (q.mine) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(el("span", "mine-mark", texts.yours));
    }
    body.appendChild(meta);
    if (q.answer) body.appendChild(el("p", "qa-answer", q.answer));
    li.appendChild(body);
    var button = el("button", "qa-vote");
    button.type = "button";
    button.dataset.questionId = q.id;
    button.setAttribute("aria-pressed", q.voted ? "true" : "false");
    button.disabled = !open;
    var arrow = el("span", "", "▲");
    arrow.setAttribute("aria-hidden", "true");
    button.appendChild(arrow);
    button.appendChild(el("span", "qa-count", String(q.votes)));
    button.appendChild(el("span", "visually-hidden", texts.upvote + ": " + q.text));
    li.appendChild(button);
    return li;
  }

  function render() {
    var focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.questionId : null;
    var items = Object.keys(questions).map(function (k) { return questions[k]; }).sort(byOrder);
    list.replaceChildren.apply(list, items.map(itemFor));
    empty.hidden = items.length > 0;
    if (focused) {
      var again = list.querySelector('.qa-vote[data-question-id="' + focused + '"]');
      if (again) again.focus();
    }
  }

  /* A question as the server sent it; pushes carry no `voted`/`mine`, so keep ours. */
  function upsert(q) {
    if (!q || q.session_id !== sessionId) return;
    if (q.status === "hidden") {
      delete questions[q.id];
      return;
    }
    var had = questions[q.id] || {};
    questions[q.id] = Object.assign({}, q, {
      voted: q.voted !== undefined ? q.voted : !!had.voted,
      mine: q.mine !== undefined ? q.mine : !!had.mine
    });
  }

  function refresh() {
    return R.api("GET", "/api/v1/sessions/" + sessionId + "/questions").then(function (data) {
      questions = {};
      data.items.forEach(upsert);
      render();
    }).catch(function () { /* offline: keep what is shown */ });
  }

  // -- Supports (a toggle) ---------------------------------------------------------------
  list.addEventListener("click", function (e) {
    var button = e.target.closest(".qa-vote");
    if (!button || button.disabled) return;
    e.preventDefault();
    var id = Number(button.dataset.questionId);
    var q = questions[id];
    if (!q) return;
    var on = !q.voted;
    button.disabled = true;
    R.api(on ? "POST" : "DELETE", "/api/v1/questions/" + id + "/upvote").then(function (data) {
      upsert(data);
      render();
    }).catch(function () {
      button.disabled = false;
    });
  });
  // The server-rendered no-JS forms: the list is redrawn with buttons above, but until then
  // a submit of one of them goes through the same toggle.
  list.addEventListener("submit", function (e) {
    var button = e.target.querySelector(".qa-vote");
    if (!button) return;
    e.preventDefault();
    button.click();
  });

  // -- Asking, through the outbox ----------------------------------------------------------
  var outbox = R.outbox("rembuk:qa-outbox:" + participantId, {
    url: function (item) { return "/api/v1/sessions/" + item.session_id + "/questions"; },
    onAnswer: function (item, answer) {
      if (answer.status === 201 || answer.status === 200) {
        outbox.remove(item.client_id);
        upsert(answer.data);
        render();
        renderWaiting();
        return true;
      }
      if (answer.status === 429) {
        outbox.pauseUntil(Date.now() + 1000 * (Number(answer.retryAfter) || 5));
        return false;
      }
      if (answer.status === 0 || answer.status >= 500) {
        renderWaiting();
        return false;
      }
      var message = (answer.data && answer.data.error && answer.data.error.message) || "";
      outbox.update(item.client_id, {
        state: "refused",
        message: answer.status === 409 ? texts.closed : texts.refused + ": " + message
      });
      renderWaiting();
      return true;
    }
  });

  function renderWaiting() {
    if (!waitingList) return;
    var mine = outbox.read().filter(function (item) { return item.session_id === sessionId; });
    waitingList.replaceChildren.apply(waitingList, mine.map(function (item) {
      var li = el("li", "qa-waiting-item");
      li.appendChild(el("span", "", item.body.text + " — "));
      li.appendChild(el("strong", "", item.state === "waiting" ? texts.queued : item.message));
      if (item.state !== "waiting") {
        var drop = el("button", "small", texts.discard);
        drop.type = "button";
        drop.addEventListener("click", function () {
          outbox.remove(item.client_id);
          renderWaiting();
        });
        li.appendChild(drop);
      }
      return li;
    }));
  }

  if (form) {
    var textarea = document.getElementById("qa-text");
    var counter = document.getElementById("qa-counter");
    var error = document.getElementById("qa-text-error");
    var count = function () {
      counter.textContent = R.fill(texts.counter, { n: textarea.value.length, max: max });
    };
    textarea.addEventListener("input", function () {
      count();
      if (textarea.value.trim()) {
        error.hidden = true;
        textarea.removeAttribute("aria-invalid");
      }
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = textarea.value.trim();
      var problem = !text ? texts.textRequired
        : text.length > max ? R.fill(texts.tooLong, { max: max }) : "";
      if (problem) {
        error.textContent = problem;
        error.hidden = false;
        textarea.setAttribute("aria-invalid", "true");
        textarea.focus();
        return;
      }
      outbox.add(sessionId, { text: text, anonymous: document.getElementById("qa-anon").checked });
      textarea.value = "";
      document.getElementById("qa-anon").checked = false;
      count();
      renderWaiting();
      outbox.flush();
    });
  }

  JSON.parse(root.dataset.questions || "[]").forEach(upsert);
  render();
  renderWaiting();
  R.connect({
    onSync: function () {
      refresh();
      outbox.flush();
    },
    on: {
      question_created: function (q) { upsert(q); render(); },
      question_updated: function (q) { upsert(q); render(); },
      session_updated: function (s) {
        if (s && s.id === sessionId && s.status && (s.status === "open") !== open) {
          window.location.reload();
        }
      }
    }
  });
  window.addEventListener("online", function () { outbox.flush(); });
  setInterval(function () { if (outbox.waiting().length) outbox.flush(); }, RETRY_MS);
  outbox.flush();
})();
