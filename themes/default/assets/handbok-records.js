// handbok's records script. Over http(s), where `handbok serve` keeps the records, it
// shows in the header whether the reader is signed in, and on a policy that staff must
// acknowledge, what the reader acknowledged, what changed since, and the button. From
// disk, or on a server without the records (no handbok_records cookie), it does
// nothing: the page already says that acknowledging needs the intranet.
(function () {
  "use strict";
  // The records server marks its pages with a cookie; anywhere else there is nobody to
  // ask.
  if (!/(^|;\s*)handbok_records=/.test(document.cookie) || !window.fetch) return;
  var script = document.currentScript;
  var root = new URL((script && script.getAttribute("data-root")) || "./", location.href);

  function api(path, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = options.headers || {};
    options.headers.Accept = "application/json";
    return fetch(new URL("api/" + path, root).href, options);
  }

  function formatDate(iso) {
    var d = new Date(iso);
    return window.handbokFormatDate ? window.handbokFormatDate(d) : d.toISOString().slice(0, 10);
  }

  // fill replaces the %d and %s of a UI text, in order, with args.
  function fill(text, args) {
    var i = 0;
    return text.replace(/%[ds]/g, function () { return String(args[i++]); });
  }

  var account = document.getElementById("hb-account");
  var box = document.getElementById("hb-ack");

  function show(el, on) { if (el) el.hidden = !on; }

  // Links to the server's own pages are written without an address, so that a copy on
  // disk has no link that leads nowhere; here, where the server is, they get one. On the
  // page it leads to, a link says so and keeps the page's own address: the sign-in
  // page's "Skrá inn" must not send the reader back to the sign-in page once signed in.
  function link(el, back) {
    var href = new URL(el.getAttribute("data-path"), root).href;
    if (href === location.href.split(/[?#]/)[0]) {
      el.href = location.href;
      el.setAttribute("aria-current", "page");
      return el;
    }
    el.href = back ? href + "?next=" + encodeURIComponent(location.pathname) : href;
    return el;
  }

  function signedOut() {
    if (account) {
      show(link(account.querySelector(".account-sign-in"), true), true);
      account.hidden = false;
    }
    if (box) {
      status(box.getAttribute("data-sign-in"));
      show(box.querySelector(".ack-button"), false);
      show(link(box.querySelector(".ack-sign-in"), true), true);
      show(box.querySelector(".ack-actions"), true);
    }
  }

  function signedIn(me) {
    if (account) {
      show(link(account.querySelector(".account-mine")), true);
      var out = account.querySelector(".account-sign-out");
      show(out, !me.sso);
      if (out) out.addEventListener("click", function () {
        // Signing out clears the browser's storage: ticks not yet sent go first.
        var sent = window.handbokSendTicks ? window.handbokSendTicks() : Promise.resolve();
        sent.catch(function () {}).then(forgetOffline).then(function () {
          return api("session", { method: "DELETE" });
        }).then(function () { location.reload(); }, function () { location.reload(); });
      });
      account.hidden = false;
    }
    if (box) policy(me);
  }

  // forgetOffline asks the service worker to delete the handbook's offline copy and
  // itself, and waits for it (two seconds at most), for browsers that do not honour the
  // sign-out's Clear-Site-Data.
  function forgetOffline() {
    var sw = navigator.serviceWorker;
    if (!sw || !sw.controller) return Promise.resolve();
    return new Promise(function (done) {
      var timer = setTimeout(done, 2000);
      sw.addEventListener("message", function (e) {
        if (e.data && e.data.type === "forgotten") { clearTimeout(timer); done(); }
      });
      sw.controller.postMessage({ type: "forget" });
    });
  }

  function status(text) {
    var p = box.querySelector(".ack-status");
    p.textContent = text;
    return p;
  }

  // policy shows the reader's standing on this page's policy.
  function policy(me) {
    var id = box.getAttribute("data-policy");
    var mine = null;
    for (var i = 0; i < (me.policies || []).length; i++) {
      if (me.policies[i].id === id) mine = me.policies[i];
    }
    var pageVersion = Number(box.getAttribute("data-version"));
    if (!mine) {
      status(box.getAttribute("data-not-yours"));
      return;
    }
    if (mine.version !== pageVersion) {
      status(box.getAttribute("data-stale"));
      return;
    }
    if (mine.state === "current") {
      status(fill(box.getAttribute("data-done"), [mine.acked_version, formatDate(mine.acked_at)]));
      return;
    }
    if (mine.state === "older") {
      status(fill(box.getAttribute("data-older"), [mine.acked_version, formatDate(mine.acked_at)]));
      changes(id, mine.acked_version);
    } else {
      status(box.getAttribute("data-never"));
    }
    var button = box.querySelector(".ack-button");
    show(box.querySelector(".ack-actions"), true);
    button.addEventListener("click", function () { acknowledge(id, pageVersion, button); });
  }

  // changes shows, above the button, what changed since the version the reader
  // acknowledged; the server makes the diff from the texts it kept.
  function changes(id, from) {
    var slot = box.querySelector(".ack-changes");
    api("policies/" + encodeURIComponent(id) + "/changes").then(function (res) {
      return res.ok ? res.json() : null;
    }).then(function (c) {
      if (!c) return;
      var h = document.createElement("h2");
      h.textContent = fill(box.getAttribute("data-changes-title"), [from]);
      slot.textContent = "";
      slot.appendChild(h);
      if (c.missing || !c.changed) {
        var p = document.createElement("p");
        p.textContent = box.getAttribute(c.missing ? "data-changes-missing" : "data-changes-none");
        slot.appendChild(p);
      } else {
        var diff = document.createElement("div");
        diff.className = "diff";
        diff.innerHTML = c.html; // made and escaped by the server, from the handbook's own texts
        slot.appendChild(diff);
      }
      slot.hidden = false;
    }).catch(function () {});
  }

  function acknowledge(id, version, button) {
    button.disabled = true;
    var said = status(box.getAttribute("data-saving"));
    api("acks", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ policy: id, version: version, revision: box.getAttribute("data-revision") })
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) { return { res: res, body: body }; });
    }).then(function (r) {
      button.disabled = false;
      if (r.res.status === 200 || r.res.status === 201) {
        status(fill(box.getAttribute("data-done"), [r.body.version, formatDate(r.body.at)]));
        show(box.querySelector(".ack-actions"), false);
        show(box.querySelector(".ack-changes"), false);
      } else if (r.res.status === 409) {
        status(box.getAttribute("data-stale"));
      } else if (r.res.status === 403) {
        status(box.getAttribute("data-not-yours"));
      } else if (r.res.status === 401) {
        signedOut();
      } else {
        status(box.getAttribute("data-failed"));
      }
      said.setAttribute("tabindex", "-1");
      said.focus();
    }, function () {
      button.disabled = false;
      status(box.getAttribute("data-failed"));
    });
  }

  // Who is signed in: null for nobody; rejected when the server could not be asked
  // (offline) or gave no answer. The onboarding script asks this promise rather than
  // the server a second time.
  var me = api("me").then(function (res) {
    if (res.status === 401 || res.status === 403) return null; // 403: the proxy names someone not in the records
    if (res.ok) return res.json();
    throw new Error("api/me: " + res.status);
  });
  window.handbokMe = me;
  window.handbokAPI = api; // for the page's other records scripts
  me.then(function (m) { return m ? signedIn(m) : signedOut(); }).catch(function () {});
})();
