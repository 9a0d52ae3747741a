// The map page (kg/site/map.py): a tooltip on hover and focus, the list of a place's
// organisations on click, and the filter by kind. The names come from the page's own table
// (escaped by the server); this script sets text with textContent only and copies links
// with cloneNode, never innerHTML.
(function () {
  "use strict";
  var root = document.getElementById("kg-map");
  if (!root) {
    return;
  }
  var tip = document.getElementById("kg-map-tip");
  var panel = document.getElementById("kg-map-panel");
  var text = JSON.parse(document.getElementById("kg-map-text").textContent);
  var boxes = Array.prototype.slice.call(root.querySelectorAll(".kg-map-kinds input"));
  var dots = Array.prototype.slice.call(root.querySelectorAll(".kg-map-dot"));

  // the same as kg.site.map.dot_radius
  function radius(count) {
    return Math.round((5 + 3 * Math.sqrt(count)) * 10) / 10;
  }

  function cell(dot) {
    var name = document.getElementById("map-" + dot.getAttribute("data-place"));
    return name ? name.closest("tr") : null;
  }

  function shown(dot) {
    var row = cell(dot);
    if (!row) {
      return [];
    }
    return Array.prototype.filter.call(row.querySelectorAll("li[data-kind]"), function (li) {
      return !li.hidden;
    });
  }

  function placeName(dot) {
    var name = document.getElementById("map-" + dot.getAttribute("data-place"));
    return name ? name.textContent : "";
  }

  function names(items) {
    return items.map(function (li) {
      var a = li.querySelector("a");
      return (a || li).textContent;
    });
  }

  function showTip(dot) {
    var items = shown(dot);
    tip.textContent = placeName(dot) + ": " + names(items).join(", ");
    var figure = tip.parentNode.getBoundingClientRect();
    var box = dot.getBoundingClientRect();
    tip.style.left = Math.max(0, box.left - figure.left + box.width / 2) + "px";
    tip.style.top = box.bottom - figure.top + 4 + "px";
    tip.hidden = false;
  }

  function hideTip() {
    tip.hidden = true;
  }

  function openList(dot, focus) {
    var items = shown(dot);
    while (panel.firstChild) {
      panel.removeChild(panel.firstChild);
    }
    var heading = document.createElement("h2");
    heading.tabIndex = -1;
    heading.textContent = placeName(dot) + " (" + items.length + ")";
    var list = document.createElement("ul");
    items.forEach(function (li) {
      list.appendChild(li.cloneNode(true));
    });
    panel.appendChild(heading);
    panel.appendChild(list);
    panel.setAttribute("data-place", dot.getAttribute("data-place"));
    if (focus) {
      heading.focus();
    }
  }

  function filter() {
    var on = {};
    boxes.forEach(function (box) {
      on[box.value] = box.checked;
    });
    Array.prototype.forEach.call(document.querySelectorAll("li[data-kind]"), function (li) {
      li.hidden = !on[li.getAttribute("data-kind")];
    });
    dots.forEach(function (dot) {
      var count = shown(dot).length;
      var row = cell(dot);
      dot.style.display = count ? "" : "none";
      if (row) {
        row.hidden = count === 0;
      }
      dot.querySelector("circle").setAttribute("r", radius(count || 1));
      dot.setAttribute("aria-label", text.dot.replace("{place}", placeName(dot)).replace("{n}", count));
      var label = dot.querySelector("text");
      if (label) {
        label.textContent = count > 1 ? String(count) : "";
      }
    });
    var open = panel.getAttribute("data-place");
    if (open) {
      var dot = root.querySelector('.kg-map-dot[data-place="' + open + '"]');
      if (dot && shown(dot).length) {
        openList(dot, false);
      } else {
        while (panel.firstChild) {
          panel.removeChild(panel.firstChild);
        }
        panel.removeAttribute("data-place");
      }
    }
  }

  dots.forEach(function (dot) {
    dot.addEventListener("mouseenter", function () { showTip(dot); });
    dot.addEventListener("mouseleave", hideTip);
    dot.addEventListener("focus", function () { showTip(dot); });
    dot.addEventListener("blur", hideTip);
    dot.addEventListener("click", function (event) {
      event.preventDefault();
      hideTip();
      openList(dot, true);
    });
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", filter);
  });
})();
