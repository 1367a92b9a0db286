(function () {
  "use strict";
  var root = document.documentElement;
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
  var search = document.getElementById("search");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.case"));
  var areas = Array.prototype.slice.call(document.querySelectorAll("tbody.area"));
  var shown = document.getElementById("shown");

  function apply() {
    var on = {};
    var text = search.value.trim().toLowerCase();
    var count = 0;
    boxes.forEach(function (b) { on[b.getAttribute("data-filter")] = b.checked; });
    rows.forEach(function (tr) {
      var verdicts = tr.getAttribute("data-verdicts").split(" ");
      var keep = verdicts.some(function (v) { return on[v]; }) &&
        (text === "" || tr.getAttribute("data-search").toLowerCase().indexOf(text) >= 0);
      tr.hidden = !keep;
      if (keep) count++;
    });
    areas.forEach(function (tb) { tb.hidden = !tb.querySelector("tr.case:not([hidden])"); });
    shown.textContent = count + " of " + rows.length + " cases shown";
  }

  function only(problems) {
    boxes.forEach(function (b) {
      var v = b.getAttribute("data-filter");
      b.checked = !problems || (v !== "PASS" && v !== "SKIP" && v !== "XFAIL");
    });
    apply();
  }

  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  document.getElementById("problems").addEventListener("click", function () { only(true); });
  document.getElementById("everything").addEventListener("click", function () { only(false); });
  document.getElementById("expand").addEventListener("click", function () {
    rows.forEach(function (tr) {
      if (tr.hidden) return;
      tr.querySelectorAll("td.cell:not(.v-pass):not(.v-skip) > details").forEach(function (d) { d.open = true; });
    });
  });
  apply();
  /* index.html#area/case opens that case's cells and scrolls to its row if it is out of view */
  if (location.hash.length > 1) {
    var id = decodeURIComponent(location.hash.slice(1));
    rows.forEach(function (tr) {
      if (tr.getAttribute("data-id") !== id) return;
      tr.querySelectorAll("td.cell > details").forEach(function (d) { d.open = true; });
      if (tr.getBoundingClientRect().top > window.innerHeight - 80) tr.scrollIntoView();
    });
  }
  root.setAttribute("data-js", "ready");
  root.setAttribute("data-css",
    getComputedStyle(root).getPropertyValue("--pc-css").trim() === "1" ? "ready" : "missing");
})();
