// handbok's page script: a classic script (no modules, no fetch), so that it works the
// same from a web server and from a copy opened straight from disk.
(function () {
  "use strict";

  // A printed policy says when it was printed, in the page's language.
  function stampPrintDate() {
    var lang = document.documentElement.lang || "is";
    var text;
    try {
      text = new Date().toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric" });
    } catch (e) {
      text = new Date().toISOString().slice(0, 10);
    }
    var slots = document.querySelectorAll("[data-print-date]");
    for (var i = 0; i < slots.length; i++) slots[i].textContent = text;
  }

  // The workplace menu starts open on wide screens, where it is the sidebar, and closed
  // on phones, where it would push the page down.
  function fitMenu() {
    var menu = document.querySelector(".workplaces-menu");
    if (!menu) return;
    var wide = window.matchMedia("(min-width: 60em)");
    function apply() { menu.open = wide.matches; }
    apply();
    if (wide.addEventListener) wide.addEventListener("change", apply);
  }

  stampPrintDate();
  window.addEventListener("beforeprint", stampPrintDate);
  fitMenu();
})();
