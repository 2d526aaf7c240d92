import json

import pandas as pd
import pytest

from casekit import data
from casekit.errors import DatasetError, SchemaError

SCHEMA = {
    "fields": [
        {"name": "code", "type": "string", "constraints": {"required": True, "pattern": r"\d{4}"}},
        {"name": "count", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "share", "type": "number"},
        {"name": "active", "type": "boolean"},
        {"name": "day", "type": "date"},
        {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"]}},
    ],
    "primaryKey": "code",
}
GOOD = "code,count,share,active,day,kind\n0301,5,0.5,true,2024-01-01,a\n4228,,1.25,false,2024-02-29,b\n"


def write(tmp_path, text, name="t.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_typed_frame_keeps_codes_as_strings(tmp_path):
    frame = data.read_table(write(tmp_path, GOOD), SCHEMA)
    assert frame["code"].tolist() == ["0301", "4228"]
    assert str(frame["count"].dtype) == "Int64" and pd.isna(frame.loc[1, "count"])
    assert frame["share"].tolist() == [0.5, 1.25]
    assert frame["active"].tolist() == [True, False]
    assert frame["day"].dt.year.tolist() == [2024, 2024]


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (GOOD.replace("0301,5", "0301,five"), ["rad 2", "count", "five"]),
        (GOOD.replace("4228,,1.25", "4228,,lots"), ["rad 3", "share", "lots"]),
        (GOOD.replace("2024-02-29", "29.02.2024"), ["rad 3", "day"]),
        (GOOD.replace("true", "kanskje"), ["rad 2", "active"]),
        (GOOD.replace(",a\n", ",c\n"), ["rad 2", "kind", "a, b"]),
        (GOOD.replace("0301,", "301,"), ["rad 2", "code", "301"]),
        (GOOD.replace("0301,5", "0301,-1"), ["rad 2", "count", "-1"]),
        (GOOD.replace("4228", "0301"), ["rad 3", "code=0301", "rad 2"]),
        (GOOD.replace("code,count", "kode,count"), ["code", "mangler"]),
    ],
)
def test_broken_files_name_row_and_field(tmp_path, text, fragments):
    with pytest.raises(SchemaError) as err:
        data.read_table(write(tmp_path, text), SCHEMA)
    message = str(err.value)
    for fragment in fragments:
        assert fragment in message, message
    assert "t.csv" in message


def test_error_in_english(tmp_path):
    from casekit import i18n

    i18n.set_language("en")
    with pytest.raises(SchemaError, match="row 2, field “count”"):
        data.read_table(write(tmp_path, GOOD.replace("0301,5", "0301,x")), SCHEMA)


def test_shipped_package_is_valid():
    results = data.validate_all()
    assert "municipalities" in results
    assert {name: str(err) for name, err in results.items() if err} == {}


def test_every_resource_states_provenance():
    for res in data.package()["resources"]:
        prov = res.get("provenance", {})
        assert prov.get("kind") in data.PROVENANCE, res["name"]
        assert data.provenance_problems(res["name"]) == [], res["name"]
        for key in data.PROVENANCE[prov["kind"]]:
            assert prov.get(key) not in (None, ""), (res["name"], key)


def test_item_banks_and_radar_placements_do_not_call_themselves_real():
    """The item banks were written for casekit and the sample radars' rings are invented for teaching."""
    kinds = {res["name"]: res["provenance"]["kind"] for res in data.package()["resources"]}
    for bank in ("instrument_maturity", "instrument_capabilities", "instrument_competence"):
        assert kinds[bank] == "authored", bank
        assert data.resource(bank)["sources"], bank  # what it draws on
    for radar in ("radar-sample-2024", "radar-sample-2025"):
        assert kinds[radar] == "illustrative", radar
        assert "ring" in data.resource(radar)["provenance"]["illustrative"]
    assert kinds["municipalities"] == "real"


