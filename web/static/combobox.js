// Organisation pickers (issue 20). An <input data-picker="org"> stays a plain text field
// without JavaScript (the server resolves the name, and lists the candidates when it is
// ambiguous); with it, the field becomes an ARIA combobox that searches by part of the
// name as one types, lists candidates with their country and kind, and ends with
// "Create …", which opens the organisation form in a new tab so that this form is not
// lost. data-picker-id names a hidden field of the form that receives the chosen id.
(function () {
  "use strict";
  var seq = 0;

  function setup(input) {
    if (input.dataset.pickerReady) return;
    input.dataset.pickerReady = "1";
    var base = "picker-" + (++seq);
    var list = document.createElement("ul");
    list.id = base + "-list";
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");
    input.parentNode.classList.add("picker-host");
    input.insertAdjacentElement("afterend", list);
    var idField = input.dataset.pickerId && input.form ? input.form.elements.namedItem(input.dataset.pickerId) : null;
    var items = [], active = -1, timer = 0, ctrl = null, chose = false;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(i) {
      var opts = list.children;
      for (var k = 0; k < opts.length; k++) opts[k].setAttribute("aria-selected", k === i ? "true" : "false");
      active = i;
      if (opts[i]) {
        input.setAttribute("aria-activedescendant", opts[i].id);
        opts[i].scrollIntoView({ block: "nearest" });
      }
    }
    function choose(i) {
      var it = items[i];
      if (!it) return;
      close();
      if (it.create) {
        window.open(it.href, "_blank", "noopener");
        return;
      }
      input.value = it.name;
      if (idField) idField.value = String(it.id);
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function option(n, label, detail) {
      var li = document.createElement("li");
      li.id = base + "-opt-" + n;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = label;
      if (detail) {
        var d = document.createElement("span");
        d.className = "muted";
        d.textContent = " · " + detail;
        li.appendChild(d);
      }
      // mousedown would blur the input (and close the list) before the click.
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      li.addEventListener("click", function () { choose(n); });
      list.appendChild(li);
    }
    function render(q, data) {
      // A late answer to the same search must not lose the highlighted option: Enter
      // would then fall through to the form and submit the typed text.
      var kept = active >= 0 && items[active] && !items[active].create ? items[active].id : null;
      list.textContent = "";
      items = [];
      data.forEach(function (o) {
        items.push(o);
        option(items.length - 1, o.name, o.detail);
      });
      var create = (input.dataset.create || "Create “%s”…").replace("%s", q);
      items.push({ create: true, href: "/organizations/new?name=" + encodeURIComponent(q) });
      option(items.length - 1, create, "");
      list.lastChild.classList.add("picker-create");
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
      input.removeAttribute("aria-activedescendant");
      for (var k = 0; k < items.length; k++) {
        if (kept !== null && items[k].id === kept) { highlight(k); break; }
      }
    }
    function search() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      if (ctrl) ctrl.abort();
      ctrl = new AbortController();
      fetch("/organizations/suggest?q=" + encodeURIComponent(q), { signal: ctrl.signal, credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (data) { if (data && input.value.trim() === q) render(q, data); })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      if (idField) idField.value = ""; // typing again forgets the choice
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) {
        if (e.key === "ArrowDown") { search(); e.preventDefault(); }
        return;
      }
      if (e.key === "ArrowDown") { highlight(Math.min(active + 1, items.length - 1)); e.preventDefault(); }
      else if (e.key === "ArrowUp") { highlight(Math.max(active - 1, 0)); e.preventDefault(); }
      else if (e.key === "Enter" && active >= 0) { chose = true; choose(active); e.preventDefault(); }
      else if (e.key === "Escape") { close(); e.preventDefault(); }
    });
    // The Enter that chose an option must not also submit the form: a key event sent
    // as keydown plus a separate char (as automation tools and some input methods do)
    // reaches keypress, whose default is the form's implicit submission.
    input.addEventListener("keypress", function (e) {
      if (e.key === "Enter" && chose) e.preventDefault();
    });
    input.addEventListener("keyup", function (e) { if (e.key === "Enter") chose = false; });
    // Close once focus has really gone elsewhere: a window that loses focus blurs the
    // input too, and the list must still be there when the user comes back to it.
    input.addEventListener("blur", function () {
      setTimeout(function () { if (document.activeElement !== input) close(); }, 150);
    });
  }

  function scan() {
    document.querySelectorAll('input[data-picker="org"]').forEach(setup);
  }
  document.addEventListener("DOMContentLoaded", scan);
  // htmx swaps sections (links, affiliations) that bring new pickers.
  document.addEventListener("htmx:afterSettle", scan);
})();
