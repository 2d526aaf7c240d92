"""The assessment notebooks' helpers: one short function per notebook cell. Each draws a chart (shown by
the notebook) and returns None, or returns an HTML block or a widget. The logic lives in the other modules;
this one wires them to the workbook session.

Views of one leader group take the session first (its municipality, its respondent, its language):
``assessment.agreement_view(wb, data)``. Views of a whole cohort take the data and a language, so the
trainer's report and the gathering-day report share them: ``assessment.cohort_heatmap(data, language=…)``.

Group results follow the privacy rules: a group (a municipality's leader group, a role, a county) is shown
only with at least ``min_group_size`` respondents. A participant's views (a session with a municipality)
show the answers of the latest published snapshot, never the store as it is right now, so reloading a
view after one more submission isolates nobody (:mod:`.published`, :mod:`casekit.privacy`); a trainer's
views read the store live. When there are too few answers for a meaningful benchmark, the gathering-day
views fall back to the synthetic Agder cohort and say so on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import i18n, municipalities, theme, ui
from ..errors import MunicipalityError, StoreRefusedError
from ..privacy import Published
from ..session import Workbook
from ..store import TIDY_COLUMNS, Store, open_store
from . import charts
from .benchmark import Benchmark, build_benchmark, cohort_profile, group_label
from .generations import generation_gaps
from .model import Instrument, load_instrument
from .privacy import DEFAULT_MIN_GROUP_SIZE, check_min_group_size
from .published import published_answers
from .reliability import reliability
from .scoring import (
    Responses,
    agreement,
    agreement_prompts,
    gaps_table,
    item_distribution,
    profile,
    responses,
    responses_from_answers,
    score,
)
from .synthetic import COHORTS, cohort_answers, fill_store
from .widgets import BenchmarkExplorer, NotesForm, Questionnaire

#: A benchmark from the store needs at least this many municipalities with enough respondents.
MIN_BENCHMARK_MUNICIPALITIES = 3


def _t(key: str, language: str | None, **params: Any) -> str:
    return i18n.t(f"assessment.{key}", language=language, **params)


def _banner(text: str, kind: str = "info") -> ui.HTMLBlock:
    return ui.HTMLBlock(ui.message_html(text, kind))


# --- where the answers come from ---------------------------------------------------------------------------


@dataclass
class AssessmentData:
    """Final answers to one instrument, from the store or (clearly labelled) from a synthetic cohort."""

    instrument: Instrument
    answers: pd.DataFrame
    sample: bool = False
    cohort: str | None = None
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    #: The snapshot a participant's figures come from (None: read live, as a trainer does).
    published: Published | None = None
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.min_group_size = check_min_group_size(self.min_group_size)

    def responses(self) -> Responses:
        if "responses" not in self._cache:
            self._cache["responses"] = responses(self.answers, self.instrument)
        return self._cache["responses"]

    def scores(self) -> pd.DataFrame:
        if "scores" not in self._cache:
            self._cache["scores"] = score(self.responses())
        return self._cache["scores"]

    def benchmark(self, perspective: str | None = None) -> Benchmark:
        key = f"benchmark:{perspective}"
        if key not in self._cache:
            self._cache[key] = build_benchmark(
                self.scores(), self.instrument, perspective=perspective, min_group_size=self.min_group_size
            )
        return self._cache[key]

    @property
    def respondents(self) -> int:
        return len(self.responses())

    def group(self, municipality: str) -> pd.DataFrame:
        """The scores of one municipality's leader group."""
        scores = self.scores()
        return scores[scores["municipality"] == municipality]

    def group_size(self, municipality: str) -> int:
        return int(self.group(municipality)["respondent"].nunique())

    def label(self, language: str | None = None) -> str:
        """What to call the comparison group in legends: the cohort, or the sample cohort."""
        if self.sample:
            return _t("sample.short", language, cohort=_cohort_name(self.cohort, language))
        return _t("group.cohort", language)

    def notice(self, language: str | None = None) -> ui.HTMLBlock:
        """Says on screen where the numbers come from; sample data is marked in capitals, and a
        participant's figures say when they were published (or that they are not yet)."""
        parts = [] if self.published is None else [self._publication(language)]
        if self.sample:
            text = _t("sample.label", language, cohort=_cohort_name(self.cohort, language))
            return ui.HTMLBlock(ui.message_html(text, "error") + "".join(parts))
        return ui.HTMLBlock(
            ui.message_html(_t("sample.store", language, count=self.respondents)) + "".join(parts)
        )

    def _publication(self, language: str | None) -> str:
        pub = self.published
        if pub is None or not pub.shown:
            key = "published.withheld" if pub is not None and pub.withheld else "published.none"
            return ui.message_html(_t(key, language, k=self.min_group_size))
        when = i18n.format_date(pub.snapshot.created_at.date(), language=language)
        return ui.message_html(_t("published.as_of", language, date=when, k=self.min_group_size))


