// Starts GOV.UK Frontend's components (error summary focus, header menu, details...).
// govuk-frontend.js is loaded just before this file and defines window.GOVUKFrontend.
if (window.GOVUKFrontend && document.body.classList.contains("govuk-frontend-supported")) {
  window.GOVUKFrontend.initAll();
}
