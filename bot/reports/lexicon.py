"""The word lists the PHI screen uses, as a pure `Lexicon` value. No I/O here.

`build_lexicon(first_names, surnames, english, ...)` makes a `Lexicon` from word lists the caller
has read: `storage.wordlists.load_lexicon()` reads them (once per process) from installed packages —
the 1990 US Census name files in `names`, the `web2` and `gcide` lists in `english-words` — and
the curated billing vocabulary in `storage/billing_vocabulary.txt` (jargon, abbreviations, payers,
drugs, devices, eponyms). The words that must never count as a name (payers, MACs, states,
months, claim words) are also spelled out here, so the screen works even without that file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


def _words(text: str) -> list[str]:
    return text.split()


# Words a biller writes capitalised that collide with census names or look like them.
PAYERS_AND_MACS = _words("""
noridian novitas palmetto gba wps ngs cgs first coast fcso national government services
aetna uhc united unitedhealthcare healthcare humana cigna anthem elevance centene molina wellcare
kaiser permanente highmark optum tricare medicare medicaid medi-cal medical cal bcbs blue cross shield
amerigroup ambetter oscar caresource emblem empire excellus geisinger harvard pilgrim independence
horizon premera regence priority health partners tufts point care oxford magellan evicore carelon
availity waystar trizetto change athena athenahealth epic cerner kareo advancedmd eclinicalworks
nextgen allscripts meditech janus jurisdiction jh jl jk jm jj jn je jf j5 j6 j8 j15 dme mac macs
railroad rrb palmetto's noridian's novitas's cms hhs oig recovery rac uic zpic upic smrc cert
part parts advantage supplement medigap mcr mcd hmo ppo pos epo snp dsnp cms-1500 ub-04 ub04
""")

BILLING_WORDS = _words("""
cpt hcpcs icd icd-10 icd10 modifier modifiers carc rarc lcd ncd ncci ptp mue ptp's mppr rvu rvus gpci
gpcis pfs opps asc apc drg ms-drg e/m em ncci's abn ghost global prior auth authorization
denial denied denials appeal appealed appeals redetermination reconsideration qic alj
claim claims remit era eob 835 837 edi clearinghouse payer payers biller billers coder coders coding
office facility professional technical component bilateral assistant surgeon co-surgeon
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
q1 q2 q3 q4 cy fy ytd
pecos nppes caqh npi npis ptan clia tin ein taxonomy
""")

# Eponyms in procedure and diagnosis names ("Mohs surgery", "Jones fracture").
EPONYMS = _words("""
mohs whipple holter foley pap baker doppler parkinson alzheimer crohn hodgkin bell achilles colles swan ganz
epley dix hallpike apgar glasgow tinel phalen mcmurray lachman babinski cushing addison graves hashimoto
raynaud marfan tourette asperger kaposi barrett bartholin dupuytren morton heberden bouchard osgood schlatter
legg perthes ewing wilms burkitt hirschsprung meckel nissen roux billroth heller hartmann harrington bankart
latarjet weber lisfranc jones bennett smith barton monteggia galeazzi maisonneuve chopart trendelenburg fowler
sims valsalva heimlich guyon dequervain quervain kienbock mallory weiss zenker schatzki
bier hickman groshong port-a-cath medi-port coumadin lasix prolia botox eylea lucentis humira keytruda
""")

EPONYM_SET = frozenset(EPONYMS)

US_PLACES = _words("""
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho
illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada hampshire jersey mexico york carolina dakota ohio
oklahoma oregon pennsylvania rhode island tennessee texas utah vermont virginia washington west
wisconsin wyoming columbia district puerto rico guam virgin islands samoa northern mariana
north south east new american
""")

# US postal codes of states and territories, a place's state after it ("Everett WA", "Tyler, TX"). Not MD, PA or
# MA: after a name they are the person's credentials ("Everett MD", "Victoria PA").
STATE_CODES = frozenset(
    _words("""
