"""Anesthesia worked examples checked by hand, the schedule pick rule, and parser tolerance of
other layouts (captions, column order, "$1,579.16" vs "00720.00") and malformed files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.pricing.errors import PricingError
from bot.pricing.schedule import AnesthesiaCf
from bot.pricing.schedules.anes import price_anesthesia, time_units
from bot.pricing.schedules.common import ScheduleRequest
from bot.pricing.schedules.pick import pick_schedule
from bot.pricing.schedules.types import ScheduleRelease
from storage.db import open_database
from storage.importers import registry
from storage.importers.anes import parse_anes
from storage.importers.errors import CmsFileError
from storage.importers.schedules.asp import parse_asp
from storage.importers.schedules.clfs import parse_clfs
from storage.importers.schedules.facility import parse_opps
from storage.importers.service import import_paths
from storage.importers.sources import HEAD_BYTES
from storage.models.schedules import ScheduleFile, ScheduleRow

RVU25D = ScheduleRelease("ANES", "RVU25D", date(2025, 10, 1), date(2025, 12, 31), ("ANES2025.csv",))


@pytest.fixture(scope="module")
def anes_cfs(cms_dir: Path) -> dict[str, AnesthesiaCf]:
    path = cms_dir / "rvu25d" / "ANES2025.csv"
    return {f"{a.carrier}-{a.locality}": a for a in parse_anes(path.read_text("latin-1"), path.name)}


def anes(cf: AnesthesiaCf, *mods: str, base: str | None = "4", minutes: int | None = 45, induction: bool = False):
    req = ScheduleRequest(
        "00142", mods, base_units=Decimal(base) if base else None, minutes=minutes, induction=induction
    )
    return price_anesthesia(cf, RVU25D, req)


@pytest.mark.parametrize(
    "minutes,units", [(45, "3.0"), (17, "1.1"), (52, "3.5"), (8, "0.5"), (7, "0.5"), (4, "0.3"), (3, "0.2"), (1, "0.1")]
)
def test_time_units_to_one_decimal_place(minutes: int, units: str) -> None:
    assert time_units(minutes) == Decimal(units)


def test_anesthesia_worked_examples(anes_cfs: dict[str, AnesthesiaCf]) -> None:
    alabama, houston, sf = anes_cfs["10112-00"], anes_cfs["04412-18"], anes_cfs["01112-05"]
    assert (alabama.conversion_factor, houston.conversion_factor, sf.conversion_factor) == (
        Decimal("19.31"),
        Decimal("21.09"),
        Decimal("22.37"),
    )
    # (4 base + 45/15 = 3.0 time) × 19.31 = 135.17; medically directed 50% = 67.585 → 67.59
    assert anes(alabama, "AA").amount == Decimal("135.17")
    assert anes(alabama, "QZ").amount == Decimal("135.17")
    assert anes(alabama, "QK").amount == Decimal("67.59")
    assert anes(alabama, "QX").amount == Decimal("67.59")
    # (5 + 17/15 = 1.1) × 21.09 = 128.649 → 128.65; QY 64.3245 → 64.32
    assert anes(houston, "AA", base="5", minutes=17).amount == Decimal("128.65")
    assert anes(houston, "QY", base="5", minutes=17).amount == Decimal("64.32")
    # (4 + 52/15 = 3.5) × 22.37 = 167.775 → 167.78; QK 83.8875 → 83.89
    assert anes(sf, "AA", minutes=52).amount == Decimal("167.78")
    assert anes(sf, "QK", minutes=52).amount == Decimal("83.89")
    # AD: 3 base units (whatever the code's), +1 time unit only when present at induction
    assert anes(alabama, "AD", base=None, minutes=None).amount == Decimal("57.93")
    assert anes(alabama, "AD", base="9", minutes=300, induction=True).amount == Decimal("77.24")
    q = anes(alabama, "QK")
    assert [str(s) for s in q.sources] == ["ANES2025.csv:2"]
    assert dict(q.details)["Rule"].startswith("Medicare Claims Processing Manual")
    assert "Base units from the command." in q.notes


def test_anesthesia_needs_modifier_base_and_minutes(anes_cfs: dict[str, AnesthesiaCf]) -> None:
    alabama = anes_cfs["10112-00"]
    plain = anes(alabama)
    assert plain.amount == Decimal("135.17") and plain.confidence == "medium"
    with pytest.raises(PricingError, match="base:4 minutes:45"):
        anes(alabama, "AA", base=None)
    with pytest.raises(PricingError, match="minutes"):
        anes(alabama, "AA", minutes=None)
    with pytest.raises(PricingError, match="own line"):
        anes(alabama, "QK", "QX")


def test_pick_schedule() -> None:
    assert pick_schedule("36415", pfs_payable=False, listed_in=("CLFS", "OPPS")) == "CLFS"
    assert pick_schedule("J3301", pfs_payable=False, listed_in=("ASP", "OPPS", "ASC")) == "ASP"
    assert pick_schedule("E0601", listed_in=("DMEPOS", "OPPS")) == "DMEPOS"
    assert pick_schedule("77002", pfs_payable=True, listed_in=("OPPS", "ASC")) == "PFS"
    assert pick_schedule("29881", asked="asc", pfs_payable=True) == "ASC"
    assert pick_schedule("00142", anesthesia_inputs=True, pfs_payable=False) == "ANES"
    assert pick_schedule("00142", anesthesia_inputs=False) == "PFS"
    assert pick_schedule("G0000", listed_in=("OPPS", "ASC")) == "PFS"  # facility schedules answer only when asked
    with pytest.raises(PricingError, match="Unknown schedule"):
        pick_schedule("80053", asked="lab")


def _clfs_variant(text: str) -> str:
    """Another quarter's layout: other captions, RATE moved last, no leading zeros, "$" amounts."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text, newline="")))
    head = next(i for i, r in enumerate(rows) if r and r[0] == "YEAR")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["2026 Clinical Diagnostic Laboratory Fee Schedule"])
    order = [0, 1, 2, 3, 4, 6, 7, 8, 5]
    w.writerow([rows[head][i] for i in order])
    for r in rows[head + 1 :]:
        if len(r) < 9:
            continue
        cells = [r[i] for i in order]
        cells[-1] = f"${Decimal(cells[-1]):,}"
        w.writerow(cells)
    return out.getvalue()


