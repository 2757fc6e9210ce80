"""A claim mixes fee schedules line by line (issue 12 §3): `billbot claim 20610 77002 J3301x4 80053`
prices the procedures under the PFS claim rules, the drug under ASP and the lab test under CLFS, each
amount checked against the row read independently from the CMS file."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.cli import cli
from tests.schedule_truth import records

ASP_FILE = "section 508 version of Oct 2025 ASP Pricing File 091725.csv"  # in force on 2025-11-01


@pytest.fixture(scope="module")
def db_url(cms_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('claim_mixed') / 'billbot.db'}"
    folders = ("rvu25d", "asp", "clfs")
    result = CliRunner().invoke(
        cli, ["data", "import", *(str(cms_dir / f) for f in folders)], env={"BILLBOT_DATABASE_URL": url}
    )
    assert result.exit_code == 0, result.output
    return url


def claim(url: str, *args: str) -> dict[str, Any]:
    from bot.config import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["claim", *args, "--json"], env={"BILLBOT_DATABASE_URL": url})
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def cents(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_procedures_drug_and_lab_in_one_claim(db_url: str, cms_dir: Path) -> None:
    asp = {r["HCPCS Code"]: r for _, r in records(cms_dir / "asp" / ASP_FILE, "HCPCS Code")}
    limit = Decimal(asp["J3301"]["Payment Limit"])
    clfs = [r for _, r in records(cms_dir / "clfs" / "CLFS 2025 Q2V1.csv", "YEAR", "HCPCS")
            if r["HCPCS"] == "80053" and not r["MOD"]]  # fmt: skip
    rate = Decimal(clfs[0]["RATE"])

    out = claim(db_url, "20610", "77002", "J3301x4", "80053", "--dos", "2025-11-01")
    by_code = {ln["hcpcs"]: ln for ln in out["lines"]}
    assert [ln["schedule"] for ln in out["lines"]] == ["PFS", "PFS", "ASP", "CLFS"]
    # PFS (RVU25D, national): 20610 1.96 RVU = 63.40; 77002 3.41 RVU = 110.30 (an add-on: not ranked).
    assert (by_code["20610"]["allowed_amount"], by_code["77002"]["allowed_amount"]) == ("63.40", "110.30")
    # ASP: 4 units x the limit per 10 MG, then rounded half-up to cents; CLFS: the national limit.
    assert by_code["J3301"]["units"] == 4
    assert by_code["J3301"]["allowed_amount"] == cents(4 * limit)
    assert by_code["J3301"]["adjustments"] == []  # another schedule's line passes the PFS rules untouched
    assert by_code["80053"]["allowed_amount"] == cents(rate)
    expected_total = Decimal("63.40") + Decimal("110.30") + Decimal(cents(4 * limit)) + Decimal(cents(rate))
    assert out["total_allowed"] == cents(expected_total)
    assert any(ASP_FILE in n for n in out["notes"])  # the file and line the drug's amount came from


def test_without_the_other_schedules_the_drug_line_says_so(cms_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'pfs_only.db'}"
    result = CliRunner().invoke(cli, ["data", "import", str(cms_dir / "rvu25d")], env={"BILLBOT_DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    out = claim(url, "20610", "J3301x4", "--dos", "2025-11-01")
    drug = next(ln for ln in out["lines"] if ln["hcpcs"] == "J3301")
    assert drug["schedule"] == "PFS" and drug["allowed_amount"] is None  # not priced, and not in the total
    assert out["total_allowed"] == "63.40"
