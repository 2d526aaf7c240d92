"""Messages say nothing when there is nothing to suggest, count in the right number, and name what the
participant sees, not an internal placeholder."""

import pytest

from casekit import municipalities, notebooks
from casekit.apps.cli import main
from casekit.errors import CasekitError, PlanningError
from casekit.planning.strategy import make_strategy


@pytest.mark.parametrize("value", ["Xyzzyqq", "9998"])
def test_no_suggestion_means_no_did_you_mean(value):
    with pytest.raises(CasekitError) as caught:
        municipalities.get(value)
    for language in ("nb", "en"):
        text = caught.value.message(language)
        assert "-?" not in text and ": -" not in text and "{" not in text
    assert caught.value.message("nb").endswith(".")


def test_a_suggestion_is_still_offered_when_there_is_one():
    with pytest.raises(CasekitError) as caught:
        municipalities.get("Osloo")
    assert caught.value.message("nb").endswith("Mente du: Oslo?")


def test_unknown_dataset_and_notebook_without_close_names(capsys):
    assert main(["datasets", "describe", "qqqqqqqq"]) == 1
    err = capsys.readouterr().err
    assert "Mente du" not in err and "Se listen med «casekit datasets list»" in err
    with pytest.raises(CasekitError) as caught:
        notebooks.get("qqqqqqqq")
    assert "Mente du" not in caught.value.message("nb")


def test_counts_agree_with_their_noun():
    err = CasekitError("radar.error.file_invalid", file="x.csv", count=1)
    assert "(1 error)" in err.message("en")
    assert "(2 errors)" in CasekitError("radar.error.file_invalid", file="x.csv", count=2).message("en")
    assert "(1 problem)" in CasekitError("error.dataset.invalid", file="f", count=1, problems="").message(
        "en"
    )


def test_a_too_long_strategy_names_the_ambition_not_an_initiative():
    with pytest.raises(PlanningError) as caught:
        make_strategy("4228", "x" * 5000, {}, [], None, owner="Kommunedirektøren")
    text = caught.value.message("nb")
    assert "Tiltaket" not in text and "«-»" not in text
    assert text.startswith("Strategien: ambisjonen har 5000 tegn")
    assert caught.value.message("en").startswith("The strategy: the ambition has 5000 characters")
