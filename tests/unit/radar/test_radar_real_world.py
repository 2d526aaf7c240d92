"""Radar files exported by other organisations, read as a trainer would read them."""

import csv

import pytest

from casekit.apps.cli import main
from casekit.errors import RadarError
from casekit.radar.building import MAX_BLIPS, MAX_FIELD
from casekit.radar.reading import read, validate_file

BYOR_HEADER = "name,ring,quadrant,isNew,description\n"
BYOR_ROWS = [
    ("Pipelines as code", "Adopt", "Techniques"),
    ("Threat modelling", "Trial", "Techniques"),
    ("Terraform", "Adopt", "Tools"),
    ("Backstage", "Assess", "Tools"),
    ("Kubernetes", "Trial", "Platforms"),
    ("Mainframe", "Hold", "Platforms"),
    ("Kotlin", "Adopt", "Languages & Frameworks"),
    ("Angular 1", "Hold", "Languages & Frameworks"),
]


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _byor(rows):
    return BYOR_HEADER + "".join(f"{n},{r},{q},FALSE,About {n}\n" for n, r, q in rows)


def test_a_standard_byor_sheet_is_read_with_its_own_quadrants(tmp_path):
    radar = read(_write(tmp_path, "byor.csv", _byor(BYOR_ROWS)))
    assert [q.label_in() for q in radar.config.quadrants] == [
        "Techniques",
        "Tools",
        "Platforms",
        "Languages & Frameworks",
    ]
    assert radar.get("Terraform").ring == "adopt" and radar.get("Mainframe").ring == "hold"
    (notice,) = radar.notices
    text = notice.message("nb")
    assert "Build-Your-Own-Radar-CSV" in text and "8 teknologier" in text
    assert "Adopt → Ta i bruk" in text and "Hold → Avvent" in text
    assert "Thoughtworks' standardkvadranter" in text


def test_validate_says_what_the_file_is(tmp_path, capsys):
    assert main(["radar", "validate", str(_write(tmp_path, "byor.csv", _byor(BYOR_ROWS)))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Merk: Filen er en Build-Your-Own-Radar-CSV") and "gyldig radar med 8" in out


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("BRUK", "VURDER", "AVSTÅ"), ("adopt", "assess", "hold")),
        (("Prøv", "Utforsk", "Avvent"), ("trial", "assess", "hold")),
        (("Ta i bruk", "Prøv ut", "Avstå"), ("adopt", "trial", "hold")),
    ],
)
def test_norwegian_ring_words_mean_what_they_say(tmp_path, words, expected):
    rows = [(f"T{i}", w, "Data og KI") for i, w in enumerate(words)]
    radar = read(_write(tmp_path, "no.csv", _byor(rows)))
    assert tuple(b.ring for b in radar.blips) == expected


def test_a_quadrant_written_as_title_and_as_slug_is_reported_as_one(tmp_path):
    rows = [
        *BYOR_ROWS,
        ("Rust", "Trial", "languages-and-frameworks"),
        ("Go", "Trial", "languages-and-frameworks"),
    ]
    path = _write(tmp_path, "slug.csv", _byor(rows))
    with pytest.raises(RadarError) as err:
        read(path)
    (problem,) = err.value.problems
    text = problem.message("nb")
    assert "«Languages & Frameworks» i rad 8, 9 (2 rader)" in text
    assert "«languages-and-frameworks» i rad 10, 11 (2 rader)" in text and "trolig samme kvadrant" in text
    radar = read(path, quadrants={"languages-and-frameworks": "Languages & Frameworks"})
    assert len(radar.config.quadrants) == 4 and radar.get("Rust").quadrant == radar.get("Kotlin").quadrant


def test_a_technology_spelled_two_ways_is_a_likely_duplicate(tmp_path):
    text = "name,ring,quadrant\nPower BI,Adopt,Data og KI\nKS Fiks,Adopt,Plattformer og infrastruktur\n"
    text += "PowerBI,Trial,Data og KI\npower-bi!,Hold,Data og KI\n"
    with pytest.raises(RadarError) as err:
        read(_write(tmp_path, "dup.csv", text))
    messages = [p.message("nb") for p in err.value.problems]
    assert any(
        "«Power BI» i rad 2" in m and "«PowerBI» i rad 4" in m and "trolig samme teknologi" in m
        for m in messages
    ), messages


