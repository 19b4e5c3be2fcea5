/* The light/dark toggle in the header (overrides/partials/palette.html).
 *
 * Same behaviour and storage as Material's palette component (the choice is kept under
 * Material's "__palette" key, applied before first paint by the inline script in
 * overrides/partials/javascripts/palette.html), but it writes the body attributes only
 * when the reader switches, so loading a page costs no extra style recalculation. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-dl-palette]");
  if (!form || typeof __md_get !== "function" || !window.__dl_palette_color) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
  var light = matchMedia("(prefers-color-scheme: light)");

  var colorOf = window.__dl_palette_color;  // overrides/partials/javascripts/palette.html

  function showLabel(index) {
    inputs.forEach(function (input, i) {
      var label = input.nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = i !== index;
    });
  }

  function apply(index, save) {
    var color = colorOf(inputs[index]);
    var body = document.body;
    body.setAttribute("data-md-color-switching", "");
    Object.keys(color).forEach(function (key) {
      if (body.getAttribute("data-md-color-" + key) !== color[key])
        body.setAttribute("data-md-color-" + key, color[key]);
    });
    setTimeout(function () { body.removeAttribute("data-md-color-switching"); });
    if (save) __md_set("__palette", { index: index, color: color });
  }

  var stored = __md_get("__palette");
  var current = stored && typeof stored.index === "number"
    ? Math.max(0, Math.min(stored.index, inputs.length - 1)) : 0;
  inputs[current].checked = true;
  showLabel(current);

  form.addEventListener("change", function (ev) {
    var index = inputs.indexOf(ev.target);
    if (index < 0) return;
    current = index;
    showLabel(index);
    apply(index, true);
  });
  form.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var next = inputs[(current + 1) % inputs.length];
    next.click();
    next.focus();
  });
  light.addEventListener("change", function () {
    if (inputs[current].getAttribute("data-md-color-media") === "(prefers-color-scheme)")
      apply(current, false);
  });
})();
