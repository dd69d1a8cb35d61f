"""casekit grade: a class of honest and hostile submissions graded in one batch.

Runs real nbgrader autograde workers and real kernels on the small fixture course
of tests/_grading_course.py (the BC01 course conventions). Slow-ish (about a
minute on 2 cores): one module-scoped batch serves most assertions.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("nbgrader")

sys.path.insert(0, str(Path(__file__).parent))
import _grading_course as gc

from casekit.grading import feedback, report
from casekit.grading.runner import Correcteur, Limites, isolation_disponible

os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
LIM = Limites(delai_cellule=20, delai_total=240, memoire=3 * 1024**3)
ISOLATED, _WHY = isolation_disponible()


def _obf(s: str) -> str:
    """A path spelled so that no literal string gives it away to the static scan."""
    return "''.join(map(chr, " + repr([ord(ch) for ch in s]) + "))"


def _tag_tests(tag):
    def edit(name, nb):
        for c in nb.cells:
            if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code":
                c.metadata.setdefault("tags", []).append(tag)
    return edit


def _edit_cell(gid, fn):
    def edit(name, nb):
        for c in nb.cells:
            if c.metadata.get("nbgrader", {}).get("grade_id") == gid:
                fn(c)
    return edit


def _wrong(extra=""):
    return {"01_besoin": {"ans_nps": "nps = 0\n" + extra}, "02_cible": {"ans_taille": "taille = 0"}}


def _good(nps_src):
    a = {k: dict(v) for k, v in gc.GOOD.items()}
    a["01_besoin"]["ans_nps"] = nps_src
    return a


def _hostile(root: Path) -> dict[str, dict]:
    """student -> dict(answers=..., edit=..., expect=(status, reason substring))."""
    src = str(root / "source" / gc.ASSIGNMENT)
    db = str(root / "gradebook.db")
    return {
        # interrupted after delai_cellule, recorded, and grading goes on (tests/test_grading_reverif.py)
        "h_boucle": dict(answers=_good("nps = 20.0\nwhile True:\n    pass"), expect=("graded", "interrompue")),
        "h_memoire": dict(answers=_good("nps = 20.0\nbloc = []\nwhile True:\n    bloc.append(bytearray(10**8))"),
                          expect=("failed", "mémoire")),
        "h_osexit": dict(answers=_good("import os\nnps = 20.0\nos._exit(0)"), expect=("failed", "noyau")),
        "h_fork": dict(answers=_good(
            "import os, time\nenfants = 0\nfor _ in range(5000):\n    try:\n        pid = os.fork()\n"
            "    except OSError:\n        break\n    if pid == 0:\n        time.sleep(120)\n        os._exit(0)\n"
            "    enfants += 1\nnps = 20.0"), expect=("graded", "")),
        "h_flot": dict(answers=_good("nps = 20.0\nfor _ in range(60000):\n    print('x' * 200)"),
                       expect=("failed", "sortie")),
        "h_skiptag": dict(answers=_wrong(), edit=_tag_tests("skip-execution"), expect=("tampered", "étiquette")),
        "h_transfo": dict(answers=_wrong("get_ipython().input_transformers_post.append(lambda lignes: [])"),
                          expect=("tampered", "input_transformers")),
        "h_patch": dict(answers=_wrong("verifier_valeur = lambda *a, **k: None"),
                        expect=("tampered", "vérification")),
        "h_patch_module": dict(answers=_wrong("import casekit.checks as ck\nck.verifier_valeur = print"),
                               expect=("tampered", "ck.verifier_valeur")),
        "h_verrou": dict(answers=_wrong(), edit=_edit_cell("c2_nps", lambda c: setattr(c, "source", "pass")),
                         expect=("tampered", "verrouillée")),
        "h_meta": dict(answers=_wrong(), edit=_edit_cell("c3_ctr", lambda c: c.metadata["nbgrader"].update(points=30)),
                       expect=("tampered", "métadonnées")),
        "h_sansmeta": dict(answers=_wrong(), edit=_edit_cell("c2_nps", lambda c: c.metadata.pop("nbgrader")),
                           expect=("tampered", "métadonnées")),
        "h_fausse_sortie": dict(
            answers=_wrong("import sys\nsys.excepthook = lambda *a: print('✓ NPS correct : 20.')\n"
                           "get_ipython().showtraceback = lambda *a, **k: print('✓ NPS correct : 20.')"),
            expect=("tampered", "")),
        "h_egal": dict(answers=_good("class Toujours:\n    def __eq__(self, autre):\n        return True\n"
                                     "    def __float__(self):\n        return 20.0\nnps = Toujours()"),
                       expect=("tampered", "__eq__")),
        "h_secret": dict(answers=_good("import os\nnps = 20.0\ncle = os.environ.get('CASEKIT_SECRET_COURS')"),
                         expect=("tampered", "secret")),
        "h_examen": dict(answers=_good("nps = 20.0\nfrom casekit import examen"), expect=("tampered", "examen")),
        # isolation attacks: no literal path, so only the sandbox stops them
        "h_lit_source": dict(answers=_good(f"import os\nnps = 20.0 if os.listdir({_obf(src)}) else 0"),
                             expect=("graded", "")),
        "h_ecrit_notes": dict(answers=_good(
            f"try:\n    open({_obf(db)}, 'ab').write(b'CORROMPU')\nexcept Exception:\n    pass\nnps = 20.0"),
            expect=("graded", "")),
    }


HONEST = {"alice": gc.GOOD, "bob": {"01_besoin": {"ans_nps": "nps = 0.2"}, "02_cible": {}}, "carol": {}}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("cours") / "course"
    gc.make_course(root)
    gc.generate(root)
    for s, a in HONEST.items():
        gc.submit(root, s, a)
    hostile = _hostile(root)
    for s, h in hostile.items():
        gc.submit(root, s, h["answers"], edit=h.get("edit"))
    bad = root / "submitted" / "h_invalide" / gc.ASSIGNMENT
    gc.submit(root, "h_invalide")
    (bad / "01_besoin.ipynb").write_text("{ceci n'est pas un carnet", encoding="utf-8")
    c = Correcteur(gc.ASSIGNMENT, cours=root, workers=2, limites=LIM, progression=False)
    etat = c.run()
    fb = feedback.ecrire(c.cours, gc.ASSIGNMENT, etat)
    rep = report.ecrire(c.cours, gc.ASSIGNMENT, etat)
    return {"root": root, "etat": etat, "hostile": hostile, "c": c, "feedback": fb, "report": rep}


def _cell_scores(c: Correcteur, student: str) -> dict:
    with c.cours.gradebook() as gb:
        sub = gb.find_submission(gc.ASSIGNMENT, student)
        return {(nb.name, g.name): (g.auto_score, g.manual_score, g.needs_manual_grade)
                for nb in sub.notebooks for g in nb.grades}


def test_honest_graded_and_scored(batch):
    etat = batch["etat"]
    assert etat["alice"].statut == "graded" and etat["alice"].score == 7
    assert etat["bob"].statut == "graded" and etat["bob"].score == 0
    assert etat["carol"].statut == "graded" and etat["carol"].score == 0


@pytest.mark.parametrize("student", ["h_boucle", "h_memoire", "h_osexit", "h_fork", "h_flot", "h_skiptag",
                                     "h_transfo", "h_patch", "h_patch_module", "h_verrou", "h_meta",
                                     "h_sansmeta", "h_fausse_sortie", "h_egal", "h_secret", "h_examen",
                                     "h_lit_source", "h_ecrit_notes"])
def test_hostile_status_and_marks(batch, student):
    res = batch["etat"][student]
    status, why = batch["hostile"][student]["expect"]
    if student in ("h_lit_source", "h_ecrit_notes") and not ISOLATED:
        pytest.skip(_WHY)  # pragma: no cover - CI runs as root
    assert res.statut == status, (res.statut, res.raisons)
    assert any(why in r for r in res.raisons) or not why, res.raisons
    scores = _cell_scores(batch["c"], student)
    if status == "tampered":
        # never gains marks: every autograded cell at 0
        assert all((a or 0) == 0 for (nb, gid), (a, m, _) in scores.items() if not gid.endswith(
            ("reformulation", "priorites"))), scores
    if student == "h_lit_source":
        # the sandbox hid source/: the listing raised, nps undefined, no marks for it
        assert scores[("01_besoin", "c2_nps")][0] == 0
    if student in ("h_fork", "h_ecrit_notes", "h_boucle"):
        assert res.score == 7


def test_invalid_notebook_is_a_failure_not_a_zero(batch):
    res = batch["etat"]["h_invalide"]
    assert res.statut == "failed" and "carnet invalide" in res.raisons[0]
    rows = list(csv.DictReader(open(batch["root"] / "casekit" / "bc01" / "moodle.csv", encoding="utf-8")))
    row = next(r for r in rows if r["Identifiant"] == "h_invalide")
    assert row["bc01 (total)"] == ""  # not 0


def test_no_process_left_behind(batch):
    out = subprocess.run(["ps", "-eo", "uid="], capture_output=True, text=True).stdout.split()
    assert not [u for u in out if 61000 <= int(u) < 61100]


def test_gradebook_intact(batch):
    db = batch["root"] / "gradebook.db"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert b"CORROMPU" not in db.read_bytes()[-4096:]


def test_honest_grades_identical_alone(batch, tmp_path):
    root = tmp_path / "course"
    gc.make_course(root)
    gc.generate(root)
    for s in ("alice", "bob"):
        gc.submit(root, s, HONEST[s])
    alone = Correcteur(gc.ASSIGNMENT, cours=root, workers=1, limites=LIM, progression=False)
    alone.run()
    for s in ("alice", "bob"):
        assert _cell_scores(alone, s) == _cell_scores(batch["c"], s)


def test_feedback_never_leaks(batch):
    assert batch["feedback"]
    for p in batch["feedback"]:
        text = p.read_text(encoding="utf-8")
        for secret in (gc.HIDDEN_MARK, gc.MARK_SCHEME_MARK, "HIDDEN TESTS", "MARK SCHEME", "Traceback",
                       "verifier_valeur(float(nps)", "assert abs"):
            assert secret not in text, (p, secret)
    bob = (batch["root"] / "feedback" / "bob" / "bc01" / "01_besoin.html").read_text(encoding="utf-8")
    assert "valeur attendue" in bob and "à revoir" in bob  # the visible check's French message


def test_report_matches_gradebook_cell_by_cell(batch):
    rows = list(csv.DictReader(open(batch["root"] / "casekit" / "bc01" / "notes_par_cellule.csv",
                                    encoding="utf-8")))
    assert rows
    for s in {r["eleve"] for r in rows}:
        scores = _cell_scores(batch["c"], s)
        mine = {(r["carnet"], r["cellule"]): r["points"] for r in rows if r["eleve"] == s}
        assert set(mine) == set(scores)
        for k, (a, m, _) in scores.items():
            want = m if m is not None else a
            assert (mine[k] == "") == (want is None)
            if want is not None:
                assert float(mine[k]) == want
    comp = list(csv.DictReader(open(batch["root"] / "casekit" / "bc01" / "notes_par_competence.csv",
                                    encoding="utf-8")))
    alice = {r["competence"]: r for r in comp if r["eleve"] == "alice"}
    assert alice["C3"]["etat"] == "acquis" and alice["C2"]["etat"] == "à compléter"
    bob = {r["competence"]: r for r in comp if r["eleve"] == "bob"}
    assert bob["C3"]["etat"] == "non acquis"


def test_html_overview_accessible(batch):
    page = (batch["root"] / "casekit" / "bc01" / "bilan_competences.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "<h1>" in page and "<h2>" in page
    assert "<caption>" in page and 'scope="col"' in page and 'role="img"' in page
    assert "http" not in page  # self-contained
    assert "manipulation détectée" in page and "alice" in page
    import re

    from casekit.a11y import ratio_contraste

    pairs = re.findall(r"background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})", page)
    assert pairs and all(ratio_contraste(bg, fg) >= 4.5 for bg, fg in pairs)


def test_idempotent_and_manual_grades_kept(batch):
    c = batch["c"]
    with c.cours.gradebook() as gb:
        g = gb.find_grade("c2_reformulation", "01_besoin", gc.ASSIGNMENT, "alice")
        g.manual_score = 1.5
        gb.db.commit()
    again = Correcteur(gc.ASSIGNMENT, cours=batch["root"], workers=2, limites=LIM, progression=False)
    etat = again.run()
    assert etat["alice"].duree == batch["etat"]["alice"].duree  # not re-graded
    # alice changes her submission: re-graded, manual grade kept
    gc.submit(batch["root"], "alice", _good("nps = 20"))
    etat = again.run()
    assert etat["alice"].statut == "graded" and etat["alice"].duree != batch["etat"]["alice"].duree
    with again.cours.gradebook() as gb:
        assert gb.find_grade("c2_reformulation", "01_besoin", gc.ASSIGNMENT, "alice").manual_score == 1.5
    assert etat["alice"].score == 8.5


def test_feedback_ledger_json(batch):
    data = json.loads((batch["root"] / "casekit" / "bc01" / "etat.json").read_text(encoding="utf-8"))
    assert data["h_transfo"]["statut"] == "tampered"
    assert data["alice"]["tests"]["01_besoin"]["c2_nps"]["fini"] is True


def test_heat_map_colours_readable():
    from casekit.a11y import ratio_contraste

    for pct in [None, *range(0, 101)]:
        bg, fg = report._color(pct)
        assert ratio_contraste(bg, fg) >= 4.5, (pct, bg, fg)


def test_csv_quoting_round_trips(tmp_path):
    rows = [["dupont, jean", 'il a dit "oui"', "ligne\nsuivante", 3.5]]
    p = report._csv(tmp_path / "x.csv", ["a", "b", "c", "d"], rows)
    back = list(csv.reader(open(p, encoding="utf-8", newline="")))
    assert back[1] == ["dupont, jean", 'il a dit "oui"', "ligne\nsuivante", "3.5"]


def test_tiers_temps_parsing():
    from casekit.errors import ArgumentInvalideError
    from casekit.grading.late import parse

    assert parse("lea=+33%") == ("lea", 0.33, None)
    assert parse("max=+45min") == ("max", None, 2700.0)
    assert parse("zoe=+2h") == ("zoe", None, 7200.0)
    with pytest.raises(ArgumentInvalideError, match="ELEVE"):
        parse("n'importe quoi")


def test_static_scan_has_no_false_positive_on_plain_answers():
    from casekit.grading.integrity import scan_code

    honest = ("import pandas as pd\nimport numpy as np\n%matplotlib inline\n"
              "df = pd.DataFrame({'a': [1, 2]})\nnps = float(np.mean(df['a']))\n"
              "def taux(c, i):\n    return 100 * c / i\nprint(f'NPS : {nps}')")
    assert scan_code(honest) == []
