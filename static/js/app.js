// Behaviour shared by every page, loaded from base.html. The Content-Security-Policy allows no inline script
// and no on*= attribute, so pages declare what they need with data- attributes instead:
//   <select data-autosubmit>          submits its form when the choice changes (the language switch)
//   <form data-confirm="Question?">   asks before submitting (e.g. a delete button)
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
})();
