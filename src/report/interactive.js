// relais: report.html's interactive network map (src/report/interactive.rs embeds this file).
//
// Reads the map data from the JSON block with id `relais-map-data`: positions from
// relais's own seeded ForceAtlas2 layout (no layout runs here), colour = community, size =
// PageRank. Draws it with sigma.js (WebGL) when the browser has WebGL, else with the small
// canvas-2D renderer below. Every text from the data is set through textContent, canvas
// fillText or sigma's canvas label renderer; never as HTML.
//
// URL fragment `#map-search=NAME` searches NAME on load and writes the outcome into a `pre`
// element with id `map-selftest` (used by the headless-browser tests; harmless for readers).
//
// It runs once the page is parsed (the accounts table comes after the map).
(function () {
  "use strict";
  var errors = [];
  window.addEventListener("error", function (e) { errors.push(String(e.message)); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  function start() {
    var root = document.getElementById("map-interactive");
    var dataBlock = document.getElementById("relais-map-data");
    if (!root || !dataBlock) { return; }
    var data = JSON.parse(dataBlock.textContent);
    // Interface texts come with the data (translated by the report's language).
    var text = data.text;
    var fill = function (template, values) {
      return template.replace(/\{([a-z]+)\}/g, function (m, k) { return k in values ? values[k] : m; });
    };
    var nodes = data.nodes;
    var N = nodes.account.length;
    var edges = data.edges;
    var M = edges.length / 2;
    var neighbours = [];
    for (var i = 0; i < N; i++) { neighbours.push([]); }
    for (var e = 0; e < M; e++) {
      neighbours[edges[2 * e]].push(edges[2 * e + 1]);
      neighbours[edges[2 * e + 1]].push(edges[2 * e]);
    }

    var byId = function (id) { return document.getElementById(id); };
    var container = byId("map-canvas");
    var input = byId("map-search");
    var status = byId("map-status");
    var panel = byId("map-panel");
    var names = byId("map-names");

    var style = document.createElement("style");
    style.textContent =
      "#map-canvas{position:relative;height:640px;background:#fff;border:1px solid #ddd;border-radius:6px;flex:1 1 600px;min-width:300px;overflow:hidden;touch-action:none}" +
      "#map-canvas canvas{cursor:grab}.map-wrap{display:flex;gap:12px;flex-wrap:wrap;align-items:flex-start}" +
      "#map-panel{flex:0 1 340px;background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 12px;font-size:13px;max-height:640px;overflow:auto}" +
      "#map-panel h3{margin:4px 0 8px;word-break:break-all}#map-panel td{word-break:break-word}" +
      "tr.map-hit td{background:#fff3b0}@media print{#network-map{display:none}}";
    document.head.appendChild(style);

    // Search: an exact account id or label first, then a prefix, then a substring, in rank order
    // (nodes are listed by PageRank, highest first). A leading "@" is optional.
    var lower = function (s) { return String(s).toLowerCase(); };
    var bare = function (s) { s = lower(s).trim(); return s.charAt(0) === "@" ? s.slice(1) : s; };
    function find(query) {
      var q = bare(query);
      if (q === "") { return -1; }
      var tests = [
        function (s) { return s === q; },
        function (s) { return s.indexOf(q) === 0; },
        function (s) { return s.indexOf(q) >= 0; }
      ];
      for (var t = 0; t < tests.length; t++) {
        for (var j = 0; j < N; j++) {
          if (tests[t](bare(nodes.account[j])) || tests[t](bare(nodes.label[j]))) { return j; }
        }
      }
      return -1;
    }

    var selected = -1;
    var isNeighbour = new Uint8Array(N);
    var view = null;

    function formatValue(v) {
      if (typeof v !== "number") { return v === null ? "" : String(v); }
      if (Math.round(v) === v) { return String(v); }
      var a = Math.abs(v);
      if (a !== 0 && (a < 1e-3 || a >= 1e6)) { return v.toExponential(3); }
      return String(Number(v.toPrecision(4)));
    }

    function tableRow(r) {
      var table = byId("accounts");
      return table ? table.querySelector("tbody tr[data-i=\"" + r + "\"]") : null;
    }

    // Brings row `r` of the accounts table into view and highlights it (clearing the filter
    // when it hides the row). Returns the row element, or null when the table does not list it.
    function showRow(r) {
      var row = tableRow(r);
      if (!row) { return null; }
      Array.prototype.forEach.call(document.querySelectorAll("tr.map-hit"), function (x) {
        x.classList.remove("map-hit");
      });
      if (row.hidden) {
        var filter = document.querySelector("input[data-filter=\"accounts\"]");
        if (filter) { filter.value = ""; filter.dispatchEvent(new Event("input")); }
      }
      row.classList.add("map-hit");
      if (row.scrollIntoView) { row.scrollIntoView({ block: "center" }); }
      return row;
    }

    function showPanel(j) {
      panel.textContent = "";
      if (j < 0) { panel.hidden = true; return; }
      panel.hidden = false;
      var h = document.createElement("h3");
      h.textContent = nodes.label[j];
      panel.appendChild(h);
      var table = document.createElement("table");
      var body = document.createElement("tbody");
      var cols = data.panel.columns, values = data.panel.rows[j];
      var add = function (k, v) {
        var tr = document.createElement("tr");
        var th = document.createElement("th");
        var td = document.createElement("td");
        th.textContent = k;
        td.textContent = v;
        tr.appendChild(th);
        tr.appendChild(td);
        body.appendChild(tr);
      };
      add(text.rank, String(nodes.row[j] + 1));
      // Values left null because the accounts table shows them: read from its cell.
      var row = tableRow(nodes.row[j]);
      var fromTable = function (name) {
        if (!row) { return null; }
        var heads = byId("accounts").tHead.rows[0].cells;
        for (var h2 = 0; h2 < heads.length; h2++) {
          if (heads[h2].textContent === name && row.cells[h2]) { return row.cells[h2].textContent; }
        }
        return null;
      };
      for (var c = 0; c < cols.length; c++) {
        var v = values[c];
        if (v === null) { v = fromTable(cols[c]); }
        add(cols[c], formatValue(v));
      }
      add(text.links, String(neighbours[j].length));
      table.appendChild(body);
      panel.appendChild(table);
      var p = document.createElement("p");
      if (row) {
        var b = document.createElement("button");
        b.type = "button";
        b.id = "map-show-row";
        b.textContent = text.show_row;
        b.addEventListener("click", function () { showRow(nodes.row[j]); });
        p.appendChild(b);
      } else {
        p.className = "muted";
        p.textContent = text.not_in_table;
      }
      panel.appendChild(p);
    }

    function select(j, focus) {
      selected = j;
      isNeighbour.fill(0);
      if (j >= 0) { neighbours[j].forEach(function (k) { isNeighbour[k] = 1; }); }
      showPanel(j);
      if (view) {
        view.refresh();
        if (j >= 0 && focus) { view.focus(j); }
      }
      if (j >= 0) { status.textContent = ""; }
    }

    function search(query) {
      var j = find(query);
      if (j < 0) {
        status.textContent = fill(text.not_found, { query: query, n: String(N) });
      } else {
        status.textContent = "";
      }
      select(j, true);
      return j;
    }

    // --- sigma.js (WebGL) ----------------------------------------------------------------------
    function hasWebGL() {
      try {
        var c = document.createElement("canvas");
        return !!(window.WebGLRenderingContext && (c.getContext("webgl2") || c.getContext("webgl")));
      } catch (err) { return false; }
    }

    function sigmaView() {
      var lib = window.RelaisMapLib;
      var graph = new lib.Graph({ type: "undirected", multi: false, allowSelfLoops: false });
      for (var j = 0; j < N; j++) {
        graph.addNode(String(j), {
          x: nodes.x[j], y: nodes.y[j], size: nodes.size[j], color: nodes.color[j],
          label: nodes.label[j], zIndex: N - j
        });
      }
      for (var k = 0; k < M; k++) {
        var a = String(edges[2 * k]), b = String(edges[2 * k + 1]);
        if (a !== b && !graph.hasEdge(a, b)) { graph.addEdge(a, b, { size: 0.5, color: "#d0d0d0" }); }
      }
      var renderer = new lib.Sigma(graph, container, {
        allowInvalidContainer: true,
        zIndex: true,
        labelRenderedSizeThreshold: 7,
        labelDensity: 0.5,
        defaultEdgeColor: "#d0d0d0",
        nodeReducer: function (key, attrs) {
          if (selected < 0) { return attrs; }
          var j = Number(key), out = Object.assign({}, attrs);
          if (j === selected) {
            out.highlighted = true; out.forceLabel = true; out.zIndex = N + 2;
          } else if (isNeighbour[j]) {
            out.zIndex = N + 1;
          } else {
            out.color = "#e4e4e4"; out.label = ""; out.zIndex = 0;
          }
          return out;
        },
        edgeReducer: function (key, attrs) {
          if (selected < 0) { return attrs; }
          var ends = graph.extremities(key), s = String(selected);
          if (ends[0] !== s && ends[1] !== s) { return Object.assign({}, attrs, { hidden: true }); }
          return Object.assign({}, attrs, { color: "#888", size: 1 });
        }
      });
      renderer.on("clickNode", function (ev) { select(Number(ev.node), false); });
      renderer.on("clickStage", function () { select(-1, false); });
      return {
        kind: "webgl",
        refresh: function () { renderer.refresh(); },
        focus: function (j) {
          var d = renderer.getNodeDisplayData(String(j));
          if (d) { renderer.getCamera().animate({ x: d.x, y: d.y, ratio: 0.3 }, { duration: 400 }); }
        },
        reset: function () { renderer.getCamera().animatedReset({ duration: 300 }); }
      };
    }

    // --- canvas 2D fallback --------------------------------------------------------------------
    function canvasView() {
      var canvas = document.createElement("canvas");
      canvas.style.width = "100%";
      canvas.style.height = "100%";
      canvas.style.display = "block";
      container.appendChild(canvas);
      var ctx = canvas.getContext("2d");
      var lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
      for (var j = 0; j < N; j++) {
        lo[0] = Math.min(lo[0], nodes.x[j]); hi[0] = Math.max(hi[0], nodes.x[j]);
        lo[1] = Math.min(lo[1], nodes.y[j]); hi[1] = Math.max(hi[1], nodes.y[j]);
      }
      var cam = { x: 0, y: 0, k: 1 }, fitK = 1;
      function size() { return [canvas.clientWidth || 600, canvas.clientHeight || 400]; }
      function fit() {
        var s = size();
        var span = Math.max(hi[0] - lo[0], hi[1] - lo[1], 1e-9);
        cam.x = (lo[0] + hi[0]) / 2; cam.y = (lo[1] + hi[1]) / 2;
        cam.k = fitK = 0.9 * Math.min(s[0], s[1]) / span;
      }
      // Layout y points up, screen y down.
      function sx(j) { return size()[0] / 2 + (nodes.x[j] - cam.x) * cam.k; }
      function sy(j) { return size()[1] / 2 - (nodes.y[j] - cam.y) * cam.k; }
      function radius(j) { return nodes.size[j] * Math.min(3, Math.max(0.6, Math.sqrt(cam.k / fitK))); }
      function draw() {
        var s = size(), dpr = window.devicePixelRatio || 1;
        if (canvas.width !== Math.round(s[0] * dpr) || canvas.height !== Math.round(s[1] * dpr)) {
          canvas.width = Math.round(s[0] * dpr); canvas.height = Math.round(s[1] * dpr);
        }
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.clearRect(0, 0, s[0], s[1]);
        ctx.lineWidth = 1;
        for (var k = 0; k < M; k++) {
          var a = edges[2 * k], b = edges[2 * k + 1];
          var on = selected >= 0 && (a === selected || b === selected);
          if (selected >= 0 && !on) { continue; }
          ctx.strokeStyle = on ? "rgba(100,100,100,0.8)" : "rgba(150,150,150,0.25)";
          ctx.beginPath(); ctx.moveTo(sx(a), sy(a)); ctx.lineTo(sx(b), sy(b)); ctx.stroke();
        }
        // Lowest ranks first, so that the top accounts are drawn on top.
        for (var j = N - 1; j >= 0; j--) {
          var dim = selected >= 0 && j !== selected && !isNeighbour[j];
          ctx.fillStyle = dim ? "#e4e4e4" : nodes.color[j];
          ctx.beginPath(); ctx.arc(sx(j), sy(j), radius(j), 0, 2 * Math.PI); ctx.fill();
          if (j === selected) { ctx.strokeStyle = "#000"; ctx.lineWidth = 2; ctx.stroke(); ctx.lineWidth = 1; }
        }
        ctx.font = "12px system-ui, sans-serif";
        ctx.textBaseline = "middle";
        var labelled = 0;
        for (var i = 0; i < N; i++) {
          var show = selected >= 0 ? (i === selected || isNeighbour[i]) : labelled < 20;
          if (!show || (selected >= 0 && i !== selected && labelled >= 40)) { continue; }
          labelled += 1;
          var x = sx(i) + radius(i) + 3, y = sy(i);
          ctx.font = (i === selected ? "bold " : "") + "12px system-ui, sans-serif";
          ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.85)";
          ctx.strokeText(nodes.label[i], x, y);
          ctx.fillStyle = "#222"; ctx.fillText(nodes.label[i], x, y);
          ctx.lineWidth = 1;
        }
      }
      function hit(px, py) {
        var best = -1, bestD = Infinity;
        for (var j = 0; j < N; j++) {
          var dx = sx(j) - px, dy = sy(j) - py, d = Math.sqrt(dx * dx + dy * dy);
          if (d <= radius(j) + 3 && d < bestD) { best = j; bestD = d; }
        }
        return best;
      }
      var drag = null;
      canvas.addEventListener("pointerdown", function (ev) {
        drag = { x: ev.clientX, y: ev.clientY, cx: cam.x, cy: cam.y, moved: false };
        if (canvas.setPointerCapture) { canvas.setPointerCapture(ev.pointerId); }
      });
      canvas.addEventListener("pointermove", function (ev) {
        if (!drag) { return; }
        var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; }
        cam.x = drag.cx - dx / cam.k; cam.y = drag.cy + dy / cam.k;
        draw();
      });
      canvas.addEventListener("pointerup", function (ev) {
        if (drag && !drag.moved) {
          var r = canvas.getBoundingClientRect();
          select(hit(ev.clientX - r.left, ev.clientY - r.top), false);
        }
        drag = null;
      });
      canvas.addEventListener("wheel", function (ev) {
        ev.preventDefault();
        var r = canvas.getBoundingClientRect(), s = size();
        var px = ev.clientX - r.left - s[0] / 2, py = ev.clientY - r.top - s[1] / 2;
        var wx = cam.x + px / cam.k, wy = cam.y - py / cam.k;
        cam.k = Math.min(fitK * 200, Math.max(fitK / 5, cam.k * Math.exp(-ev.deltaY * 0.0015)));
        cam.x = wx - px / cam.k; cam.y = wy + py / cam.k;
        draw();
      }, { passive: false });
      window.addEventListener("resize", draw);
      fit();
      draw();
      return {
        kind: "canvas",
        refresh: draw,
        focus: function (j) { cam.x = nodes.x[j]; cam.y = nodes.y[j]; cam.k = Math.max(cam.k, fitK * 3); draw(); },
        reset: function () { fit(); draw(); }
      };
    }

    // --- wiring ---------------------------------------------------------------------------------
    // A link in the page's navigation bar, before "Accounts" (the map works only with scripts).
    var nav = document.querySelector("nav");
    if (nav) {
      var link = document.createElement("a");
      link.href = "#network-map";
      link.textContent = text.nav;
      nav.insertBefore(link, nav.querySelector("a[href=\"#accounts-section\"]"));
    }
    container.textContent = "";
    var why = "";
    if (N > 0 && hasWebGL() && window.RelaisMapLib) {
      try { view = sigmaView(); } catch (err) {
        why = fill(text.webgl_failed, { error: String(err && err.message) });
        container.textContent = "";
        view = null;
      }
    } else if (N > 0) {
      why = text.no_webgl;
    }
    if (!view && N > 0) { view = canvasView(); }
    byId("map-renderer").textContent = view
      ? (view.kind === "webgl" ? text.drawn_webgl : fill(text.drawn_canvas, { why: why }))
      : "";

    for (var n = 0; n < N; n++) {
      var option = document.createElement("option");
      option.value = nodes.label[n];
      names.appendChild(option);
    }
    byId("map-search-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      search(input.value);
    });
    byId("map-reset").addEventListener("click", function () {
      input.value = "";
      status.textContent = "";
      select(-1, false);
      if (view) { view.reset(); }
    });

    // Self-test and shareable searches: #map-search=NAME.
    var hash = location.hash.replace(/^#/, "");
    if (hash.indexOf("map-search=") === 0) {
      var query = "";
      try { query = decodeURIComponent(hash.slice("map-search=".length)); } catch (err) { errors.push(String(err)); }
      input.value = query;
      var out = [];
      try {
        var j = search(query);
        out.push("renderer=" + (view ? view.kind : "none"));
        out.push("nodes=" + N);
        out.push("edges=" + M);
        out.push("found=" + (j >= 0 ? "row:" + nodes.row[j] : "none"));
        if (j >= 0) {
          var shown = panel.querySelector("h3");
          out.push("panel=" + (!panel.hidden && shown && shown.textContent === nodes.label[j] ? "ok" : "FAILED"));
          // The panel's `why`, checked against the page's other copy of the row (relais-data).
          var whyAt = data.panel.columns.indexOf("why");
          if (whyAt >= 0) {
            var page = JSON.parse(byId("relais-data").textContent).accounts;
            var r = nodes.row[j], col = page.columns.indexOf("why");
            var want = r < page.rows.length ? page.rows[r][col] : data.panel.rows[j][whyAt];
            var got = null;
            Array.prototype.forEach.call(panel.querySelectorAll("tr"), function (tr) {
              if (tr.cells[0].textContent === "why") { got = tr.cells[1].textContent; }
            });
            out.push("why=" + (got === want ? "ok" : "FAILED"));
          }
          var row = showRow(nodes.row[j]);
          var cell = row ? row.cells[0].textContent : null;
          out.push("row=" + (row === null ? "absent" : (cell === nodes.account[j] && row.classList.contains("map-hit") ? "ok" : "FAILED")));
        }
        // A shared link lands on the map (also after the row check above scrolled away).
        byId("network-map").scrollIntoView();
      } catch (err) { errors.push(String(err)); }
      var finish = function () {
        var resources = window.performance && performance.getEntriesByType
          ? performance.getEntriesByType("resource").length : -1;
        out.push("resources=" + resources);
        out.push("painted=" + painted());
        out.push("errors=" + errors.length);
        if (errors.length) { out.push(errors.join(" | ")); }
        var marker = document.createElement("pre");
        marker.id = "map-selftest";
        marker.textContent = out.join(" ");
        document.body.appendChild(marker);
      };
      // Pixels drawn on the map's 2D canvases (the fallback's, or sigma's label layers).
      var painted = function () {
        var count = 0;
        Array.prototype.forEach.call(container.querySelectorAll("canvas"), function (cv) {
          var c = cv.width > 0 && cv.height > 0 ? cv.getContext("2d") : null;
          if (!c) { return; }
          var px = c.getImageData(0, 0, cv.width, cv.height).data;
          for (var q = 3; q < px.length; q += 4) { if (px[q] !== 0) { count += 1; } }
        });
        return count;
      };
      // Let the renderer draw a few frames (and the camera move) before reporting.
      setTimeout(finish, 800);
    }
  }
})();
