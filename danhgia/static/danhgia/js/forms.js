/*
 * The one mechanism for the forms' safety nets (no inline script: CSP "script-src 'self'").
 *
 * - data-confirm="…" on a button, link or form: ask first (window.confirm with the text); the
 *   step happens only when the user accepts.
 * - data-warn-unsaved on a form: once something was typed in it, leaving the page (a link,
 *   another form, closing the tab) asks first; submitting that form itself does not.
 * - data-autosubmit on a field: submit its form when the value changes (filters).
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

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
})();
