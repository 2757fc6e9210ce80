"""`billbot price` and `billbot fee-schedule` end to end: real import into SQLite, then the commands."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.cli import price as price_cli
from bot.pricing.schedule import FeeSchedule
from tests.support.pricing import CarrierFee, read_carrier_file

HEADER = "hcpcs,modifier,carrier,locality,nonfacility_amount,facility_amount,status,pctc_indicator,release"
CF = Decimal("32.3465")


@pytest.fixture(scope="module")
def db_url(cms_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('pricing_cli') / 'billbot.db'}"
    result = CliRunner().invoke(
        cli,
        ["data", "import", str(cms_dir / "rvu25d"), str(cms_dir / "zip-locality")],
        env={"BILLBOT_DATABASE_URL": url},
    )
    assert result.exit_code == 0, result.output
    return url


def invoke(url: str, *args: str) -> Result:
    from bot.config import get_settings

    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli, list(args), env={"BILLBOT_DATABASE_URL": url})
    finally:
        get_settings.cache_clear()


def test_price_text_shows_the_breakdown(db_url: str) -> None:
    result = invoke(db_url, "price", "77002", "26")
    assert result.exit_code == 0, result.output
    out = result.output
    for expected in ("77002-26", "$25.55", "RVU25D", "32.3465", "National average", "Billing tips", "Typical-case"):
        assert expected in out


def test_price_json_contract(db_url: str) -> None:
    result = invoke(db_url, "price", "77002-26", "--zip", "94110", "--json")
    assert result.exit_code == 0, result.output
    (quote,) = json.loads(result.output)["quotes"]
    # 01112-05 by hand: (0.54×1.088 + 0.22×1.419 + 0.03×0.445) × 32.3465 = 0.91305 × 32.3465 = 29.5340 → 29.53
    assert {
        k: quote[k] for k in ("hcpcs", "modifier", "carrier", "locality", "nonfacility_amount", "facility_amount")
    } == {
        "hcpcs": "77002",
        "modifier": "26",
        "carrier": "01112",
        "locality": "05",
        "nonfacility_amount": "29.53",
        "facility_amount": "29.53",
    }
    assert (quote["release"], quote["conversion_factor"]) == ("RVU25D", "32.3465")


def test_price_options(db_url: str) -> None:
    by_name = json.loads(invoke(db_url, "price", "77002", "26", "--locality", "CA san francisco", "--json").output)
    assert by_name["quotes"][0]["nonfacility_amount"] == "29.53"
    units = json.loads(invoke(db_url, "price", "77002", "26", "--units", "2", "--json").output)
    assert units["quotes"][0]["nonfacility_amount"] == "51.10"  # 2 × 25.55
    fac = json.loads(invoke(db_url, "price", "99213", "--facility", "--dos", "2025-11-01", "--json").output)
    # 99213 facility national: (1.30 + 0.57 + 0.10) × 32.3465 = 1.97 × 32.3465 = 63.7226 → 63.72
    assert fac["quotes"][0]["amount"] == "63.72" and fac["quotes"][0]["setting"] == "facility"


@pytest.mark.parametrize(
    "args,message",
    [
        (("price", "77OO2"), "77OO2 is not in RVU25D"),
        (("price", "77002", "ZQ"), "Modifier ZQ is not one billbot knows"),
        (("price", "99213", "26"), "no 26 component"),
        (("price", "77002", "--locality", "01112-05", "--zip", "94110"), "either --locality or --zip"),
        (("price", "77002", "--locality", "XX12"), "can't read the locality"),
        (("price", "77002", "--dos", "11/01/2025"), "YYYY-MM-DD"),
        (("price", "77002", "--dos", "2024-01-01"), "No loaded release covers the date of service 2024-01-01"),
        (("price", "77002", "--units", "0"), "--units"),
        (("fee-schedule", "--locality", "01112-05"), "add --csv"),
        (("fee-schedule", "--locality", "national", "--csv"), "per locality"),
        (("fee-schedule", "--locality", "01112-05", "--release", "RVU19A", "--csv"), "RVU19A' is not loaded"),
        (("price", "7" * 5000), "'777777777777777777777777...' is not a HCPCS/CPT code"),
        (("price", "77002", "Z" * 5000), "'ZZZZZZZZZZZZZZZZZZZZZZZZ...' is not a modifier"),
        (("price", "77002", "--locality", "9" * 5000), "can't read the locality '999999999999999999999999...'"),
        (("price", "77002", "--zip", "9" * 5000), "'999999999999999999999999...' is not a 5-digit ZIP"),
        (("price", "77002", "--dos", "9" * 5000), "--dos '999999999999999999999999...' is not a date"),
        (("price", "77002", "--variant", "Q" * 5000), "No QQQQQQQQQQQQQQQQQQQQQQQQ variant"),
    ],
)
def test_bad_input_gets_a_message_and_non_zero_exit(db_url: str, args: tuple[str, ...], message: str) -> None:
    result = invoke(db_url, *args)
    assert result.exit_code != 0
    assert message in result.output and len(result.output) < 600
    assert "Traceback" not in result.output and not isinstance(result.exception, (KeyError, AttributeError, TypeError))


def test_empty_database_says_to_import(tmp_path: Path) -> None:
    result = invoke(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}", "price", "77002")
    assert result.exit_code == 1 and "billbot data import" in result.output


def _rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_fee_schedule_csv_end_to_end(db_url: str, cms_dir: Path) -> None:
    result = invoke(db_url, "fee-schedule", "--locality", "01112-05", "--csv")
    assert result.exit_code == 0, result.output[-500:]
    assert result.output.splitlines()[0] == HEADER
    rows = _rows(result.output)
    assert len(rows) == 19_090  # every code/modifier row of PPRRVU2025_Oct.csv
    by_key = {(r["hcpcs"], r["modifier"]): r for r in rows}
    # 77002 in 01112-05 by hand (GPCI work 1.088, PE 1.419, MP 0.445):
    #   global 0.54/2.83/0.04: 0.58752 + 4.01577 + 0.01780 = 4.62109 × 32.3465 = 149.4772 → 149.48
    #   26     0.54/0.22/0.03: 0.91305 × 32.3465 = 29.5340 → 29.53
    #   TC     0.00/2.61/0.01: 3.70359 + 0.00445 = 3.70804 × 32.3465 = 119.9425 → 119.94
    assert by_key[("77002", "")]["nonfacility_amount"] == "149.48"
    assert by_key[("77002", "26")]["facility_amount"] == "29.53"
    assert by_key[("77002", "TC")]["nonfacility_amount"] == "119.94"
    assert by_key[("77002", "")]["facility_amount"] == "149.48"  # facility NA: filled as CMS fills it
    for r in rows:
        has_fee = r["nonfacility_amount"] != ""
        assert has_fee == (r["facility_amount"] != "")
        if r["status"] in ("B", "C", "I", "N", "X", "E", "J", "M", "P"):
            assert not has_fee, r
        if r["status"] == "A":
            assert has_fee, r
        assert r["release"] == "RVU25D" and (r["carrier"], r["locality"]) == ("01112", "05")
    # OPPS cap applied in the CSV: every status-A OPPSCAP row for this locality is at most the cap.
    with (cms_dir / "rvu25d" / "OPPSCAP_Oct.csv").open(encoding="latin-1", newline="") as fh:
        caps = [c for c in csv.reader(fh) if len(c) >= 7 and c[2] == "A" and (c[3], c[4]) == ("01112", "05")]
    assert len(caps) > 50
    for hcpcs, mod, _st, _c, _l, fac_cap, nf_cap in caps:
        r = by_key[(hcpcs, mod)]
        assert Decimal(r["nonfacility_amount"]) == Decimal(nf_cap), (hcpcs, mod)  # cap < PFS for these rows
        assert Decimal(r["facility_amount"]) <= Decimal(fac_cap)


def test_fee_schedule_csv_matches_cms_for_76145_in_every_locality(
    db_url: str, cms_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's CSV for each of the 109 localities carries CMS's own 76145 amounts (PFREV25C.txt).

    `fee-schedule` loads its one release with `load_one_schedule`; the first call reads it from the
    database as usual and the other 108 reuse that snapshot (same release, variant and ZIP choice)."""
    read_from_database = price_cli.load_one_schedule
    loaded: dict[tuple[str | None, str | None, bool], FeeSchedule] = {}

    async def load_once(release: str | None, variant: str | None, with_zips: bool = False) -> FeeSchedule:
        key = (release, variant, with_zips)
        if key not in loaded:
            loaded[key] = await read_from_database(release, variant, with_zips)
        return loaded[key]

    monkeypatch.setattr(price_cli, "load_one_schedule", load_once)
    fees: list[CarrierFee] = read_carrier_file(cms_dir / "carrier-format" / "PFREV25C.txt")
    assert len(fees) == 109
    for fee in fees:
        result = invoke(db_url, "fee-schedule", "--locality", f"{fee.carrier}-{fee.locality}", "--csv")
        assert result.exit_code == 0, result.output[-300:]
        line = next(x for x in result.output.splitlines() if x.startswith("76145,"))
        amounts = f"{fee.nonfacility:.2f},{fee.facility:.2f}"
        want = f"76145,,{fee.carrier},{fee.locality},{amounts},{fee.status},{fee.pctc},RVU25D"
        assert line == want
    assert list(loaded) == [(None, None, False)]  # one load, and the command did go through it


