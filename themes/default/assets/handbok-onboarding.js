// handbok's onboarding script: the ticks of a checklist page, and a new hire's next steps
// on the front page. A classic script (no modules, no fetch on disk), so that a checklist
// opened straight from disk can be ticked too.
//
// Ticks are kept in the browser's localStorage, under "handbok.ticks.v1:" and the email
// of whoever is signed in ("" for nobody, and on disk), each item as {done, at} with at
// the device's time of the change. Where the records server is (the handbok_records
// cookie) and someone is signed in, each tick is sent to it and kept here, marked
// pending, only until the server has it: one that cannot be sent goes on the next load
// or when the connection is back. For each item the change with the latest time
// stands, on the server and here: the page shows a pending tick when it is later than
// the server's state, and takes what the server answers. The page's boxes come
// disabled, since without the script a tick would be kept nowhere; the script enables
// those that may be ticked.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL((script && script.getAttribute("data-root")) || "./", location.href);
  // The records script asks the server who is signed in, and only where there is one.
  var records = !!window.handbokMe && !!window.fetch;
  var TICKS = "handbok.ticks.v1:";
  var SEEN = "handbok.onboarding.v1:"; // the server's last view, for a page opened offline
  var WHO = "handbok.who.v1";          // who was signed in last, for the same

  function store() {
    try { return window.localStorage || null; } catch (e) { return null; }
  }
  function load(name, fallback) {
    var s = store();
    try { return (s && JSON.parse(s.getItem(name))) || fallback; } catch (e) { return fallback; }
  }
  function save(name, value) {
    var s = store();
    try { if (s) s.setItem(name, JSON.stringify(value)); } catch (e) { /* full or refused: the page still works */ }
  }
  function tickKey(person, checklist, item) { return JSON.stringify([person || "", checklist, item]); }
  function ticksOf(owner) { return load(TICKS + owner, {}); }
  function putTick(owner, key, rec) {
    var all = ticksOf(owner);
    if (rec) all[key] = rec; else delete all[key];
    save(TICKS + owner, all);
  }

  function api(path, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = options.headers || {};
    options.headers.Accept = "application/json";
    return fetch(new URL("api/" + path, root).href, options);
  }
  function askMe() {
    return api("me").then(function (res) {
      if (res.status === 401 || res.status === 403) return null;
      if (res.ok) return res.json();
      throw new Error("api/me: " + res.status);
    });
  }

  // fill replaces the %d and %s of a UI text, in order, with args.
  function fill(text, args) {
    var i = 0;
    return (text || "").replace(/%[ds]/g, function () { return String(args[i++]); });
  }
  function formatDate(d) {
    return window.handbokFormatDate ? window.handbokFormatDate(d) : d.toISOString().slice(0, 10);
  }
  // day writes a YYYY-MM-DD date, which names a day and no time of it.
  function day(iso) {
    var p = iso.split("-");
    return formatDate(new Date(Number(p[0]), Number(p[1]) - 1, Number(p[2])));
  }
  function when(at) { return formatDate(new Date(at)); }
  // Due dates are days in Iceland, whose time is UTC.
  function today() { return new Date().toISOString().slice(0, 10); }
  function time(at) { var t = Date.parse(at || ""); return isNaN(t) ? -Infinity : t; }

  // latest is the state of an item that stands: the server's, or a tick the server has
  // not had yet when that is later. A policy item is the server's alone.
  function latest(item, rec) {
    var state = { done: !!item.done, at: item.at, by: item.by, byName: item.by_name, pending: false };
    if (!item.policy && rec && rec.pending && time(rec.at) > time(item.at)) {
      state = { done: rec.done, at: rec.at, by: rec.by, byName: rec.byName, pending: !!rec.pending };
    }
    state.overdue = !state.done && !!item.due && item.due < today();
    return state;
  }

  // send puts one pending tick to the server and keeps its answer. It resolves to
  // "saved" (with the state that stands in .tick), "pending" (no connection, or the
  // server failed: it stays to be sent again), "signed-out" (kept until the same
  // person signs in) or "refused" (never to be applied: dropped).
  function send(owner, key, rec) {
    var k = JSON.parse(key);
    var body = { done: rec.done, at: rec.at };
    if (k[0]) body.person = k[0];
    var path = "checklists/" + k[1].split("/").map(encodeURIComponent).join("/") + "/items/" + encodeURIComponent(k[2]);
    function still() { var now = ticksOf(owner)[key]; return now && now.at === rec.at; }
    return api(path, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (res) {
      if (res.ok) {
        return res.json().then(function (t) {
          // The page keeps the server's answer; a newer tick of the same item, made
          // meanwhile, stays to go next.
          if (still()) putTick(owner, key, null);
          return { result: "saved", tick: t };
        });
      }
      if (res.status === 401) return { result: "signed-out" };
      if (res.status >= 400 && res.status < 500) {
        if (still()) putTick(owner, key, null);
        return { result: "refused" };
      }
      return { result: "pending" };
    }, function () {
      return { result: "pending" };
    });
  }

  // Ticks go to the server one at a time, in the order they were made, so that what
  // the page asks the server after sending is what every tick before it left there.
  var queue = Promise.resolve();
  function inTurn(job) {
    var done = queue.then(job);
    queue = done.catch(function () {});
    return done;
  }
  function sendOne(owner, key, rec) {
    return inTurn(function () { return send(owner, key, rec); });
  }

  // sendAll sends the owner's pending ticks, after those on their way already, and
  // resolves to the worst result ("none" when there was nothing to send) and how many
  // the server took.
  function sendAll(owner) {
    return inTurn(function () { return sendPending(owner); });
  }
  function sendPending(owner) {
    var all = ticksOf(owner), keys = [], worst = "none", taken = 0;
    for (var key in all) if (all[key] && all[key].pending) keys.push(key);
    var rank = { none: 0, saved: 1, refused: 2, pending: 3, "signed-out": 4 };
    return keys.reduce(function (chain, key) {
      return chain.then(function () {
        return send(owner, key, all[key]).then(function (r) {
          if (rank[r.result] > rank[worst]) worst = r.result;
          if (r.result === "saved") taken++;
        });
      });
    }, Promise.resolve()).then(function () { return { worst: worst, taken: taken }; });
  }

  var list = document.querySelector("ol.items[data-checklist]");
  if (list) checklist(list);
  var next = document.getElementById("hb-next");
  if (next && records) nextSteps(next);

  // checklist makes the checklist page's boxes tickable and, with the records, shows
  // the person's dates and who ticked what.
  function checklist(list) {
    var id = list.getAttribute("data-checklist");
    var note = document.getElementById("hb-tick-note");
    var said = document.querySelector(".tick-status");
    var who = document.querySelector(".checklist-who");
    var person = new URLSearchParams(location.search).get("person") || "";
    // view: whose ticks ("" on disk and signed out) and their name, for whom they are
    // made when that is someone else, the server's view of the checklist, whether the
    // one ticking may tick the supervisor's items, and whether nothing may be ticked
    // (someone else's checklist that the server did not show).
    var view = { owner: "", name: "", person: "", items: null, supervisor: true, locked: true };
    var lis = list.querySelectorAll("li[data-item]");

    function text(name) { return note.getAttribute("data-" + name) || ""; }
    function say(message) { said.textContent = message; }

    function render() {
      var mine = ticksOf(view.owner);
      for (var i = 0; i < lis.length; i++) item(lis[i], mine);
    }

    function item(li, mine) {
      var itemID = li.getAttribute("data-item");
      var box = li.querySelector(".item-check");
      var stateEl = li.querySelector(".item-state");
      var policy = li.getAttribute("data-policy");
      var rec = mine[tickKey(view.person, id, itemID)];
      var due = li.querySelector(".item-due");
      var late = li.querySelector(".item-overdue");
      if (!due.hasAttribute("data-relative")) due.setAttribute("data-relative", due.textContent);
      if (!view.items) {
        // Kept on this device only: a policy is acknowledged on the intranet, never here.
        var done = !view.locked && !policy && !!(rec && rec.done);
        box.checked = done;
        box.disabled = view.locked || !!policy;
        li.classList.toggle("is-done", done);
        li.classList.remove("is-overdue");
        late.hidden = true;
        due.textContent = due.getAttribute("data-relative");
        stateEl.textContent = policy ? text("policy-intranet") : "";
        return;
      }
      var it = view.items[itemID] || { id: itemID, policy: policy, owner: li.classList.contains("owner-supervisor") ? "supervisor" : "employee" };
      var st = latest(it, rec);
      box.checked = st.done;
      li.classList.toggle("is-done", st.done);
      box.disabled = !!it.policy || (it.owner === "supervisor" && !view.supervisor);
      due.textContent = it.due ? fill(text("due"), [day(it.due)]) : due.getAttribute("data-relative");
      late.textContent = text("overdue");
      late.hidden = !st.overdue;
      li.classList.toggle("is-overdue", st.overdue);
      var words = "";
      if (it.policy) {
        if (st.done) words = fill(text("policy-done"), [when(st.at)]);
        else if (it.reopened) words = fill(text("reopened"), [it.reopened]);
        else words = text("policy-note");
      } else if (st.done && st.at) {
        words = st.by ? fill(text("done-by"), [when(st.at), st.byName || st.by]) : "";
      } else if (box.disabled) {
        words = text("supervisors");
      }
      stateEl.textContent = words;
    }

    list.addEventListener("change", function (e) {
      var box = e.target;
      if (!box.classList || !box.classList.contains("item-check") || view.locked) return;
      var li = box.closest("li[data-item]");
      var key = tickKey(view.person, id, li.getAttribute("data-item"));
      var rec = { done: box.checked, at: new Date().toISOString() };
      if (view.items) {
        rec.pending = true;
        rec.by = view.owner;
        rec.byName = view.name;
      }
      putTick(view.owner, key, rec);
      render();
      if (!view.items) return;
      sendOne(view.owner, key, rec).then(function (r) {
        if (r.result === "saved") {
          var it = view.items[r.tick.item];
          if (it) {
            it.done = r.tick.done; it.at = r.tick.at; it.by = r.tick.by;
            it.by_name = r.tick.by === view.owner ? view.name : "";
          }
          remember();
        }
        render();
        say(text({ saved: "saved", pending: "pending", "signed-out": "signed-out", refused: "failed" }[r.result]));
      });
    });

    // remember keeps the server's view, with the ticks it has taken since, for a page
    // opened with no connection.
    function remember() {
      save(SEEN + view.owner + (view.person ? "\n" + view.person : ""), view.seen);
    }

    // local shows the ticks kept on this device, for whoever holds it.
    function local(message) {
      view = { owner: "", name: "", person: "", items: null, supervisor: true, locked: false };
      note.textContent = text(message);
      note.hidden = false;
      render();
    }
    // refused shows that the server will not show this person's checklist, or cannot
    // now: nothing is ticked for them.
    function refused(message) {
      view = { owner: "", name: "", person: person, items: null, supervisor: false, locked: true };
      note.textContent = text(message);
      note.hidden = false;
      who.hidden = true;
      render();
    }

    // server shows the checklist as the records have it for p (a person's JSON) with
    // their onboarding o; owner and name are who is ticking.
    function server(owner, name, p, o, forSomeoneElse) {
      var c = null;
      for (var i = 0; o && i < (o.checklists || []).length; i++) if (o.checklists[i].id === id) c = o.checklists[i];
      if (!c) return forSomeoneElse ? refused("not-theirs") : local("not-yours");
      view = { owner: owner, name: name, person: forSomeoneElse ? p.email : "", items: {}, supervisor: forSomeoneElse, locked: false,
        seen: { person: { email: p.email, name: p.name }, onboarding: o, name: name } };
      for (var j = 0; j < c.items.length; j++) view.items[c.items[j].id] = c.items[j];
      note.hidden = true;
      var parts = [fill(text("person"), [p.name || p.email])];
      if (o.start) parts.push(fill(text("start"), [day(o.start)]));
      who.textContent = parts.join(" · ");
      who.hidden = false;
      var sign = document.querySelectorAll("[data-sign]");
      for (var k = 0; k < sign.length; k++) {
        sign[k].textContent = sign[k].getAttribute("data-sign") === "name" ? (p.name || p.email) : (o.start ? day(o.start) : "");
      }
      remember();
      render();
    }

    // show shows the checklist to me, after sending what waits; again asks the server
    // afresh once that is done, for what me does not know yet.
    function show(me, again) {
      if (!me) return alone();
      save(WHO, me.email);
      window.handbokSendTicks = function () { return sendAll(me.email); };
      return sendAll(me.email).then(function (sent) {
        if (sent.worst !== "none") say(text({ saved: "saved", pending: "pending", "signed-out": "signed-out", refused: "failed" }[sent.worst]));
        if (!person) {
          // What the server took changed what it has.
          return (sent.taken || again ? askMe() : Promise.resolve(me)).then(function (m) {
            if (!m) return local("local");
            server(m.email, m.name, m, m.onboarding, false);
          });
        }
        return api("people/" + encodeURIComponent(person) + "/onboarding").then(function (res) {
          // The server may refuse this person for good: no one to show, nothing to tick.
          if (res.status === 403 || res.status === 404) return refused(res.status === 403 ? "forbidden" : "no-person");
          if (!res.ok) throw new Error("api/people: " + res.status);
          return res.json().then(function (r) { server(me.email, me.name, r.person, r.onboarding, r.person.email !== me.email); });
        });
      });
    }

    // offline shows what the server showed last to whoever was signed in last.
    function offline() {
      var email = load(WHO, "");
      var seen = email && load(SEEN + email + (person ? "\n" + person : ""), null);
      if (!seen) return alone();
      server(email, seen.name || "", seen.person, seen.onboarding, !!person && seen.person.email !== email);
      window.handbokSendTicks = function () { return sendAll(email); };
    }

    // alone shows the page without the records: the device's own ticks, or for someone
    // else's checklist (?person=) none, since only the server has those.
    function alone() { return person ? refused("person-offline") : local("local"); }

    function start(me, again) {
      me.then(function (m) { return show(m, again); }, offline).catch(offline);
    }

    if (!records) return alone();
    start(window.handbokMe, false);
    // Back online: the ticks made meanwhile go, and the page shows what the server
    // then has, changes from other devices included.
    window.addEventListener("online", function () { start(askMe(), true); });
  }

  // onboarding reports whether me is being onboarded: a new hire, or one about to start
  // with items due before the first day, and not marked finished.
  function onboarding(me) {
    var o = me.onboarding;
    return !!o && (o.new_hire || o.upcoming) && !o.finished;
  }

  // nextSteps shows a signed-in new hire, or one about to start, the next open items of
  // their own on their checklists, and how many are overdue, with a link to each.
  function nextSteps(section) {
    function text(name) { return section.getAttribute("data-" + name) || ""; }
    window.handbokMe.then(function (me) {
      if (!me) return;
      window.handbokSendTicks = function () { return sendAll(me.email); };
      if (!onboarding(me)) return;
      return sendAll(me.email).then(function (sent) {
        // What the server took changed what it has.
        return sent.taken ? askMe() : me;
      }).then(function (me) {
        if (!me || !onboarding(me)) return;
        var mine = ticksOf(me.email), open = [], overdue = 0;
        var cs = me.onboarding.checklists || [];
        for (var i = 0; i < cs.length; i++) {
          for (var j = 0; j < cs[i].items.length; j++) {
            var it = cs[i].items[j];
            if (it.owner !== "employee") continue;
            var st = latest(it, mine[tickKey("", cs[i].id, it.id)]);
            if (st.done) continue;
            if (st.overdue) overdue++;
            open.push({ c: cs[i], it: it, overdue: st.overdue });
          }
        }
        open.sort(function (a, b) {
          var da = a.it.due || "9999", db = b.it.due || "9999";
          return da < db ? -1 : da > db ? 1 : a.it.due_offset - b.it.due_offset;
        });
        var ol = section.querySelector(".next-list");
        var late = section.querySelector(".next-overdue");
        ol.textContent = "";
        late.hidden = overdue === 0;
        late.textContent = fill(text("overdue-count"), [overdue]);
        if (!open.length) {
          late.hidden = false;
          late.textContent = text("done");
        }
        open.slice(0, 3).forEach(function (o) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = new URL(o.c.url, root).href + "#hb-item-" + o.it.id;
          a.textContent = o.it.task;
          li.appendChild(a);
          if (o.it.due) {
            var due = document.createElement("span");
            due.className = "next-due";
            due.textContent = fill(text("due"), [day(o.it.due)]);
            li.appendChild(due);
          }
          if (o.overdue) {
            var mark = document.createElement("strong");
            mark.className = "item-overdue";
            mark.textContent = text("overdue");
            li.appendChild(mark);
          }
          ol.appendChild(li);
        });
        section.hidden = false;
      });
    }).catch(function () {});
  }
})();
