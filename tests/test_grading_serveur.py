"""casekit grade on a shared server: PostgreSQL gradebook, nbgrader exchange, deploy configs.

PostgreSQL: a real server started on 127.0.0.1 in a temporary folder (the
Debian ``postgresql`` package; ``make test`` installs it when missing). On CI
(``CI`` set) a missing server is a failure, never a skip.
"""

from __future__ import annotations

import ast
import glob
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

pytest.importorskip("nbgrader")

sys.path.insert(0, str(Path(__file__).parent))
import _grading_course as gc

from casekit.grading.runner import Correcteur, Limites

REPO = Path(__file__).resolve().parents[1]
LIM = Limites(delai_cellule=30, delai_total=240)


def _bindir() -> str | None:
    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return str(Path(cand).parent)
    w = shutil.which("initdb")
    return str(Path(w).parent) if w else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    bindir = _bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL manque : `make test` l'installe (paquet Debian postgresql).")
        pytest.skip("PostgreSQL absent (installez le paquet Debian postgresql)")  # pragma: no cover
    pytest.importorskip("psycopg2")
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="casekit-pg-"))  # pytest's tmp root is private to root
    data, sock = base / "data", base / "sock"
    data.mkdir()
    sock.mkdir()
    pre = []
    if os.geteuid() == 0:  # postgres refuses to run as root
        shutil.chown(base, "postgres")
        shutil.chown(data, "postgres")
        shutil.chown(sock, "postgres")
        os.chmod(base, 0o755)
        pre = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"]
    port = _free_port()
    subprocess.run([*pre, f"{bindir}/initdb", "-D", str(data), "--auth=trust", "-U", "postgres",
                    "--encoding=UTF8"], check=True, capture_output=True, cwd=base)
    subprocess.run([*pre, f"{bindir}/pg_ctl", "-D", str(data), "-w", "-l", str(base / "log"), "-o",
                    f"-p {port} -k {sock} -c listen_addresses=127.0.0.1", "start"],
                   check=True, capture_output=True, cwd=base)
    try:
        url = f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres"
        yield url
    finally:
        subprocess.run([*pre, f"{bindir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, cwd=base)
        shutil.rmtree(base, ignore_errors=True)


def test_parallel_grading_on_postgresql(postgres, tmp_path):
    root = tmp_path / "course"
    gc.make_course(root, db_url=postgres)
    gc.generate(root)
    subs = {"alice": gc.GOOD, "bob": {"01_besoin": {"ans_nps": "nps = 0.2"}, "02_cible": {}},
            "chloe": gc.GOOD,
            "h_patch": {"01_besoin": {"ans_nps": "nps = 0\nverifier_valeur = lambda *a, **k: None"}}}
    for s, a in subs.items():
        gc.submit(root, s, a)
    c = Correcteur(gc.ASSIGNMENT, cours=root, workers=2, limites=LIM, progression=False)
    assert c.cours.db_url.startswith("postgresql")
    etat = c.run()
    assert {s: r.statut for s, r in etat.items()} == {
        "alice": "graded", "bob": "graded", "chloe": "graded", "h_patch": "tampered"}
    assert etat["alice"].score == etat["chloe"].score == 7 and etat["bob"].score == 0
    with c.cours.gradebook() as gb:  # every write landed: one grade row per cell and student
        n = sum(len(nb.grades) for s in subs for nb in gb.find_submission(gc.ASSIGNMENT, s).notebooks)
    assert n == 4 * 5
    assert not (root / "gradebook.db").exists()


def test_tiers_temps_in_postgres_gradebook(postgres, tmp_path):
    from casekit.grading import late

    late.enregistrer(postgres, ["dana=+33%", "eli=+1h30"])
    assert late.lire(postgres)["dana"] == (0.33, None)
    late.enregistrer(postgres, ["eli=0"])
    assert "eli" not in late.lire(postgres)


def _nbg(args, cwd, env):
    r = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    return r


def test_exchange_cycle_then_grade(tmp_path):
    root = tmp_path / "course"
    gc.make_course(root)
    gc.generate(root)
    exchange = tmp_path / "exchange"
    exchange.mkdir(mode=0o777)
    os.chmod(exchange, 0o777)
    env = gc.env()
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "jcfg")
    opts = [f"--Exchange.root={exchange}", "--CourseDirectory.course_id=fixture-bc01"]
    _nbg(["release_assignment", gc.ASSIGNMENT, *opts], root, env)
    home = tmp_path / "home-alice"
    home.mkdir()
    senv = dict(env, USER="alice", LOGNAME="alice", HOME=str(home))
    _nbg(["fetch_assignment", gc.ASSIGNMENT, *opts], home, senv)
    for path in (home / gc.ASSIGNMENT).glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid in gc.GOOD.get(path.stem, {}):
                cell.source = gc.GOOD[path.stem][gid]
        nbformat.write(nb, path)
    _nbg(["submit", gc.ASSIGNMENT, *opts], home, senv)
    time.sleep(0.1)
    _nbg(["collect", gc.ASSIGNMENT, *opts], root, env)
    # nbgrader names the student after the Unix account that submitted (pwd), not $USER
    (student,) = [p.parent.name for p in (root / "submitted").glob(f"*/{gc.ASSIGNMENT}")]
    assert (root / "submitted" / student / gc.ASSIGNMENT / "timestamp.txt").is_file()
    c = Correcteur(gc.ASSIGNMENT, cours=root, workers=1, limites=LIM, progression=False)
    etat = c.run()
    assert etat[student].statut == "graded" and etat[student].score == 7
    from casekit.grading import feedback

    feedback.ecrire(c.cours, gc.ASSIGNMENT, etat)
    _nbg(["release_feedback", gc.ASSIGNMENT, *opts], root, env)
    _nbg(["fetch_feedback", gc.ASSIGNMENT, *opts], home, senv)
    got = list((home / gc.ASSIGNMENT / "feedback").rglob("*.html"))
    assert got and "Retour sur" in got[0].read_text(encoding="utf-8")


def test_tiers_temps_late_penalty(tmp_path):
    root = tmp_path / "course"
    gc.make_course(root)
    (root / "nbgrader_config.py").write_text(
        (root / "nbgrader_config.py").read_text(encoding="utf-8")
        + 'c.LateSubmissionPlugin.penalty_method = "zero"\nc.TiersTemps.duree_epreuve_heures = 3\n',
        encoding="utf-8")
    gc.generate(root)
    env = gc.env()
    _nbg(["db", "assignment", "add", gc.ASSIGNMENT, "--duedate=2026-11-01 10:00:00 UTC"], root, env)
    late_ts = "2026-11-01 10:45:00.000000 UTC"  # 45 min late; tiers-temps of 33 % of 3 h = 59 min
    for s in ("lea", "max"):
        gc.submit(root, s, timestamp=late_ts)
    from casekit.cli import main

    assert main(["grade", "--course", str(root), "--tiers-temps", "lea=+33%"]) == 0
    c = Correcteur(gc.ASSIGNMENT, cours=root, workers=2, limites=LIM, progression=False)
    etat = c.run()
    assert etat["lea"].score == 7  # inside her extension
    assert etat["max"].score == 0  # late, no extension: penalty "zero"


def test_cli_grade_end_to_end(tmp_path, capsys):
    root = tmp_path / "course"
    gc.make_course(root)
    gc.generate(root)
    drop = tmp_path / "depot"
    gc.submit(root, "zoe")
    drop.mkdir()
    shutil.move(str(root / "submitted" / "zoe"), drop / "zoe")
    from casekit.cli import main

    code = main(["grade", gc.ASSIGNMENT, "--course", str(root), "--submissions", str(drop),
                 "--workers", "2", "--sans-progression"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "zoe\u00a0: notée — 7 / 10" in out
    assert "1 copie(s) importée(s)" in out
    assert (root / "casekit" / "bc01" / "moodle.csv").is_file()
    code = main(["grade", gc.ASSIGNMENT, "--course", str(root), "--sans-progression"])
    assert "0 à corriger" in capsys.readouterr().out


def test_cli_grade_bad_course(tmp_path, capsys):
    from casekit.cli import main

    assert main(["grade", "bc01", "--course", str(tmp_path)]) == 2
    assert "nbgrader_config.py" in capsys.readouterr().err


def test_without_isolation_says_so(tmp_path, capsys):
    root = tmp_path / "course"
    gc.make_course(root)
    gc.generate(root)
    gc.submit(root, "ines")
    c = Correcteur(gc.ASSIGNMENT, cours=root, isoler=False, limites=LIM, progression=False)
    etat = c.run()
    assert etat["ines"].score == 7
    assert "isolation" in capsys.readouterr().out.lower()


# --- grading/deploy ---------------------------------------------------------------------------

DEPLOY = REPO / "grading" / "deploy"


def test_deploy_configs_parse():
    yaml = pytest.importorskip("yaml")
    z2jh = yaml.safe_load((DEPLOY / "z2jh" / "config.yaml").read_text(encoding="utf-8"))
    hub = z2jh["hub"]
    assert "formgrader" in str(hub.get("services", {})) or "formgrader" in str(hub)
    assert z2jh["singleuser"]["storage"]["extraVolumes"], "exchange volume"
    assert any(v["mountPath"] == "/srv/nbgrader/exchange"
               for v in z2jh["singleuser"]["storage"]["extraVolumeMounts"])
    for py in (DEPLOY / "tljh").glob("*.py"):
        ast.parse(py.read_text(encoding="utf-8"))
    cfg = (DEPLOY / "tljh" / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "/srv/nbgrader/exchange" in cfg
    assert (DEPLOY / "README.md").read_text(encoding="utf-8").count("casekit grade") >= 1


def test_warm_kernels_same_grades_and_confinement(tmp_path):
    root = tmp_path / "course"
    gc.make_course(root)
    gc.generate(root)
    subs = {
        "alice": gc.GOOD,
        "bob": {"01_besoin": {"ans_nps": "nps = 0.2"}, "02_cible": {}},
        "h_osexit": {"01_besoin": {"ans_nps": "import os\nos._exit(0)"}},
        "h_transfo": {"01_besoin": {"ans_nps": "get_ipython().input_transformers_post.append(lambda l: [])"}},
        "h_fork": {"01_besoin": {"ans_nps": "import os, time\nfor _ in range(3000):\n    try:\n"
                                            "        pid = os.fork()\n    except OSError:\n        break\n"
                                            "    if pid == 0:\n        time.sleep(120)\n        os._exit(0)\n"
                                            "nps = 20.0"}},
    }
    for s, a in subs.items():
        gc.submit(root, s, a)
    c = Correcteur(gc.ASSIGNMENT, cours=root, workers=2, limites=LIM, progression=False, chaud=True)
    etat = c.run()
    assert {s: r.statut for s, r in etat.items()} == {
        "alice": "graded", "bob": "graded", "h_osexit": "failed", "h_transfo": "tampered",
        "h_fork": "graded"}, {s: (r.statut, r.raisons, r.duree) for s, r in etat.items()}
    assert etat["alice"].score == 7 and etat["bob"].score == 0 and etat["h_fork"].score == 2
    out = subprocess.run(["ps", "-eo", "uid="], capture_output=True, text=True).stdout.split()
    assert not [u for u in out if 61000 <= int(u) < 61100]
