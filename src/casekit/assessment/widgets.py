"""Widgets for the self-assessments: the questionnaire and the benchmark explorer.

The questionnaire shows one dimension per page, a progress indicator and, beside the answer buttons, what
each level means in that dimension. It saves drafts (a draft comes back after a kernel restart), checks
the 2/3 rule before it submits and shows any problem inline in the participant's language. After
submitting, the participant sees their own profile with the benchmark behind it.

Headless runs (papermill, CI, the demo) use ``prefill``: ``"demo"`` fills plausible answers and submits
them, ``"draft:demo"`` only saves them as a draft, and a JSON object (``{"ST1.today": 3, …}``) gives the
answers explicitly.
"""

from __future__ import annotations

import datetime as dt
import getpass
import io
import json
import math
import os
import zlib
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import pandas as pd

from .. import i18n, theme, ui
from ..errors import CasekitError, InputError
from .model import Instrument, load_instrument
from .scoring import TWO_THIRDS, profile, responses_from_answers, score, threshold_fraction

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store


def default_respondent(municipality: str) -> str:
    """An opaque, stable id for the person at the keyboard: the municipality and a hash of the user name
    (JupyterHub's user when there is one), so the same person resumes the same draft."""
    user = os.environ.get("JUPYTERHUB_USER") or getpass.getuser()
    return f"{municipality}-u{zlib.crc32(user.encode()):08x}"


def parse_prefill(
    prefill: str | dict[str, Any] | None, instrument: Instrument, respondent: str, municipality: str
):
    """``(answers, submit)`` from a prefill parameter; ``({}, False)`` when it is empty."""
    if prefill is None or (isinstance(prefill, str) and not prefill.strip()):
        return {}, False
    submit = True
    if isinstance(prefill, str):
        text = prefill.strip()
        if text.startswith("draft:"):
            submit, text = False, text[len("draft:") :].strip()
        if text == "demo":
            from .synthetic import demo_answers

            return demo_answers(instrument, respondent, municipality), submit
        try:
            answers = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError("assessment.error.prefill", reason=exc.msg) from None
    else:
        answers = prefill
    if not isinstance(answers, dict):
        raise InputError("assessment.error.prefill", reason=type(answers).__name__)
    keys = set(instrument.answer_keys())
    codes = {o.code for o in instrument.scale.options}
    for key, value in answers.items():
        if key not in keys:
            raise InputError("assessment.error.prefill_key", key=key)
        valid = value in codes or (
            isinstance(value, int)
            and not isinstance(value, bool)
            and instrument.scale.min <= value <= instrument.scale.max
        )
        if not valid:
            raise InputError("assessment.error.prefill_value", key=key, value=repr(value))
    return dict(answers), submit


def language_feedback(language: str) -> Any:
    """An inline message line whose error messages are always in the widget's language."""
    box = ui.feedback()

    def error(err: CasekitError | str) -> None:
        box.show(err.message(language) if isinstance(err, CasekitError) else err, "error")

    box.error = error
    return box


def render_png(draw: Any, size: tuple[float, float], dpi: int = 80) -> bytes:
    """Draw on an off-screen themed figure (never shown by pyplot) and return PNG bytes."""
    from matplotlib.figure import Figure

    with theme.context():
        fig = Figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
        draw(ax)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


