"""Widgets for the self-assessments: the questionnaire, the benchmark explorer and the leader group's notes.

The questionnaire shows one dimension per page, a progress indicator and, beside the answer buttons, what
each level means in that dimension. It saves drafts (a draft comes back after a kernel restart), checks
the 2/3 rule before it submits and shows any problem inline in the participant's language. After
submitting, the participant sees their own profile with the benchmark behind it.

Headless runs (papermill, CI, the demo) use the session's ``prefill``: ``"demo"`` fills plausible answers
and submits them, ``"draft:demo"`` only saves them as a draft, and a JSON object (``{"ST1.today": 3, …}``)
gives the answers explicitly.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import math
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import pandas as pd
from ipywidgets.widgets.widget_string import HTMLStyle  # not exported at the top of ipywidgets 8

from .. import i18n, theme, ui
from ..errors import InputError
from ..session import Workbook, default_respondent
from .benchmark import GROUPS, Benchmark
from .charts import benchmark_distribution, dumbbell, dumbbell_points
from .model import Instrument, load_instrument
from .model import key as answer_key
from .scoring import TWO_THIRDS, profile, responses_from_answers, score, threshold_fraction
from .synthetic import demo_answers

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from ..store import Store, Submission

#: The width of the participant's profile chart; its height grows with the number of dimensions.
PROFILE_WIDTH = 10.0


def parse_prefill(
    prefill: str | dict[str, Any] | None, instrument: Instrument, respondent: str, municipality: str
) -> tuple[dict[str, Any], bool]:
    """``(answers, submit)`` from a prefill parameter; ``({}, False)`` when it is empty."""
    if prefill is None or (isinstance(prefill, str) and not prefill.strip()):
        return {}, False
    submit = True
    if isinstance(prefill, str):
        text = prefill.strip()
        if text.startswith("draft:"):
            submit, text = False, text[len("draft:") :].strip()
        if text == "demo":
            return demo_answers(instrument, respondent, municipality), submit
        answers = _json(text)
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


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("assessment.error.prefill", reason=exc.msg) from None


class Questionnaire(ui.View):
    """One instrument's questionnaire for the session's respondent, saving to the session's store.

    Tests and notebooks drive it like a participant: set ``controls[key].value`` and call
    ``next_button.click()``, ``save_button.click()`` or ``submit_button.click()``; ``feedback.calls`` and
    ``feedback.last_exception`` show that the handlers ran.
    """

    css_class = "casekit-questionnaire"
    messages = "assessment"

    def __init__(
        self,
        wb: Workbook,
        instrument: str | Instrument,
        *,
        benchmark: pd.DataFrame | None = None,
        benchmark_label: str | None = None,
        live: bool = True,
        threshold: Fraction | float | str = TWO_THIRDS,
    ) -> None:
        super().__init__(wb)
        self.instrument = load_instrument(instrument)
        self.municipality = wb.number
        self.respondent = wb.respondent or default_respondent(self.municipality)
        self.role = wb.role
        self.threshold = threshold_fraction(threshold)
        self.benchmark = benchmark
        self.benchmark_label = benchmark_label
        self.live = live
        self.page = 0
        self.answers: dict[str, Any] = {}
        self.submitted: Submission | None = None
        self.redraws = 0
        self._quiet = False
        self._preview: Any = None
        self.controls = _Controls(self)
        # Every item row looks the same, so its rows share one layout and style model each: a widget made
        # without them gets models of its own, and a page would have twice as many models for the kernel
        # to make and the browser to restore before the first widget shows.
        self._shared = {
            "layout": w.Layout(),
            "auto": w.Layout(width="auto"),
            "html": HTMLStyle(),
            "toggle": w.ToggleButtonsStyle(button_width="auto"),
        }
        # A dimension's page is built when it is first shown (or one of its controls is asked for), so the
        # first page is on screen without waiting for the widgets of the other six.
        self._item_boxes: dict[str, list[w.VBox]] = {}
        self._answer_options, self._answer_tooltips = self._options(), self._tooltips()
        self._build()
        ui.guard(self.feedback)(self._start)(wb.prefill)

    @property
    def store(self) -> Store:
        return self.wb.store

    # --- building -------------------------------------------------------------------------------------------

    def _page_boxes(self, dimension: str) -> list[w.VBox]:
        """A dimension's item boxes, built the first time they are needed."""
        if dimension not in self._item_boxes:
            dim = self.instrument.dimension(dimension)
            self._item_boxes[dimension] = [self._item_box(item) for item in dim.items]
        return self._item_boxes[dimension]

    def _item_box(self, item: Any) -> w.VBox:
        """An item's question and one row of answer buttons per perspective, showing the answers so far."""
        shared = self._shared
        text = ui.escape(self.instrument.text(item.text, self.language))
        question = f"<p style='margin:10px 0 2px'><b>{ui.escape(item.id)}</b> {text}</p>"
        rows: list[Any] = [w.HTML(question, layout=shared["layout"], style=shared["html"])]
        for perspective in self.instrument.perspectives:
            key = answer_key(item.id, perspective.id)
            toggle = w.ToggleButtons(
                options=self._answer_options,
                value=self.answers.get(key),
                tooltips=self._answer_tooltips,
                style=shared["toggle"],
                layout=shared["auto"],
            )
            toggle.add_class("casekit-answer")
            self.controls.built[key] = self.on_change(toggle, functools.partial(self._on_answer, key))
            label = w.HTML(
                f"<span style='display:inline-block;min-width:11em;color:#333'>"
                f"{ui.escape(self.wb.text(perspective.label))}</span>",
                layout=shared["layout"],
                style=shared["html"],
            )
            rows.append(w.HBox([label, toggle], layout=shared["layout"]))
        return w.VBox(rows, layout=shared["layout"])

    def _build(self) -> None:
        """The header, the page, the buttons and the places for the profile."""
        self.title = w.HTML(f"<h3 style='margin:4px 0'>{ui.escape(self.wb.text(self.instrument.title))}</h3>")
        self.page_label = w.HTML()
        self.progress = w.IntProgress(min=0, max=len(self.controls), value=0, layout=w.Layout(width="320px"))
        self.progress_label = w.HTML()
        self.dimension_header = w.HTML()
        self.questions = w.VBox(layout=w.Layout(width="62%"))
        self.level_panel = w.HTML(layout=w.Layout(width="36%", margin="0 0 0 2%"))
        self.previous_button = self.on_click(
            w.Button(description=self.t("form.previous"), icon="arrow-left"), self._on_previous
        )
        self.next_button = self.on_click(
            w.Button(description=self.t("form.next"), icon="arrow-right"), self._on_next
        )
        self.save_button = self.on_click(
            w.Button(description=self.t("form.save"), icon="save"), self._on_save
        )
        self.submit_button = self.on_click(
            w.Button(description=self.t("form.submit"), icon="check", button_style="primary"), self._on_submit
        )
        self.preview = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self.preview.add_class("casekit-live-profile")
        self.preview_note = w.HTML(f"<span style='color:#555'>{ui.escape(self.t('form.live_note'))}</span>")
        self.result_html = w.HTML()
        self.result_chart = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self.result_chart.add_class("casekit-profile")
        self.children = [
            self.title,
            w.HBox(
                [self.page_label, self.progress, self.progress_label], layout=w.Layout(align_items="center")
            ),
            self.dimension_header,
            w.HBox([self.questions, self.level_panel]),
            w.HBox([self.previous_button, self.next_button, self.save_button, self.submit_button]),
            self.feedback,
            *([self.preview_note, self.preview] if self.live else []),
            self.result_html,
            self.result_chart,
        ]

    # --- texts and options ----------------------------------------------------------------------------------

    def _options(self) -> list[tuple[str, Any]]:
        scale = self.instrument.scale
        levels = [(str(level), level) for level in scale.levels]
        return levels + [(self.wb.text(o.label), o.code) for o in scale.options]

    def _tooltips(self) -> list[str]:
        scale = self.instrument.scale
        return [self.instrument.level_label(level, self.language) for level in scale.levels] + [
            self.wb.text(o.label) for o in scale.options
        ]

    def _time(self, when: dt.datetime) -> str:
        local = when.astimezone()
        return f"{i18n.format_date(local.date(), 'medium', self.language)} {local:%H:%M}"

    # --- state ----------------------------------------------------------------------------------------------

    def _start(self, prefill: str) -> None:
        """Bring back the latest draft or submission, then apply the prefill (headless runs)."""
        latest = self._resume()
        self.page = min(max(self.page, 0), len(self.instrument.dimensions) - 1)
        self._show_page()
        answers, submit = parse_prefill(prefill, self.instrument, self.respondent, self.municipality)
        if answers:
            self.set_answers(answers)
            self.feedback.show(self.t("form.prefilled", count=len(answers)), "info")
            if submit:
                self.submit()
            else:
                self.save_draft()
        elif latest is not None and latest.status == "final":
            self._show_result()
        self._refresh_preview()

    def _resume(self) -> Submission | None:
        latest = self.store.latest(self.respondent, self.instrument.id)
        if latest is None:
            return None
        self.set_answers({k: v for k, v in latest.answers.items() if k in self.controls})
        if latest.status == "draft":
            page = str(latest.meta.get("page", "0"))
            self.page = int(page) if page.isdigit() else 0
            self.feedback.show(self.t("form.resumed", time=self._time(latest.created_at)), "info")
        else:
            self.submitted = latest
            self.feedback.show(self.t("form.resumed_final", time=self._time(latest.created_at)), "info")
        return latest

    def set_answers(self, answers: dict[str, Any]) -> None:
        """Put answers into the form (as a participant would click them) without redrawing each time. The
        controls of pages built so far show them; the other pages show them when they are built."""
        valid = {value for _, value in self._answer_options}
        for key, value in answers.items():
            if key not in self.controls:
                raise InputError("assessment.error.prefill_key", key=key)
            if value is not None and value not in valid:
                raise InputError("assessment.error.prefill_value", key=key, value=repr(value))
        self._quiet = True
        try:
            for key, value in answers.items():
                if key in self.controls.built:
                    self.controls.built[key].value = value
                elif value is None:
                    self.answers.pop(key, None)
                else:
                    self.answers[key] = value
        finally:
            self._quiet = False
        self._update_progress()
        self._refresh_preview()

    def _on_answer(self, key: str, change: dict[str, Any]) -> None:
        """An answer button changed (``key`` is its answer key)."""
        if change["new"] is None:
            self.answers.pop(key, None)
        else:
            self.answers[key] = change["new"]
        if not self._quiet:
            self._update_progress()
            self._refresh_preview()

    def _update_progress(self) -> None:
        self.progress.value = len(self.answers)
        text = self.t("form.progress", answered=len(self.answers), total=len(self.controls))
        self.progress_label.value = f"<span style='margin-left:10px'>{ui.escape(text)}</span>"

    # --- the buttons ----------------------------------------------------------------------------------------

    def _on_previous(self, _button: w.Button) -> None:
        self.go(self.page - 1)

    def _on_next(self, _button: w.Button) -> None:
        self.go(self.page + 1, save=True)

    def _on_save(self, _button: w.Button) -> None:
        self.save_draft()

    def _on_submit(self, _button: w.Button) -> None:
        self.submit()

    # --- pages ----------------------------------------------------------------------------------------------

    def go(self, page: int, *, save: bool = False) -> None:
        """Show another page (dimension); with ``save`` the answers so far are kept as a draft first."""
        if save and self.answers:
            self.save_draft(quiet=True)
        self.page = min(max(page, 0), len(self.instrument.dimensions) - 1)
        self._show_page()

    def _show_page(self) -> None:
        inst = self.instrument
        dim = inst.dimensions[self.page]
        self.questions.children = self._page_boxes(dim.id)  # first, so the heading never runs ahead of them
        text = self.t("form.page", page=self.page + 1, pages=len(inst.dimensions))
        self.page_label.value = f"<span style='margin-right:10px'>{ui.escape(text)}</span>"
        description = ui.escape(self.wb.text(dim.description or ""))
        self.dimension_header.value = (
            f"<h4 style='margin:8px 0 2px'>{ui.escape(self.wb.text(dim.label))}</h4>"
            f"<p style='margin:0;color:#333'>{description}</p>"
        )
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
                f"<div style='color:#555;font-size:0.9em'>{ui.escape(self.wb.text(stage))}</div>"
                if stage
                else ""
            )
            rows.append(
                f"<li style='margin:4px 0'><b>{level} {ui.escape(inst.level_label(level, self.language))}</b>"
                f"{stage_text}<div>{ui.escape(self.wb.text(dim.levels[level]))}</div></li>"
            )
        heading = self.t("form.levels_heading", dimension=self.wb.text(dim.label))
        return (
            "<div style='background:#F5F7FA;border-radius:6px;padding:8px 12px'>"
            f"<b>{ui.escape(heading)}</b>"
            f"<ol style='padding-left:1em;list-style:none;margin:6px 0'>{''.join(rows)}</ol></div>"
        )

    # --- validation, saving and the result ------------------------------------------------------------------

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
                        "dimension": self.wb.text(dim.label),
                        "perspective": self.wb.text(perspective.label).lower(),
                    }
                    found.append((page, params))
        return found

    def _save(self, status: str) -> Submission:
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

    def save_draft(self, *, quiet: bool = False) -> Submission:
        """Append a draft with the answers so far (the newest draft is restored next time)."""
        saved = self._save("draft")
        if not quiet:
            self.feedback.ok(self.t("form.saved", time=self._time(saved.created_at)))
        return saved

    def submit(self) -> Submission:
        """Check the 2/3 rule, then save the answers as final and show the profile with the benchmark."""
        found = self.problems()
        if found:
            page, params = found[0]
            self.go(page)
            raise InputError("assessment.form.too_few", **params)
        self.submitted = self._save("final")
        self.feedback.ok(self.t("form.submitted", time=self._time(self.submitted.created_at)))
        self._show_result()
        return self.submitted

    def own_profile(self) -> pd.DataFrame:
        """The profile of the answers currently in the form (dimension means, per perspective)."""
        resp = responses_from_answers(
            self.answers, self.instrument, respondent=self.respondent, municipality=self.municipality
        )
        return profile(score(resp, threshold=self.threshold), self.instrument, language=self.language)

    # --- the profile charts ---------------------------------------------------------------------------------

    def _profile_size(self) -> tuple[float, float]:
        return (PROFILE_WIDTH, 0.5 * len(self.instrument.dimensions) + 2.6)

    def _draw_profile(self, ax: Axes, mine: pd.DataFrame, title: str, *, points: bool = True) -> None:
        note = self.t("form.benchmark_note", label=self.benchmark_label) if self.benchmark_label else None
        dumbbell(
            mine,
            benchmark=self.benchmark,
            benchmark_label=self.benchmark_label,
            instrument=self.instrument,
            ax=ax,
            language=self.language,
            title=title,
            subtitle=note,
            points=points,
        )

    def _preview_frame(self, mine: pd.DataFrame) -> tuple[Any, Axes, Any]:
        """The live profile's frame (axes, labels, benchmark, legend), rendered once: its canvas, its axes
        and the rendered background."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        figure = Figure(figsize=self._profile_size(), dpi=72)
        canvas = FigureCanvasAgg(figure)
        figure.subplots_adjust(left=0.3, right=0.9, top=0.86, bottom=0.24)
        ax = figure.add_subplot()
        self._draw_profile(ax, mine, self.t("form.your_profile"), points=False)
        canvas.draw()
        return canvas, ax, canvas.copy_from_bbox(figure.bbox)

    def _refresh_preview(self) -> None:
        """Redraw the live profile. The frame is rendered once; after each answer only the participant's
        dots are drawn on a copy of it and encoded as PNG."""
        if not self.live or self._quiet:
            return
        from PIL import Image

        mine = self.own_profile()
        with theme.context():
            if self._preview is None:
                self._preview = self._preview_frame(mine)
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
            self.t("profile.dimension"),
            *(self.instrument.perspective_label(p, self.language) for p in perspectives),
        ]
        self.result_html.value = str(ui.table(columns, rows, caption=self.t("form.your_profile")))
        title = self.wb.text(self.instrument.title)
        self.result_chart.value = ui.png(
            lambda ax: self._draw_profile(ax, mine, title), self._profile_size(), dpi=90
        )


class _Controls(Mapping[str, w.ToggleButtons]):
    """A questionnaire's answer buttons by answer key (``"ST1.today"``). Asking for a control builds its
    page if that page has not been shown yet; iterating and counting do not build anything."""

    def __init__(self, form: Questionnaire) -> None:
        self.form = form
        self.built: dict[str, w.ToggleButtons] = {}
        self._keys = form.instrument.answer_keys()
        self._dimension = {
            answer_key(item.id, p.id): dim.id
            for dim in form.instrument.dimensions
            for item in dim.items
            for p in form.instrument.perspectives
        }

    def __getitem__(self, key: str) -> w.ToggleButtons:
        if key not in self._dimension:
            raise KeyError(key)
        if key not in self.built:
            self.form._page_boxes(self._dimension[key])
        return self.built[key]

    def __contains__(self, key: object) -> bool:
        return key in self._dimension

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class BenchmarkExplorer(ui.View):
    """Pick a comparison group (county, size class, Digi-network, cohort) and see the session's
    municipality in that group's distribution."""

    css_class = "casekit-benchmark-explorer"
    messages = "assessment.group"

    def __init__(self, wb: Workbook, bench: Benchmark) -> None:
        super().__init__(wb)
        self.bench = bench
        self.municipality = wb.number
        self.rows = bench.for_municipality(self.municipality, language=self.language)
        kinds = [k for k in GROUPS if k in set(self.rows["group"])]
        picker = w.ToggleButtons(
            options=[(self.t(k).capitalize(), k) for k in kinds], value=kinds[-1] if kinds else None
        )
        self.picker = self.on_change(picker, self._on_pick)
        self.chart = w.Image(format="png", layout=w.Layout(max_width="820px"))
        self.children = [self.picker, self.feedback, self.chart]
        ui.guard(self.feedback)(self.draw)()

    def _on_pick(self, _change: dict[str, Any]) -> None:
        self.draw()

    def draw(self) -> None:
        group = self.picker.value
        distribution = self.bench.distribution(self.municipality, group)
        size = (11.5, 0.7 * len(self.bench.dimensions) + 2.6)
        self.chart.value = ui.png(
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
    "generation_gap": ("priority", "prerequisites"),
    "politicians": ("plan", "reporting"),
}


