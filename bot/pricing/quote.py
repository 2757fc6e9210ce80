"""Price one code (+ modifiers, units, locality, setting) under one fee-schedule release.

`price(schedule, request) -> Quote` is pure: dictionary look-ups in the `FeeSchedule` snapshot and
Decimal arithmetic. Every amount is traceable: the quote carries the release, conversion factor,
GPCIs, the RVU rows used (file:line) and a confidence with its reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from bot.pricing import indicators as ind
from bot.pricing.codes import checked_code, row_for
from bot.pricing.errors import PricingError
from bot.pricing.lines import MAX_UNITS
from bot.pricing.locality import Locality, resolve_locality
from bot.pricing.modifiers import PCT_NPP, ModifierEffect, effect, normalise
from bot.pricing.money import cents, fee_amount, money_str
from bot.pricing.schedule import FeeSchedule, OppsCap, RvuRow, SourceRef

Confidence = Literal["high", "medium", "low"]
SETTING_NAMES = {"nonfacility": "non-facility", "facility": "facility"}


@dataclass(frozen=True, slots=True)
class QuoteRequest:
    """What a biller asked: code, modifiers, units, where (locality text or ZIP), setting, date, NPP."""

    hcpcs: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    locality: str | None = None  # CARRIER-LOCALITY, ZIP, "CA san francisco", "national" or None
    zip_code: str | None = None
    facility: bool = False
    dos: date | None = None
    npp: bool = False  # billed by a non-physician practitioner (NP, PA, CNS): 85%


@dataclass(frozen=True, slots=True)
class RvuComponent:
    """One line of the RVU breakdown: the RVU, the GPCI it is multiplied by and the product."""

    name: str  # "work", "pe", "mp"
    rvu: Decimal
    gpci: Decimal

    @property
    def adjusted(self) -> Decimal:
        return self.rvu * self.gpci


@dataclass(frozen=True, slots=True)
class SettingAmount:
    """Price in one setting (non-facility or facility)."""

    setting: Literal["nonfacility", "facility"]
    components: tuple[RvuComponent, RvuComponent, RvuComponent]
    na: bool  # CMS developed no PE RVU for this setting ("NA")
    pfs_amount: Decimal | None  # one unit, before the OPPS cap; None when the code has no fee
    opps_cap: Decimal | None  # the OPPS-based cap for this setting, when one exists
    cap_applied: bool
    fee_amount: Decimal | None  # one unit after the cap: what CMS publishes for the locality
    amount: Decimal | None  # after modifiers, NPP and units: what this quote expects to be paid

    @property
    def total_rvu(self) -> Decimal:
        return sum((c.rvu for c in self.components), Decimal(0))

    @property
    def adjusted_rvu(self) -> Decimal:
        return sum((c.adjusted for c in self.components), Decimal(0))


@dataclass(frozen=True, slots=True)
class Quote:
    """The answer for one code: amounts, the arithmetic behind them, what modifiers did, and provenance."""

    request: QuoteRequest
    hcpcs: str
    modifiers: tuple[str, ...]  # normalised, as asked
    row_modifier: str  # the RVU row priced: "", "26", "TC" or "53"
    description: str
    status: str
    status_text: str
    payable: bool  # the fee schedule sets an amount for this code (status A/R/T with RVUs, flag not set)
    not_used_for_medicare: bool
    release: str  # label, e.g. "RVU25D" or "RVU26A nonQPP"
    release_id: str
    conversion_factor: Decimal
    locality: Locality
    nonfacility: SettingAmount
    facility: SettingAmount
    setting: Literal["nonfacility", "facility"]
    modifier_effects: tuple[ModifierEffect, ...]
    factor: Decimal | None  # combined modifier × NPP factor; None = the modifiers leave no fee-schedule amount
    units: int
    npp: bool
    global_days: str
    indicators: tuple[ind.Indicator, ...]
    na_notes: tuple[str, ...]
    notes: tuple[str, ...]
    confidence: Confidence
    confidence_reasons: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    row: RvuRow
    opps_cap_row: OppsCap | None = None
    dos: date | None = None
    rows_used: tuple[RvuRow, ...] = field(default=())

    @property
    def chosen(self) -> SettingAmount:
        return self.facility if self.setting == "facility" else self.nonfacility

    @property
    def amount(self) -> Decimal | None:
        """Expected payment in the requested setting."""
        return self.chosen.amount

    @property
    def nonfacility_amount(self) -> Decimal | None:
        return self.nonfacility.amount

    @property
    def facility_amount(self) -> Decimal | None:
        return self.facility.amount

    @property
    def cap_applied(self) -> bool:
        return self.nonfacility.cap_applied or self.facility.cap_applied

    @property
    def modifier(self) -> str:
        """The modifiers as one string, "26" or "50 LT" ("" for none)."""
        return " ".join(self.modifiers)


# --------------------------------------------------------------------------- pricing


def _indicators(row: RvuRow) -> tuple[ind.Indicator, ...]:
    mp_text = ind.describe(ind.MULT_PROC_TEXT, row.mult_proc, "Multiple-procedure indicator").replace(
        "{endo_base}", row.endo_base.strip() or "not given"
    )
    return (
        ind.Indicator("status", row.status, ind.status_text(row.status)),
        ind.Indicator("pctc", row.pctc_indicator, ind.describe(ind.PCTC_TEXT, row.pctc_indicator, "PC/TC indicator")),
        ind.Indicator("global_days", row.global_days, ind.describe(ind.GLOBAL_TEXT, row.global_days, "Global period")),
        ind.Indicator("mult_proc", row.mult_proc, mp_text),
        ind.Indicator(
            "bilat_surg", row.bilat_surg, ind.describe(ind.BILAT_TEXT, row.bilat_surg, "Bilateral indicator")
        ),
        ind.Indicator("asst_surg", row.asst_surg, ind.describe(ind.ASST_TEXT, row.asst_surg, "Assistant indicator")),
        ind.Indicator("co_surg", row.co_surg, ind.describe(ind.CO_SURG_TEXT, row.co_surg, "Co-surgery indicator")),
        ind.Indicator("team_surg", row.team_surg, ind.describe(ind.TEAM_SURG_TEXT, row.team_surg, "Team indicator")),
        ind.Indicator(
            "phys_supervision",
            row.phys_supervision,
            ind.describe(ind.SUPERVISION_TEXT, row.phys_supervision, "Supervision level"),
        ),
    )


def is_payable(row: RvuRow) -> bool:
    """True when the fee schedule itself sets an amount: status A/R/T, RVUs present, flag not set."""
    if row.status not in ind.PAYABLE_STATUSES or row.not_used_for_medicare:
        return False
    return (row.nonfacility_total > 0 or row.facility_total > 0) or (
        row.work_rvu + row.nonfacility_pe_rvu + row.facility_pe_rvu + row.mp_rvu > 0
    )


def opps_cap_for(
    schedule: FeeSchedule, row: RvuRow, loc: Locality
) -> tuple[Decimal | None, Decimal | None, OppsCap | None, str]:
    """(non-facility cap, facility cap, OPPSCAP row, how found) for this code in this locality."""
    if not loc.national:
        cap = schedule.opps_caps.get((row.hcpcs, row.modifier, loc.carrier, loc.locality))
        if cap is not None:
            return cap.nonfacility_price, cap.facility_price, cap, "OPPSCAP"
        return None, None, None, ""
    if row.opps_nonfacility_pe > 0 or row.opps_facility_pe > 0 or row.opps_mp > 0:
        # National quote: CMS's OPPS payment formula (RVU25D.pdf) with all GPCIs 1.000.
        cf = schedule.release.conversion_factor
        nf = fee_amount(row.work_rvu, row.opps_nonfacility_pe, row.opps_mp, loc.work_gpci, loc.pe_gpci, loc.mp_gpci, cf)
        f = fee_amount(row.work_rvu, row.opps_facility_pe, row.opps_mp, loc.work_gpci, loc.pe_gpci, loc.mp_gpci, cf)
        return nf, f, None, "OPPS RVUs"
    return None, None, None, ""


def _setting(
    which: Literal["nonfacility", "facility"],
    row: RvuRow,
    loc: Locality,
    cf: Decimal,
    payable: bool,
    cap: Decimal | None,
    factor: Decimal | None,
    units: int,
) -> SettingAmount:
    pe = row.nonfacility_pe_rvu if which == "nonfacility" else row.facility_pe_rvu
    na = row.nonfacility_na if which == "nonfacility" else row.facility_na
    comps = (
        RvuComponent("work", row.work_rvu, loc.work_gpci),
        RvuComponent("pe", pe, loc.pe_gpci),
        RvuComponent("mp", row.mp_rvu, loc.mp_gpci),
    )
    if not payable:
        return SettingAmount(which, comps, na, None, cap, False, None, None)
    pfs = fee_amount(row.work_rvu, pe, row.mp_rvu, loc.work_gpci, loc.pe_gpci, loc.mp_gpci, cf)
    applied = cap is not None and cap < pfs
    fee = cap if applied and cap is not None else pfs
    amount = None if factor is None else cents(fee * factor) * units
    return SettingAmount(which, comps, na, pfs, cap, applied, fee, amount)


def _na_notes(row: RvuRow) -> list[str]:
    notes: list[str] = []
    if row.nonfacility_na:
        notes.append(
            "Non-facility NA: CMS developed no office (non-facility) practice-expense RVU because the service is "
            "rarely or never done outside a facility. If the MAC allows it in an office, it is paid at the "
            "facility rate (the non-facility amount shown equals the facility amount for that reason)."
        )
    if row.facility_na:
        if row.pctc_indicator.strip() == "1" and row.modifier != "26":
            notes.append(
                "Facility NA: in a hospital or other facility the hospital bills the technical part, so the "
                "physician bills only the professional component (modifier 26); the global/TC facility amount "
                "is shown as CMS publishes it."
            )
        else:
            notes.append(
                "Facility NA: CMS developed no facility practice-expense RVU because the service is rarely or never "
                "done in a facility; the facility amount is shown as CMS publishes it."
            )
    return notes


_CONFIDENCE_ORDER = {"high": 0, "medium": 1, "low": 2}

# (payable, PFS status) -> how far the status lowers the confidence, and why
_STATUS_CONFIDENCE: dict[tuple[bool, str], tuple[Confidence, str]] = {
    (False, "C"): ("low", "Carrier-priced: the MAC sets the amount case by case; no national fee exists."),
    (False, "R"): ("low", "Restricted coverage with no RVUs: contractor-priced if covered."),
    (True, "R"): ("medium", "Restricted coverage: special coverage instructions apply and the MAC may price it."),
}


@dataclass
class _Findings:
    """Notes for the biller and the reasons the confidence is below "high", in the order found."""

    notes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    confidence: Confidence = "high"

    def lower(self, to: Confidence, why: str) -> None:
        if _CONFIDENCE_ORDER[to] > _CONFIDENCE_ORDER[self.confidence]:
            self.confidence = to
        self.reasons.append(why)


def _modifier_factor(
    effects: tuple[ModifierEffect, ...], mods: tuple[str, ...], request: QuoteRequest, found: _Findings
) -> Decimal | None:
    """The combined modifier × NPP factor (None: the modifiers leave no fee-schedule amount)."""
    factor: Decimal | None = Decimal(1)
    for e in effects:
        factor = None if factor is None or e.factor is None else factor * e.factor
        if e.carrier_priced:
            found.lower("low", f"Modifier {e.modifier}: the MAC sets the final amount.")
    if request.npp and factor is not None:
        if "AS" in mods:
            found.notes.append("Non-physician practitioner: the AS rate (13.6%) already includes the 85% NPP rate.")
        else:
            factor *= PCT_NPP
            found.notes.append(
                "Non-physician practitioner (NP, PA, CNS) billing under their own NPI: 85% of the amount."
            )
    if factor is None:
        found.notes.append("With these modifiers the fee schedule sets no amount (see the modifier notes).")
    if "50" in mods and request.units > 1:
        found.notes.append("Modifier 50 is billed with 1 unit: the bilateral adjustment already covers both sides.")
    return factor


def _cap_note(row: RvuRow, settings: tuple[SettingAmount, SettingAmount], cap_how: str, found: _Findings) -> None:
    capped = [s for s in settings if s.cap_applied]
    if capped:
        where = "for this carrier/locality in OPPSCAP" if cap_how == "OPPSCAP" else "from the OPPS RVUs (national)"
        parts = [f"{SETTING_NAMES[s.setting]} ${money_str(s.pfs_amount)} -> ${money_str(s.fee_amount)}" for s in capped]
        found.notes.append(
            "OPPS cap applied (Deficit Reduction Act 5102(b)): the amount is the lesser of the fee schedule "
            f"amount and the OPPS-based cap {where}: {'; '.join(parts)}."
        )
    elif row.status == "C" and settings[0].opps_cap is not None:
        found.notes.append(
            "Carrier-priced, but the MAC's price cannot exceed the OPPS cap: non-facility "
            f"${money_str(settings[0].opps_cap)}, facility ${money_str(settings[1].opps_cap)}."
        )


def _status_notes(row: RvuRow, payable: bool, found: _Findings) -> None:
    if row.not_used_for_medicare:
        found.notes.append(
            "CMS flags this code 'not used for Medicare payment': any RVUs shown are not used to pay it."
        )
    lowered = _STATUS_CONFIDENCE.get((payable, row.status))
    if lowered is not None:
        found.lower(*lowered)
    if not payable:
        found.notes.append(f"No fee-schedule amount: {ind.status_text(row.status)}")
    elif row.status == "T":
        found.notes.append(
            "Status T: paid only when no other fee-schedule service is billed that day by the same provider."
        )


def _anesthesia_note(schedule: FeeSchedule, row: RvuRow, loc: Locality, found: _Findings) -> list[SourceRef]:
    anes = schedule.anesthesia.get(loc.key) if row.status == "J" and not loc.national else None
    if anes is None:
        return []
    found.notes.append(
        f"Anesthesia conversion factor for {loc.key}: {anes.conversion_factor} ({anes.source}); payment is "
        "(base units + time units) × this CF, with the base units from CMS's anesthesia base-unit file."
    )
    return [anes.source]


def _where_and_when(schedule: FeeSchedule, row: RvuRow, loc: Locality, request: QuoteRequest, found: _Findings) -> None:
    release = schedule.release
    if loc.national:
        asked = "National average" if (request.locality or "").strip() else "No locality given: national average"
        found.lower("medium", f"{asked} (all GPCIs 1.000); your locality's amount differs.")
    if request.dos is not None and not release.in_force(request.dos):
        found.lower("low", f"Date of service {request.dos.isoformat()} is outside {release.label}'s effective dates.")
    cf = release.conversion_factor
    if row.conversion_factor and row.conversion_factor != cf:
        found.lower(
            "medium", f"The RVU row's conversion factor {row.conversion_factor} differs from the release's {cf}."
        )


def price(schedule: FeeSchedule, request: QuoteRequest) -> Quote:
    """Price `request` under `schedule`. Raises a PricingError subclass with a biller-ready message."""
    code = checked_code(request.hcpcs)
    mods = normalise(request.modifiers)
    if not isinstance(request.units, int) or request.units < 1 or request.units > MAX_UNITS:
        raise PricingError(f"Units must be a whole number from 1 to {MAX_UNITS} (got {request.units!r}).")
    row, row_mod = row_for(schedule, code, mods)
    loc = resolve_locality(schedule, request.locality, request.zip_code)
    release = schedule.release
    cf = release.conversion_factor
    payable = is_payable(row)
    found = _Findings()

    effects = tuple(effect(row, m, has_53_row=row_mod == "53") for m in mods)
    factor = _modifier_factor(effects, mods, request, found)
    cap_nf, cap_f, cap_row, cap_how = opps_cap_for(schedule, row, loc)
    nonfac = _setting("nonfacility", row, loc, cf, payable, cap_nf, factor, request.units)
    fac = _setting("facility", row, loc, cf, payable, cap_f, factor, request.units)
    _cap_note(row, (nonfac, fac), cap_how, found)
    _status_notes(row, payable, found)
    sources_extra = _anesthesia_note(schedule, row, loc, found)
    _where_and_when(schedule, row, loc, request, found)

    sources: list[SourceRef] = [row.source, *loc.sources]
    if cap_row is not None:
        sources.append(cap_row.source)
    sources += sources_extra
    return Quote(
        request=request,
        hcpcs=code,
        modifiers=mods,
        row_modifier=row_mod,
        description=row.description,
        status=row.status,
        status_text=ind.status_text(row.status),
        payable=payable,
        not_used_for_medicare=row.not_used_for_medicare,
        release=release.label,
        release_id=release.id,
        conversion_factor=cf,
        locality=loc,
        nonfacility=nonfac,
        facility=fac,
        setting="facility" if request.facility else "nonfacility",
        modifier_effects=effects,
        factor=factor,
        units=request.units,
        npp=request.npp,
        global_days=row.global_days,
        indicators=_indicators(row),
        na_notes=tuple(_na_notes(row)) if payable else (),
        notes=tuple(found.notes),
        confidence=found.confidence,
        confidence_reasons=tuple(found.reasons) or ("Locality, release and code all found in the CMS files.",),
        sources=tuple(sources),
        row=row,
        opps_cap_row=cap_row,
        dos=request.dos,
        rows_used=(row,),
    )
