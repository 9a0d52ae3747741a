"""Readable networks: only labels that fit are shown, checked with vis-network's own boxes."""

from __future__ import annotations

import pytest

from tests.browser import visit

INK = "#1f2933"
OVERLAPS = """(() => {
  const ids = kgLabels.shown(), boxes = ids.map(id => kgNetwork.getBoundingBox(id));
  const pairs = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
        pairs.push([ids[i], ids[j]]);
      }
    }
  }
  const inked = kgData.nodes.get({filter: n => n.font && n.font.color === "INK"}).length;
  return {shown: ids.length, inked: inked, pairs: pairs};
})()""".replace("INK", INK)


def labels_placed(page, times: int = 1) -> None:
    page.wait_for_function(
        f"document.body.getAttribute('data-labels-placed') >= {times}", polling=50
    )


def test_shown_labels_do_not_overlap_on_the_collaboration_page(site, chromium):
    seen = visit(chromium, (site / "collaboration.html").as_uri())
    page = seen.page
    labels_placed(page)
    first = page.evaluate(OVERLAPS)
    total = page.evaluate("kgData.nodes.length")
    assert first["pairs"] == [] and first["shown"] == first["inked"]
    assert 5 <= first["shown"] < total, first  # the dense core is not labelled in full
    # the most connected node is labelled
    hub = page.evaluate(
        "kgData.nodes.get().sort((a, b) => b.size - a.size || (a.label < b.label ? -1 : 1))[0].id"
    )
    assert hub in page.evaluate("kgLabels.shown()")
    # zooming in (the mouse wheel) shows more labels, still apart
    box = page.locator("#kg-network").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(4):
        page.mouse.wheel(0, -300)
    labels_placed(page, 2)
    page.wait_for_timeout(400)  # the last wheel step's placement
    closer = page.evaluate(OVERLAPS)
    assert closer["pairs"] == [] and closer["shown"] > first["shown"], (first, closer)
    assert seen.errors == [] and seen.blocked == []
    page.close()


def test_hovered_node_shows_its_label(site, chromium):
    page = visit(chromium, (site / "collaboration.html").as_uri()).page
    labels_placed(page)
    hidden = page.evaluate(
        "kgData.nodes.getIds().filter(id => !kgLabels.shown().includes(id))"
        ".sort((a, b) => kgData.nodes.get(b).size - kgData.nodes.get(a).size)[0]"
    )
    point = page.evaluate("id => kgNetwork.canvasToDOM(kgNetwork.getPosition(id))", hidden)
    box = page.locator("#kg-network").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function(
        f"id => kgData.nodes.get(id).font.color === '{INK}'", arg=hidden, polling=50
    )
    page.close()


@pytest.mark.parametrize("name", ["ecosystem.html", "org/nuklid.html"])
def test_labels_fit_on_other_drawings(site, chromium, name):
    page = visit(chromium, (site / name).as_uri()).page
    labels_placed(page)
    result = page.evaluate(OVERLAPS)
    assert result["pairs"] == [] and result["shown"] > 0
    page.close()
