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
// Questions asked only after a certain answer: the rows of a list after "Yes" (data-show-if on the
// rows' fieldset) and AUDIT-C questions 2 and 3 unless question 1 is "Never" (data-hide-if on their
// inputs). While not asked they are hidden and disabled, so nothing in them is sent; AUDIT-C answers
// are also cleared (data-clear-hidden). Without JavaScript they stay on the page and the server
// ignores them after that answer.
(function () {
  "use strict";
  var parse = function (rule) {
    var at = rule.lastIndexOf("=");
    return { name: rule.slice(0, at), value: rule.slice(at + 1) };
  };
  var chosen = function (form, name) {
    var checked = form.querySelector("input[name='" + name + "']:checked");
    return checked ? checked.value : null;
  };
  var blocks = [];
  document.querySelectorAll("[data-show-if], [data-hide-if]").forEach(function (node) {
    var block = node.tagName === "INPUT" ? (node.closest("[id^='div_id_']") || node) : node;
    if (!node.form && !block.closest("form")) { return; }
    if (blocks.some(function (known) { return known.block === block; })) { return; }
    var show = node.hasAttribute("data-show-if");
    blocks.push({ block: block, form: node.form || block.closest("form"), show: show,
                  rule: parse(node.getAttribute(show ? "data-show-if" : "data-hide-if")),
                  clear: node.hasAttribute("data-clear-hidden") });
  });
  var update = function (item) {
    var answer = chosen(item.form, item.rule.name);
    var asked = item.show ? answer === item.rule.value : answer !== item.rule.value;
    item.block.hidden = !asked;
    item.block.querySelectorAll("input, select, textarea, button").forEach(function (input) {
      if (input.type === "hidden") { return; }
      input.disabled = !asked;
      if (!asked && item.clear && (input.type === "radio" || input.type === "checkbox")) { input.checked = false; }
    });
  };
  blocks.forEach(function (item) {
    update(item);
    item.form.querySelectorAll("input[name='" + item.rule.name + "']").forEach(function (input) {
      input.addEventListener("change", function () { update(item); });
    });
  });
})();
