/* "Follow the facilitator" on participant pages (templates/participant/_follow.html: the bar
   on top, the toggle at the end of the page).

   When a poll opens (poll_opened) or a proposal round opens (session_updated to "open"), the
   page goes there by itself — unless this device turned following off (remembered in
   localStorage) or the person is typing in a form: then a banner names what opened, with a
   link ("Pemungutan suara dibuka: <judul> — Buka"), read out politely by screen readers. A page
   reached this way shows "Kembali" to where the person was.

   Pushes lost while offline are made up after every (re)connect: what is open now is fetched
   and compared with what this tab has already seen (sessionStorage), so a poll opened during
   a drop is still announced. Loaded after the page's own script, it adds its listeners to the
   page's socket (Rembuk.socket) and touches nothing else of the page. */
(function () {
  "use strict";
  var R = window.Rembuk;
  var bar = document.getElementById("follow-bar");
  if (!bar || !R || !R.socket) return;
  var workshopId = document.body.dataset.workshopId;
  var d = bar.dataset;
  var ON_KEY = "rembuk.follow";
  var SEEN_KEY = "rembuk.follow.seen." + workshopId;
  var BACK_KEY = "rembuk.follow.back";
  // Session kinds in which participants write (the others only show their status).
  var COLLECTING = ["ideas", "worksheet", "qa"];

  function read(store, key) {
    try { return store.getItem(key); } catch (e) { return null; }
  }
  function write(store, key, value) {
    try {
      if (value === null) store.removeItem(key); else store.setItem(key, value);
    } catch (e) { /* private mode: the choice lasts for this page only */ }
  }

  /* ---- the toggle ---------------------------------------------------------------------------- */
  var toggle = document.getElementById("follow-toggle");
  if (!toggle) return;
  var following = read(window.localStorage, ON_KEY) !== "off";
  toggle.checked = following;
  toggle.addEventListener("change", function () {
    following = toggle.checked;
    write(window.localStorage, ON_KEY, following ? null : "off");
  });
  document.getElementById("follow-choice").hidden = false;

  /* ---- "Kembali" after a move ------------------------------------------------------------------ */
  var back = null;
  try { back = JSON.parse(read(window.sessionStorage, BACK_KEY) || "null"); } catch (e) { back = null; }
  if (back && back.to === window.location.pathname && back.from) {
    var link = document.getElementById("follow-back-link");
    link.href = back.from;
    link.addEventListener("click", function () { write(window.sessionStorage, BACK_KEY, null); });
    document.getElementById("follow-moved").textContent = d.moved;
    document.getElementById("follow-back").hidden = false;
  }

  /* ---- typing in a form: never pull the page away then ---------------------------------------- */
  var dirty = false;
  function ownInput(target) {
    return !target.closest || target.closest("#follow-bar") || target.type === "search";
  }
  document.addEventListener("input", function (e) {
    if (!ownInput(e.target) && e.target.closest("form")) dirty = true;
  }, true);
  document.addEventListener("submit", function () { dirty = false; }, true);
  function busy() {
    var a = document.activeElement;
    if (a && a.isContentEditable) return true;
    if (a && a.tagName === "TEXTAREA") return true;
    if (a && a.tagName === "INPUT" && !ownInput(a) &&
        /^(text|number|email|tel|url|password|)$/.test(a.type)) return true;
    return dirty;
  }

  /* ---- what this tab has seen open --------------------------------------------------------------- */
  var seenRaw = read(window.sessionStorage, SEEN_KEY);
  var seeded = seenRaw !== null;
  var seen = {};
  try { seen = JSON.parse(seenRaw || "{}") || {}; } catch (e) { seen = {}; }

  function path(kind, id) { return (kind === "p" ? d.pollUrl : d.sessionUrl) + id; }

  /* Opened while the person was elsewhere and not visited yet: home marks these "Baru"
     (participant-home.js asks Rembuk.follow.isNew). Visiting the page clears the mark. */
  var unvisited = seen.unvisited || {};
  delete seen.unvisited;
  Object.keys(unvisited).forEach(function (key) {
    if (window.location.pathname === path(key.charAt(0), key.slice(1))) delete unvisited[key];
  });
  if (seeded) remember();
  function remember() {
    seen.unvisited = unvisited;
    write(window.sessionStorage, SEEN_KEY, JSON.stringify(seen));
    delete seen.unvisited;
  }
  R.follow = { isNew: function (kind, id) { return !!unvisited[kind + id]; } };

  /* ---- the banner ---------------------------------------------------------------------------------- */
  var bannerBody = document.getElementById("follow-banner-body");
  var bannerText = document.getElementById("follow-banner-text");
  var bannerLink = document.getElementById("follow-banner-link");
  document.getElementById("follow-dismiss").addEventListener("click", function () {
    bannerBody.hidden = true;
  });
  function banner(kind, item) {
    // Shown first, then filled: the live region announces the words as they arrive.
    bannerBody.hidden = false;
    bannerLink.href = path(kind, item.id);
    bannerLink.dataset.kind = kind;
    bannerText.textContent = R.fill(kind === "p" ? d.pollOpened : d.sessionOpened,
      { title: item.title });
  }
  bannerLink.addEventListener("click", function () { leaveFor(bannerLink.getAttribute("href")); });

  function leaveFor(target) {
    write(window.sessionStorage, BACK_KEY, JSON.stringify({
      to: target, from: window.location.pathname + window.location.search
    }));
  }

  /* Something opened: go there, or say so. */
  function announce(kind, item) {
    seen[kind + item.id] = true;
    remember();
    var target = path(kind, item.id);
    if (window.location.pathname === target) return;
    if (following && !busy()) {
      leaveFor(target);
      window.location.assign(target);
    } else {
      unvisited[kind + item.id] = true;
      remember();
      banner(kind, item);
    }
  }
  function forget(kind, id) {
    delete seen[kind + id];
    delete unvisited[kind + id];
    remember();
    if (bannerLink.getAttribute("href") === path(kind, id)) bannerBody.hidden = true;
  }

  function collecting(s) { return s.status === "open" && COLLECTING.indexOf(s.kind) !== -1; }

  /* After every (re)connect: what is open now; the first time in this tab, only note it. */
  function sync() {
    var base = "/api/v1/workshops/" + workshopId;
    Promise.all([R.api("GET", base + "/polls"), R.api("GET", base + "/sessions")])
      .then(function (answers) {
        var fresh = [];
        answers[0].items.forEach(function (p) {
          if (p.status === "open") fresh.push(["p", p]);
          else if (seen["p" + p.id]) delete seen["p" + p.id];
        });
        answers[1].items.forEach(function (s) {
          if (collecting(s)) fresh.push(["s", s]);
          else if (seen["s" + s.id]) delete seen["s" + s.id];
        });
        var unseen = fresh.filter(function (f) { return !seen[f[0] + f[1].id]; });
        if (!seeded) {
          unseen.forEach(function (f) { seen[f[0] + f[1].id] = true; });
          seeded = true;
          remember();
          return;
        }
        remember();
        // Polls first, the newest last (the one that is announced wins).
        unseen.sort(function (a, b) { return a[0] === b[0] ? 0 : a[0] === "s" ? -1 : 1; });
        unseen.forEach(function (f) { announce(f[0], f[1]); });
      }).catch(function () { /* offline: the next connect tries again */ });
  }

  R.socket.on("connect", sync);
  if (R.socket.connected) sync();
  R.socket.on(R.EVENTS.POLL_OPENED, function (p) { announce("p", p); });
  R.socket.on(R.EVENTS.POLL_CLOSED, function (p) { forget("p", p.id); });
  R.socket.on(R.EVENTS.SESSION_UPDATED, function (s) {
    if (collecting(s)) {
      if (!seen["s" + s.id]) announce("s", s);
    } else if (s.status || s.deleted) {
      forget("s", s.id);
    }
  });
})();
