"""Per-competence report: gradebook -> CSV (per cell, per competence, Moodle) + HTML overview.

Competences come from the instructor's source notebooks (a student cannot edit
them): the ``competence:C1`` tag of each grade cell, else the grade_id prefix
(``c1_`` -> C1, ``canaux_`` -> Canaux).
"""

from __future__ import annotations

import csv
import html
import re
from collections import defaultdict
from pathlib import Path

import nbformat

from casekit.grading.texte import fr, nombre

ETATS = ("acquis", "non acquis", "à compléter")


_PARSED: dict[tuple, list] = {}


def _sources(cours, assignment: str) -> list[tuple[str, list]]:
    """[(notebook name, cells)] of the instructor's source notebooks, parsed once.

    Feedback and reports both need them (competences and question numbers):
    the parse is kept while no source file changes (name, size, mtime).
    """
    paths = sorted(cours.dir("source", ".", assignment).glob("*.ipynb"))
    key = tuple((str(p), st.st_size, st.st_mtime_ns) for p in paths for st in [p.stat()])
    if key not in _PARSED:
        _PARSED.clear()
        _PARSED[key] = [(p.stem, nbformat.read(str(p), as_version=4).cells) for p in paths]
    return _PARSED[key]


def competences(cours, assignment: str) -> dict[tuple[str, str], str]:
    """(notebook, grade_id) -> competence label, from the source notebooks."""
    out = {}
    for stem, cells in _sources(cours, assignment):
        for c in cells:
            md = c.metadata.get("nbgrader", {})
            if not (md.get("grade") or md.get("task")):
                continue
            gid = md["grade_id"]
            tag = next((t.split(":", 1)[1] for t in c.metadata.get("tags", []) if t.startswith("competence:")), None)
            if tag is None:
                m = re.match(r"(c\d+|canaux)_", gid, re.I)
                tag = (m.group(1).upper() if m and m.group(1)[0] in "cC" and m.group(1)[1:].isdigit()
                       else "Canaux" if m else "Autre")
            out[(stem, gid)] = tag
    return out


_QUESTION = re.compile(r"\*\*Question\s+(\d+)\b")


def questions(cours, assignment: str) -> dict[tuple[str, str], tuple[int, str]]:
    """(notebook, grade_id) -> (rank, "Question N") as the student reads it in the notebook.

    The course sources announce each graded cell with one bold "**Question N" in the
    markdown, in the same order as the graded cells. When a notebook breaks that
    pattern, its cells keep their grade id (rank = position), never a wrong number.
    """
    out = {}
    for stem, cells in _sources(cours, assignment):
        numbers: list[str] = []
        graded: list[str] = []
        for c in cells:
            if c.cell_type == "markdown":
                numbers += _QUESTION.findall(c.source)
            md = c.metadata.get("nbgrader", {})
            if md.get("grade") or md.get("task"):
                graded.append(md["grade_id"])
        same = len(numbers) == len(graded) and len(set(numbers)) == len(numbers)
        for i, gid in enumerate(graded):
            out[(stem, gid)] = (int(numbers[i]), f"Question {numbers[i]}") if same else (i + 1, gid)
    return out


def lignes(cours, assignment: str, etat: dict) -> list[dict]:
    """One row per student and grade cell, straight from the gradebook."""
    comp = competences(cours, assignment)
    rows = []
    with cours.gradebook() as gb:
        for r in sorted(etat.values(), key=lambda r: r.eleve):
            try:
                sub = gb.find_submission(assignment, r.eleve)
            except Exception:
                sub = None
            for nb in (sub.notebooks if sub is not None else []):
                for g in nb.grades:
                    manual = g.cell_type == "markdown" or (g.auto_score is None and g.manual_score is None)
                    score = g.manual_score if g.manual_score is not None else g.auto_score
                    rows.append({
                        "eleve": r.eleve, "statut": r.libelle, "carnet": nb.name, "cellule": g.name,
                        "competence": comp.get((nb.name, g.name), "Autre"),
                        "type": "manuelle" if manual else "automatique",
                        "points": score, "max": g.max_score,
                        "a_completer": score is None,
                    })
    return rows


