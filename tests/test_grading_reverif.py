"""casekit grade: re-check outside the kernel, network from the sandbox, per-cell timeout.

Real nbgrader workers and kernels on the small fixture course of
tests/_grading_course.py. In the main batch the static scan and the in-kernel
audit are switched off, so only the out-of-kernel re-check can catch the
tampering submissions. Run with ``flock /tmp/grading-tests.lock`` when other
grading tests may run on the machine (sandbox uids are shared).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
from pathlib import Path

import nbformat
import pytest

pytest.importorskip("nbgrader")

sys.path.insert(0, str(Path(__file__).parent))
import _grading_course as gc

from casekit.grading import feedback, reverif, serial
from casekit.grading.runner import Correcteur, Limites, isolation_disponible

os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
LIM = Limites(delai_cellule=12, delai_total=240)
ISOLATED, _WHY = isolation_disponible()
EXTERNE = ("192.0.2.1", 80)  # TEST-NET-1 (RFC 5737): routable on a real network, never a real host


def _good(nps_src):
    a = {k: dict(v) for k, v in gc.GOOD.items()}
    a["01_besoin"]["ans_nps"] = nps_src
    return a


def _wrong(extra):
    return {"01_besoin": {"ans_nps": "nps = 0\n" + extra}, "02_cible": {"ans_taille": "taille = 0"}}


def _reseau(port: int) -> str:
    return ("import socket\nnps = 20.0\n"
            f"for cible in [('127.0.0.1', {port}), {EXTERNE!r}]:\n"
            "    try:\n        socket.create_connection(cible, timeout=3).close()\n"
            "        print('RESEAU-OUVERT', cible)\n"
            "    except OSError as exc:\n        print('RESEAU-FERME', cible, type(exc).__name__)\n")


class _Serveur:
    """A loopback TCP server that counts the connections it accepts."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.connexions = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connexions += 1
            conn.close()

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


