"""Regenerate docs/show.png: the `attrib show --html` page of seed article 001,
with its first direct quote clicked so the chain panel is open.

    python docs/make_show_screenshot.py [--chromium /usr/bin/chromium] [-o docs/show.png]

Needs playwright (pip) and a system Chromium (Debian: apt-get install chromium);
no browser download.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import attrib  # noqa: E402
from attrib.show import render_html  # noqa: E402

SEED = "001"


def seed_document() -> attrib.Document:
    path = next((ROOT / "corpus").glob(f"{SEED}_*.txt"))
    return attrib.trace(path.read_bytes().decode("utf-8"), id=path.stem)


def screenshot(doc: attrib.Document, out: Path, chromium: str = "/usr/bin/chromium",
               width: int = 1440, height: int = 940) -> int:
    """Write the screenshot; returns the index of the claim clicked."""
    from playwright.sync_api import sync_playwright

    index = next(i for i, a in enumerate(doc.attributions) if a.direct)
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "show.html"
        page_file.write_text(render_html(doc), encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
                page.goto(page_file.as_uri())
                cue = page.locator(f'#text [data-cue~="{index}"]').first
                cue.scroll_into_view_if_needed()
                # scroll so the claim sits in the upper middle, with the text above it for context
                page.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().top - 380)", cue.element_handle())
                cue.click()
                page.locator("#chain-panel .chain").wait_for()
                page.mouse.move(5, 5)  # no hover outline in the picture
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out))
            finally:
                browser.close()
    return index


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("-o", "--output", default=str(ROOT / "docs" / "show.png"))
    args = ap.parse_args(argv)
    index = screenshot(seed_document(), Path(args.output), args.chromium)
    print(f"wrote {args.output} (claim #{index} selected)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
