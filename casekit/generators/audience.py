"""Audience datasets: ``clients`` (CRM), ``population_zone`` and ``enquete_usages``.

Calibration (all read from ``casekit.reference``):

- PCS is drawn conditionally on the age band from the INSEE RP2022 table,
  reweighted by each segment's ``pcs_inclinaison``;
- self-declared accessibility needs follow DREES rates by age, scaled by the
  segment's ``accessibilite_facteur``;
- digital skills follow INSEE illectronisme rates by age, scaled by the
  segment's ``numerique_facteur``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_CLIENTS = 2000


@dataclass(frozen=True)
class ClientLatents:
    """Latent customer base shared by every dataset that talks about clients.

    ``segment`` indexes ``case.segments``; ids look like ``CLI-00001``.
    """

    client_id: np.ndarray
    segment: np.ndarray
    age: np.ndarray
    date_creation: np.ndarray
    #: Index in :data:`BESOINS` of the self-declared accessibility need (drawn once:
    #: the CRM and the satisfaction survey state the same need for a client).
    besoin: np.ndarray
    #: Newsletter opt-in (the newsletter's list is the opted-in base).
    optin: np.ndarray


def draw_client_latents(scn, n: int, rng: np.random.Generator) -> ClientLatents:
    """Draw segment, age, account-creation date, accessibility need and opt-in for ``n`` customers."""
    segs = scn.case.segments
    shares = np.array([s["part"] for s in segs], dtype=float)
    segment = rng.choice(len(segs), size=n, p=shares / shares.sum()).astype(np.int8)
    from casekit.generators._base import draw_law

    age = np.empty(n, dtype=float)
    for k, s in enumerate(segs):
        idx = np.flatnonzero(segment == k)
        age[idx] = draw_law(rng, s["variables"]["age"], idx.size)
    age = np.rint(age).astype(np.int16)
    start = np.datetime64(f"{max(scn.case['identite']['annee_creation'], scn.debut.year - 8)}-01-01")
    end = np.datetime64(scn.fin)
    span = (end - start).astype(int)
    offset = np.floor(rng.beta(2.2, 1.0, n) * span).astype(int)
    date_creation = start + offset.astype("timedelta64[D]")
    width = max(5, len(str(n)))
    ids = np.char.add("CLI-", np.char.zfill(np.arange(1, n + 1).astype(str), width))

    from casekit.generators._base import choice_rows

    seg = segment.astype(np.intp)
    # Accessibility needs: DREES rates by age, segment factor, 8 % undeclared.
    p_need, type_shares = handicap_rates(age)
    acc_f = np.array([s["accessibilite_facteur"] for s in segs])[seg]
    p_need = np.clip(p_need * acc_f, 0, 0.9)
    need = np.column_stack([1 - p_need, p_need[:, None] * type_shares[None, :]])
    besoin = choice_rows(rng, need)
    besoin[rng.random(n) < 0.08] = len(BESOINS) - 1
    # Newsletter opt-in: more likely in segments that like the newsletter.
    k = len(segs)
    chan_names = sorted({c for s in segs for c in s["canaux"]})
    chan_p = np.array([[s["canaux"].get(c, 0.0) for c in chan_names] for s in segs])
    p_opt = np.full(k, 0.35)
    if "newsletter" in chan_names:
        p_opt = 0.2 + 0.6 * chan_p[:, chan_names.index("newsletter")] / chan_p.sum(axis=1) * k / 2
    optin = rng.random(n) < np.clip(p_opt[seg], 0.05, 0.95)
    return ClientLatents(ids.astype(object), segment, age, date_creation, besoin.astype(np.int8), optin)


# ---------------------------------------------------------------------------
# Reference-table helpers
# ---------------------------------------------------------------------------

#: INSEE RP age bands (those of ``insee_pcs_age``), as (label, min, max).
TRANCHES_INSEE = [("15-19", 15, 19), ("20-24", 20, 24), ("25-39", 25, 39),
                  ("40-54", 40, 54), ("55-64", 55, 64), ("65+", 65, 130)]
#: Age bands of ``usages_reseaux``.
TRANCHES_USAGES = [("15-24", 15, 24), ("25-34", 25, 34), ("35-49", 35, 49),
                   ("50-64", 50, 64), ("65+", 65, 130)]
GENRES = ["femme", "homme", "autre", "non renseigné"]
_GENRE_KEYS = ["femme", "homme", "autre", "non_renseigne"]
TERRITOIRES = {"urbain_dense": "urbain dense", "urbain_intermediaire": "urbain intermédiaire",
               "rural": "rural"}
COMPETENCES = ["aisé", "moyen", "faible"]
BESOINS = ["aucun", "moteur", "visuel", "auditif", "cognitif", "non renseigné"]


def _band_index(age: np.ndarray, bands) -> np.ndarray:
    edges = np.array([lo for _, lo, _ in bands[1:]])
    return np.searchsorted(edges, age, side="right")


def pcs_table():
    """(labels, age-band labels, (6, 8) matrix of PCS shares within each INSEE band, band shares)."""
    from casekit.reference import table

    t = table("insee_pcs_age")
    bands = [b for b, _, _ in TRANCHES_INSEE]
    mat = (
        t.pivot(index="tranche_age", columns="pcs_code", values="part_pct")
        .reindex(bands)
        .to_numpy(dtype=float)
    )
    mat = mat / mat.sum(axis=1, keepdims=True)
    labels = t.drop_duplicates("pcs_code").sort_values("pcs_code")["pcs_libelle"].tolist()
    band_share = t.drop_duplicates("tranche_age").set_index("tranche_age")["part_tranche_15plus_pct"]
    band_share = band_share.reindex(bands).to_numpy(dtype=float)
    return labels, bands, mat, band_share / band_share.sum()


def _is_overall(tab) -> np.ndarray:
    """Rows of an age-bracketed reference table that cover every age (15–120)."""
    return ((tab["age_min"] == 15) & (tab["age_max"] == 120)).to_numpy()


def _rate_by_age(tab, age: np.ndarray, col: str) -> np.ndarray:
    """Per-age lookup of a percentage column (as a share) in the age-bracket rows of ``tab``."""
    bands = tab[~_is_overall(tab)].sort_values("age_min")
    idx = np.searchsorted(bands["age_min"].to_numpy()[1:], age, side="right")
    return bands[col].to_numpy(dtype=float)[idx] / 100


def handicap_rates(age: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """DREES rate of severe limitation by age, and the shares of limitation types.

    Returns ``(p_need, type_shares)`` where type_shares is ordered as
    moteur, visuel, auditif, cognitif (sensory split evenly between sight and
    hearing: a documented casekit assumption).
    """
    from casekit.reference import table

    t = table("handicap_age")
    p = _rate_by_age(t[t["indicateur"].str.startswith("limitation fonctionnelle")], age, "valeur_pct")
    kinds = t.set_index("indicateur")["valeur_pct"]
    phys, sens, cog = (kinds["limitation physique"], kinds["limitation sensorielle"],
                       kinds["limitation cognitive"])
    shares = np.array([phys, sens / 2, sens / 2, cog], dtype=float)
    return p, shares / shares.sum()


def illectronisme_rates(age: np.ndarray) -> tuple[np.ndarray, float]:
    """INSEE illectronisme rate by age, and the share of users with weak skills."""
    from casekit.reference import table

    t = table("illectronisme_age")
    weak = float(t.loc[_is_overall(t), "part_capacites_faibles_pct"].iloc[0]) / 100
    return _rate_by_age(t, age, "taux_illectronisme_pct"), weak


def _zones(case):
    default = [
        (f"{case['identite']['siege_commune']} – centre", "urbain_dense", 0.3),
        (f"{case['identite']['siege_commune']} – quartiers périphériques", "urbain_dense", 0.25),
        ("Première couronne", "urbain_intermediaire", 0.25),
        ("Communes périurbaines", "urbain_intermediaire", 0.12),
        ("Communes rurales", "rural", 0.08),
    ]
    zc = case.data.get("zone_chalandise")
    if zc is None:
        return default, 300_000
    return [(z["nom"], z["type_territoire"], z["poids"]) for z in zc["zones"]], zc["population_15plus"]


# ---------------------------------------------------------------------------
# clients
# ---------------------------------------------------------------------------


def _round_law(law, x: np.ndarray) -> np.ndarray:
    if law["loi"] in ("poisson", "bernoulli"):
        return np.rint(x).astype(np.int64)
    if law["loi"] == "beta":
        return np.round(x, 3)
    return np.round(x, 2)


def _clients_columns(case) -> list:
    from casekit.generators._base import Col

    features = case["segmentation"]["variables"]
    law_of = case.segments[0]["variables"]
    cols = [
        Col("client_id", "texte", "Identifiant pseudonyme du client."),
        Col("date_creation", "date", "Date de création de la fiche client."),
        Col("age", "entier", "Âge déclaré.", "ans"),
        Col("tranche_age", "catégorie ordonnée", "Tranche d'âge INSEE (recensement).",
            valeurs=", ".join(b for b, _, _ in TRANCHES_INSEE)),
        Col("genre", "catégorie", "Genre déclaré ; « non renseigné » si la personne n'a pas répondu.",
            valeurs=", ".join(GENRES)),
        Col("pcs_code", "entier", "Groupe socioprofessionnel INSEE (PCS 2020, niveau 1), actuel ou antérieur.",
            valeurs="1 à 8"),
        Col("pcs_libelle", "catégorie", "Libellé du groupe socioprofessionnel INSEE."),
        Col("zone", "catégorie", "Zone de la zone de chalandise où habite le client."),
        Col("code_postal", "texte", "Code postal du domicile (cinq caractères)."),
        Col("type_territoire", "catégorie", "Type de territoire (grille de densité simplifiée).",
            valeurs=", ".join(TERRITOIRES.values())),
    ]
    labels = {
        "taille_menage": ("entier", "Nombre de personnes dans le ménage.", "personnes"),
        "depense_annuelle_eur": ("décimal", "Dépense annuelle moyenne chez l'organisation.", "€"),
        "part_achats_en_ligne": ("décimal", "Part des achats faits en ligne.", "0–1"),
    }
    custom = case["segmentation"].get("libelles", {})
    for f in features:
        if f == "age":
            continue
        kind = "entier" if law_of[f]["loi"] in ("poisson", "bernoulli") else "décimal"
        typ, desc, unit = labels.get(f, (kind, f"Habitude : {f.replace('_', ' ')}.", ""))
        if f in custom:
            desc, unit = custom[f]["description"], custom[f].get("unite", unit)
        cols.append(Col(f, typ, desc + " Variable de segmentation documentée.", unit))
    offre = ", ".join(o["id"] for o in case["identite"]["offre"])
    cols += [
        Col("activite_principale", "catégorie", "Activité de l'organisation la plus utilisée.", valeurs=offre),
        Col("canal_prefere", "catégorie", "Canal de contact préféré, déclaré."),
        Col("optin_email", "booléen", "A accepté de recevoir la newsletter et les e-mails."),
        Col("competence_numerique", "catégorie ordonnée",
            "Aisance numérique déclarée (faible = situation d'illectronisme).", valeurs=", ".join(COMPETENCES)),
        Col("besoin_accessibilite", "catégorie",
            "Besoin d'accessibilité auto-déclaré (facultatif) : type de limitation principale.",
            valeurs=", ".join(BESOINS)),
    ]
    return cols


def postcodes(case) -> list[str]:
    """One fictional postcode per zone of the catchment area (department + three digits)."""
    dep = case["identite"]["code_departement"]
    zones, _ = _zones(case)
    return [f"{dep}{100 * k + (10 if k else 0):03d}"[-5:] for k in range(len(zones))]


_GENRE_BRUT = {"femme": ["F", "Femme", "FEMME", "Mme"], "homme": ["H", "Homme", "HOMME", "M."],
               "autre": ["Autre", "AUTRE"], "non renseigné": ["", "NR", "Non renseigné"]}
_TERR_BRUT = {"urbain dense": ["Urbain dense", "urbain_dense", "URBAIN DENSE"],
              "urbain intermédiaire": ["Urbain intermédiaire", "urbain_intermediaire", "urbain intermediaire"],
              "rural": ["Rural", "RURAL", "rural "]}


def degrade_clients(scn, frame):
    """CRM export defects; returns the raw frame and the count of each defect.

    Cleaning recipe (DESCR): drop exact duplicates; drop re-created records (same
    person, new ``client_id``, later ``date_creation``: keep the oldest); write the
    postcodes back as five-character text; map the label variants of ``genre``
    and ``type_territoire`` to the codebook's values.
    """
    import pandas as pd

    rng = scn.rng("clients", "brut")
    f = frame.copy()
    n = len(f)
    d: dict = {}
    for col, variants in (("genre", _GENRE_BRUT), ("type_territoire", _TERR_BRUT)):
        v = f[col].astype(str).to_numpy(dtype=object)
        bad = rng.random(n) < 0.08
        pick = rng.integers(0, 4, n)
        for lab, alts in variants.items():
            rows = bad & (v == lab)
            v = np.where(rows, np.asarray(alts, dtype=object)[pick % len(alts)], v)
        f[col] = pd.array(v, dtype="string")
    # Postcodes: the CRM stores them as numbers (« 44100.0 »).
    f["code_postal"] = f["code_postal"].astype(float)
    k_re, k_dup = max(1, round(0.02 * n)), max(1, round(0.01 * n))
    re_src = np.sort(rng.choice(n, size=k_re, replace=False))
    again = f.iloc[re_src].copy()
    width = len(str(f["client_id"].iloc[0])) - 4
    again["client_id"] = [f"CLI-{i:0{width}d}" for i in range(n + 1, n + k_re + 1)]
    later = rng.integers(30, 400, k_re).astype("timedelta64[D]")
    again["date_creation"] = np.minimum(again["date_creation"].to_numpy() + later, np.datetime64(scn.fin))
    dup_src = np.sort(rng.choice(np.setdiff1d(np.arange(n), re_src), size=k_dup, replace=False))
    # Extra records come last (export in order of record id), so truth["segment"]
    # still describes the first rows, those of the clean frame.
    out = pd.concat([f, again, f.iloc[dup_src]], ignore_index=True)
    for col in ("genre", "type_territoire"):
        d[f"libelles_{col}"] = int((~out[col].isin(frame[col].cat.categories)).sum())
    d["codes_postaux_numeriques"] = len(out)
    d.update({"fiches_recreees": k_re, "doublons_exacts": k_dup, "lignes_brutes": len(out), "lignes_propres": n})
    return out, d


def make_clients(scn, rng: np.random.Generator, n: int, latents: ClientLatents | None = None):
    """Draw the CRM frame of ``n`` customers (vectorised; used by ``build_clients``)."""
    import pandas as pd

    from casekit.generators._base import choice_rows, draw_law

    case = scn.case
    segs = case.segments
    k = len(segs)
    if latents is None:
        latents = draw_client_latents(scn, n, rng)
    seg, age = latents.segment.astype(np.intp), latents.age

    # Gender and territory: per-segment categorical draws.
    genre_p = np.array([[s["genre"].get(g, 0.0) for g in _GENRE_KEYS] for s in segs])
    genre = choice_rows(rng, genre_p[seg])
    zones, _ = _zones(case)
    terr_keys = list(TERRITOIRES)
    terr_p = np.array([[s["territoire"].get(t, 0.0) for t in terr_keys] for s in segs])
    terr = choice_rows(rng, terr_p[seg])
    # Zone within territory type, proportional to zone weights.
    zone_type = np.array([terr_keys.index(z[1]) for z in zones])
    zone_w = np.array([z[2] for z in zones], dtype=float)
    zmat = np.where(zone_type[None, :] == np.arange(3)[:, None], zone_w[None, :], 0.0)
    empty = zmat.sum(axis=1) == 0
    zmat[empty] = zone_w  # a territory type with no zone falls back on all zones
    zone = choice_rows(rng, zmat[terr])
    terr = zone_type[zone]

    # PCS conditional on the INSEE age band, tilted per segment.
    pcs_labels, bands, pcs_mat, _ = pcs_table()
    band = _band_index(age, TRANCHES_INSEE)
    tilt = np.ones((k, 8))
    for i, s in enumerate(segs):
        for code, w in s["pcs_inclinaison"].items():
            tilt[i, int(code) - 1] = w
    pcs = choice_rows(rng, pcs_mat[band] * tilt[seg]) + 1

    # Habits: the documented segmentation features (Chapman & Feit style loop).
    habits = {}
    for f in case["segmentation"]["variables"]:
        if f == "age":
            continue
        x = np.empty(n, dtype=float)
        for i, s in enumerate(segs):
            idx = np.flatnonzero(seg == i)
            x[idx] = draw_law(rng, s["variables"][f], idx.size)
        habits[f] = _round_law(segs[0]["variables"][f], x)

    # Main activity: the segment's favourite with probability 0.6, else any offer.
    offer_ids = [o["id"] for o in case["identite"]["offre"]]
    fav = np.array([offer_ids.index(s["activite_preferee"]) for s in segs])
    act = np.where(rng.random(n) < 0.6, fav[seg], rng.integers(0, len(offer_ids), n))

    # Preferred channel from the segment's weights.
    chan_names = sorted({c for s in segs for c in s["canaux"]})
    chan_p = np.array([[s["canaux"].get(c, 0.0) for c in chan_names] for s in segs])
    canal = choice_rows(rng, chan_p[seg])
    optin = latents.optin

    # Digital skills: INSEE illectronisme by age, scaled by the segment factor.
    p_illec, p_weak = illectronisme_rates(age)
    num_f = np.array([s["numerique_facteur"] for s in segs])[seg]
    p_faible = np.clip(p_illec * num_f, 0, 0.95)
    p_moyen = (1 - p_faible) * np.clip(p_weak * num_f, 0, 0.95)
    comp = choice_rows(rng, np.column_stack([1 - p_faible - p_moyen, p_moyen, p_faible]))

    besoin = latents.besoin.astype(np.intp)

    cat = pd.Categorical.from_codes
    frame = pd.DataFrame(
        {
            "client_id": pd.array(latents.client_id, dtype="string"),
            "date_creation": pd.to_datetime(latents.date_creation),
            "age": age.astype(np.int64),
            "tranche_age": cat(band, categories=bands, ordered=True),
            "genre": cat(genre, categories=GENRES),
            "pcs_code": pcs.astype(np.int64),
            "pcs_libelle": cat(pcs - 1, categories=pcs_labels),
            "zone": cat(zone, categories=[z[0] for z in zones]),
            "code_postal": cat(zone, categories=postcodes(case)).astype(str).astype("string"),
            "type_territoire": cat(terr, categories=list(TERRITOIRES.values())),
            **habits,
            "activite_principale": cat(act, categories=offer_ids),
            "canal_prefere": cat(canal, categories=chan_names),
            "optin_email": optin,
            "competence_numerique": cat(comp, categories=COMPETENCES, ordered=True),
            "besoin_accessibilite": cat(besoin, categories=BESOINS),
        }
    )
    return frame, seg


def build_clients(scn, rng, *, raw: bool):
    from casekit.generators._base import Parts

    case = scn.case
    frame, seg = make_clients(scn, rng, N_CLIENTS, latents=scn.clients)
    ids = case.segment_ids
    defauts = None
    cols = _clients_columns(case)
    if raw:
        frame, defauts = degrade_clients(scn, frame)
        cols = [c._replace(type="texte") if c.nom in ("genre", "type_territoire") else
                c._replace(type="décimal", description="Code postal, exporté comme un nombre par le CRM.")
                if c.nom == "code_postal" else c for c in cols]
    features = list(case["segmentation"]["variables"])
    return Parts(
        frame=frame,
        columns=cols,
        description=(
            f"Extrait du fichier clients (CRM) : {len(frame)} clients. Les variables "
            f"de segmentation documentées sont : {', '.join(features)}. Centrez-réduisez-les "
            "avant un k-means. Le segment de chaque client n'est pas dans le tableau : à vous "
            "de le retrouver. Le groupe socioprofessionnel suit la nomenclature INSEE (PCS), tiré "
            "selon l'âge à partir du recensement 2022 ; « CSP+ » est un terme marketing, pas une "
            "catégorie INSEE. Les besoins d'accessibilité sont auto-déclarés et facultatifs "
            "(taux DREES par âge) ; l'aisance numérique suit les taux d'illectronisme INSEE par âge.\n\n"
            "Attention : la répartition par groupe socioprofessionnel des clients s'écarte "
            "volontairement de celle de la population de la zone (`population_zone`). Une clientèle "
            "n'est pas un échantillon représentatif : chaque public attire plus ou moins certains "
            "groupes (âge, études, emploi, parcours d'insertion). Comparez les deux répartitions pour "
            "repérer les publics sur- et sous-représentés, au lieu de supposer que le fichier clients "
            "reflète le territoire."
            + ("\n\nVersion brute (raw=True) : export du CRM, non nettoyé. Défauts : fiches en "
               "double (exportées deux fois) ; fiches recréées pour une même personne (nouvel "
               "identifiant, date de création plus récente) ; codes postaux exportés comme des "
               "nombres (« 44100.0 ») ; libellés incohérents de `genre` et `type_territoire` "
               "(« F », « Femme », « urbain_dense »…). Nettoyage attendu : retirer les doublons "
               "exacts, puis les fiches recréées (mêmes valeurs hors identifiant et date : garder "
               "la plus ancienne) ; réécrire les codes postaux sur cinq caractères ; ramener les "
               "libellés aux valeurs du dictionnaire des variables." if raw else "")
        ),
        truth={
            "segment": [ids[i] for i in seg],
            "segments": {s["id"]: s["nom"] for s in case.segments},
            "parts_segments": {s["id"]: s["part"] for s in case.segments},
            "variables_segmentation": features,
            "traits": {s["id"]: dict(s["traits"]) for s in case.segments},
            "nb_segments": len(ids),
            **({"defauts": defauts} if defauts is not None else {}),
        },
        sources=["insee_pcs_age", "handicap_age", "illectronisme_age"],
    )


# ---------------------------------------------------------------------------
# population_zone
# ---------------------------------------------------------------------------

#: Relative age profile of each territory type (multiplies the INSEE band shares):
#: a teaching assumption, documented in DESCR (dense cores are younger).
_AGE_TILT = {
    "urbain_dense": np.array([1.15, 1.45, 1.15, 0.95, 0.85, 0.80]),
    "urbain_intermediaire": np.array([1.0, 0.85, 0.95, 1.05, 1.05, 1.05]),
    "rural": np.array([0.95, 0.65, 0.80, 1.05, 1.20, 1.30]),
}


def build_population_zone(scn, rng, *, raw: bool):
    import pandas as pd

    from casekit.generators._base import Col, Parts

    zones, total = _zones(scn.case)
    pcs_labels, bands, pcs_mat, band_share = pcs_table()
    weights = np.array([z[2] for z in zones], dtype=float)
    zone_pop = np.round(total * weights / weights.sum()).astype(np.int64)
    rows_zone, rows_band, rows_pcs, rows_pop = [], [], [], []
    for zi, (_, terr, _) in enumerate(zones):
        age_p = band_share * _AGE_TILT[terr]
        band_pop = rng.multinomial(zone_pop[zi], age_p / age_p.sum())
        for bi in range(len(bands)):
            cell = rng.multinomial(band_pop[bi], pcs_mat[bi])
            rows_zone += [zi] * 8
            rows_band += [bi] * 8
            rows_pcs += list(range(8))
            rows_pop += cell.tolist()
    zi = np.array(rows_zone)
    cat = pd.Categorical.from_codes
    frame = pd.DataFrame(
        {
            "zone_id": pd.array([f"Z{z + 1:02d}" for z in zi], dtype="string"),
            "zone": cat(zi, categories=[z[0] for z in zones]),
            "type_territoire": pd.Categorical(
                [TERRITOIRES[zones[z][1]] for z in zi], categories=list(TERRITOIRES.values())
            ),
            "tranche_age": cat(np.array(rows_band), categories=bands, ordered=True),
            "pcs_code": np.array(rows_pcs, dtype=np.int64) + 1,
            "pcs_libelle": cat(np.array(rows_pcs), categories=pcs_labels),
            "population": np.array(rows_pop, dtype=np.int64),
        }
    )
    columns = [
        Col("zone_id", "texte", "Identifiant de la zone."),
        Col("zone", "catégorie", "Nom de la zone (fictive) de la zone de chalandise."),
        Col("type_territoire", "catégorie", "Type de territoire.", valeurs=", ".join(TERRITOIRES.values())),
        Col("tranche_age", "catégorie ordonnée", "Tranche d'âge INSEE.", valeurs=", ".join(bands)),
        Col("pcs_code", "entier", "Groupe socioprofessionnel INSEE (niveau 1).", valeurs="1 à 8"),
        Col("pcs_libelle", "catégorie", "Libellé du groupe socioprofessionnel."),
        Col("population", "entier", "Nombre d'habitants de 15 ans ou plus dans la cellule.", "personnes"),
    ]
    return Parts(
        frame=frame,
        columns=columns,
        description=(
            f"Population de 15 ans ou plus de la zone de chalandise ({len(zones)} zones, "
            f"{int(frame['population'].sum()):,} habitants).".replace(",", "\u202f")
            + " Chaque ligne croise une zone, une tranche d'âge et un groupe "
            "socioprofessionnel. Dans chaque tranche d'âge, la répartition par PCS suit le "
            "recensement INSEE 2022 ; la structure par âge varie selon le type de territoire "
            "(hypothèse pédagogique : centres urbains plus jeunes, communes rurales plus âgées). "
            "Servez-vous-en pour dimensionner une cible et calculer un taux de pénétration "
            "(clients ÷ population)."
        ),
        truth={
            "parts_pcs_par_age_insee": {
                b: dict(zip(range(1, 9), np.round(pcs_mat[i] * 100, 2).tolist(), strict=True))
                for i, b in enumerate(bands)
            },
            "population_totale": int(frame["population"].sum()),
        },
        sources=["insee_pcs_age"],
    )


# ---------------------------------------------------------------------------
# enquete_usages
# ---------------------------------------------------------------------------

N_USAGES = 800
#: Share of people in illectronisme who did not use the Internet at all (casekit
#: assumption; INSEE counts both non-users and users lacking basic skills).
PART_SANS_INTERNET = 0.5
PLATEFORMES = ["facebook", "instagram", "tiktok", "snapchat", "youtube", "whatsapp",
               "linkedin", "x", "pinterest"]
MOMENTS = ["matin", "midi", "après-midi", "soir", "nuit"]
APPAREILS = ["smartphone", "ordinateur", "tablette"]


def _usage_matrix():
    """(5 age bands × platforms) monthly-use probabilities from ``usages_reseaux``."""
    from casekit.reference import table

    t = table("usages_reseaux")
    t = t[t["indicateur"] == "usage mensuel"]
    bands = [b for b, _, _ in TRANCHES_USAGES]
    mat = (
        t[t["tranche_age"].isin(bands)]
        .pivot(index="tranche_age", columns="plateforme", values="valeur_pct")
        .reindex(index=bands, columns=PLATEFORMES)
        .to_numpy(dtype=float)
        / 100
    )
    return mat


def _minutes_by_band():
    """Daily internet minutes per usage band, interpolated from Médiamétrie rows."""
    from casekit.reference import table

    t = table("usages_reseaux")
    t = t[t["indicateur"] == "minutes par jour sur Internet"].set_index("tranche_age")["valeur_pct"]
    known = {"15-24": t["15-24"], "50-64": t["50-64"], "65+": t["65+"]}
    mids = np.array([19.5, 57, 70])
    vals = np.array([known["15-24"], known["50-64"], known["65+"]], dtype=float)
    band_mid = np.array([19.5, 29.5, 42, 57, 70])
    return np.interp(band_mid, mids, vals)


def build_enquete_usages(scn, rng, *, raw: bool):
    import pandas as pd

    from casekit.generators._base import Col, Parts, choice_rows, draw_law

    case = scn.case
    segs = case.segments
    k = len(segs)
    n = N_USAGES
    # A panel of the catchment population aged 15+, of which a third are clients.
    _, insee_bands, _, band_share = pcs_table()
    is_client = rng.random(n) < 0.35
    seg = np.full(n, -1)
    shares = np.array([s["part"] for s in segs])
    seg[is_client] = rng.choice(k, size=is_client.sum(), p=shares / shares.sum())
    age = np.empty(n)
    for i, s in enumerate(segs):
        idx = np.flatnonzero(seg == i)
        age[idx] = draw_law(rng, s["variables"]["age"], idx.size)
    nc = np.flatnonzero(seg < 0)
    b = rng.choice(len(insee_bands), size=nc.size, p=band_share)
    lo = np.array([lo for _, lo, _ in TRANCHES_INSEE])[b]
    hi = np.minimum(np.array([hi for _, _, hi in TRANCHES_INSEE])[b], 90)
    age[nc] = lo + rng.random(nc.size) * (hi - lo + 1)
    age = np.floor(age).astype(np.int64)
    band = _band_index(age, TRANCHES_USAGES)

    # Platform use: reference rate for the age band, nudged by the segment's channel weights.
    usage = _usage_matrix()
    base = usage[band]
    nudge = np.ones((n, len(PLATEFORMES)))
    for i, s in enumerate(segs):
        w = np.array([s["canaux"].get(p, np.nan) for p in PLATEFORMES])
        mean_w = np.nanmean(list(s["canaux"].values()))
        factor = np.where(np.isnan(w), 1.0, np.clip((w / mean_w) ** 0.35, 0.5, 1.6))
        nudge[seg == i] = factor
    p_use = np.clip(base * nudge, 0.01, 0.99)
    uses = rng.random(p_use.shape) < p_use
    # Illectronisme (INSEE, by age; the segment's factor for clients): half of the people
    # concerned did not use the Internet at all in the last three months, the others little.
    p_illec, _ = illectronisme_rates(age)
    num_f = np.ones(n)
    for i, s in enumerate(segs):
        num_f[seg == i] = s["numerique_facteur"]
    illec = rng.random(n) < np.clip(p_illec * num_f, 0, 0.95)
    offline = illec & (rng.random(n) < PART_SANS_INTERNET)
    uses &= ~offline[:, None]

    # Preferred format: younger people prefer short video; planted story boosts it.
    formats = list(case["contenus"]["formats"])
    fmt_w = np.ones((n, len(formats)))
    youth = np.clip((45 - age) / 30, 0, 1)
    story = scn.histoire("format_emergent")
    truth_story = {}
    for j, f in enumerate(formats):
        if "video" in f and "courte" in f:
            fmt_w[:, j] *= 1 + 2.0 * youth
        if f in ("newsletter", "article"):
            fmt_w[:, j] *= 1 + 1.0 * (1 - youth)
    if story is not None:
        st, effect = story
        if st["format"] in formats:
            target = [lab for lab, lo_, hi_ in TRANCHES_USAGES if lo_ <= int(st["tranche_age"][:2]) <= hi_]
            in_band = band == [lab for lab, _, _ in TRANCHES_USAGES].index(target[0])
            fmt_w[in_band, formats.index(st["format"])] *= effect
            truth_story = {"format": st["format"], "tranche_age": target[0], "multiplicateur": effect}
    fmt = choice_rows(rng, fmt_w)

    moment_w = np.tile(np.array([1.0, 0.8, 0.6, 2.0, 0.4]), (n, 1))
    moment_w[:, 4] *= 1 + 3 * youth
    moment = choice_rows(rng, moment_w)
    dev_w = np.column_stack([1.5 + 3 * youth, np.full(n, 1.0), 0.2 + 0.6 * (age >= 55)])
    device = choice_rows(rng, dev_w)
    minutes = _minutes_by_band()[band] * rng.lognormal(0, 0.35, n)
    minutes = np.where(illec, np.minimum(minutes, rng.lognormal(np.log(12), 0.6, n)), minutes)
    minutes = np.where(offline, 0.0, minutes)

    p_need, type_shares = handicap_rates(age)
    acc = np.ones(n)
    for i, s in enumerate(segs):
        acc[seg == i] = s["accessibilite_facteur"]
    p_need = np.clip(p_need * acc, 0, 0.9)
    need_sous_titres = rng.random(n) < np.clip(p_need * type_shares[2] * 4 + 0.15 * youth, 0, 1)
    need_contraste = rng.random(n) < np.clip(p_need * type_shares[1] * 4 + 0.05, 0, 1)
    need_falc = rng.random(n) < np.clip(p_need * type_shares[3] * 4 + 0.03, 0, 1)
    need_ad = rng.random(n) < np.clip(p_need * type_shares[1] * 2, 0, 1)

    cat = pd.Categorical.from_codes
    data = {
        "repondant_id": pd.array([f"USG-{i + 1:04d}" for i in range(n)], dtype="string"),
        "age": age,
        "tranche_age": cat(band, categories=[b for b, _, _ in TRANCHES_USAGES], ordered=True),
        "est_client": is_client,
        "utilise_internet": ~offline,
    }
    for j, p in enumerate(PLATEFORMES):
        data[f"reseau_{p}"] = uses[:, j]
    data.update(
        {
            "nb_reseaux": uses.sum(axis=1).astype(np.int64),
            "format_prefere": cat(fmt, categories=formats),
            "moment_connexion": cat(moment, categories=MOMENTS),
            "appareil_principal": cat(device, categories=APPAREILS),
            "minutes_internet_jour": np.round(minutes).astype(np.int64),
            "besoin_sous_titres": need_sous_titres,
            "besoin_contraste": need_contraste,
            "besoin_falc": need_falc,
            "besoin_audiodescription": need_ad,
        }
    )
    frame = pd.DataFrame(data)
    cols = [
        Col("repondant_id", "texte", "Identifiant du répondant."),
        Col("age", "entier", "Âge du répondant.", "ans"),
        Col("tranche_age", "catégorie ordonnée", "Tranche d'âge (celle des études d'usage).",
            valeurs=", ".join(b for b, _, _ in TRANCHES_USAGES)),
        Col("est_client", "booléen", "Le répondant est client de l'organisation."),
        Col("utilise_internet", "booléen", "A utilisé Internet au cours des trois derniers mois."),
        *[Col(f"reseau_{p}", "booléen", f"Utilise {p.capitalize() if p != 'x' else 'X'} au moins une fois par mois.")
          for p in PLATEFORMES],
        Col("nb_reseaux", "entier", "Nombre de réseaux utilisés chaque mois."),
        Col("format_prefere", "catégorie", "Format de contenu préféré.", valeurs=", ".join(formats)),
        Col("moment_connexion", "catégorie", "Moment de connexion principal.", valeurs=", ".join(MOMENTS)),
        Col("appareil_principal", "catégorie", "Appareil le plus utilisé.", valeurs=", ".join(APPAREILS)),
        Col("minutes_internet_jour", "entier", "Temps passé sur Internet par jour, déclaré.", "minutes"),
        Col("besoin_sous_titres", "booléen", "A besoin de sous-titres ou les préfère (vidéo sans le son)."),
        Col("besoin_contraste", "booléen", "A besoin d'un contraste élevé ou de grands caractères."),
        Col("besoin_falc", "booléen", "Préfère des textes en « facile à lire et à comprendre » (FALC)."),
        Col("besoin_audiodescription", "booléen", "A besoin d'audiodescription."),
    ]
    return Parts(
        frame=frame,
        columns=cols,
        description=(
            f"Enquête sur les usages numériques auprès de {n} habitants de 15 ans ou plus de la "
            "zone de chalandise, clients ou non. Les taux d'usage des réseaux par âge sont calés "
            "sur la table de référence `usages_reseaux` (DataReportal, Médiamétrie ; les profils "
            "par âge sont en partie des hypothèses pédagogiques, signalées dans `sources`). "
            "Les besoins d'accessibilité suivent les taux DREES par âge ; l'usage d'Internet et le "
            "temps passé en ligne tiennent compte des taux d'illectronisme INSEE par âge "
            "(`illectronisme_age`). Attention : "
            "« utiliser un réseau » n'est pas « suivre une marque »."
        ),
        truth={
            "segment": [case.segment_ids[i] if i >= 0 else "non_client" for i in seg],
            "taux_usage_reference": {
                b: dict(zip(PLATEFORMES, np.round(usage[i], 3).tolist(), strict=True))
                for i, (b, _, _) in enumerate(TRANCHES_USAGES)
            },
            "format_emergent": truth_story,
        },
        sources=["usages_reseaux", "handicap_age", "insee_pcs_age", "illectronisme_age"],
    )
