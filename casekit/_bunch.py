"""A dict with attribute access, as in ``sklearn.utils.Bunch``."""

from __future__ import annotations

from typing import Any


class Bunch(dict):
    """Container whose keys are also attributes.

    Examples
    --------
    >>> b = Bunch(frame=1, DESCR="texte")
    >>> b.frame
    1
    >>> sorted(dir(b))
    ['DESCR', 'frame']
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(kwargs)

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def __dir__(self) -> list[str]:
        return list(self.keys())

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            from casekit.errors import AttributInconnuError, suggestion

            raise AttributInconnuError(
                f"Cet objet n'a pas d'attribut « {key} ».{suggestion(key, self.keys())}"
            ) from None

    def __repr__(self) -> str:
        keys = ", ".join(self.keys())
        return f"Bunch({keys})"
