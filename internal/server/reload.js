// handbok serve's live reload, added to pages in watch mode only: reload when a build
// succeeds, and show a build's errors over the page until they are fixed.
(function () {
  "use strict";
  var me = document.currentScript;
  var base = me ? me.src.replace(/reload\.js(\?.*)?$/, "") : "/_handbok/";
  var overlay = null;

  function show(problems) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "handbok-problems";
      overlay.setAttribute("role", "alert");
      // Styled through the CSSOM, which the site's Content-Security-Policy allows.
      var st = overlay.style;
      st.position = "fixed"; st.inset = "0"; st.zIndex = "2147483647"; st.overflow = "auto";
      st.padding = "2rem"; st.background = "rgba(20, 10, 10, 0.94)"; st.color = "#fff";
      st.font = "16px/1.5 system-ui, sans-serif";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.textContent = "Build failed · Villa í efni";
    overlay.appendChild(h);
    problems.forEach(function (p) {
      var item = document.createElement("div");
      item.className = "problem";
      var where = document.createElement("p");
      where.className = "where";
      where.textContent = p.where;
      var msg = document.createElement("p");
      msg.className = "message";
      msg.textContent = p.message;
      item.appendChild(where);
      if (p.line) {
        var line = document.createElement("pre");
        line.textContent = p.line;
        item.appendChild(line);
      }
      item.appendChild(msg);
      overlay.appendChild(item);
    });
  }

  var events = new EventSource(base + "events");
  // Say that the page listens, for tests and for anyone wondering.
  events.addEventListener("open", function () { document.documentElement.setAttribute("data-live-reload", "on"); });
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("problems", function (e) {
    var problems = JSON.parse(e.data);
    if (problems && problems.length) show(problems);
  });
})();
