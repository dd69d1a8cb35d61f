"""``casekit grade``: parallel, confined, tamper-checked nbgrader autograding.

For each submission one worker process runs ``nbgrader autograde --student``
against the shared gradebook (:mod:`casekit.grading._worker`). The parent
process owns everything else: what to (re)grade, the static integrity scan,
the verdict per submission, the ledger ``<root>/casekit/<assignment>/etat.json``,
feedback and reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from casekit.grading.course import Cours, resolve, venv_env
from casekit.grading.texte import fr

STATUTS = {"graded": "notée", "failed": "échec", "tampered": "manipulation détectée",
           "missing": "manquante"}
UID_BASE = 61000
# modules whose IPython event callbacks are expected (registered on import of pyplot etc.)
TRUSTED_HOOKS = ("matplotlib", "matplotlib_inline.", "IPython.", "ipykernel.", "ipywidgets.")
KERNEL = "casekit-bac-a-sable"  # fresh interpreter per notebook (the fallback)
KERNEL_CHAUD = "casekit-bac-a-sable-chaud"  # forked from the warm server (the default)
PREPROCESSORS = [
    "casekit.grading.preprocessors.InjecterJetons",
    "casekit.grading.preprocessors.ExecuterLimite",
    "casekit.grading.preprocessors.VerifierJetons",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]


@dataclass
class Limites:
    """Per-submission caps (seconds, bytes, processes)."""

    delai_cellule: int = 60
    delai_total: int = 600
    memoire: int = 3 * 1024**3
    processus: int = 256
    sortie: int = 2_000_000
    fichier: int = 200 * 1024**2


@dataclass
class Resultat:
    eleve: str
    statut: str
    raisons: list[str] = field(default_factory=list)
    empreinte: str = ""
    duree: float = 0.0
    score: float | None = None
    max_score: float | None = None
    tests: dict = field(default_factory=dict)
    date: str = ""

    @property
    def libelle(self) -> str:
        return STATUTS[self.statut]


def isolation_disponible() -> tuple[bool, str]:
    """Whether kernels can run as an unprivileged user with no network, and why not."""
    if not sys.platform.startswith("linux"):
        return False, "isolation indisponible : elle demande Linux"
    if os.geteuid() != 0:
        return False, ("isolation indisponible : la correction ne tourne pas en root, les noyaux "
                       "gardent vos droits (lecture de source/ et du carnet de notes possible) ; "
                       "seules les limites de temps, de mémoire, de sortie et de taille de fichier "
                       "s'appliquent")
    for tool in ("unshare", "setpriv", "mount"):
        if shutil.which(tool) is None:
            return False, f"isolation indisponible : la commande « {tool} » manque"
    probe = subprocess.run(["unshare", "--net", "--mount", "--pid", "--fork", "true"],
                           capture_output=True)
    if probe.returncode != 0:
        return False, "isolation indisponible : les espaces de noms Linux sont refusés ici"
    return True, "isolation active : utilisateur sans privilège, sans réseau, cours masqué"


def _uid_processes(uid: int) -> int:
    """How many processes (zombies included) belong to ``uid``."""
    n = 0
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                n += os.stat(f"/proc/{d}").st_uid == uid
            except OSError:
                pass
    return n


def empreinte(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and ".ipynb_checkpoints" not in p.parts:
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:20]


def _db_url_for_workers(url: str) -> str:
    if url.startswith("sqlite") and "?" not in url:
        return url + "?timeout=60"
    return url


def _classify(log: str) -> str:
    rules = [
        (r"CellTimeoutError|Cell execution timed out|Timeout waiting for execute reply", "délai dépassé"),
        (r"MemoryError|Cannot allocate memory|std::bad_alloc", "mémoire dépassée"),
        (r"DeadKernelError|Kernel died|kernel died", "noyau arrêté"),
        (r"NotJSONError|ValidationError|metadata may be corrupted|failed to validate|"
         r"Notebook does not appear to be JSON|JSONDecodeError|Unreadable Notebook", "carnet invalide"),
        (r"Timeout waiting for IOPub", "délai de sortie dépassé"),
        (r"RuntimeError: Kernel didn't respond|Kernel didn't respond", "noyau arrêté"),
    ]
    for rx, reason in rules:
        if re.search(rx, log):
            return reason
    last = [ln for ln in log.strip().splitlines() if ln.strip()][-1:] or ["erreur inconnue"]
    return "erreur de correction : " + last[0][-200:]


def _audit_diff(pro: dict | None, aud: dict | None) -> list[str]:
    if pro is None:
        return ["le prologue de contrôle n'a pas tourné"]
    if aud is None:
        return ["le contrôle final n'a pas tourné (exécution détournée)"]
    out = []
    labels = {"cleanup": "transformateurs d'entrée IPython", "post": "transformateurs d'entrée IPython",
              "ast": "transformateurs AST IPython", "events": "crochets d'événements IPython",
              "trace": "traceur sys.settrace", "profile": "profileur sys.setprofile",
              "builtins": "fonctions intégrées remplacées", "shell": "méthodes du noyau remplacées",
              "instance": "méthodes du noyau remplacées", "displayhook": "affichage détourné",
              "excepthook": "gestion des erreurs détournée", "stdout": "sortie standard détournée",
              "stderr": "sortie d'erreur détournée"}
    for key, label in labels.items():
        before, after = pro.get(key), aud.get(key)
        if key == "events":  # plotting libraries legitimately add post-execute hooks
            before, after = (
                {ev: sorted(c for c in cbs if not c.startswith(TRUSTED_HOOKS)) for ev, cbs in d.items()}
                for d in (before or {}, after or {}))
        if before != after and label not in out:
            out.append(label)
    changed = sorted(k for k, v in pro.get("checks", {}).items() if aud.get("checks", {}).get(k) != v)
    if changed:
        out.append("fonctions de vérification remplacées (" + ", ".join(changed[:5]) + ")")
    if aud.get("ns"):
        out.append("fonctions de vérification redéfinies (" + ", ".join(aud["ns"][:5]) + ")")
    if aud.get("objets"):
        out.append("objets à comparaison truquée (" + ", ".join(aud["objets"][:5]) + ")")
    return out


def _env_python() -> dict[str, str]:
    """Environment of the workers and of the warm server: the venv first, warnings off, no display."""
    env = venv_env()
    env["PYTHONWARNINGS"] = env.get("PYTHONWARNINGS") or "ignore"
    env.setdefault("MPLBACKEND", "Agg")
    return env


class _Fourche:
    """A worker forked from the runner (nbgrader already imported), behind the Popen interface."""

    def __init__(self, pid: int, stdin, stdout):
        self.pid, self.stdin, self.stdout, self.returncode = pid, stdin, stdout, None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                pid, status = self.pid, 0
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self) -> int:
        if self.returncode is None:
            try:
                self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
            except ChildProcessError:
                self.returncode = 0
        return self.returncode


class _Workers:
    """N persistent worker processes (nbgrader imported once each); one is replaced when killed.

    The first ones are forked from this process, which imports nbgrader for them
    (3 s of imports a worker otherwise); a replacement (a worker killed
    mid-batch, when threads exist here) starts a fresh interpreter.
    """

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self.procs: dict[int, subprocess.Popen | _Fourche] = {}

    def fork(self, slot: int) -> None:
        """Start this slot's worker as a fork of this process (call before any thread exists)."""
        if not hasattr(os, "fork") or threading.active_count() > 1:
            self.start(slot)
            return
        from casekit.grading import _worker

        _worker.preparer()
        env = _env_python()
        r_in, w_in = os.pipe()
        r_out, w_out = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the worker's side (its output goes to the parent)
            code = 1
            try:
                os.close(w_in)
                os.close(r_out)
                _worker.servir_fourche(r_in, w_out, str(self.cwd), env)
                code = 0
            finally:
                os._exit(code)
        os.close(r_in)
        os.close(w_out)
        self.procs[slot] = _Fourche(pid, os.fdopen(w_in, "w", encoding="utf-8"),
                                    os.fdopen(r_out, "r", encoding="utf-8"))

    def start(self, slot: int) -> subprocess.Popen:
        p = subprocess.Popen([sys.executable, "-m", "casekit.grading._worker", "--serveur"],
                             cwd=self.cwd, env=_env_python(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, start_new_session=True)
        self.procs[slot] = p
        return p

    def grade(self, slot: int, spec: Path, timeout: float) -> tuple[int, bool]:
        """Grade one spec on this slot's worker: (exit code, killed for overrunning)."""
        import select

        p = self.procs.get(slot)
        if p is None or p.poll() is not None:
            p = self.start(slot)
        p.stdin.write(f"{spec}\n")
        p.stdin.flush()
        ready, _, _ = select.select([p.stdout], [], [], timeout)
        line = p.stdout.readline() if ready else ""
        if line.startswith("fini "):
            return int(line.split()[1]), False
        self.kill(slot)
        return 1, not ready

    def kill(self, slot: int) -> None:
        p = self.procs.pop(slot, None)
        if p is not None and p.poll() is None:
            os.killpg(p.pid, 9)
            p.wait()

    def close(self) -> None:
        # every result is on disk once a worker has answered: no need to wait for its exit
        for slot in list(self.procs):
            self.kill(slot)
        self.procs.clear()


def _lancer_serveur(base: Path, argv: list[str]) -> subprocess.Popen:
    return subprocess.Popen(argv, cwd=base, env=_env_python(), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def serveur_anticipe() -> tuple[Path, subprocess.Popen]:
    """Start the warm-kernel server now, before the runner imports nbgrader (≈ 1.5 s of overlap).

    Pass the result as ``Correcteur(..., serveur=...)``, whose ``run`` adopts it
    (or stops it when it has no use for it); call :func:`arreter_serveur` in a
    ``finally`` in case ``run`` never happens.
    """
    base = Path(tempfile.mkdtemp(prefix="casekit-notes-"))
    os.chmod(base, 0o711)
    return base, _lancer_serveur(base, Correcteur._server_argv(base))


def arreter_serveur(early: tuple[Path, subprocess.Popen] | None) -> None:
    """Stop a server from :func:`serveur_anticipe` if it still runs, and remove its folder."""
    if early is None:
        return
    base, proc = early
    if proc.poll() is None:
        os.killpg(proc.pid, 9)
    proc.wait()
    shutil.rmtree(base, ignore_errors=True)


class Correcteur:
    """Grades one assignment of one course (see :func:`noter`)."""

    def __init__(self, assignment: str, *, cours=None, db_url=None, workers: int = 1,
                 limites: Limites | None = None, isoler: bool | None = None,
                 progression: bool = True, sortie=None, chaud: bool | None = None,
                 reverification: bool = True, serveur: tuple[Path, subprocess.Popen] | None = None):
        self._anticipe = serveur  # a warm server already started (serveur_anticipe), adopted by run
        self.assignment = assignment
        self.cours = Cours(resolve(cours), db_url=db_url)
        self.workers = max(1, int(workers))
        self.limites = limites or Limites()
        ok, why = isolation_disponible()
        self.isoler = ok if isoler is None else (isoler and ok)
        self.isolation_message = why
        if isoler is False and ok:
            self.isolation_message = "isolation désactivée à la demande (--sans-isolation)"
        self.progression = progression
        # warm kernels by default wherever fork() exists; the server may still refuse (see run)
        self.chaud = hasattr(os, "fork") if chaud is None else bool(chaud)
        self.chaud_message = ""
        self.reverification = reverification  # hidden tests re-run outside the kernel (reverif.py)
        self.out = sortie or sys.stdout
        self.travail = self.cours.travail(assignment)
        self.etat_path = self.travail / "etat.json"

    # -- ledger --------------------------------------------------------------
    def etat(self) -> dict[str, Resultat]:
        if not self.etat_path.is_file():
            return {}
        raw = json.loads(self.etat_path.read_text(encoding="utf-8"))
        return {k: Resultat(**v) for k, v in raw.items()}

    def _save(self, etat: dict[str, Resultat]) -> None:
        tmp = self.etat_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({k: asdict(v) for k, v in sorted(etat.items())},
                                  ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.etat_path)

    def say(self, text: str) -> None:
        print(fr(text), file=self.out)

    # -- setup ---------------------------------------------------------------
    def importer(self, dossier: Path) -> int:
        """Copy ``DIR/<eleve>/[<assignment>/]*`` into ``submitted/`` when new or changed."""
        from casekit.errors import ArgumentInvalideError

        dossier = Path(dossier)
        if not dossier.is_dir():
            raise ArgumentInvalideError(f"Dossier de copies introuvable : « {dossier} ».")
        n = 0
        for sdir in sorted(p for p in dossier.iterdir() if p.is_dir()):
            src = sdir / self.assignment if (sdir / self.assignment).is_dir() else sdir
            if not any(src.glob("*.ipynb")):
                continue
            dest = self.cours.dir("submitted", sdir.name, self.assignment)
            if dest.is_dir() and empreinte(dest) == empreinte(src):
                continue
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(src, dest)
            n += 1
        return n

    def _ensure_generated(self) -> None:
        with self.cours.gradebook() as gb:
            try:
                gb.find_assignment(self.assignment)
                known = True
            except Exception:
                known = False
        if known and self.cours.release(self.assignment).is_dir():
            return
        r = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", self.assignment,
                            "--force", f"--CourseDirectory.db_url={self.cours.db_url}"],
                           cwd=self.cours.root, env=venv_env(), capture_output=True, text=True)
        if r.returncode != 0:
            from casekit.errors import CasekitError

            raise CasekitError(f"nbgrader generate_assignment a échoué pour « {self.assignment} » :\n"
                               + r.stderr[-2000:])

    def _kernelspec(self, base: Path) -> Path:
        for name, module in ((KERNEL, "casekit.grading.sandbox"), (KERNEL_CHAUD, "casekit.grading.chaud")):
            d = base / "jupyter" / "kernels" / name
            d.mkdir(parents=True, exist_ok=True)
            (d / "kernel.json").write_text(json.dumps({
                "argv": [sys.executable, "-m", module, "{connection_file}"],
                "display_name": "casekit (bac à sable)", "language": "python"}), encoding="utf-8")
        return base / "jupyter"

    # -- one submission ------------------------------------------------------
    def _run_one(self, student: str, slot: int, base: Path, jpath: Path,
                 statics: list[str], fp: str) -> Resultat:
        t0 = time.perf_counter()
        chaud = self._warm_ok()
        top = base / secrets.token_hex(8)
        private = top / "autograded" / student / self.assignment
        lim = self.limites
        spec_cfg = {
            "CourseDirectory": {"root": str(self.cours.root),
                                "db_url": _db_url_for_workers(self.cours.db_url)},
            "Execute": {"kernel_name": KERNEL_CHAUD if chaud else KERNEL, "interrupt_on_timeout": True,
                        "timeout": lim.delai_cellule,
                        # a warm kernel dies with its client; a fresh one is asked to stop, so that
                        # its namespace's parent reaps it
                        "shutdown_kernel": "immediate" if chaud else "graceful",
                        "skip_cells_with_tag": "casekit-" + secrets.token_hex(16)},
            "ExecuterLimite": {"max_octets_sortie": lim.sortie},
            "Autograde": {"autograde_preprocessors": PREPROCESSORS},
            "KernelManager": {"transport": "ipc", "ip": str(top / "s" / "k")},
        }
        late = self._late_config()
        if late:
            spec_cfg.update(late)
        env = {"CASEKIT_COURS": str(self.cours.root)}
        env["JUPYTER_PATH"] = str(jpath) + os.pathsep + os.environ.get("JUPYTER_PATH", "")
        env["JUPYTER_RUNTIME_DIR"] = str(base / f"run-{slot}")
        hide = [str(self.cours.root)]
        if self.cours.db_url.startswith("sqlite:///"):
            dbdir = str(Path(self.cours.db_url.split("sqlite:///", 1)[1].split("?")[0]).parent)
            if dbdir not in hide:
                hide.append(dbdir)
        env["CASEKIT_BAC_A_SABLE"] = json.dumps({
            "private": str(private), "sockets": str(top / "s"), "isoler": self.isoler,
            "uid": UID_BASE + slot, "gid": UID_BASE + slot, "memoire": lim.memoire,
            "processus": lim.processus, "fichier": lim.fichier, "masquer": hide})
        zpid, warm = None, str(base / "chaud.sock")
        if chaud:  # the submission's own warm process, its variant already built (chaud._zygote)
            from casekit.examen import ENV_CAS, ENV_SECRET
            from casekit.grading import chaud as serveur

            zsock = str(base / f"z-{secrets.token_hex(6)}.sock")
            zpid = serveur.zygote(warm, zsock, student, {k: os.environ[k] for k in (ENV_SECRET, ENV_CAS)
                                                         if k in os.environ})
            if zpid is not None:
                warm = zsock
            env["CASEKIT_NOYAU_CHAUD"] = warm
        spec = {"assignment": self.assignment, "student": student, "config": spec_cfg, "env": env}
        spec_path = base / f"spec-{secrets.token_hex(8)}.json"
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        try:
            return self._grade_one(student, slot, top, spec_path, statics, fp, warm if chaud else None, t0)
        finally:
            if zpid is not None:
                try:
                    os.kill(zpid, 9)  # the server reaps it
                except OSError:
                    pass

    def _grade_one(self, student: str, slot: int, top: Path, spec_path: Path, statics: list[str], fp: str,
                   warm: str | None, t0: float) -> Resultat:
        lim = self.limites
        log_path = spec_path.with_suffix(".log")
        res = Resultat(eleve=student, statut="graded", empreinte=fp,
                       date=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        for attempt in range(3):
            code, killed = self._pool.grade(slot, spec_path, lim.delai_total)
            text = log_path.read_text(encoding="utf-8", errors="replace") if log_path.is_file() else ""
            if "database is locked" in text and attempt < 2:
                continue
            break
        out_path = Path(str(spec_path) + ".out")
        out = json.loads(out_path.read_text(encoding="utf-8")) if out_path.is_file() else {}
        if self.isoler:  # whatever the sandbox user left running (fork storms) goes now
            uid = str(UID_BASE + slot)
            for _ in range(50):  # until reaped: the next submission on this slot reuses the uid
                subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "kill",
                                "-9", "-1"], capture_output=True)
                if not _uid_processes(int(uid)):
                    break
                time.sleep(0.1)
        shutil.rmtree(top, ignore_errors=True)
        autograded = self.cours.dir("autograded", student, self.assignment)
        constats = out.get("constats", {})
        res.tests = {nb: c.get("tests", {}) for nb, c in constats.items()}
        if killed:
            res.statut, res.raisons = "failed", [f"délai total dépassé ({lim.delai_total} s)"]
        elif code != 0 or out.get("code", 1) != 0 or not autograded.is_dir():
            res.statut, res.raisons = "failed", [_classify(text)]
        else:
            floods = [nb for nb, c in constats.items() if c.get("flot")]
            mem = [f"{nb}/{gid}" for nb, c in constats.items() for gid, t in c.get("tests", {}).items()
                   if (t.get("erreur") or {}).get("ename") == "MemoryError"]
            mem += self._memory_errors(autograded)
            if floods:
                res.statut, res.raisons = "failed", ["sortie trop volumineuse (" + ", ".join(floods) + ")"]
            elif mem:
                res.statut, res.raisons = "failed", ["mémoire dépassée (" + ", ".join(sorted(set(mem))) + ")"]
        if res.statut != "failed":
            findings = list(statics)
            for nb, c in constats.items():
                for gid, t in c.get("tests", {}).items():
                    if not t.get("fini") and not t.get("erreur"):
                        findings.append(f"test {gid} non exécuté jusqu'au bout (jeton absent)")
                findings += [f"{nb} : {d}" for d in _audit_diff(c.get("prologue"), c.get("audit"))]
            findings += self._reverifier(student, slot, constats, res, warm)
            if findings:
                res.statut, res.raisons = "tampered", findings
        if res.statut == "graded":
            from casekit.grading.delais import interruptions

            res.raisons += interruptions(constats, res.tests)
        spec_path.unlink(missing_ok=True)
        out_path.unlink(missing_ok=True)
        if res.statut == "failed":
            res.raisons.append("journal : " + str(self._keep_log(student, log_path)))
        else:
            log_path.unlink(missing_ok=True)
        res.duree = round(time.perf_counter() - t0, 2)
        return res

    def _reverifier(self, student: str, slot: int, constats: dict, res: Resultat, warm: str | None) -> list[str]:
        """Hidden tests re-run outside the kernel on the serialised answers (casekit.grading.reverif)."""
        from casekit.grading.reverif import reverifier

        if not self.reverification:
            return []
        found, etats = reverifier(self.cours.dir("source", ".", self.assignment), constats,
                                  etudiant=student, devoir=self.assignment, isoler=self.isoler, slot=slot,
                                  delai=self.limites.delai_cellule, memoire=self.limites.memoire,
                                  chaud=warm if warm and self._warm_ok() else None)
        for nb, cells in etats.items():
            for gid, etat in cells.items():
                res.tests.setdefault(nb, {}).setdefault(gid, {})["reverification"] = etat
        return found

    def _start_warm(self, base: Path) -> None:
        """Start the warm-kernel server; it warms up while the grading workers start.

        Kernels asked for during the warm-up wait in the server's backlog; if the
        server refuses or dies, each kernel client falls back to a fresh kernel
        (:func:`casekit.grading.chaud.client`), and the instructor is told.
        """
        if self._anticipe is not None:  # started by the caller before this runner existed (base is its folder)
            self._server, self._anticipe = self._anticipe[1], None
            return
        self._server = _lancer_serveur(base, self._server_argv(base))

    def _watch_warm(self) -> None:
        """Read the warm server's first line in a thread (after the workers are forked)."""
        if self._server is None:
            return

        def read():
            line = self._server.stdout.readline().decode(errors="replace").strip()
            if not line and self._closing:  # never ready during the batch: its clients fell back
                self.chaud_message = ("Le serveur de noyaux chauds n'a pas été prêt à temps : les carnets "
                                      "ont démarré des noyaux neufs, plus lents, avec le même confinement")
                self.say("⚠ " + self.chaud_message + ".")
                return
            if line.startswith("pret"):
                extra = line[len("pret sans "):] if line.startswith("pret sans ") else ""
                self.chaud_message = (
                    "Noyaux chauds : chaque carnet tourne dans un noyau dupliqué (fork) d'un "
                    "processus qui a déjà importé pandas, scikit-learn, matplotlib et casekit, "
                    "avec le même confinement" + (f" (modules absents : {extra})" if extra else ""))
                self.say("⚡ " + self.chaud_message + ".")
            else:
                why = line[len("refus "):] if line.startswith("refus ") else "le serveur n'a pas démarré"
                self.chaud = False
                self.chaud_message = ("Noyaux chauds indisponibles (" + why + ") : chaque carnet "
                                      "démarre un noyau neuf, plus lent, avec le même confinement")
                self.say("⚠ " + self.chaud_message + ".")

        self._server_reader = threading.Thread(target=read, daemon=True)
        self._server_reader.start()

    @staticmethod
    def _server_argv(base: Path) -> list[str]:
        return [sys.executable, "-m", "casekit.grading.chaud", "--serveur", str(base / "chaud.sock")]

    def _warm_ok(self) -> bool:
        """Whether this submission asks the warm server for its kernels."""
        if not self.chaud or self._server is None:
            return False
        if self._server.poll() is not None:  # gone: fresh kernels from now on
            if self._server_reader is not None:
                self._server_reader.join(5)
            if self.chaud:
                self.chaud = False
                self.say("⚠ Le serveur de noyaux chauds s'est arrêté : les copies suivantes "
                         "démarrent des noyaux neufs, plus lents, avec le même confinement.")
            return False
        return True

    def _stop_warm(self) -> None:
        if self._server_reader is not None:
            self._server_reader.join(1)
        self._closing = True
        if self._server is not None and self._server.poll() is None:
            os.killpg(self._server.pid, 9)
        if self._server is not None:
            self._server.wait()

    def _keep_log(self, student: str, log_path: Path) -> Path:
        dest = self.travail / "journaux" / f"{student}.log"
        dest.parent.mkdir(exist_ok=True)
        shutil.move(str(log_path), dest)
        return dest.relative_to(self.cours.root)

    @staticmethod
    def _memory_errors(folder: Path) -> list[str]:
        import nbformat

        found = []
        for p in folder.glob("*.ipynb"):
            nb = nbformat.read(str(p), as_version=4)
            for c in nb.cells:
                for o in c.get("outputs", []):
                    if o.get("output_type") == "error" and o.get("ename") == "MemoryError":
                        found.append(f"{p.stem}/{c.metadata.get('nbgrader', {}).get('grade_id', '?')}")
        return found

    def _late_config(self) -> dict:
        from casekit.grading.late import config_for

        return config_for(self.cours)

    # -- verdicts in the gradebook ---------------------------------------------
    def _zero_auto(self, student: str) -> None:
        with self.cours.gradebook() as gb:
            sub = gb.find_submission(self.assignment, student)
            for nb in sub.notebooks:
                for g in nb.grades:
                    if g.cell_type == "code" and g.auto_score is not None:
                        g.auto_score = 0.0
            gb.db.commit()

    def _scores(self, etat: dict[str, Resultat]) -> None:
        with self.cours.gradebook() as gb:
            for r in etat.values():
                if r.statut == "missing":
                    continue
                try:
                    sub = gb.find_submission(self.assignment, r.eleve)
                except Exception:
                    continue
                # nbgrader keeps the late penalty apart from the score
                r.score = round(sub.score - (sub.late_submission_penalty or 0), 2)
                r.max_score = round(sub.max_score, 2)

    # -- the batch -------------------------------------------------------------
    def run(self, *, force: bool = False, eleves: list[str] | None = None) -> dict[str, Resultat]:
        from casekit.grading.integrity import check_notebook

        self._ensure_generated()
        self.say(("🔒 " if self.isoler else "⚠ ") + self.isolation_message[:1].upper()
                 + self.isolation_message[1:] + ".")
        if not self.chaud:
            self.say("⚠ " + ("Noyaux chauds désactivés à la demande (--noyaux-neufs)" if hasattr(os, "fork")
                             else "Noyaux chauds indisponibles (pas de fork() sur ce système)")
                     + " : chaque carnet démarre un noyau neuf, plus lent, avec le même confinement.")
        etat = self.etat()
        subdir = self.cours.root / self.cours.coursedir.submitted_directory
        found = sorted(p.parent.name for p in subdir.glob(f"*/{self.assignment}") if p.is_dir())
        if eleves:
            found = [s for s in found if s in eleves]
        release = self.cours.release(self.assignment)
        todo, statics, fps = [], {}, {}
        for s in found:
            folder = self.cours.dir("submitted", s, self.assignment)
            fps[s] = empreinte(folder)
            prev = etat.get(s)
            if not force and prev is not None and prev.empreinte == fps[s] and prev.statut != "missing":
                continue
            fl = []
            for nbp in sorted(folder.glob("*.ipynb")):
                rel = release / nbp.name
                if rel.is_file():
                    fl += [f"{nbp.stem} : {x}" for x in check_notebook(nbp, rel)]
            statics[s] = fl
            todo.append(s)
        skipped = len(found) - len(todo)
        # longest first (submission size as the estimate): the last job to start is a short one,
        # so the workers finish together
        todo.sort(key=lambda s: -sum(p.stat().st_size for p in
                                     self.cours.dir("submitted", s, self.assignment).glob("*.ipynb")))
        self.say(f"Devoir « {self.assignment} » : {len(found)} copie(s), {len(todo)} à corriger, "
                 f"{skipped} inchangée(s) déjà corrigée(s), {self.workers} processus.")
        if self._anticipe is not None and self.chaud and todo:
            base = self._anticipe[0]
        else:
            arreter_serveur(self._anticipe)  # no use for it
            self._anticipe = None
            base = Path(tempfile.mkdtemp(prefix="casekit-notes-"))
            os.chmod(base, 0o711)
        jpath = self._kernelspec(base)
        self._server, self._server_reader, self._closing = None, None, False
        if self.chaud and todo:  # warming up while the workers start
            self._start_warm(base)
        self._pool = _Workers(self.cours.root)
        for slot in range(min(self.workers, len(todo))):  # forked before any thread exists here
            self._pool.fork(slot)
        self._watch_warm()
        counts = {"graded": 0, "failed": 0, "tampered": 0}
        lock = threading.Lock()
        slots = list(range(self.workers))
        bar = None
        if self.progression and todo:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(todo), desc="Correction", unit="copie", file=sys.stderr)

        def job(student: str) -> Resultat:
            with lock:
                slot = slots.pop()
            try:
                return self._run_one(student, slot, base, jpath, statics[student], fps[student])
            finally:
                with lock:
                    slots.append(slot)

        try:
            with ThreadPoolExecutor(self.workers) as pool:
                for res in pool.map(job, todo):
                    if res.statut == "tampered":
                        self._zero_auto(res.eleve)
                    etat[res.eleve] = res
                    with lock:
                        counts[res.statut] += 1
                        self._save(etat)
                    if bar is not None:
                        left = len(todo) - sum(counts.values())
                        bar.set_postfix_str(fr(f"notées {counts['graded']} · échecs {counts['failed']}"
                                               f" · manipulations {counts['tampered']} · restantes {left}"))
                        bar.update(1)
        finally:
            if bar is not None:
                bar.close()
            self._pool.close()
            self._stop_warm()
            shutil.rmtree(base, ignore_errors=True)
        with self.cours.gradebook() as gb:
            known = [s.id for s in gb.students]
        for s in known:
            if s not in found and (not eleves or s in eleves):
                etat[s] = Resultat(eleve=s, statut="missing", raisons=["aucune copie rendue"])
        self._scores(etat)
        self._save(etat)
        return etat


def noter(assignment: str, **kw) -> dict[str, Resultat]:
    """Grade ``assignment``; see :class:`Correcteur` for the options."""
    force = kw.pop("force", False)
    eleves = kw.pop("eleves", None)
    dossier = kw.pop("soumissions", None)
    c = Correcteur(assignment, **kw)
    if dossier:
        c.importer(dossier)
    return c.run(force=force, eleves=eleves)
