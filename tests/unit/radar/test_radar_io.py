"""Reading and writing BYOR CSV/JSON, Zalando JSON and our own formats, with every problem reported."""

import json

import pytest

from casekit.errors import RadarError
from casekit.radar.model import Blip, Quadrant, Radar, RadarConfig, Ring, default_config
from casekit.radar.reading import from_dict, read, read_text, validate_file
from casekit.radar.sample import sample_radar
from casekit.radar.writing import dumps, to_dict, write

BYOR_SHEET = """name,ring,quadrant,isNew,description
ID-porten,Adopt,Citizen services,FALSE,"<p>Common login.</p>
<p>Run by <strong>Digdir</strong>, see <a href=""https://www.digdir.no"">digdir.no</a>.</p>"
"Microsoft 365
Copilot",assess,data & ai,TRUE,"Multi-line
description with, commas"
Helsenorge, trial ,WELFARE TECHNOLOGY & HEALTH,false,
"""


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_real_byor_sheet_with_multiline_quoted_fields_and_html(tmp_path):
    r = read(_write(tmp_path, "byor.csv", BYOR_SHEET))
    assert [b.name for b in r.blips] == ["ID-porten", "Microsoft 365 Copilot", "Helsenorge"]
    first = r.get("ID-porten")
    assert '<a href="https://www.digdir.no">' in first.description and "\n" in first.description
    copilot = r.get("Microsoft 365 Copilot")
    assert copilot.status == "new" and copilot.ring == "assess" and copilot.quadrant == "data_ai"
    assert r.get("Helsenorge").ring == "trial"
    # The line break in the name was normalised and reported, with the spreadsheet row.
    assert [(p.key, p.row, p.severity) for p in r.notices] == [("radar.problem.name_normalised", 3, "notice")]


def test_status_column_is_used_instead_of_isnew(tmp_path):
    text = (
        "name,ring,quadrant,status,description\n"
        "A,Adopt,Data og KI,Moved In,x\nB,Hold,Data og KI,moved out,y\n"
        "C,Trial,Data og KI,New,\nD,Trial,Data og KI,,\n"
    )
    r = read(_write(tmp_path, "s.csv", text))
    assert [b.status for b in r.blips] == ["moved_in", "moved_out", "new", "no_change"]


@pytest.mark.parametrize("fmt", ["csv", "json", "byor-csv", "byor-json", "zalando"])
def test_round_trip_is_lossless(tmp_path, fmt):
    original = sample_radar("2025")
    suffix = ".csv" if fmt.endswith("csv") else ".json"
    path = write(original, tmp_path / f"r{suffix}", fmt, language="en")
    back = read(path)
    assert back.config == original.config
    assert back.blips == original.sorted().blips
    assert not back.notices


@pytest.mark.parametrize("fmt", ["byor-csv", "byor-json", "zalando"])
def test_round_trip_keeps_every_status_optional_field_and_extra_column(tmp_path, fmt):
    original = Radar(
        default_config(),
        [
            Blip(
                f"T{i}",
                q,
                r,
                status=s,
                description=f"<b>d{i}</b>",
                pros="fast",
                cons="cost",
                used_by="Arendal",
                owner="IT",
                rationale="because",
                link="https://example.org",
                extra={"team": "A", "active": "false"},
            )
            for i, (q, r, s) in enumerate(
                [
                    ("platforms", "adopt", "new"),
                    ("data_ai", "trial", "moved_in"),
                    ("welfare_health", "hold", "moved_out"),
                    ("citizen_services", "assess", "no_change"),
                ]
            )
        ],
    )
    path = write(original, tmp_path / ("x.json" if "json" in fmt or fmt == "zalando" else "x.csv"), fmt)
    assert read(path).blips == original.sorted().blips


def test_byor_csv_is_what_byor_reads(tmp_path):
    text = dumps(sample_radar(), "byor-csv", language="en")
    header = text.splitlines()[0].split(",")
    assert header[:6] == ["name", "ring", "quadrant", "isNew", "status", "description"]
    assert "Adopt" in text and "Citizen services" in text


def test_zalando_entries_use_indexes_and_moved():
    data = json.loads(dumps(sample_radar(), "zalando", language="en"))
    assert [q["name"] for q in data["quadrants"]] == [
        "Citizen services",
        "Welfare technology & health",
        "Data & AI",
        "Platforms & infrastructure",
    ]
    moved = {e["moved"] for e in data["entries"]}
    assert moved <= {-1, 0, 1, 2} and {2, 1, -1} <= moved
    first = data["entries"][0]
    assert isinstance(first["quadrant"], int) and isinstance(first["ring"], int) and first["active"] is True


