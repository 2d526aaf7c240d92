"""Sample content for demonstrations and pre-filled workbooks: a leader group's first initiatives.

The sample is saved in two sessions, the gathering day (``1b``) and the follow-up (``1c``), so the
progress view has something to compare. It is only written for a municipality with no initiatives.

Several kernels may pre-fill the same municipality at once (the demo runs every language in parallel).
:func:`once` lets exactly one of them write: each claims the job with an append-only submission, the
earliest claim wins, and the others wait until the winner says it is done. So a demonstration never ends
up with the sample saved twice in two languages.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..store import Store, open_store
from .competence import load_plan, save_plan, suggest_plan
from .strategy import default_targets, empty_profile, load_strategy, make_strategy, save_strategy
from .tracker import initiatives, save_initiative

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

_TEXTS: dict[str, dict[str, Any]] = {
    "family-team": {
        "title": {
            "nb": "Tverrfaglig team for småbarnsfamilier",
            "en": "Cross-functional team for young families",
        },
        "goal": {
            "nb": "Foreldre får ett kontaktpunkt fra fødsel til barnehagestart.",
            "en": "Parents get one point of contact from birth until the child starts kindergarten.",
        },
        "measures": {
            "nb": ["Kartlegge reisen sammen med foreldre", "Pilotteam i én bydel", "Felles saksoversikt"],
            "en": ["Map the journey with parents", "Pilot team in one district", "Shared case overview"],
        },
        "owner": {"nb": "Kommunalsjef oppvekst", "en": "Head of childhood and education"},
        "evidence": {
            "nb": "Piloten startet med fem familier.",
            "en": "The pilot started with five families.",
        },
    },
    "integration-platform": {
        "title": {"nb": "Felles integrasjonsplattform", "en": "Shared integration platform"},
        "goal": {
            "nb": "Fagsystemene kobles gjennom én plattform i stedet for punkt-til-punkt.",
            "en": "Core systems connect through one platform instead of point to point.",
        },
        "measures": {
            "nb": ["Oversikt over alle integrasjoner", "Felles anskaffelse i Digi-nettverket"],
            "en": ["Inventory of all integrations", "Joint procurement in the Digi-network"],
        },
        "owner": {"nb": "IKT-sjef", "en": "Head of IT"},
        "evidence": {"nb": "", "en": ""},
    },
    "leader-competence": {
        "title": {"nb": "Ledergruppens kompetanseløft", "en": "Leader group's competence boost"},
        "goal": {
            "nb": "Alle i ledergruppen har en personlig utviklingsplan innen digital ledelse.",
            "en": "Everyone in the leader group has a personal development plan in digital leadership.",
        },
        "measures": {
            "nb": ["Masterclass for ledergruppen", "Sertifisering for to ledere"],
            "en": ["Masterclass for the leader group", "Certification for two leaders"],
        },
        "owner": {"nb": "Kommunedirektør", "en": "Municipal director"},
        "evidence": {"nb": "Alle planene er lagret.", "en": "All plans are saved."},
    },
    "building-dialogue": {
        "title": {"nb": "Digital dialog i byggesak", "en": "Digital dialogue in building permits"},
        "goal": {
            "nb": "Søkere følger saken sin digitalt og får svar innen tre uker.",
            "en": "Applicants follow their case online and get an answer within three weeks.",
        },
        "measures": {
            "nb": ["Ta i bruk nasjonale byggesakstjenester", "Statusmeldinger via KS Fiks"],
            "en": ["Use the national building services", "Status messages through KS Fiks"],
        },
        "owner": {"nb": "Kommunalsjef teknisk", "en": "Head of technical services"},
        "evidence": {"nb": "", "en": ""},
    },
    "welfare-technology": {
        "title": {"nb": "Velferdsteknologi i hjemmetjenesten", "en": "Welfare technology in home care"},
        "goal": {
            "nb": "Digitalt tilsyn for 50 flere brukere, så nattbesøk brukes der de trengs.",
            "en": "Digital supervision for 50 more users, so night visits go where they are needed.",
        },
        "measures": {
            "nb": ["Kartlegge brukere", "Opplæring av ansatte", "Evaluere etter seks måneder"],
            "en": ["Assess users", "Train staff", "Evaluate after six months"],
        },
        "owner": {"nb": "Kommunalsjef helse og omsorg", "en": "Head of health and care"},
        "evidence": {"nb": "42 brukere har digitalt tilsyn.", "en": "42 users have digital supervision."},
    },
}

#: (id, fields at 1b, changes at 1c); start and due are days from today
_PLAN: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "family-team",
        {
            "sectors": ["health_care", "education", "finance"],
            "horizon": "short",
            "impact": 4,
            "effort": 3,
            "status": "idea",
            "dimensions": ["organisation", "services"],
        },
        {"status": "in_progress", "start": -60, "due": 300},
    ),
    (
        "integration-platform",
        {
            "sectors": [],
            "horizon": "long",
            "impact": 4,
            "effort": 5,
            "status": "idea",
            "dimensions": ["technology", "data"],
        },
        {"status": "planned", "start": 30, "due": 900},
    ),
    (
        "leader-competence",
        {
            "sectors": [],
            "horizon": "short",
            "impact": 3,
            "effort": 2,
            "status": "planned",
            "dimensions": ["leadership", "competence"],
        },
        {"status": "implemented"},
    ),
    (
        "building-dialogue",
        {
            "sectors": ["technical"],
            "horizon": "short",
            "impact": 4,
            "effort": 2,
            "status": "idea",
            "dimensions": ["services"],
        },
        {},
    ),
    (
        "welfare-technology",
        {
            "sectors": ["health_care"],
            "horizon": "short",
            "impact": 5,
            "effort": 3,
            "status": "in_progress",
            "dimensions": ["services", "technology"],
            "start": -420,
            "due": -60,
        },
        {"status": "evaluated"},
    ),
]


def _dates(fields: dict[str, Any], today: dt.date) -> dict[str, Any]:
    return {
        k: (today + dt.timedelta(days=v)).isoformat() if k in ("start", "due") else v
        for k, v in fields.items()
    }


def sample_initiatives(
    language: str | None = None, *, today: dt.date | None = None
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The sample as (first version, later changes) pairs of initiative fields in ``language``, with
    dates around ``today``."""
    today = today or dt.date.today()
    out = []
    for ident, first, later in _PLAN:
        texts = {k: i18n.text(v, language) if isinstance(v, dict) else v for k, v in _TEXTS[ident].items()}
        base = {
            "id": ident,
            "title": texts["title"],
            "goal": texts["goal"],
            "measures": texts["measures"],
            "owner": texts["owner"],
            **_dates(first, today),
        }
        changes = _dates(later, today)
        if later.get("status") in ("in_progress", "implemented", "evaluated") and texts["evidence"]:
            changes["evidence"] = texts["evidence"]
        if later.get("status") == "evaluated":
            changes["evaluation"] = i18n.t("planning.sample.evaluation", language=language)
        out.append((base, changes))
    return out


