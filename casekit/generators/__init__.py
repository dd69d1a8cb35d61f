"""Dataset generators, one module per family.

Every generator has the signature ``build(scn, rng, *, raw) -> Parts``:
``scn`` is the :class:`~casekit.scenario.Scenario` (case + seed), ``rng`` the
dataset's own numpy stream, ``raw`` asks for the defective variant where the
dataset has one (use ``scn.rng(name, "brut")`` for the defects so the clean
rows stay identical).
"""
