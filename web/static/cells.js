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
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:afterSwap", function (e) { label(e.target); });
})();
