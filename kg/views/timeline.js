// The timeline, drawn in SVG: lanes by actor, one item per event (or per claim until sources are
// merged), bars spanning imprecise dates; wheel/buttons zoom, drag pans, click shows the evidence.
(function () {
  "use strict";
  var KG = window.KG, el = KG.el;
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var svg = document.getElementById("tl-svg"), wrap = document.getElementById("tl-wrap");
  var panel = document.getElementById("kg-details");
  var DAY = 86400000, LABEL = 150, ROW = 18;
  function t(iso) { var p = iso.split("-"); return Date.UTC(+p[0], (+p[1] || 1) - 1, +p[2] || 1); }
  data.items.forEach(function (it) { it.t0 = t(it.start); it.t1 = t(it.end) + DAY; });
  var lo = Math.min.apply(null, data.items.map(function (i) { return i.t0; }));
  var hi = Math.max.apply(null, data.items.map(function (i) { return i.t1; }));
  var full = [lo - 15 * DAY, hi + 15 * DAY];
  // Start on where most items are (a few old ones would squeeze the rest into a corner).
  var starts = data.items.map(function (i) { return i.t0; }).sort(function (a, b) { return a - b; });
  var view = [starts[Math.floor(starts.length * 0.1)] - 30 * DAY, full[1]];
  function node(tag, attrs, text) {
    var n = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) { n.textContent = text; }
    return n;
  }
  function show(item) {
    var frag = document.createDocumentFragment();
    frag.appendChild(el("h3", null, item.label + " — " + item.facts.length + " source claim(s)"));
    item.facts.forEach(function (f) { if (data.facts[f]) { frag.appendChild(KG.factBlock(data.facts[f])); } });
    panel.replaceChildren(frag);
    panel.dataset.item = item.key;
  }
  function draw() {
    var width = Math.max(600, wrap.clientWidth - 10);
    var scale = (width - LABEL - 10) / (view[1] - view[0]);
    var x = function (ms) { return LABEL + (ms - view[0]) * scale; };
    svg.replaceChildren();
    var y = 28, shown = 0;
    var laneTops = [];
    data.lanes.forEach(function (name, lane) {
      var rows = [];
      var items = data.items.filter(function (i) { return i.lane === lane && i.t1 >= view[0] && i.t0 <= view[1]; });
      laneTops.push(y);
      items.forEach(function (i) {
        var x0 = Math.max(LABEL, x(i.t0)), x1 = Math.max(x0 + 8, x(i.t1));
        var end = x0 + Math.max(x1 - x0, Math.min(i.label.length, 34) * 6 + 12);
        var r = 0;
        while (rows[r] !== undefined && rows[r] > x0) { r += 1; }
        rows[r] = end;
        i.row = r; i.x0 = x0; i.x1 = x1;
      });
      var height = Math.max(1, rows.length) * ROW + 8;
      svg.appendChild(node("rect", { x: 0, y: y, width: width, height: height, fill: lane % 2 ? "#fafafa" : "#f1f4f8" }));
      svg.appendChild(node("text", { x: 4, y: y + 13, "font-size": 12, "font-weight": "bold" }, name));
      items.forEach(function (i) {
        var g = node("g", { "class": "item", "data-key": i.key });
        var top = y + 4 + i.row * ROW;
        g.appendChild(node("rect", { x: i.x0, y: top, width: i.x1 - i.x0, height: ROW - 4, rx: 3,
                                     fill: data.colours[i.status] || "#e4e4e4", stroke: i.precision === "day" ? "#555" : "#aaa",
                                     "stroke-dasharray": i.precision === "day" ? "" : "3 2" }));
        var label = (i.facts.length > 1 ? "×" + i.facts.length + " " : "") + (i.label.length > 34 ? i.label.slice(0, 33) + "…" : i.label);
        g.appendChild(node("text", { x: i.x0 + 3, y: top + 11, "font-size": 10 }, label));
        g.appendChild(node("title", {}, i.label + " (" + i.start + (i.end !== i.start ? " – " + i.end : "") + ")"));
        g.addEventListener("click", function () { show(i); });
        svg.appendChild(g);
        shown += 1;
      });
      y += height;
    });
    // Axis: months when under three years are in view, else years.
    var monthly = view[1] - view[0] < 3 * 365 * DAY;
    var d = new Date(view[0]);
    var tick = Date.UTC(d.getUTCFullYear(), monthly ? d.getUTCMonth() : 0, 1);
    while (tick <= view[1]) {
      if (tick >= view[0]) {
        svg.appendChild(node("line", { x1: x(tick), y1: 18, x2: x(tick), y2: y, stroke: "#dddddd" }));
        var td = new Date(tick);
        svg.appendChild(node("text", { x: x(tick) + 2, y: 14, "font-size": 10, fill: "#555" },
          monthly ? td.getUTCFullYear() + "-" + String(td.getUTCMonth() + 1).padStart(2, "0") : String(td.getUTCFullYear())));
      }
      var next = new Date(tick);
      tick = monthly ? Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1) : Date.UTC(next.getUTCFullYear() + 1, 0, 1);
    }
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(y + 4));
    svg.dataset.shown = String(shown);
    document.getElementById("tl-count").textContent = shown + " of " + data.items.length + " items in view; " + data.undated.length + " undated claims below";
  }
  function zoom(factor, at) {
    var centre = at === undefined ? (view[0] + view[1]) / 2 : at;
    var span = Math.max(10 * DAY, Math.min(full[1] - full[0], (view[1] - view[0]) * factor));
    var left = centre - (centre - view[0]) * span / (view[1] - view[0]);
    view = [left, left + span];
    draw();
  }
  wrap.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var box = svg.getBoundingClientRect();
    var scale = (box.width - LABEL - 10) / (view[1] - view[0]);
    zoom(ev.deltaY > 0 ? 1.25 : 0.8, view[0] + (ev.clientX - box.left - LABEL) / scale);
  }, { passive: false });
  var dragging = null;
  svg.addEventListener("mousedown", function (ev) { dragging = { x: ev.clientX, view: view.slice() }; });
  window.addEventListener("mouseup", function () { dragging = null; });
  window.addEventListener("mousemove", function (ev) {
    if (!dragging) { return; }
    var scale = (svg.clientWidth - LABEL - 10) / (view[1] - view[0]);
    var shift = (dragging.x - ev.clientX) / scale;
    if (Math.abs(shift) > 0) { view = [dragging.view[0] + shift, dragging.view[1] + shift]; draw(); }
  });
  document.getElementById("tl-in").addEventListener("click", function () { zoom(0.5); });
  document.getElementById("tl-out").addEventListener("click", function () { zoom(2); });
  document.getElementById("tl-fit").addEventListener("click", function () { view = full.slice(); draw(); });
  var undated = document.getElementById("tl-undated");
  data.undated.forEach(function (f) {
    var fact = data.facts[f];
    var li = el("li");
    var b = el("button", "linkish", fact.cls + ": " + fact.label);
    b.type = "button";
    b.addEventListener("click", function () { panel.replaceChildren(KG.factBlock(fact)); });
    li.appendChild(b);
    undated.appendChild(li);
  });
  function svgText() { return new XMLSerializer().serializeToString(svg); }
  function download(href, name) { var a = el("a"); a.href = href; a.download = name; document.body.appendChild(a); a.click(); a.remove(); }
  document.getElementById("kg-export-svg").addEventListener("click", function () {
    download(URL.createObjectURL(new Blob([svgText()], { type: "image/svg+xml" })), "timeline.svg");
  });
  KG.pngDataUrl = function (done) {
    var img = new Image();
    img.onload = function () {
      var c = document.createElement("canvas");
      c.width = svg.width.baseVal.value; c.height = svg.height.baseVal.value;
      var ctx = c.getContext("2d");
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, c.width, c.height); ctx.drawImage(img, 0, 0);
      done(c.toDataURL("image/png"));
    };
    img.src = URL.createObjectURL(new Blob([svgText()], { type: "image/svg+xml" }));
  };
  document.getElementById("kg-export-png").addEventListener("click", function () {
    KG.pngDataUrl(function (url) { download(url, "timeline.png"); });
  });
  draw();
  window.addEventListener("resize", draw);
  window.kgTimeline = { data: data, draw: draw, zoom: zoom, show: show, setView: function (a, b) { view = [t(a), t(b)]; draw(); } };
  svg.dataset.ready = "true";
}());
