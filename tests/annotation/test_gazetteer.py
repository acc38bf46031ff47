"""The gazetteer that tells places from people and governments from settings."""

import pytest

from analysis.annotation.gazetteer import country_name, country_of_adjective, is_place, place_kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Russia", "country"),
        ("Russian Federation", "country"),
        ("the United States", "country"),
        ("Kyiv", "capital"),
        ("Kiev", "capital"),  # an alternate spelling of the same capital
        ("Washington", "capital"),
        ("Mykolaiv", "city"),
        ("Crimea", ""),  # a region: no city, no country
        ("Merkel", ""),
    ],
)
def test_place_kind(name, kind):
    assert place_kind(name) == kind


def test_country_names_are_normalised():
    assert country_name("Russian Federation") == "Russia"
    assert country_name("UK") == "United Kingdom"
    assert country_name("Crimea") == ""


@pytest.mark.parametrize(
    ("adjective", "country"),
    [
        ("Russian", "Russia"),
        ("Ukrainian", "Ukraine"),
        ("Chinese", "China"),
        ("Austrian", "Austria"),
        ("French", "France"),  # from the demonym resource, not the stem
        ("American", "United States"),
        ("European", ""),
        ("Democratic", ""),
    ],
)
def test_country_of_adjective(adjective, country):
    assert country_of_adjective(adjective) == country


def test_is_place_needs_the_gazetteer_spelling_and_size():
    assert is_place("Sumy")  # 260,000: a city the small model calls a person
    assert not is_place("Bucha")  # 37,000: below the threshold for people…
    assert is_place("Bucha", 15_000)  # …but a town when an organisation is so named
    assert not is_place("AAN")  # an airport code among the alternate names, not a spelling
    assert not is_place("MoD")
    assert not is_place("kyiv")  # lower case is not a name
