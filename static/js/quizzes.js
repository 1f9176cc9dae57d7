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

// Examen blanc: a countdown; when time is up the page reloads and the server closes the exam.
(function () {
  var timer = document.querySelector("[data-seconds-left]");
  if (!timer) return;
  var value = timer.querySelector(".timer-value");
  var end = Date.now() + parseInt(timer.getAttribute("data-seconds-left"), 10) * 1000;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    value.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    timer.classList.toggle("is-low", left <= 60);
    if (left === 0) {
      window.location.reload();
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
