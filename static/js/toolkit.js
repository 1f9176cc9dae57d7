// Statuses list: a "select all" box for the bulk change (the page works without it).
(function () {
  "use strict";
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var boxes = document.querySelectorAll("input[name='" + all.getAttribute("data-select-all") + "']");
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
  });
})();
