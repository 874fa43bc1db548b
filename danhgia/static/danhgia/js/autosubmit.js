// Submit a filter form as soon as one of its fields marked data-autosubmit changes
// (instead of inline onchange handlers, which the Content-Security-Policy forbids).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit();
  }
});
