"""Safe per-student feedback, in French, from structured check results.

Built from what the casekit preprocessors recorded (did each test run to its
end, did it fail before or inside the hidden tests, the check's French
message) and from the gradebook (points, manual comments). It never copies
cell sources, outputs or tracebacks, so hidden tests and mark schemes cannot
leak. One HTML file per notebook in ``feedback/<student>/<assignment>/``
(where ``nbgrader release_feedback`` looks for it).
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from casekit.grading.delais import pour_l_eleve
from casekit.grading.report import competences, questions
from casekit.grading.texte import fr, nombre

SAFE_ERRORS = {"VerificationEchouee", "NameError", "TypeError", "ValueError", "KeyError",
               "AttributeError", "ZeroDivisionError", "NotImplementedError", "IndexError"}


def _message(info: dict | None) -> str:
    if not info:
        return ""
    err = info.get("erreur")
    if err is None and not info.get("interrompue"):
        return ""
    if info.get("interrompue"):
        return f"Cellule interrompue après {info['interrompue']}\u00a0s : elle ne s'est pas terminée à temps."
    if info.get("cache_atteint"):
        return ("Un test complémentaire, non visible dans votre carnet, n'est pas passé : "
                "relisez la consigne et essayez d'autres valeurs.")
    if err["ename"] == "NotImplementedError":
        return "Pas encore de réponse : la cellule contient toujours « raise NotImplementedError() »."
    if err["ename"] in SAFE_ERRORS:
        return f"{err['evalue']}" if err["ename"] == "VerificationEchouee" else \
            f"Erreur dans votre code ({err['ename']}) : {err['evalue']}"
    return f"Erreur dans votre code ({err['ename']})."


def ecrire(cours, assignment: str, etat: dict) -> list[Path]:
    comp = competences(cours, assignment)
    quest = questions(cours, assignment)
    files = []
    e = html.escape
    with cours.gradebook() as gb:
        for res in etat.values():
            if res.statut == "missing":
                continue
            try:
                sub = gb.find_submission(assignment, res.eleve)
            except Exception:
                continue
            dest = cours.dir("feedback", res.eleve, assignment)
            dest.mkdir(parents=True, exist_ok=True)
            # what `nbgrader release_feedback` needs next to the HTML files
            for step in ("autograded", "submitted"):
                src = cours.dir(step, res.eleve, assignment)
                for name in ("timestamp.txt", "submission_secret.txt"):
                    if (src / name).is_file() and not (dest / name).is_file():
                        shutil.copy(src / name, dest / name)
            for nb in sub.notebooks:
                rows = []
                comments = {c.name: c.comment for c in nb.comments if c.comment}
                for g in sorted(nb.grades, key=lambda g: (quest.get((nb.name, g.name), (10**6, g.name))[0], g.name)):
                    score = g.manual_score if g.manual_score is not None else g.auto_score
                    info = res.tests.get(nb.name, {}).get(g.name)
                    if res.statut != "graded":
                        verdict = "non noté"
                    elif score is None:
                        verdict = "en attente de correction manuelle"
                    elif score >= g.max_score:
                        verdict = "réussi"
                    else:
                        verdict = "à revoir"
                    msg = _message(info) if res.statut == "graded" and verdict == "à revoir" else ""
                    note = comments.get(g.name, "")
                    pts = (f"{nombre(score)} / {nombre(g.max_score)}" if res.statut == "graded" and score is not None
                           else f"— / {nombre(g.max_score)}")
                    rows.append(
                        f"<tr><th scope=\"row\">{e(quest.get((nb.name, g.name), (0, g.name))[1])}</th><td>{e(comp.get((nb.name, g.name), 'Autre'))}</td>"
                        f"<td>{e(fr(pts))}</td><td>{e(verdict)}</td><td>{e(fr(msg))}</td>"
                        f"<td>{e(fr(note))}</td></tr>")
                if res.statut == "graded":
                    intro = fr(f"Votre copie a été corrigée : {nombre(nb.score)} / {nombre(nb.max_score)} "
                               "points sur ce carnet (les réponses rédigées attendent parfois la correction "
                               "de votre formateur).")
                elif res.statut == "failed":
                    intro = fr("La correction automatique de votre copie n'a pas pu aller au bout ("
                               + ", ".join(x.split(" :")[0] for x in res.raisons
                                           if not x.startswith("journal"))
                               + ") : votre formateur va la regarder. Aucune note n'est donnée pour l'instant.")
                else:
                    intro = fr("Votre copie n'a pas été notée automatiquement : elle modifie les "
                               "mécanismes de correction. Votre formateur reviendra vers vous.")
                arrets = "".join(f"<p>{e(fr(x))}</p>" for x in pour_l_eleve(res.tests.get(nb.name, {}))
                                 if res.statut == "graded")
                page = "\n".join([
                    "<!DOCTYPE html>", '<html lang="fr">', '<head><meta charset="utf-8">',
                    f"<title>{e(fr(f'Retour : {nb.name}'))}</title>",
                    "<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}"
                    "table{border-collapse:collapse}th,td{border:1px solid #595959;padding:.3rem .5rem;"
                    "text-align:left}</style></head><body><main>",
                    f"<h1>{e(fr(f'Retour sur « {nb.name} »'))}</h1>", f"<p>{e(intro)}</p>", arrets,
                    "<table><caption>Question par question</caption><thead><tr>"
                    '<th scope="col">Question</th><th scope="col">Compétence</th><th scope="col">Points</th>'
                    '<th scope="col">Résultat</th><th scope="col">Piste</th>'
                    '<th scope="col">Commentaire du formateur</th></tr></thead><tbody>',
                    *rows, "</tbody></table></main></body></html>"])
                path = dest / f"{nb.name}.html"
                path.write_text(page, encoding="utf-8")
                files.append(path)
    return files
