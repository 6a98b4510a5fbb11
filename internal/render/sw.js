// The rest is the same for every handbook (internal/render/sw.js). BUILD, above, names
// this build's version, its list of files and the shell kept at install.
//
// What it keeps: the files of this build's list (offline.json), the static handbook that
// is the same for everyone, and nothing else: never another answer of the server (a
// signed-in person's pages, the API), never one that says no-store, that is not a 200,
// or that a redirect brought from somewhere else (a sign-in page). A URL with a query is
// never kept under it.
//
// How it answers a GET under the site root (the server's own api, _handbok and healthz
// are left alone):
//   - a file of the list, not a page, without a query: the kept copy, else the network;
//   - a page of the list (.html or a folder), or a file of the list with a query: the
//     network, so that online a page is always the current build's; when the network
//     fails, the kept copy of the file (a static file is the same for any query);
//   - anything else: the network only; offline, a page gets the offline page.
// A kept copy comes from this build's cache, else, offline, from an older build's.
//
// After install, every file of the list is kept in the background, a few at a time; a
// file whose hash is unchanged since the last build is copied from that build's cache
// rather than downloaded again. Once all are kept, the older caches are deleted. Open
// pages hear how far it has come ("progress", "ready", "nospace", "stopped"). The
// message {type: "forget"} (sent by a page on signing out) deletes every cache of this
// handbook and unregisters the worker; it answers {type: "forgotten"}.
"use strict";

var SCOPE = self.registration.scope; // the site root, ending in "/"
// Caches are per site root, since two handbooks may share a host under different paths.
var PREFIX = "handbok " + SCOPE + " ";
var CACHE = PREFIX + BUILD.version;
var COMPLETE = SCOPE + BUILD.list + "?complete";
var OFFLINE_PAGE = "offline.html";
var BATCH = 8; // files fetched at a time: few enough to leave the connection to the reader

function url(name) { return new URL(name, SCOPE).href; }

// key is where a URL's file is kept: without query or fragment, a folder as its index.html.
function key(u) {
  var k = new URL(u);
  k.search = "";
  k.hash = "";
  if (k.pathname.slice(-1) === "/") k.pathname += "index.html";
  return k.href;
}

// verdict says what may be done with a response to the file at u: "keep" it; "skip" it,
// since the server says no-store or private (for one person: not to be kept on a device
// that others may use); or "stop", since it is not a 200 of this file: an
// error, or a redirect to another page (a sign-in page). The one redirect kept is the
// one that some servers make from dir/index.html to dir/, which is the same file.
function verdict(res, u) {
  if (res.status !== 200 || res.type !== "basic") return "stop";
  if (res.redirected && res.url !== u.replace(/index\.html$/, "")) return "stop";
  if (/(^|[\s,])(no-store|private)([\s,;=]|$)/i.test(res.headers.get("Cache-Control") || "")) return "skip";
  return "keep";
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
        var u = url(name);
        return fetch(u, { cache: "no-cache" }).then(function (res) {
          if (verdict(res, u) !== "keep") throw new Error(name + ": " + res.status + " cannot be kept");
          return cache.put(u, unredirected(res));
        });
      })).then(function () {
        return cache.put(url(BUILD.list), new Response(JSON.stringify(list), { headers: { "Content-Type": "application/json" } }));
      });
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  // Navigation preload starts a page's request while the worker wakes, so that asking
  // the network first costs no more than having no worker.
  var preload = self.registration.navigationPreload;
  event.waitUntil(Promise.all([self.clients.claim(), preload && preload.enable()]));
});

var generation = 0; // one more after each forget, so that a fill under way stops
var listing = null; // see listed

// forget deletes every cache of this handbook and unregisters the worker, as the
// server's Clear-Site-Data does in browsers that honour it; the next page opened
// installs the worker anew.
function forget() {
  generation++;
  listing = null;
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.registration.unregister(); });
}

