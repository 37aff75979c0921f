/* The projector's monitoring dashboard view (issue 17). The server renders the dashboard's
   content (views/projector.py → templates/monitoring/_dashboard.html, lists cut to a few rows
   with "and n more"); this fetches it, swaps it in and shrinks the type until the whole
   dashboard fits the wall: nothing clipped at 1920×1080 or 1280×720. */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});
  var MAX_FONT = 30;  // px at 1920 wide; scaled to the window's width
  var MIN_FONT = 12;

  R.projectorDashboard = function () {
    var box = document.getElementById("dash-box");
    var pending = null, again = false;

    function layout() {
      if (!box || box.offsetParent === null) return;
      var font = Math.max(MIN_FONT, Math.round(MAX_FONT * Math.min(window.innerWidth / 1920, window.innerHeight / 1080) * 1.25));
      function fits() {
        return box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1;
      }
      box.style.setProperty("--dash-font", font + "px");
      while (!fits() && font > MIN_FONT) {
        font -= 1;
        box.style.setProperty("--dash-font", font + "px");
      }
      box.dataset.fits = fits() ? "true" : "false";
    }

    function render() {
      if (pending) { again = true; return pending; }
      pending = fetch(box.dataset.url, { credentials: "omit", headers: { "Accept": "text/html" } })
        .then(function (res) {
          if (!res.ok) throw new Error("HTTP " + res.status);
          return res.text();
        }).then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById("dash-content");
          if (fresh) box.replaceChildren(document.importNode(fresh, true));
          layout();
          box.dataset.synced = String(Number(box.dataset.synced || 0) + 1);
        }).finally(function () {
          pending = null;
          if (again) { again = false; render(); }
        });
      return pending;
    }

    return { render: render, layout: layout };
  };
})();
