"""Case files: every shipped case validates and meets the teaching bar; malformed
files give precise French errors; discovery (paths, CASEKIT_CASES_PATH, names)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import tomllib
from pathlib import Path

import pytest

import casekit
from casekit.a11y import ratio_contraste
from casekit.cases import (
    DEFAULT_CASE,
    POLES,
    STORY_TYPES,
    case_dirs,
    case_path,
    get_case,
    list_cases,
    read_case_file,
)
from casekit.errors import FichierCasInvalideError, NomInconnuError
from casekit.examen import corrige
from tests.conftest import OTHER_SEEDS

CASES = list_cases()
OTHER_CASES = [c for c in CASES if c != DEFAULT_CASE]


# ---------------------------------------------------------------------------
# Helpers: a minimal TOML writer, so malformed variants are built from the
# parsed default case (robust to edits of its wording) rather than by text.
# ---------------------------------------------------------------------------


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() and k.isascii() else json.dumps(k)


def dump_toml(data: dict) -> str:
    """One line per top-level key, inline tables below (valid TOML 1.0)."""
    return "\n".join(f"{_key(k)} = {_toml_value(v)}" for k, v in data.items()) + "\n"


def default_data() -> dict:
    return tomllib.loads(case_path(DEFAULT_CASE).read_text(encoding="utf-8"))


def write_case(tmp_path: Path, data: dict, name: str | None = None) -> Path:
    path = tmp_path / f"{name or data['identite']['id']}.toml"
    path.write_text(dump_toml(data), encoding="utf-8")
    return path


def renamed_copy(tmp_path: Path, new_id: str = "ma_structure", nom: str = "Ma Structure") -> Path:
    data = default_data()
    data["identite"]["id"] = new_id
    data["identite"]["nom"] = nom
    return write_case(tmp_path, data)


def invalid_message(path: Path) -> str:
    with pytest.raises(FichierCasInvalideError) as exc:
        read_case_file(path)
    return str(exc.value)


# ---------------------------------------------------------------------------
# Shipped cases
# ---------------------------------------------------------------------------


def test_default_case_comes_first_and_second_case_is_listed():
    assert CASES[0] == DEFAULT_CASE == "rayons_libres"
    assert "cuve_a_sons" in CASES
    assert len(CASES) == len(set(CASES))


def test_the_writer_round_trips_the_default_case(tmp_path):
    data = default_data()
    path = write_case(tmp_path, data)
    assert tomllib.loads(path.read_text(encoding="utf-8")) == data
    assert read_case_file(path).nom == get_case().nom


@pytest.mark.parametrize("name", CASES)
def test_every_case_validates(name):
    case = read_case_file(case_path(name))
    assert case.id == name == case["identite"]["id"]
    assert case.path.name == f"{name}.toml"
    assert len(case.digest) == 64


@pytest.mark.parametrize("name", CASES)
def test_every_case_has_competitors_segments_and_the_five_stories(name):
    case = get_case(name)
    assert len(case.concurrents) >= 4
    assert len(case.segments) >= 5
    types = [h["type"] for h in case.histoires()]
    assert set(types) == set(STORY_TYPES), f"{name}: {sorted(types)}"
    for type_ in STORY_TYPES:
        assert case.histoire(type_) is not None


@pytest.mark.parametrize("name", CASES)
def test_every_case_meets_the_teaching_bar(name):
    case = get_case(name)
    ident = case["identite"]
    assert ident["identifiant_fictif"].startswith("FICT-")
    assert ".example.org" in ident["site_web"]
    assert all(".example.org" in c["site_web"] for c in case.concurrents)
    assert len(ident["offre"]) >= 4
    assert len(case["historique"]) >= 10
    assert len(case["commanditaire"]["entretiens"]) >= 2
    assert len(case["commanditaire"]["ateliers"]) >= 1
    team = case["equipe"]
    assert len(team) >= 5
    assert {m["pole"] for m in team} == POLES
    assert any(m["besoins_accessibilite"] for m in team)
    hexes = [c["hex"] for c in case["charte"]["couleurs"]]
    ratios = [ratio_contraste(a, b) for i, a in enumerate(hexes) for b in hexes[i + 1 :]]
    assert min(ratios) < 4.5, "the palette should hide at least one failing pair"
    features = case["segmentation"]["variables"]
    for seg in case.segments:
        assert set(features) <= set(seg["variables"])
        assert seg["traits"], f"{seg['id']} has no traits"


def test_fictional_identifiers_are_unique_across_cases():
    ids = [get_case(n)["identite"]["identifiant_fictif"] for n in CASES]
    assert len(ids) == len(set(ids))


def test_second_case_is_in_another_sector():
    assert get_case("cuve_a_sons")["identite"]["secteur"] != get_case()["identite"]["secteur"]
    assert get_case("cuve_a_sons")["identite"]["identifiant_fictif"] == "FICT-0002"


# ---------------------------------------------------------------------------
# Malformed files: each gives a precise French message
# ---------------------------------------------------------------------------


def test_missing_required_key(tmp_path):
    data = default_data()
    del data["identite"]["accroche"]
    msg = invalid_message(write_case(tmp_path, data))
    assert msg.startswith("Fichier de cas invalide\u00a0: rayons_libres.toml")
    assert "«\u00a0identite.accroche\u00a0» est obligatoire mais absent." in msg


def test_missing_top_level_section(tmp_path):
    data = default_data()
    del data["enquete"]
    msg = invalid_message(write_case(tmp_path, data))
    assert "«\u00a0enquete\u00a0» est obligatoire mais absent." in msg


def test_unknown_key_suggests_the_close_match(tmp_path):
    data = default_data()
    data["identite"]["acroche"] = data["identite"].pop("accroche")
    msg = invalid_message(write_case(tmp_path, data))
    assert "Clé inconnue «\u00a0identite.acroche\u00a0». Vouliez-vous dire «\u00a0accroche\u00a0»\u202f?" in msg
    assert "«\u00a0identite.accroche\u00a0» est obligatoire mais absent." in msg


def test_wrong_type(tmp_path):
    data = default_data()
    year = data["identite"]["annee_creation"]
    data["identite"]["annee_creation"] = str(year)
    msg = invalid_message(write_case(tmp_path, data))
    assert f"«\u00a0identite.annee_creation\u00a0» doit être de type entier, et non texte ('{year}')." in msg


def test_datetime_is_not_a_date(tmp_path):
    data = default_data()
    d = data["periode"]["debut"]
    data["periode"]["debut"] = dt.datetime(d.year, d.month, d.day, 8, 30)
    msg = invalid_message(write_case(tmp_path, data))
    assert "«\u00a0periode.debut\u00a0» doit être de type date (AAAA-MM-JJ)" in msg


def test_too_few_competitors(tmp_path):
    data = default_data()
    data["concurrents"] = data["concurrents"][:3]
    msg = invalid_message(write_case(tmp_path, data))
    assert "«\u00a0concurrents\u00a0» doit contenir au moins 4 élément(s), il en contient 3." in msg


def test_segment_shares_must_sum_to_one(tmp_path):
    data = default_data()
    total = sum(s["part"] for s in data["segments"])
    data["segments"][0]["part"] -= 0.05
    msg = invalid_message(write_case(tmp_path, data))
    assert f"Les parts des segments doivent totaliser 1, et non {total - 0.05:.3f}." in msg


def test_segment_must_define_a_law_for_every_feature(tmp_path):
    data = default_data()
    feature = data["segmentation"]["variables"][-1]
    del data["segments"][1]["variables"][feature]
    seg_id = data["segments"][1]["id"]
    msg = invalid_message(write_case(tmp_path, data))
    assert f"segments[1] ({seg_id}).variables\u00a0: il manque {feature}." in msg


def test_law_parameters_are_checked(tmp_path):
    data = default_data()
    data["segments"][0]["variables"]["age"] = {"loi": "normale", "moyenne": 30}
    data["segments"][2]["variables"]["age"] = {"loi": "normal", "moyenne": 30, "ecart_type": 5}
    msg = invalid_message(write_case(tmp_path, data))
    assert "variables.age\u00a0: la loi «\u00a0normale\u00a0» demande ecart_type." in msg
    assert "variables.age\u00a0: loi «\u00a0normal\u00a0» inconnue. Vouliez-vous dire «\u00a0normale\u00a0»" in msg


def test_trait_must_name_a_feature_and_a_direction(tmp_path):
    data = default_data()
    data["segments"][0]["traits"] = {"agee": "haut", "age": "élevé"}
    msg = invalid_message(write_case(tmp_path, data))
    assert (
        "traits\u00a0: «\u00a0agee\u00a0» n'est pas une variable de segmentation. Vouliez-vous dire «\u00a0age\u00a0»\u202f?"
        in msg
    )
    assert "traits.age doit valoir «\u00a0haut\u00a0» ou «\u00a0bas\u00a0»." in msg


def test_unknown_story_type(tmp_path):
    data = default_data()
    story = next(h for h in data["histoires"] if h["type"] == "plainte_accessibilite")
    story["type"] = "plainte_accesibilite"
    msg = invalid_message(write_case(tmp_path, data))
    assert (
        f"({story['id']})\u00a0: type «\u00a0plainte_accesibilite\u00a0» inconnu. "
        "Vouliez-vous dire «\u00a0plainte_accessibilite\u00a0»\u202f?"
    ) in msg


def test_story_missing_a_key_of_its_type(tmp_path):
    data = default_data()
    story = next(h for h in data["histoires"] if h["type"] == "campagne_concurrent")
    del story["plateforme"]
    msg = invalid_message(write_case(tmp_path, data))
    assert f"({story['id']})\u00a0: le type «\u00a0campagne_concurrent\u00a0» demande «\u00a0plateforme\u00a0»." in msg


def test_story_referencing_an_unknown_segment(tmp_path):
    data = default_data()
    story = next(h for h in data["histoires"] if "segment" in h)
    real = story["segment"]
    story["segment"] = real[:-1]
    msg = invalid_message(write_case(tmp_path, data))
    assert f"segment «\u00a0{real[:-1]}\u00a0» inconnu. Vouliez-vous dire «\u00a0{real}\u00a0»\u202f?" in msg


def test_story_referencing_an_unknown_competitor(tmp_path):
    data = default_data()
    story = next(h for h in data["histoires"] if "concurrent" in h)
    real = story["concurrent"]
    story["concurrent"] = real + "x"
    msg = invalid_message(write_case(tmp_path, data))
    assert f"concurrent «\u00a0{real}x\u00a0» inconnu. Vouliez-vous dire «\u00a0{real}\u00a0»\u202f?" in msg


def test_story_date_outside_the_period(tmp_path):
    data = default_data()
    story = next(h for h in data["histoires"] if "debut" in h)
    story["debut"] = dt.date(data["periode"]["debut"].year - 1, 6, 1)
    msg = invalid_message(write_case(tmp_path, data))
    assert f"({story['id']})\u00a0: «\u00a0debut\u00a0» ({story['debut']}) sort de la période du cas." in msg


def test_invalid_hex_colour(tmp_path):
    data = default_data()
    data["charte"]["couleurs"][1]["hex"] = "#FFF"
    msg = invalid_message(write_case(tmp_path, data))
    assert "«\u00a0charte.couleurs[1].hex\u00a0» doit s'écrire #RRVVBB, et non «\u00a0#FFF\u00a0»." in msg


def test_unknown_pole_suggests(tmp_path):
    data = default_data()
    data["equipe"][0]["pole"] = "developement"
    msg = invalid_message(write_case(tmp_path, data))
    assert (
        "«\u00a0equipe[0].pole\u00a0» inconnu\u00a0: «\u00a0developement\u00a0». Vouliez-vous dire «\u00a0developpement\u00a0»\u202f?"
        in msg
    )


def test_every_problem_is_listed_at_once(tmp_path):
    data = default_data()
    data["charte"]["couleurs"][0]["hex"] = "vert"
    data["segments"][0]["part"] += 0.2
    data["equipe"][0]["pole"] = "com"
    msg = invalid_message(write_case(tmp_path, data))
    lines = [ln for ln in msg.splitlines() if ln.startswith("  - ")]
    assert len(lines) >= 3


def test_invalid_toml_syntax(tmp_path):
    path = tmp_path / "casse.toml"
    path.write_text(
        'schema_version = 1\n[identite]\nnom = "Sans guillemet fermant\n', encoding="utf-8"
    )
    msg = invalid_message(path)
    assert "Le fichier de cas «\u00a0casse.toml\u00a0» n'est pas un TOML valide" in msg
    assert "line 3" in msg


def test_non_utf8_file(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(dump_toml(default_data()).encode("latin-1", errors="replace"))
    msg = invalid_message(path)
    assert msg == "Le fichier de cas «\u00a0latin1.toml\u00a0» n'est pas encodé en UTF-8."


def test_file_name_must_match_the_id(tmp_path):
    path = write_case(tmp_path, default_data(), name="autre_nom")
    msg = invalid_message(path)
    assert (
        "«\u00a0identite.id\u00a0» vaut «\u00a0rayons_libres\u00a0» mais le fichier s'appelle «\u00a0autre_nom.toml\u00a0»" in msg
    )
    assert "ils doivent correspondre" in msg


def test_missing_file(tmp_path):
    msg = invalid_message(tmp_path / "absent.toml")
    assert msg.startswith("Fichier de cas introuvable\u00a0:")
    assert "absent.toml" in msg


# ---------------------------------------------------------------------------
# Discovery: paths, CASEKIT_CASES_PATH, unknown names
# ---------------------------------------------------------------------------


def test_load_accepts_a_path_to_a_valid_copy(tmp_path):
    path = renamed_copy(tmp_path)
    b = casekit.load("profil", case=path)
    values = dict(zip(b.frame["cle"], b.frame["valeur"], strict=True))
    assert values["nom"] == "Ma Structure"
    b2 = casekit.load("profil", case=str(path))
    assert b2.frame.equals(b.frame)


def test_a_verbatim_copy_of_a_shipped_case_loads_from_its_path(tmp_path):
    for name in CASES:
        dest = tmp_path / name
        dest.mkdir()
        shutil.copy(case_path(name), dest)
        b = casekit.load("profil", case=dest / f"{name}.toml")
        assert get_case(name).nom in set(b.frame["valeur"])


def test_casekit_cases_path_adds_a_folder(tmp_path, monkeypatch):
    extra = tmp_path / "mes_cas"
    extra.mkdir()
    path = renamed_copy(extra)
    assert "ma_structure" not in list_cases()
    monkeypatch.setenv("CASEKIT_CASES_PATH", str(extra))
    assert case_dirs()[0] == extra
    names = list_cases()
    assert names[0] == DEFAULT_CASE
    assert "ma_structure" in names and set(CASES) <= set(names)
    assert case_path("ma_structure") == path
    assert get_case("ma_structure").nom == "Ma Structure"
    b = casekit.load("profil", case="ma_structure")
    assert "Ma Structure" in set(b.frame["valeur"])


def test_casekit_cases_path_accepts_several_folders_and_shadows(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    renamed_copy(a, "cas_a", "Cas A")
    data = default_data()
    data["identite"]["nom"] = "Rayons Libres (variante locale)"
    write_case(b, data)
    monkeypatch.setenv("CASEKIT_CASES_PATH", f"{a}{os.pathsep}{b}")
    assert {"cas_a", DEFAULT_CASE} <= set(list_cases())
    assert case_path(DEFAULT_CASE) == b / "rayons_libres.toml"
    assert get_case(DEFAULT_CASE).nom == "Rayons Libres (variante locale)"


def test_unknown_case_name_suggests(tmp_path):
    with pytest.raises(NomInconnuError) as exc:
        casekit.load("profil", case="rayons_libre")
    assert str(exc.value) == "Cas inconnu\u00a0: «\u00a0rayons_libre\u00a0». Vouliez-vous dire «\u00a0rayons_libres\u00a0»\u202f?"
    with pytest.raises(NomInconnuError) as exc:
        get_case("cuve_a_son")
    assert "Cas inconnu\u00a0: «\u00a0cuve_a_son\u00a0». Vouliez-vous dire «\u00a0cuve_a_sons\u00a0»\u202f?" in str(exc.value)


def test_case_argument_of_the_wrong_type():
    with pytest.raises(casekit.errors.ArgumentInvalideError) as exc:
        get_case(42)
    assert "L'argument «\u00a0case\u00a0» doit être le nom d'un cas" in str(exc.value)


def test_case_objects_are_read_only():
    case = get_case("cuve_a_sons")
    with pytest.raises(TypeError):
        case["identite"]["nom"] = "Autre"  # type: ignore[index]
    assert copy.deepcopy(dict(case["periode"])) == dict(case["periode"])


# ---------------------------------------------------------------------------
# Other cases: segments recoverable like the default one (see test_audience.py)
# ---------------------------------------------------------------------------


def _ari(case: str, seed: int, columns=None) -> float:
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score
    from sklearn.preprocessing import StandardScaler

    b = corrige("clients", case=case, seed=seed)  # instructor-side call: truth of any case
    feats = columns or b.truth["variables_segmentation"]
    X = StandardScaler().fit_transform(b.frame[feats].to_numpy(dtype=float))
    km = KMeans(n_clusters=b.truth["nb_segments"], n_init=10, random_state=0).fit(X)
    return adjusted_rand_score(b.truth["segment"], km.labels_)


@pytest.mark.parametrize("seed", [0, *OTHER_SEEDS])
@pytest.mark.parametrize("name", OTHER_CASES)
def test_segments_of_other_cases_are_recovered(name, seed):
    assert _ari(name, seed) >= 0.5


@pytest.mark.parametrize("name", OTHER_CASES)
def test_no_single_column_separates_the_segments_of_other_cases(name):
    b = corrige("clients", case=name, seed=0)
    full = _ari(name, 0)
    for f in b.truth["variables_segmentation"]:
        single = _ari(name, 0, [f])
        assert single < 0.5, f"{name}: {f} alone gives ARI {single:.2f}"
        assert single < full - 0.2


def test_feature_labels_must_name_a_segmentation_feature(tmp_path):
    data = default_data()
    data["segmentation"]["libelles"]["km_velo_semain"] = {"description": "Kilomètres."}
    msg = invalid_message(write_case(tmp_path, data))
    assert "«\u00a0segmentation.libelles.km_velo_semain\u00a0» ne correspond à aucune variable" in msg
    assert "Vouliez-vous dire «\u00a0km_velo_semaine\u00a0»\u202f?" in msg


def test_feature_labels_reach_the_clients_codebook():
    for case in casekit.list_cases():
        labels = casekit.cases.get_case(case)["segmentation"].get("libelles", {})
        book = casekit.load("clients", case=case).codebook.set_index("colonne")
        for feature, label in labels.items():
            assert book.loc[feature, "description"].startswith(label["description"])
            assert book.loc[feature, "unite"] == label.get("unite", "")
