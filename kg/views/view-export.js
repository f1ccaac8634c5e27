// Export the picture as PNG (the canvas on white) or SVG (nodes, edges and labels as drawn now).
(function () {
  "use strict";
  var KG = window.KG;
  var NS = "http://www.w3.org/2000/svg";
  function download(href, name) {
    var a = document.createElement("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  function baseName() { return (document.body.dataset.file || "view").replace(/\.html$/, ""); }

  KG.pngDataUrl = function () {
    var canvas = document.querySelector("#kg-graph canvas");
    var out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    return out.toDataURL("image/png");
  };

  KG.svgText = function () {
    var network = KG.network, data = KG.data;
    var ids = data.nodes.filter(function (n) { return KG.seen.nodes[n.id]; }).map(function (n) { return n.id; });
    var pos = network.getPositions(ids);
    var xs = ids.map(function (id) { return pos[id].x; }), ys = ids.map(function (id) { return pos[id].y; });
    var pad = 60;
    var minX = Math.min.apply(null, xs.concat([0])) - pad, minY = Math.min.apply(null, ys.concat([0])) - pad;
    var width = Math.max.apply(null, xs.concat([0])) - minX + pad, height = Math.max.apply(null, ys.concat([0])) - minY + pad;
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("xmlns", NS);
    svg.setAttribute("viewBox", [minX, minY, width, height].join(" "));
    svg.setAttribute("width", String(Math.round(width)));
    svg.setAttribute("height", String(Math.round(height)));
    svg.setAttribute("font-family", "sans-serif");
    var title = document.createElementNS(NS, "title");
    title.textContent = document.title;
    svg.appendChild(title);
    var bg = document.createElementNS(NS, "rect");
    [["x", minX], ["y", minY], ["width", width], ["height", height], ["fill", "#ffffff"]].forEach(function (a) { bg.setAttribute(a[0], String(a[1])); });
    svg.appendChild(bg);
    KG.network.body.data.edges.get({ filter: function (e) { return !e.hidden; } }).forEach(function (e) {
      if (!pos[e.from] || !pos[e.to]) { return; }
      var line = document.createElementNS(NS, "line");
      line.setAttribute("x1", String(pos[e.from].x)); line.setAttribute("y1", String(pos[e.from].y));
      line.setAttribute("x2", String(pos[e.to].x)); line.setAttribute("y2", String(pos[e.to].y));
      line.setAttribute("stroke", (e.color && e.color.color) || "#999999");
      line.setAttribute("stroke-width", String(e.width || 1));
      if (e.dashes) { line.setAttribute("stroke-dasharray", "5 4"); }
      svg.appendChild(line);
      if (e.label) {
        var t = document.createElementNS(NS, "text");
        t.setAttribute("x", String((pos[e.from].x + pos[e.to].x) / 2));
        t.setAttribute("y", String((pos[e.from].y + pos[e.to].y) / 2));
        t.setAttribute("font-size", "9"); t.setAttribute("fill", "#555555"); t.setAttribute("text-anchor", "middle");
        t.textContent = e.label;
        svg.appendChild(t);
      }
    });
    data.nodes.forEach(function (n) {
      if (!pos[n.id]) { return; }
      var c = document.createElementNS(NS, "circle");
      c.setAttribute("cx", String(pos[n.id].x)); c.setAttribute("cy", String(pos[n.id].y));
      c.setAttribute("r", String(Math.max(3, n.size / 2)));
      c.setAttribute("fill", n.color.background);
      svg.appendChild(c);
      if (n.label) {
        var t = document.createElementNS(NS, "text");
        t.setAttribute("x", String(pos[n.id].x)); t.setAttribute("y", String(pos[n.id].y + n.size / 2 + 12));
        t.setAttribute("font-size", String((n.font && n.font.size) || 13)); t.setAttribute("text-anchor", "middle");
        t.textContent = n.label;
        svg.appendChild(t);
      }
    });
    return new XMLSerializer().serializeToString(svg);
  };

  var png = document.getElementById("kg-export-png");
  var svgButton = document.getElementById("kg-export-svg");
  if (png) { png.addEventListener("click", function () { download(KG.pngDataUrl(), baseName() + ".png"); }); }
  if (svgButton) {
    svgButton.addEventListener("click", function () {
      download(URL.createObjectURL(new Blob([KG.svgText()], { type: "image/svg+xml" })), baseName() + ".svg");
    });
  }
  var fit = document.getElementById("kg-fit");
  if (fit) { fit.addEventListener("click", function () { KG.network.fit({ animation: false }); }); }
}());
