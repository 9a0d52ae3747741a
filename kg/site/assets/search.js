/* The site's search box: an ARIA combobox over assets/search-index.js (written by kg viz),
   loaded on first use. Names are matched ignoring case, accents and punctuation, the same
   normalisation the index got in Python (kg/site/search.py). Every text from the data is
   set with textContent; nothing is parsed as HTML. */
(function () {
  "use strict";
  var box = document.getElementById("kg-find");
  if (!box) { return; }
  var input = document.getElementById("kg-find-input");
  var list = document.getElementById("kg-find-list");
  var status = document.getElementById("kg-find-status");
  var root = box.getAttribute("data-root") || "";
  var text = JSON.parse(document.getElementById("kg-find-text").textContent);
  var LIMIT = 12;
  var index = null, loading = false, results = [], active = -1, pending = false;

  // NFKD, no combining marks, lower case (ß as ss, as Python's casefold), punctuation as
  // single spaces: the same as kg.site.search.normalise
  function norm(s) {
    return String(s).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/ß/g, "ss").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // 0: a name is the query; 1: a name starts with it; 2: every word of the query starts a
  // word of a name; 3: every word of the query is somewhere in one name; -1: no match
  function score(keys, query, words) {
    var best = -1;
    for (var k = 0; k < keys.length; k++) {
      var key = keys[k], s;
      if (key === query) { return 0; }
      if (key.indexOf(query) === 0) { s = 1; }
      else {
        s = 2;
        for (var w = 0; w < words.length; w++) {
          var at = key.indexOf(words[w]);
          if (at < 0) { s = -1; break; }
          if (at > 0 && key.indexOf(" " + words[w]) < 0) { s = 3; }
        }
      }
      if (s >= 0 && (best < 0 || s < best)) { best = s; }
    }
    return best;
  }

  function search(raw) {
    var query = norm(raw);
    if (!query || !index) { return []; }
    var words = query.split(" ");
    var found = [];
    var entries = index.entries;
    for (var i = 0; i < entries.length; i++) {
      var keys = entries[i][0];
      // a quick test on all names at once before scoring them one by one
      if (keys.indexOf(words[0]) < 0) { continue; }
      var s = score(keys.split("\u0001"), query, words);
      if (s >= 0) { found.push([s, i]); }
    }
    // entries are sorted by name in the index: by score, then in index order
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.map(function (f) { return entries[f[1]]; });
  }

  function option(entry, i) {
    var item = document.createElement("li");
    item.id = "kg-find-option-" + i;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    var name = document.createElement("span");
    name.className = "kg-find-name";
    name.textContent = entry[1];
    var about = document.createElement("span");
    about.className = "kg-find-about";
    about.textContent = index.kinds[entry[2]] + (entry[3] ? " · " + entry[3] : "");
    item.appendChild(name);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(about);
    item.addEventListener("mousedown", function (event) { event.preventDefault(); });
    item.addEventListener("click", function () { open(i); });
    return item;
  }

  function say(message) { status.textContent = message; }

  function render() {
    list.textContent = "";
    active = -1;
    input.removeAttribute("aria-activedescendant");
    var query = input.value;
    if (!norm(query)) { close(); say(""); return; }
    if (!index) { say(text.loading); return; }
    results = search(query);
    results.slice(0, LIMIT).forEach(function (entry, i) { list.appendChild(option(entry, i)); });
    var shown = Math.min(results.length, LIMIT);
    list.hidden = shown === 0;
    input.setAttribute("aria-expanded", shown ? "true" : "false");
    say(results.length === 0 ? text.none
      : (results.length > LIMIT ? text.many.replace("{n}", String(results.length))
        .replace("{k}", String(LIMIT)) : text.some.replace("{n}", String(results.length))));
    box.setAttribute("data-searched", query);
  }

  function close() {
    list.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(i) {
    var items = list.children;
    if (!items.length) { return; }
    active = (i + items.length) % items.length;
    for (var k = 0; k < items.length; k++) {
      items[k].setAttribute("aria-selected", k === active ? "true" : "false");
    }
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function open(i) {
    var entry = results[i];
    if (entry) { window.location.href = root + entry[4]; }
  }

  function load() {
    if (index || loading) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = box.getAttribute("data-index");
    script.onload = function () {
      index = window.kgSearchIndex || { kinds: [], entries: [] };
      box.setAttribute("data-ready", "yes");
      if (pending || input.value) { render(); }
    };
    script.onerror = function () { say(text.failed); };
    document.head.appendChild(script);
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", function () { pending = true; load(); render(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      if (list.hidden && results.length) { render(); }
      highlight(active + 1); event.preventDefault();
    } else if (event.key === "ArrowUp") {
      highlight(active - 1); event.preventDefault();
    } else if (event.key === "Enter") {
      event.preventDefault();
      open(active >= 0 ? active : 0);
    } else if (event.key === "Escape") {
      if (!list.hidden) { close(); event.preventDefault(); } else { input.value = ""; say(""); }
    }
  });
  input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  if (input.value) { load(); }
  window.kgSearch = { norm: norm, search: function (q) { return search(q); } };
})();
