/* Join page: the code (and a link code) is shown as people read it off the screen; the OPD list
   filters as you type. */
(function () {
  "use strict";
  var R = window.Rembuk;
  /* Join codes and link codes are typed in capitals, as they are shown. */
  ["code", "link_code"].forEach(function (id) {
    var input = document.getElementById(id);
    if (!input) return;
    input.addEventListener("input", function () {
      var start = input.selectionStart;
      input.value = input.value.toUpperCase();
      input.setSelectionRange(start, start);
    });
  });

  var filter = document.getElementById("opd-filter");
  var select = document.getElementById("opd_id");
  var count = document.getElementById("opd-count");
  if (!filter || !select) return;
  filter.hidden = false;
  count.hidden = false;

  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0, firstShown = null;
    Array.prototype.forEach.call(select.options, function (opt) {
      var hay = opt.dataset.search || "";
      var match = words.every(function (w) { return hay.indexOf(w) !== -1; });
      opt.hidden = !match;
      opt.disabled = !match;
      if (match) { shown += 1; if (!firstShown) firstShown = opt; }
    });
    if (select.selectedOptions.length === 0 || select.selectedOptions[0].hidden) {
      if (firstShown && words.length) firstShown.selected = true;
    }
    count.textContent = R.fill(count.dataset.template, { n: shown });
  }
  filter.addEventListener("input", apply);
  filter.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); select.focus(); }
  });
  apply();
})();
