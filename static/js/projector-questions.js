/* The projector's view of a `qa` session (issue 16 item 9): when the screen shows a session
   whose kind is "qa" (display view "ideas"), projector.js hands it here. The top questions,
   pinned first, then by supports (the order GET /sessions/{id}/questions gives), each with its
   supports written as a number and word, "Dijawab" / "Disematkan" in words (never colour
   alone). Text shrinks together down to the legibility floor; whatever still does not fit is
   never clipped: the last rows give way to "+n pertanyaan lainnya".

   R.projectorQuestions({api, el}) → {render(session), changed(), layout(), stop()}. */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});

  function $(id) { return document.getElementById(id); }
  /* The legibility floor the results use: 24 px at 1080p, 20 px at 720p. */
  function floorPx() { return Math.ceil(Math.max(20, window.innerHeight * 0.0222)); }
  function bigPx() { return Math.max(32, window.innerHeight * 0.045); }

  R.projectorQuestions = function (o) {
    var api = o.api, el = o.el;
    var box = $("questions");
    var list = $("questions-list");
    var more = $("questions-more");
    var title = $("questions-title");
    var sub = $("questions-sub");
    var words = JSON.parse(box.dataset.words || "{}");
    var session = null;
    var timer = null;
    var generation = 0;

    function row(q) {
      var li = el("li", "pq-item" + (q.pinned ? " is-pinned" : "") +
        (q.status === "answered" ? " is-answered" : ""));
      li.dataset.id = q.id;
      var votes = el("div", "pq-votes");
      votes.append(el("span", "pq-count", String(q.votes)));
      votes.append(el("span", "pq-unit", q.votes === 1 ? words.vote : words.votes));
      li.append(votes);
      var body = el("div", "pq-body");
      var flags = [];
      if (q.pinned) flags.push(words.pinned);
      if (q.status === "answered") flags.push(words.answered);
      if (flags.length) body.append(el("p", "pq-flags", flags.join(" · ")));
      body.append(el("p", "pq-text", q.text));
      body.append(el("p", "pq-who", q.author_name || words.anonymous));
      // The speaker's answer, when the facilitator noted one, under the question it answers.
      if (q.status === "answered" && q.answer) {
        var answer = el("p", "pq-answer");
        answer.append(el("span", "pq-answer-label", (words.answer || "") + " "), document.createTextNode(q.answer));
        body.append(answer);
      }
      li.append(body);
      return li;
    }

    function layout() {
      var rows = Array.prototype.slice.call(list.children);
      rows.forEach(function (r) { r.hidden = false; });
      more.hidden = true;
      function fits() { return box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1; }
      var size = bigPx(), floor = floorPx();
      box.style.setProperty("--pq-font", size + "px");
      while (!fits() && size > floor) {
        size = Math.max(floor, size - 2);
        box.style.setProperty("--pq-font", size + "px");
      }
      var shown = rows.length;
      while (!fits() && shown > 1) {
        shown -= 1;
        rows[shown].hidden = true;
        more.textContent = R.fill(words.more, { n: rows.length - shown });
        more.hidden = false;
      }
      box.dataset.shown = String(shown);
    }

    function refresh() {
      if (!session) return Promise.resolve();
      var mine = ++generation;
      return api("/sessions/" + session.id + "/questions").then(function (data) {
        if (mine !== generation) return;
        title.textContent = session.title;
        sub.textContent = R.fill(words.count, { n: data.total });
        var rows = data.items.map(row);
        if (!rows.length) rows = [el("li", "pq-empty", words.empty)];
        list.replaceChildren.apply(list, rows);
        layout();
      });
    }

    return {
      render: function (s) { session = s; return refresh(); },
      /* A question pushed: fetch again, at most every 300 ms (supports arrive in bursts). */
      changed: function () {
        if (!session || timer) return;
        timer = setTimeout(function () { timer = null; refresh(); }, 300);
      },
      layout: layout,
      stop: function () { session = null; clearTimeout(timer); timer = null; generation++; }
    };
  };
})();
