"""Read the PHI screen's word lists from installed packages and the billing vocabulary, once per
process (about half a second).

- First names and surnames: the 1990 US Census name frequency files shipped inside the `names`
  package (`dist.male.first`, `dist.female.first`, `dist.all.last`).
- Common English words: the lowercase entries of the `web2` and `gcide` word lists shipped inside
  the `english-words` package (capitalised entries there are proper nouns).
- Billing vocabulary: `storage/billing_vocabulary.txt`, curated by hand (jargon, abbreviations,
  payers, drugs, devices, eponyms); the sections marked "never a name" are never taken for a name.
- US places: `storage/us_places.txt`, states and cities of 15,000 people or more, generated once from
  GeoNames by `storage.places` (its header names the source and version).
- Drug names: `storage/drug_names.txt`, one-word generic and brand names of the drugs MedlinePlus or
  Wikipedia describes, generated once by `storage.drugs` (its header names the source and version).
- CMS's own abbreviations: `storage/cms_vocabulary.txt`, the words of the HCPCS short descriptors
  the dictionaries lack, made by `descriptor_words` (its header says from which file and release).
- Medical words: Debian's `hunspell-en-med` (OpenMedSpel, GPL-3+), read from where Debian installs it and never
  copied into this project; eponyms and terms ("takotsubo", "tuohy", "mittelschmerz") are explained as written.
  Without it the screen still works and asks about more clinical words (the server logs a warning).
- Spanish words: `storage/spanish_words.txt`, those of the 50,000 Spanish words written most often that are
  written ten times as often in Spanish as in English or German and are no name, generated once from `wordfreq`
  by `storage.spanish_words`: explained as written ("apelaciones", "recepción").
- Common words: `storage/common_words.txt`, the 50,000 English words written most often, generated once
  from `wordfreq` by `storage.common_words`: a short word another is derived from must be one of them.

Nothing is downloaded. The pure screen (`bot.reports.phi.screen`) takes the `Lexicon` built here as an
argument, so `bot/reports/` itself does no I/O.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.reports.lexicon import Lexicon, build_lexicon

# The census files list names by frequency: the commonest are names even when they are also words.
COMMON_FIRST_NAMES = 600  # of each sex
COMMON_SURNAMES = 5000


def _census(filename: str) -> list[str]:
    text = importlib.resources.files("names").joinpath(filename).read_text(encoding="ascii")
    return [line.split()[0] for line in text.splitlines() if line.strip()]


def census_first_names() -> list[str]:
    """The 1990 Census first names, both sexes, lower case."""
    return [w.lower() for w in _census("dist.male.first") + _census("dist.female.first")]


def given_names() -> list[str]:
    """US given names since 1880 the census lists lack (`storage/given_names.txt`, made by
    `storage.given_names` from the SSA's counts; see its header)."""
    text = importlib.resources.files("storage").joinpath("given_names.txt").read_text(encoding="utf-8")
    return parse_vocabulary(text).words


def _english(name: str) -> set[str]:
    from english_words import get_english_words_set

    words: set[str] = get_english_words_set([name], lower=False, alpha=True)
    return words


@dataclass(frozen=True)
class Vocabulary:
    words: list[str] = field(default_factory=list)  # every word of a word section
    never: list[str] = field(default_factory=list)  # the words of sections marked "never a name"
    phrases: list[str] = field(default_factory=list)  # lines of the [phrases] section, one phrase a line
    places: list[str] = field(default_factory=list)  # words of the [places] section
    organisations: list[str] = field(default_factory=list)  # words of the [organisations before a place] section


def parse_vocabulary(text: str) -> Vocabulary:
    """A vocabulary file: `[section]` header lines (a header saying "never a name" marks words that are
    never a person's name; `[phrases]` holds one phrase a line; `[places]` one-word place names;
    `[organisations before a place]` organisations named like a person, one only before a place), words
    separated by whitespace, `#` comments."""
    vocabulary = Vocabulary()
    section = ""
    never_section = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("["):
            section = line[1 : line.index("]")].strip().lower() if "]" in line else ""
            never_section = "never a name" in line
            continue
        if section == "phrases":
            vocabulary.phrases.append(" ".join(line.lower().split()))
            continue
        for word in line.lower().split():
            if section == "places":
                vocabulary.places.append(word)
                continue
            if section == "organisations before a place":
                vocabulary.organisations.append(word)
                continue
            vocabulary.words.append(word)
            if never_section:
                vocabulary.never.append(word)
    return vocabulary


def billing_vocabulary() -> Vocabulary:
    text = importlib.resources.files("storage").joinpath("billing_vocabulary.txt").read_text(encoding="utf-8")
    return parse_vocabulary(text)


def us_places() -> Vocabulary:
    """US states and cities (`storage/us_places.txt`, made by `storage.places` from GeoNames; see its header)."""
    text = importlib.resources.files("storage").joinpath("us_places.txt").read_text(encoding="utf-8")
    return parse_vocabulary(text)


def common_words() -> list[str]:
    """The 50,000 English words written most often (`storage/common_words.txt`, made by `storage.common_words` from
    `wordfreq`; see its header): what a derived word may come from."""
    text = importlib.resources.files("storage").joinpath("common_words.txt").read_text(encoding="utf-8")
    return parse_vocabulary(text).words


def spanish_words() -> list[str]:
    """The Spanish words billers write that are no name (`storage/spanish_words.txt`, made by
    `storage.spanish_words` from `wordfreq`; see its header)."""
    text = importlib.resources.files("storage").joinpath("spanish_words.txt").read_text(encoding="utf-8")
    return parse_vocabulary(text).words


def drug_names() -> Vocabulary:
    """Drug names (`storage/drug_names.txt`, made by `storage.drugs` from a drug dictionary; see its header)."""
    text = importlib.resources.files("storage").joinpath("drug_names.txt").read_text(encoding="utf-8")
    return parse_vocabulary(text)


def cms_vocabulary() -> list[str]:
    """The words of CMS's own HCPCS short descriptors the dictionaries lack (`storage/cms_vocabulary.txt`,
    made by `descriptor_words` from the PFS relative value file; see its header)."""
    text = importlib.resources.files("storage").joinpath("cms_vocabulary.txt").read_text(encoding="utf-8")
    return parse_vocabulary(text).words


# Debian's hunspell-en-med (OpenMedSpel, GPL-3+): read where it is installed, never copied into this project.
MEDICAL_DICTIONARY = Path("/usr/share/hunspell/en_med_glut.dic")


def medical_words(path: Path = MEDICAL_DICTIONARY) -> list[str]:
    """The words of the medical dictionary (letters and hyphens: four or more, or three in lower case such as "eus";
    "Vogt-Koyanagi-Harada"), or none when it is not installed."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[1:]  # the first line is a count
    # "Tarlov/M": the word, then its affix flags; "Goldmann's", "Fuchs'": an eponym in the possessive.
    words = (line.split("/", 1)[0].strip().removesuffix("'s").removesuffix("'") for line in lines)
    return [
        w
        for w in words
        if (len(w) >= 4 or (len(w) == 3 and w.islower())) and w.isascii() and w.replace("-", "").isalpha()
    ]


@lru_cache(maxsize=1)
def load_lexicon(*, with_drugs: bool = True) -> Lexicon:
    """The lexicon from the installed packages and the vocabulary file (read once per process). Without the drug
    list (`with_drugs=False`) for `storage.drugs`, which makes that list."""
    male, female, last = _census("dist.male.first"), _census("dist.female.first"), _census("dist.all.last")
    firsts = {w.lower() for w in male + female}
    billing = billing_vocabulary()
    places = us_places()
    drugs = drug_names() if with_drugs else Vocabulary()
    # Jargon is never a name either, unless it is also a first name ("bill", "art").
    never = billing.never + [w for w in billing.words if w not in firsts]
    return build_lexicon(
        male + female,
        last,
        _english("web2"),
        more_english=_english("gcide"),
        vocabulary=billing.words + places.words + drugs.words + cms_vocabulary(),
        never_names=never + places.never + drugs.never,
        phrases=billing.phrases + places.phrases,
        places=billing.places + places.places + places.words,
        organisations=billing.organisations,
        common_firsts=male[:COMMON_FIRST_NAMES] + female[:COMMON_FIRST_NAMES],
        common_surnames=last[:COMMON_SURNAMES],
        given_names=given_names(),
        common_words=common_words(),
        medical=medical_words(),
        spanish=spanish_words(),
    )


def descriptor_words(descriptors: list[str], lexicon: Lexicon, min_census_uses: int = 3) -> list[str]:
    """The billing words of CMS descriptors that `lexicon` cannot explain: the abbreviations CMS writes
    ("anesth", "docd", "perq", "arthrd") and drug names. A word that is also a census name is kept only
    when at least `min_census_uses` descriptors use it (an abbreviation such as "comp" or "ost", not a
    person's name appearing once in an eponym)."""
    from collections import Counter

    from bot.reports.explain import WORD, explained, split_word

    uses: Counter[str] = Counter()
    for descriptor in descriptors:
        seen = set()
        for m in WORD.finditer(descriptor):
            for part in split_word(m.group()):
                if not explained(part, lexicon):
                    seen.add(part.lower())
        uses.update(seen)
    return sorted(w for w, n in uses.items() if not lexicon.is_name(w) or n >= min_census_uses)
