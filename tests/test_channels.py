"""Step 3: platform figures, audience fit, channel score, focus warning."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers import channels, model


def doc_with(**changes):
    return model.apply_changes(model.new_document("Team Test"), changes)


def ranks(df: pd.DataFrame) -> dict[str, int]:
    return dict(zip(df["platform"], df["rank"]))


YOUNG = {"audience.age_min": 15, "audience.age_max": 24}
B2B = {"audience.age_min": 30, "audience.age_max": 55, "channels.features_wanted": ["ads", "vacancies"]}


# -- names -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, key", [
    ("Instagram", "instagram"), ("  insta ", "instagram"), ("Twitter", "x"), ("X (Twitter)", "x"),
    ("LinkedIn", "linkedin"), ("tik tok", "tiktok"), ("Mastodon", None), ("", None), (None, None), (3, None),
])
def test_platform_key(typed, key):
    assert channels.platform_key(typed) == key


def test_platform_label_translates_known_and_keeps_unknown():
    assert channels.platform_label("x", "en") == "X (Twitter)"
    assert channels.platform_label("Mastodon", "nl") == "Mastodon"


def test_mentioned_platforms_in_free_text():
    found = channels.mentioned_platforms(["vooral op Insta en TikTok", "LinkedIn-groepen", "excel", "x"])
    assert found == {"instagram", "tiktok", "linkedin", "x"}
    assert channels.mentioned_platforms("in the fbi files") == set()


def test_feature_key_accepts_labels_in_both_languages():
    assert channels.feature_key("Vacatures") == "vacancies"
    assert channels.feature_key("Job vacancies") == "vacancies"
    assert channels.feature_key("ads") == "ads"
    assert channels.feature_key("teleportation") is None


# -- platform figures ------------------------------------------------------------------------------

def test_platforms_default_to_the_latest_edition_most_used_first():
    df = channels.platforms()
    assert set(df["edition"]) == {max(channels.editions())}
    assert df["platform"].iloc[0] == "whatsapp"
    assert list(df["users_millions"]) == sorted(df["users_millions"], reverse=True)


def test_platforms_of_one_edition_and_all():
    assert set(channels.platforms(2024)["edition"]) == {2024}
    assert set(channels.platforms("2024")["edition"]) == {2024}
    assert set(channels.platforms("all")["edition"]) == set(channels.editions())


@pytest.mark.parametrize("lang, word", [("nl", "editie"), ("en", "edition")])
def test_unknown_edition_is_a_plain_message(lang, word):
    with pytest.raises(ValueError) as err:
        channels.platforms(1999, lang=lang)
    assert word in str(err.value) and "2025" in str(err.value)


def test_features_table_is_translated_with_source():
    nl = channels.features_table("nl")
    assert "Vacatures" in nl.columns and "Bron" in nl.columns
    row = nl[nl["Platform"] == "LinkedIn"].iloc[0]
    assert row["Vacatures"] == "ja" and row["Winkel en producten"] == "nee"
    assert "Job vacancies" in channels.features_table("en").columns


def test_offers_and_brand_image():
    assert {"ads", "vacancies", "events"} <= channels.offers("LinkedIn")
    assert "vacancies" not in channels.offers("tiktok")
    assert channels.offers("Mastodon") == set()
    assert channels.brand_image("linkedin") == "professional"


# -- age profiles: an assumption ---------------------------------------------------------------------

@pytest.mark.parametrize("band, bounds", [("15-19", (15, 19)), ("65+", (65, 99)), (" 20 - 39 ", (20, 39))])
def test_band_bounds(band, bounds):
    assert channels.band_bounds(band) == bounds


def test_profiles_are_shown_as_an_assumption_in_both_languages():
    assert channels.profiles_are_assumption()
    assert "aanname" in channels.age_profile_note(lang="nl")
    assert "assumption" in channels.age_profile_note(lang="en")
    table = channels.age_profile_table(lang="en")
    assert set(table["Origin"]) == {"toolkit's assumption"}


def test_group_override_replaces_one_platform_and_is_named():
    doc = doc_with(**{"channels.age_profiles": {"LinkedIn": {"15-19": 0, "20-39": 100}}})
    profiles = channels.age_profiles(doc)
    assert profiles["linkedin"] == {"15-19": 0.0, "20-39": 100.0, "40-64": 0.0, "65+": 0.0}
    assert profiles["facebook"] == channels.age_profiles()["facebook"]
    assert "LinkedIn" in channels.age_profile_note(doc, "en")
    table = channels.age_profile_table(doc, "en").set_index("Platform")
    assert table.loc["LinkedIn", "Origin"] == "the group's own figures"


def test_concentration():
    profile = {"15-19": 20, "20-39": 80}
    assert channels.concentration(profile, 15, 19) == pytest.approx(0.2)
    assert channels.concentration(profile, 20, 29) == pytest.approx(0.4)
    assert channels.concentration(profile, 0, 10) == 0
    assert channels.concentration({}, 15, 99) == 0


# -- audience fit ---------------------------------------------------------------------------------

def test_audience_fit_is_between_0_and_1_with_a_best_platform():
    fit = channels.audience_fit(doc_with(**YOUNG))
    assert set(fit) == set(channels.known_platforms())
    assert all(0 <= v <= 1 for v in fit.values())
    assert max(fit.values()) <= 1


def test_audience_fit_without_ages_is_neutral():
    fit = channels.audience_fit(model.new_document("x").audience)
    assert set(fit.values()) == {channels.NEUTRAL}
    assert channels.fit_note(model.new_document("x"), "en").startswith("Fill in")


def test_audience_fit_for_children_is_zero_with_a_note():
    doc = doc_with(**{"audience.age_min": 6, "audience.age_max": 12})
    assert set(channels.audience_fit(doc).values()) == {0.0}
    assert "15" in channels.fit_note(doc, "nl")
    assert channels.fit_note(doc_with(**YOUNG)) is None


def test_naming_a_platform_online_gives_a_bonus():
    plain = channels.audience_fit(doc_with(**B2B))
    named = channels.audience_fit(doc_with(**B2B, **{"audience.online_where": ["Pinterest-borden"]}))
    assert named["pinterest"] == pytest.approx(min(1.0, plain["pinterest"] + channels.ONLINE_BONUS), abs=1e-3)
    assert named["facebook"] == plain["facebook"]


def test_audience_fit_takes_profiles_as_a_table_and_users():
    profiles = pd.DataFrame({"platform": ["a", "b"], "15-19": [100, 0], "65+": [0, 100]})
    audience = model.Audience(age_min=15, age_max=19)
    assert channels.audience_fit(audience, profiles, users={}) == {"a": 1.0, "b": 0.0}
    # equal concentration, ten times the users: reach decides
    same = pd.DataFrame({"platform": ["a", "b"], "15-19": [100, 100]})
    fit = channels.audience_fit(audience, same, users={"a": 1.0, "b": 10.0})
    assert fit["b"] == 1.0 and fit["a"] == pytest.approx(0.55)


# -- the score --------------------------------------------------------------------------------------

# -- the shortlist: the platforms step 3 asks the brand fit of ---------------------------------------

def test_the_shortlist_is_the_best_audience_fit_first():
    doc = doc_with(**YOUNG)
    fit = channels.audience_fit(doc)
    short = channels.shortlist(doc)
    assert len(short) == channels.SHORTLIST and len(set(short)) == len(short)
    assert min(fit[p] for p in short) >= max(fit[p] for p in channels.known_platforms() if p not in short)
    assert [fit[p] for p in short] == sorted((fit[p] for p in short), reverse=True)
    assert "tiktok" in short and "facebook" not in short and channels.fit_known(doc)
    assert channels.ranked_by_fit(doc)[:channels.SHORTLIST] == short
    assert sorted(channels.ranked_by_fit(doc)) == sorted(channels.known_platforms())


def test_without_step_1_the_shortlist_is_the_most_used_platforms():
    doc = model.new_document("Team Test")
    users = channels.users_for_scoring()
    assert not channels.fit_known(doc)
    assert channels.shortlist(doc) == sorted(users, key=lambda p: -users[p][0])[:channels.SHORTLIST]
    assert channels.shortlist(doc, 2) == ["whatsapp", "youtube"] and channels.shortlist(doc, 0) == []


def test_a_platform_named_online_and_a_groups_own_figures_move_the_shortlist():
    named = doc_with(**{"audience.online_where": ["Pinterest"]})
    assert channels.fit_known(named) and channels.shortlist(named)[0] == "pinterest"
    older = doc_with(**{"audience.age_min": 50, "audience.age_max": 70})
    assert "snapchat" not in channels.shortlist(older)
    own = model.apply_changes(older, {"channels.age_profiles": {"snapchat": {"40-64": 50, "65+": 50}}})
    assert "snapchat" in channels.shortlist(own)


def test_score_columns_and_ranks():
    df = channels.score(doc_with(**YOUNG))
    assert list(df.columns) == ["platform", "audience_fit", "brand_fit", "features", "total", "rank"]
    assert list(df["rank"]) == list(range(1, len(df) + 1))
    assert list(df["total"]) == sorted(df["total"], reverse=True)
    assert df[["audience_fit", "brand_fit", "features", "total"]].apply(lambda c: c.between(0, 1).all()).all()


def test_young_persona_ranks_tiktok_instagram_snapchat_above_linkedin_facebook():
    r = ranks(channels.score(doc_with(**YOUNG)))
    for young in ("tiktok", "instagram", "snapchat"):
        for older in ("linkedin", "facebook"):
            assert r[young] < r[older], (young, older, r)


def test_b2b_persona_with_ads_and_vacancies_ranks_linkedin_first():
    df = channels.score(doc_with(**B2B))
    assert df["platform"].iloc[0] == "linkedin"
    assert df.set_index("platform").loc["linkedin", "features"] == 1.0
    assert df.set_index("platform").loc["bereal", "features"] == 0.0


def test_brand_fit_counts_and_unrated_is_neutral():
    df = channels.score(doc_with(**YOUNG, **{"channels.brand_fit": {"LinkedIn": 5, "TikTok": 0}})).set_index("platform")
    assert df.loc["linkedin", "brand_fit"] == 1.0
    assert df.loc["tiktok", "brand_fit"] == 0.0
    assert df.loc["instagram", "brand_fit"] == channels.NEUTRAL


def test_weights_change_the_ranking():
    doc = doc_with(**YOUNG, **{"channels.brand_fit": {"linkedin": 5, "snapchat": 0}})
    by_audience = ranks(channels.score(doc, {"audience": 10, "brand": 0, "features": 0}))
    by_brand = ranks(channels.score(doc, {"audience": 0, "brand": 10, "features": 0}))
    assert by_audience["snapchat"] < by_audience["linkedin"]
    assert by_brand["linkedin"] == 1 and by_brand["snapchat"] == len(by_brand)


def test_weights_from_the_document_and_their_defaults():
    doc = doc_with(**{"channels.weights": {"brand": 4}})
    assert channels.weights_of(doc) == {"audience": 2.0, "brand": 4.0, "features": 1.0}
    assert channels.weights_of(doc, {"brand": 0, "audience": 0, "features": 0}) == channels.DEFAULT_WEIGHTS
    assert channels.weights_of(None, {"audience": "lots", "unknown": 3})["audience"] == 0.0
    assert channels.DEFAULT_WEIGHTS == {"audience": 2.0, "brand": 1.0, "features": 1.0}


def test_total_is_the_weighted_mean():
    doc = doc_with(**B2B, **{"channels.brand_fit": {"linkedin": 4}})
    row = channels.score(doc, {"audience": 2, "brand": 1, "features": 1}).set_index("platform").loc["linkedin"]
    expected = (2 * row["audience_fit"] + row["brand_fit"] + row["features"]) / 4
    assert row["total"] == pytest.approx(expected, abs=1e-3)


# -- focus -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("chosen", [["instagram"], ["instagram", "linkedin"], ["Insta", "instagram", "linkedin"]])
def test_no_focus_warning_for_one_or_two(chosen):
    assert channels.focus_warning(chosen) is None


@pytest.mark.parametrize("lang, word", [("nl", "minstens één"), ("en", "at least one")])
def test_focus_message_when_none_is_chosen(lang, word):
    for chosen in ([], None, ["", "  "]):
        assert word in channels.focus_warning(chosen, lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_focus_warning_above_two(lang):
    text = channels.focus_warning(["instagram", "linkedin", "tiktok"], lang)
    assert text and "3" in text and "2" in text
