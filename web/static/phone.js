// On a phone a list's rows stack as cards and its header row is hidden (app.css): each
// cell but the first then carries its column's words, which the stylesheet shows before
// the value ("Participants 45" rather than a bare 45), or above a field of a form laid
// out as a table. The header stays the one source of those words, in the page's language.
(function () {
  function label(root) {
    var tables = root.matches && root.matches("table.list") ? [root] : root.querySelectorAll("table.list");
    Array.prototype.forEach.call(tables, function (t) {
      var heads = [];
      t.querySelectorAll("thead th").forEach(function (th) {
        for (var k = 0; k < (th.colSpan || 1); k++) heads.push(th.textContent.trim());
      });
      if (!heads.length) return;
      t.querySelectorAll("tbody tr").forEach(function (tr) {
        var col = 0;
        Array.prototype.forEach.call(tr.children, function (td) {
          if (col > 0 && heads[col] && !td.hasAttribute("data-label") &&
              (td.textContent.trim() !== "" || td.querySelector("input:not([type=hidden]), select, textarea"))) {
            td.setAttribute("data-label", heads[col]);
          }
          col += td.colSpan || 1;
        });
      });
    });
  }
  // The main menu is one line that scrolls sideways on a phone (app.css): bring the
  // current page's entry into view, without moving the page.
  function showCurrent() {
    var a = document.querySelector('nav.main a[aria-current="page"]');
    var nav = a && a.parentElement;
    if (nav && nav.scrollWidth > nav.clientWidth) {
      nav.scrollLeft = a.offsetLeft - nav.offsetLeft - (nav.clientWidth - a.offsetWidth) / 2;
    }
  }
  // Only a phone's width stacks the rows (the width of app.css's media query): a wide
  // screen's organiser page of thousands of participants is not walked for nothing.
  var phone = window.matchMedia("(max-width: 40rem)");
  document.addEventListener("DOMContentLoaded", function () {
    if (phone.matches) label(document);
    showCurrent();
  });
  phone.addEventListener("change", function () { if (phone.matches) label(document); });
  document.addEventListener("htmx:afterSwap", function (e) { if (phone.matches) label(e.target); });
})();
