"""Exam mode: per-student variants from a course secret, releases without answer key, grading side."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import casekit
from casekit import examen
from casekit.cli import main
from casekit.errors import ArgumentInvalideError, CasekitError
from casekit.seeds import normalise_seed

EXAM = casekit.list_cases(usage="evaluation")[0]
SECRET = "5f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5-cours-bc01"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for var in (examen.ENV_DONNEES, examen.ENV_SECRET, examen.ENV_CAS, examen.ENV_GRAINE,
                "NBGRADER_EXECUTION"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    d = tmp_path_factory.mktemp("examen")
    secret = d / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    roster = d / "etudiants.csv"
    roster.write_text("nom,etudiant\nMartin,Alice.Martin\nDurand,bob.durand\n", encoding="utf-8")
    out = d / "publie"
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(["cours", "publier", "--secret-file", str(secret), "--etudiants", str(roster),
                     "--cas", EXAM, "--out", str(out)])
    return {"code": code, "out": out, "secret": secret, "log": buf.getvalue()}


def test_publish_reports_each_student_and_writes_their_folder(release):
    assert release["code"] == 0
    assert "✓ alice.martin" in release["log"] and "✓ bob.durand" in release["log"]
    for who in ("alice.martin", "bob.durand"):
        manifest = json.loads((release["out"] / who / examen.DOSSIER / examen.MANIFESTE).read_text())
        assert manifest["cas"] == EXAM and manifest["etudiant"] == who
        assert set(manifest["jeux"]) >= set(casekit.list_datasets())


def test_two_students_get_different_variants(release, monkeypatch):
    frames = []
    for who in ("alice.martin", "bob.durand"):
        monkeypatch.setenv(examen.ENV_DONNEES, str(release["out"] / who / examen.DOSSIER))
        frames.append(casekit.load("enquete_satisfaction").frame)
    assert not frames[0].equals(frames[1])
    secret = examen.lire_secret(release["secret"])
    assert examen.graine_examen(secret, "alice.martin") != examen.graine_examen(secret, "bob.durand")


def test_released_folder_has_no_answer_key(release):
    folder = release["out"] / "alice.martin" / examen.DOSSIER
    for meta in folder.glob("*.json"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        assert "truth" not in data
        assert "graine" not in data and "seed" not in data
    secret = examen.lire_secret(release["secret"])
    seed = examen.graine_examen(secret, "alice.martin")
    truth = examen.corrige("clients", case=EXAM, seed=seed).truth
    released = pd.read_csv(folder / "clients.csv", dtype=str)
    labels = pd.Series(truth["segment"]).astype(str).reset_index(drop=True)
    for col in released.columns:  # no released column is the true segment of each client
        assert not released[col].reset_index(drop=True).equals(labels), col
    assert str(seed) not in (folder / "clients.json").read_text(encoding="utf-8")


def test_student_load_reads_the_folder_without_truth(release, monkeypatch):
    folder = release["out"] / "alice.martin" / examen.DOSSIER
    monkeypatch.setenv(examen.ENV_DONNEES, str(folder))
    b = casekit.load("clients", seed="Alice.Martin")
    secret = examen.lire_secret(release["secret"])
    key = examen.corrige("clients", case=EXAM, seed=examen.graine_examen(secret, "alice.martin"))
    pd.testing.assert_frame_equal(b.frame, key.frame)
    assert b.case == EXAM and "truth" not in b
    with pytest.raises(examen.CleReserveeError, match="corrigé") as exc:
        _ = b.truth
    assert "casekit.examen.corrige" in str(exc.value)
    raw = casekit.load("enquete_satisfaction", raw=True)
    assert raw.raw and len(raw.frame) > 0
    # tables and their dictionaries come along
    ind = casekit.load("indicateurs_internes")
    ind_key = examen.corrige("indicateurs_internes", case=EXAM,
                             seed=examen.graine_examen(secret, "alice.martin"))
    assert ind.tables.keys() == ind_key.tables.keys() and ind.tables
    for t in ind.tables:
        pd.testing.assert_frame_equal(ind.tables[t], ind_key.tables[t])
        assert list(ind.codebooks_tables[t]["colonne"]) == list(ind_key.codebooks_tables[t]["colonne"])


def test_folder_of_someone_else_is_refused(release, monkeypatch):
    monkeypatch.setenv(examen.ENV_DONNEES, str(release["out"] / "alice.martin" / examen.DOSSIER))
    with pytest.raises(ArgumentInvalideError, match=r"appartient à « alice\.martin »"):
        casekit.load("profil", seed="bob.durand")


def test_variant_cannot_be_regenerated_from_the_id_alone(release, monkeypatch):
    monkeypatch.setenv(examen.ENV_DONNEES, str(release["out"] / "alice.martin" / examen.DOSSIER))
    mine = casekit.load("enquete_satisfaction").frame
    monkeypatch.delenv(examen.ENV_DONNEES)
    for guess in ("alice.martin", normalise_seed("alice.martin")):
        other = examen.corrige("enquete_satisfaction", case=EXAM, seed=guess).frame
        assert not other.equals(mine)
    wrong_secret = examen.graine_examen(b"not-the-course-secret-000", "alice.martin")
    assert not examen.corrige("enquete_satisfaction", case=EXAM, seed=wrong_secret).frame.equals(mine)


def test_grading_side_key_matches_the_release_and_ignores_what_the_student_typed(
        release, monkeypatch, tmp_path):
    work = tmp_path / "cours" / "autograded" / "alice.martin" / "bc01"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.setenv(examen.ENV_SECRET, str(release["secret"]))
    v = examen.variante_corrigee()
    assert v.etudiant == "alice.martin" and v.cas == EXAM
    student_view = casekit.load("clients", seed="bob.durand")  # typed id is ignored
    released = examen.lire_dossier(release["out"] / "alice.martin" / examen.DOSSIER, "clients")
    pd.testing.assert_frame_equal(student_view.frame, released.frame)
    pd.testing.assert_frame_equal(v.load("clients").frame, released.frame)
    assert "truth" not in student_view and "variante" in student_view.DESCR
    assert v.verite("clients", "segment") is not None
    assert str(v.graine) not in student_view.DESCR


def test_assessed_case_has_no_truth_training_case_keeps_it():
    b = casekit.load("clients", case=EXAM, seed=4)
    with pytest.raises(examen.CleReserveeError, match="cas d'évaluation"):
        _ = b.truth
    with pytest.raises(examen.CleReserveeError):
        _ = b["truth"]
    assert "truth" in casekit.load("clients", seed="etu-1")  # training case, self-study
    assert "truth" in examen.corrige("clients", case=EXAM, seed=4)


def test_self_study_mode_is_the_training_case(capsys):
    assert examen.mode("etu-1") == "autoformation"
    out = capsys.readouterr().out
    assert "entraînement" in out and "rayons_libres" in out


def test_grading_helper_refuses_outside_grading():
    with pytest.raises(CasekitError, match="ne sert qu'à la correction"):
        examen.variante_corrigee()


def test_bad_inputs_give_french_messages(tmp_path):
    short = tmp_path / "s.txt"
    short.write_text("abc", encoding="utf-8")
    with pytest.raises(ArgumentInvalideError, match="trop court"):
        examen.lire_secret(short)
    with pytest.raises(ArgumentInvalideError, match="illisible"):
        examen.lire_secret(tmp_path / "absent.txt")
    roster = tmp_path / "r.csv"
    roster.write_text("etudiant\nA\na \n", encoding="utf-8")
    with pytest.raises(ArgumentInvalideError, match="en double"):
        examen.lire_liste(roster)
    secret = tmp_path / "ok.txt"
    secret.write_text(SECRET, encoding="utf-8")
    with pytest.raises(ArgumentInvalideError, match="cas d'entraînement"):
        examen.publier(secret, ["x"], cas="rayons_libres", out=tmp_path / "o")


def test_a_bad_data_folder_is_named(monkeypatch):
    monkeypatch.setenv(examen.ENV_DONNEES, "/nonexistent/folder")
    with pytest.raises(ArgumentInvalideError, match=r"manifeste\.json"):
        casekit.load("profil")


def test_instructor_override_selects_a_variant(monkeypatch):
    monkeypatch.setenv(examen.ENV_GRAINE, "7")
    b = casekit.load("profil", seed="votre.identifiant")
    assert b.case == EXAM and b.seed == 7
    assert examen.variante_corrigee().graine == 7