def test_reading_a_zalando_file_with_its_own_names(tmp_path):
    data = {
        "quadrants": [
            {"name": "Languages"},
            {"name": "Infrastructure"},
            {"name": "Frameworks"},
            {"name": "Data"},
        ],
        "rings": [
            {"name": "ADOPT", "color": "#5ba300"},
            {"name": "TRIAL"},
            {"name": "ASSESS"},
            {"name": "HOLD"},
        ],
        "entries": [
            {
                "label": "Kotlin",
                "quadrant": 0,
                "ring": 0,
                "moved": 2,
                "active": True,
                "link": "https://kotlinlang.org",
            },
            {"label": "Kafka", "quadrant": 1, "ring": 3, "moved": -1, "active": False},
        ],
    }
    r = read(_write(tmp_path, "z.json", json.dumps(data)))
    assert r.config.quadrant_keys == ["languages", "infrastructure", "frameworks", "data"]
    assert [(b.name, b.ring, b.status) for b in r.blips] == [
        ("Kotlin", "adopt", "new"),
        ("Kafka", "hold", "moved_out"),
    ]
    assert r.get("Kafka").extra == {"active": "false"} and r.get("Kotlin").link == "https://kotlinlang.org"


def test_zalando_problems_are_reported_by_entry(tmp_path):
    data = {
        "entries": [
            {"label": "A", "quadrant": 7, "ring": 0, "moved": 0},
            {"label": "B", "quadrant": 0, "ring": 0, "moved": 5},
        ]
    }
    _radar, problems = validate_file(_write(tmp_path, "z.json", json.dumps(data)))
    found = {(p.key, p.row) for p in problems}
    assert ("radar.problem.bad_index", 1) in found and ("radar.problem.bad_moved", 2) in found


def test_common_ring_words_are_read_as_the_municipal_rings_with_a_notice(tmp_path):
    text = (
        "name,ring,quadrant,isNew,description\n"
        "A,BRUK,Data og KI,FALSE,\nB,VURDER,Data og KI,FALSE,\n"
        "C,AVSTÅ,Data og KI,FALSE,\nD,Ta i bruk,Data og KI,FALSE,\n"
    )
    r = read(_write(tmp_path, "team.csv", text))
    assert [b.ring for b in r.blips] == ["adopt", "assess", "hold", "adopt"]
    (notice,) = r.notices
    message = notice.message("nb")
    assert "Build-Your-Own-Radar-CSV" in message and "4 teknologier" in message
    assert "BRUK → Ta i bruk, VURDER → Utforsk, AVSTÅ → Avvent" in message
    # the user's own mapping wins over the common meaning
    r = read(tmp_path / "team.csv", rings={"Vurder": "Prøv ut"})
    assert [b.ring for b in r.blips] == ["adopt", "trial", "hold", "adopt"]


def test_unknown_ring_words_are_never_guessed_and_misspellings_are_suggested(tmp_path):
    text = "name,ring,quadrant\nA,Sjelden,Data og KI\nB,Avvvent,Data og KI\nC,Sjelden,Data og KI\n"
    with pytest.raises(RadarError) as err:
        read(_write(tmp_path, "team.csv", text))
    message = err.value.message("nb")
    assert "Rad 2: ukjent ring «Sjelden», også i rad 4 – 2 rader i alt" in message
    assert "trolig «Avvent»" in message and "Sjelden=" not in message.split("Koble ringene")[1]
    assert '--map-ring "Avvvent=Avvent"' in message
    assert "'Sjelden': 'Ta i bruk'" not in message  # never "everything → the first ring"
    r = read(tmp_path / "team.csv", rings={"Sjelden": "Avvent", "Avvvent": "Avvent"})
    assert {b.ring for b in r.blips} == {"hold"}


def test_a_mapping_to_a_ring_that_does_not_exist_is_an_error(tmp_path):
    path = _write(tmp_path, "t.csv", "name,ring,quadrant\nA,BRUK,Data og KI\n")
    with pytest.raises(RadarError, match="Sjelden"):
        read(path, rings={"BRUK": "Sjelden"})


def test_every_problem_has_its_row_and_nothing_is_dropped_silently(tmp_path):
    text = (
        "name,ring,quadrant,isNew,description\n"
        "ID-porten,Adopt,Innbyggertjenester,FALSE,a\n"  # 2
        ",Adopt,Innbyggertjenester,FALSE,b\n"  # 3 empty name
        "id-porten ,Trial,Innbyggertjenester,FALSE,c\n"  # 4 duplicate of row 2
        "Altinn,,Innbyggertjenester,FALSE,d\n"  # 5 empty ring
        "Chatbot,Trial,Somewhere,FALSE,e\n"  # 6 unknown quadrant
        "Copilot,Trial,Data og KI,maybe,f\n"  # 7 bad isNew
        ",,,,\n"  # 8 blank: reported as a notice
        "RPA,Trial,Data og KI,FALSE,g,extra\n"  # 9 too many cells
    )
    result, problems = validate_file(_write(tmp_path, "bad.csv", text))
    assert result is None
    got = {(p.key, p.row) for p in problems}
    assert {
        ("radar.problem.empty_name", 3),
        ("radar.problem.duplicate", 4),
        ("radar.problem.empty_ring", 5),
        ("radar.problem.unknown_quadrant", 6),
        ("radar.problem.bad_isnew", 7),
        ("radar.problem.blank_row", 8),
        ("radar.problem.too_many_cells", 9),
    } <= got
    dup = next(p for p in problems if p.key == "radar.problem.duplicate")
    assert "rad/oppføring 2" in dup.message() and "Rad 4" in dup.message()
    assert "row/entry 2" in dup.message("en")


