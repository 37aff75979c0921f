/* The offline outbox of proposals: nothing typed is lost, nothing sent counts twice.

   R.outbox(key, opts) keeps a list of items {client_id, session_id, body, state, queued_at,
   fields, message} in localStorage under `key` (in memory when storage refuses: private mode,
   full disk). An item is written BEFORE it is sent and leaves only when the server answered
   201 or 200; the server replays a known client_id with 200 and the same proposal, so a resend
   never duplicates. flush() sends the waiting items one at a time:
     opts.url(item)            → where to POST the item's body (plus its client_id);
     opts.onSending(item)      → before each send (the page shows "Sending…");
     opts.onAnswer(item, ans)  → {status, data, retryAfter} (status 0: no answer); returns
                                 true when the next item may go right away;
     opts.onIdle()             → nothing is waiting any more.
   A 429's Retry-After pauses flush() until then (call pauseUntil).

   R.newClientId() is a UUID v4 (randomUUID needs a secure context; the hall's LAN address is
   plain http, so it is built from getRandomValues there). R.CLIENT_ID matches what the server
   accepts (IdeaForm.client_id; tests/test_js_rules.py keeps the two equal).
   R.storedJSON / R.storeJSON / R.forgetJSON read and write one localStorage key safely. */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});

  R.CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

  R.storedJSON = function (key, fallback) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  };

  R.storeJSON = function (key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) {
      return false;
    }
  };

  R.forgetJSON = function (key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing to do */ }
  };

  R.newClientId = function () {
    var c = window.crypto;
    if (c && typeof c.randomUUID === "function") {
      try {
        var uuid = c.randomUUID();
        if (R.CLIENT_ID.test(uuid)) return uuid;
      } catch (e) { /* fall through */ }
    }
    var bytes = new Uint8Array(16);
    if (c && c.getRandomValues) {
      c.getRandomValues(bytes);
    } else {
      for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  };

  /* POST one item as JSON; resolves {status, data, retryAfter} (status 0: no answer in time). */
  function post(url, item, timeoutMs) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, timeoutMs) : null;
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "Content-Type": "application/json",
        "X-CSRFToken": R.csrfToken()
      },
      body: JSON.stringify(Object.assign({}, item.body, { client_id: item.client_id })),
      signal: controller ? controller.signal : undefined
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        return { status: res.status, data: data, retryAfter: res.headers.get("Retry-After") };
      });
    }, function () {
      return { status: 0 };
    }).finally(function () {
      if (timer) clearTimeout(timer);
    });
  }

  R.outbox = function (key, opts) {
    var memory = null; // used only when localStorage refuses
    var flushing = false;
    var flushAgain = false;
    var retryAt = 0;
    var timeoutMs = opts.sendTimeoutMs || 15000;

    function read() {
      if (memory) return memory.slice();
      var list = R.storedJSON(key, []);
      return Array.isArray(list) ? list : [];
    }

    function write(list) {
      if (memory || !R.storeJSON(key, list)) memory = list.slice();
    }

    var box = {
      key: key,
      read: read,
      find: function (clientId) {
        return read().filter(function (item) { return item.client_id === clientId; })[0];
      },
      waiting: function () {
        return read().filter(function (item) { return item.state === "waiting"; });
      },
      /* A new waiting item for `body`, stored before anything is sent; returns it. */
      add: function (sessionId, body) {
        var item = {
          client_id: R.newClientId(),
          session_id: sessionId,
          body: body,
          state: "waiting",
          queued_at: new Date().toISOString()
        };
        var list = read();
        list.push(item);
        write(list);
        return item;
      },
      update: function (clientId, changes) {
        write(read().map(function (item) {
          return item.client_id === clientId ? Object.assign({}, item, changes) : item;
        }));
      },
      remove: function (clientId) {
        write(read().filter(function (item) { return item.client_id !== clientId; }));
      },
      pauseUntil: function (time) {
        retryAt = time;
        setTimeout(box.flush, Math.max(0, time - Date.now()) + 50);
      },
      /* Send the waiting items, one at a time, in the order they were written. */
      flush: function () {
        if (flushing) {
          flushAgain = true;
          return;
        }
        if (Date.now() < retryAt) return;
        var next = box.waiting()[0];
        if (!next) {
          if (opts.onIdle) opts.onIdle();
          return;
        }
        flushing = true;
        if (opts.onSending) opts.onSending(next);
        post(opts.url(next), next, timeoutMs).then(function (answer) {
          var goOn = opts.onAnswer(next, answer);
          flushing = false;
          if (opts.onSettled) opts.onSettled(next);
          if (goOn || flushAgain) {
            flushAgain = false;
            if (goOn) box.flush();
          }
        });
      }
    };
    return box;
  };
})();
