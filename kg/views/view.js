// The page's behaviour: draws the graph with vis-network, shows evidence on hover and click,
// filters by date and class. Text from the graph is only ever set with textContent (never
// innerHTML), so a label or quote containing markup is shown as text.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var container = document.getElementById("kg-graph");
  var facts = data.facts;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function row(dl, name, value) {
    if (value === undefined || value === null || value === "") { return; }
    dl.appendChild(el("dt", null, name));
    dl.appendChild(el("dd", null, value));
  }
  function factBlock(fact, heading) {
    var box = el("div", "info");
    box.appendChild(el("h3", null, heading || fact.label));
    var dl = el("dl");
    row(dl, "class", fact.cls);
    row(dl, "status", fact.status);
    row(dl, "date", fact.date);
    row(dl, "claimant", fact.claimant);
    row(dl, "fact", fact.id);
    box.appendChild(dl);
    (fact.quotes || []).forEach(function (q) { box.appendChild(el("blockquote", "quote", q)); });
    var s = fact.source || {};
    if (s.title || s.publisher) {
      var parts = [s.title, s.publisher, s.date].filter(function (x) { return x; });
      box.appendChild(el("div", "source", "Source: " + parts.join(" — ")));
    }
    return box;
  }
  function describeNode(id) {
    var n = byId[id];
    var frag = document.createDocumentFragment();
    if (!n) { return frag; }
    if (n.fact && facts[n.fact]) {
      frag.appendChild(factBlock(facts[n.fact]));
      return frag;
    }
    var box = el("div", "info");
    box.appendChild(el("h3", null, n.full || n.label));
    var dl = el("dl");
    row(dl, "class", n.cls);
    row(dl, "id", n.short);
    row(dl, "connections", n.degree);
    box.appendChild(dl);
    frag.appendChild(box);
    (n.notes || []).forEach(function (f) { if (facts[f]) { frag.appendChild(factBlock(facts[f])); } });
    return frag;
  }
  function describeEdge(id) {
    var e = edgeById[id];
    var frag = document.createDocumentFragment();
    if (!e) { return frag; }
    var heading = (byId[e.from] || {}).full + " → " + e.text + " → " + (byId[e.to] || {}).full;
    if (facts[e.fact]) { frag.appendChild(factBlock(facts[e.fact], heading)); }
    return frag;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return { id: n.id, label: n.label, shape: n.shape, size: n.size, color: n.color,
             font: n.font, borderWidth: n.highlight ? 4 : 1 };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var smooth = data.physics.smooth && e.curve ?
      { enabled: true, type: e.curve % 2 ? "curvedCW" : "curvedCCW", roundness: Math.min(0.8, 0.09 * Math.ceil(e.curve / 2)) } :
      undefined;
    return { id: e.id, from: e.from, to: e.to, label: e.label, color: { color: e.color, inherit: false }, smooth: smooth,
             dashes: e.dashes, width: e.highlight ? 4 : (e.role ? 0.7 : 1.5), font: e.font,
             arrows: { to: { enabled: true, scaleFactor: 0.5 } } };
  }));
  var physics = data.physics;
  var options = {
    autoResize: true,
    layout: { improvedLayout: physics.improvedLayout, randomSeed: 7 },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: data.nodes.length > 200,
                   hideEdgesOnZoom: data.nodes.length > 200 },
    nodes: { font: { size: 13, strokeWidth: 3, strokeColor: "#ffffff" }, scaling: { label: { drawThreshold: 6 } } },
    edges: { smooth: { enabled: physics.smooth, type: "continuous" },
             font: { size: 10, align: "middle", strokeWidth: 3, strokeColor: "#ffffff", color: "#333333" } },
    physics: {
      enabled: physics.enabled,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: physics.gravity, centralGravity: 0.012,
                          springLength: physics.springLength, springConstant: 0.06, avoidOverlap: 0.6 },
      stabilization: { enabled: true, iterations: physics.iterations, updateInterval: 50, fit: true }
    }
  };
  // Note, legend and class filter.
  document.getElementById("kg-note").textContent = data.note || "";
  var legend = document.getElementById("kg-legend");
  var enabled = {};
  data.classes.forEach(function (c) {
    enabled[c.name] = !c.hidden;
    var li = el("li");
    var box = el("input");
    box.type = "checkbox";
    box.checked = !c.hidden;
    box.dataset.cls = c.name;
    box.addEventListener("change", function () { enabled[c.name] = box.checked; apply(); });
    var label = el("label");
    label.appendChild(box);
    var swatch = c.symbol ? el("span", "swatch", c.symbol) : el("span", "line");
    if (c.symbol) { swatch.style.color = c.color; } else { swatch.style.borderTopColor = c.color; }
    label.appendChild(swatch);
    label.appendChild(document.createTextNode(" " + c.label));
    li.appendChild(label);
    li.appendChild(el("span", "count", c.count));
    legend.appendChild(li);
  });
  var statusLegend = document.getElementById("kg-status-legend");
  // The status groups come from the model (kg.model.ASSERTED is drawn solid, every other status dashed).
  [[data.statuses.firm.join(" / "), false], [data.statuses.dashed.join(", "), true]].forEach(function (s) {
    var li = el("li");
    li.appendChild(el("span", s[1] ? "line dashed" : "line"));
    li.appendChild(el("span", "small", s[0]));
    statusLegend.appendChild(li);
  });
  var labels = document.getElementById("kg-labels");
  data.nodes.forEach(function (n) { if (n.kind === "entity") { labels.appendChild(el("option", null, n.full)); } });

  // Time and class filter: hide facts outside the range, then entities left with no visible fact.
  var from = document.getElementById("kg-from");
  var to = document.getElementById("kg-to");
  var undated = document.getElementById("kg-undated");
  var slider = document.getElementById("kg-slider");
  var sliderLabel = document.getElementById("kg-slider-label");
  var dates = data.dates;
  slider.max = String(dates.length);
  slider.value = String(dates.length);
  sliderLabel.textContent = dates.length ? "slide to show facts up to a date" : "no dated facts";
  function inRange(fact) {
    if (!fact) { return true; }
    var lo = fact.earliest || fact.latest;
    var hi = fact.latest || fact.earliest;
    if (!lo) { return undated.checked || (!from.value && !to.value); }
    if (from.value && hi < from.value) { return false; }
    if (to.value && lo > to.value) { return false; }
    return true;
  }
  function apply() {
    var visible = {};
    data.nodes.forEach(function (n) {
      if (n.kind === "claim") { visible[n.id] = enabled[n.cls] !== false && inRange(facts[n.fact]); }
    });
    var edgeVisible = {};
    var hasEdge = {};
    data.edges.forEach(function (e) {
      var ok = enabled[e.cls] !== false && inRange(facts[e.fact]);
      [e.from, e.to].forEach(function (end) {
        if (byId[end] && byId[end].kind === "claim" && !visible[end]) { ok = false; }
        if (byId[end] && enabled[byId[end].cls] === false) { ok = false; }
      });
      edgeVisible[e.id] = ok;
      if (ok) { hasEdge[e.from] = true; hasEdge[e.to] = true; }
    });
    data.nodes.forEach(function (n) {
      if (n.kind !== "claim") { visible[n.id] = enabled[n.cls] !== false && (!n.degree || !!hasEdge[n.id]); }
    });
    var nodeUpdates = [];
    var shownNodes = 0;
    data.nodes.forEach(function (n) {
      nodeUpdates.push({ id: n.id, hidden: !visible[n.id] });
      if (visible[n.id]) { shownNodes += 1; }
    });
    var edgeUpdates = [];
    var shownEdges = 0;
    data.edges.forEach(function (e) {
      var ok = edgeVisible[e.id] && visible[e.from] && visible[e.to];
      edgeUpdates.push({ id: e.id, hidden: !ok });
      if (ok) { shownEdges += 1; }
    });
    var revealed = nodeUpdates.some(function (u) { return !u.hidden && nodes.get(u.id).hidden; });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    // Nodes shown for the first time were never laid out: run a short, bounded layout again.
    if (revealed && typeof network !== "undefined" && physics.enabled) {
      network.setOptions({ physics: { enabled: true } });
      network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: { enabled: false } }); });
      network.stabilize(Math.min(physics.iterations, 150));
    }
    container.dataset.visibleNodes = String(shownNodes);
    container.dataset.visibleEdges = String(shownEdges);
    document.getElementById("kg-counts").textContent =
      shownNodes + " of " + data.nodes.length + " nodes, " + shownEdges + " of " + data.edges.length + " edges shown";
  }
  [from, to, undated].forEach(function (input) { input.addEventListener("change", apply); });
  slider.addEventListener("input", function () {
    var i = Number(slider.value);
    if (i >= dates.length) { to.value = ""; sliderLabel.textContent = "all dates"; }
    else { to.value = dates[i]; sliderLabel.textContent = "up to " + dates[i]; }
    apply();
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    from.value = ""; to.value = ""; undated.checked = true; slider.value = String(dates.length);
    sliderLabel.textContent = "all dates";
    legend.querySelectorAll("input").forEach(function (b) { b.checked = true; enabled[b.dataset.cls] = true; });
    apply();
  });

  // Find: focus the node whose label was typed.
  var search = document.getElementById("kg-search");
  search.addEventListener("change", function () {
    var wanted = search.value.trim().toLowerCase();
    var hit = data.nodes.find(function (n) { return n.full.toLowerCase() === wanted; }) ||
              data.nodes.find(function (n) { return n.full.toLowerCase().indexOf(wanted) >= 0; });
    if (!hit) { return; }
    network.selectNodes([hit.id]);
    network.focus(hit.id, { scale: 1.2, animation: false });
    showDetails(describeNode(hit.id));
  });

  apply();
  // Created after the first filter pass, so the layout is computed for what is shown.
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  container.dataset.nodeCount = String(data.nodes.length);
  container.dataset.edgeCount = String(data.edges.length);
  container.dataset.stable = "false";
  function markStable() {
    if (container.dataset.stable === "true") { return; }
    network.setOptions({ physics: { enabled: false } });
    container.dataset.stable = "true";
    window.kgStableAt = performance.now();
  }
  // Physics stops after a bounded number of iterations, so large graphs settle instead of jiggling forever.
  network.once("stabilizationIterationsDone", markStable);
  network.once("stabilized", markStable);
  if (!physics.enabled) { network.once("afterDrawing", markStable); }

  // Hover: a tooltip built from text nodes; click: the same in the details panel.
  var tip = document.getElementById("kg-tooltip");
  var details = document.getElementById("kg-details");
  function showTip(frag, pointer) {
    tip.replaceChildren(frag);
    var box = container.getBoundingClientRect();
    tip.style.left = Math.min(box.left + pointer.x + 14, window.innerWidth - 390) + "px";
    tip.style.top = Math.min(box.top + pointer.y + 14, window.innerHeight - 200) + "px";
    tip.hidden = false;
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (p) { showTip(describeNode(p.node), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip(describeEdge(p.edge), p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  function showDetails(frag) { details.replaceChildren(frag); }
  network.on("click", function (p) {
    if (p.nodes.length) { showDetails(describeNode(p.nodes[0])); }
    else if (p.edges.length) { showDetails(describeEdge(p.edges[0])); }
  });

  window.kgView = {
    network: network, nodes: nodes, edges: edges, data: data, apply: apply,
    describeNode: describeNode, describeEdge: describeEdge,
    setDateRange: function (a, b) { from.value = a || ""; to.value = b || ""; apply(); },
    visibleCounts: function () {
      return { nodes: Number(container.dataset.visibleNodes), edges: Number(container.dataset.visibleEdges) };
    }
  };
}());