SOUMISSIONS = {
    "alice": gc.GOOD,
    "bob": {"01_besoin": {"ans_nps": "nps = 0.2"}, "02_cible": {}},
    # an object that compares equal to anything and converts to the expected number
    "r_egal": _good("class Toujours:\n    def __eq__(self, autre):\n        return True\n"
                    "    def __float__(self):\n        return 20.0\nnps = Toujours()"),
    # the check helper the test cells call is replaced by a no-op
    "r_patch": _wrong("verifier_valeur = lambda *a, **k: None"),
    # the helper is hollowed out in place (the function it wraps is swapped): same object, so the
    # test cell's name still points at it and nothing in the namespace looks different
    "r_patch_code": _wrong("import casekit.checks as ck\n"
                           "ck.verifier_valeur.__closure__[0].cell_contents = lambda *a, **k: None"),
    # a loop that never ends: interrupted after delai_cellule, grading goes on
    "r_boucle": _good("nps = 20.0\nwhile True:\n    pass"),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("cours") / "course"
    gc.make_course(root)
    gc.generate(root)
    serveur = _Serveur()
    subs = dict(SOUMISSIONS, r_reseau=_good(_reseau(serveur.port)))
    for s, a in subs.items():
        gc.submit(root, s, a)
    with pytest.MonkeyPatch.context() as mp:  # only the re-check stands between them and the marks
        mp.setattr("casekit.grading.integrity.check_notebook", lambda *a, **k: [])
        mp.setattr("casekit.grading.runner._audit_diff", lambda *a, **k: [])
        c = Correcteur(gc.ASSIGNMENT, cours=root, workers=2, limites=LIM, progression=False)
        etat = c.run()
    serveur.close()
    fb = feedback.ecrire(c.cours, gc.ASSIGNMENT, etat)
    return {"root": root, "etat": etat, "c": c, "feedback": fb, "serveur": serveur}


def _auto_scores(c, student):
    with c.cours.gradebook() as gb:
        sub = gb.find_submission(gc.ASSIGNMENT, student)
        return {(nb.name, g.name): g.auto_score for nb in sub.notebooks for g in nb.grades
                if g.cell_type == "code"}


def test_honest_submissions_confirmed_outside_the_kernel(batch):
    alice, bob = batch["etat"]["alice"], batch["etat"]["bob"]
    assert alice.statut == "graded" and alice.score == 7, alice.raisons
    assert alice.tests["01_besoin"]["c2_nps"]["reverification"] == "confirmée hors du noyau"
    assert alice.tests["02_cible"]["c4_taille"]["reverification"] == "confirmée hors du noyau"
    # the CTR test calls the student's own function: not re-run outside (that would run student code)
    assert alice.tests["01_besoin"]["c3_ctr"]["reverification"].startswith("non revérifiée (fonction")
    # a failed cell gains nothing from a re-check: only passed cells are re-run
    assert bob.statut == "graded" and "reverification" not in bob.tests["01_besoin"]["c2_nps"]


@pytest.mark.parametrize("student, why", [
    ("r_egal", "Toujours"),
    ("r_patch", "verifier_valeur"),
    ("r_patch_code", "échoue hors du noyau"),
])
def test_tampering_caught_by_the_recheck_alone(batch, student, why):
    res = batch["etat"][student]
    assert res.statut == "tampered", (res.statut, res.raisons)
    assert any(why in r for r in res.raisons), res.raisons
    assert all(r.startswith(("01_besoin", "02_cible")) for r in res.raisons)
    # the in-kernel result said "passed": the re-check is what refused it
    assert res.tests["01_besoin"]["c2_nps"]["fini"] and not res.tests["01_besoin"]["c2_nps"]["erreur"]
    assert all(v == 0 for v in _auto_scores(batch["c"], student).values())


def test_network_closed_inside_the_sandbox_and_grading_works(batch):
    res = batch["etat"]["r_reseau"]
    assert res.statut == "graded" and res.score == 7, (res.statut, res.raisons)
    if not ISOLATED:
        pytest.skip(_WHY)  # pragma: no cover - CI runs as root
    nb = nbformat.read(batch["root"] / "autograded" / "r_reseau" / gc.ASSIGNMENT / "01_besoin.ipynb",
                       as_version=4)
    out = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "RESEAU-OUVERT" not in out, out
    assert out.count("RESEAU-FERME") == 2, out
    assert batch["serveur"].connexions == 0


def test_network_open_outside_the_sandbox():
    """The same code does reach the loopback server from the grader's side (the test can fail)."""
    serveur = _Serveur()
    try:
        ns: dict = {}
        exec(compile(_reseau(serveur.port), "<reseau>", "exec"), ns)
        import time

        for _ in range(20):
            if serveur.connexions:
                break
            time.sleep(0.05)
        assert serveur.connexions == 1
    finally:
        serveur.close()


def test_cell_timeout_interrupts_the_cell_and_goes_on(batch):
    res = batch["etat"]["r_boucle"]
    assert res.statut == "graded" and res.score == 7, (res.statut, res.raisons)
    assert res.raisons == [f"01_besoin : cellule « ans_nps » interrompue après {LIM.delai_cellule}\u00a0s"]
    assert res.tests["01_besoin"]["ans_nps"]["interrompue"] == LIM.delai_cellule
    page = (batch["root"] / "feedback" / "r_boucle" / gc.ASSIGNMENT / "01_besoin.html").read_text(
        encoding="utf-8")
    assert f"interrompue après {LIM.delai_cellule}\u00a0s" in page
    assert "Traceback" not in page and gc.HIDDEN_MARK not in page
    # the class overview shows it next to the submission's status
    from casekit.grading import report

    report.ecrire(batch["c"].cours, gc.ASSIGNMENT, batch["etat"])
    bilan = (batch["root"] / "casekit" / gc.ASSIGNMENT / "bilan_competences.html").read_text(encoding="utf-8")
    assert "cellule «\u00a0ans_nps\u00a0» interrompue après" in bilan
    # the ledger keeps it
    data = json.loads((batch["root"] / "casekit" / gc.ASSIGNMENT / "etat.json").read_text(encoding="utf-8"))
    assert data["r_boucle"]["tests"]["01_besoin"]["ans_nps"]["interrompue"] == LIM.delai_cellule
    assert not batch["etat"]["alice"].raisons


def test_feedback_never_leaks_hidden_tests(batch):
    assert batch["feedback"]
    for p in batch["feedback"]:
        text = p.read_text(encoding="utf-8")
        for secret in (gc.HIDDEN_MARK, "HIDDEN TESTS", "Traceback", "verifier_valeur(float(nps)",
                       "instantane", "revérif"):
            assert secret not in text, (p, secret)


def test_wall_clock_cap_still_fails_the_submission(batch):
    """A cell that swallows the interrupt keeps the kernel busy: the submission cap ends it."""
    root = batch["root"]
    gc.submit(root, "r_tenace", _good("import time\nnps = 20.0\nwhile True:\n    try:\n"
                                      "        time.sleep(60)\n    except KeyboardInterrupt:\n        pass"))
    c = Correcteur(gc.ASSIGNMENT, cours=root, workers=1, progression=False,
                   limites=Limites(delai_cellule=4, delai_total=12))
    res = c.run(eleves=["r_tenace"])["r_tenace"]
    assert res.statut == "failed" and "délai" in res.raisons[0], res.raisons
    with c.cours.gradebook() as gb:  # a failure is never shown as a grade
        sub = gb.find_submission(gc.ASSIGNMENT, "r_tenace")
        assert all(g.auto_score in (None, 0) for nb in sub.notebooks for g in nb.grades)


@pytest.mark.skipif(not ISOLATED, reason="isolation demands root on Linux")
def test_network_closed_with_warm_kernels(batch):
    root = batch["root"]
    serveur = _Serveur()
    try:
        gc.submit(root, "r_reseau_chaud", _good(_reseau(serveur.port)))
        c = Correcteur(gc.ASSIGNMENT, cours=root, workers=1, limites=LIM, progression=False, chaud=True)
        res = c.run(eleves=["r_reseau_chaud"])["r_reseau_chaud"]
    finally:
        serveur.close()
    assert res.statut == "graded" and res.score == 7, (res.statut, res.raisons)
    nb = nbformat.read(root / "autograded" / "r_reseau_chaud" / gc.ASSIGNMENT / "01_besoin.ipynb",
                       as_version=4)
    out = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "RESEAU-OUVERT" not in out and out.count("RESEAU-FERME") == 2, out
    assert serveur.connexions == 0


# ---------------------------------------------------------------- units (no kernel)


def test_free_names_of_the_real_course_test_cells():
    course = Path(__file__).resolve().parents[1] / "grading" / "source" / "bc01"
    found = {gid: reverif.noms_libres(src) for p in sorted(course.glob("*.ipynb"))
             for gid, src in reverif._sources(p).items()}
    assert found["c2_nps_global"] == ["checks", "nps_global", "enquete_propre"]
    # names a test cell binds itself (the hidden variant, a temp folder) are not read from the kernel
    assert "_v" not in found["c2_groupe_en_baisse"] and "_dossier" not in found["c1_articles_uniques"]
    assert all(n is not None and "checks" in n for n in found.values())


def test_free_names_follow_python_scopes():
    src = ("f = lambda df: df.x + y\nverifier(f(data), [v for v in vals if v > seuil])\n"
           "def g(a, *rest, k=defaut):\n    b = a + glob\n    return b\n")
    assert reverif.noms_libres(src) == ["y", "verifier", "data", "vals", "seuil", "defaut", "glob"]
    assert reverif.noms_libres("%time checks.verifier(x)") is None  # IPython syntax: not re-run


def test_snapshot_refuses_what_it_cannot_rebuild(tmp_path):
    import numpy as np
    import pandas as pd

    class Toujours:
        def __eq__(self, autre):
            return True

    class Cadre(pd.DataFrame):  # a subclass can override comparisons: refused too
        pass

    for bad, genre in [(Toujours(), "copie"), ([1, Toujours()], "copie"), (Cadre({"a": [1]}), "copie"),
                       (lambda x: x, "fonction"), (1 + 2j, "type")]:
        with pytest.raises(serial.Refus) as info:
            serial.encode(bad)
        assert info.value.genre == genre, (bad, info.value.genre)
    # what it encodes comes back equal, dtypes included
    df = pd.DataFrame({"n": [1, 2], "x": [0.5, np.nan], "t": ["a", None],
                       "d": pd.to_datetime(["2024-01-01", None]), "c": pd.Categorical(["u", "v"])})
    back = serial.decode(json.loads(json.dumps(serial.encode(df))))
    pd.testing.assert_frame_equal(back, df)
    # the snapshot comes from a kernel the student controls: a forged one cannot smuggle a callable
    # in place of data (tools come from the instructor's imports, replayed in the clean process)
    for forged in ({"t": "global", "module": "os", "v": "system"}, {"t": "module", "v": "subprocess"},
                   {"t": "list", "v": [{"t": "global", "module": "builtins", "v": "eval"}]},
                   {"t": "dataclass", "module": "casekit.checks", "classe": "os.system", "v": {}}):
        with pytest.raises(ValueError):
            serial.decode(forged)
    # the injected snapshot writes a file once, never follows a planted symlink
    target = tmp_path / "cible"
    target.write_text("intact")
    planted = tmp_path / "piege.json"
    planted.symlink_to(target)
    g = {"nps": 20.0}
    exec(reverif.ligne_instantane(str(planted), ["nps"]), g)
    assert target.read_text() == "intact"
    assert reverif.recolter(str(planted)) is None
    path = reverif.chemin_instantane(str(tmp_path))
    exec(reverif.ligne_instantane(path, ["nps", "absente"]), g)
    assert json.loads(reverif.recolter(path)) == {"nps": {"t": "float", "v": 20.0}, "absente": {"t": "absent"}}
    assert not os.path.exists(path)


# ---------------------------------------------------------------- the re-check forked from the warm server


_CONFINEMENT = ("import os, socket\n"
                "assert os.getuid() == attendu_uid, os.getuid()\n"
                "try:\n    socket.create_connection(('127.0.0.1', port), timeout=3).close()\n"
                "except OSError:\n    pass\nelse:\n    assert not isole, 'réseau ouvert'\n"
                "assert abs(pd.Series(valeurs).mean() - 2.0) < 1e-9\n")


def _travail(uid: int, port: int) -> list[dict]:
    vals = {"attendu_uid": serial.encode(uid), "port": serial.encode(port),
            "valeurs": serial.encode([1.0, 2.0, 3.0]), "isole": serial.encode(ISOLATED)}
    return [{"carnet": "nb", "gid": "confine", "source": _CONFINEMENT, "valeurs": vals,
             "imports": ["import pandas as pd"]},
            {"carnet": "nb", "gid": "faux", "source": "assert valeurs == [0]", "valeurs": vals,
             "imports": []}]


def test_recheck_forked_from_warm_server_is_confined(tmp_path):
    """Same results, same user and no network as the fresh process; falls back when no server."""
    import subprocess
    import time

    from casekit.grading import chaud
    from casekit.grading.course import venv_env

    sock = tmp_path / "chaud.sock"
    env = venv_env()
    env.update(MPLBACKEND="Agg", PYTHONWARNINGS="ignore")
    srv = subprocess.Popen([sys.executable, "-m", "casekit.grading.chaud", "--serveur", str(sock)],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                           start_new_session=True)
    serveur = _Serveur()
    try:
        assert srv.stdout.readline().startswith("pret")
        uid = reverif.UID_REVERIF + 1 if ISOLATED else os.getuid()
        forks = []
        real_fork = chaud.reverifier

        def spy(*a, **k):
            out = real_fork(*a, **k)
            forks.append(out)
            return out

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(chaud, "reverifier", spy)
            t0 = time.perf_counter()
            warm = reverif._executer(_travail(uid, serveur.port), etudiant="e1", devoir="d", isoler=ISOLATED,
                                     slot=1, delai=20, memoire=None, chaud=str(sock))
            t_warm = time.perf_counter() - t0
            cold = reverif._executer(_travail(uid, serveur.port), etudiant="e1", devoir="d", isoler=ISOLATED,
                                     slot=1, delai=20, memoire=None, chaud=str(tmp_path / "absent.sock"))
        assert forks[0] == warm and forks[1] is None  # served by the fork, then the fallback ran
        for out in (warm, cold):
            assert out["nb/confine"] == {"ok": True, "ename": "", "evalue": ""}, out
            assert out["nb/faux"]["ok"] is False and out["nb/faux"]["ename"] == "AssertionError"
        if ISOLATED:
            assert serveur.connexions == 0
        print(f"re-check: warm fork {t_warm:.2f} s")
    finally:
        serveur.close()
        os.killpg(srv.pid, 9)
        srv.wait()


_PRECONSTRUITE = ("from casekit import datasets, examen\n"
                  "avant = datasets._build.cache_info()\n"
                  "examen.corrige('clients', case=cas, seed=graine)\n"
                  "apres = datasets._build.cache_info()\n"
                  "assert (apres.misses, apres.hits) == (avant.misses, avant.hits + 1), (avant, apres)\n")


def test_zygote_has_the_variant_built_and_refuses_to_nest(tmp_path):
    """A submission's zygote builds its variant once: what forks from it finds the data built."""
    import subprocess

    from casekit import examen
    from casekit.grading import chaud
    from casekit.grading.course import venv_env

    secret = tmp_path / "secret.txt"
    secret.write_text("zygote-test-" + "s" * 32 + "\n")
    cas, graine, _ = examen._graded_variant("alice", examen.lire_secret(secret))
    sock, zsock = tmp_path / "chaud.sock", tmp_path / "z.sock"
    env = venv_env()
    env.update(MPLBACKEND="Agg", PYTHONWARNINGS="ignore")
    srv = subprocess.Popen([sys.executable, "-m", "casekit.grading.chaud", "--serveur", str(sock)],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                           start_new_session=True)
    try:
        assert srv.stdout.readline().startswith("pret")
        zpid = chaud.zygote(str(sock), str(zsock), "alice", {examen.ENV_SECRET: str(secret)})
        assert isinstance(zpid, int) and zsock.exists()
        assert oct(zsock.stat().st_mode & 0o777) == "0o600"
        # no zygote of a zygote: refused, nothing bound
        assert chaud.zygote(str(zsock), str(tmp_path / "z2.sock"), "alice", {}) is None
        assert not (tmp_path / "z2.sock").exists()
        vals = {"cas": serial.encode(cas), "graine": serial.encode(graine)}
        travail = [{"carnet": "nb", "gid": "deja", "source": _PRECONSTRUITE, "valeurs": vals, "imports": []}]
        chez_z = reverif._executer(travail, etudiant="alice", devoir="d", isoler=False, slot=1, delai=20,
                                   memoire=None, chaud=str(zsock))
        chez_serveur = reverif._executer(travail, etudiant="alice", devoir="d", isoler=False, slot=1, delai=20,
                                         memoire=None, chaud=str(sock))
        assert chez_z["nb/deja"] == {"ok": True, "ename": "", "evalue": ""}, chez_z
        assert chez_serveur["nb/deja"]["ok"] is False, chez_serveur  # built on demand there
        os.kill(zpid, 9)
    finally:
        os.killpg(srv.pid, 9)
        srv.wait()


def test_private_checkout_and_venv_are_exposed_to_the_sandbox_user(monkeypatch):
    """A venv or a checkout under a folder the sandbox user cannot traverse is bound back.

    (``mktemp -d`` makes such folders: without this, every kernel died at start.)
    """
    import shutil
    import tempfile

    import casekit
    from casekit.grading import sandbox

    tmp_path = Path(tempfile.mkdtemp(prefix="casekit-expose-"))  # pytest's own tmp root is private
    prive = tmp_path / "prive"
    (prive / "depot" / ".venv").mkdir(parents=True)
    (prive / "autre").mkdir()
    prive.chmod(0o700)
    ouvert = tmp_path / "ouvert" / "python"
    ouvert.mkdir(parents=True)
    tmp_path.chmod(0o755)
    (tmp_path / "ouvert").chmod(0o755)
    monkeypatch.setattr(sys, "prefix", str(prive / "depot" / ".venv"))
    monkeypatch.setattr(sys, "base_prefix", str(ouvert))
    monkeypatch.setattr(casekit, "__file__", str(prive / "depot" / "casekit" / "__init__.py"))
    try:
        plan = sandbox._a_exposer()
    finally:
        shutil.rmtree(tmp_path)
    # one tmpfs over the private folder, one bind for the checkout (venv inside it); nothing else
    assert plan == {str(prive): {str(prive / "depot")}}, plan
