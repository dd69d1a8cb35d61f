"""The class overview's distribution charts say what the table says (no sandbox needed)."""

import re
from types import SimpleNamespace

from casekit.grading.report import html_page


def _page(pcts: list[float]) -> str:
    etat = {f"e{i}": SimpleNamespace(statut="graded", libelle="notée", raisons=[]) for i in range(len(pcts))}
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


def test_feedback_names_questions_as_the_notebook_does():
    """Each graded cell of the BC01 course is shown to the student as the notebook's « Question N »."""
    from pathlib import Path

    import nbformat

    from casekit.grading.report import questions

    root = Path(__file__).resolve().parents[1] / "grading"

    class Cours:
        def dir(self, *parts):
            return root.joinpath(*parts)

    q = questions(Cours(), "bc01")
    for p in sorted((root / "source" / "bc01").glob("*.ipynb")):
        graded = [c.metadata["nbgrader"]["grade_id"] for c in nbformat.read(p, as_version=4).cells
                  if c.metadata.get("nbgrader", {}).get("grade")]
        labels = [q[(p.stem, g)][1] for g in graded]
        assert labels == [f"Question {i}" for i in range(1, len(graded) + 1)], p.name


def test_questions_fall_back_to_grade_ids_when_numbering_is_ambiguous(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from casekit.grading.report import questions

    def graded(gid):
        return new_code_cell("x = 1", metadata={"nbgrader": {"grade": True, "grade_id": gid, "points": 1}})

    d = tmp_path / "source" / "td"
    d.mkdir(parents=True)
    nb = new_notebook(cells=[new_markdown_cell("**Question 1.** A"), graded("a"), graded("b")])
    nbformat.write(nb, d / "n.ipynb")

    class Cours:
        def dir(self, *parts):
            return tmp_path.joinpath(*parts)

    assert questions(Cours(), "td") == {("n", "a"): (1, "a"), ("n", "b"): (2, "b")}
