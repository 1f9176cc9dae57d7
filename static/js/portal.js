// Small progressive enhancements: every page works without this file.
(function () {
  "use strict";
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("site-menu");
  if (toggle && menu) {
    toggle.addEventListener("click", function () {
      var open = menu.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // A table wider than the screen: its scroll area is shown as such and reachable by keyboard,
  // named after the table's caption (WCAG 2.1.1).
  document.querySelectorAll(".table-scroll").forEach(function (box) {
    if (box.scrollWidth <= box.clientWidth + 1) { return; }
    box.classList.add("is-scrollable");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    var caption = box.querySelector("caption");
    var label = (caption && caption.textContent.trim()) || box.getAttribute("data-label") || document.title;
    box.setAttribute("aria-label", label);
  });
  // <form data-confirm="..."> asks before a destructive action.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
