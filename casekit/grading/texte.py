"""French typography for everything ``casekit grade`` prints or writes."""

from __future__ import annotations

NNBSP, NBSP = "\u202f", "\u00a0"


def fr(text: str) -> str:
    """Narrow no-break space before ; ! ?, no-break space before : and inside « ».

    >>> fr("Statut : noté ; 7/9 !") == "Statut\u00a0: noté\u202f; 7/9\u202f!"
    True
    >>> fr("https://example.org:8080")
    'https://example.org:8080'
    """
    from casekit.generators.francais import typo_message  # one rule set for every message

    return typo_message(text)


def nombre(x: float | None, dec: int = 1) -> str:
    """A number the French way: decimal comma, U+2212 minus, U+202F thousands.

    >>> nombre(-1234.5)
    '\u22121\u202f234,5'
    >>> nombre(None)
    '—'
    """
    if x is None:
        return "—"
    s = f"{abs(x):,.{dec}f}".replace(",", NNBSP).replace(".", ",")
    if dec and s.endswith("," + "0" * dec):
        s = s[: -(dec + 1)]
    return ("\u2212" if x < 0 else "") + s
