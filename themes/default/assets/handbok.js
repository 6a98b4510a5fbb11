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

  // The workplace menu is open in the page, so that it works without scripts; on phones,
  // where it would push the page down, it starts closed.
  function fitMenu() {
    var menu = document.querySelector(".workplaces-menu");
    if (!menu) return;
    var wide = window.matchMedia("(min-width: 60em)");
    function apply() { menu.open = wide.matches; }
    apply();
    if (wide.addEventListener) wide.addEventListener("change", apply);
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

  stampPrintDate();
  markOverdueReview();
  window.addEventListener("beforeprint", stampPrintDate);
  fitMenu();
})();
