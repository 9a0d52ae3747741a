/* Draws one network of the site with vis-network. Every text from the data is set with
   textContent or as a vis-network label (plain text); nothing is parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-network-data").textContent);
  var words = JSON.parse(document.getElementById("kg-network-text").textContent);
  var container = document.getElementById("kg-network");
  var details = document.getElementById("kg-details");
  // an aggregated drawing (communities as nodes) starts coloured by community
  var mode = data.colourBy === "community" ? "community" : "kind";
  document.getElementById("kg-colour").value = mode;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function safeHref(url) {
    return /^https?:\/\//i.test(url) || /^[a-z0-9._\/-]+\.html$/i.test(url) ? url : null;
  }

  function link(url, text) {
    var href = safeHref(url);
    if (!href) { return el("span", null, text); }
    var a = el("a", null, text);
    a.setAttribute("href", href);
    if (/^https?:/i.test(href)) { a.setAttribute("rel", "noopener noreferrer"); }
    return a;
  }

  function sourceList(sources) {
    var list = el("ul", "kg-sources");
    (sources || []).forEach(function (s) {
      var item = el("li");
      item.appendChild(link(s.url, s.title || s.url));
      list.appendChild(item);
    });
    return list;
  }

  function describe(item, box) {
    box.appendChild(el("strong", "kg-tip-title", item.label));
    if (item.kind_label) { box.appendChild(el("div", "kg-tip-kind", item.kind_label)); }
    if (item.roles && item.roles.length) {
      var roles = el("ul", "kg-roles");
      item.roles.forEach(function (r) { roles.appendChild(el("li", null, r)); });
      box.appendChild(roles);
    }
    if (item.sources && item.sources.length) {
      box.appendChild(el("div", "kg-tip-head", words.sources));
      box.appendChild(sourceList(item.sources));
    }
    return box;
  }

  function tooltip(item) { return describe(item, el("div", "kg-tip")); }

  function colour(node) {
    var key = mode === "community" ? "c" + node.community : node.kind;
    return (mode === "community" ? data.communityColours : data.kindColours)[key] || "#888888";
  }

  // labels start hidden (transparent) until placeLabels has chosen those that fit
  var INK = "#1f2933", NONE = "rgba(0,0,0,0)", FONT = 13;
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return { id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, shape: "dot",
             color: colour(n), title: tooltip(n), font: { color: NONE } };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return { id: i, from: e.from, to: e.to, width: e.width, title: tooltip(e),
             color: { color: "#b9c1cc", highlight: "#c2410c", hover: "#6b7280" } };
  }));
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: false,
    layout: { randomSeed: 1, improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: data.nodes.length > 500 },
    nodes: { font: { size: 13, face: "system-ui, sans-serif" }, borderWidth: 1 },
    edges: { smooth: false }
  });
  window.kgNetwork = network;
  window.kgData = { nodes: nodes, edges: edges };

  function show(id) {
    var n = byId[id];
    details.textContent = "";
    if (!n) { return; }
    describe(n, details);
    if (n.page) {
      var more = el("p");
      more.appendChild(link(n.page, words.open.replace("{name}", function () { return n.label; })));
      details.appendChild(more);
    }
  }

  network.on("click", function (params) {
    if (params.nodes.length) { show(params.nodes[0]); }
  });
  network.on("doubleClick", function (params) {
    var n = params.nodes.length ? byId[params.nodes[0]] : null;
    if (n && n.page) { window.location.href = n.page; }
  });

  function recolour() {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, color: colour(n) }; }));
    drawLegend();
  }

  function drawLegend() {
    var legend = document.getElementById("kg-legend");
    legend.textContent = "";
    var colours = mode === "community" ? data.communityColours : data.kindColours;
    var names = mode === "community" ? data.communityNames : data.kindNames;
    var keys = Object.keys(colours);
    if (mode === "community") {  // c2 before c10; "other" last
      var number = function (key) { var n = parseInt(key.slice(1), 10); return isNaN(n) ? Infinity : n; };
      keys.sort(function (a, b) { return number(a) - number(b); });
    }
    keys.forEach(function (key) {
      var item = el("li");
      var swatch = el("span", "kg-swatch");
      swatch.style.background = colours[key];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(names[key] || key));
      legend.appendChild(item);
    });
  }

  document.getElementById("kg-colour").addEventListener("change", function (event) {
    mode = event.target.value === "community" ? "community" : "kind";
    recolour();
  });

  var kindHidden = window.kgKindHidden = {};
  var filters = document.getElementById("kg-filters");
  Object.keys(data.kindNames).forEach(function (kind) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = kind;
    box.addEventListener("change", function () {
      // a node stays hidden while the time control (timecontrol.js) hides it
      kindHidden[kind] = !box.checked;
      var byTime = window.kgTimeHidden || {};
      nodes.update(data.nodes.filter(function (n) { return n.kind === kind; })
        .map(function (n) { return { id: n.id, hidden: !box.checked || !!byTime[n.id] }; }));
      placeSoon();
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + data.kindNames[kind]));
    filters.appendChild(label);
  });

  document.getElementById("kg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = document.getElementById("kg-search-text").value.trim().toLowerCase();
    var status = document.getElementById("kg-search-status");
    var hit = data.nodes.filter(function (n) {
      return text && n.label.toLowerCase().indexOf(text) >= 0;
    })[0];
    status.textContent = hit ? "" : (text ? words.notFound : "");
    if (hit) {
      network.selectNodes([hit.id]);
      network.focus(hit.id, { scale: 1.3, animation: false });
      show(hit.id);
    }
  });

  // Readable labels: at every zoom, labels are 13 px on screen, and only those that fit
  // without overlapping are shown, the most connected nodes first (by node size, which
  // follows the number of ties); a hovered or selected node always shows its label.
  var shown = {}, hovered = null, placing = null, placed = 0;
  var order = data.nodes.slice().sort(function (a, b) {
    return b.size - a.size || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  }).map(function (n) { return n.id; });

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function fontOf(id, size) {
    var visible = shown[id] || id === hovered || network.getSelectedNodes().indexOf(id) >= 0;
    return { id: id, font: { size: size, color: visible ? INK : NONE } };
  }

  function placeLabels() {
    var size = FONT / network.getScale();
    nodes.update(order.map(function (id) { return { id: id, font: { size: size, color: NONE } }; }));
    network.redraw();  // draws now: the boxes below are of labels at the new size
    var taken = [];
    shown = {};
    order.forEach(function (id) {
      var node = nodes.get(id);
      if (node.hidden) { return; }
      var box = network.getBoundingBox(id);
      for (var i = 0; i < taken.length; i++) { if (overlaps(box, taken[i])) { return; } }
      taken.push(box);
      shown[id] = true;
    });
    nodes.update(order.map(function (id) { return fontOf(id, size); }));
    placed += 1;  // read by the tests: how many times labels were placed
    document.body.setAttribute("data-labels-placed", String(placed));
  }

  function placeSoon() {
    window.clearTimeout(placing);
    placing = window.setTimeout(placeLabels, 150);
  }

  function refresh(id) {
    if (nodes.get(id)) { nodes.update(fontOf(id, FONT / network.getScale())); }
  }

  network.on("zoom", placeSoon);
  network.on("hoverNode", function (params) { hovered = params.node; refresh(hovered); });
  network.on("blurNode", function (params) { hovered = null; refresh(params.node); });
  network.on("selectNode", function (params) { params.nodes.forEach(refresh); });
  network.on("deselectNode", function (params) {
    (params.previousSelection.nodes || []).forEach(function (n) { refresh(n.id || n); });
  });
  window.kgLabels = { shown: function () { return Object.keys(shown); }, place: placeLabels };

  drawLegend();
  network.once("afterDrawing", function () {
    window.setTimeout(placeLabels, 0);
    // milliseconds since navigation started, read by kg.browser.render_time
    document.body.setAttribute("data-drawn-ms", String(Math.round(performance.now())));
    document.body.setAttribute("data-drawn", "yes");
  });
})();
