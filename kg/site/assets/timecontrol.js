/* The network pages' time control: a slider over the years of the dated facts that shows the
   network as of 31 December of the chosen year (the as-of rule of every catalogue query; see
   kg/site/timeline.py), or the whole network at its last position. Nodes keep their
   positions, so ties appear and disappear in place. The project's own code. */
(function () {
  "use strict";
  var control = document.getElementById("kg-time");
  var source = document.getElementById("kg-network-data");
  var view = window.kgData;
  if (!control || !source || !view) { return; }
  var data = JSON.parse(source.textContent);
  if (!data.time || !data.time.years.length) { return; }
  var years = data.time.years;
  var slider = control.querySelector("input[type=range]");
  var output = control.querySelector("output");
  var allText = control.getAttribute("data-all") || "all";
  slider.min = 0;
  slider.max = years.length;
  slider.value = years.length;

  function exists(item, day, isEvent) {
    if (item.valid_from && item.valid_from > day) { return false; }
    return isEvent || !item.valid_until || day <= item.valid_until;
  }
  function holds(edge, year, day) {
    if (edge.years) { return edge.years.indexOf(year) >= 0; }
    return exists(edge, day, false);
  }
  /* Hidden by time: read by the kind filter too (network.js), so the two never disagree. */
  window.kgTimeHidden = {};
  function apply() {
    var position = parseInt(slider.value, 10);
    var year = years[position], day = year ? year + "-12-31" : null;
    output.textContent = year ? String(year) : allText;
    var hidden = {};
    if (day) {
      data.nodes.forEach(function (n) {
        if (!exists(n, day, n.type === "event")) { hidden[n.id] = true; }
      });
    }
    window.kgTimeHidden = hidden;
    var kindOff = window.kgKindHidden || {};
    view.nodes.update(data.nodes.map(function (n) {
      return { id: n.id, hidden: !!hidden[n.id] || !!kindOff[n.kind] };
    }));
    view.edges.update(data.edges.map(function (e, i) {
      var off = day && (!holds(e, year, day) || hidden[e.from] || hidden[e.to]);
      return { id: i, hidden: !!off };
    }));
    control.setAttribute("data-year", year ? String(year) : "all");
    if (window.kgLabels) { window.kgLabels.place(); }
  }
  slider.addEventListener("input", apply);
  control.hidden = false;
})();
