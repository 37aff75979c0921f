/* The live connection every page shares: authenticates, reconnects, shows its state,
   and asks the page to re-fetch over HTTP after every (re)connect, so a push lost
   while offline never leaves stale data on screen. */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});

  function meta(name) {
    var el = document.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute("content") : null;
  }
  R.csrfToken = function () { return meta("csrf-token"); };

  function setStatus(state) {
    var el = document.getElementById("conn-status");
    if (!el) return;
    el.hidden = false;
    el.dataset.state = state;
    el.textContent = el.dataset[state] || state;
  }
  R.setStatus = setStatus;

  /* JSON over fetch with the CSRF header; rejects with the API error object. */
  R.api = function (method, url, body) {
    var opts = {
      method: method,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": R.csrfToken() }
    };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(url, opts).then(function (res) {
      if (res.status === 204) return null;
      return res.json().then(function (data) {
        if (!res.ok) {
          var err = new Error((data.error && data.error.message) || res.statusText);
          err.status = res.status;
          err.data = data.error || {};
          throw err;
        }
        return data;
      });
    });
  };

  /* Forms marked data-api-method/data-api-url go through the JSON API (same validation as
     the plain POST they also work as); field messages land in [data-error-for=name]. */
  R.enhanceForms = function (root, onSuccess) {
    root.addEventListener("submit", function (e) {
      var form = e.target;
      if (!form.dataset || !form.dataset.apiUrl) return;
      e.preventDefault();
      var body = {};
      new FormData(form).forEach(function (value, key) {
        if (key === "csrf_token") return;
        body[key] = /^\d+$/.test(value) && /(_id|^into)$/.test(key) ? Number(value) : value;
      });
      form.querySelectorAll("[data-error-for]").forEach(function (p) { p.hidden = true; });
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      R.api(form.dataset.apiMethod || "POST", form.dataset.apiUrl, body).then(function (data) {
        if (onSuccess) onSuccess(form, data);
      }).catch(function (err) {
        var fields = (err.data && err.data.fields) || {};
        var shown = false;
        Object.keys(fields).forEach(function (name) {
          var p = form.querySelector('[data-error-for="' + name + '"]');
          if (p) { p.textContent = fields[name].join(" "); p.hidden = false; shown = true; }
        });
        if (!shown) window.alert(err.message);
      }).finally(function () {
        if (button) button.disabled = false;
      });
    });
  };

  /* Re-render parts of the page from the server's own HTML (one rendering path, escaped by
     the templates): fetch the page again and swap the nodes with these ids. */
  R.refreshParts = function (ids) {
    return fetch(window.location.pathname + window.location.search, {
      credentials: "same-origin", headers: { "Accept": "text/html" }
    }).then(function (res) { return res.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      ids.forEach(function (id) {
        var fresh = doc.getElementById(id);
        var current = document.getElementById(id);
        if (fresh && current) current.replaceWith(document.importNode(fresh, true));
      });
    });
  };

  /* Listen to an item event in both its forms: the singular one (facilitators, one item)
     and its batch (the hall: {"items": [...]}, see Rembuk.BATCHED). `each(item)` runs for
     every item in arrival order, then `after()` (if given) once per push, so a page can
     redraw once per batch. Returns the socket. */
  R.onItems = function (socket, name, each, after) {
    socket.on(name, function (item) {
      each(item);
      if (after) after();
    });
    var plural = (R.BATCHED || {})[name];
    if (plural) {
      socket.on(plural, function (batch) {
        ((batch && batch.items) || []).forEach(function (item) { each(item); });
        if (after) after();
      });
    }
    return socket;
  };

  /* opts: {auth: extra auth fields, onSync: function() re-fetching state, on: {event: fn}};
     an item event in `on` hears its batches too (Rembuk.onItems). */
  R.connect = function (opts) {
    opts = opts || {};
    var first = true;
    var socket = io({
      transports: ["websocket", "polling"],
      auth: function (cb) {
        var auth = Object.assign({ csrf: R.csrfToken() }, opts.auth || {});
        cb(auth);
      }
    });
    socket.on("connect", function () {
      setStatus("connected");
      if (opts.onSync) opts.onSync(first);
      first = false;
    });
    socket.on("disconnect", function () {
      setStatus(navigator.onLine === false ? "offline" : "reconnecting");
    });
    socket.on("connect_error", function () {
      if (!socket.active) {
        setStatus("refused");
      } else {
        setStatus(navigator.onLine === false ? "offline" : "reconnecting");
      }
    });
    window.addEventListener("offline", function () { setStatus("offline"); });
    window.addEventListener("online", function () {
      if (!socket.connected) setStatus("reconnecting");
    });
    Object.keys(opts.on || {}).forEach(function (name) {
      if (R.BATCHED && R.BATCHED[name]) R.onItems(socket, name, opts.on[name]);
      else socket.on(name, opts.on[name]);
    });
    setStatus("reconnecting");
    R.socket = socket;
    return socket;
  };
})();
