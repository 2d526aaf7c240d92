"""The maturity self-assessment (3a) in Voilà, as a participant answers it: by mouse and by keyboard, with a
draft that survives a reload, a submission refused while too few are answered, and the profile at the end.
Every answer is checked in the store the kernels write to.
"""

from __future__ import annotations

import pytest

from casekit import i18n
from casekit.assessment.model import load_instrument

from . import checks
from .conftest import SHOTS, open_voila, running, start_voila, wait_rendered

pytestmark = pytest.mark.e2e

NOTEBOOK = "3a-maturity"
INSTRUMENT = load_instrument("maturity")


def t(key: str, **params: object) -> str:
    return i18n.t(f"assessment.form.{key}", language="nb", **params)


def before_placeholder(text: str) -> str:
    """The fixed start of a catalogue text whose first placeholder (a time, say) varies."""
    return text.split("{")[0]


def answers_for(dimension) -> dict[str, int]:
    """A plausible answer for every item and perspective of a dimension, in the order they are shown:
    today 1–4, the ambition one level higher."""
    answers = {}
    for n, item in enumerate(dimension.items):
        today = 1 + (n + len(dimension.id)) % 4
        answers[f"{item.id}.today"] = today
        answers[f"{item.id}.ambition"] = today + 1
    assert list(answers) == [f"{i.id}.{p}" for i in dimension.items for p in INSTRUMENT.perspective_ids]
    return answers


@pytest.fixture(scope="module")
def app(chromium, tmp_path_factory):
    with running(start_voila, tmp_path_factory.mktemp("maturity")) as served:
        yield served


def open_form(page, app, respondent: str):
    name = app.render(NOTEBOOK, "nb", name=respondent, respondent=respondent)
    form = page.locator(".casekit-questionnaire")
    open_voila(page, f"{app.url}/voila/render/{name}", form)
    return form


def answered(form, count: int) -> None:
    """Wait until the kernel has counted ``count`` answers (the progress line is written there)."""
    text = t("progress", answered=count, total=len(INSTRUMENT.answer_keys()))
    form.get_by_text(text, exact=True).wait_for()


def answer_page(form, answers: dict[str, int], already: int) -> None:
    # A page's widgets are made when it is first shown: wait until the questions on screen are this page's
    items = sorted({key.split(".")[0] for key in answers})
    form.page.wait_for_function(
        """([form, items]) => JSON.stringify(items) === JSON.stringify([...form.querySelectorAll('p > b')]
             .filter((b) => b.offsetParent !== null).map((b) => b.innerText).sort())""",
        arg=[form.element_handle(), items],
    )
    controls = form.locator(".casekit-answer:visible")
    assert controls.count() == len(answers)
    for n, value in enumerate(answers.values()):
        controls.nth(n).get_by_role("button", name=str(value), exact=True).click()
    answered(form, already + len(answers))


def shown_answers(form) -> list[str]:
    return form.locator(".casekit-answer:visible").evaluate_all(
        "els => els.map(e => (e.querySelector('button.mod-active') || {}).innerText || null)"
    )


def button(form, key: str):
    return form.get_by_role("button", name=t(key))  # the icon is part of the accessible name


def test_answer_save_reload_restore_submit_and_see_the_profile(page, app):
    respondent = "4228-e2e-maturity"
    store = app.store()
    form = open_form(page, app, respondent)
    first, *rest = INSTRUMENT.dimensions
    mine = answers_for(first)
    answer_page(form, mine, 0)
    button(form, "save").click()
    form.locator(".casekit-feedback .casekit-ok", has_text=before_placeholder(t("saved"))).wait_for()
    draft = store.latest(respondent, INSTRUMENT.id)
    assert draft.status == "draft" and draft.answers == mine

    page.reload(wait_until="commit")
    form = page.locator(".casekit-questionnaire")
    form.locator(".casekit-feedback", has_text=before_placeholder(t("resumed"))).wait_for()
    assert shown_answers(form) == [str(v) for v in mine.values()]  # the draft is back on screen
    answered(form, len(mine))

    # Too few answered: a Norwegian message naming the first unanswered dimension; nothing is saved.
    button(form, "submit").click()
    second = rest[0]
    message = t(
        "too_few",
        needed=-(-2 * len(second.items) // 3),
        items=len(second.items),
        dimension=i18n.text(second.label, "nb"),
        perspective=INSTRUMENT.perspective_label("today", "nb").lower(),
    )
    alert = form.locator(".casekit-feedback [role=alert]")
    alert.wait_for()
    assert alert.inner_text() == message
    assert store.latest(respondent, INSTRUMENT.id).id == draft.id
    assert store.latest(respondent, INSTRUMENT.id, status="final") is None
    alert.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "maturity.refused-submission.png"))

    # The form has turned to that dimension: answer it and every one after, page by page.
    header = form.locator("h4").first
    for n, dimension in enumerate(rest):
        header.filter(has_text=i18n.text(dimension.label, "nb")).wait_for()
        page_answers = answers_for(dimension)
        answer_page(form, page_answers, len(mine))
        mine.update(page_answers)
        if n < len(rest) - 1:
            button(form, "next").click()
    button(form, "submit").click()
    form.locator(".casekit-feedback .casekit-ok", has_text=before_placeholder(t("submitted"))).wait_for()
    profile = form.locator("img.casekit-profile")
    profile.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 300", arg=profile.element_handle())
    table = form.locator("table.casekit-table")
    assert table.locator("tbody tr").count() == len(INSTRUMENT.dimensions)
    final = store.latest(respondent, INSTRUMENT.id)
    assert final.status == "final" and final.answers == mine
    profile.scroll_into_view_if_needed()


def test_keyboard_alone_answers_and_saves_a_draft(page, app):
    respondent = "4228-e2e-maturity-keys"
    form = open_form(page, app, respondent)
    wait_rendered(page)
    checks.assert_usable_at_both_sizes(page)  # the whole workbook, at laptop and projector size
    today, ambition = list(answers_for(INSTRUMENT.dimensions[0]))[:2]
    levels = len(INSTRUMENT.scale.levels) + len(INSTRUMENT.scale.options)  # buttons per answer row
    form.locator(".casekit-answer button").first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # today: 3
    answered(form, 1)
    for _ in range(levels - 2):  # on to the first button of the next row (the ambition)
        page.keyboard.press("Tab")
    for _ in range(3):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # ambition: 4
    answered(form, 2)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")  # changed my mind: ambition 3
    form.locator(".casekit-answer").nth(1).locator("button.mod-active", has_text="3").wait_for()
    save = button(form, "save")
    for _ in range(levels * len(INSTRUMENT.dimensions[0].items) * 2 + 10):
        page.keyboard.press("Tab")
        if save.evaluate("e => e === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the save button")
    page.keyboard.press("Enter")
    form.locator(".casekit-feedback .casekit-ok", has_text=before_placeholder(t("saved"))).wait_for()
    assert app.store().latest(respondent, INSTRUMENT.id).answers == {today: 3, ambition: 3}
    save.scroll_into_view_if_needed()
