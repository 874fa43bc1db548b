/*
 * The framework form (rules/framework_edit.html): "Thêm trục" / "Thêm tiêu chí" add a row from
 * the formset's empty form (<template id="PREFIX-template">) and tell the form, so that the
 * problems are checked again (hx-trigger "rows-changed"). No inline script (CSP).
 */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row]");
    if (!button) {
      return;
    }
    var prefix = button.getAttribute("data-add-row");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-template");
    var body = document.getElementById(prefix + "-body");
    if (!total || !template || !body) {
      return;
    }
    var index = parseInt(total.value, 10) || 0;
    body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var added = body.lastElementChild && body.lastElementChild.querySelector("input, textarea");
    if (added) {
      added.focus();
    }
    button.form.dispatchEvent(new Event("rows-changed", { bubbles: true }));
  });
})();
