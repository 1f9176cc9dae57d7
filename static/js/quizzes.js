// Question editor: choosing "Vrai / faux" fills the two choices when they are empty.
(function () {
  var form = document.querySelector(".question-editor");
  if (!form) return;
  var kind = form.querySelector("select[name=kind]");
  kind.addEventListener("change", function () {
    if (kind.value !== "true_false") return;
    var texts = form.querySelectorAll("input[name^=choices-][name$=-text]");
    var empty = Array.prototype.every.call(texts, function (input) { return !input.value.trim(); });
    if (empty && texts.length >= 2) {
      texts[0].value = form.getAttribute("data-true-label");
      texts[1].value = form.getAttribute("data-false-label");
    }
  });
})();

// Examen blanc: a countdown. Screen readers hear a warning at 5 and at 1 minute; at zero the
// current answer is sent (what was answered counts) instead of reloading the page.
(function () {
  var timer = document.querySelector("[data-seconds-left]");
  if (!timer) return;
  var value = timer.querySelector(".timer-value");
  var live = document.getElementById("timer-announce");
  var form = document.getElementById("question-form");
  var end = Date.now() + parseInt(timer.getAttribute("data-seconds-left"), 10) * 1000;
  var warned = {};
  function warn(minutes) {
    if (warned[minutes] || !live) return;
    warned[minutes] = true;
    live.textContent = live.getAttribute(minutes === 1 ? "data-one-minute" : "data-five-minutes");
  }
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    value.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    timer.classList.toggle("is-low", left <= 60);
    if (left <= 300 && left > 60) warn(5);
    if (left <= 60 && left > 0) warn(1);
    if (left === 0) {
      if (form) {
        form.noValidate = true;
        form.submit();
      }
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();

// Graded recall: keys 1, 2, 3 press Difficile, Correct, Facile.
(function () {
  var grade = document.querySelector(".grade-form");
  if (!grade) return;
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest("input, textarea, select")) return;
    var button = grade.querySelector('[data-key="' + event.key + '"]');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
})();

// Confidence: keys S and P press « Sûr » and « Pas sûr » (not while typing an answer).
(function () {
  var row = document.querySelector(".confidence-row");
  if (!row) return;
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var field = event.target.closest && event.target.closest("textarea, select, input:not([type=radio]):not([type=checkbox])");
    if (field) return;
    var button = row.querySelector('[data-key="' + event.key.toLowerCase() + '"]');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
})();

// Sharing: "Copier le lien" (shown only when the clipboard is available).
(function () {
  var button = document.querySelector("[data-copy]");
  if (!button || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var input = document.getElementById(button.getAttribute("data-copy"));
    navigator.clipboard.writeText(input.value).then(function () {
      document.getElementById("copy-status").textContent = button.getAttribute("data-copied");
    });
  });
})();
