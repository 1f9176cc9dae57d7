// Autosave of the self-assessment: each change is sent at once, retried on failure, and the
// page warns before leaving with unsaved answers. Without JavaScript the form's buttons save.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var status = form.querySelector("[data-save-status]");
  var pending = {};          // question name -> choice value not yet saved
  var inFlight = false;
  var attempts = 0;
  var MAX_ATTEMPTS = 8;      // 1 + 2 + 4 + 8 + 16 + 30 + 30 + 30 s: about two minutes
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function show(state, text) {
    status.setAttribute("data-state", state);
    // A failure is announced at once by screen readers; progress politely.
    status.setAttribute("role", state === "error" ? "alert" : "status");
    status.textContent = text;
  }

  function hasPending() { return Object.keys(pending).length > 0 || inFlight; }

  function flush() {
    if (inFlight || Object.keys(pending).length === 0) { return; }
    var batch = pending;
    pending = {};
    inFlight = true;
    show("saving", status.dataset.saving);
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    Object.keys(batch).forEach(function (name) { body.append(name, batch[name]); });
    fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    }).then(function (result) {
      inFlight = false;
      if (result.status === 409) {  // submitted meanwhile: answers are read-only now
        show("error", result.data.error || status.dataset.failed);
        return;
      }
      if (!result.ok) { throw new Error(String(result.status)); }
      attempts = 0;
      show("saved", status.dataset.saved + " · " + result.data.saved_at);
      Object.keys(batch).forEach(function (name) {
        var note = form.querySelector('[data-answered-for="' + name.slice(2) + '"]');
        if (note) { note.textContent = status.dataset.you; }
      });
      update(result.data);
      flush();
    }).catch(function () {
      // Network down, or the server unavailable for a while (503: a database or Redis restart,
      // nothing half saved): keep the answers and retry, waiting twice as long each time.
      inFlight = false;
      Object.keys(batch).forEach(function (name) { if (!(name in pending)) { pending[name] = batch[name]; } });
      attempts += 1;
      if (attempts <= MAX_ATTEMPTS) {
        show("retry", status.dataset.retry);
        window.setTimeout(flush, Math.min(1000 * Math.pow(2, attempts - 1), 30000));
      } else {
        show("error", status.dataset.failed);
      }
    });
  }

  function update(data) {
    var overall = document.querySelector("[data-overall]");
    var bar = document.querySelector("[data-overall-bar]");
    if (overall && data.overall !== undefined) { overall.textContent = data.overall; bar.style.width = data.overall + "%"; }
    Object.keys(data.themes || {}).forEach(function (number) {
      var el = document.querySelector('[data-theme-progress="' + number + '"]');
      if (el) { el.style.width = data.themes[number] + "%"; }
    });
    var count = document.querySelector('[aria-current="step"] [data-theme-count]');
    if (count) { count.textContent = form.querySelectorAll("input[type=radio]:checked").length; }
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio") { return; }
    pending[input.name] = input.value;
    attempts = 0;
    flush();
  });
  // A choice made while the page was still loading, before this script ran, is saved too.
  form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
    if (!input.defaultChecked) { pending[input.name] = input.value; }
  });
  flush();
  form.addEventListener("submit", function () { pending = {}; window.removeEventListener("beforeunload", warn); });
  function warn(event) {
    if (hasPending()) { event.preventDefault(); event.returnValue = status.dataset.leave; return status.dataset.leave; }
  }
  window.addEventListener("beforeunload", warn);
})();
