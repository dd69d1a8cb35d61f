"""One grading worker: ``nbgrader autograde ASSIGNMENT --student S --force`` in-process.

Run as ``python -m casekit.grading._worker SPEC.json`` by :mod:`casekit.grading.runner`,
one process per submission (so N run in parallel against one gradebook). The
spec holds the course root, the assignment, the student and the config
overrides; the worker writes ``SPEC.json.out`` with the findings of the
casekit preprocessors and how nbgrader ended.
"""

from __future__ import annotations

import glob
import json
import sys


def main(spec_path: str) -> int:
    with open(spec_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    from nbgrader.apps.autogradeapp import AutogradeApp
    from traitlets.config import Config

    from casekit.grading import preprocessors as pp

    app = AutogradeApp()
    app.initialize([spec["assignment"], "--force"])
    cfg = Config(spec["config"])
    cfg.CourseDirectory.student_id = glob.escape(spec["student"])
    app.update_config(cfg)
    code = 0
    try:
        app.start()
    except SystemExit as exc:
        code = int(exc.code or 0)
    except BaseException as exc:
        code = 3
        print(f"casekit: {type(exc).__name__}: {exc}", file=sys.stderr)
    out = {"code": code, "constats": pp.CONSTATS}
    with open(spec_path + ".out", "w", encoding="utf-8") as fh:
        json.dump(out, fh, default=str)
    return code


if __name__ == "__main__":  # pragma: no cover - run by the runner
    sys.exit(main(sys.argv[1]))