def _cohort_name(cohort: str | None, language: str | None) -> str:
    spec = COHORTS.get(cohort or "", {})
    if spec.get("county"):
        return group_label("county", spec["county"], language)
    return str(cohort or "")


def assessment_data(
    store: Store | str | None = "",
    instrument: str | Instrument = "maturity",
    *,
    county: str | None = None,
    municipality: str | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    fallback: str | None = "agder",
    published: bool = False,
) -> AssessmentData:
    """Final answers from a store (or a store's URL; empty: the default store): all of them, one county's
    (``county``) or the county of ``municipality``. With ``published`` only the answers of the latest
    published snapshot (refreshed first when the rule allows), as participants see them. When fewer than
    three municipalities have ``min_group_size`` respondents and ``fallback`` names a synthetic cohort, that
    cohort is used instead and marked as sample data."""
    inst = load_instrument(instrument)
    k = check_min_group_size(min_group_size)
    publication = None
    try:
        if published:
            answers, publication = published_answers(store, inst, min_group_size=k)
        else:
            answers = open_store(store).answers(inst.id, status="final")
    except StoreRefusedError:
        # A participant on a shared hub may not read the cohort's raw answers (the casekit service says
        # which role it takes): the labelled sample cohort stands in, as for a store too small to show.
        answers = pd.DataFrame(columns=TIDY_COLUMNS)
    if municipality and not county:
        county = municipalities.get(municipality).county_number
    if county:
        numbers = {m.number for m in municipalities.in_county(county)}
        answers = answers[answers["municipality"].isin(numbers)]
    sizes = answers.groupby("municipality")["respondent"].nunique() if len(answers) else pd.Series(dtype=int)
    enough = int((sizes >= k).sum())
    if enough < MIN_BENCHMARK_MUNICIPALITIES and fallback:
        sample = cohort_answers(fallback, inst)
        return AssessmentData(
            inst, sample, sample=True, cohort=fallback, min_group_size=k, published=publication
        )
    return AssessmentData(inst, answers.reset_index(drop=True), min_group_size=k, published=publication)


def cohort_data(
    wb: Workbook,
    instrument: str | Instrument = "maturity",
    *,
    county: str | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    fallback: str | None = "agder",
) -> AssessmentData:
    """The final answers the session's views compare with: its store's answers from the county of its
    municipality (or from ``county``; a trainer's session without a municipality and county: all), with
    :func:`assessment_data`'s fallback to a labelled sample cohort. A participant's session (one with a
    municipality) sees the published snapshot; a trainer's session reads the store live."""
    participant = wb.municipality is not None
    if county is None and participant:
        county = wb.municipality.county_number
    return assessment_data(
        wb.store,
        instrument,
        county=county,
        min_group_size=min_group_size,
        fallback=fallback,
        published=participant,
    )


# --- pre-work: the questionnaire ---------------------------------------------------------------------------


def questionnaire(wb: Workbook, instrument: str | Instrument, *, live: bool = True) -> Questionnaire:
    """The questionnaire widget for the session's respondent, saving to the session's store. The benchmark
    drawn behind the participant's profile is the cohort in the store, or the sample cohort."""
    inst = load_instrument(instrument)
    data = cohort_data(wb, inst)
    bench = cohort_profile(data.scores(), inst, min_group_size=data.min_group_size, language=wb.language)
    return Questionnaire(wb, inst, benchmark=bench, benchmark_label=data.label(wb.language), live=live)


