"""Every public student-facing function refuses a wrong-type argument with a French casekit error.

The walk covers the ``__all__`` of each analysis module: the first argument gets an object of a
type no function accepts, the other required arguments a plausible value. A pandas, numpy or
scikit-learn traceback here would be a foreseeable mistake reaching a student in English.
"""

from __future__ import annotations

import importlib
import inspect
import re
import warnings

import matplotlib
import pytest

from casekit.errors import CasekitError

matplotlib.use("Agg")

MODULES = ["metrics", "plots", "swot", "segments", "channels", "a11y", "eco"]
#: Functions that have no argument, or accept anything on purpose (documented).
EXEMPTES = {
    ("eco", "constantes"): "aucun argument",
    ("plots", "nombre_fr"): "formate aussi les étiquettes non numériques, rendues telles quelles",
}
#: French words every message of the kit uses to say what is wrong or what to do.
FRANCAIS = re.compile(r"\b(doit|doivent|est|sont|contient|vaut|Passez|passez|Donnez|Nommez|inconnue?|"
                      r"Il faut|absente?s?|Choisissez|invalide|Écrivez)\b")


class Mauvais:
    """A type no casekit function accepts."""

    def __repr__(self) -> str:
        return "<Mauvais>"


def _public_functions():
    for mod in MODULES:
        m = importlib.import_module(f"casekit.{mod}")
        for name in m.__all__:
            f = getattr(m, name)
            if inspect.isfunction(f):
                yield mod, name, f


CASES = [pytest.param(mod, name, f, id=f"{mod}.{name}") for mod, name, f in _public_functions()
         if (mod, name) not in EXEMPTES]


def test_the_walk_covers_every_module_and_many_functions():
    assert {c.values[0] for c in CASES} == set(MODULES)
    assert len(CASES) >= 40


@pytest.mark.parametrize("mod,name,func", CASES)
def test_wrong_type_gives_a_french_casekit_error(mod, name, func):
    params = [p for p in inspect.signature(func).parameters.values()
              if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    first, rest = params[0], params[1:]
    kwargs = {p.name: ("x" if p.name == "titre" else 1) for p in rest if p.default is p.empty}
    args = []
    if first.kind is first.KEYWORD_ONLY:
        kwargs[first.name] = Mauvais()
    else:
        args.append(Mauvais())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(CasekitError) as exc:
            func(*args, **kwargs)
    msg = str(exc.value)
    assert FRANCAIS.search(msg), msg
    assert "Traceback" not in msg and "object has no attribute" not in msg


FRENCH_DOC = re.compile(r"[éèàùâêîôûç«»]|\b(le|la|les|de|des|une?|du|et|à|en|par|pour)\b")


@pytest.mark.parametrize("mod,name,func", [pytest.param(m, n, f, id=f"{m}.{n}")
                                           for m, n, f in _public_functions()])
def test_public_functions_have_french_help_with_a_runnable_example(mod, name, func):
    doc = inspect.getdoc(func) or ""
    summary = doc.split("\n", 1)[0]
    assert FRENCH_DOC.search(summary), f"{mod}.{name}: résumé non français : {summary!r}"
    assert ">>> " in doc, f"{mod}.{name}: pas d'exemple exécutable"
    assert not re.search(r"^(Parameters|Returns|Examples|Raises)$", doc, re.M), \
        f"{mod}.{name}: titres de sections en anglais"
