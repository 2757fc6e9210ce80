"""Measure the PHI screen on the labelled corpus `tests/phi_corpus.tsv`.

Run: `.venv/bin/python -m tests.phi_corpus [-v]` prints recall (PHI sentences flagged), the false-positive
rate (clean sentences flagged) and, with -v, every miss and false alarm. `tests/test_phi.py` asserts the goals.
The corpus is hand-written (not produced by the detector); each line is `label<TAB>kind<TAB>sentence`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bot.reports.phi import screen
from storage.wordlists import load_lexicon

CORPUS = Path(__file__).with_name("phi_corpus.tsv")
# "\u200b" in a corpus sentence stands for that character: invisible ones stay readable in the file.
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
HOLDOUT = Path(__file__).with_name("phi_corpus_holdout.tsv")
HOLDOUT2 = Path(__file__).with_name("phi_corpus_holdout2.tsv")
# Written by the H8 audit and committed before the screen ever ran on it (commit 7067100). First run:
# recall 95.52 % (64/67), false positives 2.82 % (2/71). Misses: a lower-case name whose surname is
# also an eponym ("marcus bell"), a 7-digit local phone number, an age spelled out ("ninety-four");
# false alarms: "PECOS" (read as a surname), "837 error on loop 2300" (read as a street address).
HOLDOUT3 = Path(__file__).with_name("phi_corpus_holdout3.tsv")
# Written by another helper for issue 9 (dated 2026-12-04), copied and committed (commit d328054) after the
# folding/explaining screen was frozen (commit dfec267) and before it ever ran on it. First run: recall
# 94.07 % (127/135), false positives 22.96 % (31/135). Misses: lower-case "baker, tom" and "bell m." (eponym
# surnames), a Navajo surname in a file name ("ABN_signed_begay.tif"), three SSNs written apart ("517.04.8832",
# "276 - 90 - 3314", "three four nine sixty-two eleven eighty-seven"), an age with "she's 97", a rural route
# address. False alarms: eponyms and drugs the vocabulary lacked ("Meniere's", "Xiaflex"), "isnt" written
# without its apostrophe (3), health systems and plans named after people or places ("Henry Ford Health
# Plan", "Johns Hopkins", "Baylor Scott & White", "Cedars-Sinai", "MassHealth", "TennCare", "Allwell"), cities
# ("Austin", "Fargo", "St. Louis", "Los Angeles"), eponymous conditions ("Lou Gehrig's", "Tommy John",
# "Huntington's"), "Dr." without a name, "Max units", "FQHC", "mr knee" and "mrsa", an NDC read as ZIP+4,
# "availity dot com" and "cms.gov" read as an e-mail and a web address. (The screen before this issue, run on
# the same set afterwards for comparison: recall 48.89 % (66/135), false positives 11.85 % (16/135).) After
# tuning on it (commit 15fc9b8 and later): 100 % and 0 % on this set, as on all 1,008 sentences; CMS's 15,154
# short descriptors: 1.19 % flagged.
HOLDOUT4 = Path(__file__).with_name("phi_corpus_holdout4.tsv")
# Issue 9 item 4, class work (branch k9phi, after set 4): vocabularies and rules by class, not by seen words:
# US states/counties/cities generated from GeoNames (storage/us_places.txt), drug names generated from a
# MedlinePlus-backed dictionary (storage/drug_names.txt), organisations, contractions and shorthand
# (billing_vocabulary.txt), common names that are also words in a name's position (name_positions.py),
# identifiers read out or hand-copied (read_out.py), public numbers (public_numbers.py). All five sets
# still 100 % / 0 %, CMS short descriptors still 1.19 % (180/15,154). No fresh held-out set was run
# on it (set 5 was not ready within the brief's time): its honest first-run figure is still to come.
HOLDOUT5 = Path(__file__).with_name("phi_corpus_holdout5.tsv")
# Fifth held-out batch (dated 2026-12-05), written by a writer who never saw the screen; no screen ran on it
# until the figures below. First run on the screen before the class work (main at 25c8a2f): recall 97.33 %
# (146/150), false positives 7.33 % (11/150). First run on the class-work screen (k9phi merged, d8074d5):
# recall 98.00 % (147/150), false positives 4.67 % (7/150). Misses: a two-letter surname before an initial
# ("vo t."), an MBI read out letter by letter with digits as words, a ZIP+4 joined by the word "dash". False
# alarms: a tribal nation ("navajo"), clipped words ("orig", "avg", "chole"), a city that is a surname alone
# ("richardson"), a portal named by acronym and word ("NGSConnex"), a drug brand after its J-code ("elaprase").
# After tuning on set 5 by class (commit 1af6a0e): set 5 100 % / 0.67 % (the one alarm left: "richardson", a city
# that is also a common surname, standing alone); all sets 100 % / 0.15 %.
HOLDOUT6 = Path(__file__).with_name("phi_corpus_holdout6.tsv")
# Sixth held-out batch (dated 2026-12-05), written by another writer who never saw the screen, kept sealed (no
# screen ran on it) until the screen tuned on set 5 was committed (1af6a0e). First run: recall 96.88 %
# (155/160), false positives 6.25 % (10/160). Misses: an SSN spelled in digit words joined by "dash", "EZE,
# EMEKA" (a surname, first name in capitals), "Kim S.Y." (two initials), an MBI in space-separated groups
# ("8VX3 FG6 TW02"), a date of service in words ("twelve one twenty-five"). False alarms: words the
# dictionaries lack ("using", "workup", "fundoplication", "klinefelter's"), clipped "trad" (twice), Medicaid
# plans and portals ("bluecare", "forwardhealth"), a drug brand not beside its code ("elaprase"), a city
# before "regional clinic" ("austin").
# After tuning on set 6 by class (commit 36054a6): all six sets 100 % recall, 0.12 % false positives ("richardson").
HOLDOUT7 = Path(__file__).with_name("phi_corpus_holdout7.tsv")
# Seventh held-out batch (dated 2026-12-05), written for this round by a writer who never saw the screen, run once
# on the screen tuned on sets 5 and 6 (commit 814eb79). First run: recall 95.00 % (152/160), false positives
# 11.88 % (19/160). Misses: names written apart letter by letter ("G r a c e", "h-i-r-o-s-h-i", "J.o.h.n.s.o.n")
# or in digits for letters ("s4nt1ag0 m3ndez"), "Li X." (a two-letter surname that is also a dictionary word),
# "DOS12/12" (a date glued to its label), lower-case names of two common words ("ruth baker", "april may").
# False alarms: cities that are first names before a state ("Elizabeth NJ", "Everett WA", "Tyler, TX",
# "Victoria TX"), "Douglas County", "Frank question", "helena and missoula", specialty drug brands ("nexviazyme",
# "cerezyme", "vpriv", "strensiq", "hadlima", "Hemlibra"), Medicaid systems ("NCTracks", "GAMMIS"), "HIPPS",
# "NOE", "picklists", "superbill", "oglala".
# After tuning on set 7 by class (commit d61f012): set 7 99.38 % / 1.88 %; all seven sets 99.79 % / 0.60 %.
HOLDOUT8 = Path(__file__).with_name("phi_corpus_holdout8.tsv")
# Eighth held-out batch (dated 2026-12-05), written for this round by another writer who never saw the screen,
# run once on the screen tuned on sets 5, 6 and 7 (commit d61f012). First run: recall 96.25 % (154/160), false
# positives 11.88 % (19/160). Misses: "Bo Xu" (a surname that is also a modifier), "june park" (a month and a
# word), a date of service in number words after "dos =" with "slash", an SSN told in pieces ("starts with six
# twenty three, middle is oh nine..."), an MBI read back with "D as in delta", "X-ray", letters apart with
# slashes ("O/K/A/F/O/R"). False alarms: specialty drug and biosimilar brands ("Hadlima", "Yusimry", "Onpro",
# "Jubbonti"), vendors and plans ("Kantime", "Vaya"), "Gila River", compounds ("lookback", "worksheet"), "blew",
# places that are first names ("Eugene is PacificSource", "Paris TX", "Victoria, Laredo, Beaumont", "Grady in
# Atlanta"), "Medi-Cal Rx", "W.W. Hastings Hospital", a CPT range read as a phone ("92541-92542"), policy dates
# ("deleted Jan 1", "takes effect 1/1/2027", "effective 4/1/2027, 3% bump" read as a phone).
# After tuning on set 8 by class (commit b1ee3d4): set 8 98.75 % / 4.38 %; all eight sets 99.73 % / 0.95 %.
HOLDOUT9 = Path(__file__).with_name("phi_corpus_holdout9.tsv")
# Ninth held-out batch (dated 2026-12-05), written by another writer who never saw the screen (asked for about two
# thirds everyday chat, one third hard text), run once on the screen tuned on sets 5 to 8 (commit b1ee3d4).
# First run: recall 98.12 % (157/160), false positives 2.50 % (4/160). Misses: a ZIP+4 split by a space after
# "zip+4 is", a phone with letters for digits ("3l2-555-Ol87"), a name spelled apart with emoji between the
# letters. False alarms: "sooo", "Hadlima" (a biosimilar brand), "jur" (jurisdiction), "1-800-MEDICARE
# (1-800-633-4227)" (a toll-free line in brackets read as a phone).
# After tuning on set 9 by class (commit 3bdb4aa): set 9 100 % / 0.62 % ("Hadlima"); all nine sets 99.82 % / 0.87 %.
HOLDOUT10 = Path(__file__).with_name("phi_corpus_holdout10.tsv")
# Tenth held-out batch (dated 2026-12-05), written by another writer who never saw the screen (about two thirds
# everyday chat), run once on the screen tuned on sets 5 to 9 (commit a9498d4). First run: recall 98.75 %
# (158/160), false positives 1.88 % (3/160). Misses: "Obi, Chinwe M." (Last, First M. in Title case, names no
# list knows), an MBI read over the phone with "dash" between its groups. False alarms: "follow ups",
# "bisphosphonate", "Warren OH office and the Jefferson City office" (towns no list knows).
# After tuning on set 10 by class (commit e580a91): set 10 100 % / 0 %; all ten sets 99.79 % / 0.81 %.
HOLDOUT11 = Path(__file__).with_name("phi_corpus_holdout11.tsv")
# Eleventh held-out batch (dated 2026-12-05), written by another writer who never saw the screen (about two thirds
# everyday chat), run once on the screen tuned on sets 5 to 10 (commit 3a5f1f6). First run: recall 99.38 %
# (159/160), false positives 3.75 % (6/160). Miss: an admission date given as a holiday and a year ("admit was
# Thanksgiving Day 2025"). False alarms: "MolDX" (twice), "spanish" (a language in lower case), "termd" (termed),
# "teh" (the, typed with two letters swapped), "sept 30" (a hospice cap year's end, read as a date).
# After tuning on set 11 by class (commit 5cbaa39): set 11 100 % / 0.62 % ("sept 30").
HOLDOUT12 = Path(__file__).with_name("phi_corpus_holdout12.tsv")
# Twelfth held-out batch (dated 2026-12-05), written by another writer who never saw the screen, run once on the
# screen tuned on sets 5 to 11 (commit 5cbaa39). First run: recall 99.38 % (159/160), false positives 3.75 %
# (6/160). Miss: "DOS was Valentine's Day this year". False alarms: holidays in lower case or unknown to the
# dictionaries ("christmas eve", "Juneteenth"), "mom" (twice: unknown, and read as a name after "pt's"), the
# Medicare line 1-800-633-4227 near "the pt", two biosimilar brands ("Hadlima", "Yusimry").
# After tuning on set 12 by class (commit ba33ac2): set 12 100 % / 0.62 % ("Hadlima", "Yusimry").
HOLDOUT13 = Path(__file__).with_name("phi_corpus_holdout13.tsv")
HOLDOUT14 = Path(__file__).with_name("phi_corpus_holdout14.tsv")
# Thirteenth and fourteenth held-out batches (dated 2026-12-05), by two more writers who never saw the screen,
# both run once on the screen tuned on sets 5 to 12 (commit ba33ac2). First run, set 13: recall 98.75 %
# (158/160), false positives 0.62 % (1/160); set 14: recall 98.12 % (157/160), false positives 0.62 % (1/160);
# together 98.44 % (315/320) and 0.62 % (2/320). Misses: modern given names the 1990 census lists lack
# ("aaliyah brooks", "Aaliyah Washington": "aaliyah" even passed as a one-letter slip of "aliyah"), "the day after
# Thanksgiving 2025", an e-mail spelled with "underscore" and a bare "example com", a ZIP+4 split by a space
# after "9 digit zip, pt's is". False alarms: "wiki", a policy date after "retired with the ... update".
# After tuning on sets 13 and 14 by class (commit 5d61372): both 100 % / 0 %.
HOLDOUT15 = Path(__file__).with_name("phi_corpus_holdout15.tsv")
HOLDOUT16 = Path(__file__).with_name("phi_corpus_holdout16.tsv")
# Fifteenth and sixteenth held-out batches (dated 2026-12-05), by two more writers who never saw the screen, both
# run once on the screen tuned on sets 5 to 14 (commit 1481e57). First run, set 15: recall 98.75 % (158/160),
# false positives 1.88 % (3/160); set 16: recall 98.75 % (158/160), false positives 5.00 % (8/160); together
# 98.75 % (316/320) and 3.44 % (11/320). Misses: an e-mail with digits for letters ("j_0rt3ga at example d0t
# com"), a phone with digit words glued to digits ("5five5 - 0one2seven"), "nancy vo" (lower case, a two-letter
# surname), "came in on New Year's Day 2026". False alarms: policy dates ("updates take effect 10/1/2026", "fee
# schedule dated 7/1/2025"), "CoverMyMeds", "I'll", "fridge", "mailroom", "Mayo and Cleveland Clinic",
# "Soarian", "Dallas doesn't" after a list of cities, "Elizabeth NJ and Paterson", "Mother's Day".
# After tuning on sets 15 and 16 by class (commit 63bcbf2): set 15 100 % / 0 %, set 16 100 % / 1.25 %.
HOLDOUT17 = Path(__file__).with_name("phi_corpus_holdout17.tsv")
HOLDOUT18 = Path(__file__).with_name("phi_corpus_holdout18.tsv")
# Seventeenth and eighteenth held-out batches (dated 2026-12-05), by two more writers who never saw the screen
# (more evasions, and office small talk among the clean lines), both run once on the screen tuned on sets 5 to
# 16 (commit 63bcbf2). First run, set 17: recall 96.25 % (154/160), false positives 3.12 % (5/160); set 18:
# recall 96.88 % (155/160), false positives 5.62 % (9/160); together 96.56 % (309/320) and 4.38 % (14/320).
# Misses: a name in camel case in a file name ("EOB-scan-FitzgeraldSean-final2.pdf"), "MR 118-4420", a member ID
# in spaced groups, "in her mid-90s", a birthday in number words without a label, an SSN given in two parts
# ("starts with 276-40 and ends with 3310", "ending 4 4 1 9, first five 2 1 8 3 0"), "bobby ray tucker", a phone
# joined by "[dot]", an MBI in letter-and-digit groups with slashes, "one-twenty Elm, unit B". False alarms:
# office small talk ("laptops", "tacos", "wifi", "timesheets", "congrats", "iPads", "sry"), "birthday card" and
# "the birthday rule" read as a date, office closure dates ("closed 12/24 and 12/25"), a provider-services line
# near "member", a misspelt payer quoted as a rejection ("Unitedhealtcare"), "Wellcare and Ambetter from Peach
# State".
# After tuning on sets 17 and 18 by class (commit fac1bbc): each 98.75 % / 0.62 %.
HOLDOUT19 = Path(__file__).with_name("phi_corpus_holdout19.tsv")
HOLDOUT20 = Path(__file__).with_name("phi_corpus_holdout20.tsv")
# Nineteenth and twentieth held-out batches (dated 2026-12-05), by two more writers who never saw the screen, both
# run once on the screen tuned on sets 5 to 18 (commit fac1bbc). First run, set 19: recall 98.75 % (158/160),
# false positives 1.25 % (2/160); set 20: recall 96.25 % (154/160), false positives 3.75 % (6/160); together
# 97.50 % (312/320) and 2.50 % (8/320). Misses: "nine hundred north elm, unit twelve", an SSN told as "4-8-2 then
# 55 then 1093", "visit on 8-22", "visit on christmas eve", "account #G880321" (shaped like an ICD-10 code), "one-oh-
# five Lakeshore Dr", "age is nine-two", an SSN written backwards. False alarms: holiday closures and formulary
# dates ("closure is Nov 26-27", "formulary Jan 1", "closed 12/24, 12/25 and 1/1"), ":birthday:", "walkthrough",
# "talk to her" (Her is also a surname), "Austin and Tyler sites", "USPSTF".
# After tuning on sets 19 and 20 by class (commit 157a638): each 99.38 % / 0 %.
HOLDOUT21 = Path(__file__).with_name("phi_corpus_holdout21.tsv")
HOLDOUT22 = Path(__file__).with_name("phi_corpus_holdout22.tsv")
# Twenty-first and twenty-second held-out batches (dated 2026-12-05), by two more writers who never saw the
# screen, run once on the screen of commit 56bdd25 (tuned on sets 5 to 20) and NOT tuned on: the honest figure of
# this version. Set 21: recall 98.12 % (157/160), false positives 1.25 % (2/160); set 22: recall 98.75 %
# (158/160), false positives 2.50 % (4/160); together 98.44 % (315/320) and 1.88 % (6/320). Misses: a phone
# joined by "~", "one two two Birch Hollow" (a house number in words, no street word), a name in base64, an MBI
# spelled with "T-as-in-Tom", "acct #G88213" (shaped like an ICD-10 code, five digits). False alarms: "the
# 1/1/2027 fee schedule", "Haitian Creole" after "pt speaks", "otw", "Columbus Day", "BlueCard", "Austin, Houston
# and Dallas clinics".
# Tuned on sets 21 and 22 by class (next session, 2026-12-05): digit groups joined by any mark, a house number
# right after "address is"/"lives at", base64 text asked about, "T like Tom"/"T for Tom", anything after "acct #",
# dates naming a release ("the 1/1/2027 fee schedule"), an inflected verb after "pt", chat slang, more holidays,
# camel-case plan brands ("BlueCard"), places listed before an office word. Sets 21 and 22: 100 % / 0 %; all
# 6,748 sentences: 99.79 % / 0.56 %; CMS short descriptors 1.12 % (169/15,154).

# Next session (2026-12-05): classes an evader would try next, written by hand before any new set ran (commit
# abfe9f1): keycap digits, an SSN or phone given in pieces after its label, member ids in groups, IPs and web
# addresses read out, birth years, initials; drug brands Wikipedia describes.
HOLDOUT23 = Path(__file__).with_name("phi_corpus_holdout23.tsv")
HOLDOUT24 = Path(__file__).with_name("phi_corpus_holdout24.tsv")
# Twenty-third and twenty-fourth held-out batches (dated 2026-12-05), by two new writers who never saw the screen
# (23: a front-desk biller typing fast; 24: an orthopedic coder who tries to sneak identifiers past filters), run
# once on commit abfe9f1. Set 23: recall 98.12 % (157/160), false positives 3.75 % (6/160); set 24: recall
# 95.62 % (153/160), false positives 4.38 % (7/160); together 96.88 % (310/320) and 4.06 % (13/320). One of set
# 24's catches was luck ("name in hex ..." caught because "in" after "name" was read as a name). Misses: names
# explained as words by a stem or a slip ("ifeoma's" as a tumour, "chinedu" as "chined" plus a letter, "rajesh"
# via "raj", "benally" via "ben" + "al" + "ly"), word names owning a claim ("rose bell's 99213", "faith brown's",
# "hope young:", "april rose baker 28296"), "Kim Min-jun", "p.o. b o x 4 4 0 2". False alarms: places listed
# ("houston, dallas, austin, and rest of state", "victoria and corpus christi clinics", "austin ISD"), "THSteps",
# "payer names in" ("in" after "names"), "mayo", orthopedic eponyms ("schatzker II", "gustilo IIIA", "segond fx",
# "thompson test", "finkelstein", "thessaly", "austin moore stem").
# Tuned on sets 23 and 24 by class: suffixes and slips must leave four letters, no vowel added at a word's end,
# -oma words listed (the ending explains none), an initial glued to a surname, word names before "'s", ":" or a
# code, hyphenated given names, "box" spelled apart, %-escapes and HTML references decoded in the fold, text in
# hexadecimal bytes, three places listed, places of several words in lists, an acronym and a plain word, eponyms
# read from what follows them (bot/reports/eponyms.py). Sets 23 and 24: 100 % / 0.62 % and 100 % / 1.88 %.
# Then, written by hand before any new set ran: a slip keeps the first two letters, "-d" follows an "e", "-al" and two
# suffixes leave four letters, first names and common surnames only web2 lists in lower case are no words; word names
# opening a sentence before what a person does (commits 185a508, 0ca7410).
HOLDOUT25 = Path(__file__).with_name("phi_corpus_holdout25.tsv")
HOLDOUT26 = Path(__file__).with_name("phi_corpus_holdout26.tsv")
# Twenty-fifth and twenty-sixth held-out batches (dated 2026-12-05), by two new writers who never saw the screen (25:
# an AR specialist writing long chatty messages; 26: a rural clinic office manager), run once on commit 0ca7410.
# Set 25: recall 100.00 % (160/160), false positives 5.00 % (8/160); set 26: recall 98.75 % (158/160), false
# positives 2.50 % (4/160); together 99.38 % (318/320) and 3.75 % (12/320). Misses: "Ruth Kills Crow's records" (a
# surname of words, in Title case), "faleolo-seini-face-photo-1.jpeg" (a joined word with a digit passed as a code).
# False alarms: "no S L O I B Z letters", "3 weeks, so" (read as Last, First), "last names, try", "96413 only, no
# 96415" (read as City, ST ZIP), "10 sec loop" (a street), "mayo" (twice), "hopkins all children's", "sibley
# memorial", "shiprock service unit", "hunter green scrubs", "our clinic ZIP 87420".
# Tuned on sets 25 and 26 by class: a Title-case common first name mid-sentence before a Title-case word, joined words
# with a digit judged by their parts, letters talked of, City, ST ZIP only with a state's code, units in a sentence
# are no street, Last, First not of a plural and a word, no name after "names," ; lower-case organisations before
# "memorial"/"medical center", "mayo" an organisation (as "kaiser"), colours, the practice's own ZIP.
# Then: a word no list holds before a facility word is the place's name (commit cb8e14f).
HOLDOUT27 = Path(__file__).with_name("phi_corpus_holdout27.tsv")
HOLDOUT28 = Path(__file__).with_name("phi_corpus_holdout28.tsv")
# Twenty-seventh and twenty-eighth held-out batches (dated 2026-12-05), by two new writers who never saw the screen
# (27: a supervisor pasting EHR, remit and portal text; 28: a home health, hospice and DME night-shift coder), run
# once on commit cb8e14f. Set 27: recall 98.75 % (158/160), false positives 5.62 % (9/160); set 28: recall 98.75 %
# (158/160), false positives 3.75 % (6/160); together 98.75 % (316/320) and 4.69 % (15/320). Misses: "Mercy Obi"
# (a first name that is also a health system, at a sentence's start), "Tsering Dolma" ("tsere" + "ing"), "member
# id AET W298 447 103" (a payer's prefix before the groups), "dolores's" ("dolor" + "es"). False alarms: an 11-digit
# NDC, "colo" (three times), "myabilitynetwork", "93620/93621" (read as a phone), "Austin region ... than
# Houston", "Zio", "Hunter Holmes McGuire VA", "Henry Schein", "jackson-pratt drain", "pushback", "1/30 per day",
# "vibes", "avaiity".
# Tuned on sets 27 and 28 by class: a derived word comes from a billing word, an English word of six letters or
# more, or one of the 50,000 commonest (storage/common_words.txt, from wordfreq); CMS words that only a rare base
# explained added to storage/cms_vocabulary.txt by its own rule; a payer's prefix before id groups; NDC digits;
# codes joined by "/"; rates ("1/30 per day"); "my" + a brand; one letter wrong or missing in a long billing word;
# towns compared; VA centers named after people; hyphenated eponyms; supply companies named like people.
HOLDOUT29 = Path(__file__).with_name("phi_corpus_holdout29.tsv")
HOLDOUT30 = Path(__file__).with_name("phi_corpus_holdout30.tsv")
# Twenty-ninth and thirtieth held-out batches (dated 2026-12-05), by two new writers who never saw the screen (29: a
# hospital outpatient and ASC denial analyst; 30: a small practice's biller in psychiatry, PT/OT, podiatry), run once
# on commit 61b2dd6. Set 29: recall 100.00 % (160/160), false positives 2.50 % (4/160); set 30: recall 98.75 %
# (158/160), false positives 6.25 % (10/160); together 99.38 % (318/320) and 4.38 % (14/320). Misses: "J. Mwangi's
# 90847" (a word before a 908xx code taken for a vaccine's name), "sky river (pt name, not a typo)". False alarms:
# therapy methods, tests and operations named after people ("lapidus", "bobath", "kinesio", "tinetti", "mckenzie
# method", "finkelstein", "tarasoff", "austin bunionectomy", "Bruce protocol", "Marjolin ulcer"), "Lexiscan",
# "waitlist", "Smith fracture ... 25605 either way" (read as a street), "Baylor Scott & White's plan", taxonomy codes.
# Tuned on sets 29 and 30 by class: vaccines are 90476-90759 only, strong eponym nouns after any name ("protocol",
# "method", "bunionectomy"), therapy and podiatry eponyms listed, phrases with a possessive, quantifiers are no street
# words, taxonomy codes by shape or word, nine digits before a letter are no record number.
HOLDOUT31 = Path(__file__).with_name("phi_corpus_holdout31.tsv")
HOLDOUT32 = Path(__file__).with_name("phi_corpus_holdout32.tsv")
# Thirty-first and thirty-second held-out batches (dated 2026-12-05), by two new writers who never saw the screen
# (31: an academic medical center's revenue-cycle analyst; 32: an urgent-care billing lead, chatty, Spanish and
# Vietnamese-speaking patients), run once on the screen of commit 0497a73 (tuned on sets 5 to 30) and NOT tuned on.
# Set 31: recall 99.38 % (159/160), false positives 3.12 % (5/160); set 32: recall 100.00 % (160/160), false
# positives 0.62 % (1/160); together 99.69 % (319/320) and 1.88 % (6/320). Miss: "Austin Young from the Austin
# clinic" (a patient named like the place). False alarms: "Hope Lodge", "habilitative", "checkwrite", "Elevidys",
# "DaTscan", "Molina MS" (a state's code read as "Ms.").
HOLDOUT33 = Path(__file__).with_name("phi_corpus_holdout33.tsv")
HOLDOUT34 = Path(__file__).with_name("phi_corpus_holdout34.tsv")
# Thirty-third and thirty-fourth held-out batches (dated 2026-12-05), by two new writers who never saw the screen
# (33: an FQHC generalist, dental among the services; 34: a cardiology Medicare Advantage appeals specialist, asked
# for many eponyms and device brands), run once on the same screen as sets 31 and 32 (commit 0497a73), not tuned on
# before. Set 33: recall 98.75 % (158/160), false positives 5.00 % (8/160); set 34: recall 97.50 % (156/160), false
# positives 11.25 % (18/160); together 98.12 % (314/320) and 8.12 % (26/320). With sets 31 and 32, that screen's
# first runs: recall 98.91 % (633/640), false positives 5.00 % (32/640). Misses: ages beside a relative
# ("grandpa's 93", "husband 93 and wife 95"), "min-jun park 99203", "young, j —", "Sunny Mayo's Watchman" (a
# surname that is also a health system), "triple five" in a phone read out. False alarms: dental words ("perio",
# "prophy", "DentaQuest" twice, "hpi"), a file name with "CO" in it, "missing DOB — all", and cardiology eponyms
# ("Stokes-Adams", "Eisenmenger", "Fogarty", "Takotsubo", "May-Thurner", "Allen test", "Austin Flint murmur",
# "Ebstein", "Paget-Schroetter", "Prinzmetal", "Libman-Sacks", "Graham Steell", "Mobitz", "Wenckebach"),
# "MediBlue", "Maximus", "transvenous", "Merlin.net".
# Tuned on sets 33 and 34 by class (commit after 04a9292): a relative and an age, "double"/"triple" digits,
# lower-case hyphenated given names owning a code, "surname, j —", two-letter capitals in file names are codes,
# strong eponym nouns of cardiology and two capitalised names before them, cardiology and dental vocabulary,
# "trans-"/"endo-"/"epi-", device portals. Sets 33 and 34 after: 100 % / 0 % and 99.38 % / 0 % (the miss left:
# "Sunny Mayo's").
HOLDOUT35 = Path(__file__).with_name("phi_corpus_holdout35.tsv")
HOLDOUT36 = Path(__file__).with_name("phi_corpus_holdout36.tsv")
# Thirty-fifth and thirty-sixth held-out batches (dated 2026-12-05), by two new writers who never saw the screen (35:
# an anesthesia and pain-management billing manager; 36: a pediatric and OB/GYN patient-accounts rep), run once on
# the last screen of this round (commit 53d4e8c, tuned on sets 5 to 34) and NOT tuned on: this version's figure.
# Set 35: recall 98.12 % (157/160), false positives 5.62 % (9/160); set 36: recall 99.38 % (159/160), false
# positives 5.00 % (8/160); together 98.75 % (316/320) and 5.31 % (17/320). Misses: "Dakota Crow", "Sky Baker's",
# "parker young's kyphoplasty", "Parker Austin" (names made of words and places). False alarms: clinical eponyms
# and instruments ("tarlov cyst", "tuohy needle", "gaenslen's", "Pfannenstiel", "Nabothian", "McRoberts", "Braxton
# Hicks", "Hegar dilators", "Mittelschmerz", "Edinburgh"), clipped words ("kypho" twice, "radic"), health systems
# ("hoag", "carle"), "FABER", "austin ASC", "nexplanon".
# Tuned on sets 35 and 36 (at the next stop) by class: a medical dictionary (Debian's hunspell-en-med, read where it
# is installed) explains clinical words as written; more health systems. Sets 35 and 36 after: 98.12 % / 2.50 % and
# 99.38 % / 2.50 % (misses left: "Dakota Crow", "parker young's", "Sky Baker's", "Parker Austin").
HOLDOUT37 = Path(__file__).with_name("phi_corpus_holdout37.tsv")
HOLDOUT38 = Path(__file__).with_name("phi_corpus_holdout38.tsv")
# Thirty-seventh and thirty-eighth held-out batches (dated 2026-12-05), by two new writers who never saw the screen,
# asked for clean text "as hard as real life" (37: a dermatology and Mohs practice in Arizona, Hispanic and Navajo
# patients, Spanish beside English; 38: a GI endoscopy ASC coder in New Jersey, terse and lower case), run once on
# commit 6de9fac (tuned on sets 5 to 36, with the medical dictionary). Set 37: recall 100.00 % (160/160), false
# positives 20.62 % (33/160); set 38: recall 99.38 % (159/160), false positives 15.00 % (24/160); together 99.69 %
# (319/320) and 17.81 % (57/320). Miss: "Camden Warren got CO-22" (a name made of two places). False alarms: dates
# of payers' changes and deadlines ("tier list changed jan 1", "final rule 11/1/2026", "week of Nov 17", "by Dec
# 15, deadline"; 9), Spanish (6), new brands ("Ebglyss", "Selarsdi", "Vtama", "Zoryve", "Juvederm", "iPLEDGE",
# "plenvu", "cologuard", "pillcam"), pharmacies and labs ("Walgreens", "Sonora Quest"), eponyms before instruments
# and lesions ("Keyes punch", "Castroviejo needle holders", "Sutton nevus", "cameron lesions", "forrest IIa
# ulcer", "rome IV criteria", "plummer-vinson web"), lower-case abbreviations ("eus", "hopd", "eoe", "faq"), small
# towns ("Kayenta", "Ganado", "Pinetop"), a CLIA number, "dyspagia".
# Tuned on sets 37 and 38 by class: a date a payer's change happened on or a deadline, in a sentence with no person;
# Spanish words written ten times as often in Spanish as in English or German, less names (`storage/spanish_words.py`);
# a product's name before a dose or form or compared with a known drug; makers, programs, pharmacies, labs, preps and
# GI devices; eponym nouns of instruments and lesions, Roman-numeral grades with a letter; the medical dictionary's
# three-letter words; a slip of a long medical word; towns of 1,000 people or more in context; CLIA numbers after
# their label. Sets 37 and 38 after: 100.00 % / 6.25 % and 99.38 % / 3.75 %.
HOLDOUT39 = Path(__file__).with_name("phi_corpus_holdout39.tsv")
HOLDOUT40 = Path(__file__).with_name("phi_corpus_holdout40.tsv")
# Thirty-ninth and fortieth held-out batches (dated 2026-12-05), by two new writers who never saw the screen (39: a
# nephrology, dialysis and DME biller in Louisiana; 40: an ophthalmology and retina practice in Michigan, asked for eye
# eponyms and tests), run once on commit 2d721ac (tuned on sets 5 to 38). Set 39: recall 98.75 % (158/160), false
# positives 10.62 % (17/160); set 40: recall 99.38 % (159/160), false positives 23.75 % (38/160); together 99.06 %
# (317/320) and 17.19 % (55/320). Misses: "Dang's tunneled cath" (a surname that is an English word), "Winona Iron
# Shell", "Winona Iron Cloud" (a first name that is also a city, before a Lakota surname). False alarms: eye eponyms
# ("Goldmann", "Seidel", "Purtscher", "Bruch's", "Marcus Gunn pupil", "Argyll Robertson pupil", "Duane and Brown
# syndrome", "Zeis and Moll glands", "Ishihara plates", "Snellen chart", "Vogt-Koyanagi-Harada", "Posner-Schlossman",
# "Irvine-Gass"), device brands ("WavelinQ", "Ellipsys", "LipiFlow", "RxSight", "Vivity", "Symfony", "iStent", "Kahook",
# "Gore-Tex", "Roho"), health systems and hospitals named after people or saints ("Willis-Knighton", "Mary Bird
# Perkins", "Leonard J. Chabert Medical Center", "Christus St. Frances Cabrini", "Our Lady of Lourdes", "Bronson in
# Kalamazoo", "Hurley in Flint"), "DaVita", dates of deadlines, resets and reissued schedules, "ages 90 and up",
# "Hurricane Ida", "Mardi Gras", "Chaldean", "gonio", "shoulda".
# Tuned on sets 39 and 40 by class: the medical dictionary's possessive and hyphenated eponyms; strong eponym nouns of
# the eye ("pupil", "membrane", "glands", "chart", "plates", "retinopathy"...) and two names joined by "and" before
# one; hospitals named after saints, storms; an initial in an organisation's name; health systems before a place;
# deadlines, resets and reissues as dates of a change; a band of ages; "iStent"-style and coined camel-case brands;
# any census first name that is a city is a place in context only. Sets 39 and 40 after: 99.38 % / 3.75 % and
# 100.00 % / 8.12 %.
HOLDOUT41 = Path(__file__).with_name("phi_corpus_holdout41.tsv")
HOLDOUT42 = Path(__file__).with_name("phi_corpus_holdout42.tsv")
# Forty-first and forty-second held-out batches (dated 2026-12-05), by two new writers who never saw the screen (41:
# an emergency medicine and radiology coding lead at a Texas billing company, trauma eponyms and South Texas towns;
# 42: a rheumatology infusion and oncology biller in Ohio, biosimilars, Amish and Somali patients), run once on
# commit 82037a0 (tuned on sets 5 to 40). Set 41: recall 97.50 % (156/160), false positives 18.75 % (30/160); set
# 42: recall 100.00 % (160/160), false positives 10.62 % (17/160); together 98.75 % (316/320) and 14.69 % (47/320).
# Misses: "91F syncope" (an age and a sex), "Obi's ankle films" (a surname that is an English word), "Lualhati
# Macaraeg syncope workup" and "Victoria Alamo syncope workup" (a patient's name before a condition, read as an
# eponym). False alarms: dates of a client's or payer's change ("client starts jan 1", "posted ... on 12/01",
# "kicked in 7/1", "the 10/1 formulary"), "ED"/"US" read as initials ("right, ED"), trauma eponyms ("Cullen and Grey
# Turner signs", "Schatzker II tibial", "Garden IV hip", "Le Fort II", "Rolando and Bennett", "Morison pouch"), towns
# named like people ("Del Rio", "Refugio", "Zapata"), plans and hospitals ("Driscoll", "Christus Spohn", "Valley
# Baptist"), brands ("Gadavist", "Sylvant", "Onbody", "ClickJect", "Jubbonti"), scores ("BASDAI", "SLEDAI",
# "Gleason 9", "Coombs positive"), a message of typos ("remicaid denied agian ... expird").
# Tuned on sets 41 and 42 by class: a name before a condition ("syncope", "fracture", "murmur") is an eponym only if
# the medical dictionary or the eponym list knows it; an age and a sex in shorthand ("91F"); more words of a change
# before a date, up to two words between, and "formulary" after; departments in capitals are no name; "signs" and
# Roman-numeral grades before a bone; a known eponym before "positive"/"score". Sets 41 and 42 after: 99.38 % /
# 9.38 % and 100.00 % / 8.75 %.
HOLDOUT43 = Path(__file__).with_name("phi_corpus_holdout43.tsv")
HOLDOUT44 = Path(__file__).with_name("phi_corpus_holdout44.tsv")
HOLDOUT45 = Path(__file__).with_name("phi_corpus_holdout45.tsv")
HOLDOUT46 = Path(__file__).with_name("phi_corpus_holdout46.tsv")
# Forty-third to forty-sixth held-out batches (dated 2026-12-05), by four new writers who never saw the screen, with
# the same brief as sets 37 to 42 (43: behavioral health and substance use in Washington, Russian, Ukrainian and
# Marshallese patients; 44: home health and hospice in Florida; 45: orthopedics and sports medicine in Colorado; 46:
# an FQHC in Minnesota, Hmong, Somali and Karen patients), run once on the last screen of this round (commit 5db9504,
# tuned on sets 5 to 42) and NOT tuned on: this version's figure. Set 43: recall 100.00 % (160/160), false positives
# 15.00 % (24/160); set 44: 99.38 % (159/160), 13.12 % (21/160); set 45: 99.38 % (159/160), 13.75 % (22/160); set 46:
# 96.25 % (154/160), 11.25 % (18/160); together recall 98.75 % (632/640), false positives 13.28 % (85/640). Misses:
# names made of words and places ("Cash Young", "Faith Kingbird", "Dakota Stone"), Hmong and Karen names
# ("kou her", "Kou Va\u200bng", "Eh Ta\u200bw Moo's", "eh ku paw"), a Medicaid id of one letter and six digits
# ("R492017"). False alarms: regional payers, systems and programs ("PrimeWest" 4, "Harborview", "Kadlec",
# "CentraCare", "AvMed", "Acentra", "CompWest", "Salish BH-ASO"), nationalities ("Marshallese" 3), systems' acronyms
# ("iQIES" 3, "HHCAHPS", "MHPAEA", "FLMMIS"), eponyms ("Jobe", "Stener", "Hardinge", "Hawkins-Kennedy", "Kaplan-Meier",
# "Patrick test", "Trendelenburg gait", "Lapidus ... Austin ... Akin"), brands ("Össur", "Breg", "Bledsoe", "Dentrix",
# "Kardex"), towns ("Gunnison", "Itasca", "Moses Lake", "Steamboat"), dates of deadlines and closures, typos and
# joined words ("whoevr", "anthm", "apeal", "mixups", "printouts", "snowboarder"), "ASAM" read as a name (7).
# Outside HELD_OUT (and "all"): nothing was tuned on them; `python -m tests.phi_corpus` reports them as "untuned".
UNTUNED = (HOLDOUT43, HOLDOUT44, HOLDOUT45, HOLDOUT46)

# Every held-out set, in the order written.
HELD_OUT = (
    HOLDOUT, HOLDOUT2, HOLDOUT3, HOLDOUT4, HOLDOUT5, HOLDOUT6, HOLDOUT7, HOLDOUT8, HOLDOUT9, HOLDOUT10,
    HOLDOUT11, HOLDOUT12, HOLDOUT13, HOLDOUT14, HOLDOUT15, HOLDOUT16, HOLDOUT17, HOLDOUT18, HOLDOUT19, HOLDOUT20,
    HOLDOUT21, HOLDOUT22, HOLDOUT23, HOLDOUT24, HOLDOUT25, HOLDOUT26, HOLDOUT27, HOLDOUT28,
    HOLDOUT29, HOLDOUT30, HOLDOUT31, HOLDOUT32, HOLDOUT33, HOLDOUT34, HOLDOUT35, HOLDOUT36, HOLDOUT37, HOLDOUT38,
    HOLDOUT39, HOLDOUT40, HOLDOUT41, HOLDOUT42,
)  # fmt: skip


def all_examples() -> list[Example]:
    return load_corpus(CORPUS) + [example for path in HELD_OUT for example in load_corpus(path)]


@dataclass(frozen=True)
class Example:
    line: int
    phi: bool
    kind: str
    text: str


@dataclass
class Measurement:
    phi_total: int = 0
    clean_total: int = 0
    misses: list[Example] = field(default_factory=list)
    false_alarms: list[tuple[Example, list[str]]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return (self.phi_total - len(self.misses)) / self.phi_total

    @property
    def false_positive_rate(self) -> float:
        return len(self.false_alarms) / self.clean_total


def load_corpus(path: Path = CORPUS) -> list[Example]:
    examples = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        label, kind, text = raw.split("\t", 2)
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
        if label not in ("phi", "clean"):
            raise ValueError(f"{path.name}:{n}: label must be phi or clean, not {label!r}")
        examples.append(Example(n, label == "phi", kind, text))
    return examples


def measure(examples: list[Example]) -> Measurement:
    m = Measurement()
    lexicon = load_lexicon()
    for ex in examples:
        result = screen(ex.text, lexicon)
        if ex.phi:
            m.phi_total += 1
            if result.clean:
                m.misses.append(ex)
        else:
            m.clean_total += 1
            if not result.clean:
                m.false_alarms.append((ex, [k.name for k in result.kinds] + [f"'{w}'" for w in result.unrecognised]))
    return m


def main(argv: list[str]) -> None:
    for name, examples in (
        ("development", load_corpus(CORPUS)),
        ("held-out", load_corpus(HOLDOUT)),
        ("held-out 2", load_corpus(HOLDOUT2)),
        ("held-out 3", load_corpus(HOLDOUT3)),
        ("held-out 4", load_corpus(HOLDOUT4)),
        ("held-out 5", load_corpus(HOLDOUT5)),
        ("held-out 6", load_corpus(HOLDOUT6)),
        ("held-out 7", load_corpus(HOLDOUT7)),
        ("held-out 8", load_corpus(HOLDOUT8)),
        ("held-out 9", load_corpus(HOLDOUT9)),
        ("held-out 10", load_corpus(HOLDOUT10)),
        ("held-out 11", load_corpus(HOLDOUT11)),
        ("held-out 12", load_corpus(HOLDOUT12)),
        ("held-out 13", load_corpus(HOLDOUT13)),
        ("held-out 14", load_corpus(HOLDOUT14)),
        ("held-out 15", load_corpus(HOLDOUT15)),
        ("held-out 16", load_corpus(HOLDOUT16)),
        ("held-out 17", load_corpus(HOLDOUT17)),
        ("held-out 18", load_corpus(HOLDOUT18)),
        ("held-out 19", load_corpus(HOLDOUT19)),
        ("held-out 20", load_corpus(HOLDOUT20)),
        ("held-out 21", load_corpus(HOLDOUT21)),
        ("held-out 22", load_corpus(HOLDOUT22)),
        ("held-out 23", load_corpus(HOLDOUT23)),
        ("held-out 24", load_corpus(HOLDOUT24)),
        ("held-out 25", load_corpus(HOLDOUT25)),
        ("held-out 26", load_corpus(HOLDOUT26)),
        ("held-out 27", load_corpus(HOLDOUT27)),
        ("held-out 28", load_corpus(HOLDOUT28)),
        ("held-out 29", load_corpus(HOLDOUT29)),
        ("held-out 30", load_corpus(HOLDOUT30)),
        ("held-out 31", load_corpus(HOLDOUT31)),
        ("held-out 32", load_corpus(HOLDOUT32)),
        ("held-out 33", load_corpus(HOLDOUT33)),
        ("held-out 34", load_corpus(HOLDOUT34)),
        ("held-out 35", load_corpus(HOLDOUT35)),
        ("held-out 36", load_corpus(HOLDOUT36)),
        ("held-out 37", load_corpus(HOLDOUT37)),
        ("held-out 38", load_corpus(HOLDOUT38)),
        ("held-out 39", load_corpus(HOLDOUT39)),
        ("held-out 40", load_corpus(HOLDOUT40)),
        ("held-out 41", load_corpus(HOLDOUT41)),
        ("held-out 42", load_corpus(HOLDOUT42)),
        ("all", all_examples()),
        ("untuned 43 to 46", [example for path in UNTUNED for example in load_corpus(path)]),
    ):
        report(name, examples, verbose="-v" in argv and name == "all")


def report(name: str, examples: list[Example], verbose: bool) -> None:
    m = measure(examples)
    print(f"{name}: {len(examples)} sentences, {m.phi_total} with PHI, {m.clean_total} clean")
    print(f"recall: {m.recall:.2%} ({m.phi_total - len(m.misses)}/{m.phi_total})")
    print(f"false positives: {m.false_positive_rate:.2%} ({len(m.false_alarms)}/{m.clean_total})")
    if verbose:
        for ex in m.misses:
            print(f"MISS  {ex.line}: [{ex.kind}] {ex.text}")
        for ex, kinds in m.false_alarms:
            print(f"FALSE {ex.line}: {kinds} {ex.text}")


if __name__ == "__main__":
    main(sys.argv[1:])
