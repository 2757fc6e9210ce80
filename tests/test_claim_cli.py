"""`billbot claim` end to end: the real CMS files imported into SQLite, then the command (issue 11 §2, §4).

Each rule of tests/test_claim_rules.py once more through `billbot claim --json`, with the same
hand-worked amounts (the arithmetic is in that file's comments; national, non-facility unless said).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli

LINE_KEYS = ["line", "hcpcs", "modifiers", "units", "schedule", "fee_schedule_amount", "allowed_amount", "adjustments"]
TOP_KEYS = ["lines", "total_allowed", "release", "locality", "setting", "bundling", "notes"]


@pytest.fixture(scope="module")
def db_url(cms_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('claim_cli') / 'billbot.db'}"
    folders = ("rvu25d", "zip-locality", "rvu26-excerpt", "ncci-excerpt")
    result = CliRunner().invoke(
        cli, ["data", "import", *(str(cms_dir / f) for f in folders)], env={"BILLBOT_DATABASE_URL": url}
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


def claim_json(url: str, *args: str) -> dict[str, Any]:
    result = invoke(url, "claim", *args, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


RULES = [
    # (lines, options, allowed per line, total) — worked by hand in tests/test_claim_rules.py
    (["97110x4"], [], ["94.28"], "94.28"),  # therapy PE 50% after the first unit (not 115.16)
    (["97110x4", "97140", "97530x2"], [], ["87.32", "20.70", "59.19"], "167.21"),  # therapy across codes
    (["20610-RT", "20610-LT"], [], ["63.40", "31.70"], "95.10"),  # bilateral 1: RT+LT 150%
    (["20610-50"], [], ["95.10"], "95.10"),  # bilateral 1: modifier 50
    (["20610x2"], [], ["95.10"], "95.10"),  # bilateral 1: 2 units
    (["92134-RT", "92134-LT"], [], ["31.38", "0.00"], "31.38"),  # bilateral 2: one side
    (["62323-50"], [], ["0.00"], "0.00"),  # bilateral 9: 50 not allowed
    (["73721-50"], [], ["328.13"], "328.13"),  # bilateral 3: 200%, then the imaging session rule
    (["27447-50", "29881"], [], ["1886.45", "269.13"], "2155.58"),  # bilateral before ranking
    (["20610", "11042", "27447"], [], ["31.70", "62.59", "1257.63"], "1351.92"),  # indicator 2 ranking
    (["11042x3"], [], ["250.36"], "250.36"),  # units are several procedures
    (["43239", "43235", "43238"], ["--facility"], ["14.56", "0.00", "222.54"], "237.10"),  # endoscopy family
    (["45380", "45385", "43239", "27447"], [], ["43.51", "217.69", "178.56", "1257.63"], "1697.39"),
    (["73721", "73221"], [], ["131.00", "197.46"], "328.46"),  # imaging TC 50%, PC 95%
    (["73721-26", "73221-26", "72148-26"], [], ["58.69", "58.69", "67.60"], "184.98"),
    (["93306", "93880"], [], ["157.28", "181.79"], "339.07"),  # cardiovascular TC 75%
    (["92134", "92250"], [], ["28.53", "35.58"], "64.11"),  # ophthalmology TC 80%
    (["27447-80", "27130-80"], [], ["100.61", "201.48"], "302.09"),  # assistant 16%, then ranking
    (["27447-62"], [], ["786.02"], "786.02"),  # co-surgeon 62.5%
    (["20610-80", "20610-62"], [], ["0.00", "0.00"], "0.00"),  # assistant 1 / co-surgery 0: not allowed
    (["99213"], ["--npp"], ["75.61"], "75.61"),  # NPP 85%
    (["27447-AS"], ["--npp"], ["171.04"], "171.04"),  # AS already 85% of 16%
    (["99213", "94760"], [], ["88.95", "0.00"], "88.95"),  # status T with another service
]


@pytest.mark.parametrize(("lines", "options", "allowed", "total"), RULES, ids=[" ".join(r[0]) for r in RULES])
def test_every_rule_through_billbot_claim_json(
    db_url: str, lines: list[str], options: list[str], allowed: list[str], total: str
) -> None:
    data = claim_json(db_url, *lines, *options, "--dos", "2025-11-01")
    assert list(data) == TOP_KEYS
    assert [list(ln) for ln in data["lines"]] == [LINE_KEYS] * len(lines)
    assert [ln["allowed_amount"] for ln in data["lines"]] == allowed
    assert data["total_allowed"] == total
    assert (data["release"], data["locality"]) == ("RVU25D", "national")
    for ln in data["lines"]:
        for adj in ln["adjustments"]:
            assert list(adj) == ["rule", "percent", "amount", "reason"] and adj["reason"]


def test_claim_in_a_locality_with_the_fee_before_and_after(db_url: str) -> None:
    # San Francisco 01112-05 (GPCI work 1.088, PE 1.419, MP 0.445):
    # 64483: 1.90×1.088 + 5.24×1.419 + 0.16×0.445 = 9.57396 × 32.3465 = 309.684 → 309.68
    # 77003 (add-on, not ranked): 0.60×1.088 + 2.44×1.419 + 0.04×0.445 = 4.13296 × 32.3465 = 133.687 → 133.69
    data = claim_json(db_url, "64483 77003", "--locality", "01112-05", "--dos", "2025-11-01")
    assert [(ln["line"], ln["fee_schedule_amount"], ln["allowed_amount"]) for ln in data["lines"]] == [
        ("64483", "309.68", "309.68"),
        ("77003", "133.69", "133.69"),
    ]
    assert data["total_allowed"] == "443.37" and data["locality"] == "01112-05"
    assert data["setting"] == "nonfacility"
    # The NCCI check of the same lines rides along, in `billbot bundle --json`'s shape.
    assert set(data["bundling"]) == {"bundling", "mue", "addon", "notes"}
    assert [a["code"] for a in data["bundling"]["addon"]] == ["77003"]


def test_zip_and_money_strings(db_url: str) -> None:
    # ZIP 94110 is in 01112-05: 20610 there: 2.39313 × 32.3465 = 77.409 → 77.41; RT+LT 77.41 + 38.71 (38.705).
    data = claim_json(db_url, "20610-RT", "20610-LT", "--zip", "94110", "--dos", "2025-11-01")
    assert [ln["allowed_amount"] for ln in data["lines"]] == ["77.41", "38.71"]
    assert data["lines"][1]["adjustments"] == [
        {
            "rule": "bilateral",
            "percent": "50",
            "amount": "-38.70",
            "reason": data["lines"][1]["adjustments"][0]["reason"],
        }
    ]
    assert data["total_allowed"] == "116.12"


def test_no_date_says_which_release_in_one_line_first(db_url: str) -> None:
    # RVU26C (the excerpt) is newest but lacks 27447: the claim goes to RVU25D, with one line saying why;
    # and when no loaded release covers today, one line says so and names the release used.
    data = claim_json(db_url, "27447", "20610")
    assert data["release"] == "RVU25D"
    assert any("not in the newest loaded release RVU26C" in n for n in data["notes"])
    covered = date(2025, 10, 1) <= date.today() <= date(2025, 12, 31)
    today = [n for n in data["notes"] if "no loaded release covers today" in n]
    assert len(today) == (0 if covered else 1)
    if today:
        assert data["notes"][0] == today[0] and "priced under RVU25D" in today[0]


def test_release_option_and_text_output(db_url: str) -> None:
    result = invoke(db_url, "claim", "97110x4", "--release", "RVU25D")
    assert result.exit_code == 0, result.output
    assert "therapy_pe 50% -20.88" in result.output and "Total allowed $94.28" in result.output


def test_bad_lines_fail_cleanly(db_url: str) -> None:
    result = invoke(db_url, "claim", "2744", "97110x4")
    assert result.exit_code == 1 and "not a HCPCS/CPT code" in result.output
    result = invoke(db_url, "claim", "97110", "--zip", "94110", "--locality", "01112-05")
    assert result.exit_code == 1 and "either --locality or --zip" in result.output


def test_bundle_text_says_partial_ptp_first(db_url: str) -> None:
    result = invoke(db_url, "bundle", "99213", "20610", "--dos", "2026-07-15")
    assert result.exit_code == 0, result.output
    out = result.output
    partial = out.find("Only part of the NCCI PTP file set is loaded (only file f1 of f1-f4 loaded)")
    assert 0 <= partial < out.find("no PTP edit between 20610 and 99213")
