"""casekit radar validate | render | convert | diff, run through the real entry point."""

import json

from casekit.apps.cli import main
from casekit.radar.reading import read
from casekit.radar.sample import sample_radar
from casekit.radar.writing import write


def _sample(tmp_path, fmt="byor-csv", name="r.csv"):
    return write(sample_radar(), tmp_path / name, fmt)


def test_validate_good_and_bad_files(tmp_path, capsys):
    good = _sample(tmp_path)
    assert main(["radar", "validate", str(good)]) == 0
    assert "gyldig radar med 51 teknologier" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("name,ring,quadrant\nA,BRUK,Data og KI\nA,Adopt,Data og KI\n", encoding="utf-8")
    assert main(["radar", "validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "Merk: Filen er en radar i CSV" in out and "BRUK → Ta i bruk" in out
    assert "står også i rad/oppføring 2" in out and "UGYLDIG" in out
    assert main(["--lang", "en", "radar", "validate", str(bad), "--map-ring", "oops"]) == 1
    assert "FOREIGN=OWN" in capsys.readouterr().err


def test_render_every_format(tmp_path, capsys):
    source = _sample(tmp_path)
    for fmt, magic in (("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE")):
        assert main(["radar", "render", str(source), "--format", fmt, "--language", "en"]) == 0
        path = tmp_path / f"r.{fmt}"
        assert path.read_bytes().startswith(magic)
    assert capsys.readouterr().out.count("\n") == 4


def test_convert_to_each_format_reads_back(tmp_path, capsys):
    source = _sample(tmp_path, "csv", "tidy.csv")
    for target in ("byor-csv", "byor-json", "zalando", "json"):
        assert main(["radar", "convert", str(source), "--to", target]) == 0
        written = capsys.readouterr().out.strip()
        assert read(written).blips == sample_radar().sorted().blips
    zalando = json.loads((tmp_path / "tidy.zalando.json").read_text(encoding="utf-8"))
    assert len(zalando["entries"]) == 51
    assert main(["radar", "convert", str(source), "--to", "csv"]) == 1  # would overwrite the source
    assert "overskrive" in capsys.readouterr().err


def test_diff_prints_moves_with_direction_and_size(tmp_path, capsys):
    old = write(sample_radar("2024"), tmp_path / "old.csv")
    new = write(sample_radar("2025"), tmp_path / "new.csv")
    assert main(["radar", "diff", str(old), str(new), "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "Digital home monitoring" in out and "Moved in" in out and "-1" in out
    assert "New: 3" in out and "Moved out: 3" in out