class Questionnaire(w.VBox):
    """One instrument's questionnaire for one respondent, saving to a response store.

    Tests and notebooks drive it like a participant: set ``controls[key].value`` and call
    ``next_button.click()``, ``save_button.click()`` or ``submit_button.click()``; ``feedback.calls`` and
    ``feedback.last_exception`` show that the handlers ran.
    """

    def __init__(
        self,
        instrument: str | Instrument,
        *,
        store: Store,
        municipality: str,
        respondent: str = "",
        role: str | None = None,
        language: str | None = None,
        prefill: str | dict[str, Any] | None = None,
        benchmark: pd.DataFrame | None = None,
        benchmark_label: str | None = None,
        live: bool = True,
        threshold: Fraction | float | str = TWO_THIRDS,
    ) -> None:
        from .. import municipalities

        super().__init__()
        self.instrument = load_instrument(instrument)
        self.store = store
        self.language = i18n.check_language(language or i18n.get_language())
        self.municipality = municipalities.get(municipality).number
        self.respondent = respondent.strip() or default_respondent(self.municipality)
        self.role = role
        self.threshold = threshold_fraction(threshold)
        self.benchmark = benchmark
        self.benchmark_label = benchmark_label
        self.live = live
        self.page = 0
        self.answers: dict[str, Any] = {}
        self.submitted: Any = None
        self.redraws = 0
        self._quiet = False
        self._preview: Any = None

        inst, t = self.instrument, self._t
        self.feedback = language_feedback(self.language)
        self.controls: dict[str, w.ToggleButtons] = {}
        self._item_boxes: dict[str, list[Any]] = {}
        for dim in inst.dimensions:
            boxes = []
            for item in dim.items:
                text = ui.escape(inst.text(item.text, self.language))
                rows = [w.HTML(f"<p style='margin:10px 0 2px'><b>{ui.escape(item.id)}</b> {text}</p>")]
                for perspective in inst.perspectives:
                    key = f"{item.id}.{perspective.id}"
                    toggle = w.ToggleButtons(
                        options=self._options(),
                        value=None,
                        tooltips=self._tooltips(),
                        style={"button_width": "auto"},
                        layout=w.Layout(width="auto"),
                    )
                    toggle.observe(self._on_answer, names="value")
                    toggle.add_class("casekit-answer")
                    self.controls[key] = toggle
                    label = w.HTML(
                        f"<span style='display:inline-block;min-width:11em;color:#333'>"
                        f"{ui.escape(i18n.text(perspective.label, self.language))}</span>"
                    )
                    rows.append(w.HBox([label, toggle]))
                boxes.append(w.VBox(rows))
            self._item_boxes[dim.id] = boxes

        self.title = w.HTML(
            f"<h3 style='margin:4px 0'>{ui.escape(i18n.text(inst.title, self.language))}</h3>"
        )
        self.page_label = w.HTML()
        self.progress = w.IntProgress(min=0, max=len(self.controls), value=0, layout=w.Layout(width="320px"))
        self.progress_label = w.HTML()
        self.dimension_header = w.HTML()
        self.questions = w.VBox(layout=w.Layout(width="62%"))
        self.level_panel = w.HTML(layout=w.Layout(width="36%", margin="0 0 0 2%"))
        self.previous_button = w.Button(description=t("form.previous"), icon="arrow-left")
        self.next_button = w.Button(description=t("form.next"), icon="arrow-right")
        self.save_button = w.Button(description=t("form.save"), icon="save")
        self.submit_button = w.Button(description=t("form.submit"), icon="check", button_style="primary")
        self.preview = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self.preview_note = w.HTML(f"<span style='color:#555'>{ui.escape(t('form.live_note'))}</span>")
        self.result_html = w.HTML()
        self.result_chart = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self.add_class("casekit-questionnaire")
        self.preview.add_class("casekit-live-profile")
        self.result_chart.add_class("casekit-profile")

        self.previous_button.on_click(ui.guard(self.feedback)(lambda _b: self.go(self.page - 1)))
        self.next_button.on_click(ui.guard(self.feedback)(lambda _b: self.go(self.page + 1, save=True)))
        self.save_button.on_click(ui.guard(self.feedback)(lambda _b: self.save_draft()))
        self.submit_button.on_click(ui.guard(self.feedback)(lambda _b: self.submit()))

        self.children = [
            self.title,
            w.HBox(
                [self.page_label, self.progress, self.progress_label], layout=w.Layout(align_items="center")
            ),
            self.dimension_header,
            w.HBox([self.questions, self.level_panel]),
            w.HBox([self.previous_button, self.next_button, self.save_button, self.submit_button]),
            self.feedback,
            *([self.preview_note, self.preview] if live else []),
            self.result_html,
            self.result_chart,
        ]
        ui.guard(self.feedback)(self._start)(prefill)

    # --- texts and options ---------------------------------------------------------------------------------

    def _t(self, key: str, **params: Any) -> str:
        return i18n.t(f"assessment.{key}", language=self.language, **params)

    def _options(self) -> list[tuple[str, Any]]:
        scale = self.instrument.scale
        levels = [(str(level), level) for level in scale.levels]
        return levels + [(i18n.text(o.label, self.language), o.code) for o in scale.options]

    def _tooltips(self) -> list[str]:
        scale = self.instrument.scale
        return [self.instrument.level_label(level, self.language) for level in scale.levels] + [
            i18n.text(o.label, self.language) for o in scale.options
        ]

    def _time(self, when: dt.datetime) -> str:
        local = when.astimezone()
        return f"{i18n.format_date(local.date(), 'medium', self.language)} {local:%H:%M}"

    # --- state ---------------------------------------------------------------------------------------------

    def _start(self, prefill: Any) -> None:
        latest = self.store.latest(self.respondent, self.instrument.id)
        if latest is not None:
            known = {k: v for k, v in latest.answers.items() if k in self.controls}
            self.set_answers(known)
            if latest.status == "draft":
                self.page = (
                    int(latest.meta.get("page", 0)) if str(latest.meta.get("page", "0")).isdigit() else 0
                )
                self.feedback.show(self._t("form.resumed", time=self._time(latest.created_at)), "info")
            else:
                self.submitted = latest
                self.feedback.show(self._t("form.resumed_final", time=self._time(latest.created_at)), "info")
        self.page = min(max(self.page, 0), len(self.instrument.dimensions) - 1)
        self._show_page()
        answers, submit = parse_prefill(prefill, self.instrument, self.respondent, self.municipality)
        if answers:
            self.set_answers(answers)
            self.feedback.show(self._t("form.prefilled", count=len(answers)), "info")
            if submit:
                self.submit()
            else:
                self.save_draft()
        elif latest is not None and latest.status == "final":
            self._show_result()
        self._refresh_preview()

    def set_answers(self, answers: dict[str, Any]) -> None:
        """Put answers into the controls (as a participant would click them) without redrawing each time."""
        self._quiet = True
        try:
            for key, value in answers.items():
                self.controls[key].value = value
        finally:
            self._quiet = False
        self._update_progress()
        self._refresh_preview()

    def _on_answer(self, change: dict[str, Any]) -> None:
        owner = change["owner"]
        key = next(k for k, c in self.controls.items() if c is owner)
        if change["new"] is None:
            self.answers.pop(key, None)
        else:
            self.answers[key] = change["new"]
        if not self._quiet:
            ui.guard(self.feedback)(self._after_answer)()

    def _after_answer(self) -> None:
        self._update_progress()
        self._refresh_preview()

    def _update_progress(self) -> None:
        self.progress.value = len(self.answers)
        text = self._t("form.progress", answered=len(self.answers), total=len(self.controls))
        self.progress_label.value = f"<span style='margin-left:10px'>{ui.escape(text)}</span>"

    # --- pages ---------------------------------------------------------------------------------------------

    def go(self, page: int, *, save: bool = False) -> None:
        """Show another page (dimension); with ``save`` the answers so far are kept as a draft first."""
        if save and self.answers:
            self.save_draft(quiet=True)
        self.page = min(max(page, 0), len(self.instrument.dimensions) - 1)
        self._show_page()

    def _show_page(self) -> None:
        inst = self.instrument
        dim = inst.dimensions[self.page]
        text = self._t("form.page", page=self.page + 1, pages=len(inst.dimensions))
        self.page_label.value = f"<span style='margin-right:10px'>{ui.escape(text)}</span>"
        description = ui.escape(i18n.text(dim.description or "", self.language))
        self.dimension_header.value = (
            f"<h4 style='margin:8px 0 2px'>{ui.escape(i18n.text(dim.label, self.language))}</h4>"
            f"<p style='margin:0;color:#333'>{description}</p>"
        )
        self.questions.children = self._item_boxes[dim.id]
        self.level_panel.value = self.level_html(dim.id)
        self.previous_button.disabled = self.page == 0
        self.next_button.disabled = self.page == len(inst.dimensions) - 1
        self._update_progress()

    def level_html(self, dimension: str) -> str:
        """What each level means in a dimension (shown beside the answer buttons)."""
        inst = self.instrument
        dim = inst.dimension(dimension)
        rows = []
        for level in inst.scale.levels:
            stage = inst.scale.stages.get(level)
            stage_text = (
                f"<div style='color:#555;font-size:0.9em'>{ui.escape(i18n.text(stage, self.language))}</div>"
                if stage
                else ""
            )
            rows.append(
                f"<li style='margin:4px 0'><b>{level} {ui.escape(inst.level_label(level, self.language))}</b>"
                f"{stage_text}<div>{ui.escape(i18n.text(dim.levels[level], self.language))}</div></li>"
            )
        heading = self._t("form.levels_heading", dimension=i18n.text(dim.label, self.language))
        return (
            "<div style='background:#F5F7FA;border-radius:6px;padding:8px 12px'>"
            f"<b>{ui.escape(heading)}</b>"
            f"<ol style='padding-left:1em;list-style:none;margin:6px 0'>{''.join(rows)}</ol></div>"
        )

    # --- validation, saving and the result -----------------------------------------------------------------

    def problems(self) -> list[tuple[int, dict[str, Any]]]:
        """``(page, message parameters)`` for each dimension and perspective that breaks the 2/3 rule."""
        inst = self.instrument
        excluded = inst.scale.codes("excluded")
        found = []
        for page, dim in enumerate(inst.dimensions):
            for perspective in inst.perspectives:
                keys = [f"{item.id}.{perspective.id}" for item in dim.items]
                relevant = [k for k in keys if self.answers.get(k) not in excluded]
                answered = [k for k in relevant if isinstance(self.answers.get(k), int)]
                needed = math.ceil(self.threshold * len(relevant)) if relevant else 0
                if len(answered) < needed:
                    params = {
                        "needed": needed,
                        "items": len(relevant),
                        "dimension": i18n.text(dim.label, self.language),
                        "perspective": i18n.text(perspective.label, self.language).lower(),
                    }
                    found.append((page, params))
        return found

    def _save(self, status: str) -> Any:
        return self.store.save(
            self.respondent,
            self.instrument.id,
            dict(self.answers),
            status=status,
            version=self.instrument.version,
            municipality=self.municipality,
            role=self.role,
            meta={"page": self.page, "language": self.language},
        )

    def save_draft(self, *, quiet: bool = False) -> Any:
        """Append a draft with the answers so far (the newest draft is restored next time)."""
        saved = self._save("draft")
        if not quiet:
            self.feedback.ok(self._t("form.saved", time=self._time(saved.created_at)))
        return saved

    def submit(self) -> Any:
        """Check the 2/3 rule, then save the answers as final and show the profile with the benchmark."""
        found = self.problems()
        if found:
            page, params = found[0]
            self.go(page)
            raise InputError("assessment.form.too_few", **params)
        self.submitted = self._save("final")
        self.feedback.ok(self._t("form.submitted", time=self._time(self.submitted.created_at)))
        self._show_result()
        return self.submitted

    def own_profile(self) -> pd.DataFrame:
        """The profile of the answers currently in the form (dimension means, per perspective)."""
        resp = responses_from_answers(
            self.answers, self.instrument, respondent=self.respondent, municipality=self.municipality
        )
        return profile(score(resp, threshold=self.threshold), self.instrument, language=self.language)

    def _draw_profile(self, ax: Any, title: str) -> None:
        from .charts import dumbbell

        note = self._t("form.benchmark_note", label=self.benchmark_label) if self.benchmark_label else None
        dumbbell(
            self.own_profile(),
            benchmark=self.benchmark,
            benchmark_label=self.benchmark_label,
            instrument=self.instrument,
            ax=ax,
            language=self.language,
            title=title,
            subtitle=note,
        )

    def _refresh_preview(self) -> None:
        """Redraw the live profile. The frame (axes, labels, benchmark, legend) is rendered once; after
        each answer only the participant's dots are drawn on a copy of it and encoded as PNG."""
        if not self.live or self._quiet:
            return
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from PIL import Image

        from .charts import dumbbell, dumbbell_points

        mine = self.own_profile()
        with theme.context():
            if self._preview is None:
                figure = Figure(figsize=(10.0, 0.5 * len(self.instrument.dimensions) + 2.6), dpi=72)
                canvas = FigureCanvasAgg(figure)
                figure.subplots_adjust(left=0.3, right=0.9, top=0.86, bottom=0.24)
                ax = figure.add_subplot()
                note = (
                    self._t("form.benchmark_note", label=self.benchmark_label)
                    if self.benchmark_label
                    else None
                )
                dumbbell(
                    mine,
                    benchmark=self.benchmark,
                    benchmark_label=self.benchmark_label,
                    instrument=self.instrument,
                    ax=ax,
                    language=self.language,
                    title=self._t("form.your_profile"),
                    subtitle=note,
                    points=False,
                )
                canvas.draw()
                self._preview = (canvas, ax, canvas.copy_from_bbox(figure.bbox))
            canvas, ax, background = self._preview
            canvas.restore_region(background)
            artists = dumbbell_points(ax, mine, instrument=self.instrument, language=self.language)
            for artist in artists:
                ax.draw_artist(artist)
            width, height = canvas.get_width_height()
            image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
            for artist in artists:
                artist.remove()
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        self.preview.value = buffer.getvalue()
        self.redraws += 1

    def _show_result(self) -> None:
        mine = self.own_profile()
        perspectives = self.instrument.perspective_ids
        rows = []
        for row in mine.itertuples(index=False):
            values = [getattr(row, p) for p in perspectives]
            rows.append(
                [row.label, *("–" if pd.isna(v) else i18n.format_number(v, 1, self.language) for v in values)]
            )
        columns = [
            self._t("profile.dimension"),
            *(self.instrument.perspective_label(p, self.language) for p in perspectives),
        ]
        self.result_html.value = str(ui.table(columns, rows, caption=self._t("form.your_profile")))
        size = (10.0, 0.5 * len(self.instrument.dimensions) + 2.6)
        title = i18n.text(self.instrument.title, self.language)
        self.result_chart.value = render_png(lambda ax: self._draw_profile(ax, title), size, dpi=90)