class NotesForm(ui.View):
    """Short free-text notes (barriers and opportunities, or one's leadership role) saved to the session's
    store as ``notes:<topic>``. What is shown back is HTML-escaped."""

    css_class = "casekit-notes"
    messages = "assessment.notes"

    def __init__(self, wb: Workbook, topic: str) -> None:
        if topic not in NOTE_TOPICS:
            raise InputError("assessment.error.notes_topic", topic=topic, choices=", ".join(NOTE_TOPICS))
        super().__init__(wb)
        self.topic = topic
        self.municipality = wb.number
        self.respondent = wb.respondent or default_respondent(self.municipality)
        self.fields: dict[str, w.Textarea] = {
            name: w.Textarea(
                placeholder=self.t(f"{topic}.{name}.placeholder"),
                layout=w.Layout(width="100%", height="90px"),
            )
            for name in NOTE_TOPICS[topic]
        }
        self.save_button = self.on_click(w.Button(description=self.t("save"), icon="save"), self._on_save)
        self.saved = w.HTML()
        self.children = [
            w.HTML(f"<h4>{ui.escape(self.t(f'{topic}.title'))}</h4>"),
            *(ui.labelled(area, self.t(f"{topic}.{name}.label")) for name, area in self.fields.items()),
            self.save_button,
            self.feedback,
            self.saved,
        ]
        ui.guard(self.feedback)(self._start)(wb.prefill)

    @property
    def instrument(self) -> str:
        return f"notes:{self.topic}"

    @property
    def store(self) -> Store:
        return self.wb.store

    def _start(self, prefill: str) -> None:
        """Bring back the latest notes, then apply the prefill (headless runs) and save it."""
        latest = self.store.latest(self.respondent, self.instrument)
        if latest is not None:
            for name, area in self.fields.items():
                area.value = str(latest.answers.get(name, ""))
            self._show(latest.answers)
        text = (prefill or "").strip().removeprefix("draft:").strip()
        if not text:
            return
        values = (
            {name: self.t(f"{self.topic}.{name}.demo") for name in self.fields}
            if text == "demo"
            else _json(text)
        )
        for name, value in dict(values).items():
            if name in self.fields:
                self.fields[name].value = str(value)
        self.save()

    def _on_save(self, _button: w.Button) -> None:
        self.save()

    def save(self) -> Submission:
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
        self.feedback.ok(self.t("saved"))
        self._show(answers)
        return saved

    def _show(self, answers: dict[str, Any]) -> None:
        items = "".join(
            f"<dt style='font-weight:600'>{ui.escape(self.t(f'{self.topic}.{name}.label'))}</dt>"
            f"<dd style='margin:0 0 8px'>{ui.escape(answers.get(name, ''))}</dd>"
            for name in self.fields
        )
        self.saved.value = f"<dl>{items}</dl>"
