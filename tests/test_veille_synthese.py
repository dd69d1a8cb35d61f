"""The digest a practitioner reads (issue 12): grouped duplicates, honest categories, French numbers, a real page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

import casekit
from casekit.veille import synthese


@pytest.fixture(scope="module")
def digest():
    b = casekit.load("flux_veille")
    return b, synthese(b.frame, "2025-06-10", "2025-07-31")


def _items(md: str, section: str) -> list[str]:
    part = md.split(f"## {section}\n")[1].split("\n## ")[0]
    return [line for line in part.splitlines() if line.startswith("- ")]


def test_duplicates_are_grouped_under_one_item_with_their_reprises(digest):
    """Issue 12: the same article was listed twice despite « 41 reprises écartées »."""
    b, s = digest
    md = str(s)
    copies = {d["article_id"]: d["original_id"] for d in b.truth["doublons"] + b.truth["quasi_doublons"]}
    links = dict(zip(b.frame["article_id"], b.frame["lien"], strict=True))
    for section in [t for t in re.findall(r"^## (.+)$", md, re.M) if t.startswith(("À la une", "Veille", "Articles"))]:
        shown = [re.search(r"\]\((.+?)\)", line).group(1) for line in _items(md, section) if "](" in line]
        assert len(shown) == len(set(shown)), section
        for copy, orig in copies.items():  # never the copy and its original side by side
            assert not (links[copy] in shown and links[orig] in shown), (section, copy)
    period = s.articles.set_index("article_id")
    # Every listed article that has copies names them (which ones are listed depends on the data).
    with_copies = set(period.loc[period["nb_reprises"] >= 1, "lien"])
    for section in re.findall(r"^## (.+)$", md, re.M):
        for line in _items(md, section):
            hit = re.search(r"\]\((.+?)\)", line)
            if hit and hit.group(1) in with_copies:
                assert "reprises\u00a0: " in line, line
    assert "reprise(s) (même article ou réécriture) regroupée(s)" in md
    origins = {o for c, o in copies.items() if o in period.index}
    assert origins and all(period.loc[o, "nb_reprises"] >= 1 for o in origins)
    assert not set(copies) & set(period.index)  # copies are folded into their original


def test_accessibility_alone_is_not_a_legal_signal():
    """Issue 12: « accessibilité » counted as a legal keyword."""
    df = pd.DataFrame({
        "titre": ["Accessibilité des vidéos : sous-titres et contraste", "La CNIL sanctionne un site",
                  "Navigation au clavier et accessibilité", "Une loi encadre l'influence commerciale"] * 2,
        "categorie": ["technique", "tendances", "technique", "concurrence"] * 2,
        "date_publication": pd.to_datetime(["2025-01-02"] * 4 + ["2025-03-02"] * 4, utc=True),
    })
    s = synthese(df, "2025-03-01", "2025-03-31")
    legal = next(sec for sec in s.sections if sec.titre == "Veille juridique")
    texts = [e.texte for e in legal.elements]
    assert sorted(texts) == ["La CNIL sanctionne un site", "Une loi encadre l'influence commerciale"]
    assert all("classé juridique" in e.detail for e in legal.elements)  # the decision is explained
    assert "«\u00a0cnil\u00a0»" in legal.elements[next(i for i, t in enumerate(texts) if "CNIL" in t)].detail


def test_numbers_are_french(digest):
    """Issue 12: « nouveauté 0.90 » used a decimal point."""
    _, s = digest
    md = str(s)
    assert not re.search(r"\d\.\d", md.replace("4.1.2", "").replace("2019/882", "")), re.findall(r".{20}\d\.\d.{5}", md)
    assert re.search(r"nouveauté \d,\d\d", md)
    assert not re.search(r" [:;?!]", md.replace("](", "")), re.findall(r".{15} [:;?!].{5}", md)[:5]


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[int] = []
        self.imgs: list[dict] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "img":
            self.imgs.append(a)
        if tag in {"link", "script"} or (tag == "img" and not a.get("src", "").startswith("data:")):
            self.external.append(tag)


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_html_page_is_self_contained_styled_and_accessible(digest, tmp_path):
    """Issue 12: the page was unstyled. Landmarks, headings in order, alt text, both palettes readable."""
    _, s = digest
    path = s.ecrire(tmp_path / "veille.html")[0]
    page = path.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="fr">')
    p = _Outline()
    p.feed(page)
    for landmark in ("header", "main", "footer", "style"):
        assert landmark in p.tags, landmark
    assert p.headings[0] == 1 and p.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(p.headings, p.headings[1:], strict=False))  # no skipped level
    assert p.imgs and all(len(img.get("alt", "")) > 40 for img in p.imgs)
    assert not p.external  # self-contained: no external script, style sheet or image
    css = page.split("<style>")[1].split("</style>")[0]
    assert "prefers-color-scheme: dark" in css
    light, dark = css.split("@media (prefers-color-scheme: dark)")
    for block in (light, dark):
        colours = dict(re.findall(r"--(\w+): (#[0-9a-f]{6})", block))
        for fg in ("texte", "discret"):
            assert _contrast(colours[fg], colours["fond"]) >= 7, (fg, colours)
        assert _contrast(colours["lien"], colours["fond"]) >= 4.5
        assert _contrast(colours["lien"], colours["carte"]) >= 4.5