def level_guide(wb: Workbook, instrument: str | Instrument) -> ui.HTMLBlock:
    """Every dimension's level descriptions in one table, to read before answering. A bank whose levels
    are stages (the maturity bank's generations) shows them in the first row."""
    inst = load_instrument(instrument)
    language = wb.language
    columns = [_t("profile.dimension", language)] + [
        f"{level} {inst.level_label(level, language)}" for level in inst.scale.levels
    ]
    rows = []
    if inst.scale.stages:
        stages = [
            wb.text(inst.scale.stages[level]) if level in inst.scale.stages else ""
            for level in inst.scale.levels
        ]
        rows.append([_t("guide.stage", language), *stages])
    rows += [
        [wb.text(dim.label), *(wb.text(dim.levels[level]) for level in inst.scale.levels)]
        for dim in inst.dimensions
    ]
    return ui.table(columns, rows, caption=_t("guide.caption", language, title=wb.text(inst.title)))


def my_profile(form: Questionnaire, *, language: str | None = None) -> ui.HTMLBlock | None:
    """The participant's submitted answers as a chart with the benchmark behind (and, for capabilities,
    the 2×2 position). Before submitting it says what to do."""
    language = language or form.language
    if form.submitted is None:
        return _banner(_t("profile.not_submitted", language))
    inst = form.instrument
    mine = form.own_profile()
    charts.dumbbell(
        mine,
        benchmark=form.benchmark,
        benchmark_label=form.benchmark_label,
        instrument=inst,
        language=language,
        title=i18n.text(inst.title, language),
        subtitle=_t("form.benchmark_note", language, label=form.benchmark_label)
        if form.benchmark_label
        else None,
    )
    if inst.grid is None:
        return None
    values = mine.set_index("dimension")[inst.perspective_ids[0]]
    x, y = values.get(inst.grid.x, np.nan), values.get(inst.grid.y, np.nan)
    points = pd.DataFrame({"x": [x], "y": [y], "kind": ["you"]})
    charts.capability_grid(points, instrument=inst, language=language)
    if np.isnan(x) or np.isnan(y):
        return None
    quadrant = inst.grid.quadrant(x, y)
    heading = _t("profile.quadrant", language, quadrant=i18n.text(quadrant.label, language))
    text = i18n.text(quadrant.description, language)
    return ui.HTMLBlock(f"<p><b>{ui.escape(heading)}</b><br>{ui.escape(text)}</p>")


# --- the leader group's own saved answers, carried into the next phase -------------------------------------


@dataclass
class LeaderGroup:
    """A leader group's own final answers to one instrument, as saved in an earlier phase and published
    (:mod:`.published`): the profile (``scoring.profile``), how many stand behind it, how many of those
    answers are synthetic sample data, and how many have submitted so far (published or not)."""

    instrument: Instrument
    profile: pd.DataFrame
    respondents: int
    synthetic: int
    min_group_size: int
    submitted: int = 0

    @property
    def shown(self) -> bool:
        return self.respondents >= self.min_group_size


def leader_group(
    wb: Workbook, instrument: str | Instrument, *, min_group_size: int = DEFAULT_MIN_GROUP_SIZE
) -> LeaderGroup:
    """The session's leader group's saved answers (the pre-work of the same module), as published: the
    figures change only by at least ``min_group_size`` people at a time. In a sample session with fewer
    than ``min_group_size`` answers, the synthetic Agder leader group of the municipality is saved first
    (marked synthetic), so a demonstration has a group to show."""
    inst = load_instrument(instrument)
    k = check_min_group_size(min_group_size)
    try:
        subs = wb.store.submissions(inst.id, municipality=wb.number, status="final", latest=False)
    except StoreRefusedError:  # a participant on a shared hub reads only what is published
        subs = None
    if subs is not None and wb.sample and len({s.respondent for s in subs}) < k:
        fill_store(wb.store, "agder", instruments=(inst.id,), municipalities=[wb.number])
        subs = wb.store.submissions(inst.id, municipality=wb.number, status="final", latest=False)
    answers, _publication = published_answers(wb.store, inst, min_group_size=k)
    mine = answers[answers["municipality"] == wb.number]
    shown = set(mine["submission_id"])
    synthetic = sum(1 for sub in subs or () if sub.id in shown and sub.meta.get("synthetic"))
    group = profile(score(responses(mine, inst)), inst, language=wb.language)
    submitted = len({s.respondent for s in subs}) if subs is not None else int(mine["respondent"].nunique())
    return LeaderGroup(inst, group, int(mine["respondent"].nunique()), synthetic, k, submitted)


