/* Merging on the wall (issue 16 item 4), used by wall.js:
   - R.wallMergeSearch(form): the merge tool's search box filters the list of proposals to keep
     by title, number (#12) and OPD; arrow down moves into the list; one match is chosen;
   - R.wallMergeAsk({card, id, into, api, words}) → Promise<boolean>: asks the server which polls
     hold the proposal (GET /ideas/{id}/merge-preview?into=ID) and, when any does, says in the
     card what happens to each poll and its votes, merging only after "Tetap gabungkan"
     ("Batal" or Escape: nothing happens). Without JavaScript the page route shows the same. */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});

  R.wallMergeSearch = function (form) {
    var box = form.querySelector("[data-merge-search]");
    if (!box) return;
    var input = box.querySelector("input[type=search]");
    var select = document.getElementById(input.getAttribute("aria-controls"));
    var count = box.querySelector("[role=status]");
    var options = Array.prototype.filter.call(select.options, function (o) { return o.value; });
    box.hidden = false;
    select.size = Math.max(2, Math.min(8, options.length + 1));
    function visible() { return options.filter(function (o) { return !o.hidden; }); }
    function filter() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      options.forEach(function (o) {
        var text = o.textContent.toLowerCase();
        var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
        o.hidden = !ok;
        o.disabled = !ok;
      });
      var shown = visible();
      var chosen = select.selectedOptions[0];
      if (chosen && chosen.hidden) select.value = "";
      if (shown.length === 1 && words.length) select.value = shown[0].value;
      count.textContent = words.length
        ? R.fill(count.dataset.pattern, { n: shown.length, total: options.length }) : "";
    }
    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "Enter") return;
      e.preventDefault();  // Enter in the search never merges: the choice is made in the list
      var shown = visible();
      if (!select.value && shown.length) select.value = shown[0].value;
      select.focus();
    });
    input.focus();
  };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  R.wallMergeAsk = function (o) {
    var url = o.api + "/ideas/" + o.id + "/merge-preview?into=" + encodeURIComponent(o.into || "");
    return R.api("GET", url).then(function (preview) {
      if (!preview.polls.length || !o.card) return true;
      return new Promise(function (resolve) {
        var w = o.words;
        var slot = o.card.querySelector('[data-ref="tool-slot"]') || o.card;
        var old = slot.querySelector(".wall-merge-warning");
        if (old) old.remove();
        var box = el("div", "wall-merge-warning");
        var headId = o.card.id + "-merge-warning";
        box.setAttribute("role", "group");
        box.setAttribute("aria-labelledby", headId);
        var head = el("p", "wall-merge-warning-head",
          R.fill(w.head, { n: preview.polls.length, into: preview.into.title }));
        head.id = headId;
        var list = el("ul");
        preview.polls.forEach(function (p) {
          var li = el("li");
          li.dataset.status = p.status;
          li.dataset.pollId = p.id;
          li.append(el("strong", "", (w.statuses[p.status] || p.status) + " «" + p.title + "»"),
            ": " + p.effect);
          list.append(li);
        });
        var yes = el("button", "primary small", w.yes);
        var no = el("button", "small", w.no);
        yes.type = no.type = "button";
        var actions = el("div", "actions");
        actions.append(yes, no);
        box.append(head, list, actions);
        var formActions = slot.querySelector(".wall-tool .actions");
        if (formActions) formActions.hidden = true;
        slot.append(box);
        function answer(ok) {
          box.remove();
          if (formActions) formActions.hidden = false;
          if (!ok) {
            var back = slot.querySelector(".wall-tool select") || o.card.querySelector('a[data-tool="merge"]');
            if (back) back.focus();
          }
          resolve(ok);
        }
        yes.addEventListener("click", function () { answer(true); });
        no.addEventListener("click", function () { answer(false); });
        box.addEventListener("keydown", function (e) {
          if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); answer(false); }
        });
        yes.focus();
      });
    });
  };
})();
