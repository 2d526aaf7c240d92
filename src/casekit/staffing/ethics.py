"""Ethics and law around AI staffing: the approval checklist, questions for vendors and the sources.

Forecasting the *aggregate* demand for care is planning. Rostering *named people* decides their working
lives, which is why it comes close to the EU AI Act's high-risk category for worker management (Annex III
point 4) and why the Working Environment Act already puts people in the loop: a work plan is discussed with
the employees' elected representatives (arbeidsmiljøloven § 10-3). A plan is approved by a person, after
the checklist below, never by the tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import i18n, ui
from ..errors import StaffingError

#: The checklist a leader completes before approving a roster; texts are in the catalogue.
CHECKLIST = (
    "union",
    "rules",
    "bias",
    "transparency",
    "human",
    "uncertainty",
    "data",
)

VENDOR_QUESTIONS = (
    "data",
    "accuracy",
    "baseline",
    "explain",
    "rules",
    "override",
    "bias",
    "ai_act",
    "exit",
)

#: Sources cited in the ethics section (title, address).
SOURCES: tuple[tuple[str, str], ...] = (
    (
        "Regulation (EU) 2024/1689 (AI Act): Articles 4, 5, 6, 14, 26, 27 and 113 (dates of application), "
        "Annex III point 4",
        "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
    ),
    (
        "Council of the EU: final approval of the Digital Omnibus on AI ('Omnibus VII'), press release of "
        "29 June 2026; check publication in the Official Journal on EUR-Lex",
        "https://www.consilium.europa.eu/en/press/press-releases/",
    ),
    (
        "Digitaliserings- og forvaltningsdepartementet: consultation on a draft Act on artificial "
        "intelligence (KI-loven), 30 June 2025, deadline 30 September 2025 (Advokatforeningen's response)",
        "https://www.advokatforeningen.no/horingsuttalelser/2025/september/forslag-til-ny-lov-om-kunstig-intelligens",
    ),
    (
        "Legeforeningen: Høring – utkast til ny lov om kunstig intelligens (2025): the AI Act is "
        "EEA-relevant but not yet part of the EEA Agreement",
        "https://www.legeforeningen.no/hoeringer/interne/2025/hoering-utkast-til-ny-lov-om-kunstig-intelligens-"
        "gjennomforing-av-eus-forordningen-om-kunstig-intelligens-i-norsk-rett/hoeringsgrunnlag",
    ),
    (
        "Nkom: Nkom får hovedansvar for nye lover om digitale tjenester og KI (2025)",
        "https://nkom.no/aktuelt/nkom-far-hovedansvar-for-nye-lover-om-digitale-tjenester-og-ki",
    ),
    (
        "Arbeidsmiljøloven (LOV-2005-06-17-62), chapter 10: §§ 10-3, 10-4, 10-5, 10-6, 10-8",
        "https://lovdata.no/lov/2005-06-17-62",
    ),
    ("Personvernforordningen (GDPR) Articles 5, 13, 22 and 88", "https://lovdata.no/lov/2018-06-15-38"),
    ("KS Hovedtariffavtalen, chapter 1 §§ 4–6", "https://www.ks.no/fagomrader/lonn-og-tariff/"),
    (
        "KS Hovedavtalen, del B (information and discussion with elected representatives)",
        "https://www.ks.no/",
    ),
    ("Datatilsynet: Kunstig intelligens og personvern", "https://www.datatilsynet.no/"),
)


def checklist(language: str | None = None) -> list[tuple[str, str, str]]:
    """The checklist items as (key, question, why it matters)."""
    return [
        (
            key,
            i18n.t(f"staffing.checklist.{key}.question", language=language),
            i18n.t(f"staffing.checklist.{key}.why", language=language),
        )
        for key in CHECKLIST
    ]


def vendor_questions(language: str | None = None) -> list[str]:
    """Questions to ask a vendor of an AI staffing or rostering tool."""
    return [i18n.t(f"staffing.vendor.{key}", language=language) for key in VENDOR_QUESTIONS]


@dataclass(frozen=True)
class Approval:
    """A recorded approval: who approved, what they confirmed and the roster's rule violations (0)."""

    approver: str
    answers: dict[str, bool]
    violations: int

    def summary(self, language: str | None = None) -> str:
        return i18n.t(
            "staffing.approval.approved",
            language=language,
            approver=self.approver,
            items=len(self.answers),
        )


def approve(answers: Mapping[str, Any], approver: str, *, violations: int = 0) -> Approval:
    """Approve a plan. Every checklist item must be answered *yes*, a named person must approve and the
    roster must break no hard rule; otherwise a StaffingError says what is missing."""
    unknown = sorted(set(answers) - set(CHECKLIST))
    if unknown:
        raise StaffingError(
            "staffing.error.unknown_checklist", value=", ".join(unknown), choices=", ".join(CHECKLIST)
        )
    missing = [key for key in CHECKLIST if answers.get(key) is not True]
    if missing:
        names = "; ".join(i18n.t(f"staffing.checklist.{key}.short") for key in missing)
        raise StaffingError("staffing.error.checklist_incomplete", count=len(missing), items=names)
    if not isinstance(approver, str) or not approver.strip():
        raise StaffingError("staffing.error.no_approver")
    if violations:
        raise StaffingError("staffing.error.violations", count=violations)
    return Approval(approver.strip(), {key: True for key in CHECKLIST}, violations)


def sources_table(language: str | None = None) -> ui.HTMLBlock:
    """The sources of the ethics section as a table."""
    return ui.table(
        [
            i18n.t("staffing.ethics.source", language=language),
            i18n.t("staffing.ethics.address", language=language),
        ],
        SOURCES,
        caption=i18n.t("staffing.ethics.sources_caption", language=language),
    )