def _group_notice(wb: Workbook, group: LeaderGroup, step: str) -> str:
    """Where the figures come from, and whether they are shown (HTML)."""
    if not group.shown:
        key = "carry.not_published" if group.submitted >= group.min_group_size else "carry.too_small"
        text = _t(key, wb.language, n=group.submitted, k=group.min_group_size, step=step)
        return ui.message_html(text, "info")
    parts = [ui.message_html(_t("carry.source", wb.language, n=group.respondents, step=step), "info")]
    if group.synthetic:
        parts.append(ui.message_html(_t("carry.synthetic", wb.language, n=group.synthetic), "error"))
    return "".join(parts)


def capability_start(wb: Workbook, *, min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> ui.HTMLBlock:
    """The start of module 1's gathering day: the leader group's capability profile from the pre-work
    (1a) and its place in the 2×2 grid, with a prompt for the day. Hidden below ``min_group_size``."""
    group = leader_group(wb, "capabilities", min_group_size=min_group_size)
    language, inst = wb.language, group.instrument
    notice = _group_notice(wb, group, "1a")
    if not group.shown:
        return ui.HTMLBlock(notice)
    first = inst.perspective_ids[0]
    charts.dumbbell(
        group.profile,
        instrument=inst,
        language=language,
        title=_t("profile.heading", language, name=wb.municipality.display_name()),
        subtitle=_t("profile.respondents", language, n=group.respondents),
    )
    values = group.profile.set_index("dimension")[first]
    parts = [notice]
    if inst.grid is not None:
        x, y = values.get(inst.grid.x, np.nan), values.get(inst.grid.y, np.nan)
        if not (np.isnan(x) or np.isnan(y)):
            points = pd.DataFrame({"x": [x], "y": [y], "kind": ["municipality"]})
            charts.capability_grid(points, instrument=inst, language=language)
            quadrant = i18n.text(inst.grid.quadrant(x, y).label, language)
            parts.append(f"<p><b>{ui.escape(_t('carry.quadrant', language, quadrant=quadrant))}</b></p>")
    ranked = group.profile.dropna(subset=[first]).sort_values(first)
    if len(ranked):
        weakest, strongest = ranked.iloc[0]["label"], ranked.iloc[-1]["label"]
        prompt = _t("carry.capability_prompt", language, weakest=weakest, strongest=strongest)
        parts.append(f"<p>{ui.escape(prompt)}</p>")
    return ui.HTMLBlock("".join(parts))


def generation_gap_view(wb: Workbook, *, min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> ui.HTMLBlock:
    """The generation gap per dimension from the leader group's pre-work (3a): the generation today, the
    generation the ambition needs, and what the next generation means in that dimension."""
    group = leader_group(wb, "maturity", min_group_size=min_group_size)
    language, inst = wb.language, group.instrument
    notice = _group_notice(wb, group, "3a")
    if not group.shown:
        return ui.HTMLBlock(notice)
    gaps = generation_gaps(group.profile, inst, min_group_size=group.min_group_size)

    def num(value: float) -> str:
        return "–" if pd.isna(value) else i18n.format_number(value, decimals=1, language=language)

    rows = []
    for row in gaps.itertuples(index=False):
        if not row.shown or pd.isna(row.gap):
            rows.append([row.label, "–", "–", "–", _t("generation.hidden", language, k=group.min_group_size)])
            continue
        now, needed, gap = int(row.today_generation), int(row.ambition_generation), int(row.gap)
        if gap <= 0:
            step = _t("generation.none", language)
        else:
            level = inst.dimension(row.dimension).levels[now + 1]
            key = "generation.one" if gap == 1 else "generation.several"
            step = _t(key, language, gap=gap, next=now + 1, text=i18n.text(level, language))
        rows.append(
            [row.label, f"{now} ({num(row.today)})", f"{needed} ({num(row.ambition)})", str(gap), step]
        )
    columns = [_t(f"generation.{key}", language) for key in ("dimension", "today", "ambition", "gap", "step")]
    table = ui.table(
        columns, rows, caption=_t("generation.caption", language, name=wb.municipality.display_name())
    )
    note = f"<p style='color:#555'>{ui.escape(_t('generation.note', language))}</p>"
    return ui.HTMLBlock(notice + table.markup + note)


# --- gathering day: the leader group and the cohort --------------------------------------------------------


def _too_small(data: AssessmentData, municipality: str, language: str | None) -> ui.HTMLBlock | None:
    n = data.group_size(municipality)
    if n < data.min_group_size:
        return _banner(_t("profile.too_small", language, n=n, k=data.min_group_size))
    return None


def municipality_profile_view(wb: Workbook, data: AssessmentData) -> ui.HTMLBlock | None:
    """The leader group's profile against the cohort (only with at least ``min_group_size`` respondents)."""
    language, number = wb.language, wb.number
    blocked = _too_small(data, number, language)
    if blocked is not None:
        return blocked
    group = profile(data.group(number), data.instrument, language=language)
    bench = cohort_profile(
        data.scores(), data.instrument, min_group_size=data.min_group_size, language=language
    )
    charts.dumbbell(
        group,
        benchmark=bench,
        benchmark_label=data.label(language),
        instrument=data.instrument,
        language=language,
        title=_t("profile.heading", language, name=wb.municipality.display_name()),
        subtitle=_t("profile.respondents", language, n=data.group_size(number)),
    )
    return None


def agreement_view(wb: Workbook, data: AssessmentData) -> ui.HTMLBlock:
    """Where the leader group answers differently: a few prompts for conversation, never a verdict."""
    language, number = wb.language, wb.number
    blocked = _too_small(data, number, language)
    if blocked is not None:
        return blocked
    spread = agreement(data.group(number))
    prompts = agreement_prompts(spread, data.instrument, language=language)
    items = "".join(f"<li>{ui.escape(p)}</li>" for p in prompts)
    return ui.HTMLBlock(
        f"<h4>{ui.escape(_t('agreement.heading', language))}</h4><ul>{items}</ul>"
        f"<p style='color:#555'>{ui.escape(_t('agreement.note', language))}</p>"
    )


def benchmark_table(wb: Workbook, data: AssessmentData) -> ui.HTMLBlock:
    """Per group and dimension: you, the group mean, the middle half and your percentile (or why the
    group is not shown). Dimensions in the bank's order, groups from local to wide: no ranking."""
    language = wb.language
    bench = data.benchmark()

    def num(value: float, decimals: int = 1) -> str:
        return "–" if pd.isna(value) else i18n.format_number(value, decimals=decimals, language=language)

    rows = []
    for row in bench.for_municipality(wb.number, language=language).itertuples(index=False):
        if row.shown:
            middle = f"{num(row.p25)}–{num(row.p75)}"
            rows.append(
                [row.group_label, row.label, num(row.own), num(row.mean), middle, num(row.percentile, 0)]
            )
        else:
            reason = _t(f"reason.{row.reason}", language, k=data.min_group_size)
            hidden = f"{_t('benchmark.hidden', language)}: {reason}"
            rows.append([row.group_label, row.label, num(row.own), hidden, "", ""])
    columns = [
        _t(f"benchmark.{key}", language)
        for key in ("group", "dimension", "own", "mean", "middle", "percentile")
    ]
    perspective = data.instrument.perspective_label(bench.perspective, language).lower()
    caption = _t(
        "benchmark.caption",
        language,
        title=wb.text(data.instrument.title),
        name=wb.municipality.display_name(),
        perspective=perspective,
    )
    return ui.table(columns, rows, caption=caption)


def benchmark_chart(wb: Workbook, data: AssessmentData, group: str = "county") -> None:
    """The session's municipality in one group's distribution (static chart)."""
    bench = data.benchmark()
    charts.benchmark_distribution(
        bench.for_municipality(wb.number, language=wb.language),
        bench.distribution(wb.number, group),
        group=group,
        instrument=data.instrument,
        language=wb.language,
    )


def benchmark_explorer(wb: Workbook, data: AssessmentData) -> BenchmarkExplorer:
    """A widget to switch between county, size class, Digi-network and cohort."""
    return BenchmarkExplorer(wb, data.benchmark())


def cohort_heatmap(
    data: AssessmentData, *, perspective: str | None = None, language: str | None = None
) -> None:
    """Municipality × dimension for the cohort, hidden cells marked. A cohort of more than
    :data:`casekit.theme.MAX_MUNICIPALITY_ROWS` municipalities gets one row per county, so the chart
    still fits a screen."""
    bench = data.benchmark(perspective)
    rows = "county" if bench.municipalities > theme.MAX_MUNICIPALITY_ROWS else "municipality"
    charts.heatmap(bench.table(rows=rows, language=language), instrument=data.instrument, language=language)


def answer_distribution_view(wb: Workbook, data: AssessmentData, dimension: str) -> ui.HTMLBlock | None:
    """How the leader group answered each question in one dimension (only with enough respondents)."""
    number = wb.number
    blocked = _too_small(data, number, wb.language)
    if blocked is not None:
        return blocked
    resp = data.responses()
    group = resp.subset(resp.meta["municipality"] == number)
    perspective = data.instrument.perspective_ids[0]
    charts.diverging_bars(
        item_distribution(group, perspective, dimension=dimension),
        instrument=data.instrument,
        language=wb.language,
    )
    return None


def barriers_and_opportunities(wb: Workbook, data: AssessmentData) -> ui.HTMLBlock:
    """Starting points for the gathering-day discussion: the largest gaps between today and ambition, and
    the dimensions where the leader group sees itself furthest below the cohort."""
    language, number = wb.language, wb.number
    blocked = _too_small(data, number, language)
    if blocked is not None:
        return blocked
    inst = data.instrument
    group = profile(data.group(number), inst, language=language)
    cohort = cohort_profile(data.scores(), inst, min_group_size=data.min_group_size, language=language)
    first = inst.perspective_ids[0]
    lines = []
    if "gap" in group.columns:
        for row in group.dropna(subset=["gap"]).nlargest(3, "gap").itertuples(index=False):
            gap = ("+" if row.gap > 0 else "") + i18n.format_number(row.gap, decimals=1, language=language)
            lines.append(_t("discussion.gap", language, dimension=row.label, gap=gap))
    below = group[["dimension", "label", first]].merge(
        cohort[["dimension", first]], on="dimension", suffixes=("", "_c")
    )
    below["diff"] = below[first] - below[f"{first}_c"]
    for row in below.dropna(subset=["diff"]).nsmallest(2, "diff").itertuples(index=False):
        diff = i18n.format_number(abs(row.diff), decimals=1, language=language)
        lines.append(_t("discussion.below", language, dimension=row.label, diff=diff))
    items = "".join(f"<li>{ui.escape(line)}</li>" for line in lines)
    return ui.HTMLBlock(f"<h4>{ui.escape(_t('discussion.heading', language))}</h4><ul>{items}</ul>")


def largest_gap(wb: Workbook, data: AssessmentData) -> str:
    """The dimension where the leader group's gap is largest (the first dimension when there is none)."""
    group = profile(data.group(wb.number), data.instrument)
    if "gap" in group.columns and group["gap"].notna().any():
        return str(group.loc[group["gap"].idxmax(), "dimension"])
    return data.instrument.dimensions[0].id


def notes(wb: Workbook, topic: str) -> NotesForm:
    """A small form for the leader group's own notes (``barriers`` or ``roles``), saved to the store."""
    return NotesForm(wb, topic)


# --- competence ---------------------------------------------------------------------------------------------


def competence_matrix_view(wb: Workbook, data: AssessmentData) -> ui.HTMLBlock | None:
    """The leader group's gap matrix (person × area) with anonymous rows and the session's respondent
    first; only that respondent's row when the group is smaller than ``min_group_size``. With published
    figures the respondent's own row is their latest saved answer, published or not."""
    language, number, respondent = wb.language, wb.number, wb.respondent
    gaps = gaps_table(data.group(number), data.instrument, language=language)
    if data.published is not None and not data.sample and respondent:
        gaps = pd.concat([gaps[gaps["respondent"] != respondent], _own_gaps(wb, data.instrument)])
    note = None
    if data.group_size(number) < data.min_group_size:
        gaps = gaps[gaps["respondent"] == respondent]
        note = _too_small(data, number, language)
    if gaps.empty:
        return note or _banner(_t("profile.not_submitted", language))
    charts.competence_matrix(gaps, you=respondent or None, language=language)
    return note


def _own_gaps(wb: Workbook, inst: Instrument) -> pd.DataFrame:
    """The session's respondent's own gaps, from their latest final answers (empty when there are none)."""
    own = wb.store.latest(wb.respondent, inst.id, status="final")
    answers = own.answers if own is not None else {}
    mine = responses_from_answers(answers, inst, respondent=wb.respondent, municipality=wb.number)
    return gaps_table(score(mine), inst, language=wb.language)


def competence_profile_view(
    data: AssessmentData, municipality: str | None = None, *, language: str | None = None
) -> ui.HTMLBlock | None:
    """Current against required level per area: the leader group of ``municipality`` (with enough
    respondents) or, without a municipality, the whole cohort."""
    scores = data.scores()
    label = data.label(language)
    title = label[:1].upper() + label[1:]
    if municipality:
        me = municipalities.get(municipality)
        blocked = _too_small(data, me.number, language)
        if blocked is not None:
            return blocked
        scores = data.group(me.number)
        title = me.display_name()
    bench = cohort_profile(
        data.scores(), data.instrument, min_group_size=data.min_group_size, language=language
    )
    group = cohort_profile(scores, data.instrument, min_group_size=data.min_group_size, language=language)
    charts.dumbbell(
        group,
        benchmark=bench if municipality else None,
        benchmark_label=data.label(language),
        instrument=data.instrument,
        language=language,
        title=_t("profile.heading", language, name=title),
        subtitle=_t("profile.respondents", language, n=int(scores["respondent"].nunique())),
    )
    return None


def role_table(data: AssessmentData, *, language: str | None = None) -> ui.HTMLBlock:
    """Mean of the first perspective per role and dimension across the cohort; roles with fewer than
    ``min_group_size`` respondents are not shown."""
    inst = data.instrument
    scores = data.scores()
    first = inst.gap_perspectives()[0] if inst.gap_perspectives() else inst.perspective_ids[0]
    part = scores[scores["perspective"] == first].dropna(subset=["score"])
    columns = [_t("profile.dimension", language)]
    roles = []
    for role, group in part.groupby("role", sort=True):
        n = int(group["respondent"].nunique())
        key = f"assessment.role.{role}"
        name = i18n.t(key, language=language) if i18n.has(key, language) else str(role)
        if n >= data.min_group_size:
            roles.append((role, group))
            columns.append(f"{name} (n={n})")
    rows = []
    for dim in inst.dimensions:
        row = [i18n.text(dim.label, language)]
        for _role, group in roles:
            values = group.loc[group["dimension"] == dim.id, "score"]
            row.append(
                i18n.format_number(values.mean(), decimals=1, language=language) if len(values) else "–"
            )
        rows.append(row)
    caption = f"{i18n.text(inst.title, language)}: {inst.perspective_label(first, language).lower()}"
    return ui.table(columns, rows, caption=caption)


# --- trainer ------------------------------------------------------------------------------------------------


def response_overview(data: AssessmentData, *, language: str | None = None) -> ui.HTMLBlock:
    """Respondents per municipality and whether the municipality reaches the minimum group size."""
    meta = data.responses().meta
    counts = meta.groupby("municipality")["respondent"].nunique().sort_index()
    rows = []
    for number, n in counts.items():
        try:
            name = municipalities.get(str(number)).display_name()
        except MunicipalityError:
            name = str(number)
        shown = _t("report.shown_yes" if n >= data.min_group_size else "report.shown_no", language)
        rows.append([name, int(n), shown])
    columns = [_t(f"report.{key}", language) for key in ("municipality", "count", "shown")]
    return ui.table(columns, rows, caption=_t("report.respondents", language))


def reliability_view(data: AssessmentData, *, language: str | None = None) -> ui.HTMLBlock:
    """Cronbach's alpha and the weakest item per dimension, for the trainer."""
    table = reliability(data.responses()).table(data.instrument, language=language)
    note = f"<p style='color:#555'>{ui.escape(_t('reliability.note', language))}</p>"
    return ui.HTMLBlock(str(table) + note)


def close_charts() -> None:
    """Close pyplot figures already shown (keeps memory low in long trainer notebooks)."""
    import matplotlib.pyplot as plt

    plt.close("all")


__all__ = [
    "AssessmentData",
    "agreement_view",
    "answer_distribution_view",
    "assessment_data",
    "barriers_and_opportunities",
    "benchmark_chart",
    "benchmark_explorer",
    "benchmark_table",
    "capability_start",
    "close_charts",
    "cohort_data",
    "cohort_heatmap",
    "competence_matrix_view",
    "competence_profile_view",
    "generation_gap_view",
    "largest_gap",
    "leader_group",
    "level_guide",
    "municipality_profile_view",
    "my_profile",
    "notes",
    "questionnaire",
    "reliability_view",
    "response_overview",
    "role_table",
]
