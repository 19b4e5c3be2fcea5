/* Tooltips for every element with a title (glossary abbreviations, permalinks, header and
 * code buttons), drawn with the theme's own tooltip style (.md-tooltip2), shown on mouse
 * hover and on keyboard focus, dismissed with Escape, and hoverable (WCAG 1.4.13).
 *
 * The theme's content.tooltips feature does the same, but builds one tooltip per titled
 * element when the page loads: on the formula-heaviest page, 180 tooltips and their
 * watchers, about 80 ms of main-thread work on a desktop and four times that on a phone,
 * before the reader has pointed at anything. Here a few listeners on the document serve
 * the whole page, and the one tooltip element is made on first use. Links that show a
 * preview of their target (data-preview) keep the theme's preview instead. */
(function () {
  "use strict";
  var tip = null, inner = null, host = null, text = "", hideTimer = 0;

  function titled(node) {
    var el = node instanceof Element ? node.closest("[title]") : null;
    if (!el || el.hasAttribute("data-preview") || !el.getAttribute("title")) return null;
    return el;
  }

  function ensureTip() {
    if (tip) return;
    tip = document.createElement("div");
    tip.className = "md-tooltip2 md-tooltip2--bottom";
    tip.setAttribute("role", "tooltip");
    tip.id = "__dl_tooltip";
    inner = document.createElement("div");
    inner.className = "md-tooltip2__inner md-typeset";
    tip.appendChild(inner);
    tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("mouseleave", function () { hide(); });
  }

  function show(el) {
    clearTimeout(hideTimer);
    if (host === el) return;
    hide();
    ensureTip();
    host = el;
    text = el.getAttribute("title");
    el.removeAttribute("title"); // no second, native tooltip on top of this one
    el.setAttribute("aria-describedby", tip.id);
    inner.textContent = text;
    document.body.appendChild(tip);
    var box = el.getBoundingClientRect();
    tip.style.setProperty("--md-tooltip-host-x", box.left + window.scrollX + "px");
    tip.style.setProperty("--md-tooltip-host-y", box.top + window.scrollY + "px");
    tip.style.setProperty("--md-tooltip-x", box.width / 2 + "px");
    tip.style.setProperty("--md-tooltip-y", 8 + box.height + "px");
    tip.style.setProperty("--md-tooltip-tail", "0px");
    tip.style.setProperty("--md-tooltip-width", inner.getBoundingClientRect().width + "px");
    requestAnimationFrame(function () { if (host === el) tip.classList.add("md-tooltip2--active"); });
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!host) return;
    host.setAttribute("title", text);
    host.removeAttribute("aria-describedby");
    host = null;
    tip.classList.remove("md-tooltip2--active");
    tip.remove();
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250); // time to move the pointer onto the tooltip
  }

  document.addEventListener("mouseover", function (event) {
    var el = titled(event.target);
    if (el) show(el);
  });
  document.addEventListener("mouseout", function (event) {
    if (host && host.contains(event.target) && !host.contains(event.relatedTarget)) hideSoon();
  });
  document.addEventListener("focusin", function (event) {
    var el = titled(event.target);
    if (el) show(el); else hide();
  });
  document.addEventListener("focusout", function (event) {
    if (host && host.contains(event.target)) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  // a click follows a link or opens something: the page under the tooltip changes
  document.addEventListener("click", hide, true);
  window.addEventListener("popstate", hide);
})();
