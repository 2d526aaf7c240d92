"""The workbook session: parameters resolved once, at the notebook's edge."""

from __future__ import annotations

import ipywidgets as w
import pytest

import casekit
from casekit import i18n, ui
from casekit.errors import CasekitError, MunicipalityError, UnknownLanguageError
from casekit.session import Workbook, default_respondent
from casekit.store import SQLStore, normalise_url


def test_setup_resolves_municipality_language_and_respondent_once(tmp_path):
    url = normalise_url(tmp_path / "s.sqlite")
    wb = casekit.setup("EN", "sirdal", store_url=url, prefill=" demo ")
    assert wb.language == "en" and i18n.get_language() == "en"
    assert wb.municipality.number == "4228" and wb.number == "4228"
    assert wb.respondent == default_respondent("4228")
    assert wb.sample and wb.prefill == "demo"
    assert isinstance(wb.store, SQLStore) and wb.store.url == url
    assert wb.store is wb.store  # opened once
    assert wb.t("programme.module.strategy") == "Strategy"
    assert wb.text({"nb": "hei", "en": "hello"}) == "hello"


def test_an_explicit_respondent_wins_and_a_trainer_session_has_no_municipality():
    wb = casekit.setup("nb", "4228", respondent=" 4228-r07 ")
    assert wb.respondent == "4228-r07" and not wb.sample
    trainer = casekit.setup("nb")
    assert trainer.municipality is None and trainer.respondent == ""
    with pytest.raises(MunicipalityError):
        _ = trainer.number


def test_setup_refuses_bad_parameters_with_the_fix():
    with pytest.raises(UnknownLanguageError, match="nb"):
        casekit.setup("sv", "4228")
    with pytest.raises(MunicipalityError):
        casekit.setup("nb", "9999")


def test_with_store_keeps_the_session_and_swaps_the_store(tmp_path):
    wb = casekit.setup("nb", "4228", respondent="r1")
    other = wb.with_store(normalise_url(tmp_path / "other.sqlite"))
    assert isinstance(other, Workbook) and other.respondent == "r1"
    assert other.store.url.endswith("other.sqlite")


class _Greeter(ui.View):
    css_class = "casekit-greeter"
    messages = "programme.module"

    def __init__(self, wb):
        super().__init__(wb)
        self.button = self.on_click(w.Button(description=self.t("strategy")), self._click)
        self.children = [self.button, self.feedback]

    def _click(self, _button):
        raise CasekitError("error.municipality.empty")


def test_a_view_speaks_the_sessions_language_and_shows_mistakes_inline():
    view = _Greeter(casekit.setup("en", "4228"))
    assert view.button.description == "Strategy"
    assert "casekit-greeter" in view._dom_classes
    view.button.click()
    assert view.feedback.calls == 1 and isinstance(view.feedback.last_exception, CasekitError)
    assert view.feedback.kind == "error" and "municipality" in view.feedback.value.lower()


def test_png_draws_off_screen():
    data = ui.png(lambda ax: ax.plot([0, 1], [0, 1]), (3, 2))
    assert data[:8] == b"\x89PNG\r\n\x1a\n"


def test_language_auto_follows_the_municipalitys_written_standard():
    assert casekit.setup("auto", "4647").language == "nn"  # Sunnfjord writes nynorsk
    assert casekit.setup("auto", "1811").language == "nb"  # Bindal writes bokmål
    assert casekit.setup(" Auto ", "0301").language == "nb"  # Oslo is neutral: bokmål
    assert casekit.setup("auto").language == "nb"  # no municipality: the default
    assert casekit.setup("en", "4647").language == "en"  # an explicit language always wins
    i18n.set_language("nb")
