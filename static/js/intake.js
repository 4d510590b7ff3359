// Small improvements for the intake pages; everything works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen-reader and keyboard users hear what to fix first.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // Error-summary links: focus the field itself, not only scroll to it.
  document.querySelectorAll("#error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function () {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) { window.setTimeout(function () { target.focus(); }, 0); }
    });
  });
})();
