/* "How are they connected?" on the overview page: finds up to three shortest chains of facts
   between two entities in window.kgFinder (assets/finder-data.js), in the browser, and shows
   each step with its sources. The project's own code; data is only ever set as text. */
(function () {
  "use strict";
  var MAX_HOPS = 6, LIMIT = 3;
  var form = document.getElementById("kg-finder");
  var result = document.getElementById("path-result");
  if (!form || !result || !window.kgFinder) { return; }
  var data = window.kgFinder, adjacency = null, byName = null;
  var text = JSON.parse(form.getAttribute("data-text") || "{}");

  function norm(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined && content !== null) { node.textContent = content; }
    return node;
  }
  function prepare() {
    if (adjacency) { return; }
    adjacency = data.nodes.map(function () { return []; });
    data.facts.forEach(function (fact, i) {
      adjacency[fact[0]].push([fact[1], i]);
      adjacency[fact[1]].push([fact[0], i]);
    });
    byName = {};
    data.nodes.forEach(function (node, i) {
      [node[0]].concat(node[3]).forEach(function (name) {
        var key = norm(name);
        (byName[key] = byName[key] || []).indexOf(i) < 0 && byName[key].push(i);
      });
    });
    var list = document.getElementById("kg-finder-names");
    var seen = {};
    data.nodes.forEach(function (node) {
      [node[0]].concat(node[3]).forEach(function (name) {
        if (seen[name]) { return; }
        seen[name] = true;
        var option = document.createElement("option");
        option.value = name;
        list.appendChild(option);
      });
    });
  }
  function find(value) {
    var key = norm(value);
    if (!key) { return []; }
    if (byName[key]) { return byName[key]; }
    var hits = [];
    Object.keys(byName).forEach(function (name) {
      if (name.indexOf(key) >= 0) {
        byName[name].forEach(function (i) { if (hits.indexOf(i) < 0) { hits.push(i); } });
      }
    });
    return hits;
  }
  /* Breadth-first search from a to b avoiding the given nodes and facts: [nodes, facts]. */
  function shortest(a, b, blockedNodes, blockedFacts, hops) {
    var previous = {}, queue = [a], depth = {};
    previous[a] = null; depth[a] = 0;
    for (var q = 0; q < queue.length; q++) {
      var node = queue[q];
      if (node === b) { break; }
      if (depth[node] >= hops) { continue; }
      var next = adjacency[node];
      for (var k = 0; k < next.length; k++) {
        var other = next[k][0], fact = next[k][1];
        if (other in previous || blockedNodes[other] || blockedFacts[fact]) { continue; }
        previous[other] = [node, fact]; depth[other] = depth[node] + 1;
        queue.push(other);
      }
    }
    if (!(b in previous)) { return null; }
    var nodes = [b], facts = [];
    for (var at = b; previous[at]; at = previous[at][0]) {
      facts.unshift(previous[at][1]); nodes.unshift(previous[at][0]);
    }
    return [nodes, facts];
  }
  /* Yen's k shortest simple paths, on an unweighted graph. */
  function paths(a, b) {
    var first = shortest(a, b, {}, {}, MAX_HOPS);
    if (!first) { return []; }
    var found = [first], candidates = [];
    while (found.length < LIMIT) {
      var last = found[found.length - 1];
      for (var i = 0; i < last[0].length - 1; i++) {
        var root = last[0].slice(0, i + 1), rootFacts = last[1].slice(0, i);
        var blockedFacts = {}, blockedNodes = {};
        found.concat(candidates).forEach(function (p) {
          if (p[0].slice(0, i + 1).join() === root.join()) { blockedFacts[p[1][i]] = true; }
        });
        root.slice(0, -1).forEach(function (n) { blockedNodes[n] = true; });
        var spur = shortest(root[i], b, blockedNodes, blockedFacts, MAX_HOPS - i);
        if (spur) {
          var candidate = [root.slice(0, -1).concat(spur[0]), rootFacts.concat(spur[1])];
          var key = candidate[0].join() + "|" + candidate[1].join();
          if (!found.concat(candidates).some(function (p) {
            return p[0].join() + "|" + p[1].join() === key;
          })) { candidates.push(candidate); }
        }
      }
      if (!candidates.length) { break; }
      candidates.sort(function (x, y) {
        return x[1].length - y[1].length || (x[0].join() < y[0].join() ? -1 : 1);
      });
      found.push(candidates.shift());
    }
    return found;
  }
  function safeHref(url) { return /^https?:\/\//i.test(url) ? url : null; }
  function stepItem(fact) {
    var item = el("li", "kg-step");
    item.appendChild(el("span", "kg-statement", fact[6]));
    var dates = fact[4] || fact[5] ? " · " + (fact[4] || "?") + " – " + (fact[5] || "") : "";
    item.appendChild(el("span", "kg-fact-kind", " (" + fact[2] + dates + ")"));
    var sources = el("ul", "kg-sources");
    fact[7].forEach(function (number) {
      var source = data.sources[number], li = el("li"), href = safeHref(source[0]);
      var a = el(href ? "a" : "span", null, source[1]);
      if (href) { a.href = href; a.rel = "noopener"; }
      li.appendChild(a);
      sources.appendChild(li);
    });
    if (!fact[7].length) { sources.appendChild(el("li", null, text.nosource || "no source")); }
    item.appendChild(sources);
    return item;
  }
  function say(message) {
    result.textContent = "";
    result.appendChild(el("p", "kg-finder-message", message));
  }
  function label(i) { return data.nodes[i][0] + (data.nodes[i][1] ? " (" + data.nodes[i][1] + ")" : ""); }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    prepare();
    var from = find(form.elements.from.value), to = find(form.elements.to.value);
    var which = [[from, form.elements.from.value], [to, form.elements.to.value]];
    for (var w = 0; w < which.length; w++) {
      if (which[w][0].length === 0) { return say((text.unknown || "Not found: ") + which[w][1]); }
      if (which[w][0].length > 1) {
        return say((text.several || "Several match: ") + which[w][0].slice(0, 5).map(label).join("; "));
      }
    }
    if (from[0] === to[0]) { return say(text.same || "That is the same entity."); }
    var found = paths(from[0], to[0]);
    if (!found.length) {
      return say((text.none || "No connection within {n} steps.").replace("{n}", MAX_HOPS));
    }
    result.textContent = "";
    found.forEach(function (path, number) {
      var box = el("section", "kg-path");
      box.appendChild(el("h3", null, (text.connection || "Connection") + " " + (number + 1) +
        ": " + path[1].length + " " + (text.steps || "step(s)")));
      var list = el("ol");
      path[1].forEach(function (f) { list.appendChild(stepItem(data.facts[f])); });
      box.appendChild(list);
      result.appendChild(box);
    });
  });
  form.addEventListener("focusin", prepare, { once: true });
})();
