/*
 * Narrow screens: the scoring sheets (table.table--sheet: targets, self-assessment, review and
 * appraisal) stack each row's cells one under the other (app.css, max-width 40rem). So that a
 * stacked cell still says what it is, each body cell gets its column's heading as data-label,
 * which the stylesheet prints before it. Without JavaScript the sheet still stacks, unlabelled.
 * Other tables with inputs (table.table--stack: the verification of tasks) stack the same way.
 */
(function () {
  "use strict";

  function headings(table) {
    var names = [];
    if (!table.tHead || !table.tHead.rows.length) {
      return names;
    }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i += 1) {
        names.push(cell.textContent.replace(/\s+/g, " ").trim());
      }
    });
    return names;
  }

  function label(table) {
    var names = headings(table);
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var heading = cell.tagName === "TH" && cell.getAttribute("scope") === "rowgroup";
          if (!heading && names[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", names[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
  }

  function labelAll() {
    document.querySelectorAll("table.table--sheet, table.table--stack").forEach(label);
  }

  document.addEventListener("DOMContentLoaded", labelAll);
  document.addEventListener("htmx:afterSettle", labelAll);
})();
