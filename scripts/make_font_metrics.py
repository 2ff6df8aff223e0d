"""Write ``pipeline/render/font_metrics.json``: the advance widths of Times New Roman.

Table column widths are computed from the text (:mod:`pipeline.render.tables`), so the
same data gives the same document on every machine, with or without the font installed.
The widths come from Liberation Serif, metric-compatible with Times New Roman (same
advance width for every character; SIL Open Font License), regular and bold, for the
printable ASCII, Latin-1 and Vietnamese letters and common punctuation.

    pip install fonttools && python scripts/make_font_metrics.py [FONT_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x100, 0x1B0), (0x1EA0, 0x1EF9), (0x2010, 0x2026), (0x20AB, 0x20AB)]


def widths(path: Path) -> dict[str, int]:
    font = TTFont(str(path))
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    scale = 1000 / font["head"].unitsPerEm
    return {chr(code): round(hmtx[cmap[code]][0] * scale)
            for start, end in RANGES for code in range(start, end + 1) if code in cmap}


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else FONT_DIR
    data = {"source": "Liberation Serif (metric-compatible with Times New Roman), 1/1000 em",
            "regular": widths(folder / "LiberationSerif-Regular.ttf"),
            "bold": widths(folder / "LiberationSerif-Bold.ttf")}
    target = Path(__file__).resolve().parents[1] / "pipeline" / "render" / "font_metrics.json"
    target.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                      encoding="utf-8")
    print(f"wrote {target}: {len(data['regular'])} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