def par_competence(rows: list[dict], etat: dict, *, seuil: float = 50.0) -> list[dict]:
    agg: dict[tuple[str, str], dict] = defaultdict(lambda: {"points": 0.0, "max": 0.0, "manque": 0})
    comps = sorted({r["competence"] for r in rows})
    for r in rows:
        a = agg[(r["eleve"], r["competence"])]
        a["max"] += r["max"] or 0
        if r["points"] is None:
            a["manque"] += 1
        else:
            a["points"] += r["points"]
    out = []
    for res in sorted(etat.values(), key=lambda r: r.eleve):
        for c in comps:
            a = agg.get((res.eleve, c))
            if res.statut != "graded" or a is None:
                out.append({"eleve": res.eleve, "statut": res.libelle, "competence": c, "points": None,
                            "max": a["max"] if a else None, "pourcentage": None, "etat": res.libelle})
                continue
            pct = 100 * a["points"] / a["max"] if a["max"] else None
            etat_c = "à compléter" if a["manque"] else ("acquis" if pct is not None and pct >= seuil
                                                      else "non acquis")
            out.append({"eleve": res.eleve, "statut": res.libelle, "competence": c,
                        "points": round(a["points"], 2), "max": a["max"],
                        "pourcentage": None if pct is None else round(pct, 1), "etat": etat_c})
    return out


def _csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def _num(x):
    return "" if x is None else (int(x) if float(x).is_integer() else round(float(x), 2))


def _color(pct: float | None) -> tuple[str, str]:
    """Background and text colours (sequential blues; text contrast >= 4.5:1)."""
    if pct is None:
        return "#f0f0f0", "#1a1a1a"
    steps = ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
    i = min(len(steps) - 1, int(pct / 100 * len(steps)))
    return steps[i], "#000000" if i < 6 else "#ffffff"


