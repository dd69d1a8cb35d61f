"""French, student-facing exceptions with close-match suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class CasekitError(Exception):
    """Base class of every error casekit raises on purpose."""


class NomInconnuError(CasekitError, KeyError):
    """An unknown case, dataset, table or column name.

    ``KeyError`` quotes its message; ``__str__`` is overridden so that the
    French text reads cleanly.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class GraineInvalideError(CasekitError, ValueError):
    """A seed that is neither an integer nor a student identifier."""


class FichierCasInvalideError(CasekitError, ValueError):
    """A case file that does not follow the schema."""


class ArgumentInvalideError(CasekitError, ValueError):
    """A wrong argument value given to a casekit function."""


class FluxIndisponibleError(CasekitError, OSError):
    """A feed that cannot be read: network failure, timeout, missing file, too large."""


def suggestion(name: object, valid: Iterable[str]) -> str:
    """Return a French hint naming the closest valid names.

    Examples
    --------
    >>> suggestion("clint", ["clients", "concurrents"])
    ' Vouliez-vous dire « clients » ?'
    >>> suggestion("zzz", ["clients"])
    ' Noms possibles : « clients ».'
    """
    valid = sorted(set(valid))
    close = difflib.get_close_matches(str(name).lower(), valid, n=3, cutoff=0.6)
    if close:
        return " Vouliez-vous dire " + " ou ".join(f"« {c} »" for c in close) + " ?"
    if not valid:
        return ""
    shown = ", ".join(f"« {v} »" for v in valid[:12])
    more = " …" if len(valid) > 12 else ""
    return f" Noms possibles : {shown}{more}."


def nom_inconnu(kind: str, name: object, valid: Iterable[str]) -> NomInconnuError:
    """Build the error for an unknown name of a given kind (« cas », « jeu de données »…).

    Examples
    --------
    >>> print(nom_inconnu("jeu de données", "client", ["clients", "mentions"]))
    Jeu de données inconnu : « client ». Vouliez-vous dire « clients » ?
    """
    kind_cap = kind[:1].upper() + kind[1:]
    return NomInconnuError(f"{kind_cap} inconnu : « {name} ».{suggestion(name, valid)}")
