"""Grading the BC01 course with nbgrader, beyond nbgrader (instructor side).

``casekit grade`` (:mod:`casekit.grading.cli`) wraps nbgrader without forking
it: parallel workers (:mod:`.runner`), confined kernels (:mod:`.sandbox`),
integrity checks (:mod:`.integrity`, :mod:`.preprocessors`), per-competence
reports (:mod:`.report`), safe feedback (:mod:`.feedback`) and tiers-temps
(:mod:`.late`). This package is the only place in casekit that imports
nbgrader; importing it stays light (submodules load on use).
"""
