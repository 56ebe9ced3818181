// Progressive enhancements only; every page works without JavaScript (CSP forbids inline scripts).
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  // The site menu folds behind a button on narrow screens (CSS decides when; this only toggles it).
  var toggle = document.querySelector(".nav-toggle");
  var menu = document.getElementById("site-menu");
  if (toggle && menu) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("open", open);
    });
  }
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
