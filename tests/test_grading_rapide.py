"""casekit grade's fast path: warm kernels by default, a clean fallback to fresh ones.

Real nbgrader workers and real kernels on the small fixture course
(tests/_grading_course.py). Speed itself is measured in
benchmarks/bench_grading.py, never here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("nbgrader")

sys.path.insert(0, str(Path(__file__).parent))
import _grading_course as gc

from casekit.grading.runner import Correcteur, Limites, isolation_disponible

REPO = Path(__file__).resolve().parents[1]
LIM = Limites(delai_cellule=30, delai_total=240)
ISOLATED, _WHY = isolation_disponible()
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


def _course(root: Path, subs: dict) -> Path:
    gc.make_course(root)
    gc.generate(root)
    for s, a in subs.items():
        gc.submit(root, s, a)
    return root


def _no_sandbox_process_left() -> bool:
    out = subprocess.run(["ps", "-eo", "uid="], capture_output=True, text=True).stdout.split()
    return not [u for u in out if 61000 <= int(u) < 61100]


def test_warm_up_imports_everything_and_starts_no_thread():
    code = ("import threading, json\nfrom casekit.grading import chaud\n"
            "missing = chaud._prechauffer()\n"
            "import sys\n"
            "print(json.dumps([missing, threading.active_count(), 'pandas' in sys.modules, "
            "'matplotlib.pyplot' in sys.modules, 'feedparser' in sys.modules, "
            "'casekit.veille' in sys.modules]))")
    env = dict(os.environ, PYTHONPATH=str(REPO), MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1",
               OMP_NUM_THREADS="1")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    missing, threads, *loaded = json.loads(r.stdout.strip().splitlines()[-1])
    assert missing == [] and threads == 1 and all(loaded), (missing, threads, loaded)


def test_default_is_warm_and_kernel_sees_only_its_own_processes(tmp_path, capsys):
    # the answer scores only if the kernel sees few processes: its own pid namespace
    pids = "len([p for p in os.listdir(" + repr("/proc") + ") if p.isdigit()])"
    subs = {"alice": gc.GOOD,
            "ines": {**gc.GOOD, "01_besoin": {**gc.GOOD["01_besoin"],
                                              "ans_nps": f"import os\nnps = 20.0 if {pids} < 12 else 0"}}}
    root = _course(tmp_path / "course", subs)
    c = Correcteur(gc.ASSIGNMENT, cours=root, workers=2, limites=LIM, progression=False)
    etat = c.run()
    out = capsys.readouterr().out
    assert "Noyaux chauds\u00a0: chaque carnet tourne dans un noyau dupliqué" in out, out
    assert etat["alice"].statut == "graded" and etat["alice"].score == 7
    if ISOLATED:
        assert etat["ines"].score == 7, etat["ines"]
    assert _no_sandbox_process_left()


class _Refus(Correcteur):
    """A warm server that refuses at once (as when an import started a thread)."""

    def _server_argv(self, base):
        return [sys.executable, "-c", "print('refus 1 fil(s) actif(s) après les imports')"]


class _Muet(Correcteur):
    """A warm server that never answers and never listens: each kernel client must fall back."""

    def _server_argv(self, base):
        return [sys.executable, "-c", "import time; time.sleep(600)"]


@pytest.mark.parametrize("cls", [_Refus, _Muet])
def test_fallback_to_fresh_kernels_same_grades(tmp_path, capsys, cls):
    subs = {"alice": gc.GOOD, "bob": {"01_besoin": {"ans_nps": "nps = 0.2"}, "02_cible": {}},
            "h_transfo": {"01_besoin": {"ans_nps": "get_ipython().input_transformers_post.append(lambda l: [])"}}}
    root = _course(tmp_path / "course", subs)
    c = cls(gc.ASSIGNMENT, cours=root, workers=2, limites=LIM, progression=False)
    etat = c.run()
    out = capsys.readouterr().out
    assert {s: r.statut for s, r in etat.items()} == {"alice": "graded", "bob": "graded",
                                                     "h_transfo": "tampered"}, etat
    assert etat["alice"].score == 7 and etat["bob"].score == 0
    if cls is _Refus:
        assert ("Noyaux chauds indisponibles (1 fil(s) actif(s) après les imports)\u00a0: chaque carnet "
                "démarre un noyau neuf") in out, out
    else:
        assert ("Le serveur de noyaux chauds n'a pas été prêt à temps\u00a0: les carnets ont démarré "
                "des noyaux neufs") in out, out
    assert _no_sandbox_process_left()


def test_cli_fresh_kernels_on_request(tmp_path, capsys):
    root = _course(tmp_path / "course", {"zoe": gc.GOOD})
    from casekit.cli import main

    code = main(["grade", gc.ASSIGNMENT, "--course", str(root), "--noyaux-neufs", "--sans-progression"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Noyaux chauds désactivés à la demande (--noyaux-neufs)\u00a0: chaque carnet démarre un noyau neuf" in out
    assert "zoe\u00a0: notée — 7 / 10" in out


def test_workers_are_forked_from_the_runner_same_grades(tmp_path):
    """No thread yet: the workers are forks of the runner (no fresh interpreter importing nbgrader).

    Run in a fresh interpreter: this test process may hold threads left by other tests.
    """
    root = _course(tmp_path / "course", {"alice": gc.GOOD, "bob": {"01_besoin": {"ans_nps": "nps = 0.2"},
                                                                   "02_cible": {}}})
    code = ("import json, sys\n"
            "from casekit.grading import runner\n"
            "def fresh(self, slot):\n    raise AssertionError('un interpréteur neuf a été lancé')\n"
            "runner._Workers.start = fresh\n"
            f"lim = runner.Limites(delai_cellule={LIM.delai_cellule}, delai_total={LIM.delai_total})\n"
            f"c = runner.Correcteur({gc.ASSIGNMENT!r}, cours={str(root)!r}, workers=2, limites=lim, "
            "progression=False, sortie=sys.stderr)\n"
            "print(json.dumps({s: [r.statut, r.score] for s, r in c.run().items()}))\n")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert json.loads(r.stdout.strip().splitlines()[-1]) == {"alice": ["graded", 7], "bob": ["graded", 0]}


def test_workers_start_fresh_when_a_thread_exists(tmp_path, monkeypatch):
    """Forking a process that runs threads is unsafe: then each worker is a fresh interpreter."""
    import threading

    from casekit.grading import runner

    started = []
    start = runner._Workers.start

    def spy(self, slot):
        started.append(slot)
        return start(self, slot)

    monkeypatch.setattr(runner._Workers, "start", spy)
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    try:
        root = _course(tmp_path / "course", {"alice": gc.GOOD})
        etat = Correcteur(gc.ASSIGNMENT, cours=root, workers=1, limites=LIM, progression=False).run()
    finally:
        stop.set()
    assert started == [0]
    assert etat["alice"].statut == "graded" and etat["alice"].score == 7


def test_server_started_early_is_adopted_then_stopped(tmp_path):
    """The CLI starts the warm server before importing nbgrader: the batch adopts it and stops it."""
    from casekit.grading import runner

    root = _course(tmp_path / "course", {"alice": gc.GOOD})
    early = runner.serveur_anticipe()
    c = Correcteur(gc.ASSIGNMENT, cours=root, workers=1, limites=LIM, progression=False, serveur=early)
    etat = c.run()
    assert c._server is early[1]  # adopted, not a second server
    assert early[1].poll() is not None and not early[0].exists()
    assert etat["alice"].statut == "graded" and etat["alice"].score == 7
    # nothing left to grade: the early server is stopped at once, its folder removed
    again = runner.serveur_anticipe()
    assert Correcteur(gc.ASSIGNMENT, cours=root, workers=1, limites=LIM, progression=False,
                      serveur=again).run()["alice"].statut == "graded"
    assert again[1].poll() is not None and not again[0].exists()
    runner.arreter_serveur(again)  # idempotent
    assert _no_sandbox_process_left()


# 40 x 8 KB straight to file descriptor 1 (a pipe holds 64 KB), each chunk starting with the
# worker's answer line
_FD1 = ("import os\nfor _ in range(40):\n    os.write(1, b'fini 0\\n' + b'x' * 8192)\n"
        "nps = 20.0")


@pytest.mark.parametrize("chaud", [True, False], ids=["noyaux-chauds", "noyaux-neufs"])
def test_what_a_kernel_writes_to_its_stdout_reaches_nobody(tmp_path, chaud):
    """A kernel's file descriptor 1 leads nowhere, warm or fresh.

    Before, it was the warm server's stdout (a pipe the runner reads once): about
    150 kernel start-up banners, or one student's ``os.write(1, …)``, filled it and
    every later kernel hung (« noyau arrêté » for the rest of the class). For a
    fresh kernel it was the worker's answer pipe, where a forged ``fini 0`` line
    desynchronised the batch. The flooder is graded first (largest), alone on one worker.
    """
    subs = {"a_flot": {**gc.GOOD, "01_besoin": {**gc.GOOD["01_besoin"], "ans_nps": _FD1}}, "bob": gc.GOOD}
    root = _course(tmp_path / "course", subs)
    c = Correcteur(gc.ASSIGNMENT, cours=root, workers=1, limites=LIM, progression=False, chaud=chaud)
    etat = c.run()
    assert c.chaud is chaud
    for s in subs:
        assert (etat[s].statut, etat[s].score, etat[s].raisons) == ("graded", 7, []), etat[s]
    assert _no_sandbox_process_left()