class BenchmarkExplorer(w.VBox):
    """Pick a comparison group (county, size class, Digi-network, cohort) and see the municipality in
    that group's distribution."""

    def __init__(self, bench: Any, municipality: str, *, language: str | None = None) -> None:
        from .benchmark import GROUPS

        super().__init__()
        self.bench = bench
        self.municipality = municipality
        self.language = i18n.check_language(language or i18n.get_language())
        self.feedback = language_feedback(self.language)
        self.rows = bench.for_municipality(municipality, language=self.language)
        kinds = [k for k in GROUPS if k in set(self.rows["group"])]
        self.picker = w.ToggleButtons(
            options=[
                (i18n.t(f"assessment.group.{k}", language=self.language).capitalize(), k) for k in kinds
            ],
            value=kinds[-1] if kinds else None,
        )
        self.chart = w.Image(format="png", layout=w.Layout(max_width="820px"))
        self.picker.observe(ui.guard(self.feedback)(lambda _c: self.draw()), names="value")
        self.children = [self.picker, self.feedback, self.chart]
        ui.guard(self.feedback)(self.draw)()

    def draw(self) -> None:
        from .charts import benchmark_distribution

        group = self.picker.value
        distribution = self.bench.distribution(self.municipality, group)
        size = (11.5, 0.7 * len(self.bench.dimensions) + 2.6)
        self.chart.value = render_png(
            lambda ax: benchmark_distribution(
                self.rows,
                distribution,
                group=group,
                instrument=self.bench.instrument,
                ax=ax,
                language=self.language,
            ),
            size,
        )


