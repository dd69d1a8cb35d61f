"""A seeded demo class: 32 realistic submissions of the BC01 assignment, ready to grade.

    python grading/demo/classe_demo.py COURS [--graine 2026] [--corriger]

writes a course directory ``COURS`` (config, sources, release, gradebook with a
due date, a demo course secret) and ``submitted/<student>/bc01/*.ipynb`` with
``timestamp.txt`` for: excellent, average, partial, empty, typical wrong
answers (the declared ``*.erreurs.toml``), late, and one correct submission
emitting pandas FutureWarnings. ``--corriger`` then runs plain nbgrader
``autograde`` and ``generate_feedback`` and prints each student's score.
Same seed, same class (names are clearly invented).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import build  # noqa: E402
import cycle  # noqa: E402

DUE = dt.datetime(2026, 3, 13, 18, 0, tzinfo=dt.UTC)
SECRET_FILE = "secret_demo.txt"
FIRST = ["camille", "yanis", "lea", "noah", "ines", "sacha", "jade", "malik", "lou", "adam", "chloe",
         "rayan", "manon", "eliott", "sarah", "nael", "zoe", "ilyes", "lina", "tom", "romane",
         "wassim", "alice", "mathis", "nour", "hugo", "emma", "samir", "clara", "gabin", "maya",
         "theo"]
# (profile, how many) -- 32 students in all
PROFILES = [("excellent", 5), ("moyen", 8), ("partiel", 6), ("vide", 3), ("erreurs_typiques", 6),
            ("en_retard", 3), ("avertissements", 1)]


def plan(seed: int) -> list[dict]:
    """Who submits what: one dict per student (id, profile, share answered, wrong answers, time)."""
    rng = random.Random(seed)
    sources = cycle.source_notebooks()
    wrong = [x for name in sources for x in build.wrong_answers(name)]
    names = FIRST[:]
    rng.shuffle(names)
    students = []
    for profile, n in PROFILES:
        for _ in range(n):
            sid = f"demo-{len(students) + 1:02d}-{names[len(students)]}"
            answered, n_wrong, warnings = 1.0, 0, False
            late = dt.timedelta(hours=-rng.randint(2, 120))
            if profile == "moyen":
                n_wrong = max(1, round(len(wrong) * rng.uniform(0.2, 0.35)))
            elif profile == "partiel":
                answered = rng.uniform(0.35, 0.7)
                n_wrong = rng.randint(0, 2)
            elif profile == "vide":
                answered = 0.0
            elif profile == "erreurs_typiques":
                n_wrong = max(1, round(len(wrong) * rng.uniform(0.5, 0.75)))
            elif profile == "en_retard":
                late = dt.timedelta(hours=rng.randint(1, 72))
                n_wrong = rng.randint(0, 3)
            elif profile == "avertissements":
                warnings = True
            picked: dict[str, str] = {}
            for x in rng.sample(wrong, min(n_wrong, len(wrong))):
                picked.setdefault(x["cellule"], x["code"])
            students.append({"id": sid, "profil": profile, "repondu": answered, "erreurs": picked,
                             "avertissements": warnings, "quand": DUE + late})
    return students


def make_class(course: Path, *, seed: int = 2026) -> list[dict]:
    """Create the course and every submission; return the plan."""
    course = build.new_course(course)
    (course / SECRET_FILE).write_text(f"casekit-demo-{seed}-" + "d" * 32 + "\n", encoding="utf-8")
    build.nbgrader(course, "db", "assignment", "add", cycle.ASSIGNMENT,
                   f"--duedate={DUE:%Y-%m-%d %H:%M:%S} UTC")
    build.nbgrader(course, "generate_assignment", cycle.ASSIGNMENT, "--force")
    sources, release = cycle.source_notebooks(), cycle.released(course)
    students = plan(seed)
    for s in students:
        nbs = cycle.submission(release, sources, answered=s["repondu"], replace=s["erreurs"],
                               warnings=s["avertissements"])
        cycle.write_submission(course, s["id"], nbs, when=s["quand"])
    return students


def grade(course: Path) -> dict[str, dict]:
    """Plain nbgrader autograde + generate_feedback with the demo secret; per-student totals."""
    cycle.autograde(course, env={"CASEKIT_SECRET_FILE": str(course / SECRET_FILE)})
    out = {}
    for student, cells in cycle.scores(course).items():
        auto = [(a, m) for a, m in cells.values() if a is not None]
        out[student] = {"auto": sum(a for a, _ in auto), "max_auto": sum(m for _, m in auto),
                        "max": sum(m for _, m in cells.values())}
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Classe de démonstration BC01 (soumissions nbgrader).")
    p.add_argument("cours", help="dossier du cours à créer (par exemple grading/demo/cours)")
    p.add_argument("--graine", type=int, default=2026, help="graine de la classe (défaut : 2026)")
    p.add_argument("--corriger", action="store_true", help="lancer nbgrader autograde et generate_feedback")
    args = p.parse_args(argv)
    course = Path(args.cours).resolve()
    if (course / "submitted").exists():
        print(f"« {course} » contient déjà des soumissions : choisissez un dossier neuf.", file=sys.stderr)
        return 2
    students = make_class(course, seed=args.graine)
    for s in students:
        print(f"✓ {s['id']:<24} {s['profil']:<17} remis le {s['quand']:%d/%m/%Y %H:%M}")
    print(f"{len(students)} soumissions dans « {course / 'submitted'} ».")
    if args.corriger:
        totals = grade(course)
        for sid in sorted(totals):
            t = totals[sid]
            print(f"{sid:<24} {t['auto']:>5.1f} / {t['max_auto']:.0f} points autocorrigés "
                  f"(total du devoir : {t['max']:.0f})".replace(".", ","))
        missing = sorted({s["id"] for s in students} - set(totals))
        for sid in missing:
            print(f"✗ {sid} : non corrigé (voir les journaux nbgrader)")
        print(f"Retours (HTML) : « {course / 'feedback'} ».")
        return 1 if missing else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
