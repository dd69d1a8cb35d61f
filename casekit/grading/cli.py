"""``casekit grade``: the instructor's grading command (registered by casekit.cli)."""

from __future__ import annotations

import argparse
import sys

from casekit.grading.texte import fr, nombre


def register(sub) -> None:
    g = sub.add_parser("grade", help="corriger un devoir nbgrader (parallèle, isolé, contrôlé)",
                       description="Corriger un devoir : autograde nbgrader en parallèle, "
                       "isolation des noyaux, contrôle d'intégrité, retours et rapports "
                       "par compétence.", add_help=False)
    g.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    g.add_argument("devoir", metavar="DEVOIR", nargs="?", help="identifiant du devoir (ex. bc01)")
    g.add_argument("--course", default=None, metavar="DOSSIER",
                   help="dossier du cours (défaut : dossier courant s'il contient "
                   "nbgrader_config.py, sinon grading/)")
    g.add_argument("--submissions", default=None, metavar="DOSSIER",
                   help="dossier de copies à importer (DOSSIER/<élève>/[<devoir>/]*.ipynb)")
    g.add_argument("--workers", type=int, default=1, metavar="N", help="processus en parallèle")
    g.add_argument("--force", action="store_true", help="recorriger aussi les copies inchangées")
    g.add_argument("--eleve", action="append", default=None, metavar="ID",
                   help="ne corriger que cet élève (répétable)")
    g.add_argument("--db-url", default=None, help="URL du carnet de notes (SQLite ou PostgreSQL)")
    g.add_argument("--delai-cellule", type=int, default=60, metavar="S", help="délai par cellule (s)")
    g.add_argument("--delai-total", type=int, default=600, metavar="S", help="délai par copie (s)")
    g.add_argument("--memoire", type=float, default=3.0, metavar="Go", help="mémoire par noyau (Go)")
    g.add_argument("--seuil", type=float, default=50.0, metavar="%",
                   help="seuil d'acquisition d'une compétence, en %% (défaut 50)")
    g.add_argument("--sans-isolation", action="store_true",
                   help="ne pas isoler les noyaux même en root (déconseillé)")
    g.add_argument("--tiers-temps", nargs="+", default=None, metavar="ELEVE=+33%",
                   help="enregistrer des délais majorés (ELEVE=+33%% ou ELEVE=+1h30 ; =0 retire)")
    g.add_argument("--noyaux-chauds", dest="chaud", action="store_const", const=True, default=None,
                   help="noyaux dupliqués d'un processus qui a déjà importé pandas, scikit-learn, "
                   "matplotlib et casekit (par défaut)")
    g.add_argument("--noyaux-neufs", dest="chaud", action="store_const", const=False,
                   help="un interpréteur neuf par carnet (plus lent ; même confinement)")
    g.add_argument("--sans-reverification", action="store_true",
                   help="ne pas rejouer les tests hors du noyau sur les réponses relevées (plus rapide, "
                   "déconseillé pour un examen)")
    g.add_argument("--sans-progression", action="store_true", help="pas de barre de progression")
    g.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from casekit.errors import ArgumentInvalideError
    from casekit.grading.course import Cours, resolve

    if args.tiers_temps:
        from casekit.grading.late import enregistrer

        cours = Cours(resolve(args.course), db_url=args.db_url)
        for who, pct, sec in enregistrer(cours.db_url, args.tiers_temps):
            if (pct or 0) > 0:
                print(fr(f"Tiers-temps : {who} → +{nombre(100 * pct, 0)} % de la durée de l'épreuve."))
            elif (sec or 0) > 0:
                print(fr(f"Tiers-temps : {who} → +{nombre(sec / 60, 0)} min."))
            else:
                print(fr(f"Tiers-temps retiré : {who}."))
        if not args.devoir:
            return 0
    if not args.devoir:
        raise ArgumentInvalideError("Indiquez le devoir à corriger, par exemple : casekit grade bc01")
    import os

    from casekit.grading import runner

    # the warm-kernel server warms up (≈ 2.5 s) while nbgrader is imported and the batch prepared
    early = runner.serveur_anticipe() if args.chaud is not False and hasattr(os, "fork") else None
    try:
        etat, c = _grade(args, early)
    finally:
        runner.arreter_serveur(early)
    from casekit.grading import feedback, report

    for r in sorted(etat.values(), key=lambda r: r.eleve):
        score = (f" — {nombre(r.score)} / {nombre(r.max_score)}"
                 if r.statut == "graded" and r.score is not None else "")
        why = (" : " + " ; ".join(x for x in r.raisons if not x.startswith("journal"))) if r.raisons else ""
        c.say(f"  {r.eleve} : {r.libelle}{score}{why}")
    files = feedback.ecrire(c.cours, args.devoir, etat)
    c.say(f"Retours écrits : {len(files)} fichier(s) dans feedback/.")
    out = report.ecrire(c.cours, args.devoir, etat, seuil=args.seuil)
    c.say("Rapports : " + ", ".join(str(p.relative_to(c.cours.root)) for p in out) + ".")
    failed = sum(r.statut in ("failed", "tampered") for r in etat.values())
    return 1 if failed else 0


def _grade(args: argparse.Namespace, early):
    from casekit.grading.runner import Correcteur, Limites

    lim = Limites(delai_cellule=args.delai_cellule, delai_total=args.delai_total,
                  memoire=int(args.memoire * 1024**3))
    c = Correcteur(args.devoir, cours=args.course, db_url=args.db_url, workers=args.workers,
                   limites=lim, isoler=False if args.sans_isolation else None,
                   progression=not args.sans_progression, chaud=args.chaud,
                   reverification=not args.sans_reverification, serveur=early)
    if args.submissions:
        n = c.importer(args.submissions)
        c.say(f"{n} copie(s) importée(s) depuis « {args.submissions} ».")
    return c.run(force=args.force, eleves=args.eleve), c


if __name__ == "__main__":  # pragma: no cover
    p = argparse.ArgumentParser(prog="casekit")
    register(p.add_subparsers(dest="commande"))
    a = p.parse_args()
    sys.exit(a.func(a))