def test_money_rounds_half_up_like_cms() -> None:
    from bot.pricing.money import cents, money_str

    # 0.91305 × 32.3465 = 29.53397... → 29.53; an exact half rounds up (banker's rounding would give 0.12).
    assert cents(Decimal("0.91305") * CF) == Decimal("29.53")
    assert cents(Decimal("0.125")) == Decimal("0.13") and money_str(Decimal("25.5")) == "25.50"


def test_price_and_fee_schedule_on_each_database(database_url: str, cms_dir: Path) -> None:
    """SQLite and PostgreSQL: import, then the same CMS-published 76145 amount and the 77002-26 hand value."""
    imported = invoke(database_url, "data", "import", str(cms_dir / "rvu25d"), str(cms_dir / "zip-locality"))
    assert imported.exit_code == 0, imported.output
    (quote,) = json.loads(invoke(database_url, "price", "77002", "26", "--zip", "94110", "--json").output)["quotes"]
    assert (quote["nonfacility_amount"], quote["carrier"], quote["locality"]) == ("29.53", "01112", "05")
    sf = next(f for f in read_carrier_file(cms_dir / "carrier-format" / "PFREV25C.txt") if f.locality == "05")
    result = invoke(database_url, "fee-schedule", "--locality", "01112-05", "--csv")
    line = next(x for x in result.output.splitlines() if x.startswith("76145,"))
    assert line == f"76145,,01112,05,{sf.nonfacility:.2f},{sf.facility:.2f},A,3,RVU25D"


@pytest.mark.parametrize("url", ["garbage", "sqlite+aiosqlite:////nonexistent-folder/billbot.db"])
@pytest.mark.parametrize(
    "args",
    [
        ("price", "77002"),
        ("fee-schedule", "--locality", "01112-05", "--csv"),
        ("bundle", "20610", "77002"),
        ("data", "status"),
        ("data", "import", "."),
        ("db", "upgrade"),
    ],
)
def test_unusable_database_url_is_a_message_not_a_traceback(url: str, args: tuple[str, ...]) -> None:
    result = invoke(url, *args)
    assert result.exit_code == 1, result.output
    assert "database" in result.output and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("locality", ["94110", "CA san francisco"])
def test_fee_schedule_by_zip_or_name_is_the_carrier_locality_schedule(db_url: str, locality: str) -> None:
    """ZIP 94110 (ZIP5_OCT2025.txt) and "CA san francisco" both resolve to 01112-05: the same CSV."""
    by_id = invoke(db_url, "fee-schedule", "--locality", "01112-05", "--csv")
    other = invoke(db_url, "fee-schedule", "--locality", locality, "--csv")
    assert other.exit_code == 0, other.output[-300:]
    assert other.output == by_id.output
