// Shared by every page of the site: building blocks for evidence (keyword in context, links to the
// highlighted passage in the source reader), entity cards, the date rule and the URL hash. Text from
// the graph is only ever set with textContent (never innerHTML), so markup in it stays text.
(function () {
  "use strict";
  var KG = window.KG = window.KG || {};

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
  function link(text, href, className) {
    var a = el("a", className, text);
    a.href = href;
    return a;
  }
  KG.el = el;
  KG.row = row;
  KG.link = link;

  // A date as the source gives it, with how precise it is and how the curator found it.
  KG.dateText = function (fact) {
    if (!fact.date) { return ""; }
    return fact.precision && fact.precision !== "day" ? fact.date + " (" + fact.precision + " precision)" : fact.date;
  };

  // Keyword in context: prefix, the quote marked, suffix; and a link to the passage in its source.
  KG.kwic = function (evidence, status) {
    var box = el("blockquote", "quote");
    if (evidence.prefix) { box.appendChild(el("span", "ctx", "…" + evidence.prefix)); }
    box.appendChild(el("mark", "st-" + (status || "none"), evidence.exact));
    if (evidence.suffix) { box.appendChild(el("span", "ctx", evidence.suffix + "…")); }
    if (evidence.href) {
      box.appendChild(document.createTextNode(" "));
      box.appendChild(link("in source ↗", evidence.href, "source-link"));
    }
    return box;
  };

  KG.factBlock = function (fact, heading) {
    var box = el("div", "info");
    box.appendChild(el("h3", null, heading || fact.label));
    var dl = el("dl");
    row(dl, "class", fact.cls);
    row(dl, "status", fact.status);
    row(dl, "date", KG.dateText(fact) || "undated (source published " + (fact.source.date || "?") + ")");
    row(dl, "date note", fact.dateNote);
    row(dl, "claimant", fact.claimant);
    row(dl, "event", fact.attests);
    row(dl, "fact", fact.id);
    box.appendChild(dl);
    var evidence = fact.evidence && fact.evidence.length ? fact.evidence :
      (fact.quotes || []).map(function (q) { return { exact: q }; });
    evidence.forEach(function (e) { box.appendChild(KG.kwic(e, fact.status)); });
    if (fact.comment) { box.appendChild(el("p", "comment", "Curator: " + fact.comment)); }
    var s = fact.source || {};
    if (s.title || s.publisher) {
      var parts = [s.title, s.publisher, s.date].filter(function (x) { return x; });
      var line = el("div", "source", "Source: " + parts.join(" — "));
      if (s.href) { line.appendChild(document.createTextNode(" ")); line.appendChild(link("read ↗", s.href)); }
      box.appendChild(line);
    }
    return box;
  };

  // A one-line summary for hover: the full evidence goes in the (scrollable) details panel.
  KG.factSummary = function (fact, heading) {
    var box = el("div", "info");
    box.appendChild(el("h3", null, heading || fact.label));
    var bits = [fact.cls, fact.status, KG.dateText(fact) || "undated", fact.claimant && "by " + fact.claimant];
    box.appendChild(el("div", "small", bits.filter(function (x) { return x; }).join(" · ")));
    var q = (fact.quotes || [])[0];
    if (q) { box.appendChild(el("blockquote", "quote", q.length > 140 ? q.slice(0, 139) + "…" : q)); }
    box.appendChild(el("div", "small", "click for the full evidence"));
    return box;
  };

  // What the page knows about an entity: names, relations in and out, claims by type and status.
  KG.entityCard = function (data, id, options) {
    options = options || {};
    var byId = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; });
    var n = byId[id];
    var box = el("div", "info card");
    if (!n) { return box; }
    box.appendChild(el("h3", null, n.full || n.label));
    var dl = el("dl");
    row(dl, "class", n.cls);
    row(dl, "id", n.short);
    row(dl, "also", (n.names || []).join(", "));
    box.appendChild(dl);
    var links = el("div", "small");
    if (n.ego) { links.appendChild(link("ego view", n.ego)); links.appendChild(document.createTextNode(" · ")); }
    if (options.cardLink !== false && n.card) { links.appendChild(link("entity page", n.card)); }
    box.appendChild(links);
    var groups = {};
    var order = [];
    data.edges.forEach(function (e) {
      if (e.from !== id && e.to !== id) { return; }
      var fact = data.facts[e.fact] || {};
      var out = e.from === id;
      var other = byId[out ? e.to : e.from] || {};
      var key = fact.cls + " · " + (fact.status || "");
      if (!groups[key]) { groups[key] = []; order.push(key); }
      var text = other.kind === "claim" ? e.text + " of " + (fact.label || other.full) :
        (out ? "→ " + e.text + " → " + other.full : "← " + e.text + " ← " + other.full);
      groups[key].push({ text: text, fact: fact, edge: e.id });
    });
    order.sort();
    order.forEach(function (key) {
      box.appendChild(el("h4", null, key + " (" + groups[key].length + ")"));
      var ul = el("ul", "claims");
      groups[key].forEach(function (g) {
        var li = el("li");
        var item = options.onEdge ? el("button", "linkish", g.text) : el("span", null, g.text);
        if (options.onEdge) { item.type = "button"; item.addEventListener("click", function () { options.onEdge(g.edge); }); }
        li.appendChild(item);
        var ev = (g.fact.evidence || [])[0];
        var src = g.fact.source || {};
        li.appendChild(el("span", "small", " " + [g.fact.date, src.title].filter(function (x) { return x; }).join(", ") + " "));
        if (ev && ev.href) { li.appendChild(link("quote ↗", ev.href, "source-link")); }
        ul.appendChild(li);
      });
      box.appendChild(ul);
    });
    return box;
  };

  // The date rule. A fact's interval is [earliest, latest] (a month or a year when that is all the
  // source says). With a range set, a fact is "certain" when its interval lies inside the range,
  // "possible" when it only overlaps it, "out" otherwise. An undated fact takes its source's
  // publication interval ("source" mode, the default, as `as-of` does), is always shown ("all") or
  // hidden ("hide").
  KG.dateCategory = function (fact, state) {
    if (!fact) { return "certain"; }
    var lo = fact.earliest || fact.latest;
    var hi = fact.latest || fact.earliest;
    var undated = !lo;
    if (!state.from && !state.to) { return undated ? "undated" : "certain"; }
    if (undated) {
      if (state.undated === "all") { return "undated"; }
      if (state.undated === "hide") { return "out"; }
      lo = fact.source && (fact.source.earliest || fact.source.latest);
      hi = fact.source && (fact.source.latest || fact.source.earliest);
      if (!lo) { return "out"; }
    }
    if ((state.from && hi < state.from) || (state.to && lo > state.to)) { return "out"; }
    var inside = (!state.from || lo >= state.from) && (!state.to || hi <= state.to);
    if (undated) { return "bysource"; }
    return inside ? "certain" : "possible";
  };

  // The URL hash holds the filters, so a view can be shared as it is.
  KG.readHash = function () {
    var out = {};
    (location.hash || "").replace(/^#/, "").split("&").forEach(function (part) {
      if (!part) { return; }
      var i = part.indexOf("=");
      var key = decodeURIComponent(i < 0 ? part : part.slice(0, i));
      out[key] = i < 0 ? "" : decodeURIComponent(part.slice(i + 1));
    });
    return out;
  };
  KG.writeHash = function (values) {
    var parts = [];
    Object.keys(values).sort().forEach(function (k) {
      if (values[k] !== "" && values[k] !== undefined && values[k] !== null) {
        parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(values[k]));
      }
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    try { history.replaceState(null, "", location.pathname + location.search + hash); }
    catch (err) { location.hash = hash; }
  };
}());
