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
  // A region with data-poll-seconds (a running job's progress) is fetched again and swapped in place until the
  // server sends it without the attribute. Only the region changes, so focus and the reader's place are kept.
  function poll(region) {
    var seconds = Number(region.getAttribute("data-poll-seconds")) || 2;
    window.setTimeout(function () {
      fetch(window.location.href, {credentials: "same-origin", headers: {"Accept": "text/html"}})
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(region.id);
          if (!fresh) return;
          region.replaceWith(fresh);
          if (fresh.hasAttribute("data-poll-seconds")) poll(fresh);
        })
        .catch(function () { poll(region); });
    }, seconds * 1000);
  }
  document.querySelectorAll("[data-poll-seconds][id]").forEach(poll);
  // A long select with data-filter-label gets a search box before it: typing keeps only the options whose text
  // contains every typed word (company, wharf name or code). Options are removed, not hidden, so that phones'
  // native pickers show the narrowed list too; the chosen option always stays.
  document.querySelectorAll("select[data-filter-label]").forEach(function (select) {
    var all = Array.prototype.slice.call(select.options);
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-filter";
    box.id = select.id + "-filter";
    box.setAttribute("aria-controls", select.id);
    box.setAttribute("autocomplete", "off");
    var label = document.createElement("label");
    label.htmlFor = box.id;
    label.className = "select-filter-label";
    label.textContent = select.getAttribute("data-filter-label");
    var count = document.createElement("small");
    count.className = "help select-filter-count";
    count.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(count, select);
    box.addEventListener("input", function () {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      var chosen = select.value, shown = 0;
      select.replaceChildren.apply(select, all.filter(function (option) {
        var text = option.text.toLowerCase();
        var keep = !option.value || option.value === chosen || words.every(function (w) { return text.indexOf(w) >= 0; });
        if (keep && option.value) shown += 1;
        return keep;
      }));
      select.value = chosen;
      count.textContent = words.length ? (select.getAttribute("data-filter-count") || "{n}").replace("{n}", shown) : "";
    });
  });
  // A header checkbox with data-select-all="NAME" ticks or clears every checkbox NAME of its form, and shows
  // (ticked, half-ticked or clear) whether they all are.
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var boxes = all.form.querySelectorAll('input[type=checkbox][name="' + all.getAttribute("data-select-all") + '"]');
    function sync() {
      var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      all.checked = ticked > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    }
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
    });
    boxes.forEach(function (b) { b.addEventListener("change", sync); });
    sync();
  });
  // Textareas with data-maxlength (web/fields.py TextField) count their characters as they are typed and say when
  // the text is too long; the browser never cuts a paste, the server refuses a too-long text with a message.
  document.querySelectorAll("textarea[data-maxlength]").forEach(function (area) {
    var limit = Number(area.getAttribute("data-maxlength"));
    var counter = document.createElement("small");
    counter.className = "help char-count";
    counter.id = area.id + "-count";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    area.setAttribute("aria-describedby", ((area.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
    var template = document.documentElement.lang === "en" ? "{n} of {max} characters" : "已输入 {n} 字，上限 {max} 字";
    function update() {
      var n = Array.from(area.value).length;
      counter.textContent = template.replace("{n}", n).replace("{max}", limit);
      counter.classList.toggle("over", n > limit);
    }
    area.addEventListener("input", update);
    update();
  });
  // Print buttons.
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
});
