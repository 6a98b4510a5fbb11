// handbok's page script: a classic script (no modules, no fetch), so that it works the
// same from a web server and from a copy opened straight from disk.
(function () {
  "use strict";

  // formatDate writes a date as the theme does: its date_format ("%d. %s %d": day, month
  // name, year) and month names, which the page's script tag carries. The browser's
  // toLocaleDateString falls back to English, without a word, where it has no data for
  // the language (Debian's Chromium has none for Icelandic).
  function formatDate(d) {
    var me = document.querySelector("script[data-months]");
    var months = me ? me.getAttribute("data-months").split(",") : [];
    var format = me && me.getAttribute("data-date-format");
    if (months.length !== 12 || !format) return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
    var args = [d.getDate(), months[d.getMonth()], d.getFullYear()], i = 0;
    return format.replace(/%[ds%]/g, function (verb) { return verb === "%%" ? "%" : String(args[i++]); });
  }

  // A printed policy or checklist says when it was printed, in the handbook's language.
  function stampPrintDate() {
    var text = formatDate(new Date());
    var slots = document.querySelectorAll("[data-print-date]");
    for (var i = 0; i < slots.length; i++) slots[i].textContent = text;
  }

  // A policy past its review date says so, by the reader's clock rather than the date
  // of the build, so the page needs no rebuild to stay right.
  function markOverdueReview() {
    var now = new Date();
    var today = now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
    var dates = document.querySelectorAll("time[data-review]");
    for (var i = 0; i < dates.length; i++) {
      var review = dates[i].getAttribute("datetime");
      if (review && review < today) {
        var note = dates[i].parentNode.querySelector(".review-overdue");
        if (note) note.hidden = false;
      }
    }
  }

  // Over http(s), a service worker (sw.js at the site root) keeps the handbook on the
  // device, so that it works offline, search included. From disk it is neither needed
  // nor possible. Under handbok serve while writing (the page has the live-reload
  // script), it is switched off, so that every rebuild shows at once.
  function offline() {
    var sw = navigator.serviceWorker;
    if (!sw || (location.protocol !== "http:" && location.protocol !== "https:")) return;
    var me = document.querySelector("script[data-root]");
    var root = new URL((me && me.getAttribute("data-root")) || "./", location.href).href;
    if (document.querySelector('script[src$="/_handbok/reload.js"]')) {
      sw.getRegistration(root).then(function (r) { if (r) r.unregister(); });
      return;
    }
    var link = document.createElement("link");
    link.rel = "manifest";
    link.href = root + "manifest.webmanifest";
    document.head.appendChild(link);

    var box = document.getElementById("hb-offline");
    var text = box && box.querySelector(".offline-text");
    var reload = box && box.querySelector(".offline-reload");
    var said = box && box.querySelector(".offline-said");
    var updated = false, saving = false;
    // show puts message in the footer; a screen reader hears it only when it is news
    // (say): the update, or the end of saving that this page showed going on, and not
    // each step of the progress or "available offline" on every page. A theme whose
    // footer has no #hb-offline still gets offline use, without the status.
    function show(message, withReload, say) {
      if (!box || updated) return;
      box.hidden = false;
      text.textContent = message;
      reload.hidden = !withReload;
      if (say) said.textContent = message;
    }
    if (reload) reload.addEventListener("click", function () { location.reload(); });

    sw.addEventListener("message", function (e) {
      var m = e.data || {};
      if (!box) return;
      if (m.type === "progress") {
        show(box.getAttribute("data-progress").replace("%s", Math.floor(100 * m.done / (m.total || 1)) + "%"));
        saving = true;
      } else if (m.type === "ready") {
        show(box.getAttribute("data-ready"), false, saving);
      } else if (m.type === "nospace" || m.type === "stopped") {
        show(box.getAttribute("data-" + m.type));
      }
    });
    // A new build's worker takes over open pages at once; what they show is the old
    // build until they reload.
    var controlled = !!sw.controller;
    sw.addEventListener("controllerchange", function () {
      if (controlled && box) {
        show(box.getAttribute("data-updated"), true, true);
        box.className += " is-updated";
        updated = true;
      }
      controlled = true;
      ask();
    });
    function ask() {
      sw.ready.then(function (r) { if (r.active) r.active.postMessage({ type: "status" }); });
    }
    sw.register(root + "sw.js", { scope: root }).then(function (r) {
      ask();
      // Look for a new build when the reader comes back to the page or online.
      function check() { r.update().catch(function () {}); }
      window.addEventListener("online", check);
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "visible") check();
      });
    }).catch(function () {});
  }

  // The records script writes dates the same way.
  window.handbokFormatDate = formatDate;

  stampPrintDate();
  markOverdueReview();
  window.addEventListener("beforeprint", stampPrintDate);
  offline();
})();
