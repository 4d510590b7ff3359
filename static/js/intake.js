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
// "Add another row" without a round trip: copy the last row with empty answers. Without
// JavaScript the same button asks the server for one more row (nothing typed is lost either way).
(function () {
  "use strict";
  document.querySelectorAll("button[name='wizard_add_row']").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var rows = button.parentNode.querySelectorAll(".intake-row");
      var total = button.form.querySelector("input[name$='-rows-TOTAL_FORMS']");
      if (!rows.length || !total) { return; }
      var index = parseInt(total.value, 10);
      if (isNaN(index) || index >= 20) { return; }
      event.preventDefault();
      var last = rows[rows.length - 1];
      var row = last.cloneNode(true);
      var renumber = function (value) { return value.replace(/-rows-\d+-/g, "-rows-" + index + "-"); };
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (node) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
          if (node.hasAttribute(attribute)) { node.setAttribute(attribute, renumber(node.getAttribute(attribute))); }
        });
      });
      row.querySelectorAll("input, select, textarea").forEach(function (input) {
        input.classList.remove("is-invalid");
        if (input.type === "checkbox" || input.type === "radio") { input.checked = false; }
        else if (input.tagName === "SELECT") { input.selectedIndex = 0; }
        else { input.value = ""; }
      });
      row.querySelectorAll(".invalid-feedback, .alert").forEach(function (node) { node.remove(); });
      var legend = row.querySelector("legend");
      if (legend) { legend.textContent = legend.textContent.replace(/\d+\s*$/, String(index + 1)); }
      last.parentNode.insertBefore(row, last.nextSibling);
      total.value = String(index + 1);
      var first = row.querySelector("input:not([type='hidden']), select");
      if (first) { first.focus(); }
    });
  });
})();
