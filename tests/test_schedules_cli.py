"""`billbot data import/status`, `billbot price --schedule` and `billbot fee-schedule --schedule` with
the real schedule files, end to end through the CLI on SQLite."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from tests.schedule_truth import amount, cents, records

ASP_OCT = "section 508 version of Oct 2025 ASP Pricing File 091725.csv"


@pytest.fixture(scope="module")
def db_url(cms_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('sched_cli') / 'billbot.db'}"
    folders = ("rvu25d", "zip-locality", "clfs", "asp", "dmepos", "opps", "asc")
    result = invoke(url, "data", "import", *(str(cms_dir / f) for f in folders))
    assert result.exit_code == 0, result.output
    return url


def invoke(url: str, *args: str) -> Result:
    from bot.config import get_settings

    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli, list(args), env={"BILLBOT_DATABASE_URL": url})
    finally:
        get_settings.cache_clear()


def quote(url: str, *args: str) -> dict[str, object]:
    result = invoke(url, "price", *args, "--json")
    assert result.exit_code == 0, result.output
    (q,) = json.loads(result.output)["quotes"]
    return q


def test_status_lists_every_schedule(db_url: str) -> None:
    result = invoke(db_url, "data", "status")
    assert result.exit_code == 0, result.output
    for expected in (
        "CLFS 2025Q2",
        "ASP 2025Q4",
        "ASP 2026Q1",
        "DMEPOS 2025Q1",
        "DMEPEN_JAN.csv",
        "OPPS 2025Q4",
        "ASC 2025Q1",
        "508-Version-Jan-2025-ASC-BB.csv",
        "RVU25D",
    ):
        assert expected in result.output, expected


def test_price_picks_the_schedule(db_url: str, cms_dir: Path) -> None:
    pfs = quote(db_url, "77002", "26")
    assert (pfs["schedule"], pfs["amount"], pfs["nonfacility_amount"]) == ("PFS", "25.55", "25.55")
    lab = quote(db_url, "36415")
    assert (lab["schedule"], lab["amount"], lab["release"]) == ("CLFS", "9.09", "CLFS 2025Q2")
    j3301 = next(r for _, r in records(cms_dir / "asp" / ASP_OCT, "HCPCS Code") if r["HCPCS Code"] == "J3301")
    drug = quote(db_url, "J3301", "--units", "4", "--dos", "2025-11-01")
    assert (drug["schedule"], drug["release"]) == ("ASP", "ASP 2025Q4")
    assert drug["amount"] == f"{cents(4 * Decimal(j3301['Payment Limit'])):.2f}"
    e0601 = next(r for _, r in records(cms_dir / "dmepos" / "DMEPOS_JAN.csv", "HCPCS") if r["HCPCS"] == "E0601")
    dme = quote(db_url, "E0601", "--zip", "77002")
    assert (dme["schedule"], dme["amount"], dme["state"]) == ("DMEPOS", f"{Decimal(e0601['TX (NR)']):.2f}", "TX")
    rural = quote(db_url, "E0601", "RR", "--zip", "77002", "--rural")
    assert rural["amount"] == f"{Decimal(e0601['TX (R)']):.2f}"


def test_price_facility_and_anesthesia(db_url: str, cms_dir: Path) -> None:
    opps_row = next(
        r for _, r in records(next((cms_dir / "opps").iterdir()), "HCPCS Code") if r["HCPCS Code"] == "29881"
    )
    assert quote(db_url, "29881", "--schedule", "opps")["amount"] == f"{cents(amount(opps_row['Payment Rate'])):.2f}"
    asc = quote(db_url, "29881", "--schedule", "asc")
    assert (asc["schedule"], asc["amount"], asc["paid_to"]) == ("ASC", "1579.16", "facility")
    text = invoke(db_url, "price", "29881", "--schedule", "asc")
    assert text.exit_code == 0 and "not the physician" in text.output and "$1,579.16" in text.output
    anes = quote(db_url, "00142", "QK", "--base", "4", "--minutes", "45", "--zip", "35203")
    assert (anes["schedule"], anes["amount"]) == ("ANES", "67.59")  # (4 + 3.0) × 19.31 × 50%


def test_fee_schedule_csv(db_url: str, cms_dir: Path) -> None:
    result = invoke(db_url, "fee-schedule", "--schedule", "clfs", "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    truth = list(records(cms_dir / "clfs" / "CLFS 2025 Q2V1.csv", "YEAR", "HCPCS"))
    assert len(rows) == len(truth)
    assert next(r for r in rows if r["hcpcs"] == "36415")["rate"] == "9.09"
    dme = invoke(db_url, "fee-schedule", "--schedule", "dmepos", "--state", "TX", "--csv")
    assert dme.exit_code == 0, dme.output
    assert "E0601,RR,,TX," in dme.output
    missing = invoke(db_url, "fee-schedule", "--schedule", "dmepos", "--csv")
    assert missing.exit_code == 1 and "--state" in missing.output
    pfs = invoke(db_url, "fee-schedule", "--locality", "01112-05", "--csv")
    assert pfs.exit_code == 0 and pfs.output.startswith("hcpcs,modifier,carrier")


def test_cpt_answers_every_schedule(db_url: str) -> None:
    """`billbot ask` prints exactly what /cpt answers in Slack."""
    lab = invoke(db_url, "ask", "/cpt 80053")
    assert lab.exit_code == 0, lab.output
    for expected in ("$10.56", "Clinical Laboratory Fee Schedule", "CLFS 2025Q2", "CLFS 2025 Q2V1.csv:526"):
        assert expected in lab.output, expected
    drug = json.loads(invoke(db_url, "ask", "--json", "/cpt J3301 units:4 dos:2025-11-01").output)["quotes"][0]
    assert (drug["schedule"], drug["release"], drug["units"]) == ("ASP", "ASP 2025Q4", 4)
    dme = json.loads(invoke(db_url, "ask", "--json", "/cpt E0601 zip:77002").output)["quotes"][0]
    assert (dme["schedule"], dme["state"]) == ("DMEPOS", "TX")
    asc = invoke(db_url, "ask", "/cpt 29881 asc")
    assert "$1,579.16" in asc.output and "not the physician" in asc.output
    anes = json.loads(invoke(db_url, "ask", "--json", "/cpt 00142 QK base:4 minutes:45 zip:35203").output)
    assert (anes["quotes"][0]["schedule"], anes["quotes"][0]["amount"]) == ("ANES", "67.59")
    pfs = json.loads(invoke(db_url, "ask", "--json", "/cpt 77002 26").output)["quotes"][0]
    assert (pfs["schedule"], pfs["amount"]) == ("PFS", "25.55")
    mixed = json.loads(invoke(db_url, "ask", "--json", "/cpt 20610 77002 J3301 units:4").output)
    assert [q["schedule"] for q in mixed["quotes"]] == ["PFS", "PFS", "ASP"]
