// A "Print" button (data-print): the page's print stylesheet lays the calendar out on A4 landscape.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
