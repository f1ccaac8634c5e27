// The drawing (vis-network), hover summaries kept inside the window, the details panel (evidence,
// entity cards, merged links), Find over names, aliases, metonyms and ids, and the chain list of a
// paths view.
(function () {
  "use strict";
  var KG = window.KG;
  var el = KG.el, data = KG.data, facts = data.facts, byId = KG.byId, edgeById = KG.edgeById, state = KG.state;
  var container = document.getElementById("kg-graph");
  var details = document.getElementById("kg-details");
  var chainColour = {};
  (data.chainLegend || []).forEach(function (c) { chainColour[c.tag] = c.color; });

  KG.edgeColour = function (e) {
    if (state.chain !== "" && data.chains && data.chains[Number(state.chain)]) {
      var chain = data.chains[Number(state.chain)];
      return chain.edges.indexOf(e.id) >= 0 ? chainColour[chain.tag] : data.dimColour;
    }
    return e.color;
  };
  KG.kindWord = function (e, n) {
    if (e.cls === "Transfer") { return n === 1 ? "transfer" : "transfers"; }
    if (e.cls === "Deployment") { return n === 1 ? "deployment" : "deployments"; }
    return e.text;
  };

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return { id: n.id, label: n.label, shape: n.shape, size: n.size, color: n.color, font: n.font, borderWidth: n.highlight ? 4 : 1 };
  }));
  function smoothFor(e) {
    return data.physics.smooth && e.curve ?
      { enabled: true, type: e.curve % 2 ? "curvedCW" : "curvedCCW", roundness: Math.min(0.8, 0.12 * Math.ceil(e.curve / 2)) } : undefined;
  }
  var edgeRows = data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, label: e.label, color: { color: e.color, inherit: false }, smooth: smoothFor(e),
             dashes: e.dashes, width: e.highlight ? 4 : (e.role ? 0.7 : 1.5), font: e.font, arrows: { to: { enabled: true, scaleFactor: 0.5 } } };
  });
  Object.keys(KG.groups).forEach(function (key) {
    var first = KG.groups[key][0];
    edgeRows.push({ id: "merged:" + key, from: first.from, to: first.to, label: "", hidden: true,
                    color: { color: first.color, inherit: false }, font: { size: 11, color: "#333333", strokeWidth: 3, strokeColor: "#ffffff" },
                    arrows: { to: { enabled: true, scaleFactor: 0.6 } } });
  });
  var edges = new vis.DataSet(edgeRows);
  var network = null;
  KG.draw = function (nodeUpdates, edgeUpdates) {
    var revealed = network && nodeUpdates.some(function (u) { return !u.hidden && nodes.get(u.id).hidden; });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    // Nodes shown for the first time were never laid out: a short, bounded layout; the rest stay put.
    if (revealed && data.physics.enabled) {
      var fixed = nodes.get({ filter: function (n) { return !n.hidden; } }).map(function (n) { return n.id; });
      network.setOptions({ physics: { enabled: true } });
      network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: { enabled: false } }); });
      network.stabilize(Math.min(data.physics.iterations, 150));
      return fixed;
    }
  };

  // Details panel: the full evidence, scrollable; cleared when the filter hides what it shows.
  function describeEdge(id) {
    var frag = document.createDocumentFragment();
    if (id.indexOf("merged:") === 0) {
      var key = id.slice(7);
      var members = KG.groups[key].filter(function (e) { return KG.seen.edges[e.id]; });
      var box = el("div", "info");
      box.appendChild(el("h3", null, byId[members[0].from].full + " → " + members.length + " × " + KG.kindWord(members[0], members.length) + " → " + byId[members[0].to].full));
      var expand = el("button", null, "draw them apart");
      expand.type = "button";
      expand.id = "kg-expand";
      expand.addEventListener("click", function () { state.expanded[key] = true; KG.apply(); });
      box.appendChild(expand);
      frag.appendChild(box);
      members.forEach(function (e) { if (facts[e.fact]) { frag.appendChild(KG.factBlock(facts[e.fact], e.text)); } });
      return frag;
    }
    var e = edgeById[id];
    if (!e) { return frag; }
    var heading = (byId[e.from] || {}).full + " → " + e.text + " → " + (byId[e.to] || {}).full;
    if (facts[e.fact]) { frag.appendChild(KG.factBlock(facts[e.fact], heading)); }
    return frag;
  }
  function describeNode(id) {
    var n = byId[id];
    var frag = document.createDocumentFragment();
    if (!n) { return frag; }
    if (n.fact && facts[n.fact]) { frag.appendChild(KG.factBlock(facts[n.fact])); return frag; }
    frag.appendChild(KG.entityCard(data, id, { onEdge: function (edgeId) {
      var shown = edgeById[edgeId];
      showDetails(describeEdge(shown.group && !state.expanded[shown.group] && state.merge !== "0" ? "merged:" + shown.group : edgeId), null);
    } }));
    (n.notes || []).forEach(function (f) { if (facts[f]) { frag.appendChild(KG.factBlock(facts[f])); } });
    return frag;
  }
  var shownItem = null;
  function showDetails(frag, item) { details.replaceChildren(frag); shownItem = item; }
  KG.afterApply = function (seen) {
    if (shownItem && ((shownItem.node && !seen.nodes[shownItem.node]) || (shownItem.edge && shownItem.edge.indexOf("merged:") < 0 && !seen.edges[shownItem.edge]))) {
      showDetails(el("p", "small", "What this panel showed is hidden by the current filters."), null);
    }
  };

  // Neighbours of a clicked entity stand out; the rest fade.
  function highlightNeighbours(id) {
    var near = {};
    near[id] = true;
    data.edges.forEach(function (e) { if (e.from === id || e.to === id) { near[e.from] = true; near[e.to] = true; } });
    nodes.update(data.nodes.map(function (n) { return { id: n.id, opacity: id && !near[n.id] ? 0.2 : 1 }; }));
  }
  function select(id) {
    state.sel = id || "";
    if (id) { network.selectNodes([id]); highlightNeighbours(byId[id].kind === "entity" ? id : ""); }
    KG.apply();
    if (id) { showDetails(describeNode(id), { node: id }); }
  }

  var physics = data.physics;
  var options = {
    autoResize: true,
    layout: { improvedLayout: physics.improvedLayout, randomSeed: 7 },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: data.nodes.length > 200, hideEdgesOnZoom: data.nodes.length > 200 },
    nodes: { font: { size: 13, strokeWidth: 3, strokeColor: "#ffffff" }, scaling: { label: { drawThreshold: 6 } } },
    edges: { smooth: { enabled: physics.smooth, type: "continuous" },
             font: { size: 10, align: "middle", strokeWidth: 3, strokeColor: "#ffffff", color: "#333333" } },
    physics: {
      enabled: physics.enabled, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: physics.gravity, centralGravity: 0.012, springLength: physics.springLength,
                          springConstant: 0.06, avoidOverlap: 0.6 },
      stabilization: { enabled: true, iterations: physics.iterations, updateInterval: 50, fit: true }
    }
  };
  document.getElementById("kg-note").textContent = data.note || "";
  KG.apply();
  // Created after the first filter pass, so the layout is computed for what is shown.
  network = KG.network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  container.dataset.nodeCount = String(data.nodes.length);
  container.dataset.edgeCount = String(data.edges.length);
  container.dataset.stable = "false";
  function markStable() {
    if (container.dataset.stable === "true") { return; }
    network.setOptions({ physics: { enabled: false } });
    container.dataset.stable = "true";
    window.kgStableAt = performance.now();
    if (state.sel && byId[state.sel]) { select(state.sel); }
  }
  network.once("stabilizationIterationsDone", markStable);
  network.once("stabilized", markStable);
  if (!physics.enabled) { network.once("afterDrawing", markStable); }

  // Hover: a short summary placed inside the window (flipped left or above when there is no room).
  var tip = document.getElementById("kg-tooltip");
  function showTip(frag, pointer) {
    tip.replaceChildren(frag);
    tip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = box.left + pointer.x, y = box.top + pointer.y;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = x + 14 + w <= window.innerWidth - 4 ? x + 14 : x - 14 - w;
    var top = y + 14 + h <= window.innerHeight - 4 ? y + 14 : y - 14 - h;
    tip.style.left = Math.max(4, Math.min(left, window.innerWidth - w - 4)) + "px";
    tip.style.top = Math.max(4, Math.min(top, window.innerHeight - h - 4)) + "px";
  }
  function hideTip() { tip.hidden = true; }
  function summaryOfNode(id) {
    var n = byId[id];
    if (n.fact && facts[n.fact]) { return KG.factSummary(facts[n.fact]); }
    var box = el("div", "info");
    box.appendChild(el("h3", null, n.full));
    box.appendChild(el("div", "small", [n.cls, (n.names || []).slice(0, 4).join(", ")].filter(function (x) { return x; }).join(" · ")));
    box.appendChild(el("div", "small", "click for its card"));
    return box;
  }
  function summaryOfEdge(id) {
    if (id.indexOf("merged:") === 0) {
      var members = KG.groups[id.slice(7)].filter(function (e) { return KG.seen.edges[e.id]; });
      var box = el("div", "info");
      box.appendChild(el("h3", null, members.length + " × " + KG.kindWord(members[0], members.length)));
      members.slice(0, 6).forEach(function (e) { box.appendChild(el("div", "small", e.text + " · " + (facts[e.fact].status || ""))); });
      box.appendChild(el("div", "small", "click to list them with their evidence"));
      return box;
    }
    var e = edgeById[id];
    return KG.factSummary(facts[e.fact], byId[e.from].full + " → " + e.text + " → " + byId[e.to].full);
  }
  network.on("hoverNode", function (p) { showTip(summaryOfNode(p.node), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip(summaryOfEdge(p.edge), p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  container.addEventListener("mouseleave", hideTip);
  network.on("click", function (p) {
    if (p.nodes.length) { select(p.nodes[0]); }
    else if (p.edges.length) { showDetails(describeEdge(p.edges[0]), { edge: p.edges[0] }); }
    else if (state.sel) { state.sel = ""; highlightNeighbours(""); KG.apply(); }
  });

  // Find: label, aliases, metonyms and ids; exact before prefix before substring; never a hidden node.
  var search = document.getElementById("kg-search");
  var results = document.getElementById("kg-find-results");
  var labels = document.getElementById("kg-labels");
  data.nodes.forEach(function (n) { if (n.kind === "entity") { labels.appendChild(el("option", null, n.full)); } });
  function norm(s) { return String(s).toLowerCase().replace(/\s+/g, " ").trim(); }
  KG.find = function (text) {
    var wanted = norm(text);
    var found = [];
    if (!wanted) { return found; }
    data.nodes.forEach(function (n) {
      var best = null;
      [n.full].concat(n.names || [], [n.short, n.short.replace(/^[a-z]+:/, "")]).forEach(function (name, i) {
        var s = norm(name);
        var rank = s === wanted ? 0 : (s.indexOf(wanted) === 0 ? 1 : (s.indexOf(wanted) > 0 ? 2 : 9));
        if (rank < 9 && (best === null || rank < best.rank)) { best = { rank: rank, via: i ? name : "" }; }
      });
      if (best) { found.push({ id: n.id, rank: best.rank, via: best.via, hidden: !KG.seen.nodes[n.id], claim: n.kind === "claim", degree: n.degree }); }
    });
    found.sort(function (a, b) { return a.rank - b.rank || a.claim - b.claim || b.degree - a.degree || (a.id < b.id ? -1 : 1); });
    return found;
  };
  function runFind() {
    var found = KG.find(search.value);
    var shown = found.filter(function (f) { return !f.hidden; });
    results.replaceChildren();
    var message;
    if (!found.length) { message = "no match for “" + search.value.trim() + "”"; }
    else if (!shown.length) { message = "only hidden nodes match (" + found.length + "): change the filters to see them"; }
    var top = shown[0];
    var tie = top && shown.length > 1 && shown[1].rank === top.rank && top.rank > 0;
    if (top && !tie) {
      network.focus(top.id, { scale: 1.2, animation: false });
      select(top.id);
      message = "found " + byId[top.id].full + (top.via ? " (as “" + top.via + "”)" : "");
    } else if (tie) {
      message = shown.length + " matches: choose one";
    }
    results.dataset.found = top && !tie ? top.id : "";
    results.appendChild(el("li", "small", message));
    shown.slice(top && !tie ? 1 : 0, 10).forEach(function (f) {
      var b = el("button", "linkish", byId[f.id].full + (f.via ? " (" + f.via + ")" : ""));
      b.type = "button";
      b.addEventListener("click", function () { network.focus(f.id, { scale: 1.2, animation: false }); select(f.id); });
      var li = el("li");
      li.appendChild(b);
      results.appendChild(li);
    });
  }
  search.addEventListener("change", runFind);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { runFind(); } });

  // Paths view: the chains, one at a time, hop by hop with their quotes.
  function chainList() {
    var frag = document.createDocumentFragment();
    if (!data.chains) { return frag; }
    frag.appendChild(el("h3", null, data.chainSummary));
    var ol = el("ol", "chains");
    ol.id = "kg-chains";
    data.chains.forEach(function (chain, i) {
      var li = el("li", "chain " + chain.tag);
      var b = el("button", "linkish", chain.route + "  [" + chain.tag + "]");
      b.type = "button";
      b.dataset.chain = String(i);
      b.style.borderLeftColor = chainColour[chain.tag];
      b.addEventListener("click", function () { KG.showChain(i); });
      li.appendChild(b);
      ol.appendChild(li);
    });
    frag.appendChild(ol);
    return frag;
  }
  KG.showChain = function (i) {
    state.chain = i === null ? "" : String(i);
    if (i !== null) { data.chains[i].edges.forEach(function (id) { if (edgeById[id].group) { state.expanded[edgeById[id].group] = true; } }); }
    KG.apply();
    var frag = document.createDocumentFragment();
    var back = el("button", null, "all chains");
    back.type = "button";
    back.addEventListener("click", function () { KG.showChain(null); });
    frag.appendChild(back);
    if (i === null) { frag.appendChild(chainList()); showDetails(frag, null); return; }
    var chain = data.chains[i];
    frag.appendChild(el("h3", null, (i + 1) + ". " + chain.route + "  [" + chain.tag + "]"));
    chain.edges.forEach(function (id, hop) {
      var e = edgeById[id];
      frag.appendChild(KG.factBlock(facts[e.fact], "hop " + (hop + 1) + ": " + byId[e.from].full + " → " + e.text + " → " + byId[e.to].full));
    });
    showDetails(frag, null);
  };
  if (data.chains) {
    if (state.chain !== "") { KG.showChain(Number(state.chain)); } else { showDetails(chainList(), null); }
  }

  window.kgView = {
    network: network, nodes: nodes, edges: edges, data: data, apply: KG.apply, find: KG.find,
    describeNode: describeNode, describeEdge: describeEdge, select: select,
    setDateRange: function (a, b) { state.from = a || ""; state.to = b || ""; KG.apply(); },
    visibleCounts: function () { return { nodes: Number(container.dataset.visibleNodes), edges: Number(container.dataset.visibleEdges) }; }
  };
}());
