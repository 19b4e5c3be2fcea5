/* Previews of linked topics and footnotes (Material's navigation.instant.preview and
 * content.footnote.tooltips) open as dialogs without a name, which screen readers then
 * announce as just "dialog" (axe: aria-dialog-name). Name each one after the section it
 * shows as the theme adds it to the page; nothing runs until a preview opens. */
(function () {
  "use strict";
  if (typeof MutationObserver === "undefined") return;
  function name(el) {
    if (!(el instanceof HTMLElement) || el.getAttribute("role") !== "dialog" || el.hasAttribute("aria-label")) return;
    var heading = el.querySelector("h1, h2, h3, h4, h5, h6");
    var text = heading ? heading.textContent.replace(/\u00b6/g, "").trim() : "";
    el.setAttribute("aria-label", text ? "Preview: " + text : "Footnote");
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) { record.addedNodes.forEach(name); });
  }).observe(document.body, { childList: true });
})();