@pytest.mark.parametrize(
    ("provenance", "sources", "expected"),
    [
        ({"kind": "authored", "author": "casekit", "date": "2026"}, [{"title": "x"}], []),
        ({"kind": "authored", "author": "casekit", "date": "2026"}, [], ["sources"]),
        ({"kind": "authored", "date": "2026"}, [{"title": "x"}], ["author"]),
        ({"kind": "illustrative", "author": "casekit", "date": "2026"}, [], ["illustrative"]),
        ({"kind": "real", "source": "SSB"}, [], ["date"]),
        ({"kind": "synthetic", "generator": "m:f"}, [], ["seed"]),
    ],
)
def test_provenance_check_names_the_missing_field(tmp_path, monkeypatch, provenance, sources, expected):
    monkeypatch.setenv("CASEKIT_DATASETS_DIR", str(tmp_path))
    (tmp_path / "t.csv").write_text("i\n1\n", encoding="utf-8")
    resource = {"name": "t", "path": "t.csv", "schema": {"fields": [{"name": "i", "type": "integer"}]}}
    _package(tmp_path, [{**resource, "provenance": provenance, "sources": sources}])
    assert [p.params["field"] for p in data.provenance_problems("t")] == expected
    if expected:
        with pytest.raises(DatasetError) as err:
            data.validate("t")
        assert err.value.key == "error.dataset.provenance_field"
        assert f"«{expected[0]}»" in err.value.message("nb") and "t" in err.value.message("nb")
        assert isinstance(data.validate_all()["t"], DatasetError)
    else:
        data.validate("t")
        assert data.validate_all() == {"t": None}


def test_unknown_provenance_kind_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEKIT_DATASETS_DIR", str(tmp_path))
    (tmp_path / "t.csv").write_text("i\n1\n", encoding="utf-8")
    _package(
        tmp_path,
        [
            {
                "name": "t",
                "path": "t.csv",
                "schema": {"fields": [{"name": "i", "type": "integer"}]},
                "provenance": {"kind": "made-up", "source": "x", "date": "2024"},
            }
        ],
    )
    with pytest.raises(DatasetError) as err:
        data.validate("t")
    assert err.value.key == "error.dataset.provenance_kind"
    assert "authored" in err.value.message("en") and "made-up" in err.value.message("en")


def test_unknown_dataset_suggests():
    with pytest.raises(DatasetError, match="municipalities"):
        data.load("municipality")


def test_describe_mentions_source_and_fields():
    text = data.describe("municipalities", language="en")
    assert "07459" in text and "kommunenummer" in text and "real data" in text


def test_describe_says_an_item_bank_was_written_for_casekit():
    text = data.describe("instrument_maturity", language="en")
    assert "written for casekit" in text and "author: casekit maintainers" in text
    assert "illustration" in data.describe("radar-sample-2025", language="en")


def test_checksums_are_stable():
    assert data.checksum("municipalities") == data.checksum("municipalities")
    assert len(data.checksums()["municipalities"]) == 64


def _package(tmp_path, resources):
    (tmp_path / "datapackage.json").write_text(
        json.dumps({"name": "t", "resources": resources}), encoding="utf-8"
    )


def test_synthetic_build_and_check_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEKIT_DATASETS_DIR", str(tmp_path))
    _package(
        tmp_path,
        [
            {
                "name": "demo",
                "path": "demo.csv",
                "format": "csv",
                "provenance": {
                    "kind": "synthetic",
                    "generator": "casekit.data:_example_generator",
                    "seed": 7,
                },
                "schema": {"fields": [{"name": "i", "type": "integer"}, {"name": "x", "type": "number"}]},
            }
        ],
    )
    assert data.build(check=True) == {"demo": False}  # nothing on disk yet
    assert data.build() == {"demo": True}
    assert data.build(check=True) == {"demo": True}
    assert data.load("demo")["i"].tolist() == [0, 1, 2]
    (tmp_path / "demo.csv").write_text("i,x\n0,0.1\n", encoding="utf-8")
    assert data.build(check=True) == {"demo": False}
    with pytest.raises(DatasetError, match="demo"):
        data.resource("demo2")


def test_real_dataset_cannot_be_regenerated():
    with pytest.raises(DatasetError, match="municipalities"):
        data.generator("municipalities")


def test_missing_file_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEKIT_DATASETS_DIR", str(tmp_path))
    _package(
        tmp_path,
        [
            {
                "name": "gone",
                "path": "gone.csv",
                "schema": {"fields": []},
                "provenance": {"kind": "real", "source": "x", "date": "2024"},
            }
        ],
    )
    with pytest.raises(DatasetError, match=r"gone\.csv"):
        data.load("gone")
    assert isinstance(data.validate_all()["gone"], DatasetError)


def test_every_shipped_yaml_file_reads_the_same_with_the_fast_parser():
    """casekit reads its own YAML with libyaml's parser when PyYAML has it; every file it ships must give
    the same data as with PyYAML's Python parser."""
    from pathlib import Path

    import yaml

    from casekit import _yaml

    root = Path(data.__file__).resolve().parents[2]  # the checkout: the package, its datasets, the casebook
    files = [f for part in ("src", "datasets", "casebook") for f in sorted((root / part).rglob("*.yaml"))]
    assert len(files) > 50
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert _yaml.safe_load(text) == yaml.safe_load(text), file
