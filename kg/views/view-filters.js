// Filters of a graph view: dates (with the rule in view-core.js), classes (the legend), statuses,
// claimants and source documents; parallel edges of one kind merged into one. The state lives in
// the URL hash. KG.apply() works out what is visible and updates the drawing, counts and legend.
(function () {
  "use strict";
  var KG = window.KG;
  var el = KG.el;
  var data = KG.data = JSON.parse(document.getElementById("kg-data").textContent);
  var facts = data.facts;
  var byId = KG.byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = KG.edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var $ = function (id) { return document.getElementById(id); };

  var defaults = { from: "", to: "", undated: "source", possible: "1", merge: "1", hide: {}, status: {}, claimant: {}, source: {} };
  data.classes.forEach(function (c) { if (c.hidden) { defaults.hide[c.name] = true; } });
  var state = KG.state = { sel: "", chain: "", expanded: {} };
  function copySet(s) { var o = {}; Object.keys(s).forEach(function (k) { o[k] = true; }); return o; }
  function setFrom(list) { var o = {}; (list || "").split(",").forEach(function (k) { if (k) { o[k] = true; } }); return o; }
  function resetState(keepDates) {
    if (!keepDates) { state.from = ""; state.to = ""; state.undated = defaults.undated; state.possible = "1"; }
    state.merge = "1";
    state.hide = copySet(defaults.hide);
    state.status = {}; state.claimant = {}; state.source = {};
  }
  resetState(false);
  var hash = KG.readHash();
  ["from", "to", "undated", "possible", "merge", "sel", "chain"].forEach(function (k) { if (hash[k] !== undefined) { state[k] = hash[k]; } });
  ["hide", "status", "claimant", "source"].forEach(function (k) { if (hash[k] !== undefined) { state[k] = setFrom(hash[k]); } });

  // Parallel edges of one kind (same ends, class and, for relations, predicate) drawn as one.
  var groups = KG.groups = {};
  data.edges.forEach(function (e) {
    if (e.role) { return; }
    var key = e.from + "|" + e.to + "|" + e.cls + (e.cls === "RelationClaim" ? "|" + e.text : "");
    (groups[key] = groups[key] || []).push(e);
    e.group = key;
  });
  Object.keys(groups).forEach(function (k) { if (groups[k].length < 2) { groups[k].forEach(function (e) { e.group = null; }); delete groups[k]; } });

  // The filter lists: every status, claimant and source document the view's facts name.
  function values(pick) {
    var seen = {};
    Object.keys(facts).forEach(function (k) { var v = pick(facts[k]); seen[v] = (seen[v] || 0) + 1; });
    return Object.keys(seen).sort().map(function (v) { return [v, seen[v]]; });
  }
  var pickers = {
    status: function (f) { return f.status || "(none)"; },
    claimant: function (f) { return f.claimant || "(the source itself)"; },
    source: function (f) { return (f.source && f.source.id) || "(none)"; }
  };
  function sourceName(id) { var s = data.sources[id]; return s ? s.identifier + " " + s.title : id; }
  ["status", "claimant", "source"].forEach(function (kind) {
    var list = $("kg-filter-" + kind);
    if (!list) { return; }
    values(pickers[kind]).forEach(function (pair) {
      var li = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.dataset.value = pair[0];
      box.checked = !state[kind][pair[0]];
      box.addEventListener("change", function () {
        if (box.checked) { delete state[kind][pair[0]]; } else { state[kind][pair[0]] = true; }
        KG.apply();
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + (kind === "source" ? sourceName(pair[0]) : pair[0])));
      li.appendChild(label);
      li.appendChild(el("span", "count", pair[1]));
      list.appendChild(li);
    });
  });

  // Legend: one row per class, ticked when shown, with "shown / total".
  var legend = $("kg-legend");
  var legendCount = {};
  data.classes.forEach(function (c) {
    var li = el("li");
    var box = el("input");
    box.type = "checkbox";
    box.dataset.cls = c.name;
    box.addEventListener("change", function () {
      if (box.checked) { delete state.hide[c.name]; } else { state.hide[c.name] = true; }
      KG.apply();
    });
    var label = el("label");
    label.title = c.label;
    label.appendChild(box);
    var swatch = c.symbol ? el("span", "swatch", c.symbol) : el("span", "line");
    if (c.symbol) { swatch.style.color = c.color; } else { swatch.style.borderTopColor = c.color; }
    label.appendChild(swatch);
    label.appendChild(el("span", "name", " " + c.label));
    li.appendChild(label);
    legendCount[c.name] = el("span", "count", c.count);
    li.appendChild(legendCount[c.name]);
    legend.appendChild(li);
  });
  var statusLegend = $("kg-status-legend");
  var styles = [["line", data.statuses.firm.join(" / ")], ["line dashed", data.statuses.dashed.join(", ")],
                ["line faded", "possibly within the dates (imprecise date, or undated: source's date)"]];
  (data.chainLegend || []).forEach(function (c) { styles.push(["line", c.label, c.color]); });
  styles.forEach(function (s) {
    var li = el("li");
    var line = el("span", s[0]);
    if (s[2]) { line.style.borderTopColor = s[2]; }
    li.appendChild(line);
    li.appendChild(el("span", "small", s[1]));
    statusLegend.appendChild(li);
  });

  // Date controls.
  var from = $("kg-from"), to = $("kg-to"), undated = $("kg-undated"), possible = $("kg-possible"), merge = $("kg-merge");
  var slider = $("kg-slider"), sliderLabel = $("kg-slider-label");
  var dates = data.dates;
  slider.max = String(dates.length);
  function syncControls() {
    from.value = state.from; to.value = state.to; undated.value = state.undated;
    possible.checked = state.possible !== "0"; merge.checked = state.merge !== "0";
    var i = state.to ? dates.indexOf(state.to) : -1;
    slider.value = String(i >= 0 ? i : dates.length);
    sliderLabel.textContent = state.to ? "up to " + state.to : (dates.length ? "slide to show facts up to a date" : "no dated facts");
    legend.querySelectorAll("input").forEach(function (b) { b.checked = !state.hide[b.dataset.cls]; });
    ["status", "claimant", "source"].forEach(function (kind) {
      var list = $("kg-filter-" + kind);
      if (list) { list.querySelectorAll("input").forEach(function (b) { b.checked = !state[kind][b.dataset.value]; }); }
    });
  }
  from.addEventListener("change", function () { state.from = from.value; KG.apply(); });
  to.addEventListener("change", function () { state.to = to.value; KG.apply(); });
  undated.addEventListener("change", function () { state.undated = undated.value; KG.apply(); });
  possible.addEventListener("change", function () { state.possible = possible.checked ? "1" : "0"; KG.apply(); });
  merge.addEventListener("change", function () { state.merge = merge.checked ? "1" : "0"; state.expanded = {}; KG.apply(); });
  slider.addEventListener("input", function () {
    var i = Number(slider.value);
    state.to = i >= dates.length ? "" : dates[i];
    KG.apply();
  });
  $("kg-reset-dates").addEventListener("click", function () { state.from = ""; state.to = ""; KG.apply(); });
  $("kg-show-all").addEventListener("click", function () { state.hide = {}; KG.apply(); });
  $("kg-reset").addEventListener("click", function () { resetState(false); state.expanded = {}; KG.apply(); });

  KG.factState = function (fact) {
    if (!fact) { return "certain"; }
    for (var kind in pickers) { if (state[kind][pickers[kind](fact)]) { return "out"; } }
    var category = KG.dateCategory(fact, state);
    if (category === "possible" && state.possible === "0") { return "out"; }
    return category;
  };

  // What is visible, then the drawing, counts and legend brought in step.
  KG.compute = function () {
    var factCat = {};
    Object.keys(facts).forEach(function (k) { factCat[k] = KG.factState(facts[k]); });
    var visible = {};
    data.nodes.forEach(function (n) {
      if (n.kind === "claim") { visible[n.id] = !state.hide[n.cls] && factCat[n.fact] !== "out"; }
    });
    var edgeOk = {}, hasEdge = {};
    data.edges.forEach(function (e) {
      var ok = !state.hide[e.cls] && factCat[e.fact] !== "out";
      [e.from, e.to].forEach(function (end) {
        var n = byId[end];
        if (n && ((n.kind === "claim" && !visible[end]) || state.hide[n.cls])) { ok = false; }
      });
      edgeOk[e.id] = ok;
      if (ok) { hasEdge[e.from] = true; hasEdge[e.to] = true; }
    });
    data.nodes.forEach(function (n) {
      if (n.kind !== "claim") { visible[n.id] = !state.hide[n.cls] && (!n.degree || !!hasEdge[n.id]); }
    });
    data.edges.forEach(function (e) { edgeOk[e.id] = edgeOk[e.id] && visible[e.from] && visible[e.to]; });
    return { factCat: factCat, nodes: visible, edges: edgeOk };
  };

  KG.apply = function () {
    var seen = KG.compute();
    KG.seen = seen;
    var counts = { certain: 0, possible: 0, bysource: 0, undated: 0 };
    var shownFacts = {};
    var classShown = {};
    var shownNodes = 0, shownEdges = 0;
    var nodeUpdates = data.nodes.map(function (n) {
      var on = seen.nodes[n.id];
      if (on) {
        shownNodes += 1;
        classShown[n.cls] = (classShown[n.cls] || 0) + 1;
        if (n.fact) { shownFacts[n.fact] = true; }
      }
      var faded = n.fact && (seen.factCat[n.fact] === "possible" || seen.factCat[n.fact] === "bysource");
      return { id: n.id, hidden: !on, opacity: faded ? 0.35 : 1 };
    });
    var edgeUpdates = [];
    var groupShown = {};
    data.edges.forEach(function (e) {
      var on = seen.edges[e.id];
      if (on) {
        shownEdges += 1;
        if (!e.role) { classShown[e.cls] = (classShown[e.cls] || 0) + 1; }
        shownFacts[e.fact] = true;
        if (e.group) { (groupShown[e.group] = groupShown[e.group] || []).push(e); }
      }
      var merged = e.group && state.merge !== "0" && !state.expanded[e.group];
      var faded = seen.factCat[e.fact] === "possible" || seen.factCat[e.fact] === "bysource";
      edgeUpdates.push({ id: e.id, hidden: !on || !!merged, color: { color: KG.edgeColour(e), inherit: false, opacity: faded ? 0.35 : 1 } });
    });
    Object.keys(groups).forEach(function (key) {
      var members = groupShown[key] || [];
      var merged = state.merge !== "0" && !state.expanded[key];
      var first = groups[key][0];
      var highlighted = groups[key].some(function (e) { return KG.edgeColour(e) === data.highlightColour; });
      edgeUpdates.push({ id: "merged:" + key, hidden: !merged || !members.length,
                         label: members.length ? members.length + " × " + KG.kindWord(first, members.length) : "",
                         width: 1.5 + Math.min(members.length, 8) * 0.8,
                         color: { color: highlighted ? data.highlightColour : KG.edgeColour(first), inherit: false } });
    });
    Object.keys(shownFacts).forEach(function (k) { counts[seen.factCat[k]] = (counts[seen.factCat[k]] || 0) + 1; });
    KG.draw(nodeUpdates, edgeUpdates);
    data.classes.forEach(function (c) { legendCount[c.name].textContent = (classShown[c.name] || 0) + "/" + c.count; });
    var container = $("kg-graph");
    container.dataset.visibleNodes = String(shownNodes);
    container.dataset.visibleEdges = String(shownEdges);
    container.dataset.factsCertain = String(counts.certain);
    container.dataset.factsPossible = String(counts.possible);
    container.dataset.factsBySource = String(counts.bysource);
    container.dataset.factsUndated = String(counts.undated);
    var ranged = state.from || state.to;
    var text = shownNodes + " of " + data.nodes.length + " nodes, " + shownEdges + " of " + data.edges.length + " edges shown.";
    if (ranged) {
      text += " Facts: " + counts.certain + " certainly within the dates, " + counts.possible + " possibly within (month or year only)";
      text += state.undated === "source" ? ", " + counts.bysource + " undated, placed at their source's publication date." :
        (state.undated === "all" ? ", " + counts.undated + " undated, shown anyway." : "; undated facts hidden.");
    } else {
      text += " " + counts.undated + " of the facts shown are undated.";
    }
    $("kg-counts").textContent = text;
    syncControls();
    var out = { from: state.from, to: state.to, sel: state.sel, chain: state.chain };
    if (state.undated !== defaults.undated) { out.undated = state.undated; }
    if (state.possible === "0") { out.possible = "0"; }
    if (state.merge === "0") { out.merge = "0"; }
    ["status", "claimant", "source"].forEach(function (k) { out[k] = Object.keys(state[k]).sort().join(","); });
    var hidden = Object.keys(state.hide).sort().join(",");
    if (hidden !== Object.keys(defaults.hide).sort().join(",")) { out.hide = hidden || "-"; }
    KG.writeHash(out);
    if (KG.afterApply) { KG.afterApply(seen); }
  };
}());