def test_clfs_other_layout_same_rows(cms_dir: Path) -> None:
    path = cms_dir / "clfs" / "CLFS 2025 Q2V1.csv"
    text = path.read_text("latin-1")
    original = parse_clfs(text, path.name)
    variant = parse_clfs(_clfs_variant(text), "CLFS 2026 Q1V1.csv")
    assert [(r.hcpcs, r.modifier, r.rate) for r in variant.rows] == [
        (r.hcpcs, r.modifier, r.rate) for r in original.rows
    ]
    assert (variant.period.start, variant.period.end) == (date(2026, 1, 1), date(2026, 3, 31))
    undated = parse_clfs(text, "clfs.csv")  # no quarter in the name: the latest EFF_DATE's quarter
    assert (undated.period.start, undated.period.end) == (date(2025, 4, 1), date(2025, 6, 30))


def test_malformed_cells_name_file_line_and_column(cms_dir: Path) -> None:
    path = cms_dir / "clfs" / "CLFS 2025 Q2V1.csv"
    bad = path.read_text("latin-1").replace("2025,36415,,20250101,N,00009.09", "2025,36415,,20250101,N,9.O9")
    with pytest.raises(CmsFileError) as err:
        parse_clfs(bad, path.name)
    assert err.value.column == "RATE" and err.value.line is not None and "9.O9" in str(err.value)
    asp = cms_dir / "asp" / "section 508 version of Oct 2025 ASP Pricing File 091725.csv"
    text = asp.read_text("latin-1")
    no_caption = text.replace("Effective October 1, 2025 through December 31, 2025", "Payment limits")
    assert parse_asp(no_caption, asp.name).period.start == date(2025, 10, 1)  # from the name
    with pytest.raises(CmsFileError, match="cannot tell the period"):
        parse_asp(no_caption, "asp.csv")
    opps = next((cms_dir / "opps").iterdir())
    with pytest.raises(CmsFileError, match="cannot tell the quarter"):
        parse_opps(opps.read_text("latin-1"), "addendum-b.csv")


