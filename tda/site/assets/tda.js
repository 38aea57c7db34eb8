// tda: client-side filters over tables that are complete without script.
(function () {
  "use strict";
  function values(row, facet) {
    var raw = row.getAttribute("data-" + facet) || "";
    return raw === "" ? [] : raw.split("|");
  }
  function setUp(form) {
    var table = document.getElementById(form.getAttribute("data-tda-filter"));
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector(".tda-count");
    function apply() {
      var shown = 0;
      var selects = form.querySelectorAll("select[data-facet]");
      var text = form.querySelector("input[data-facet='text']");
      var boxes = form.querySelectorAll("input[type='checkbox'][data-facet]");
      var allowed = {};
      Array.prototype.forEach.call(boxes, function (box) {
        allowed[box.getAttribute("data-facet")] = allowed[box.getAttribute("data-facet")] || [];
        if (box.checked) { allowed[box.getAttribute("data-facet")].push(box.value); }
      });
      rows.forEach(function (row) {
        var visible = true;
        Array.prototype.forEach.call(selects, function (select) {
          if (select.value && values(row, select.getAttribute("data-facet")).indexOf(select.value) < 0) { visible = false; }
        });
        if (text && text.value && (row.getAttribute("data-text") || "").indexOf(text.value.toLowerCase()) < 0) { visible = false; }
        Object.keys(allowed).forEach(function (facet) {
          if (values(row, facet).every(function (v) { return allowed[facet].indexOf(v) < 0; })) { visible = false; }
        });
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      if (count) { count.textContent = shown + " of " + rows.length + " shown"; }
    }
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-tda-filter]"), setUp);
  }
  if (typeof document$ !== "undefined" && document$.subscribe) { document$.subscribe(start); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
