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