def test_detection_by_content(cms_dir: Path) -> None:
    expected = {
        "clfs": "clfs",
        "DMEPOS_JAN.csv": "dmepos",
        "DMEPEN_JAN.csv": "dmepen",
        "508-Version-Jan-2025-ASC-AA.csv": "asc_aa",
        "508-Version-Jan-2025-ASC-BB.csv": "asc_bb",
    }
    for folder in ("clfs", "asp", "dmepos", "opps", "asc"):
        for path in (cms_dir / folder).iterdir():
            head = path.read_bytes()[: HEAD_BYTES].decode("latin-1")
            kind = registry.detect("renamed.csv", head)  # by content alone
            want = expected.get(path.name, {"asp": "asp", "opps": "opps_b", "clfs": "clfs"}.get(folder))
            assert kind is not None and kind.name == want, path.name
    for path in (cms_dir / "rvu25d").glob("*.csv"):
        kind = registry.detect(path.name, path.read_bytes()[: HEAD_BYTES].decode("latin-1"))
        assert kind is not None and kind.import_file is None, path.name  # still the PFS kinds


async def test_truncated_file_rolls_back_and_fewer_rows_refused(cms_dir: Path, tmp_path: Path) -> None:
    db = await open_database(f"sqlite+aiosqlite:///{tmp_path / 't.db'}")
    try:
        cut = tmp_path / "cut"
        cut.mkdir()
        (cut / "CLFS 2025 Q2V1.csv").write_bytes((cms_dir / "clfs" / "CLFS 2025 Q2V1.csv").read_bytes())
        dme = (cms_dir / "dmepos" / "DMEPOS_JAN.csv").read_bytes()
        (cut / "DMEPOS_JAN.csv").write_bytes(dme[: len(dme) // 2])
        with pytest.raises(CmsFileError, match="truncated"):
            await import_paths(db.engine, [cut])
        async with db.engine.connect() as conn:
            assert (await conn.execute(select(func.count()).select_from(ScheduleRow))).scalar_one() == 0
        await import_paths(db.engine, [cms_dir / "clfs"])
        short = tmp_path / "short"
        short.mkdir()
        lines = (cms_dir / "clfs" / "CLFS 2025 Q2V1.csv").read_bytes().splitlines(keepends=True)
        (short / "CLFS 2025 Q2V1.csv").write_bytes(b"".join(lines[:-10]))
        with pytest.raises(CmsFileError, match="looks truncated"):
            await import_paths(db.engine, [short])
        report = await import_paths(db.engine, [short], allow_fewer_rows=True)
        assert report.changed
        async with db.engine.connect() as conn:
            stored = (await conn.execute(select(ScheduleFile.__table__.c.rows))).scalars().all()
        assert stored == [len(lines) - 10 - 5]
    finally:
        await db.dispose()


def test_cpt_grammar_for_schedules() -> None:
    from bot.answer import canonical_text
    from bot.command import CommandError, QuoteCommand, parse

    cmd = parse("00142 QK base:4 minutes:45 zip:35203 induction")
    assert isinstance(cmd, QuoteCommand)
    assert (cmd.base_units, cmd.minutes, cmd.induction, cmd.zip_code) == (Decimal(4), 45, True, "35203")
    assert cmd.lines[0].modifiers == ("QK",)
    for text, schedule in [
        ("29881 asc", "asc"),
        ("29881 OPPS", "opps"),
        ("80053 lab", "clfs"),
        ("E0601 dme", "dmepos"),
    ]:
        parsed = parse(text)
        assert isinstance(parsed, QuoteCommand) and parsed.schedule == schedule
    rural = parse("E0601 RR loc:TX rural")
    assert isinstance(rural, QuoteCommand) and rural.rural and rural.locality == "TX"
    again = parse(canonical_text(cmd))
    assert isinstance(again, QuoteCommand) and (again.base_units, again.minutes, again.induction) == (
        Decimal(4),
        45,
        True,
    )
    with pytest.raises(CommandError, match="minutes"):
        parse("00142 base:4 minutes:lots")
    with pytest.raises(CommandError, match="base units"):
        parse("00142 base:x minutes:45")
