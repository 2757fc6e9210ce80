"""Read the PHI screen's word lists from installed packages and the billing vocabulary, once per
process (about half a second).

- First names and surnames: the 1990 US Census name frequency files shipped inside the `names`
  package (`dist.male.first`, `dist.female.first`, `dist.all.last`).
- Common English words: the lowercase entries of the `web2` and `gcide` word lists shipped inside
  the `english-words` package (capitalised entries there are proper nouns).
- Billing vocabulary: `storage/billing_vocabulary.txt`, curated by hand (jargon, abbreviations,
  payers, drugs, devices, eponyms); the sections marked "never a name" are never taken for a name.
- CMS's own abbreviations: `storage/cms_vocabulary.txt`, the words of the HCPCS short descriptors
  the dictionaries lack, made by `descriptor_words` (its header says from which file and release).

Nothing is downloaded. The pure screen (`bot.reports.phi.screen`) takes the `Lexicon` built here as an
argument, so `bot/reports/` itself does no I/O.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache

from bot.reports.lexicon import Lexicon, build_lexicon


def _census(filename: str) -> list[str]:
    text = importlib.resources.files("names").joinpath(filename).read_text(encoding="ascii")
    return [line.split()[0] for line in text.splitlines() if line.strip()]


def _english(name: str) -> set[str]:
    from english_words import get_english_words_set

    words: set[str] = get_english_words_set([name], lower=False, alpha=True)
    return words


def parse_vocabulary(text: str) -> tuple[list[str], list[str]]:
    """(every word, the words never a name) of a vocabulary file: `[section]` lines, a section whose
    header line says "never a name", words separated by whitespace, `#` comments."""
    words: list[str] = []
    never: list[str] = []
    never_section = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("["):
            never_section = "never a name" in line
            continue
        for word in line.lower().split():
            words.append(word)
            if never_section:
                never.append(word)
    return words, never


def billing_vocabulary() -> tuple[list[str], list[str]]:
    text = importlib.resources.files("storage").joinpath("billing_vocabulary.txt").read_text(encoding="utf-8")
    return parse_vocabulary(text)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon from the installed packages and the vocabulary file (read once per process)."""
    first = _census("dist.male.first") + _census("dist.female.first")
    vocabulary, never = billing_vocabulary()
    return build_lexicon(
        first,
        _census("dist.all.last"),
        _english("web2"),
        more_english=_english("gcide"),
        vocabulary=vocabulary + cms_vocabulary(),
        never_names=never,
    )


def cms_vocabulary() -> list[str]:
    """The words of CMS's own HCPCS short descriptors the dictionaries lack (`storage/cms_vocabulary.txt`,
    made by `descriptor_words` from the PFS relative value file; see its header)."""
    text = importlib.resources.files("storage").joinpath("cms_vocabulary.txt").read_text(encoding="utf-8")
    return parse_vocabulary(text)[0]


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