self.addEventListener("message", function (event) {
  var type = event.data && event.data.type;
  if (type === "status") event.waitUntil(fill());
  if (type === "forget") {
    event.waitUntil(forget().then(function () {
      if (event.source) event.source.postMessage({ type: "forgotten" });
    }));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  var path = request.url.slice(SCOPE.length);
  if (/^(api|_handbok|healthz)([/?#]|$)/.test(path)) return; // the server's own, not files
  event.respondWith(respond(event));
});

function respond(event) {
  var request = event.request;
  var k = key(request.url);
  var navigate = request.mode === "navigate";
  // The preload is there for every navigation, and must be waited for even when unused.
  var preload = navigate && event.preloadResponse ? event.preloadResponse : Promise.resolve(undefined);
  event.waitUntil(preload.catch(function () {}));
  return listed().then(function (files) {
    var inList = files[k] === true;
    var plain = inList && new URL(request.url).search === ""; // the file itself, for anyone
    var cacheFirst = plain && !navigate && !/\.html$/.test(k);
    return (cacheFirst ? current(k) : Promise.resolve(undefined)).then(function (hit) {
      return hit || preload.then(function (res) { return res || fetch(request); }).then(function (res) {
        if (plain) event.waitUntil(remember(k, res.clone()));
        return res;
      }, function (err) {
        return (inList ? copyOf(k) : Promise.resolve(undefined)).then(function (copy) {
          if (copy) return copy;
          if (navigate && k !== url(OFFLINE_PAGE)) return Response.redirect(url(OFFLINE_PAGE), 302);
          throw err;
        });
      });
    });
  });
}

// remember keeps a file of the list that was fetched before the fill came to it, when
// this build's cache is there and lacks it, so that a page opened is kept even when the
// device has no room for the whole handbook.
function remember(k, res) {
  if (verdict(res, k) !== "keep") return Promise.resolve();
  return caches.has(CACHE).then(function (has) {
    return has && current(k).then(function (hit) {
      return hit || caches.open(CACHE).then(function (c) { return c.put(k, unredirected(res)); });
    });
  }).catch(function () {}); // no room: it stays unkept
}

// listed resolves to the URLs of this build's list, as keys of an object; to none when
// the list is not kept (before install, or after the caches were cleared).
function listed() {
  if (!listing) {
    listing = current(url(BUILD.list)).then(function (res) {
      if (!res) { listing = null; return Object.create(null); }
      return res.json().then(function (list) {
        var files = Object.create(null);
        list.files.forEach(function (f) { files[url(f[0])] = true; });
        return files;
      });
    });
  }
  return listing;
}

// current finds k in this build's cache, without making the cache when it is not there.
function current(k) {
  return caches.match(k, { cacheName: CACHE });
}

// copyOf finds the kept copy of k: this build's, else an older build's.
function copyOf(k) {
  return current(k).then(function (res) { return res || older(k); });
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
  var gen = generation;
  return current(url(BUILD.list)).then(function (kept) {
    if (!kept) return undefined; // not installed, or forgotten: nothing to keep
    return Promise.all([kept.json(), caches.open(CACHE), previous()]).then(function (got) {
      var list = got[0], cache = got[1], prev = got[2];
      return cache.match(COMPLETE).then(function (complete) {
        return complete ? finish() : cache.keys().then(function (keys) {
          var have = {};
          keys.forEach(function (r) { have[r.url] = true; });
          return keepRest(cache, list, have, prev, gen);
        });
      });
    });
  });
}

// keepRest keeps the files of the list that the cache does not have yet.
function keepRest(cache, list, have, prev, gen) {
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
      if (gen !== generation) return undefined;
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
// its hash is the same, else downloaded. A file the server says never to keep is left
// out; anything else but the file (an error, a sign-in page) stops the fill.
function keep(cache, f, prev) {
  var u = url(f[0]), p = prev[u];
  var copy = p && p.hash === f[2] ? p.cache.match(u) : Promise.resolve(undefined);
  return copy.then(function (res) {
    if (res) return cache.put(u, res);
    return fetch(u, { cache: "no-cache" }).then(function (r) {
      var v = verdict(r, u);
      if (v === "stop") throw new Error(f[0] + ": " + r.status + (r.redirected ? " from " + r.url : ""));
      return v === "keep" ? cache.put(u, unredirected(r)) : undefined;
    });
  });
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
