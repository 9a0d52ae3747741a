"""The README's screenshots of the site: `python -m tools.screenshots SITE [OUT]`.

Takes four pictures of a site written by `kg viz` in headless Chromium (tools/browser.py,
network blocked): the overview, the map, an organisation's page (ROTOP, the whole page down
to its network, at most TALL pixels) and that page on a phone (390×844), into OUT
(docs/screenshots/). Each PNG is reduced to 256 colours with Pillow, which keeps it well
under 300 KB.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

from tools.browser import browser, visit

__all__ = ["PHONE", "SHOTS", "main", "take"]

DESKTOP = (1400, 900)
PHONE = (390, 844)
TALL = 1700
SHOTS = (
    ("overview", "index.html", DESKTOP, False),
    ("map", "map.html", DESKTOP, False),
    ("entity", "org/rotop-radiopharmacy.html", DESKTOP, True),
    ("phone", "org/rotop-radiopharmacy.html", PHONE, False),
)


def take(chromium, page: Path, png: Path, size: tuple[int, int], whole: bool = False) -> Path:
    """One screenshot of `page` at `size` (`whole`: the page's full length, cut at TALL),
    once its network (if any) is drawn."""
    seen = visit(chromium, page.resolve().as_uri(), *size)
    if seen.page.query_selector("#kg-network"):
        seen.page.wait_for_selector("body[data-drawn='yes']", timeout=30_000)
    if seen.errors or seen.blocked:
        raise RuntimeError(f"{page}: errors {seen.errors}, blocked {seen.blocked}")
    seen.page.screenshot(path=str(png), full_page=whole)
    seen.page.close()
    # a palette of 256 colours: a page's flat colours survive, the file shrinks fivefold
    image = Image.open(png).convert("RGB")
    image = image.crop((0, 0, image.width, min(image.height, TALL)))
    image.quantize(256).save(png, optimize=True)
    return png


def main(args: list[str]) -> int:
    site = Path(args[0])
    out = Path(args[1]) if len(args) > 1 else Path("docs") / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with browser() as chromium:
        for name, page, size, whole in SHOTS:
            png = take(chromium, site / page, out / f"{name}.png", size, whole)
            print(f"{png}  {png.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
