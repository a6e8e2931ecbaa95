/* Enhancements only: the app works without this file. */
(function () {
  "use strict";
  // After htmx swaps in a form with errors, move focus to its error summary
  // so keyboard and screen-reader users hear what went wrong.
  document.addEventListener("htmx:afterSwap", function () {
    var summary = document.querySelector("[data-galat]");
    if (summary) summary.focus();
  });
})();
