/* Tables wider than the column scroll sideways inside Material's wrapper. A region that
 * scrolls must be reachable by keyboard (WCAG 2.1.1): give the wrapper a tab stop and a
 * name while, and only while, it actually overflows. Sizes are read in a ResizeObserver
 * callback, after layout, so this never forces a layout of its own. */
(function () {
  "use strict";
  if (typeof ResizeObserver === "undefined") return;
  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var el = entry.target;
      if (el.scrollWidth > el.clientWidth + 1) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", "Table (scrolls sideways)");
      } else if (el.hasAttribute("tabindex")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("role");
        el.removeAttribute("aria-label");
      }
    });
  });
  function watch() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (el) { observer.observe(el); });
  }
  // Material's document$ emits after every load and instant navigation, once its own
  // components (which create the wrappers) are mounted
  if (typeof document$ !== "undefined") document$.subscribe(watch); else watch();
})();
