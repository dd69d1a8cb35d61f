"""pandas tables shown in Jupyter have no empty header cells (axe-core: empty-table-header)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
from IPython.core.formatters import DisplayFormatter

from casekit.tableaux import installer

EMPTY_TH = re.compile(r"<th(\s[^>]*)?>(\s|&nbsp;)*</th>")


def shell():
    return SimpleNamespace(display_formatter=DisplayFormatter())


def test_formatter_removes_every_empty_header_cell_and_keeps_the_table():
    df = pd.DataFrame({"canal": ["web", "radio"], "part": [0.4, 0.6]}, index=pd.Index([1, 2], name="rang"))
    wide = pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("a", "x"), ("a", "y")]))
    sh = shell()
    assert installer(sh)
    for frame in (df, df.reset_index(drop=True), wide, df.style.format(precision=1)):
        pandas_html = frame._repr_html_()
        assert EMPTY_TH.search(pandas_html), "pandas no longer leaves empty headers: drop casekit.tableaux"
        data, _ = sh.display_formatter.format(frame)
        shown = data["text/html"]
        assert not EMPTY_TH.search(shown)
        assert shown.count("<td") + shown.count("<th") == pandas_html.count("<td") + pandas_html.count("<th")
        def structure(html):
            return re.sub(r"<(/?)t[dh]", r"<\1tX", html).replace(">&nbsp;<", "><")

        # the table sits in a labelled region that the keyboard can focus and scroll
        prefix = '<div role="region" aria-label="Tableau (défilement au clavier)" tabindex="0">'
        assert shown.startswith(prefix) and shown.endswith("</div>")
        assert structure(shown[len(prefix):-len("</div>")]) == structure(pandas_html)


def test_no_shell_no_registration():
    assert installer(None) is False
