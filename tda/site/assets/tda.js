// tda: client-side filters and sorting over lists that are complete without script.
(function () {
  "use strict";
  function values(item, facet) {
    var raw = item.getAttribute("data-" + facet) || "";
    return raw === "" ? [] : raw.split("|");
  }
  function itemsOf(container) {
    var parent = container.tBodies ? container.tBodies[0] : container;
    return { parent: parent, items: Array.prototype.slice.call(parent.children) };
  }
  function compare(key, descending) {
    return function (a, b) {
      var x = a.getAttribute("data-sort-" + key) || "";
      var y = b.getAttribute("data-sort-" + key) || "";
      if (x === y) {
        return (a.getAttribute("data-sort-name") || "").localeCompare(b.getAttribute("data-sort-name") || "");
      }
      if (x === "") { return 1; }  // items without a value go last either way
      if (y === "") { return -1; }
      return descending ? y.localeCompare(x) : x.localeCompare(y);
    };
  }
  function setUp(form) {
    var container = document.getElementById(form.getAttribute("data-tda-filter"));
    if (!container) { return; }
    var found = itemsOf(container);
    var items = found.items;
    var count = form.querySelector(".tda-count");
    var sort = form.querySelector("select[data-sort]");
    function apply() {
      var shown = 0;
      var selects = form.querySelectorAll("select[data-facet]");
      var text = form.querySelector("input[data-facet='text']");
      var boxes = form.querySelectorAll("input[type='checkbox'][data-facet]");
      var allowed = {};
      Array.prototype.forEach.call(boxes, function (box) {
        var facet = box.getAttribute("data-facet");
        allowed[facet] = allowed[facet] || [];
        if (box.checked) { allowed[facet].push(box.value); }
      });
      var needle = text && text.value ? text.value.toLowerCase() : "";
      items.forEach(function (item) {
        var visible = true;
        Array.prototype.forEach.call(selects, function (select) {
          if (select.value && values(item, select.getAttribute("data-facet")).indexOf(select.value) < 0) { visible = false; }
        });
        if (needle && (item.getAttribute("data-text") || "").indexOf(needle) < 0) { visible = false; }
        Object.keys(allowed).forEach(function (facet) {
          if (values(item, facet).every(function (v) { return allowed[facet].indexOf(v) < 0; })) { visible = false; }
        });
        item.hidden = !visible;
        if (visible) { shown += 1; }
      });
      if (sort) {
        var option = sort.options[sort.selectedIndex];
        items.slice().sort(compare(sort.value, option && option.hasAttribute("data-descending")))
          .forEach(function (item) { found.parent.appendChild(item); });
      }
      if (count) { count.textContent = shown + " of " + items.length + " shown"; }
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
