// The rest is the same for every handbook (internal/render/sw.js). BUILD, above, names
// this build's version, its list of files and the shell kept at install.
//
// Pages and files come from this build's cache when they are in it, else from the
// network (and are kept), else from an older build's cache, else a page gets the
// offline page. After install, every file of the list is kept in the background, a few
// at a time; a file whose hash is unchanged since the last build is copied from that
// build's cache rather than downloaded again. Once all are kept, the older caches are
// deleted. Open pages hear how far it has come ("progress", "ready", "nospace").
"use strict";

var SCOPE = self.registration.scope; // the site root, ending in "/"
// Caches are per site root, since two handbooks may share a host under different paths.
var PREFIX = "handbok " + SCOPE + " ";
var CACHE = PREFIX + BUILD.version;
var COMPLETE = SCOPE + BUILD.list + "?complete";
var BATCH = 8; // files fetched at a time: few enough to leave the connection to the reader

function url(name) { return new URL(name, SCOPE).href; }

// key is the cache key of a request: no query or fragment, and a folder as its index.html.
function key(request) {
  var u = new URL(request.url);
  u.search = "";
  u.hash = "";
  if (u.pathname.slice(-1) === "/") u.pathname += "index.html";
  return u.href;
}

function fetchList() {
  return fetch(url(BUILD.list), { cache: "no-cache" }).then(function (res) {
    if (!res.ok) throw new Error(BUILD.list + ": " + res.status);
    return res.json();
  }).then(function (list) {
    // A newer build is on the server: its worker will come; this one must not install.
    if (list.version !== BUILD.version) throw new Error("the site was rebuilt");
    return list;
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return fetchList().then(function (list) {
      return Promise.all(BUILD.shell.map(function (name) {
        return fetch(url(name), { cache: "no-cache" }).then(function (res) {
          if (!res.ok) throw new Error(name + ": " + res.status);
          return cache.put(url(name), unredirected(res));
        });
      })).then(function () {
        return cache.put(url(BUILD.list), new Response(JSON.stringify(list), { headers: { "Content-Type": "application/json" } }));
      });
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "status") event.waitUntil(fill());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  var path = request.url.slice(SCOPE.length);
  if (/^(api|_handbok|healthz)([/?#]|$)/.test(path)) return; // the server's own, not files
  event.respondWith(respond(request));
});

function respond(request) {
  var k = key(request);
  return caches.open(CACHE).then(function (cache) {
    return cache.match(k).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (res) {
        if (res.ok && res.type === "basic") cache.put(k, unredirected(res.clone()));
        return res;
      }, function (err) {
        return older(k).then(function (old) {
          if (old) return old;
          if (request.mode === "navigate" && k !== url("offline.html")) return Response.redirect(url("offline.html"), 302);
          throw err;
        });
      });
    });
  });
}

// olderCaches lists the caches of earlier builds of this site.
function olderCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; });
  });
}

function older(k) {
  return olderCaches().then(function (names) {
    return names.reduce(function (found, name) {
      return found.then(function (res) {
        return res || caches.open(name).then(function (c) { return c.match(k); });
      });
    }, Promise.resolve(undefined));
  });
}

function tell(message) {
  return self.clients.matchAll({ includeUncontrolled: true }).then(function (clients) {
    clients.forEach(function (c) { c.postMessage(message); });
  });
}

var filling = null;

// fill keeps every file of the list, once; a second call while one runs joins it. It
// stops at the first failed download (offline again) and starts over, where it was,
// when a page next asks; when the device is full, it says so.
function fill() {
  if (!filling) {
    var done = function () { filling = null; };
    filling = keepAll().then(done, function (err) {
      done();
      // The browser's estimate of the room may be wrong; the cache's refusal is not.
      if (err && err.name === "QuotaExceededError") return tell({ type: "nospace" });
      return tell({ type: "stopped", message: String(err) });
    });
  }
  return filling;
}

function keepAll() {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(COMPLETE).then(function (complete) {
      if (complete) return finish();
      return Promise.all([
        cache.match(url(BUILD.list)).then(function (res) { return res.json(); }),
        cache.keys(),
        previous()
      ]).then(function (got) {
        var list = got[0], have = {}, prev = got[2];
        got[1].forEach(function (r) { have[r.url] = true; });
        var total = 0, done = 0, todo = [];
        list.files.forEach(function (f) {
          total += f[1];
          if (have[url(f[0])]) done += f[1];
          else todo.push(f);
        });
        // Short of room, the earlier builds' caches go first: this one is what counts.
        return room(total - done).then(function (enough) {
          return enough || olderCaches().then(function (names) {
            return Promise.all(names.map(function (n) { return caches.delete(n); }));
          }).then(function () { return room(total - done); });
        }).then(function (enough) {
          if (!enough) return tell({ type: "nospace" });
          var i = 0;
          function next() {
            if (i >= todo.length) {
              return cache.put(COMPLETE, new Response("")).then(finish);
            }
            var batch = todo.slice(i, i + BATCH);
            i += BATCH;
            return Promise.all(batch.map(function (f) { return keep(cache, f, prev); })).then(function () {
              batch.forEach(function (f) { done += f[1]; });
              return tell({ type: "progress", done: done, total: total });
            }).then(next);
          }
          return tell({ type: "progress", done: done, total: total }).then(next);
        });
      });
    });
  });
}

// previous maps the URLs of earlier builds' complete caches to their hash and cache.
function previous() {
  return olderCaches().then(function (names) {
    var prev = {};
    return Promise.all(names.map(function (name) {
      return caches.open(name).then(function (c) {
        return c.match(url(BUILD.list)).then(function (res) {
          return res && res.json().then(function (list) {
            list.files.forEach(function (f) { prev[url(f[0])] = { hash: f[2], cache: c }; });
          });
        });
      });
    })).then(function () { return prev; });
  });
}

// keep puts one file of the list in the cache: copied from an earlier build's cache when
// its hash is the same, else downloaded.
function keep(cache, f, prev) {
  var u = url(f[0]), p = prev[u];
  var copy = p && p.hash === f[2] ? p.cache.match(u) : Promise.resolve(undefined);
  return copy.then(function (res) {
    return res || fetch(u, { cache: "no-cache" }).then(function (r) {
      if (!r.ok) throw new Error(f[0] + ": " + r.status);
      return r;
    });
  }).then(function (res) { return cache.put(u, unredirected(res)); });
}

// unredirected returns a response that a page may be given: browsers refuse, for a
// page, a response that came through a redirect (servers that send dir/index.html to
// dir/ make them), so such a response is copied without that mark.
function unredirected(res) {
  if (!res.redirected) return res;
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

// room reports whether the device has space for bytes more, when the browser says.
function room(bytes) {
  if (!self.navigator.storage || !self.navigator.storage.estimate) return Promise.resolve(true);
  return self.navigator.storage.estimate().then(function (e) {
    return !e.quota || e.quota - (e.usage || 0) > bytes * 1.2;
  }, function () { return true; });
}

// finish deletes the earlier builds' caches, now that this one has everything.
function finish() {
  return olderCaches().then(function (names) {
    return Promise.all(names.map(function (n) { return caches.delete(n); }));
  }).then(function () { return tell({ type: "ready", version: BUILD.version }); });
}
