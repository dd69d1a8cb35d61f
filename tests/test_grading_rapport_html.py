"""The class overview's distribution charts say what the table says (no sandbox needed)."""

import re
from types import SimpleNamespace

from casekit.grading.report import html_page


def _page(pcts: list[float]) -> str:
    etat = {f"e{i}": SimpleNamespace(statut="graded", libelle="notée") for i in range(len(pcts))}
    rows = [{"eleve": f"e{i}", "competence": "C1", "pourcentage": p, "etat": "acquis", "points": 1, "max": 2}
            for i, p in enumerate(pcts)]
    return html_page("bc01", rows, etat, 50.0)


def _svg(page: str) -> str:
    return re.search(r"<svg.*?</svg>", page, re.S).group(0)


def test_histogram_bars_follow_bins_and_show_counts():
    pcts = [5, 15, 45, 50, 59.9, 60, 100]  # bins: 0-20 ×2, 40-60 ×3, 60-80 ×1, 80-100 ×1
    svg = _svg(_page(pcts))
    heights = [float(h) for h in re.findall(r'<rect[^>]*height="([\d.]+)"', svg)]
    assert len(heights) == 5
    expected = [2, 0, 3, 1, 1]
    # heights proportional to the counts, tallest bar = most frequent bin
    for h, c in zip(heights, expected, strict=True):  # heights are written with one decimal
        assert abs(h / max(heights) - c / max(expected)) < 0.01
    counts = [int(t) for t in re.findall(r'font-size="10"[^>]*>(\d+)</text>', svg)]
    assert counts == [c for c in expected if c]
    # ticks are bin edges 0..100, not one number under each bar
    assert re.findall(r'font-size="9"[^>]*>(\d+)</text>', svg) == ["0", "20", "40", "60", "80", "100"]
    desc = re.search(r'aria-label="([^"]+)"', svg).group(1)
    assert "3 élève(s) entre 40–60" in desc and "2 élève(s) entre 0–20" in desc


def test_histogram_edges_sit_between_bars():
    svg = _svg(_page([10, 30, 50, 70, 90]))
    rects = [(float(x), float(w)) for x, w in re.findall(r'<rect x="([\d.]+)"[^>]*width="([\d.]+)"', svg)]
    ticks = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="124"', svg)]
    for i, (x, w) in enumerate(rects):
        assert ticks[i] <= x and x + w <= ticks[i + 1]
