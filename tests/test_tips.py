"""Billing tips: derived from the real RVU25D indicators for every code, plus the curated YAML families."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.pricing.quote import QuoteRequest, price
from bot.pricing.schedule import FeeSchedule
from bot.pricing.tips import CuratedTips, Tip, UnitLimit, load_packaged, tips_for, tips_json
from bot.pricing.tips.curated import CuratedTipsError, parse_curated
from tests.support.pricing import load_rvu25d

NONE = CuratedTips(())


@pytest.fixture(scope="module")
def rvu25d(cms_dir: Path) -> FeeSchedule:
    return load_rvu25d(cms_dir)


def _well_formed(tip: Tip) -> None:
    assert tip.text.strip() and tip.impact.strip() and "\n" not in tip.impact
    assert tip.source == "curated" or tip.source.startswith("derived from "), tip.source
    assert tip.kind == ("curated" if tip.source == "curated" else "derived")


def test_every_code_gets_well_formed_tips(rvu25d: FeeSchedule) -> None:
    with_tips = 0
    for row in rvu25d.rvus.values():
        tips = tips_for(row)
        for t in tips:
            _well_formed(t)
        assert len({t.text for t in tips}) == len(tips)  # no duplicates
        with_tips += bool(tips)
    assert with_tips > 15_000


def test_add_on_and_pctc_tips_for_77002(rvu25d: FeeSchedule) -> None:
    tips = tips_for(rvu25d.rvus[("77002", "26")], curated=NONE)
    by_source = {t.source: t for t in tips}
    assert "only with its primary" in by_source["derived from GLOB DAYS ZZZ"].text
    assert "owns the equipment" in by_source["derived from PCTC IND 1"].text
    assert not any(t.topic in ("bilateral", "assistant", "co-surgery") for t in tips)  # not a surgical service


def test_global_period_and_surgical_indicator_tips(rvu25d: FeeSchedule) -> None:
    tips = {t.topic: t for t in tips_for(rvu25d.rvus[("27447", "")], curated=NONE)}
    glob = tips["global"].text
    assert "90-day global" in glob and all(m in glob for m in ("24", "57", "58", "78", "79"))
    assert "150%" in tips["bilateral"].text and tips["bilateral"].source == "derived from BILAT SURG 1"
    assert "16%" in tips["assistant"].text  # assistant indicator 2
    assert "62.5%" in tips["co-surgery"].text and "documentation" in tips["co-surgery"].text  # co-surgery 1
    assert "50%" in tips["multiple-procedure"].text
    ten = {t.topic: t for t in tips_for(rvu25d.rvus[("10060", "")], curated=NONE)}
    assert "10-day global" in ten["global"].text and "25" in ten["global"].text


@pytest.mark.parametrize(
    "status,phrase", [("B", "bundled"), ("T", "no other fee-schedule service"), ("C", "carrier-priced")]
)
def test_status_tips(rvu25d: FeeSchedule, status: str, phrase: str) -> None:
    row = next(r for r in rvu25d.rvus.values() if r.status == status)
    tips = [t for t in tips_for(row, curated=NONE) if t.source == f"derived from STATUS CODE {status}"]
    assert len(tips) == 1 and phrase in tips[0].text


def test_mue_and_opps_cap_tips(rvu25d: FeeSchedule) -> None:
    row = rvu25d.rvus[("77002", "")]
    mue = UnitLimit(1, "3 Date of Service Edit: Clinical", source="MUE practitioner file")
    tip = next(t for t in tips_for(row, mue=mue, curated=NONE) if t.topic == "units")
    assert "at most 1 unit" in tip.text and tip.source == "derived from MUE practitioner file"
    assert not any(t.topic == "units" for t in tips_for(row, curated=NONE))
    capped_key = next(k for k, c in rvu25d.opps_caps.items() if c.status == "A" and (k[0], k[1]) in rvu25d.rvus)
    quote = price(
        rvu25d,
        QuoteRequest(
            capped_key[0], (capped_key[1],) if capped_key[1] else (), locality=f"{capped_key[2]}-{capped_key[3]}"
        ),
    )
    assert quote.cap_applied
    capped = tips_for(quote.row, opps_cap_applied=quote.cap_applied, curated=NONE)
    assert any(t.topic == "opps-cap" for t in capped)
    assert not any(t.topic == "opps-cap" for t in tips_for(quote.row, opps_cap_applied=False, curated=NONE))


def test_curated_77002_covers_the_required_topics(rvu25d: FeeSchedule) -> None:
    curated = [t for t in tips_for(rvu25d.rvus[("77002", "26")]) if t.source == "curated"]
    text = " ".join(t.text for t in curated)
    assert "20610" in text and "20611" in text  # bundling with the primary injection family
    assert "report" in text  # separate imaging report for the professional component
    assert "one unit" in text.lower() and "session" in text and "separate anatomic site" in text
    assert "equipment" in text and "26" in text  # global vs 26/TC by ownership
    assert "LCD" in text
    assert len(curated) >= 5


@pytest.mark.parametrize("code,phrase", [("99213", "25"), ("99205", "25"), ("20611", "76942"), ("76942", "20611")])
def test_curated_families(rvu25d: FeeSchedule, code: str, phrase: str) -> None:
    curated = [t for t in tips_for(rvu25d.rvus[(code, "")]) if t.source == "curated"]
    assert curated and any(phrase in t.text for t in curated)


def test_packaged_curated_codes_exist_in_rvu25d(rvu25d: FeeSchedule) -> None:
    codes = {h for h, _ in rvu25d.rvus}
    packaged = load_packaged()
    assert len(packaged.families) >= 6
    assert packaged.codes() <= codes
    for fam in packaged.families:
        for lo, hi in fam.ranges:
            assert lo in codes and hi in codes
        for t in fam.tips:
            _well_formed(t)


def test_malformed_curated_files_are_named() -> None:
    with pytest.raises(CuratedTipsError, match=r"bad\.yaml"):
        parse_curated([("bad.yaml", {"family": "x", "codes": ["77002"], "tips": [{"text": "t"}]})])
    with pytest.raises(CuratedTipsError, match="codes and/or ranges"):
        parse_curated([("bad.yaml", {"family": "x", "tips": [{"text": "t", "impact": "i"}]})])
    ok = parse_curated(
        [("ok.yaml", [{"family": "x", "ranges": [["99202", "99205"]], "tips": [{"text": "t", "impact": "i"}]}])]
    )
    assert [t.text for t in ok.for_code("99203")] == ["t"] and ok.for_code("99206") == []


def test_tips_json_shape(rvu25d: FeeSchedule) -> None:
    data = tips_json(tips_for(rvu25d.rvus[("77002", "")]))
    assert data and set(data[0]) == {"text", "impact", "source", "kind", "topic"}


def test_every_packaged_curated_tip_names_its_impact_source_and_advice() -> None:
    """Each curated tip in the shipped YAML has an `impact` and a `source` (CMS manual chapter/section, MLN
    article or file field) and an explicit `advice` key, read from the files themselves."""
    from importlib import resources

    import yaml

    root = resources.files("bot.pricing.tips.data")
    files = [e for e in root.iterdir() if e.name.endswith((".yml", ".yaml"))]
    assert files
    count = 0
    for entry in files:
        for fam in yaml.safe_load(entry.read_text(encoding="utf-8")):
            for tip in fam["tips"]:
                count += 1
                for field in ("impact", "source", "advice"):
                    assert isinstance(tip.get(field), str) and tip[field].strip(), (entry.name, fam["family"], field)
                assert any(w in tip["source"] for w in ("Manual", "MLN", "field", "NCCI", "CPT", "rule")), tip
    assert count >= 20
    for fam in load_packaged().families:
        for t in fam.tips:
            assert t.reference and t.advice


def test_no_two_tips_give_the_same_advice(rvu25d: FeeSchedule) -> None:
    """The derived 'bill global only when your practice owns the equipment' and the curated 'global versus
    26/TC follows who owns the C-arm' share the advice key `pctc`: one reply carries one of them."""
    derived = tips_for(rvu25d.rvus[("77002", "")], curated=NONE)
    assert any(t.advice_key == "pctc" and "owns the equipment" in t.text for t in derived)
    tips = tips_for(rvu25d.rvus[("77002", "")])
    pctc = [t for t in tips if t.advice_key == "pctc"]
    assert len(pctc) == 1 and "C-arm" in pctc[0].text and pctc[0].kind == "curated"
    for row in rvu25d.rvus.values():
        keys = [t.advice_key for t in tips_for(row)]
        assert len(keys) == len(set(keys)), row.hcpcs


def test_g2211_and_abn_tips_follow_current_cms_rules(rvu25d: FeeSchedule) -> None:
    em = " ".join(t.text for t in tips_for(rvu25d.rvus[("99213", "")]) if t.advice_key == "g2211")
    assert "CY2025" in em and "preventive" in em and "vaccine" in em
    assert "not when the visit is billed with 25" not in em
    cat3 = next(r for r in rvu25d.rvus.values() if r.hcpcs.endswith("T") and r.hcpcs[:4].isdigit())
    abn = [t for t in tips_for(cat3, curated=NONE) if t.advice_key == "abn"]
    assert len(abn) == 1 and "not reasonable and necessary" in abn[0].text and "GA" in abn[0].text
    noncovered = next(r for r in rvu25d.rvus.values() if r.status == "N")
    text = next(t.text for t in tips_for(noncovered, curated=NONE) if t.source == "derived from STATUS CODE N")
    assert "GY" in text and "ABN only if you expect Medicare may cover it" not in text
