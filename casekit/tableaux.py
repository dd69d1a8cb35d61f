"""Accessible HTML for pandas tables shown in Jupyter (internal).

pandas' HTML repr leaves the top-left header cell (and, with named indexes or column
levels, a whole row of header cells) empty: screen readers announce them as blank column
headers (axe-core rule ``empty-table-header``). When casekit is imported inside an IPython
kernel it registers, by name (so pandas is not imported), an HTML formatter that renders
tables (DataFrame and Styler) exactly as pandas does but turns every empty header cell into
an empty data cell.
A table wider or longer than the output area scrolls; the formatter wraps it in a
keyboard-focusable, labelled region so that keyboard users can scroll it too (axe-core rule
``scrollable-region-focusable``).
Notebook authors have nothing to do: display a DataFrame as usual.

>>> tableau_html_accessible('<table><thead><tr><th></th><th>a</th></tr></thead></table>')
'<table><thead><tr><td></td><th>a</th></tr></thead></table>'
"""

from __future__ import annotations

import re
import sys
from typing import Any

_EMPTY_TH = re.compile(r"<th(\s[^>]*)?>(?:\s|&nbsp;)*</th>")


def tableau_html_accessible(html: str) -> str:
    """Replace every empty ``<th>`` of a table's HTML by an empty ``<td>`` (same attributes)."""
    return _EMPTY_TH.sub(lambda m: f"<td{m.group(1) or ''}></td>", html)


def region_defilante(html: str) -> str:
    """Wrap a table in a focusable, labelled region that the keyboard can scroll.

    >>> region_defilante("<table></table>")
    '<div role="region" aria-label="Tableau (défilement au clavier)" tabindex="0"><table></table></div>'
    """
    return f'<div role="region" aria-label="Tableau (défilement au clavier)" tabindex="0">{html}</div>'


def _frame_html(obj: Any) -> str | None:
    html = obj._repr_html_()
    return None if html is None else region_defilante(tableau_html_accessible(html))


def installer(shell: Any = None) -> bool:
    """Register the accessible table formatter in the running IPython shell, if any."""
    if shell is None:
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    html = shell.display_formatter.formatters["text/html"]
    for module in ("pandas", "pandas.core.frame"):  # pandas >= 3 sets __module__ = "pandas"
        html.for_type_by_name(module, "DataFrame", _frame_html)
    html.for_type_by_name("pandas.io.formats.style", "Styler", _frame_html)
    return True