CLAIM_WAIT_SECONDS = 60.0


def once(store: Store, municipality: str, respondent: str, job: str, write: Callable[[], Any]) -> bool:
    """Run ``write`` for (municipality, job) in one kernel only; returns whether this kernel ran it.

    The claim and the done note are submissions of instrument ``prefill:<job>`` (``meta.prefill`` set),
    so they are ordinary append-only history and never touch the participants' answers.
    """
    instrument = f"prefill:{job}"
    mine = store.save(
        respondent,
        instrument,
        {"step": "claim"},
        status="final",
        municipality=municipality,
        meta={"prefill": True},
    )

    def steps(step: str) -> list[Any]:
        return [
            s
            for s in store.submissions(instrument, municipality=municipality, latest=False)
            if s.answers.get("step") == step
        ]

    if steps("claim")[0].id == mine.id:
        write()
        store.save(
            respondent,
            instrument,
            {"step": "done"},
            status="final",
            municipality=municipality,
            meta={"prefill": True},
        )
        return True
    deadline = time.monotonic() + CLAIM_WAIT_SECONDS
    while not steps("done") and time.monotonic() < deadline:
        time.sleep(0.2)
    return False


def prefill_initiatives(
    store: Store | str | None, municipality: str, respondent: str, *, language: str | None = None
) -> int:
    """Save the sample (sessions ``1b`` and ``1c``) when the municipality has no initiatives; returns how
    many saves were made (0 when something was already there)."""
    st = open_store(store)
    if not initiatives(st, municipality).empty:
        return 0
    pairs = sample_initiatives(language)
    saved: list[Any] = []

    def write() -> None:
        for first, _ in pairs:
            saved.append(
                save_initiative(st, first, respondent=respondent, municipality=municipality, session="1b")
            )
        for first, changes in pairs:
            if changes:
                saved.append(
                    save_initiative(
                        st,
                        {**first, **changes},
                        respondent=respondent,
                        municipality=municipality,
                        session="1c",
                    )
                )

    once(st, municipality, respondent, "initiatives", write)
    return len(saved)


def prefill_strategy(
    store: Store | str | None,
    municipality: str,
    respondent: str,
    profile: Any = None,
    *,
    language: str | None = None,
) -> bool:
    """Save a sample one-page strategy (targets from the profile, the first three to five initiatives
    still running, each anchored in the plan) when the municipality has none; returns whether it saved."""
    st = open_store(store)
    if load_strategy(st, municipality) is not None:
        return False
    frame = initiatives(st, municipality)
    chosen = frame.loc[frame["status"] != "stopped", "id"].tolist()[:5]
    if len(chosen) < 3:
        return False
    year = dt.date.today().year + 1
    links = {
        ident: {
            "samfunnsdel": i18n.t("planning.sample.samfunnsdel", language=language),
            "handlingsplan": i18n.t("planning.sample.handlingsplan", language=language, number=n),
            "budget": 250_000 * n,
            "year": year,
            "benefit": i18n.t("planning.sample.benefit", language=language),
            "benefit_owner": i18n.t("planning.sample.benefit_owner", language=language),
        }
        for n, ident in enumerate(chosen, start=1)
    }
    plan = make_strategy(
        municipality,
        i18n.t("planning.sample.statement", language=language),
        default_targets(profile if profile is not None else empty_profile(language)),
        chosen,
        links,
        owner=i18n.t("planning.sample.owner", language=language),
        sustainability=i18n.t("planning.sample.sustainability", language=language),
    )
    return once(
        st, municipality, respondent, "strategy", lambda: save_strategy(st, plan, respondent=respondent)
    )


def prefill_plan(
    store: Store | str | None,
    municipality: str,
    respondent: str,
    gaps: pd.DataFrame,
    *,
    language: str | None = None,
) -> bool:
    """Save the suggested development plan (:func:`~casekit.planning.competence.suggest_plan`) as a start
    when the member has no plan yet and has gaps; returns whether it saved."""
    st = open_store(store)
    suggestion = suggest_plan(gaps, respondent=respondent, language=language)
    if load_plan(st, respondent)[0] or suggestion.empty:
        return False
    actions = {r.area: {"what": r.what, "how": r.how, "by": r.by} for r in suggestion.itertuples(index=False)}
    reflection = i18n.t("planning.sample.reflection", language=language)
    return once(
        st,
        municipality,
        respondent,
        f"competence_plan:{respondent}",
        lambda: save_plan(st, respondent, actions, municipality=municipality, reflection=reflection),
    )