def test_a_long_list_of_problems_names_the_first_ten_and_counts_the_rest(tmp_path):
    rows = "".join(",Adopt,Data og KI\n" for _ in range(2, 14))  # rows 2-13: a missing name each
    with pytest.raises(RadarError) as err:
        read(_write(tmp_path, "many.csv", "name,ring,quadrant\n" + rows))
    assert len(err.value.problems) == 12 and err.value.params["count"] == 12
    message = err.value.message("nb")
    assert "(12 feil)" in message and "Rad 11: teknologien mangler navn" in message
    assert "Rad 12:" not in message and message.endswith("… og 2 til.")
    assert "Row 11" in err.value.message("en")  # each problem in the reader's language


def test_one_line_per_unknown_name_with_its_rows(tmp_path):
    rows = "".join(f"T{n},Sjelden,Data og KI\n" for n in range(2, 80))  # 78 rows, one unknown ring
    with pytest.raises(RadarError) as err:
        read(_write(tmp_path, "many.csv", "name,ring,quadrant\n" + rows))
    assert len(err.value.problems) == 1
    message = err.value.message("nb")
    assert "Rad 2: ukjent ring «Sjelden», også i rad 3, 4, 5, 6, 7, 8, 9, 10 … – 78 rader i alt" in message
    assert message.count("\n") == 1
    assert "also in rows 3, 4, 5, 6, 7, 8, 9, 10 … – 78 rows in all" in err.value.message("en")


def test_a_missing_column_names_the_column_and_the_fix(tmp_path):
    with pytest.raises(RadarError) as err:
        read(_write(tmp_path, "m.csv", "name,quadrant\nA,Data og KI\n"))
    assert "«ring» mangler" in str(err.value) and "Rad 1" in str(err.value)


def test_extra_columns_are_kept(tmp_path):
    r = read(_write(tmp_path, "e.csv", "Name,Ring,Quadrant,Team,Cost\nA,Adopt,Data og KI,Plattform,10\n"))
    assert r.blips[0].extra == {"Team": "Plattform", "Cost": "10"}


def test_semicolon_sheets_from_norwegian_excel_are_read(tmp_path):
    r = read(_write(tmp_path, "n.csv", "name;ring;quadrant;description\nA;Utforsk;Data og KI;x, y\n"))
    assert r.blips[0].ring == "assess" and r.blips[0].description == "x, y"


def test_infer_takes_the_files_own_rings_in_order(tmp_path):
    text = "name,ring,quadrant\nA,BRUK,X\nB,VURDER,Y\nC,AVSTÅ,X\n"
    r = read(_write(tmp_path, "i.csv", text), config="infer")
    assert [ring.label_in() for ring in r.config.rings] == ["BRUK", "VURDER", "AVSTÅ"]
    with pytest.raises(RadarError):
        read(tmp_path / "i.csv", config="guess")


def test_byor_and_zalando_need_four_quadrants(tmp_path):

    cfg = RadarConfig((Ring("a", {"nb": "A"}),), (Quadrant("x", {"nb": "X"}), Quadrant("y", {"nb": "Y"})))
    small = Radar(cfg, [Blip("T", "x", "a")])
    for fmt in ("byor-csv", "zalando"):
        with pytest.raises(RadarError, match="fire kvadranter"):
            dumps(small, fmt)
    assert read(write(small, tmp_path / "small.json", "json")).blips == small.blips


def test_unreadable_files_give_clear_errors(tmp_path, make_radar):
    with pytest.raises(RadarError, match="Finner ikke"):
        read(tmp_path / "nope.csv")
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("name,ring,quadrant\nÅ,Adopt,Data og KI\n".encode("latin-1"))
    with pytest.raises(RadarError, match="UTF-8"):
        read(bad)
    with pytest.raises(RadarError, match="JSON"):
        read(_write(tmp_path, "b.json", "{oops"))
    with pytest.raises(RadarError, match="liste"):
        read(_write(tmp_path, "c.json", '"just text"'), format="byor-json")
    with pytest.raises(RadarError, match="Ukjent format"):
        dumps(make_radar(3), "xml")


def test_read_text_and_from_dict():
    r = read_text("name,ring,quadrant\nA,Hold,Data og KI\n")
    assert r.blips[0].ring == "hold"
    assert from_dict(to_dict(r)).blips == r.blips
    with pytest.raises(RadarError):
        read_text("name,ring,quadrant\nA,Never,Data og KI\n")
