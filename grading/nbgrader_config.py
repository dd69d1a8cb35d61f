"""nbgrader configuration of the casekit BC01 course (course root: this folder).

Loaded by nbgrader from the course root (``cd grading && nbgrader ...``) and by
``grading/build.py``. See the instructor guide in README.md and
the research notes summarised there for why each setting exists.
"""

import os
import secrets
from pathlib import Path

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

HERE = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "casekit-bc01"
c.CourseDirectory.root = os.environ.get("CASEKIT_COURS", str(HERE))
c.CourseDirectory.db_url = "sqlite:///" + str(Path(c.CourseDirectory.root) / "gradebook.db")

# --- execution -------------------------------------------------------------
c.Execute.kernel_name = "python3"  # never the kernelspec stored in a submission
c.Execute.timeout = 120  # per cell, seconds (segmentation cells can take a few seconds)
c.Execute.iopub_timeout = 15  # nbclient's 4 s default fails at random on loaded machines
c.Execute.interrupt_on_timeout = True
# nbclient skips cells tagged "skip-execution": a student tagging test cells with it
# would get full marks. A fresh random tag per grading run cannot be guessed.
c.Execute.skip_cells_with_tag = "casekit-jamais-" + secrets.token_hex(16)
# IPython tracebacks quote the lines around the failing one, i.e. the hidden tests,
# and feedback shows them: the grading kernel prints only the (French) error message.
c.Execute.extra_arguments = ["--InteractiveShell.xmode=Minimal"]

# --- warnings never cost marks ---------------------------------------------
# nbgrader scores 0 for any stderr output in a test cell. pandas/numpy/sklearn
# warnings are not errors: silence them in the kernels (the environment is
# inherited by the kernels nbgrader starts) and drop any that still get through.
os.environ["PYTHONWARNINGS"] = (
    "ignore::FutureWarning,ignore::DeprecationWarning,"
    "ignore::PendingDeprecationWarning,ignore::UserWarning,ignore::RuntimeWarning"
)
os.environ.setdefault("MPLBACKEND", "Agg")
c.IgnorePattern.enabled = True  # the pattern alone does nothing (enabled defaults to False)
c.IgnorePattern.pattern = (
    r"\b(Future|Deprecation|PendingDeprecation|User|Runtime|Performance|SettingWithCopy)Warning\b"
)

# --- student version --------------------------------------------------------
c.ClearSolutions.code_stub = {"python": "# VOTRE CODE ICI\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "VOTRE RÉPONSE ICI"
c.LockCells.lock_all_cells = False

# --- autograde robustness ---------------------------------------------------
c.OverwriteCells.add_missing_cells = True  # a deleted test cell comes back and scores 0
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# --- feedback never shows hidden tests or mark schemes ----------------------
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme, GetGrades  # noqa: E402

c.GenerateFeedback.preprocessors = [
    GetGrades, ClearHiddenTests, ClearMarkScheme, CSSHTMLHeaderPreprocessor,
]
