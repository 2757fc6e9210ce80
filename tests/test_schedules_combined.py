"""Which schedule answers a code when none is asked, with the real PFS and schedule files imported
into one SQLite database: the PFS where payable, else CLFS / ASP / DMEPOS; anesthesia by locality."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bot.pricing.errors import PricingError
from bot.pricing.library import FeeScheduleLibrary
from bot.pricing.quote import QuoteRequest
from bot.pricing.schedules.combined import ScheduleAsk, any_quote_json, price_any
from bot.pricing.schedules.library import ScheduleLibrary
from storage.db import open_database
from storage.importers.service import import_paths
from storage.repositories.fee_schedule import load_fee_schedules
from storage.repositories.schedules import load_schedules
from tests.schedule_truth import records

Libraries = tuple[FeeScheduleLibrary, ScheduleLibrary]


@pytest.fixture(scope="module")
def libraries(cms_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Libraries:

    async def build() -> Libraries:
        db = await open_database(f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('combined') / 'c.db'}")
        try:
            folders = ("rvu25d", "rvu26-excerpt", "zip-locality", "clfs", "asp", "dmepos", "opps", "asc")
            await import_paths(db.engine, [cms_dir / f for f in folders])
            async with db.session() as session:
                return FeeScheduleLibrary(await load_fee_schedules(session)), await load_schedules(session)
        finally:
            await db.dispose()

    return asyncio.run(build())


def ask(libs: Libraries, code: str, *mods: str, ask: ScheduleAsk | None = None, **kw: object) -> dict[str, object]:
    request = QuoteRequest(code, mods, **kw)  # type: ignore[arg-type]
    return any_quote_json(price_any(libs[0], libs[1], request, ask or ScheduleAsk()))


def test_default_schedule_per_code(libraries: Libraries) -> None:
    assert ask(libraries, "77002")["schedule"] == "PFS"
    assert ask(libraries, "77002")["amount"] == "110.30"  # the known national truth
    assert ask(libraries, "77002")["status"] == "A"  # PFS fields unchanged
    venipuncture = ask(libraries, "36415")
    assert (venipuncture["schedule"], venipuncture["amount"]) == ("CLFS", "9.09")
    assert ask(libraries, "80053")["schedule"] == "CLFS"
    drug = ask(libraries, "J3301", units=4)
    assert drug["schedule"] == "ASP" and drug["release"] == "ASP 2026Q1"
    assert ask(libraries, "J1100")["schedule"] == "ASP"


def test_dmepos_state_from_zip_and_locality(libraries: Libraries, cms_dir: Path) -> None:
    row = next(r for _, r in records(cms_dir / "dmepos" / "DMEPOS_JAN.csv", "HCPCS") if r["HCPCS"] == "E0601")
    by_zip = ask(libraries, "E0601", zip_code="77002")
    assert by_zip["schedule"] == "DMEPOS" and by_zip["state"] == "TX"
    assert by_zip["amount"] == f"{Decimal(row['TX (NR)']):.2f}"
    assert by_zip["details"]["State"] == "TX (ZIP 77002)"  # type: ignore[index]
    rural = ask(libraries, "E0601", zip_code="77002", ask=ScheduleAsk(rural=True))
    assert rural["amount"] == f"{Decimal(row['TX (R)']):.2f}" and rural["area"] == "rural"
    by_state = ask(libraries, "E0601", locality="NY")
    assert by_state["amount"] == f"{Decimal(row['NY (NR)']):.2f}"
    with pytest.raises(PricingError, match="per state"):
        ask(libraries, "E0601")


def test_facility_and_anesthesia_when_asked(libraries: Libraries) -> None:
    asc = ask(libraries, "29881", ask=ScheduleAsk(schedule="asc"))
    assert (asc["schedule"], asc["amount"], asc["paid_to"]) == ("ASC", "1579.16", "facility")
    opps = ask(libraries, "29881", ask=ScheduleAsk(schedule="opps"))
    assert (opps["schedule"], opps["amount"]) == ("OPPS", "3244.61")  # $3,244.610 in the file
    assert ask(libraries, "29881")["schedule"] == "PFS"
    anes = ask(libraries, "00142", "QK", zip_code="35203", ask=ScheduleAsk(base_units=Decimal(4), minutes=45))
    # Birmingham AL → 10112-00, anesthesia CF 19.31: (4 + 3.0) × 19.31 × 50% = 67.585 → 67.59
    assert (anes["schedule"], anes["amount"], anes["release"]) == ("ANES", "67.59", "RVU25D")
    assert anes["sources"] == ["ANES2025.csv:2"]
    # RVU26C (the newest, a partial release) has no ANES file: the newest release with one answers, and says so
    assert anes["confidence"] == "medium" and "RVU26C nonQPP has no anesthesia CF" in anes["notes"][0]
    with pytest.raises(PricingError, match="per locality"):
        ask(libraries, "00142", ask=ScheduleAsk(base_units=Decimal(4), minutes=45))


def test_each_schedule_picks_its_own_release_for_the_date(libraries: Libraries) -> None:
    lab = ask(libraries, "80053", dos=date(2025, 5, 15))  # no PFS release covers May 2025
    assert (lab["schedule"], lab["release"], lab["confidence"]) == ("CLFS", "CLFS 2025Q2", "high")
    drug = ask(libraries, "J3301", dos=date(2025, 11, 1))
    assert drug["release"] == "ASP 2025Q4"