al ak az ar ca co ct de dc fl ga hi id il in ia ks ky la me mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok or
ri sc sd tn tx ut vt va wa wv wi wy pr gu vi
""")
)

TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "sr", "sra", "srta"}


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per process
class Lexicon:
    first_names: frozenset[str]
    surnames: frozenset[str]
    english: frozenset[str]
    not_names: frozenset[str]
    vocabulary: frozenset[str] = frozenset()
    common_firsts: frozenset[str] = frozenset()  # the commonest census first names (by frequency)
    common_surnames: frozenset[str] = frozenset()  # the commonest census surnames (by frequency)
    # Organisations, places and eponymous conditions (never a name), by first word: "henry" → ("henry", "ford").
    phrases: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    places: frozenset[str] = frozenset()  # one-word place names, a place where the context says so
    # Organisations named like a person (one of the commonest census names: "sutter", "mayo", "sanford"),
    # an organisation only before a place: "Mayo Rochester", "Sanford in Sioux Falls".
    organisations: frozenset[str] = frozenset()
    # Given names since 1880 the 1990 census lists lack ("aaliyah", "jayden"): never explained as a word by a
    # slip, a stem or a compound, but not used by the name rules (too many are also abbreviations: "alys", "ren").
    given_names: frozenset[str] = frozenset()
    # First names and common surnames that only the larger dictionary lists as a lower-case word (`build_lexicon`).
    name_not_word: frozenset[str] = frozenset()
    # The English words written most often: what an inflection, a prefix or a slip may come from (empty: any).
    common_words: frozenset[str] = frozenset()
    # Words of a medical dictionary that are no first name and no common surname ("takotsubo", "tuohy",
    # "mittelschmerz"): explained as they are written, never a base another word is derived from.
    medical: frozenset[str] = frozenset()
    # Spanish words that are no name ("apelaciones", "recepción"), explained the same way: as written, never a base.
    spanish: frozenset[str] = frozenset()
    # Every capitalised word of the medical dictionary, common names among them ("smith", "flint"): a name before a
    # condition is its eponym only if it is one of these ("Smith fracture", "Austin Flint murmur").
    medical_eponyms: frozenset[str] = frozenset()

    def is_first(self, word: str) -> bool:
        return _key(word) in self.first_names

    def is_surname(self, word: str) -> bool:
        return _key(word) in self.surnames

    def is_name(self, word: str) -> bool:
        w = _key(word)
        return w in self.first_names or w in self.surnames

    def is_eponym(self, word: str) -> bool:
        return _key(word) in EPONYM_SET

    def is_english(self, word: str) -> bool:
        return word.lower() in self.english

    def is_vocabulary(self, word: str) -> bool:
        """A billing word that is never a name (payer, MAC, claim word, drug, eponym...)."""
        w = word.lower()
        return w in self.not_names or w.replace("'", "") in self.not_names

    def is_common_first(self, word: str) -> bool:
        return _key(word) in self.common_firsts

    def is_common_surname(self, word: str) -> bool:
        return _key(word) in self.common_surnames

    def phrase_spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of known organisations, places and eponymous conditions in `text` ("Henry Ford Health",
        "Los Angeles", "Lou Gehrig's", "in Austin"): words there are not a person's name. Linear: one pass
        over the words, each looking ahead at most the length of the longest phrase."""
        words = [(m.start(), m.end(), m.group().lower()) for m in PHRASE_WORD.finditer(text)]
        spans: list[tuple[int, int]] = []
        for i, (start, end, word) in enumerate(words):
            if "-" in word and word in self.not_names:
                spans.append((start, end))  # "Medi-Cal": a hyphenated billing word, none of its parts a name
            for phrase in self.phrases.get(word, ()):
                n = len(phrase)
                # the last word may be possessive: "Baylor Scott & White's plan"
                if i + n <= len(words) and all(_word_of(words[i + k][2], k == n - 1) == phrase[k] for k in range(1, n)):
                    spans.append((start, words[i + n - 1][1]))
                    break
            if word in self.organisations and self._before_place(words, i + 1):
                spans.append((start, end))
            if i + 1 < len(words) and text[start].isupper() and _named_place(text, words, i):
                spans.append((start, words[i + 1][1]))  # "Jefferson City", "Warren OH office"
            if word in self.places:
                before = words[i - 1][2] if i else ""
                after = words[i + 1][2] if i + 1 < len(words) else ""
                # "Lincoln and Jefferson counties": a place listed with a place in context.
                listed = after in ("and", "or", "&") and i + 3 < len(words) and words[i + 2][2] in self.places
                # "in Tulsa and Norman": listed after a place that is never a name or that its context made a place
                # ("spoke with Austin and Norman" are people).
                prior = words[i - 2] if i >= 2 else None
                follows_place = (
                    before in ("and", "or", "&")
                    and prior is not None
                    and prior[2] in self.places
                    and (prior[2] in self.not_names or (bool(spans) and spans[-1][0] == prior[0]))
                )
                # "Austin Regional Clinic", "the Tulsa Surgical Center": one word of what kind between.
                described = after in _PLACE_KIND and i + 2 < len(words) and words[i + 2][2] in _PLACE_AFTER
                state = after in STATE_CODES and text[words[i + 1][0] : words[i + 1][1]].isupper()
                # Listed with a place that is never a name: "helena and missoula", "Victoria, Laredo, Beaumont".
                beside_place = (
                    after in ("and", "or", "&")
                    and i + 2 < len(words)
                    and words[i + 2][2] in self.places
                    and words[i + 2][2] in self.not_names
                ) or (
                    i + 1 < len(words)
                    and text[end : words[i + 1][0]].strip() == ","
                    and after in self.places
                    and after in self.not_names
                )
                if (
                    before in _PLACE_BEFORE
                    or after in _PLACE_AFTER
                    or described
                    or state
                    or beside_place
                    or (listed and words[i + 3][2] in _PLACE_AFTER)
                    or follows_place
                ):
                    spans.append((start, end))
        spans += self._place_lists(text, words, spans)
        # A town once placed is a place wherever else the text names it: "Paris TX and Paris TN show as 'Paris'".
        placed = {text[a:b].lower() for a, b in spans} & self.places
        if not placed:
            return spans
        # ...and another town compared with it is a place too: "Austin region ... than Houston".
        compared = [
            (a, b) for k, (a, b, word) in enumerate(words) if word in self.places and k and words[k - 1][2] in _COMPARED
        ]
        return spans + compared + [(a, b) for a, b, word in words if word.strip("'") in placed]

    def _place_lists(
        self, text: str, words: list[tuple[int, int, str]], found: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Places listed with commas, "and" or "or" after a word that puts a place ("in", "our") or before a
        word of an office ("clinics"), or three or more of them: "Austin, Houston and Dallas clinics", "in Tyler,
        Norman, or Lawton", "victoria and corpus christi clinics" (a place of several words `found` already).
        Linear: each word starts at most one list."""
        starts = {start: end for start, end in found}
        by_end = {w[1]: k for k, w in enumerate(words)}
        phrase_end = {k: by_end[starts[w[0]]] for k, w in enumerate(words) if starts.get(w[0]) in by_end}

        def place(k: int) -> bool:
            return k < len(words) and (words[k][2] in self.places or phrase_end.get(k, k) > k)

        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            if not place(i):
                i += 1
                continue
            run = [(i, phrase_end.get(i, i))]
            while True:
                j = run[-1][1]
                k = j + 1
                if k < len(words) and text[words[j][1] : words[k][0]].strip() in (",", "") and words[k][2] in _AND:
                    k += 1  # "Houston and", "Norman, or"
                elif not (k < len(words) and text[words[j][1] : words[k][0]].strip() == ","):
                    break
                if not place(k):
                    break
                run.append((k, phrase_end.get(k, k)))
            before = words[i - 1][2] if i else ""
            after = words[run[-1][1] + 1][2] if run[-1][1] + 1 < len(words) else ""
            # Three places or more listed are places whatever is around them: "for houston, dallas, austin, and rest".
            if len(run) >= 3 or (len(run) >= 2 and (before in _PLACE_BEFORE or after in _PLACE_AFTER)):
                spans.extend((words[first][0], words[last][1]) for first, last in run)
            i = run[-1][1] + 1
        return spans

    def _before_place(self, words: list[tuple[int, int, str]], k: int) -> bool:
        """`words[k:]` start with a place or an organisation, or with "in", "at" or "and" and one."""
        if k < len(words) and words[k][2] in ("in", "at", "and", "or", "&"):  # "Mayo and Cleveland Clinic"
            k += 1
        return k < len(words) and (words[k][2] in self.places or words[k][2] in self.phrases)

    def is_billing_word(self, word: str) -> bool:
        """A word of the billing vocabulary (a superset of `is_vocabulary`, with jargon and abbreviations)."""
        w = word.lower()
        return w in self.vocabulary or w in self.not_names


def _word_of(word: str, last: bool) -> str:
    """A phrase's word as written; the last one without a possessive "'s"."""
    return word.removesuffix("'s") if last else word


def _key(word: str) -> str:
    """Census files spell names in capitals without apostrophes or spaces: O'Connor is OCONNOR."""
    return word.lower().replace("'", "")


# A word of a phrase: letters, digits, "&" and apostrophes, with inner dots and hyphens ("st", "l.a", "cedars-sinai").
PHRASE_WORD = re.compile(r"[a-z0-9&'](?:[a-z0-9&'.-]*[a-z0-9&'])?", re.IGNORECASE)
_AND = frozenset({"and", "or", "&"})
_COMPARED = frozenset({"than", "vs", "versus", "like", "from", "to", "and", "or", "nor", "including"})
_PLACE_BEFORE = frozenset({"in", "at", "near", "our", "the", "their", "your", "of"})
_PLACE_AFTER = frozenset({
    "office", "offices", "clinic", "clinics", "hospital", "hospitals", "area", "region", "locality", "county",
    "metro", "market", "location", "site", "campus", "branch", "practice", "team", "facility", "facilities",
    "center", "centre", "division", "plant", "counties", "parish", "parishes", "township", "borough", "sites",
    "locations", "branches", "isd", "usd", "school", "schools", "district", "districts", "unit", "units",
})  # fmt: skip
_PLACE_KIND = frozenset({
    "regional", "medical", "community", "memorial", "general", "family", "urgent", "primary", "specialty",
    "surgical", "surgery", "orthopedic", "orthopaedic", "cancer", "heart", "eye", "children's", "women's", "rural",
    "health", "dialysis", "imaging", "radiology", "pain", "spine", "ambulatory", "endoscopy", "cardiology",
    "service", "indian", "ihs",
})  # fmt: skip


# Capitalised words that end a town's name: "Jefferson City", "Carson City", "Cedar Falls".
_TOWN_ENDS = frozenset({"city", "township", "heights", "springs", "falls", "beach", "village"})


def _named_place(text: str, words: list[tuple[int, int, str]], i: int) -> bool:
    """A capitalised word before a capitalised town ending ("Jefferson City"), or before a state's code in
    capitals and a word of an office ("Warren OH office"): a place even when no list knows the town."""
    start, end, word = words[i + 1]
    if word in _TOWN_ENDS and text[start].isupper() and text[words[i][1] : start] == " ":
        return True
    return word in STATE_CODES and text[start:end].isupper() and i + 2 < len(words) and words[i + 2][2] in _PLACE_AFTER


def _phrase_index(phrases: Iterable[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases as word tuples, by first word, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(m.group().lower() for m in PHRASE_WORD.finditer(phrase))
        if words:
            index.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(set(group), key=len, reverse=True)) for first, group in index.items()}


def build_lexicon(
    first_names: Iterable[str],
    surnames: Iterable[str],
    english: Iterable[str],
    *,
    more_english: Iterable[str] = (),
    vocabulary: Iterable[str] = (),
    never_names: Iterable[str] = (),
    phrases: Iterable[str] = (),
    places: Iterable[str] = (),
    organisations: Iterable[str] = (),
    common_firsts: Iterable[str] = (),
    common_surnames: Iterable[str] = (),
    given_names: Iterable[str] = (),
    common_words: Iterable[str] = (),
    medical: Iterable[str] = (),
    spanish: Iterable[str] = (),
) -> Lexicon:
    """A lexicon from census first names, census surnames and lowercase English words (any case given;
    capitalised English entries are proper nouns and are left out of `english`).

    `more_english` is a second dictionary whose words count as English only when they are not census
    names (GCIDE lists "maria" and "lopez"-like rarities), and which must confirm a census name of `english`
    (web2 lists "graham" and "patel" in lower case); `vocabulary` is the billing vocabulary
    (jargon, abbreviations, drugs); `never_names` are billing words that are never a name; `common_words` are the
    words a derived word may come from (none given: any English word); `medical` a medical dictionary's words, of
    which those that are a first name or a common surname are left out; `spanish` Spanish words that are no name."""
    firsts = frozenset(w.lower() for w in first_names)
    lasts = frozenset(w.lower() for w in surnames)
    more = frozenset(more_english)
    base = frozenset(w for w in english if w.islower())
    confirmed = frozenset(w.lower() for w in more)
    given = frozenset(g.lower() for g in given_names)
    common = firsts | given | frozenset(w.lower() for w in common_surnames)
    extra = frozenset(w for w in more if w.islower() and w not in firsts and w not in lasts)
    not_names = (
        frozenset(PAYERS_AND_MACS)
        | frozenset(BILLING_WORDS)
        | frozenset(US_PLACES)
        | frozenset(EPONYMS)
        | frozenset(w.lower() for w in never_names)
    )
    return Lexicon(
        first_names=firsts,
        surnames=lasts,
        english=base | extra,
        not_names=not_names,
        vocabulary=frozenset(w.lower() for w in vocabulary) | not_names,
        common_firsts=frozenset(w.lower() for w in common_firsts),
        common_surnames=frozenset(w.lower() for w in common_surnames),
        phrases=_phrase_index(phrases),
        places=frozenset(p.lower() for p in places),
        organisations=frozenset(o.lower() for o in organisations),
        given_names=given,
        # A first name, or one of the commonest census surnames, that only web2 lists in lower case ("graham",
        # "nelson", "patel", "begay", "reddy"): a word to the name rules, but no explanation of a word alone.
        name_not_word=(base & common) - confirmed if confirmed else frozenset(),
        common_words=frozenset(common_words),
        medical=frozenset(w.lower() for w in medical) - common,
        medical_eponyms=frozenset(w.lower() for w in medical if w[:1].isupper()),
        spanish=frozenset(spanish),
    )
