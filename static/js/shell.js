/* The offline shell on participant pages (templates/participant/_shell.html loads it on every
   page under /w): registers the service worker (static/sw.js, served as /w/sw.js), says when
   the page on screen is the copy kept on this device, and forgets everything on "leave".

   - The page that registered the worker is fetched again once the worker controls it, so
     even the very first page opened on this device is kept.
   - Service workers need a secure context (https, or localhost); on plain http over the
     hall's LAN the browser has none, so nothing is registered and the pages work as before.
   - #offline-notice: the worker writes the time a kept copy was saved into its
     data-shell-saved; then the notice shows "offline, showing what was last seen at HH.MM"
     until the live connection is back (the page then re-fetches its state as always).
   - Forms marked data-shell-leave: before they are sent, the worker's caches and this site's
     stored drafts and outbox are removed too (the server's Clear-Site-Data does the same
     where the browser honours it). */
(function () {
  "use strict";
  var notice = document.getElementById("offline-notice");

  function hhmm(date) {
    var h = String(date.getHours()).padStart(2, "0");
    var m = String(date.getMinutes()).padStart(2, "0");
    return document.documentElement.lang === "id" ? h + "." + m : h + ":" + m;
  }

  function showNotice() {
    if (!notice || !notice.dataset.shellSaved) return;
    var saved = new Date(notice.dataset.shellSaved);
    if (isNaN(saved.getTime())) return;
    notice.textContent = notice.dataset.template.replace("{time}", hhmm(saved));
    notice.hidden = false;
    var conn = document.getElementById("conn-status");
    if (!conn || !window.MutationObserver) return;
    new MutationObserver(function () {
      if (conn.dataset.state === "connected") notice.hidden = true;
    }).observe(conn, { attributes: true, attributeFilter: ["data-state"] });
  }

  function forgetHere() {
    var jobs = [];
    try {
      Object.keys(window.localStorage).forEach(function (key) {
        if (key.indexOf("rembuk:") === 0) window.localStorage.removeItem(key);
      });
    } catch (e) { /* storage refused: nothing kept there */ }
    if (window.caches) {
      jobs.push(window.caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("rembuk-") === 0;
        }).map(function (name) { return window.caches.delete(name); }));
      }));
    }
    if (navigator.serviceWorker) {
      jobs.push(navigator.serviceWorker.getRegistrations().then(function (regs) {
        return Promise.all(regs.map(function (reg) { return reg.unregister(); }));
      }));
    }
    return Promise.all(jobs).catch(function () { return null; });
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute("data-shell-leave") || form.dataset.forgotten) {
      return;
    }
    e.preventDefault();
    forgetHere().then(function () {
      form.dataset.forgotten = "true";
      form.submit();
    });
  });

  showNotice();

  var shell = document.querySelector('link[rel="manifest"]');
  if (shell && "serviceWorker" in navigator && window.isSecureContext) {
    var sw = navigator.serviceWorker;
    if (!sw.controller) {
      // The first visit came before the worker: once it takes the page over, fetch this page
      // again through it, so that this page too opens with no network.
      sw.addEventListener("controllerchange", function keepThisPage() {
        sw.removeEventListener("controllerchange", keepThisPage);
        fetch(window.location.href, {
          credentials: "same-origin", headers: { "Accept": "text/html" }
        }).catch(function () { /* offline already: kept on the next visit */ });
      });
    }
    sw.register(shell.dataset.worker, {
      scope: shell.dataset.scope,
      updateViaCache: "none"
    }).catch(function () { /* no shell: the pages still work online */ });
  }
})();
