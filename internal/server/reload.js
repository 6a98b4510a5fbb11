// handbok serve's live reload, added to pages in watch mode only: reload when a build
// succeeds, and show a build's errors over the page until they are fixed.
(function () {
  "use strict";
  var me = document.currentScript;
  var base = me ? me.src.replace(/reload\.js(\?.*)?$/, "") : "/_handbok/";
  // The overlay's UI text in the handbook's language, from the theme's i18n: the
  // server writes it here.
  var text = {/* UI text */};
  var overlay = null;
  var hidden = []; // the page's own elements, inert while the overlay is shown

  // el makes an element with a style (set through the CSSOM, which the site's
  // Content-Security-Policy allows) and a text.
  function el(tag, style, content) {
    var e = document.createElement(tag);
    for (var k in style) e.style[k] = style[k];
    if (content !== undefined) e.textContent = content;
    return e;
  }

  // source shows the offending line as the terminal does: its number, the line (a tab
  // as an arrow, so that a tab in YAML's indentation can be seen) and a caret under the
  // column.
  function source(p) {
    var num = String(p.number || "");
    var shown = "  " + num + " | " + p.line.replace(/\t/g, "→   ");
    if (p.col > 0) {
      var before = Array.from(p.line).slice(0, p.col - 1).join("").replace(/\t/g, "    ");
      shown += "\n  " + " ".repeat(num.length) + " | " + " ".repeat(Array.from(before).length) + "^";
    }
    return el("pre", {margin: "0.5rem 0 0", padding: "0.5rem 0.75rem", background: "#000", color: "#fff",
      overflowX: "auto", font: "15px/1.4 ui-monospace, Menlo, Consolas, monospace"}, shown);
  }

  function item(p) {
    var li = el("li", {margin: "0", padding: "1rem 0", borderTop: "1px solid #a88"});
    li.className = "problem";
    var where = el("p", {margin: "0", font: "bold 15px/1.4 ui-monospace, Menlo, Consolas, monospace", overflowWrap: "anywhere"}, p.where);
    where.className = "where";
    var msg = el("p", {margin: "0.25rem 0 0"}, p.message);
    msg.className = "message";
    li.appendChild(where);
    li.appendChild(msg);
    if (p.line) {
      var pre = source(p);
      pre.className = "source";
      li.appendChild(pre);
    }
    return li;
  }

  function build() {
    // Opaque, so that the page under it does not show through and the errors read alone.
    overlay = el("div", {position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
      padding: "1.5rem", background: "#2b0f0f", color: "#fff", font: "16px/1.5 system-ui, sans-serif"});
    overlay.id = "handbok-problems";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-labelledby", "handbok-problems-title");
    overlay.setAttribute("aria-describedby", "handbok-problems-text");
    overlay.tabIndex = -1;
    overlay.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
    document.body.appendChild(overlay);
  }

  function show(problems) {
    if (!overlay) build();
    overlay.textContent = "";
    var box = el("div", {maxWidth: "60rem", margin: "0 auto"});
    var h = el("h2", {margin: "0 0 0.5rem", fontSize: "1.5rem", lineHeight: "1.25"}, text.title);
    h.id = "handbok-problems-title";
    var intro = el("p", {margin: "0 0 1rem"}, text.text);
    intro.id = "handbok-problems-text";
    var list = el("ol", {listStyle: "none", margin: "0", padding: "0"});
    problems.forEach(function (p) { list.appendChild(item(p)); });
    var close = el("button", {font: "inherit", color: "#fff", background: "transparent", border: "2px solid #fff",
      borderRadius: "4px", padding: "0.25rem 1rem", marginTop: "1rem", cursor: "pointer"}, text.close);
    close.type = "button";
    close.addEventListener("click", hide);
    box.appendChild(h);
    box.appendChild(intro);
    box.appendChild(list);
    box.appendChild(close);
    overlay.appendChild(box);
    overlay.hidden = false;
    // While the overlay is shown, the page under it can be neither reached nor read.
    hidden.forEach(function (e) { e.inert = false; });
    hidden = Array.prototype.filter.call(document.body.children, function (e) { return e !== overlay && !e.inert; });
    hidden.forEach(function (e) { e.inert = true; });
    overlay.focus();
  }

  function hide() {
    if (!overlay) return;
    overlay.hidden = true;
    hidden.forEach(function (e) { e.inert = false; });
    hidden = [];
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
