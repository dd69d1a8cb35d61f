"""What students read with ``help()``: French, French section titles, French typography.

Extends tests/test_erreurs_francaises.py (functions of the analysis modules) to every public
callable a student uses: ``casekit.load`` and its neighbours, the self-checks, and the public
classes with their public methods and properties. Rules from /work/shared/design/typographie.md:
the summary (first paragraph) is French and typeset (U+00A0 before « : » and inside « »,
U+202F before ; ! ?), outside code between backticks.
"""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

import casekit

MODULES = ["metrics", "segments", "channels", "swot", "a11y", "eco", "plots", "checks"]
TOP = ["load", "list_datasets", "list_cases", "describe"]

FRENCH = re.compile(r"[éèàùâêîôûç«»]|\b(le|la|les|de|des|une?|du|et|à|en|par|pour|sur|avec)\b")
ENGLISH_HEADINGS = re.compile(r"^(Parameters|Returns|Examples|Raises|Notes|See Also|Attributes|Yields|"
                              r"Warnings|References)\n-{3,}$", re.M)
CODE = re.compile(r"```.*?```|``[^`\n]+``|`[^`\n]+`|\b(?:https?|ftp|file)://\S+", re.S)


def _public():
    for name in TOP:
        yield f"casekit.{name}", getattr(casekit, name)
    for mod in MODULES:
        m = importlib.import_module(f"casekit.{mod}")
        for name in m.__all__:
            obj = getattr(m, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            yield f"{mod}.{name}", obj
            if inspect.isclass(obj) and obj.__module__.startswith("casekit"):
                for attr, value in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if inspect.isfunction(value) or isinstance(value, property):
                        yield f"{mod}.{name}.{attr}", value


def _unique():
    seen, out = set(), []
    for label, obj in _public():
        key = id(obj.fget if isinstance(obj, property) else obj)
        if key not in seen:
            seen.add(key)
            out.append(pytest.param(obj, id=label))
    return out


ITEMS = _unique()


def _doc(obj) -> str:
    return inspect.getdoc(obj.fget if isinstance(obj, property) else obj) or ""


def test_the_walk_covers_functions_classes_and_methods():
    labels = [p.id for p in ITEMS]
    assert "casekit.load" in labels and any(lb.startswith("checks.verifier_") for lb in labels)
    assert sum(lb.count(".") == 2 for lb in labels) >= 10  # methods and properties of public classes
    assert len(labels) >= 100


@pytest.mark.parametrize("obj", ITEMS)
def test_help_is_french_with_french_headings(obj):
    doc = _doc(obj)
    assert doc, "pas de docstring"
    summary = doc.split("\n\n", 1)[0]
    assert FRENCH.search(CODE.sub(" ", summary)), f"résumé non français : {summary!r}"
    assert not ENGLISH_HEADINGS.search(doc), "titre de section en anglais (Exemples, Paramètres, Renvoie…)"


@pytest.mark.parametrize("obj", ITEMS)
def test_help_summary_follows_french_typography(obj):
    summary = CODE.sub("`…`", _doc(obj).split("\n\n", 1)[0])
    bad = [m.group(0) for m in re.finditer(r"[ \t]+[;:!?](?=\s|$)|«[ \t]|[ \t]»|«(?=[^\s\u00a0\u202f])|"
                                           r"(?<=[^\s\u00a0\u202f])»", summary)]
    assert not bad, f"espaces à corriger {bad!r} dans {summary!r}"


@pytest.mark.parametrize("obj", [p for p in ITEMS if inspect.isfunction(p.values[0])
                                 and p.id.count(".") == 1])
def test_functions_show_a_runnable_example(obj):
    assert ">>> " in _doc(obj), "pas d'exemple exécutable"

