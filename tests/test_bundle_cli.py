"""`billbot bundle` end to end: import the real excerpts with `billbot data import`, then ask."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.config import get_settings


@pytest.fixture
def runner(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("BILLBOT_DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    try:
        yield CliRunner()
    finally:
        get_settings.cache_clear()


def test_bundle_before_and_after_import(runner: CliRunner, cms_dir: Path) -> None:
    empty = runner.invoke(cli, ["bundle", "99213", "93000", "--dos", "2025-11-01", "--json"])
    assert empty.exit_code == 0, empty.output
    data = json.loads(empty.output)
    assert data["bundling"] == [] and "NCCI PTP edits not loaded for 2025-11-01" in data["notes"]

    imported = runner.invoke(cli, ["data", "import", str(cms_dir / "ncci-excerpt"), "--no-progress"])
    assert imported.exit_code == 0, imported.output

    out = runner.invoke(cli, ["bundle", "0001U", "0029U", "0030U-XS", "0009Ux3", "--dos", "2026-06-30", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert list(data) == ["bundling", "mue", "addon", "notes"]
    pairs = {(b["column1"], b["column2"]): b for b in data["bundling"]}
    assert set(pairs) == {("0001U", "0029U"), ("0001U", "0030U")}
    assert pairs[("0001U", "0029U")] == {
        "column1": "0001U",
        "column2": "0029U",
        "modifier_indicator": "1",
        "bypassed": False,
        "rationale": "Misuse of Column Two code with Column One code",
        "effective": "2018-07-01",
        "deleted": "2026-06-30",
        "release": "NCCI practitioner PTP v32.2r0 (2026Q3)",
    }
    assert pairs[("0001U", "0030U")]["bypassed"] is True
    # the MUE file is effective 2026-07-01: it does not answer 2026-06-30
    assert "NCCI MUE values not loaded for 2026-06-30" in data["notes"]

    text = runner.invoke(cli, ["bundle", "0009Ux3", "0009U", "0009U", "--dos", "2026-07-01"])
    assert text.exit_code == 0, text.output
    assert "[OVER] 0009U: 4 units of 0009U exceed the MUE of 2" in text.output
    assert "0009U was listed 2 times; checked once" in text.output


def test_bad_input_is_a_clear_message(runner: CliRunner) -> None:
    for args, message in (
        (["bundle", "9921", "93000"], "'9921' is not a HCPCS/CPT code"),
        (["bundle", "99213", "--dos", "11/01/2025"], "is not a date: use YYYY-MM-DD"),
        (["bundle"], "Give the codes billed on one date"),
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code != 0
        assert message in result.output
        assert "Traceback" not in result.output
