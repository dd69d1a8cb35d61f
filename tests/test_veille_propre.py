"""Clean text, French dates and statuses, and a CLI without tracebacks (issue 12)."""

from __future__ import annotations

import pandas as pd
import pytest

from casekit.cli import main
from casekit.veille import collecter, lire_flux, synthese
from casekit.veille.export import dossier_cas

ESC = "\x1b[31m\x1b]0;titre\x07"


def _rss(items: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Veille</title>'
            f"{items}</channel></rss>").encode()


def test_content_only_entries_are_plain_text():
    """Issue 12: entries with only <content:encoded> kept raw HTML (« href », « strong » became terms)."""
    xml = _rss('<item><title>A</title><pubDate>Mon, 06 Jan 2025 09:30:00 +0100</pubDate><content:encoded>'
               '<![CDATA[<p>Le <strong>RGAA</strong> <a href="https://example.org">expliqué</a></p>]]>'
               '</content:encoded></item>')
    f = lire_flux(xml)
    assert f.articles.loc[0, "resume"] == "Le RGAA expliqué"
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>B</title>'
            b'<updated>2025-01-06T09:30:00Z</updated><content type="html">&lt;em&gt;Contraste&lt;/em&gt; '
            b'&lt;a href="x"&gt;lien&lt;/a&gt;</content></entry></feed>')
    assert lire_flux(atom).articles.loc[0, "resume"] == "Contraste lien"


def test_escape_codes_never_reach_the_output(tmp_path):
    """Issue 12: terminal escape codes from feeds were printed and written to the Markdown."""
    xml = _rss(f"<item><title>{ESC}Alerte RGPD\u202e</title><description>Texte{ESC} clair</description>"
               "<pubDate>Mon, 06 Jan 2025 09:30:00 +0100</pubDate><category>\x1b[1mloi</category></item>")
    a = lire_flux(xml).articles
    for col in ("titre", "resume", "etiquettes"):
        assert "\x1b" not in a.loc[0, col] and "\x07" not in a.loc[0, col] and "\u202e" not in a.loc[0, col]
    assert a.loc[0, "titre"] == "Alerte RGPD"
    frame = pd.DataFrame({"titre": [f"{ESC}Loi et cookies"] * 3 + ["Autre"] * 3,
                          "date_publication": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-03-01",
                                                              "2025-01-03", "2025-03-02", "2025-03-03"], utc=True)})
    s = synthese(frame, "2025-03-01", "2025-03-31")
    assert "\x1b" not in str(s) and "\x07" not in str(s) and "\x1b" not in s.html()


@pytest.mark.parametrize(("text", "utc"), [
    ("Mon, 30 Jun 2025 09:30:00 CEST", "2025-06-30 07:30"),
    ("Mon, 06 Jan 2025 09:30:00 CET", "2025-01-06 08:30"),
    ("06/01/2025 09:30", "2025-01-06 08:30"),  # day first: 6 January, Paris time
    ("13/06/2025 09:30", "2025-06-13 07:30"),
    ("2025-06-13T09:30:00", "2025-06-13 07:30"),  # no time zone: Europe/Paris, not UTC
    ("Fri, 13 Jun 2025 09:30:00", "2025-06-13 07:30"),
    ("ven. 13 juin 2025 09:30", "2025-06-13 07:30"),
    ("Fri, 13 Jun 2025 09:30:00 +0000", "2025-06-13 09:30"),
])
def test_dates_are_read_the_french_way(text, utc):
    f = lire_flux(_rss(f"<item><title>x</title><pubDate>{text}</pubDate></item>"))
    assert f.articles.loc[0, "date_publication"] == pd.Timestamp(utc, tz="UTC"), text


def test_status_rows_are_french_with_the_parser_detail_apart(tmp_path):
    """Issue 12: status messages carried English parser text."""
    bad = tmp_path / "casse.xml"
    bad.write_bytes(_rss("<item><title>ok</title><pubDate>Mon, 06 Jan 2025 09:30:00 +0100</pubDate></item>")[:-30])
    broken = tmp_path / "illisible.xml"
    broken.write_bytes(b"<rss><channel><title>x</title><item><title>a</tit")
    r = collecter([str(bad), str(broken)], cache=False)
    assert list(r.journal.columns)[-1] == "detail"
    english = ("not well-formed", "mismatched", "token", "SAX", "Exception", "encoding")
    for message in r.journal["message"]:
        assert not any(w in message for w in english), message
    assert r.journal["detail"].str.len().gt(0).all()  # the parser's wording is kept, apart


def test_directory_source_is_read_as_a_folder_of_feeds(tmp_path, capsys):
    """Issue 12: a directory source was reported as « fichier introuvable »."""
    folder = dossier_cas("rayons_libres")
    r = collecter([folder], cache=False)
    assert len(r.journal) == 8 and (r.journal["niveau"] == "ok").all()
    empty = tmp_path / "vide"
    empty.mkdir()
    r = collecter([str(empty)], cache=False)
    assert r.journal.loc[0, "statut"] == "dossier" and "aucun fichier de flux" in r.journal.loc[0, "message"]
    f = lire_flux(folder, erreurs="signaler")
    assert f.statut == "dossier" and "est un dossier" in f.message
    out = tmp_path / "s.md"
    assert main(["veille", str(folder), "--since", "2025-06-10", "--out", str(out)]) == 0
    assert out.is_file()


def test_cli_since_is_iso_or_day_first_and_says_how_it_was_read(tmp_path, capsys):
    """Issue 12: « --since 01/06/2025 » was silently read as 6 January."""
    out = tmp_path / "a.md"
    assert main(["veille", "cas", "--since", "01/06/2025", "--until", "2025-07-31", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "1er juin 2025 (lu comme date française, jour/mois/année)" in said
    assert out.read_text(encoding="utf-8").startswith("# Ce qui change du 01/06/2025 au 31/07/2025")
    for bad in ("01/06/25", "06/13/2025", "2025/06", "juin", "32/01/2025"):
        code = main(["veille", "cas", "--since", bad, "--out", str(tmp_path / "b.md")])
        err = capsys.readouterr().err
        assert code == 2 and "Traceback" not in err and "--since" in err, bad
        assert not (tmp_path / "b.md").exists()


@pytest.mark.parametrize("case", ["missing_folder", "directory", "timeout", "timeout_text"])
def test_cli_bad_output_or_numbers_give_french_errors(tmp_path, capsys, case):
    """Issue 12: tracebacks for a missing output folder, a directory with --force, --timeout -1."""
    args = ["veille", "cas", "--since", "2025-06-10", "--out", str(tmp_path / "s.md")]
    if case == "missing_folder":
        args[-1] = str(tmp_path / "absent" / "s.md")
    elif case == "directory":
        args[-1] = str(tmp_path)
        args.append("--force")
    elif case == "timeout":
        args += ["--timeout", "-1"]
    else:
        args += ["--timeout", "dix"]
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("Erreur") and "Traceback" not in err
    assert "dossier" in err or "--timeout" in err
