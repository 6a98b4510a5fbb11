// handbok's suggestion form. Where `handbok serve` keeps the records (the handbok_records
// cookie says so), a signed-in reader can tell the page's owner that something is
// unclear, out of date or wrong, about a passage they selected or the whole page; the
// page shows them the answers to what they sent about it (not to one opened again), and shows the policy's owner
// how many suggestions about it are open. From disk, or on a server without the
// records, the page keeps its mailto link and says the form is on the intranet.
(function () {
  "use strict";
  var box = document.getElementById("hb-suggest");
  if (!box || !/(^|;\s*)handbok_records=/.test(document.cookie) || !window.fetch || !window.handbokMe || !window.handbokAPI) return;
  var script = document.currentScript;
  var root = new URL((script && script.getAttribute("data-root")) || "./", location.href);
  var page = box.getAttribute("data-page");
  var form = box.querySelector(".suggest-send");
  var opener = box.querySelector(".suggest-opener");
  var status = box.querySelector(".suggest-status");
  var passage = form.querySelector("[name=passage]");
  var text = form.querySelector("[name=text]");
  var again = box.querySelector(".suggest-again");

  var api = window.handbokAPI;

  function show(el, on) { if (el) el.hidden = !on; }

  function path(el, back) {
    el.href = new URL(el.getAttribute("data-path"), root).href + (back ? "?next=" + encodeURIComponent(location.pathname) : "");
    return el;
  }

  function say(key, focus) {
    status.textContent = box.getAttribute("data-" + key);
    if (focus) status.focus();
  }

  // The passage is what the reader selected in the page's text before opening the form:
  // read when the button is pressed, before the press can clear the selection.
  var selected = "";
  function readSelection() {
    var sel = window.getSelection && window.getSelection();
    var main = document.querySelector("main") || document.body;
    if (!sel || sel.isCollapsed || !main.contains(sel.anchorNode) || box.contains(sel.anchorNode)) return;
    selected = sel.toString().replace(/\s+/g, " ").trim().slice(0, 1000);
  }

  // What the reader has written is kept in the tab's session storage until it is sent
  // or they cancel, so that signing in again or leaving the page loses nothing.
  var draftKey = "handbok.suggest.draft:" + page;
  function saveDraft() {
    try {
      sessionStorage.setItem(draftKey, JSON.stringify({
        kind: form.querySelector("[name=kind]:checked").value, passage: passage.value, text: text.value }));
    } catch (e) { /* storage full or off: the form still holds the text */ }
  }
  function restoreDraft() {
    var d = null;
    try { d = JSON.parse(sessionStorage.getItem(draftKey) || "null"); } catch (e) { d = null; }
    if (!d) return;
    var kind = form.querySelector("[name=kind][value=\"" + d.kind + "\"]");
    if (kind) kind.checked = true;
    if (!passage.value) passage.value = d.passage || "";
    if (!text.value) text.value = d.text || "";
  }
  function dropDraft() {
    try { sessionStorage.removeItem(draftKey); } catch (e) { /* nothing kept */ }
  }

  // The button opens the form; pressed again while it is open, it goes to the text, so
  // that nobody takes it for sending. Hætta við closes it.
  function openForm() {
    readSelection();
    if (selected) passage.value = selected;
    selected = "";
    if (!form.hidden) {
      text.focus();
      return;
    }
    restoreDraft();
    show(form, true);
    opener.setAttribute("aria-expanded", "true");
    status.textContent = "";
    (passage.value ? text : form.querySelector("[name=kind]:checked")).focus();
  }

  function closeForm() {
    form.reset();
    dropDraft();
    show(form, false);
    opener.setAttribute("aria-expanded", "false");
    opener.focus();
  }

  function length(s) { return Array.from(s).length; }

  function send(e) {
    e.preventDefault();
    if (!text.value.trim()) {
      say("empty");
      text.focus();
      return;
    }
    if (length(text.value) > 4000) {
      status.textContent = fill(box.getAttribute("data-too-long"), length(text.value));
      text.focus();
      return;
    }
    if (length(passage.value) > 1000) {
      status.textContent = fill(box.getAttribute("data-passage-too-long"), length(passage.value));
      passage.focus();
      return;
    }
    saveDraft();
    show(again, false);
    var button = form.querySelector("[type=submit]");
    button.disabled = true;
    api("suggestions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ page: page, kind: form.querySelector("[name=kind]:checked").value, text: text.value, passage: passage.value })
    }).then(function (res) {
      button.disabled = false;
      if (res.status === 201) {
        form.reset();
        dropDraft();
        show(form, false);
        opener.setAttribute("aria-expanded", "false");
        say("sent", true);
        show(box.querySelector(".suggest-mine"), true);
        return;
      }
      var wait = parseInt(res.headers.get("Retry-After"), 10);
      if (res.status === 429 && wait > 0) {
        status.textContent = fill(box.getAttribute("data-throttled-minutes"), Math.ceil(wait / 60));
        status.focus();
        return;
      }
      if (res.status === 401) {
        path(again.querySelector("a"), true);
        show(again, true);
      }
      say(res.status === 429 ? "throttled" : res.status === 401 ? "signed-out" : "failed", true);
    }, function () {
      button.disabled = false;
      say("offline", true);
    });
  }

  function fill(template, arg) { return template.replace(/%[ds]/, String(arg)); }

  function formatDate(iso) {
    var d = new Date(iso);
    return window.handbokFormatDate ? window.handbokFormatDate(d) : d.toISOString().slice(0, 10);
  }

  // What came of the reader's suggestions about this page, and, for the policy's owner,
  // how many about it are open.
  function answers(me) {
    api("suggestions").then(function (res) {
      if (!res.ok) throw new Error("api/suggestions: " + res.status);
      return res.json();
    }).then(function (all) {
      var list = box.querySelector(".suggest-answers");
      (all.mine || []).filter(function (s) { return s.page === page && s.answer && s.status !== "open"; }).forEach(function (s) {
        var li = document.createElement("li");
        var head = document.createElement("p");
        head.className = "suggest-answer-head";
        head.textContent = fill(box.getAttribute("data-answer"), formatDate(s.created));
        var q = document.createElement("blockquote");
        q.textContent = s.text;
        var a = document.createElement("p");
        a.className = "suggest-reply";
        a.textContent = s.answer;
        li.appendChild(head);
        li.appendChild(q);
        li.appendChild(a);
        list.appendChild(li);
      });
      show(list, list.children.length > 0);
      show(box.querySelector(".suggest-mine"), (all.mine || []).some(function (s) { return s.page === page; }));
      var owner = document.querySelector("[data-owner-email]");
      if (owner && owner.getAttribute("data-owner-email").toLowerCase() === String(me.email).toLowerCase()) {
        var open = (all.handling || []).filter(function (s) { return s.page === page && s.status === "open"; }).length;
        var note = document.getElementById("hb-owner-suggestions");
        if (note && open > 0) {
          var link = path(note.querySelector("a"));
          link.textContent = fill(box.getAttribute("data-owner-open"), open);
          show(note, true);
        }
      }
    }).catch(function () {});
  }

  window.handbokMe.then(function (me) {
    show(box.querySelector(".suggest-away"), false);
    if (!me) {
      path(box.querySelector(".suggest-sign-in a"), true);
      show(box.querySelector(".suggest-sign-in"), true);
      return;
    }
    path(box.querySelector(".suggest-mine a"));
    show(box.querySelector(".suggest-start"), true);
    opener.addEventListener("pointerdown", readSelection);
    opener.addEventListener("click", openForm);
    box.querySelector(".suggest-cancel").addEventListener("click", closeForm);
    form.addEventListener("submit", send);
    form.addEventListener("input", saveDraft);
    form.addEventListener("change", saveDraft);
    answers(me);
  }).catch(function () {});
})();
