/*
 * The one mechanism for the forms' safety nets (no inline script: CSP "script-src 'self'").
 *
 * - data-confirm="…" on a button, link or form: ask first (window.confirm with the text); the
 *   step happens only when the user accepts.
 * - data-warn-unsaved on a form: once something was typed in it, leaving the page (a link,
 *   another form, closing the tab) asks first; submitting that form itself does not.
 * - data-autosubmit on a field: submit its form when the value changes (filters).
 * - any single select whose chosen text is wider than the select (a long unit name on a phone:
 *   a select cannot wrap) gets that text in full on a line under it (rough edge #17).
 *
 * Without JavaScript every form still works; the server never relies on these questions.
 */
(function () {
  "use strict";

  var dirty = new Set();

  function accepted(element) {
    var text = element.getAttribute("data-confirm");
    return !text || window.confirm(text);
  }

  // Buttons and links: ask on click, before the browser submits or follows.
  document.addEventListener(
    "click",
    function (event) {
      var target = event.target.closest("[data-confirm]");
      if (!target || target.tagName === "FORM") {
        return;
      }
      if (!accepted(target)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      } else {
        target.setAttribute("data-confirmed", "");
      }
    },
    true
  );

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var askedOnClick = submitter && submitter.hasAttribute("data-confirmed");
    if (submitter) {
      submitter.removeAttribute("data-confirmed");
    }
    if (form.hasAttribute("data-confirm") && !askedOnClick && !accepted(form)) {
      event.preventDefault();
      return;
    }
    // This form's own changes are being saved; another dirty form still warns.
    dirty.delete(form);
  });

  function markDirty(event) {
    var field = event.target;
    var form = field.form || (field.closest && field.closest("form"));
    if (form && form.hasAttribute("data-warn-unsaved")) {
      dirty.add(form);
    }
  }
  document.addEventListener("input", markDirty);
  document.addEventListener("change", markDirty);

  window.addEventListener("beforeunload", function (event) {
    if (dirty.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // The chosen option of a select, in full under it when the select cuts it.
  function showChosen(select) {
    var note = select.nextElementSibling;
    if (!note || !note.classList.contains("chosen-full")) {
      note = null;
    }
    var option = select.options[select.selectedIndex];
    var cut = false;
    if (option && select.offsetParent) {
      var copy = select.cloneNode(false);
      copy.appendChild(option.cloneNode(true));
      copy.removeAttribute("id");
      copy.removeAttribute("name");
      copy.style.cssText =
        "position:absolute;left:0;top:0;width:auto;min-width:0;max-width:none;visibility:hidden";
      select.parentNode.appendChild(copy);
      cut = copy.getBoundingClientRect().width > select.getBoundingClientRect().width + 1;
      copy.remove();
    }
    if (!cut) {
      if (note) {
        note.remove();
      }
      return;
    }
    if (!note) {
      note = document.createElement("span");
      note.className = "chosen-full";
      note.setAttribute("aria-hidden", "true"); // the select itself announces its value
      select.insertAdjacentElement("afterend", note);
    }
    note.textContent = option.text;
  }
  function showAllChosen() {
    document.querySelectorAll("select:not([multiple])").forEach(showChosen);
  }
  var resizing = null;
  document.addEventListener("DOMContentLoaded", showAllChosen);
  document.addEventListener("htmx:afterSettle", showAllChosen);
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(showAllChosen, 150);
  });

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.tagName === "SELECT" && !field.multiple) {
      showChosen(field);
    }
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
})();
