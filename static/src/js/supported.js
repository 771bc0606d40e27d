// Runs first in <body>: tells GOV.UK Frontend's CSS that JavaScript is on and the
// browser supports ES modules. A file, not an inline script, so the CSP needs no exception.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
