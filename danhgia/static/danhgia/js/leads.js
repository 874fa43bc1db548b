/*
 * The assignment form's lead picker (rough edge #6): a ticked match moves up to the chosen list
 * (a chip); unticking a chip removes it. The search (HTMX) replaces only the matches, so the
 * picks stay. Without JavaScript the checkboxes alone do the same job.
 */
(function () {
  "use strict";

  function picker(element) {
    return element.closest && element.closest("[data-lead-picker]");
  }

  function recount(root) {
    var count = root.querySelectorAll("[data-lead-chosen] input:checked").length;
    root.querySelector("[data-lead-count]").textContent = String(count);
    root.querySelector("[data-lead-none]").hidden = count > 0;
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    var root = picker(box);
    if (!root || box.type !== "checkbox") {
      return;
    }
    var chosen = root.querySelector("[data-lead-chosen]");
    if (box.checked && !chosen.contains(box)) {
      var option = box.closest("label");
      var group = option.closest("fieldset");
      var chip = document.createElement("li");
      chip.className = "chip";
      var unit = box.getAttribute("data-unit");
      if (unit) {
        option.appendChild(document.createTextNode(", " + unit));
      }
      option.className = "";
      chip.appendChild(option);
      chosen.appendChild(chip);
      if (group && !group.querySelector("input")) {
        group.remove();
      }
      box.focus();
    } else if (!box.checked && chosen.contains(box)) {
      var item = box.closest("li");
      var next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      var target = next ? next.querySelector("input") : root.querySelector("input[type=search]");
      if (target) {
        target.focus();
      }
    }
    recount(root);
  });
})();
