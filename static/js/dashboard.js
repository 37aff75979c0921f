/* Facilitator dashboard: the workshop list follows changes made anywhere. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var list = document.getElementById("ws-list");
  if (!list) return;
  var empty = document.getElementById(list.dataset.emptyId);

  function formatDate(iso) {
    var d = new Date(iso + "T00:00:00");
    return d.toLocaleDateString(document.documentElement.lang === "en" ? "en-GB" : "id-ID",
      { day: "numeric", month: "long", year: "numeric" });
  }

  function render(items) {
    list.replaceChildren();
    items.forEach(function (w) {
      var li = document.createElement("li");
      li.dataset.id = w.id;
      var a = document.createElement("a");
      a.className = "ws-title";
      a.href = list.dataset.href.replace(/\/0(\/|$)/, "/" + w.id + "$1");
      a.textContent = w.title;
      var meta = document.createElement("span");
      meta.className = "ws-meta";
      meta.textContent = w.city + " · " + formatDate(w.starts_on) + " · " + w.days + " " +
        list.dataset.labelDays;
      var code = document.createElement("span");
      code.className = "ws-code";
      code.append(list.dataset.labelCode + " ");
      var strong = document.createElement("strong");
      strong.textContent = w.code;
      code.append(strong);
      li.append(a, meta, code);
      list.append(li);
    });
    empty.hidden = items.length > 0;
  }

  function refresh() {
    R.api("GET", "/api/v1/workshops").then(function (data) { render(data.items); });
  }

  var handlers = {};
  handlers[R.EVENTS.WORKSHOP_UPDATED] = refresh;
  R.connect({ onSync: function (first) { if (!first) refresh(); }, on: handlers });
})();
