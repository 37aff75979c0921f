/* Participant home: the agenda and "open now" follow the facilitator live; "Tambah perangkat
   lain" shows a link code for one's own second device without leaving the page. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var body = document.body;
  var workshopId = body.dataset.workshopId;
  var agenda = document.getElementById("agenda");
  var openNow = document.getElementById("open-now");
  var labels = JSON.parse(agenda.dataset.labels);
  var purposes = JSON.parse(agenda.dataset.purposes || "{}");
  var lang = document.documentElement.lang;

  function clock(t) { return lang === "id" ? t.replace(":", ".") : t; }

  function item(s) {
    var li = document.createElement("li");
    li.className = "session " + s.status;
    li.dataset.id = s.id;
    var slot = document.createElement("span");
    slot.className = "slot";
    slot.textContent = clock(s.starts_at) + "–" + clock(s.ends_at);
    var title = document.createElement("a");
    title.className = "title";
    title.href = agenda.dataset.sessionUrl + s.id;
    title.textContent = s.title;
    var kind = document.createElement("span");
    kind.className = "kind";
    // A worksheet says what it collects (readiness, SWOT, vision keywords …), not just "worksheet".
    kind.textContent = (s.kind === "worksheet" && purposes[s.purpose]) || labels[s.kind] || s.kind;
    if (s.status === "open") {
      var strong = document.createElement("strong");
      strong.textContent = agenda.dataset.openLabel;
      kind.append(" · ", strong);
    } else if (s.status === "closed") {
      kind.append(" · " + agenda.dataset.closedLabel);
    }
    li.append(slot, title, kind);
    return li;
  }

  function render(sessions) {
    agenda.querySelectorAll("details.day").forEach(function (day) {
      var list = day.querySelector(".session-list");
      list.replaceChildren.apply(list, sessions
        .filter(function (s) { return String(s.day) === day.dataset.day; })
        .map(item));
    });
    var open = sessions.filter(function (s) { return s.status === "open"; });
    if (open.length) {
      openNow.replaceChildren.apply(openNow, open.map(item));
    } else {
      var li = document.createElement("li");
      li.className = "empty";
      li.textContent = openNow.dataset.emptyText;
      openNow.replaceChildren(li);
    }
  }

  function refresh() {
    R.api("GET", "/api/v1/workshops/" + workshopId + "/sessions").then(function (data) {
      render(data.items);
    });
  }

  /* "Pemungutan suara": the open polls, following poll_opened / poll_closed ("Baru" on new). */
  var pollList = document.getElementById("open-polls");
  var methods = JSON.parse(pollList.dataset.methods);
  var freshPolls = {};

  function span(cls, text) {
    var node = document.createElement("span");
    node.className = cls;
    node.textContent = text;
    return node;
  }

  function pollItem(p) {
    var li = document.createElement("li");
    li.className = "poll";
    li.dataset.id = p.id;
    var title = document.createElement("a");
    title.className = "title";
    title.href = pollList.dataset.pollUrl + p.id;
    title.textContent = p.title;
    li.append(title, span("kind", methods[p.method] || p.method));
    var before = pollList.querySelector('li[data-id="' + p.id + '"]');
    if (before && before.dataset.voted) {
      li.dataset.voted = "true";
      li.append(span("voted", pollList.dataset.votedLabel));
    }
    // New: opened while this page was open, or while the person was elsewhere (follow.js).
    var unseen = R.follow && R.follow.isNew("p", p.id);
    if (freshPolls[p.id] || unseen) li.append(span("badge", pollList.dataset.newLabel));
    return li;
  }

  function refreshPolls() {
    R.api("GET", "/api/v1/workshops/" + workshopId + "/polls").then(function (data) {
      var open = data.items.filter(function (p) { return p.status === "open"; });
      // The latest opened first: it is what the room is on now (issue 16 item 3).
      open.sort(function (a, b) {
        return (b.opened_at || "").localeCompare(a.opened_at || "") || b.id - a.id;
      });
      if (open.length) {
        pollList.replaceChildren.apply(pollList, open.map(pollItem));
      } else {
        var li = document.createElement("li");
        li.className = "empty";
        li.textContent = pollList.dataset.emptyText;
        pollList.replaceChildren(li);
      }
    });
  }

  /* A link code, as the server shows it after the plain form post: "ABCD EFGH", until HH.MM. */
  var linkSection = document.getElementById("link-device");
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  R.enhanceForms(linkSection, function (form, data) {
    var expiry = document.getElementById("link-expiry");
    var until = new Date(data.expires_at);
    document.getElementById("link-code").textContent =
      data.code.slice(0, 4) + " " + data.code.slice(4);
    expiry.textContent = R.fill(expiry.dataset.template, {
      time: clock(pad(until.getHours()) + ":" + pad(until.getMinutes()))
    });
    document.getElementById("link-code-box").hidden = false;
  });

  var handlers = {};
  handlers[R.EVENTS.POLL_OPENED] = function (p) {
    freshPolls[p.id] = true;
    refreshPolls();
  };
  handlers[R.EVENTS.POLL_CLOSED] = function (p) {
    delete freshPolls[p.id];
    refreshPolls();
  };
  handlers[R.EVENTS.SESSION_UPDATED] = refresh;
  handlers[R.EVENTS.WORKSHOP_UPDATED] = function (w) {
    document.getElementById("ws-title").textContent = w.title;
  };
  R.connect({
    onSync: function (first) {
      refreshPolls(); // also at first: a poll may have opened or closed since the page was made
      if (!first) refresh();
    },
    on: handlers
  });
})();
