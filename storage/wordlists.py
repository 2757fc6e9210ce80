"""Read the PHI screen's word lists from installed packages, once per process (about 0.3 s).

- First names and surnames: the 1990 US Census name frequency files shipped inside the `names`
  package (`dist.male.first`, `dist.female.first`, `dist.all.last`).
- Common English words: the lowercase entries of the `web2` word list shipped inside the
  `english-words` package (capitalised entries there are proper nouns).

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


def _english() -> set[str]:
    from english_words import get_english_words_set

    words: set[str] = get_english_words_set(["web2"], lower=False, alpha=True)
    return words


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon from the installed packages (read once per process)."""
    first = _census("dist.male.first") + _census("dist.female.first")
    return build_lexicon(first, _census("dist.all.last"), _english())
