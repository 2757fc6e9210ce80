"""The CLFS, ASP, DMEPOS/PEN, OPPS and ASC files imported into real SQLite and PostgreSQL, and
quotes checked against rows read independently from the files (tests/schedule_truth.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bot.pricing.errors import NoReleaseError, PricingError, UnknownCodeError
from bot.pricing.schedules.common import ScheduleRequest
from bot.pricing.schedules.library import ScheduleLibrary
from bot.pricing.schedules.output import schedule_quote_json
from storage.db import Database, open_database
from storage.importers.service import import_paths
from storage.repositories.schedules import load_schedules, schedule_status
from tests.schedule_truth import amount, cents, records

FOLDERS = ("clfs", "asp", "dmepos", "opps", "asc")
ASP_OCT = "section 508 version of Oct 2025 ASP Pricing File 091725.csv"
ASP_JAN = "section 508 version of January 2026 Medicare Part B Payment Limit File 121725.csv"



@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = await open_database(database_url)
    yield database
    await database.dispose()


async def imported(db: Database, cms_dir: Path) -> ScheduleLibrary:
    await import_paths(db.engine, [cms_dir / f for f in FOLDERS])
    async with db.session() as session:
        return await load_schedules(session)


@pytest.fixture(scope="module")
def library(cms_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> ScheduleLibrary:
    import asyncio

    async def build() -> ScheduleLibrary:
        database = await open_database(f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('sched') / 'b.db'}")
        try:
            return await imported(database, cms_dir)
        finally:
            await database.dispose()

    return asyncio.run(build())


async def test_import_every_file_both_databases_idempotent(db: Database, cms_dir: Path) -> None:
    report = await import_paths(db.engine, [cms_dir / f for f in FOLDERS])
    assert report.changed
    assert len(report.lines) == 8, report.lines
    again = await import_paths(db.engine, [cms_dir / f for f in FOLDERS])
    assert not again.changed
    async with db.session() as session:
        status = await schedule_status(session)
        lib = await load_schedules(session)
    got = {(s.schedule, s.part, s.effective_from, s.effective_to, s.rows) for s in status}
    clfs_rows = sum(1 for _ in records(cms_dir / "clfs" / "CLFS 2025 Q2V1.csv", "YEAR", "HCPCS"))
    opps_rows = sum(1 for _ in records(next((cms_dir / "opps").iterdir()), "HCPCS Code"))
    assert ("CLFS", "clfs", date(2025, 4, 1), date(2025, 6, 30), clfs_rows) in got
    assert ("OPPS", "addendum_b", date(2025, 10, 1), date(2025, 12, 31), opps_rows) in got
    assert {(s.schedule, s.effective_from, s.effective_to) for s in status if s.schedule == "ASP"} == {
        ("ASP", date(2025, 10, 1), date(2025, 12, 31)),
        ("ASP", date(2026, 1, 1), date(2026, 3, 31)),
    }
    assert {s.part for s in status if s.schedule == "DMEPOS"} == {"dmepos", "dmepen"}
    assert {s.part for s in status if s.schedule == "ASC"} == {"aa", "bb"}
    assert all(s.effective_from == date(2025, 1, 1) for s in status if s.schedule in ("DMEPOS", "ASC"))
    q = lib.quote("ASP", ScheduleRequest("J3301", units=Decimal(4), dos=date(2025, 11, 3)))
    assert q.release.label == "ASP 2025Q4"


def test_clfs_every_row(library: ScheduleLibrary, cms_dir: Path) -> None:
    path = cms_dir / "clfs" / "CLFS 2025 Q2V1.csv"
    n = 0
    for line, row in records(path, "YEAR", "HCPCS"):
        units = Decimal(1 + n % 3)
        q = library.quote("CLFS", ScheduleRequest(row["HCPCS"], (row["MOD"],) if row["MOD"] else (), units))
        rate = Decimal(row["RATE"])
        if row["INDICATOR"] == "L":
            assert q.amount is None
        else:
            assert q.amount == cents(rate * units), (line, row)
        assert [str(s) for s in q.sources] == [f"{path.name}:{line}"]
        assert q.release.label == "CLFS 2025Q2"
        n += 1
    assert n > 2000
    venipuncture = library.quote("CLFS", ScheduleRequest("36415"))
    assert schedule_quote_json(venipuncture)["amount"] == "9.09"  # file: 00009.09
    assert schedule_quote_json(venipuncture)["schedule"] == "CLFS"


@pytest.mark.parametrize("file,dos", [(ASP_OCT, date(2025, 12, 1)), (ASP_JAN, date(2026, 2, 1))])
def test_asp_every_row_with_units(library: ScheduleLibrary, cms_dir: Path, file: str, dos: date) -> None:
    path = cms_dir / "asp" / file
    seen = 0
    for line, row in records(path, "HCPCS Code"):
        limit = amount(row["Payment Limit"])
        for units in (Decimal(1), Decimal(4), Decimal(37)):
            q = library.quote("ASP", ScheduleRequest(row["HCPCS Code"], units=units, dos=dos))
            assert q.amount == (None if limit is None else cents(limit * units)), (line, row)
            assert q.extra["dosage"] == row["HCPCS Code Dosage"]
            assert str(q.sources[0]) == f"{file}:{line}"
        seen += 1
    assert seen > 800
    j3301 = next(r for _, r in records(path, "HCPCS Code") if r["HCPCS Code"] == "J3301")
    q = library.quote("ASP", ScheduleRequest("J3301", units=Decimal(4), dos=dos))
    assert q.amount == cents(4 * Decimal(j3301["Payment Limit"]))
    assert "J3301: 10 MG per unit" in q.notes[0]


def test_asp_release_in_force_for_the_date(library: ScheduleLibrary) -> None:
    oct_q = library.quote("ASP", ScheduleRequest("J1100", dos=date(2025, 10, 1)))
    jan_q = library.quote("ASP", ScheduleRequest("J1100", dos=date(2026, 3, 31)))
    newest = library.quote("ASP", ScheduleRequest("J1100"))
    assert (oct_q.release.label, jan_q.release.label, newest.release.label) == (
        "ASP 2025Q4",
        "ASP 2026Q1",
        "ASP 2026Q1",
    )
    assert oct_q.unit_amount != jan_q.unit_amount
    later = library.quote("ASP", ScheduleRequest("J1100", dos=date(2026, 6, 1)))
    assert later.release.label == "ASP 2026Q1" and later.confidence == "low"
    assert "No imported ASP release covers 2026-06-01" in later.notes[0]
    with pytest.raises(NoReleaseError):
        library.quote("ASP", ScheduleRequest("J1100", dos=date(2024, 1, 1)))


@pytest.mark.parametrize("state", ["TX", "CA", "NY", "AL", "AK"])
@pytest.mark.parametrize("file", ["DMEPOS_JAN.csv", "DMEPEN_JAN.csv"])
def test_dmepos_rural_and_non_rural(library: ScheduleLibrary, cms_dir: Path, state: str, file: str) -> None:
    path = cms_dir / "dmepos" / file
    checked = 0
    for line, row in records(path, "HCPCS"):
        nr_col = next(k for k in row if k.replace(" ", "") == f"{state}(NR)")
        r_col = next(k for k in row if k.replace(" ", "") == f"{state}(R)")
        mods = tuple(m for m in (row.get("Mod", row.get("MOD", "")), row.get("Mod2", row.get("MOD2", ""))) if m)
        non_rural, rural = Decimal(row[nr_col]), Decimal(row[r_col])
        q = library.quote("DMEPOS", ScheduleRequest(row["HCPCS"], mods, Decimal(2), state=state, rural=False))
        assert str(q.sources[0]) == f"{file}:{line}"
        assert q.amount == (cents(non_rural * 2) if non_rural else None), (line, row)
        qr = library.quote("DMEPOS", ScheduleRequest(row["HCPCS"], mods, state=state, rural=True))
        expected_rural = rural if rural else non_rural  # a rural column of 0.00: the non-rural fee applies
        assert qr.amount == (cents(expected_rural) if expected_rural else None), (line, row)
        checked += 1
    assert checked >= 50


def test_dmepos_modifier_rows_and_state_required(library: ScheduleLibrary) -> None:
    unknown_area = library.quote("DMEPOS", ScheduleRequest("E0601", state="TX", state_from="ZIP 77002"))
    assert unknown_area.confidence == "medium" and unknown_area.modifiers == ("RR",)
    assert any("rural ZIP file is not imported" in n for n in unknown_area.notes)
    with pytest.raises(PricingError, match="per state"):
        library.quote("DMEPOS", ScheduleRequest("E0601"))
    new = library.quote("DMEPOS", ScheduleRequest("E0776", ("NU", "BA"), state="TX", rural=False))
    used = library.quote("DMEPOS", ScheduleRequest("E0776", ("UE", "BA"), state="TX", rural=False))
    assert new.sources != used.sources and new.amount != used.amount


def test_opps_every_row(library: ScheduleLibrary, cms_dir: Path) -> None:
    path = next((cms_dir / "opps").iterdir())
    n = 0
    for line, row in records(path, "HCPCS Code"):
        rate = amount(row["Payment Rate"])
        q = library.quote("OPPS", ScheduleRequest(row["HCPCS Code"], units=Decimal(2)))
        assert q.amount == (None if rate is None else cents(rate * 2)), (line, row)
        assert q.indicator == row["SI"]
        assert q.payer == "facility" and "not the physician" in q.notes[0] and "national unadjusted" in q.notes[0]
        assert str(q.sources[0]) == f"{path.name}:{line}"
        n += 1
    assert n > 18000


@pytest.mark.parametrize("file", ["508-Version-Jan-2025-ASC-AA.csv", "508-Version-Jan-2025-ASC-BB.csv"])
def test_asc_every_row(library: ScheduleLibrary, cms_dir: Path, file: str) -> None:
    path = cms_dir / "asc" / file
    rate_col = indicator_col = ""
    n = 0
    first_line: dict[str, int] = {}
    for line, row in records(path, "HCPCS Code"):
        rate_col = rate_col or next(k for k in row if k.endswith("Payment Rate"))
        indicator_col = indicator_col or next(k for k in row if k.endswith("Payment Indicator"))
        code = row["HCPCS Code"]
        q = library.quote("ASC", ScheduleRequest(code))
        if q.extra["addendum"] != file[-6:-4]:
            continue  # listed in AA and BB: priced as the surgical procedure (AA)
        first_line.setdefault(code, line)
        rate = amount(row[rate_col])
        assert q.amount == (None if rate is None else cents(rate)), (line, row)
        assert q.indicator == row[indicator_col]
        assert str(q.sources[0]) == f"{file}:{first_line[code]}"
        n += 1
    assert n > 2000


def test_unknown_code_names_schedule_and_closest(library: ScheduleLibrary) -> None:
    with pytest.raises(UnknownCodeError, match="not in the CLFS file CLFS 2025Q2"):
        library.quote("CLFS", ScheduleRequest("99213"))
    assert library.lists("36415") == ("CLFS", "OPPS")
    assert library.lists("J3301")[0] == "ASP"
    assert library.lists("E0601")[0] == "DMEPOS"
