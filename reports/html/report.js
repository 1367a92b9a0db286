/* The report's script: filters, search, the panes of the cells, #open=. */
(function () {
  "use strict";
  var root = document.documentElement;
  /* at once, before the body is there: the style sheet hides closed panes */
  root.setAttribute("data-js", "on");

  function all(scope, selector) {
    return Array.prototype.slice.call(scope.querySelectorAll(selector));
  }

  function start() {
    var boxes = all(document, "input[data-filter]");
    var search = document.getElementById("search");
    var rows = all(document, "tr.case");
    var areas = all(document, "tbody.area");
    var shown = document.getElementById("shown");
    var tools = document.querySelector("nav.tools");
    var runtimes = all(document, "thead th.rt").map(function (th) { return th.textContent; });
    var problem = "td.cell:not(.v-pass):not(.v-skip)";

    /* the row of the panes under a case's row */
    function more(tr) {
      var next = tr.nextElementSibling;
      return next && next.classList.contains("more") ? next : null;
    }

    /* the page as wide as the window: no scrolling sideways (the browser
     * test reads it); the heads of the matrix stick below the tools */
    function measure() {
      root.setAttribute("data-fits", root.scrollWidth <= root.clientWidth ? "yes" : "no");
      root.style.setProperty("--tools-h", tools.offsetHeight + "px");
    }

    /* shows the pane of column col under tr (null: none) */
    function select(tr, col) {
      var m = more(tr);
      if (!m) return;
      all(tr, "td.cell").forEach(function (td) {
        var on = td.getAttribute("data-col") === col;
        td.classList.toggle("sel", on);
        td.firstElementChild.setAttribute("aria-expanded", on ? "true" : "false");
      });
      all(m, "details.pane").forEach(function (d) {
        d.open = d.getAttribute("data-col") === col;
      });
      m.classList.toggle("open", col !== null);
      measure();
    }

    function selected(tr) {
      var td = tr.querySelector("td.cell.sel");
      return td ? td.getAttribute("data-col") : null;
    }

    /* #open=AREA/CASE[@RUNTIME] (or #AREA/CASE): [row, column or null] */
    function target() {
      var hash = decodeURIComponent(location.hash.slice(1));
      var id = hash.indexOf("open=") === 0 ? hash.slice(5) : hash;
      var at = id.lastIndexOf("@");
      var col = null;
      if (at > 0 && runtimes.indexOf(id.slice(at + 1)) >= 0) {
        col = String(runtimes.indexOf(id.slice(at + 1)));
        id = id.slice(0, at);
      }
      for (var i = 0; i < rows.length; i++)
        if (rows[i].getAttribute("data-id") === id) return [rows[i], col];
      return [null, null];
    }

    /* the address of what was opened last, index.html#open=AREA/CASE@RUNTIME;
     * none when it is closed again */
    function link(tr, col) {
      var frag = "";
      if (!history.replaceState) return;
      if (col !== null)
        frag = "#open=" + encodeURIComponent(tr.getAttribute("data-id") + "@" + runtimes[+col])
          .replace(/%2F/g, "/").replace(/%40/g, "@").replace(/%3D/g, "=").replace(/%2C/g, ",");
      else if (tr && target()[0] !== tr)
        return;
      if (location.hash !== frag) history.replaceState(null, "", frag || location.pathname + location.search);
    }

    function apply() {
      var on = {};
      var text = search.value.trim().toLowerCase();
      var count = 0;
      boxes.forEach(function (b) { on[b.getAttribute("data-filter")] = b.checked; });
      rows.forEach(function (tr) {
        var verdicts = tr.getAttribute("data-verdicts").split(" ");
        var keep = verdicts.some(function (v) { return on[v]; }) &&
          (text === "" || tr.getAttribute("data-search").toLowerCase().indexOf(text) >= 0);
        var m = more(tr);
        tr.hidden = !keep;
        if (m) m.hidden = !keep;
        if (keep) count++;
      });
      areas.forEach(function (tb) { tb.hidden = !tb.querySelector("tr.case:not([hidden])"); });
      shown.textContent = count + " of " + rows.length + " cases shown";
      measure();
    }

    function only(problems) {
      boxes.forEach(function (b) {
        var v = b.getAttribute("data-filter");
        b.checked = !problems || (v !== "PASS" && v !== "SKIP" && v !== "XFAIL");
      });
      apply();
    }

    /* the column a row opens by itself: its first problem, else its first cell */
    function first(tr) {
      var td = tr.querySelector(problem) || tr.querySelector("td.cell");
      return td ? td.getAttribute("data-col") : null;
    }

    /* opens the cell the address names and brings its row into view */
    function openHash() {
      var t = target(), tr = t[0], col = t[1];
      if (!tr) return;
      if (col === null || !tr.querySelector('td.cell[data-col="' + col + '"]')) col = first(tr);
      if (col === null) return;
      if (tr.hidden) only(false);
      select(tr, col);
      var top = tr.getBoundingClientRect().top;
      if (top < tools.offsetHeight + 40 || top > window.innerHeight - 160) tr.scrollIntoView();
    }

    boxes.forEach(function (b) { b.addEventListener("change", apply); });
    search.addEventListener("input", apply);
    document.getElementById("problems").addEventListener("click", function () { only(true); });
    document.getElementById("everything").addEventListener("click", function () { only(false); });
    document.getElementById("expand").addEventListener("click", function () {
      rows.forEach(function (tr) {
        if (!tr.hidden && selected(tr) === null && tr.querySelector(problem)) select(tr, first(tr));
      });
    });
    document.getElementById("collapse").addEventListener("click", function () {
      rows.forEach(function (tr) { if (selected(tr) !== null) select(tr, null); });
      link(null, null);
    });
    /* a click on a cell shows its pane (again: hides it); on the row's
     * message, its first problem's; not when it ends selecting text */
    document.querySelector("table.matrix").addEventListener("click", function (ev) {
      var td = ev.target.closest("td.cell, .gist.shared");
      if (!td || String(window.getSelection()) !== "") return;
      var tr = td.closest("tr.case");
      var col = td.tagName !== "TD" ? first(tr) : td.getAttribute("data-col");
      if (col === null) return;
      col = selected(tr) === col ? null : col;
      select(tr, col);
      link(tr, col);
    });
    /* a pane closed by its own summary */
    all(document, "details.pane").forEach(function (d) {
      d.addEventListener("toggle", function () {
        var tr = d.closest("tr.more").previousElementSibling;
        if (!d.open && selected(tr) === d.getAttribute("data-col")) {
          select(tr, null);
          link(tr, null);
        }
      });
    });
    window.addEventListener("hashchange", openHash);
    window.addEventListener("resize", measure);
    apply();
    if (location.hash.length > 1) openHash();
    measure();
    root.setAttribute("data-js", "ready");
    root.setAttribute("data-css",
      getComputedStyle(root).getPropertyValue("--pc-css").trim() === "1" ? "ready" : "missing");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