def test_inference_refuses_more_quadrants_than_the_format_has(tmp_path):
    rows = [*BYOR_ROWS, ("Figma", "Trial", "Design")]
    with pytest.raises(RadarError) as err:
        read(_write(tmp_path, "five.csv", _byor(rows)), config="infer")
    text = err.value.message("nb")
    assert "5 kvadranter" in text and "høyst 4" in text and "«Design» (1)" in text
    # our own CSV format (with a status column) holds up to six
    ours = "name,ring,quadrant,status\n" + "".join(f"T{i},Adopt,Q{i},new\n" for i in range(7))
    with pytest.raises(RadarError, match="høyst 6"):
        read(_write(tmp_path, "seven.csv", ours), config="infer")


def test_a_radar_holds_at_most_500_blips(tmp_path, capsys):
    rows = "".join(f"T{i},Adopt,Data og KI,FALSE,x\n" for i in range(100_000))
    path = _write(tmp_path, "huge.csv", BYOR_HEADER + rows)
    radar, problems = validate_file(path)
    assert radar is None
    (problem,) = problems
    assert problem.row == MAX_BLIPS + 2  # the header is row 1, so blip 501 is on row 502
    assert "100000 teknologier" in problem.message("nb") and "høyst 500" in problem.message("nb")
    assert main(["radar", "render", str(path), "--format", "html", "--out", str(tmp_path / "h.html")]) == 1
    assert not (tmp_path / "h.html").exists() and "høyst 500" in capsys.readouterr().err


def test_a_field_larger_than_csv_allows_is_reported_with_its_row(tmp_path):
    big = "x" * 200_000
    text = BYOR_HEADER + "A,Adopt,Data og KI,FALSE,ok\n" + f'B,Adopt,Data og KI,FALSE,"{big}"\n'
    with pytest.raises(RadarError) as err:
        read(_write(tmp_path, "big.csv", text))
    message = err.value.message("nb")
    assert "Rad 3: et felt er lengre enn" in message and "field larger" not in message
    assert f"{csv.field_size_limit():,}".replace(",", "\xa0") in message


def test_a_long_description_names_its_row_and_field(tmp_path):
    text = BYOR_HEADER + f"A,Adopt,Data og KI,FALSE,{'y' * (MAX_FIELD + 1)}\n"
    with pytest.raises(RadarError) as err:
        read(_write(tmp_path, "long.csv", text))
    assert f"Rad 2: feltet «description» har {MAX_FIELD + 1} tegn" in err.value.message("nb")


def test_binary_files_get_advice_for_their_kind(tmp_path, capsys):
    blob = tmp_path / "radar.json"
    blob.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    assert main(["radar", "validate", str(blob)]) == 1
    err = capsys.readouterr().err
    assert "binærfil" in err and "JSON" in err and "CSV UTF-8" not in err
    sheet = tmp_path / "radar.xlsx"
    sheet.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert main(["radar", "validate", str(sheet)]) == 1
    assert "regneark" in capsys.readouterr().err


def test_every_invalid_input_exits_1(tmp_path, capsys):
    empty = _write(tmp_path, "empty.csv", "")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,ring,quadrant\nÆ,Adopt,Data og KI\n".encode("latin-1"))
    assert main(["radar", "validate", str(empty)]) == 1
    assert main(["radar", "validate", str(latin)]) == 1
    err = capsys.readouterr().err
    assert "linje 2" in err and "codec" not in err


def test_validate_lists_a_few_of_each_kind_and_counts_the_rest(tmp_path, capsys):
    rows = "".join(",Adopt,Data og KI\n" for _ in range(12))
    assert main(["radar", "validate", str(_write(tmp_path, "e.csv", "name,ring,quadrant\n" + rows))]) == 1
    out = capsys.readouterr().out
    assert out.count("teknologien mangler navn") == 5 and "… og 7 til av samme slag (12 i alt)" in out
