"""Course resolution and configuration (the nbgrader course ``casekit grade`` works on)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from casekit.errors import ArgumentInvalideError

CONFIG_FILE = "nbgrader_config.py"


def resolve(cours: str | os.PathLike | None = None) -> Path:
    """``--course DIR`` if given, else the cwd when it holds ``nbgrader_config.py``, else ``grading/``."""
    if cours is not None:
        root = Path(cours)
        if not (root / CONFIG_FILE).is_file():
            raise ArgumentInvalideError(
                f"« {root} » n'est pas un cours nbgrader : « {CONFIG_FILE} » introuvable.")
        return root.resolve()
    here = Path.cwd()
    if (here / CONFIG_FILE).is_file():
        return here.resolve()
    if (here / "grading" / CONFIG_FILE).is_file():
        return (here / "grading").resolve()
    raise ArgumentInvalideError(
        "Aucun cours trouvé : passez --course DOSSIER, ou lancez la commande dans un dossier "
        f"qui contient « {CONFIG_FILE} » (ou au-dessus de « grading/ »).")


def venv_env() -> dict[str, str]:
    """Environment for nbgrader subprocesses: the venv's bin first (nbgrader runs ``alembic``)."""
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    if not env.get("PATH", "").startswith(bindir):
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    return env


class Cours:
    """A course: root, nbgrader config, folder layout and gradebook URL."""

    def __init__(self, root: Path, *, db_url: str | None = None):
        from nbgrader.coursedir import CourseDirectory
        from traitlets.config.loader import PyFileConfigLoader

        self.root = Path(root)
        old, old_env = os.getcwd(), os.environ.get("CASEKIT_COURS")
        # the BC01 config reads its root from CASEKIT_COURS: point it at this course while loading
        os.environ["CASEKIT_COURS"] = str(self.root)
        try:
            os.chdir(self.root)
            self.config = PyFileConfigLoader(CONFIG_FILE, path=str(self.root)).load_config()
        finally:
            os.chdir(old)
            if old_env is None:
                os.environ.pop("CASEKIT_COURS", None)
            else:
                os.environ["CASEKIT_COURS"] = old_env
        self.config.CourseDirectory.root = str(self.root)
        if db_url:
            self.config.CourseDirectory.db_url = db_url
        self.coursedir = CourseDirectory(config=self.config)
        self.db_url = self.coursedir.db_url
        self.course_id = self.coursedir.course_id or "default_course"

    def dir(self, step: str, student: str, assignment: str) -> Path:
        cd = self.coursedir
        name = getattr(cd, f"{step}_directory")
        return Path(cd.format_path(name, student, assignment))

    def release(self, assignment: str) -> Path:
        return self.dir("release", ".", assignment)

    def gradebook(self):
        from nbgrader.api import Gradebook

        return Gradebook(self.db_url, self.course_id)

    def travail(self, assignment: str) -> Path:
        """casekit's own state and reports for an assignment (``<root>/casekit/<assignment>``)."""
        p = self.root / "casekit" / assignment
        p.mkdir(parents=True, exist_ok=True)
        return p