#: Free-text notes a leader group writes on the gathering day, per topic: the fields of each topic.
NOTE_TOPICS: dict[str, tuple[str, ...]] = {
    "barriers": ("barriers", "opportunities"),
    "roles": ("role", "development"),
}


class NotesForm(w.VBox):
    """Short free-text notes (barriers and opportunities, or one's leadership role) saved to the store as
    ``notes:<topic>``. What is shown back is HTML-escaped."""

    def __init__(
        self,
        topic: str,
        *,
        store: Store,
        municipality: str,
        respondent: str = "",
        language: str | None = None,
        prefill: str | dict[str, Any] | None = None,
    ) -> None:
        from .. import municipalities

        super().__init__()
        if topic not in NOTE_TOPICS:
            raise InputError("assessment.error.notes_topic", topic=topic, choices=", ".join(NOTE_TOPICS))
        self.topic = topic
        self.store = store
        self.language = i18n.check_language(language or i18n.get_language())
        self.municipality = municipalities.get(municipality).number
        self.respondent = respondent.strip() or default_respondent(self.municipality)
        self.feedback = language_feedback(self.language)
        self.fields: dict[str, w.Textarea] = {}
        rows: list[Any] = [w.HTML(f"<h4>{ui.escape(self._t('title'))}</h4>")]
        for name in NOTE_TOPICS[topic]:
            area = w.Textarea(
                placeholder=self._t(f"{name}.placeholder"), layout=w.Layout(width="100%", height="90px")
            )
            self.fields[name] = area
            rows.append(ui.labelled(area, self._t(f"{name}.label")))
        self.save_button = w.Button(
            description=i18n.t("assessment.notes.save", language=self.language), icon="save"
        )
        self.saved = w.HTML()
        self.save_button.on_click(ui.guard(self.feedback)(lambda _b: self.save()))
        self.children = [*rows, self.save_button, self.feedback, self.saved]
        ui.guard(self.feedback)(self._start)(prefill)

    @property
    def instrument(self) -> str:
        return f"notes:{self.topic}"

    def _t(self, key: str, **params: Any) -> str:
        return i18n.t(f"assessment.notes.{self.topic}.{key}", language=self.language, **params)

    def _start(self, prefill: Any) -> None:
        latest = self.store.latest(self.respondent, self.instrument)
        if latest is not None:
            for name, area in self.fields.items():
                area.value = str(latest.answers.get(name, ""))
            self._show(latest.answers)
        if isinstance(prefill, str) and prefill.strip():
            text = prefill.strip().removeprefix("draft:").strip()
            if text == "demo":
                values = {name: self._t(f"{name}.demo") for name in self.fields}
            else:
                try:
                    values = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise InputError("assessment.error.prefill", reason=exc.msg) from None
            for name, value in dict(values).items():
                if name in self.fields:
                    self.fields[name].value = str(value)
            self.save()

    def save(self) -> Any:
        answers = {name: area.value.strip() for name, area in self.fields.items()}
        if not any(answers.values()):
            raise InputError("assessment.notes.empty")
        saved = self.store.save(
            self.respondent,
            self.instrument,
            answers,
            status="final",
            municipality=self.municipality,
            meta={"language": self.language},
        )
        self.feedback.ok(i18n.t("assessment.notes.saved", language=self.language))
        self._show(answers)
        return saved

    def _show(self, answers: dict[str, Any]) -> None:
        items = "".join(
            f"<dt style='font-weight:600'>{ui.escape(self._t(f'{name}.label'))}</dt>"
            f"<dd style='margin:0 0 8px'>{ui.escape(answers.get(name, ''))}</dd>"
            for name in self.fields
        )
        self.saved.value = f"<dl>{items}</dl>"