def html_page(assignment: str, comp_rows: list[dict], etat: dict, seuil: float) -> str:
    comps = sorted({r["competence"] for r in comp_rows})
    by = {(r["eleve"], r["competence"]): r for r in comp_rows}
    eleves = sorted(etat)
    e = html.escape
    parts = [
        "<!DOCTYPE html>", '<html lang="fr">', "<head>", '<meta charset="utf-8">',
        f"<title>{e(fr(f'Bilan par compétence : {assignment}'))}</title>",
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a;background:#fff}"
        "table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #595959;padding:.35rem .6rem;"
        "text-align:center}th[scope=row]{text-align:left}caption{font-weight:bold;text-align:left;"
        "padding:.3rem 0}.hist{display:flex;gap:1.5rem;flex-wrap:wrap}"
        "figure{margin:0}figcaption{font-size:.95rem}</style>",
        "</head>", "<body>", "<main>",
        f"<h1>{e(fr(f'Bilan par compétence : devoir « {assignment} »'))}</h1>",
        f"<p>{e(fr(f'{len(eleves)} élève(s). Seuil d’acquisition : {nombre(seuil, 0)} %. '))}"
        f"{e(fr('« à compléter » : une correction manuelle est en attente.'))}</p>",
        "<h2>Carte de chaleur élèves × compétences</h2>",
        "<table><caption>" + e(fr("Pourcentage des points et état, par élève et par compétence")) + "</caption>",
        "<thead><tr><th scope=\"col\">Élève</th>" + "".join(f'<th scope="col">{e(c)}</th>' for c in comps)
        + '<th scope="col">Statut de la copie</th></tr></thead><tbody>',
    ]
    for s in eleves:
        res = etat[s]
        cells = []
        for c in comps:
            r = by.get((s, c))
            pct = r["pourcentage"] if r else None
            bg, fg = _color(pct if res.statut == "graded" else None)
            label = (f"{nombre(pct, 0)} % · {r['etat']}" if r and pct is not None else
                     (r["etat"] if r else "—"))
            cells.append(f'<td style="background:{bg};color:{fg}">{e(fr(label))}</td>')
        why = " ; ".join(x for x in res.raisons if not x.startswith("journal"))  # interruptions, motifs
        why = f"<br><small>{e(fr(why))}</small>" if why else ""
        parts.append(f'<tr><th scope="row">{e(s)}</th>{"".join(cells)}<td>{e(res.libelle)}{why}</td></tr>')
    parts.append("</tbody></table>")
    parts.append("<h2>Distributions par compétence</h2>")
    parts.append('<div class="hist">')
    for c in comps:
        vals = [by[(s, c)]["pourcentage"] for s in eleves if (s, c) in by and by[(s, c)]["pourcentage"] is not None]
        bins = [0] * 5
        for v in vals:
            bins[min(4, int(v // 20))] += 1
        top = max(bins) or 1
        labels = ["0–20 %", "20–40 %", "40–60 %", "60–80 %", "80–100 %"]
        desc = fr(f"Compétence {c} : " + ", ".join(f"{n} élève(s) entre {lab}" for n, lab in zip(bins, labels, strict=True)) + ".")
        # Bars span their bin; tick labels sit on the bin edges (0, 20, ..., 100 %) and each bar
        # carries its count, so the drawing cannot be read as "one value per label".
        bars = "".join(
            f'<rect x="{12 + i * 36}" y="{110 - 80 * n / top:.1f}" width="32" height="{80 * n / top:.1f}" fill="#08519c"/>'
            + (f'<text x="{28 + i * 36}" y="{106 - 80 * n / top:.1f}" font-size="10" text-anchor="middle" '
               f'fill="#1a1a1a">{n}</text>' if n else "")
            for i, n in enumerate(bins))
        bars += '<line x1="10" y1="110.5" x2="192" y2="110.5" stroke="#1a1a1a"/>' + "".join(
            f'<text x="{10 + i * 36}" y="124" font-size="9" text-anchor="middle" fill="#1a1a1a">{i * 20}</text>'
            for i in range(6)) + '<text x="190" y="134" font-size="9" text-anchor="end" fill="#1a1a1a">%</text>'

        parts.append(f'<figure><svg role="img" aria-label="{e(desc)}" width="200" height="135" '
                     f'viewBox="0 0 200 135"><title>{e(desc)}</title>{bars}</svg>'
                     f"<figcaption>{e(c)}</figcaption></figure>")
    parts.append("</div>")
    parts.append("<h2>Distributions : tableau</h2><table><caption>"
                 + e(fr("Nombre d’élèves par tranche de pourcentage et par compétence")) + "</caption><thead><tr>"
                 '<th scope="col">Compétence</th>' + "".join(
                     f'<th scope="col">{e(fr(lab))}</th>' for lab in ["0–20 %", "20–40 %", "40–60 %", "60–80 %", "80–100 %"])
                 + '<th scope="col">acquis</th><th scope="col">non acquis</th><th scope="col">à compléter</th></tr></thead><tbody>')
    for c in comps:
        rs = [by[(s, c)] for s in eleves if (s, c) in by]
        vals = [r["pourcentage"] for r in rs if r["pourcentage"] is not None]
        bins = [0] * 5
        for v in vals:
            bins[min(4, int(v // 20))] += 1
        counts = [sum(r["etat"] == k for r in rs) for k in ETATS]
        parts.append(f'<tr><th scope="row">{e(c)}</th>' + "".join(f"<td>{n}</td>" for n in bins + counts) + "</tr>")
    parts.append("</tbody></table></main></body></html>")
    return "\n".join(parts)


def ecrire(cours, assignment: str, etat: dict, *, seuil: float = 50.0) -> list[Path]:
    """Write the CSV exports and the HTML overview into ``<root>/casekit/<assignment>/``."""
    out = cours.travail(assignment)
    rows = lignes(cours, assignment, etat)
    comp = par_competence(rows, etat, seuil=seuil)
    files = [
        _csv(out / "notes_par_cellule.csv",
             ["eleve", "statut", "carnet", "cellule", "competence", "type", "points", "max", "a_completer"],
             [[r["eleve"], r["statut"], r["carnet"], r["cellule"], r["competence"], r["type"],
               _num(r["points"]), _num(r["max"]), "oui" if r["a_completer"] else "non"] for r in rows]),
        _csv(out / "notes_par_competence.csv",
             ["eleve", "statut", "competence", "points", "max", "pourcentage", "etat"],
             [[r["eleve"], r["statut"], r["competence"], _num(r["points"]), _num(r["max"]),
               _num(r["pourcentage"]), r["etat"]] for r in comp]),
    ]
    comps = sorted({r["competence"] for r in comp})
    by = {(r["eleve"], r["competence"]): r for r in comp}
    moodle = []
    for s in sorted(etat):
        res = etat[s]
        total = res.score if res.statut == "graded" else None
        moodle.append([s, _num(total)] + [_num(by[(s, c)]["pourcentage"]) if (s, c) in by else "" for c in comps])
    files.append(_csv(out / "moodle.csv", ["Identifiant", f"{assignment} (total)"] + [f"{assignment} {c} (%)" for c in comps], moodle))
    page = out / "bilan_competences.html"
    page.write_text(html_page(assignment, comp, etat, seuil), encoding="utf-8")
    files.append(page)
    return files
