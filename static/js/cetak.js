/* Print views: the "Cetak" button opens the browser's print dialog (no inline script: CSP). */
document.addEventListener("click", function (e) {
  if (e.target.closest && e.target.closest("[data-cetak]")) window.print();
});
