"""Word lists the PHI screen uses: census names and English words, read from installed packages.

- First names and surnames: the 1990 US Census name frequency files shipped inside the `names`
  package (`dist.male.first`, `dist.female.first`, `dist.all.last`).
- Common English words: the lowercase entries of the `web2` word list shipped inside the
  `english-words` package (capitalised entries there are proper nouns, so they are left out).

Both are package data read once, lazily; nothing is downloaded. The billing vocabulary that must
never count as a name (payers, MACs, states, months, claim words) is spelled out here too.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from functools import lru_cache


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

TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "sr", "sra", "srta"}


@dataclass(frozen=True)
class Lexicon:
    first_names: frozenset[str]
    surnames: frozenset[str]
    english: frozenset[str]
    not_names: frozenset[str]

    def is_first(self, word: str) -> bool:
        return word.lower() in self.first_names

    def is_surname(self, word: str) -> bool:
        return word.lower() in self.surnames

    def is_name(self, word: str) -> bool:
        w = word.lower()
        return w in self.first_names or w in self.surnames

    def is_eponym(self, word: str) -> bool:
        return word.lower() in EPONYM_SET

    def is_english(self, word: str) -> bool:
        return word.lower() in self.english

    def is_vocabulary(self, word: str) -> bool:
        return word.lower() in self.not_names


def _census(filename: str) -> frozenset[str]:
    text = importlib.resources.files("names").joinpath(filename).read_text(encoding="ascii")
    return frozenset(line.split()[0].lower() for line in text.splitlines() if line.strip())


def _english_lowercase() -> frozenset[str]:
    from english_words import get_english_words_set

    words = get_english_words_set(["web2"], lower=False, alpha=True)
    return frozenset(w for w in words if w.islower())


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon from the installed packages (loaded once per process, about 0.3 s)."""
    first = _census("dist.male.first") | _census("dist.female.first")
    last = _census("dist.all.last")
    not_names = frozenset(PAYERS_AND_MACS) | frozenset(BILLING_WORDS) | frozenset(US_PLACES) | frozenset(EPONYMS)
    return Lexicon(first_names=first, surnames=last, english=_english_lowercase(), not_names=not_names)
