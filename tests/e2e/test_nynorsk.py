"""A workbook in nynorsk, as a participant from a nynorsk municipality opens it in Voilà.

The maturity pre-work (3a) is rendered with ``language: auto`` for Sunnfjord (4647), whose official written
standard is nynorsk. The page must speak nynorsk throughout: the notebook's own text, the questionnaire's
labels and buttons from the nynorsk catalogue, the item bank's answer options, and the messages after a
click. The answer lands in the store under Sunnfjord.
"""

from __future__ import annotations

import pytest

from casekit import i18n
from casekit.assessment.model import load_instrument

from . import checks
from .conftest import open_voila, running, start_voila, wait_rendered

pytestmark = pytest.mark.e2e

NOTEBOOK = "3a-maturity"
INSTRUMENT = load_instrument("maturity")
SUNNFJORD = "4647"


def t(key: str, language: str = "nn", **params: object) -> str:
    return i18n.t(f"assessment.form.{key}", language=language, **params)


@pytest.fixture(scope="module")
def app(chromium, tmp_path_factory):
    with running(start_voila, tmp_path_factory.mktemp("nynorsk")) as served:
        yield served


def test_a_sunnfjord_workbook_in_voila_speaks_nynorsk(page, app):
    respondent = f"{SUNNFJORD}-e2e-nynorsk"
    name = app.render(NOTEBOOK, "auto", name=respondent, municipality=SUNNFJORD, respondent=respondent)
    form = page.locator(".casekit-questionnaire")
    open_voila(page, f"{app.url}/voila/render/{name}", form)
    wait_rendered(page)

    # the notebook's own text, from its lang-nn cells
    assert page.locator("h1").first.inner_text().startswith("Modul 3, førearbeid")
    assert page.get_by_text("Kva du gjer her").count() >= 1
    assert page.get_by_text("Hva du gjør her").count() == 0

    # the widget's labels, from the nynorsk catalogue and the item bank's nynorsk texts
    total = len(INSTRUMENT.answer_keys())
    progress = t("progress", answered=0, total=total)
    assert progress != t("progress", "nb", answered=0, total=total)  # «har svar», not «besvart»
    form.get_by_text(progress, exact=True).wait_for()
    dont_know = form.get_by_role("button", name="Veit ikkje")
    assert dont_know.count() >= 1 and form.get_by_role("button", name="Vet ikke").count() == 0
    assert form.get_by_role("button", name=t("next")).count() == 1  # «Neste»
    assert form.get_by_role("button", name=t("previous")).count() == 1  # «Førre», not «Forrige»
    first_dimension = i18n.text(INSTRUMENT.dimensions[0].label, "nn")
    form.locator("h4").filter(has_text=first_dimension).first.wait_for()

    # a click: the answer counts, the draft is saved, and the message after it is in nynorsk
    form.locator(".casekit-answer:visible").first.get_by_role("button", name="3", exact=True).click()
    form.get_by_text(t("progress", answered=1, total=total), exact=True).wait_for()
    form.get_by_role("button", name=t("save")).click()
    saved = t("saved").split("{")[0]  # «Utkastet vart lagra», not «ble lagret»
    form.locator(".casekit-feedback .casekit-ok", has_text=saved).wait_for()
    draft = app.store().latest(respondent, INSTRUMENT.id)
    assert draft.status == "draft" and draft.municipality == SUNNFJORD and list(draft.answers.values()) == [3]

    assert "Traceback" not in page.locator("body").inner_text()
    checks.assert_usable_at_both_sizes(page)  # longer nynorsk labels still fit, at laptop and projector size
