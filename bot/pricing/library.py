"""Pick the fee-schedule release in force on a date of service."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

from bot.pricing.codes import checked_code, closest_codes
from bot.pricing.errors import NoReleaseError, UnknownCodeError, shown
from bot.pricing.quote import Quote, QuoteRequest, price
from bot.pricing.schedule import FeeSchedule

DEFAULT_VARIANT = "nonQPP"


class FeeScheduleLibrary:
    """Every imported release (one `FeeSchedule` per release and variant), held in memory."""

    def __init__(self, schedules: Iterable[FeeSchedule]) -> None:
        self.schedules: tuple[FeeSchedule, ...] = tuple(
            sorted(schedules, key=lambda s: (s.release.effective_from, s.release.id, s.release.variant), reverse=True)
        )
        # Codes each release lists, built once: the fallback asks "does this release list the code?"
        self._codes: dict[int, frozenset[str]] = {id(s): frozenset(h for h, _ in s.rvus) for s in self.schedules}

    def _lists(self, schedule: FeeSchedule, code: str) -> bool:
        return code in self._codes[id(schedule)]

    def __len__(self) -> int:
        return len(self.schedules)

    def __bool__(self) -> bool:
        return bool(self.schedules)

    @property
    def releases(self) -> tuple[str, ...]:
        """Release labels, newest first, e.g. ("RVU26A nonQPP", "RVU26A QPP", "RVU25D")."""
        return tuple(s.release.label for s in self.schedules)

    def newest(self, variant: str | None = None) -> FeeSchedule:
        return self.select(None, variant)

    def by_release(self, release: str, variant: str | None = None) -> FeeSchedule:
        """The release named `release` ("RVU25D", or "RVU26A QPP"); raises NoReleaseError naming those loaded."""
        wanted = release.strip().upper()
        parts = wanted.split()
        rel_id = parts[0] if parts else ""
        if len(parts) > 1 and variant is None:
            variant = parts[1]
        matches = [s for s in self.schedules if s.release.id.upper() == rel_id]
        if not matches:
            raise NoReleaseError(f"Release {shown(release)} is not loaded. Loaded: {self._loaded()}.")
        return self._pick_variant(matches, variant, f"release {rel_id}")

    def select(self, dos: date | None = None, variant: str | None = None) -> FeeSchedule:
        """The release in force on `dos` (newest when None), nonQPP by default where a year has variants."""
        if not self.schedules:
            raise NoReleaseError("No fee schedule is loaded. Import the CMS files first: billbot data import PATH")
        if dos is None:
            newest_start = self.schedules[0].release.effective_from
            candidates = [s for s in self.schedules if s.release.effective_from == newest_start]
            return self._pick_variant(candidates, variant, "the newest release")
        candidates = [s for s in self.schedules if s.release.in_force(dos)]
        if not candidates:
            raise NoReleaseError(
                f"No loaded release covers the date of service {dos.isoformat()}. Loaded: {self._loaded()}."
            )
        # Newest start first: a mid-quarter correction release wins over the one it corrects.
        best = candidates[0].release.effective_from
        return self._pick_variant([s for s in candidates if s.release.effective_from == best], variant, dos.isoformat())

    def price(self, request: QuoteRequest, variant: str | None = None, release: str | None = None) -> Quote:
        """Price under the release in force on `request.dos` (or the one named by `release`).

        With no date and no release named, a code missing from the newest release (e.g. a partial
        file) is priced under the newest release that has it, and the quote says so.
        """
        if release:
            return price(self.by_release(release, variant), request)
        schedule = self.select(request.dos, variant)
        try:
            return price(schedule, request)
        except UnknownCodeError as exc:
            code = checked_code(request.hcpcs)
            if request.dos is not None:
                raise self._listed_elsewhere(exc, code, schedule) from None
            for older in self.schedules:
                if older is schedule or not self._lists(older, code):
                    continue
                if older.release.variant and older.release.variant.lower() != (variant or DEFAULT_VARIANT).lower():
                    continue
                quote = price(older, request)
                why = (
                    f"{code} is not in the newest loaded release {schedule.release.label}; "
                    f"priced under {older.release.label}, the newest release that lists it."
                )
                high = quote.confidence == "high"  # its only reason is then the "all found" default
                return dataclasses.replace(
                    quote,
                    notes=(*quote.notes, why),
                    confidence="medium" if high else quote.confidence,
                    confidence_reasons=(why,) if high else (*quote.confidence_reasons, why),
                )
            raise self._unknown_everywhere(code) from None

    def _listed_elsewhere(self, exc: UnknownCodeError, code: str, schedule: FeeSchedule) -> UnknownCodeError:
        """The code is not in the release in force on the date: say which other loaded releases list it
        (a partial file in force on the date, or a date outside the code's years)."""
        others = [s.release for s in self.schedules if s is not schedule and self._lists(s, code)]
        if not others:
            return exc
        spans = "; ".join(f"{r.label} ({r.effective_from} to {r.effective_to or 'open'})" for r in others)
        message = (
            f"{code} is not in {schedule.release.label}, the release in force on that date of service. "
            f"It is listed in {spans}: give a date of service in that release or --release {others[0].id}."
        )
        return UnknownCodeError(message, code, exc.release, exc.suggestions)

    def _unknown_everywhere(self, code: str) -> UnknownCodeError:
        """A code no loaded release lists: name them all and suggest from all of them."""
        labels = [s.release.label for s in self.schedules]
        near: list[str] = []
        for schedule in sorted(self.schedules, key=lambda s: len(s.rvus), reverse=True):  # fullest first
            near += [c for c in closest_codes(schedule, code) if c not in near]
        shown = tuple(near[:5])
        hint = f" Closest valid codes: {', '.join(shown)}." if shown else ""
        where = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + f" or {labels[-1]}"
        return UnknownCodeError(f"{code} is not in {where}.{hint}", code, labels[0], shown)

    def _pick_variant(self, candidates: list[FeeSchedule], variant: str | None, what: str) -> FeeSchedule:
        if variant:
            wanted = variant.strip().lower()
            for s in candidates:
                if s.release.variant.lower() == wanted:
                    return s
            have = sorted({s.release.variant or "(none)" for s in candidates})
            raise NoReleaseError(f"No {variant[:24]} variant for {what}; available: {', '.join(have)}.")
        for s in candidates:  # default: nonQPP, else the release without a variant
            if s.release.variant.lower() == DEFAULT_VARIANT.lower():
                return s
        for s in candidates:
            if not s.release.variant:
                return s
        return candidates[0]

    def _loaded(self) -> str:
        if not self.schedules:
            return "none"
        return "; ".join(
            f"{s.release.label} ({s.release.effective_from.isoformat()} to "
            f"{s.release.effective_to.isoformat() if s.release.effective_to else 'open'})"
            for s in self.schedules
        )
