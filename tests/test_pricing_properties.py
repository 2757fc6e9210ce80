"""Properties over the real RVU25D rows: never negative, monotone in each GPCI, 26 + TC ≈ global."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.pricing.quote import QuoteRequest, is_payable, price
from bot.pricing.schedule import FeeSchedule, Gpci, SourceRef
from tests.support.pricing import load_rvu25d


@pytest.fixture(scope="module")
def rvu25d(cms_dir: Path) -> FeeSchedule:
    return load_rvu25d(cms_dir)


GPCI = st.decimals(min_value=Decimal("0.300"), max_value=Decimal("2.000"), places=3)
CODE_INDEX = st.integers(min_value=0, max_value=10**6)
TEST = "99999-99"


def _with_gpci(schedule: FeeSchedule, work: Decimal, pe: Decimal, mp: Decimal) -> FeeSchedule:
    g = Gpci("99999", "99", "ZZ", "TEST", work, pe, mp, SourceRef("test", 1))
    return dataclasses.replace(schedule, gpcis={TEST: g}, opps_caps={})


def _payable(schedule: FeeSchedule) -> list[tuple[str, str]]:
    return sorted(k for k, r in schedule.rvus.items() if is_payable(r))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(i=CODE_INDEX, w=GPCI, p=GPCI, m=GPCI, which=st.sampled_from(["work", "pe", "mp"]), bump=GPCI)
def test_never_negative_and_monotone_in_each_gpci(
    rvu25d: FeeSchedule, i: int, w: Decimal, p: Decimal, m: Decimal, which: str, bump: Decimal
) -> None:
    keys = _payable(rvu25d)
    code, mod = keys[i % len(keys)]
    req = QuoteRequest(code, (mod,) if mod else (), locality=TEST)
    low = price(_with_gpci(rvu25d, w, p, m), req)
    up = {"work": (w + bump, p, m), "pe": (w, p + bump, m), "mp": (w, p, m + bump)}[which]
    high = price(_with_gpci(rvu25d, *up), req)
    for a, b in ((low.nonfacility_amount, high.nonfacility_amount), (low.facility_amount, high.facility_amount)):
        assert a is not None and b is not None
        assert a >= 0
        assert b >= a


def test_pc_plus_tc_within_a_cent_or_two_of_global_for_every_pctc1_code(rvu25d: FeeSchedule) -> None:
    """Every PC/TC-indicator-1 code in RVU25D with payable global, 26 and TC rows, three localities."""
    checked = 0
    for (code, mod), row in rvu25d.rvus.items():
        if mod or row.pctc_indicator != "1" or not is_payable(row):
            continue
        pc, tc = rvu25d.rvus.get((code, "26")), rvu25d.rvus.get((code, "TC"))
        if pc is None or tc is None or not (is_payable(pc) and is_payable(tc)):
            continue
        for loc in (None, "01112-05", "02102-01"):
            g, p, t = (price(rvu25d, QuoteRequest(code, ms, locality=loc)) for ms in ((), ("26",), ("TC",)))
            for s in ("nonfacility", "facility"):
                total = getattr(g, s).pfs_amount
                parts = getattr(p, s).pfs_amount + getattr(t, s).pfs_amount
                assert abs(total - parts) <= Decimal("0.02"), (code, loc, s, total, parts)
        checked += 1
    assert checked > 400
