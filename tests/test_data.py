"""Reference data in data/: provenance on every row, sane values, and the figures of the source."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import data
from helpers.i18n import catalogue, placeholders

ROOT = Path(__file__).resolve().parent.parent
CSV_FILES = sorted((ROOT / "data").glob("*.csv"))
YAML_FILES = sorted((ROOT / "data").glob("*.yaml"))
MY_DOMAINS = ("channels", "content", "charts", "platforms")


# -- every file in data/ -------------------------------------------------------------------------

@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_every_csv_carries_its_provenance_on_every_row(path):
    df = data.table(path.stem)
    for column in data.PROVENANCE:
        assert column in df.columns, f"{path.name} has no '{column}' column"
    sources = df["source"].astype("string").str.strip()
    assert not sources.isna().any() and (sources != "").all(), f"{path.name}: a row without a source"
    methods = df["method"].astype("string").str.strip()
    assert not methods.isna().any() and (methods != "").all(), f"{path.name}: a row without a method"
    given = df["year"].dropna()
    years = pd.to_numeric(given, errors="coerce")
    assert years.notna().all() and years.between(2000, 2100).all(), f"{path.name}: a year that is not a year"


MINE = ("platforms", "platform_age_profiles", "platform_features", "content_formats")


@pytest.mark.parametrize("name", MINE)
def test_step_3_and_4_tables_give_a_year_on_every_row(name):
    years = pd.to_numeric(data.table(name)["year"], errors="coerce")
    assert years.notna().all() and years.between(2020, 2030).all()


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_every_yaml_names_its_source(path):
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(content, dict) and str(content.get("source") or "").strip(), f"{path.name}: no source"


# -- platforms.csv -------------------------------------------------------------------------------

NEWCOM_2024 = {"facebook": 10.1, "youtube": 10.1, "instagram": 8.0, "linkedin": 5.5, "pinterest": 4.5,
               "tiktok": 4.3, "snapchat": 3.8, "x": 3.2}
NEWCOM_2025 = {"whatsapp": 13.5, "youtube": 10.2, "facebook": 9.9, "linkedin": 5.7, "instagram": 8.2,
               "tiktok": 4.4, "snapchat": 3.9, "x": 2.8, "threads": 0.5, "bereal": 0.9}
DERIVED_2025 = {"facebook", "instagram", "tiktok", "snapchat"}


@pytest.mark.parametrize("edition, figures", [(2024, NEWCOM_2024), (2025, NEWCOM_2025)])
def test_platform_figures_are_those_of_the_edition(edition, figures):
    df = data.table("platforms")
    rows = df[df["edition"] == edition]
    assert dict(zip(rows["platform"], rows["users_millions"].astype(float))) == pytest.approx(figures)
    assert rows["platform"].is_unique


def test_one_source_per_edition_and_the_edition_in_it():
    df = data.table("platforms")
    for edition, rows in df.groupby("edition"):
        assert rows["source"].nunique() == 1
        assert str(edition) in rows["source"].iloc[0]
        assert "Newcom" in rows["source"].iloc[0]
        assert (rows["year"] == edition).all()


def test_derived_figures_are_marked_and_explained():
    df = data.table("platforms")
    derived = df[df["derived"].astype(bool)]
    assert set(derived["platform"]) == DERIVED_2025
    assert set(derived["edition"]) == {2025}
    assert derived["notes"].fillna("").str.len().gt(10).all()
    assert not df[~df["derived"].astype(bool)]["platform"].isna().any()


def test_derived_figures_follow_from_the_previous_edition():
    df = data.table("platforms")
    old = dict(zip(df[df["edition"] == 2024]["platform"], df[df["edition"] == 2024]["users_millions"]))
    change = {"facebook": -0.2, "instagram": 0.18, "tiktok": 0.145, "snapchat": 0.125}
    for platform, delta in change.items():
        new = float(df[(df["edition"] == 2025) & (df["platform"] == platform)]["users_millions"].iloc[0])
        assert new == pytest.approx(round(old[platform] + delta, 1), abs=0.051)


def test_platforms_not_measured_in_an_edition_are_absent():
    df = data.table("platforms")
    in_2024 = set(df[df["edition"] == 2024]["platform"])
    in_2025 = set(df[df["edition"] == 2025]["platform"])
    assert not {"threads", "bereal", "whatsapp"} & in_2024
    assert "pinterest" not in in_2025


# -- age profiles and features ------------------------------------------------------------------------

def test_age_profiles_are_an_assumption_summing_to_100():
    df = data.table("platform_age_profiles")
    bands = ["15-19", "20-39", "40-64", "65+"]
    assert (df[bands].sum(axis=1) == 100).all()
    assert (df[bands] >= 0).all().all()
    assert (df["method"] == "assumption (editable by the trainer)").all()
    assert df["source"].str.contains("own estimate").all()


def test_every_platform_has_features_an_age_profile_and_formats():
    features = set(data.table("platform_features")["platform"])
    assert set(data.table("platform_age_profiles")["platform"]) == features
    assert set(data.table("content_formats")["platform"]) == features
    assert set(data.table("platforms")["platform"]) <= features


def test_features_are_yes_or_no_and_images_are_translated():
    df = data.table("platform_features")
    for column in ("ads", "remarketing", "shop", "events", "vacancies", "live"):
        assert set(df[column]) <= {"yes", "no"}, column
    assert (df["method"] == "toolkit editors' assessment").all()
    for lang in ("nl", "en"):
        for image in df["image"]:
            assert f"platforms.image.{image}" in catalogue(lang)


def test_linkedin_has_vacancies_and_bereal_no_ads():
    df = data.table("platform_features").set_index("platform")
    assert df.loc["linkedin", "vacancies"] == "yes"
    assert df.loc["bereal", "ads"] == "no"


def test_hero_hub_help_has_every_layer_in_both_languages():
    ref = data.yaml_file("hero_hub_help")
    assert set(ref["order"]) == {"help", "hub", "hero"}
    assert sum(ref["default_mix"].values()) == 100
    for layer in ("help", "hub", "hero"):
        for lang in ("nl", "en"):
            texts = ref["layers"][layer][lang]
            assert set(texts) == set(ref["aspects"]), (layer, lang)
            assert all(str(v).strip() for v in texts.values())


# -- my catalogues -----------------------------------------------------------------------------------

@pytest.mark.parametrize("domain", MY_DOMAINS)
def test_catalogues_have_the_same_keys_and_placeholders(domain):
    nl = {k: v for k, v in catalogue("nl").items() if k.startswith(domain + ".")}
    en = {k: v for k, v in catalogue("en").items() if k.startswith(domain + ".")}
    assert nl and set(nl) == set(en)
    for key in nl:
        assert placeholders(nl[key]) == placeholders(en[key]), key
        assert nl[key].strip() and en[key].strip(), key
