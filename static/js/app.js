// Progressive enhancements only; every page works without JavaScript (CSP forbids inline scripts).
document.addEventListener("DOMContentLoaded", function () {
  // Forms or buttons with data-confirm ask before a destructive action.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    var target = el.tagName === "FORM" ? el : el.form;
    if (!target) return;
    target.addEventListener("submit", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });
  // Print buttons.
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
});
