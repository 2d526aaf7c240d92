"""Nothing one participant sends can break a cohort: limits on what a save may hold, and answer rules that
domains register per instrument. Both backends."""

import pytest
from store_backends import BACKENDS, backend_url

from casekit.errors import AnswerError, StoreError, StoreLimitError
from casekit.radar.editions import load_editions, save_edition
from casekit.radar.sample import sample_editions
from casekit.store import Limits, SQLStore, open_store, rules


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    with backend_url(request.param, tmp_path) as address:
        yield address


@pytest.fixture
def store(url):
    opened = SQLStore(url)
    yield opened
    opened.engine.dispose()


def test_the_defaults_are_sane():
    assert Limits() == Limits(max_answers=500, max_value_bytes=100_000, max_submission_bytes=200_000)


def test_a_one_megabyte_goal_is_refused_naming_the_item_and_the_limit(store):
    with pytest.raises(StoreLimitError) as err:
        store.save("4204-r1", "initiative:x", {"goal": "x" * 1_000_000}, status="final")
    assert "«goal»" in err.value.message() and "100000" in err.value.message()
    assert "“goal”" in err.value.message("en")
    assert store.count() == 0 and store.respondents().empty


def test_a_value_counts_its_utf8_bytes_not_its_characters(store):
    store.save("r", "free", {"text": "x" * 99_990}, status="final")
    with pytest.raises(StoreLimitError, match="text"):
        store.save("r", "free", {"text": "ø" * 50_000}, status="final")  # 50,000 characters, 100,002 bytes
    assert store.count() == 1


def test_too_many_answers_and_too_large_a_submission_are_refused(store):
    with pytest.raises(StoreLimitError) as err:
        store.save("r", "maturity", {f"q{i}": 3 for i in range(501)}, status="final")
    assert "501" in err.value.message() and "500" in err.value.message() and "maturity" in err.value.message()
    store.save("r", "maturity", {f"q{i}": 3 for i in range(500)}, status="final")
    with pytest.raises(StoreLimitError) as err:
        store.save("r", "essay", {f"part{i}": "y" * 50_000 for i in range(4)}, status="final")
    assert "200000" in err.value.message() and "essay" in err.value.message()
    with pytest.raises(StoreLimitError):
        store.save("r", "m", {"q": 1}, meta={"blob": "z" * 250_000})  # meta counts too
    with pytest.raises(StoreLimitError, match="item"):
        store.save("r", "m", {"q" * 201: 1})
    assert store.count() == 1


def test_limits_can_be_set_per_store(url):
    small = SQLStore(url, limits=Limits(max_answers=2, max_value_bytes=10, max_submission_bytes=40))
    small.save("r", "m", {"a": 1, "b": "short"})
    with pytest.raises(StoreLimitError):
        small.save("r", "m", {"a": 1, "b": 2, "c": 3})
    with pytest.raises(StoreLimitError):
        small.save("r", "m", {"a": "eleven char"})
    assert small.count() == 1
    small.engine.dispose()


def _levels(answers):
    """A rule as the assessment package would write it: known items, levels 1–5 or "dont_know"."""
    for item, value in answers.items():
        known = item in ("S1.today", "S1.ambition")
        if not known or (value != "dont_know" and (isinstance(value, bool) or value not in (1, 2, 3, 4, 5))):
            raise AnswerError(
                "assessment.error.answer_value",
                count=1,
                instrument="quiz",
                examples=f"- / {item} / {value!r}",
                allowed="S1.today, S1.ambition: 1–5, dont_know",
            )


@pytest.fixture
def quiz_rule():
    rules.register("quiz", _levels)
    yield
    rules.unregister("quiz", _levels)


def test_registered_answer_rules_run_on_every_save_of_their_instrument(url, quiz_rule):
    store = open_store(url)
    store.save("r", "quiz", {"S1.today": 3, "S1.ambition": "dont_know"}, status="final")
    with pytest.raises(AnswerError) as err:
        store.save("r", "quiz", {"S1.today": 7}, status="final")
    assert "S1.today / 7" in err.value.message()
    with pytest.raises(AnswerError, match=r"S9\.unknown"):
        store.save("r", "quiz", {"S9.unknown": 3}, status="final")
    with pytest.raises(AnswerError):
        open_store(url, cohort="pilot").save("r", "quiz", {"S1.today": True}, status="final")
    store.save("r", "other", {"S1.today": 7}, status="final")  # other instruments are not checked
    assert [s.instrument for s in store.submissions(latest=False)] == ["quiz", "other"]


def test_a_rule_can_cover_an_instrument_prefix_and_stores_can_have_their_own_rules(url):
    def no_empty_goal(answers):
        if not str(answers.get("goal", "")).strip():
            raise StoreError("error.store.missing_key", field="goal")

    own = rules.Rules()
    own.register("initiative:*", no_empty_goal)
    own.register("initiative:*", no_empty_goal)  # once is enough
    assert own.for_instrument("initiative:abc") == [no_empty_goal] and own.for_instrument("initiatives") == []
    store = SQLStore(url, rules=own)
    with pytest.raises(StoreError, match="goal"):
        store.save("r", "initiative:abc", {"goal": "  "}, status="final")
    store.save("r", "initiative:abc", {"goal": "Én inngang"}, status="final")
    assert SQLStore(url).save("r", "initiative:abc", {"goal": ""}).id  # the shared registry has no such rule
    own.unregister("initiative:*")
    assert own.for_instrument("initiative:abc") == []
    store.engine.dispose()


def test_the_defaults_hold_what_casekit_itself_saves(store):
    for edition in sample_editions():  # a whole radar in one value, about 34 kB
        save_edition(store, edition, respondent="4228-trainer", municipality="4228")
    assert len(load_editions(store, municipality="4228")) == len(sample_editions())
