// Behaviour shared by every page, loaded from base.html. The Content-Security-Policy allows no inline script
// and no on*= attribute, so pages declare what they need with data- attributes instead:
//   <select data-autosubmit>          submits its form when the choice changes (the language switch)
//   <form data-confirm="Question?">   asks before submitting (e.g. a delete button)
//   <form data-busy="What is done…">  once submitted, disables its buttons and shows a spinner with that text
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (field && field.form) {
      if (field.form.requestSubmit) { field.form.requestSubmit(); } else { field.form.submit(); }
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // Registered after the confirmation: a cancelled submission has defaultPrevented and stays as it was.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-busy]");
    if (!form || event.defaultPrevented) { return; }
    window.setTimeout(function () {  // after the browser has taken the button's name and value
      form.querySelectorAll("button, input[type=submit]").forEach(function (button) { button.disabled = true; });
      var note = document.createElement("div");
      note.className = "busy-note small text-body-secondary mt-1";
      note.setAttribute("role", "status");
      var spinner = document.createElement("span");
      spinner.className = "spinner-border spinner-border-sm me-2";
      spinner.setAttribute("aria-hidden", "true");
      note.appendChild(spinner);
      note.appendChild(document.createTextNode(form.dataset.busy));
      form.appendChild(note);
    }, 0);
  });
})();
