"""The strategy builder: targets per maturity dimension, 3–7 initiatives anchored in the municipality's
plans, and the one-page strategy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w
from IPython.display import display

from ... import ui
from .. import charts
from ..model import DIMENSIONS, SCALE, dimension_label
from ..onepage import export_one_page
from ..strategy import (
    ambition_table,
    default_targets,
    empty_profile,
    load_strategy,
    make_strategy,
    protect,
    save_strategy,
)
from ..tracker import initiatives

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ...session import Workbook


def _field(kind: type[w.Widget], label: str, width: str, **kwargs: Any) -> w.Widget:
    """A field of a link row with its own visible label (tied to it for screen readers)."""
    return kind(
        description=label, style={"description_width": "initial"}, layout=w.Layout(width=width), **kwargs
    )


class LinkRow(w.VBox):
    """Where one chosen initiative sits in the plans: the social-element goal, the action in the action part,
    the budget and its year, and its benefit and benefit owner. Every change is written into ``link`` (a
    dict the builder keeps)."""

    def __init__(self, title: str, link: dict[str, Any], t: Callable[[str], str]) -> None:
        super().__init__()
        self.link = link
        year = link["year"] or dt.date.today().year + 1
        self.fields = {
            "samfunnsdel": _field(w.Text, t("samfunnsdel_placeholder"), "48%", value=link["samfunnsdel"]),
            "handlingsplan": _field(
                w.Text, t("handlingsplan_placeholder"), "48%", value=link["handlingsplan"]
            ),
            "budget": _field(
                w.BoundedIntText, t("budget_label"), "30%", value=link["budget"] or 0, min=0, max=10**10
            ),
            "year": _field(w.BoundedIntText, t("year_label"), "20%", value=year, min=2000, max=2100),
            "benefit": _field(w.Text, t("benefit_placeholder"), "60%", value=link.get("benefit", "")),
            "benefit_owner": _field(
                w.Text, t("benefit_owner_placeholder"), "36%", value=link.get("benefit_owner", "")
            ),
        }
        for widget in self.fields.values():
            widget.observe(self.keep, names="value")
        self.keep()
        inputs = w.HBox(list(self.fields.values()), layout=w.Layout(flex_flow="row wrap"))
        self.children = [w.HTML(f"<b>{ui.escape(title)}</b>"), inputs]

    def keep(self, _change: Any = None) -> None:
        """Write the inputs into the link (a budget of 0 means none)."""
        f = self.fields
        self.link.update(
            samfunnsdel=f["samfunnsdel"].value,
            handlingsplan=f["handlingsplan"].value,
            budget=f["budget"].value or None,
            year=f["year"].value,
            benefit=f["benefit"].value,
            benefit_owner=f["benefit_owner"].value,
        )


class StrategyBuilder(ui.View):
    """Set a target per maturity dimension, choose 3–7 initiatives, anchor each in the master plan's
    community part and the action plan with budget, then save and export the one-page strategy (into
    ``export_folder``). ``profile`` is the municipality's maturity profile (an empty one when None)."""

    css_class = "casekit-strategy-builder"
    messages = "planning.builder"

    def __init__(
        self, wb: Workbook, profile: pd.DataFrame | None = None, *, export_folder: str = "strategy"
    ) -> None:
        super().__init__(wb)
        self.export_folder = export_folder
        self.profile = protect(profile) if profile is not None else empty_profile(self.language)
        self.saved = load_strategy(wb.store, wb.number)
        self.frame = initiatives(wb.store, wb.number)
        self.links: dict[str, dict[str, Any]] = {
            i: dict(link.__dict__) for i, link in (self.saved.links.items() if self.saved else [])
        }
        self.state: dict[str, Any] = {"paths": None, "strategy": None}
        self._controls()
        self.chart, self.preview, self.link_box = w.Output(), w.Output(), w.VBox()
        for slider in self.sliders.values():
            self.on_change(slider, self.redraw)
        self.chosen.observe(self.rebuild, names="value")
        self.children = self._layout()
        self.rebuild()
        ui.guard(self.feedback)(self.redraw)()

    def _controls(self) -> None:
        saved, language = self.saved, self.language
        self.statement = w.Textarea(
            value=saved.statement if saved else "", layout=w.Layout(width="95%", height="90px")
        )
        self.owner = w.Text(value=saved.owner if saved else "", layout=w.Layout(width="60%"))
        self.sustainability = w.Textarea(
            value=saved.sustainability if saved else "", layout=w.Layout(width="95%", height="70px")
        )
        targets = dict(saved.targets) if saved else default_targets(self.profile)
        self.sliders = {
            d: w.FloatSlider(
                value=targets[d],
                min=SCALE[0],
                max=SCALE[1],
                step=0.5,
                description=dimension_label(d, language),
                style={"description_width": "260px"},
                layout=w.Layout(width="600px"),
            )
            for d in DIMENSIONS
        }
        live = self.frame[self.frame["status"] != "stopped"]
        options = [(row.label, row.id) for row in live.itertuples(index=False)]
        offered = {ident for _, ident in options}
        self.chosen = w.SelectMultiple(
            options=options,
            value=tuple(i for i in (saved.initiatives if saved else ()) if i in offered),
            rows=min(10, max(4, len(options))),
            layout=w.Layout(width="520px"),
        )
        self.save_button = self.on_click(
            w.Button(
                description=self.t("save"), button_style="primary", icon="save", layout=w.Layout(width="auto")
            ),
            self.save,
        )

    def _layout(self) -> list[w.Widget]:
        return [
            ui.labelled(self.statement, self.t("statement"), self.t("statement_help")),
            ui.labelled(self.owner, self.t("owner")),
            ui.labelled(self.sustainability, self.t("sustainability"), self.t("sustainability_help")),
            ui.labelled(w.VBox(list(self.sliders.values())), self.t("targets"), self.t("targets_help")),
            self.chart,
            ui.labelled(self.chosen, self.t("initiatives"), self.t("initiatives_help")),
            self.link_box,
            self.save_button,
            self.feedback,
            self.preview,
        ]

    def targets(self) -> dict[str, float]:
        """The target chosen per dimension."""
        return {d: s.value for d, s in self.sliders.items()}

    def rebuild(self, _change: Any = None) -> None:
        """One plan-link row per chosen initiative (a link typed earlier comes back)."""
        labels = dict(zip(self.frame["id"], self.frame["label"]))
        blank = {
            "samfunnsdel": "",
            "handlingsplan": "",
            "budget": None,
            "year": None,
            "benefit": "",
            "benefit_owner": "",
        }
        rows = [
            LinkRow(labels.get(i, i), self.links.setdefault(i, dict(blank)), self.t)
            for i in self.chosen.value
        ]
        self.link_box.children = [w.HTML(f"<i>{ui.escape(self.t('links_help'))}</i>"), *rows]

    def redraw(self, _change: Any = None) -> None:
        """Draw today, the pre-work ambition and the chosen targets."""
        table = ambition_table(self.profile, self.targets(), language=self.language)
        ui.show_figure(self.chart, charts.ambition_chart(table, language=self.language))

    def save(self, _button: Any = None) -> None:
        """Check and save the strategy, export the one-page files and show the page."""
        wb, chosen = self.wb, list(self.chosen.value)
        plan = make_strategy(
            wb.municipality,
            self.statement.value,
            self.targets(),
            chosen,
            {i: self.links[i] for i in chosen if i in self.links},
            owner=self.owner.value,
            known=self.frame["id"].tolist(),
            sustainability=self.sustainability.value,
        )
        save_strategy(wb.store, plan, respondent=wb.respondent)
        paths = export_one_page(self.export_folder, plan, self.frame, self.profile, language=self.language)
        self.state["paths"], self.state["strategy"] = paths, plan
        self.feedback.ok(
            self.t(
                "saved", html=paths["html"].name, markdown=paths["markdown"].name, folder=self.export_folder
            )
        )
        self.show_page(paths["html"].read_text(encoding="utf-8"))

    def show_page(self, page: str) -> None:
        """The one-page strategy in a frame where no script runs."""
        self.preview.clear_output(wait=True)
        with self.preview:
            display(ui.page_frame(self.t("preview"), page))
