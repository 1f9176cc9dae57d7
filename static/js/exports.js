// An export's page: reads the job's status every two seconds and moves the progress bar; once the
// job is finished, reloads the page, which then shows the download link (or the error).
// Without JavaScript, a <noscript> meta refresh reloads the page instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-status]");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-export-text]");
  function poll() {
    fetch(box.getAttribute("data-export-status"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        if (data.finished) { window.location.reload(); return; }
        if (data.total) {
          bar.max = data.total;
          bar.value = data.done;
          text.textContent = data.progress_text;
        }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
