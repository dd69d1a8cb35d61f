"""Command line: datasets, describe, export (round trip, idempotence, refusal, failures)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import casekit
from casekit import cli


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    assert cli.main(["export", "--out", str(out)]) == 0
    return out


def test_datasets_lists_every_dataset(capsys):
    assert cli.main(["datasets"]) == 0
    out = capsys.readouterr().out
    for name in casekit.list_datasets():
        assert name in out
    assert "Fichier clients (CRM)" in out


def test_describe_prints_descr_and_french_error(capsys):
    assert cli.main(["describe", "historique"]) == 0
    assert casekit.load("historique").DESCR in capsys.readouterr().out
    assert cli.main(["describe", "client"]) == 2
    err = capsys.readouterr().err
    assert "Jeu de données inconnu\u00a0: «\u00a0client\u00a0». Vouliez-vous dire «\u00a0clients\u00a0»\u202f?" in err


def test_help_is_french(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "exporter tous les jeux de données" in out and "afficher cette aide" in out
    with pytest.raises(SystemExit) as exc:
        cli.main(["export"])
    assert exc.value.code == 2
    assert "arguments obligatoires manquants" in capsys.readouterr().err


def test_export_round_trips_every_frame_and_table(exported):
    types = json.loads((exported / cli.TYPES_FILE).read_text(encoding="utf-8"))
    assert types["cas"] == "rayons_libres" and types["graine"] == 0
    for name in casekit.list_datasets():
        b = casekit.load(name)
        pd.testing.assert_frame_equal(cli.read_export(exported, name), b.frame, check_exact=True)
        for tname, table in b.tables.items():
            assert (exported / f"{name}__{tname}.csv").is_file()
            pd.testing.assert_frame_equal(cli.read_export(exported, name, tname), table, check_exact=True)


def test_export_files_are_utf8_with_french_readme(exported):
    text = (exported / "clients.csv").read_bytes().decode("utf-8")
    assert text.splitlines()[0].startswith("client_id,")
    readme = (exported / "LISEZMOI.md").read_text(encoding="utf-8")
    assert readme.startswith("# Rayons Libres — jeux de données au format CSV")
    assert "## Dictionnaire des données" in readme
    # the codebook descriptions of every dataset are in the dictionary
    for _, row in casekit.load("clients").codebook.iterrows():
        assert f"| `{row['colonne']}` |" in readme
    assert "`campagnes_canaux__affinite_audience_canal.csv`" in readme
    assert "indice_affinite" in readme


def test_export_again_identical_is_a_no_op(exported, capsys):
    before = {p.name: p.stat().st_mtime_ns for p in exported.iterdir()}
    assert cli.main(["export", "--out", str(exported)]) == 0
    assert "0 fichier(s) écrit(s)" in capsys.readouterr().out
    assert {p.name: p.stat().st_mtime_ns for p in exported.iterdir()} == before


def test_export_refuses_to_overwrite_different_files(tmp_path, capsys):
    (tmp_path / "clients.csv").write_text("ancien contenu\n", encoding="utf-8")
    assert cli.main(["export", "--out", str(tmp_path), "--seed", "3"]) == 3
    err = capsys.readouterr().err
    assert "Export refusé" in err and "clients.csv" in err and "--force" in err
    assert (tmp_path / "clients.csv").read_text(encoding="utf-8") == "ancien contenu\n"
    assert not (tmp_path / "LISEZMOI.md").exists()
    assert cli.main(["export", "--out", str(tmp_path), "--seed", "3", "--force"]) == 0
    pd.testing.assert_frame_equal(cli.read_export(tmp_path, "clients"), casekit.load("clients", seed=3).frame)


def test_failing_dataset_is_reported_and_others_continue(tmp_path, monkeypatch, capsys):
    from casekit import datasets

    real = datasets._build

    def broken(name, case, seed, raw):
        if name == "mentions":
            raise RuntimeError("générateur cassé")
        return real(name, case, seed, raw)

    monkeypatch.setattr(datasets, "_build", broken)
    code = cli.export(tmp_path, datasets=["historique", "mentions", "concurrents"], progress=False)
    out = capsys.readouterr().out
    assert code == 1
    assert "✗ mentions\u00a0: échec de la génération (RuntimeError\u00a0: générateur cassé)" in out
    assert (tmp_path / "historique.csv").is_file() and (tmp_path / "concurrents.csv").is_file()
    assert not (tmp_path / "mentions.csv").exists()
    assert "`mentions`" in (tmp_path / "LISEZMOI.md").read_text(encoding="utf-8")


def test_read_export_errors(tmp_path, exported):
    with pytest.raises(casekit.errors.ArgumentInvalideError, match="casekit export"):
        cli.read_export(tmp_path, "clients")
    with pytest.raises(casekit.errors.NomInconnuError, match="clients"):
        cli.read_export(exported, "client")


def test_veille_subcommand_is_delegated(monkeypatch, capsys):
    import sys
    import types

    fake = types.ModuleType("casekit.veille.cli")

    def register(subparsers):
        p = subparsers.add_parser("veille", help="veille (test)")
        p.set_defaults(func=lambda args: print("veille appelée") or 0)

    fake.register = register
    monkeypatch.setitem(sys.modules, "casekit.veille.cli", fake)
    import casekit.veille

    monkeypatch.setattr(casekit.veille, "cli", fake, raising=False)
    assert cli.main(["veille"]) == 0
    assert "veille appelée" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["existing_file", "under_a_file", "forbidden"])
def test_export_checks_its_output_path_first(tmp_path, capsys, monkeypatch, kind):
    import casekit as ck

    calls = []
    monkeypatch.setattr(ck, "load", lambda *a, **k: calls.append(a) or (_ for _ in ()).throw(AssertionError))
    f = tmp_path / "deja.csv"
    f.write_text("x")
    out = {"existing_file": f, "under_a_file": f / "sous" / "dossier", "forbidden": "/proc/casekit_x"}[kind]
    code = cli.main(["export", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and calls == []
    assert err.startswith("Erreur\u00a0: ") and "Traceback" not in err
    key = {"existing_file": "fichier existant", "under_a_file": "est un fichier, pas un dossier",
           "forbidden": "Emplacement interdit"}[kind]
    assert key in err and "--out" in err
