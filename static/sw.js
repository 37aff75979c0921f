/* Rembuk's offline shell for participant pages (scope /w), served from /w/sw.js with
   self.REMBUK_SHELL = {version, scope, static, precache, offline, viewerHeader} prepended
   (workshop/views/participant/shell.py).

   - Participant pages (GET navigations under /w): network first; a good answer is kept per URL
     in the state cache; with no network the kept copy is shown, marked with when it was saved
     (the page says "offline, showing what was last seen at HH:MM"), or the offline page.
   - Static files: cache first, in a cache named after the server's asset version; a new server
     ships a new version, so this worker is replaced and drops the old caches when it activates.
   - The API's GETs (the wall, the agenda, polls, worksheets): network first, the last answer
     kept per URL. Nothing else is cached: no POST/PUT/PATCH/DELETE (they go to the network
     untouched — the outbox in static/js/outbox.js queues and resends them), nothing outside
     this origin, and no page outside /w (the facilitator's pages are never controlled).
   - The state cache belongs to one participant: a page answered for another viewer, or a
     participant page that redirects (the device left or was revoked), empties it first.
     "Leave this device" clears everything (Clear-Site-Data, and static/js/shell.js itself). */
/* global self, caches, clients, fetch, Response, Headers, URL */
"use strict";

var SHELL = self.REMBUK_SHELL;
var STATIC_CACHE = "rembuk-static-" + SHELL.version;
var STATE_CACHE = "rembuk-state-v1";
var VIEWER_KEY = SHELL.scope + "/__viewer";
var SAVED_HEADER = "X-Rembuk-Saved-At";
var MARK = 'data-shell-saved=""';

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      // Without cookies: nothing personal in the shared files (the offline page shows no
      // name). All or nothing: a worker that went live without the offline page could leave
      // a phone on an error page; if the network drops while installing, the browser tries
      // again on the next page (tests/test_offline_shell.py checks every file exists).
      return cache.addAll(SHELL.precache.concat([SHELL.offline]).map(function (url) {
        return new Request(url, { cache: "reload", credentials: "omit" });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("rembuk-static-") === 0 && name !== STATIC_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function forgetState() {
  return caches.delete(STATE_CACHE);
}

function inScope(path) {
  return path === SHELL.scope || path.indexOf(SHELL.scope + "/") === 0;
}

/* A copy of `response` with the time it was saved, for the state cache. */
function stamped(response) {
  return response.clone().blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set(SAVED_HEADER, new Date().toISOString());
    return new Response(body, { status: response.status, statusText: response.statusText,
      headers: headers });
  });
}

/* Keep a participant's answer, first emptying the cache when it is another person's view. */
function keep(request, response) {
  var viewer = response.headers.get(SHELL.viewerHeader);
  return caches.open(STATE_CACHE).then(function (cache) {
    var checked = Promise.resolve();
    if (viewer) {
      checked = cache.match(VIEWER_KEY).then(function (known) {
        return known ? known.text() : null;
      }).then(function (previous) {
        if (previous === viewer) return null;
        return forgetState().then(function () {
          return caches.open(STATE_CACHE).then(function (fresh) {
            cache = fresh;
            return fresh.put(VIEWER_KEY, new Response(viewer));
          });
        });
      });
    }
    return checked.then(function () { return stamped(response); })
      .then(function (copy) { return cache.put(request, copy); });
  });
}

/* The kept copy of a page, with its save time written where the page looks for it. */
function keptPage(request) {
  return caches.open(STATE_CACHE).then(function (cache) {
    return cache.match(request, { ignoreVary: true });
  }).then(function (kept) {
    if (!kept) return caches.match(SHELL.offline, { ignoreVary: true });
    var saved = kept.headers.get(SAVED_HEADER) || "";
    return kept.text().then(function (html) {
      var headers = new Headers(kept.headers);
      return new Response(html.replace(MARK, 'data-shell-saved="' + saved + '"'),
        { status: 200, headers: headers });
    });
  });
}

function page(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
      // Not (or no longer) a joined participant here: nothing kept may be shown again.
      return forgetState().then(function () { return response; });
    }
    if (response.ok && response.headers.get(SHELL.viewerHeader)) {
      event.waitUntil(keep(request, response.clone()));
    }
    return response;
  }, function () {
    return keptPage(request).then(function (kept) {
      return kept || Response.error();
    });
  });
}

function api(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (response.ok) event.waitUntil(keep(request, response.clone()));
    else if (response.status === 401) event.waitUntil(forgetState());
    return response;
  }, function (error) {
    return caches.open(STATE_CACHE).then(function (cache) {
      return cache.match(request, { ignoreVary: true });
    }).then(function (kept) {
      if (kept) return kept;
      throw error;
    });
  });
}

function asset(request) {
  return caches.open(STATIC_CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return; // writes always go to the network, never cached
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var path = url.pathname;
  if (path === SHELL.scope + "/sw.js") return;
  if (request.mode === "navigate") {
    if (inScope(path) && path !== SHELL.offline) event.respondWith(page(event));
    return;
  }
  if (path.indexOf(SHELL.static) === 0) {
    event.respondWith(asset(request));
  } else if (path.indexOf("/api/v1/") === 0) {
    event.respondWith(api(event));
  } else if (inScope(path) && (request.headers.get("Accept") || "").indexOf("text/html") !== -1) {
    event.respondWith(page(event)); // a page's own HTML fetched again (Rembuk.refreshParts)
  }
});
