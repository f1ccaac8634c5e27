// The entities page: one card per entity (names, relations in and out, claims by type and status
// with their sources and quotes), each at #e-<id> so every view can link to it.
(function () {
  "use strict";
  var KG = window.KG;
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var list = document.getElementById("kg-cards");
  data.nodes.filter(function (n) { return n.kind === "entity"; })
    .sort(function (a, b) { return a.full.localeCompare(b.full) || (a.id < b.id ? -1 : 1); })
    .forEach(function (n) {
      var card = KG.entityCard(data, n.id, { cardLink: false });
      card.id = n.anchor;
      list.appendChild(card);
    });
  document.getElementById("kg-graph-count").textContent = list.children.length + " entities";
  if (location.hash) { var t = document.getElementById(location.hash.slice(1)); if (t) { t.scrollIntoView(); } }
}());
