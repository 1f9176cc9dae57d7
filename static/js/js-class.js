// Marks the page as having JavaScript before it is drawn (styles for progressive enhancement).
document.documentElement.classList.replace("no-js", "js");
