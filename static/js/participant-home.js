/* Participant home: the agenda and "open now" follow the facilitator live. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var body = document.body;
  var workshopId = body.dataset.workshopId;
  var agenda = document.getElementById("agenda");
  var openNow = document.getElementById("open-now");
  var labels = JSON.parse(agenda.dataset.labels);
  var lang = document.documentElement.lang;

  function clock(t) { return lang === "id" ? t.replace(":", ".") : t; }

  function item(s) {
    var li = document.createElement("li");
    li.className = "session " + s.status;
    li.dataset.id = s.id;
    var slot = document.createElement("span");
    slot.className = "slot";
    slot.textContent = clock(s.starts_at) + "–" + clock(s.ends_at);
    var title = document.createElement("span");
    title.className = "title";
    title.textContent = s.title;
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = labels[s.kind] || s.kind;
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

  var handlers = {};
  handlers[R.EVENTS.SESSION_UPDATED] = refresh;
  handlers[R.EVENTS.WORKSHOP_UPDATED] = function (w) {
    document.getElementById("ws-title").textContent = w.title;
  };
  R.connect({ onSync: function (first) { if (!first) refresh(); }, on: handlers });
})();
