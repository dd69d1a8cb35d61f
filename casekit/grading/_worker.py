"""Grading workers: ``nbgrader autograde ASSIGNMENT --student S --force`` in-process.

``python -m casekit.grading._worker --serveur`` is a persistent worker (nbgrader is
imported once): it reads one spec path per line on stdin, grades that
submission and answers ``fini <code>`` on stdout. The parent runs N of them in
parallel against one gradebook (:mod:`casekit.grading.runner`) and kills one
that overruns its wall-clock cap. Each spec holds the course root, the
assignment, the student, environment variables for the kernel and the config
overrides; the worker writes ``SPEC.json.out`` (findings of the casekit
preprocessors, nbgrader's exit code) and sends all its output, kernels
included, to ``SPEC.log``.
"""

from __future__ import annotations

import glob
import json
import os
import sys


def run(spec_path: str) -> int:
    with open(spec_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    from nbgrader.apps.autogradeapp import AutogradeApp
    from traitlets.config import Config

    from casekit.grading import preprocessors as pp

    pp.CONSTATS.clear()
    os.environ.update(spec.get("env", {}))
    log = os.open(spec_path[: -len(".json")] + ".log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    saved = os.dup(2)
    os.dup2(log, 2)
    code = 0
    try:
        app = AutogradeApp()
        app.initialize([spec["assignment"], "--force"])
        cfg = Config(spec["config"])
        cfg.CourseDirectory.student_id = glob.escape(spec["student"])
        app.update_config(cfg)
        try:
            app.start()
        except SystemExit as exc:
            code = int(exc.code or 0)
        except BaseException as exc:
            code = 3
            print(f"casekit: {type(exc).__name__}: {exc}", file=sys.stderr)
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(log)
    with open(spec_path + ".out", "w", encoding="utf-8") as fh:
        json.dump({"code": code, "constats": pp.CONSTATS}, fh, default=str)
    return code


def _gradebooks_once() -> None:
    """Build each gradebook's engine and check its schema once per worker, not ~8 times a notebook.

    nbgrader opens a ``Gradebook`` in most of its preprocessors and in the
    converter (a new SQLAlchemy engine, a table inspection and ``create_all``
    each time). In a persistent worker the first opening per database does all
    of that; later ones reuse the engine (``close()`` only empties its pool)
    and still check the course row.
    """
    from nbgrader import api
    from sqlalchemy.orm import scoped_session, sessionmaker

    init = api.Gradebook.__init__
    engines: dict[str, object] = {}

    def reuse(self, db_url, course_id="default_course", authenticator=None):
        engine = engines.get(db_url)
        if engine is None:
            init(self, db_url, course_id, authenticator)
            engines[db_url] = self.engine
            return
        self.engine = engine
        self.db = scoped_session(sessionmaker(autoflush=True, bind=engine, future=True))
        self.check_course(course_id=course_id)
        self.course_id = course_id
        self.authenticator = authenticator

    api.Gradebook.__init__ = reuse


def serve() -> None:
    out = sys.stdout
    sys.stdout = sys.stderr  # nbgrader output never mixes with the protocol
    # import what every submission needs now, while the parent prepares the batch
    import nbgrader.apps.autogradeapp
    import nbgrader.preprocessors  # noqa: F401

    from casekit.grading import preprocessors  # noqa: F401

    _gradebooks_once()
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        code = run(path)
        out.write(f"fini {code}\n")
        out.flush()


if __name__ == "__main__":  # pragma: no cover - run by the runner
    if sys.argv[1:] == ["--serveur"]:
        serve()
    else:
        sys.exit(run(sys.argv[1]))
