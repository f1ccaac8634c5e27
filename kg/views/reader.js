// A source reader: every located quote is highlighted; clicking one (or arriving at #ev-…) shows
// the claims it evidences, with their status, date and curator's note.
(function () {
  "use strict";
  var KG = window.KG;
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var panel = document.getElementById("kg-details");
  var chosen = [];
  function show(keys) {
    chosen.forEach(function (m) { m.classList.remove("chosen"); });
    chosen = [];
    var frag = document.createDocumentFragment();
    keys.forEach(function (key) {
      var ev = data.evidence[key];
      if (!ev) { return; }
      document.querySelectorAll('mark[data-ev~="' + key + '"]').forEach(function (m) { m.classList.add("chosen"); chosen.push(m); });
      var fact = data.facts[ev.fact];
      if (fact) { frag.appendChild(KG.factBlock(fact)); }
    });
    panel.replaceChildren(frag);
    panel.dataset.shown = keys.join(" ");
  }
  document.querySelectorAll("mark[data-ev]").forEach(function (m) {
    m.addEventListener("click", function () { show(m.dataset.ev.split(" ")); });
  });
  function fromHash() {
    var key = decodeURIComponent((location.hash || "").replace(/^#/, ""));
    if (data.evidence[key]) {
      show([key]);
      var first = document.querySelector('mark[data-ev~="' + key + '"]');
      if (first) { first.scrollIntoView({ block: "center" }); }
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  window.kgReader = { show: show, data: data };
}());
