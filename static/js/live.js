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

  /* opts: {auth: extra auth fields, onSync: function() re-fetching state, on: {event: fn}} */
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
      socket.on(name, opts.on[name]);
    });
    setStatus("reconnecting");
    R.socket = socket;
    return socket;
  };
})();
