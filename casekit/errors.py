"""French, student-facing exceptions with close-match suggestions.

Every message goes through :func:`casekit.generators.francais.typo_message` once,
when the exception is built: no-break space before « : » and inside « »,
narrow no-break space before ; ! ?, code in backticks and web addresses left
verbatim. The strings raised across the kit need not (and should not) typeset
themselves.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from casekit.generators.francais import typo_message


class CasekitError(Exception):
    """Base class of every error casekit raises on purpose.

    The message (first argument) is typeset the French way on construction.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args and isinstance(args[0], str):
            args = (typo_message(args[0]), *args[1:])
        super().__init__(*args, **kwargs)


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


class AttributInconnuError(CasekitError, AttributeError):
    """An unknown attribute of a casekit result (``b.frme`` for ``b.frame``)."""


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


#: Kinds of names that are feminine (« colonne inconnue »); the first word decides.
_FEMININS = {"source", "table", "colonne", "valeur", "variable", "catégorie", "modalité", "option",
             "tranche", "zone", "cible", "marque", "plateforme", "commande", "métrique", "base",
             "question", "compétence", "forme", "échelle", "clé"}


def nom_inconnu(kind: str, name: object, valid: Iterable[str], *, genre: str | None = None) -> NomInconnuError:
    """Build the error for an unknown name of a given kind (« cas », « jeu de données »…).

    ``genre`` (``"m"`` or ``"f"``) makes « inconnu » agree; by default it is
    inferred from the first word of ``kind``.

    Examples
    --------
    >>> print(nom_inconnu("jeu de données", "client", ["clients", "mentions"]))
    Jeu de données inconnu\u00a0: «\u00a0client\u00a0». Vouliez-vous dire «\u00a0clients\u00a0»\u202f?
    >>> print(nom_inconnu("source", "shift", ["aie"]))
    Source inconnue\u00a0: «\u00a0shift\u00a0». Noms possibles\u00a0: «\u00a0aie\u00a0».
    """
    kind_cap = kind[:1].upper() + kind[1:]
    if genre is None:
        genre = "f" if kind.split(" ", 1)[0].lower() in _FEMININS else "m"
    adj = "inconnue" if genre == "f" else "inconnu"
    return NomInconnuError(f"{kind_cap} {adj} : « {name} ».{suggestion(name, valid)}")


_RAISONS = {"ENOENT": "fichier ou dossier introuvable", "EACCES": "permission refusée",
            "EPERM": "opération non permise", "EISDIR": "c'est un dossier, pas un fichier",
            "ENOTDIR": "un élément du chemin n'est pas un dossier", "ENOSPC": "plus de place sur le disque",
            "EROFS": "support en lecture seule", "EEXIST": "le fichier existe déjà",
            "ENAMETOOLONG": "nom de fichier trop long", "EBUSY": "fichier occupé par un autre programme"}


def raison_systeme(exc: BaseException) -> str:
    """The reason of an ``OSError`` in French (``strerror`` is English on most systems).

    Examples
    --------
    >>> raison_systeme(FileNotFoundError(2, "No such file or directory"))
    'fichier ou dossier introuvable'
    >>> raison_systeme(OSError("boom"))
    'erreur du système de fichiers'
    """
    import errno as _errno

    code = getattr(exc, "errno", None)
    name = _errno.errorcode.get(code, "") if isinstance(code, int) else ""
    if name in _RAISONS:
        return _RAISONS[name]
    return "erreur du système de fichiers" + (f" ({name})" if name else "")
