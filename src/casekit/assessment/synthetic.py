"""Deterministic synthetic answers: an Agder cohort and a national sample, flagged as synthetic.

The model is simple and stated openly so nobody mistakes it for real data:

* each municipality has a latent maturity that rises with the logarithm of its population (larger
  municipalities are somewhat more mature on average), plus noise;
* each respondent varies around their municipality; every dimension shares that respondent level, which
  makes the dimensions correlate (about 0.5–0.7), and has its own offset and noise;
* items round a dimension's value plus noise onto the 1–5 scale; the ambition lies above today, more so
  where today is low; a few answers are "don't know", "not relevant" or blank;
* digital leads know the technology and data dimensions better (fewer "don't know") and rate their own
  data and sourcing competence higher.

The same seed gives the same bytes (``casekit datasets build --check``). Respondent ids are
``<kommunenummer>-r<NN>``.
"""

from __future__ import annotations

import functools
import zlib
from typing import Any

import numpy as np
import pandas as pd

from .. import data
from .. import municipalities as register
from ..errors import DatasetError
from ..store import Store, open_store
from .model import SHIPPED, Instrument, load_instrument

ROLES = ("director", "head_of_sector", "staff_lead", "digital_lead")
GENERATOR = "casekit.assessment.synthetic:generate"
#: Cohorts: which municipalities, how many respondents each, and the dataset that holds them.
COHORTS: dict[str, dict[str, Any]] = {
    "agder": {"county": "42", "min": 4, "max": 12, "base": 7.0, "dataset": "assessment_synthetic_agder"},
    "national": {
        "county": None,
        "min": 3,
        "max": 12,
        "base": 6.6,
        "dataset": "assessment_synthetic_national",
    },
}
ANSWER_VALUES = ["1", "2", "3", "4", "5", "dont_know", "not_relevant"]

# Offsets per dimension (relative to the respondent's level) and the extra "don't know" rate for
# respondents who are not digital leads.
_MATURITY = {
    "strategy": (0.10, 0.00),
    "leadership": (0.20, 0.00),
    "organisation": (-0.20, 0.01),
    "services": (0.00, 0.01),
    "data": (-0.35, 0.06),
    "technology": (0.10, 0.07),
    "competence": (-0.15, 0.01),
}
_CAPABILITIES = {
    "sensing": (0.15, 0.00),
    "seizing": (-0.20, 0.01),
    "transforming": (-0.30, 0.01),
    "digital": (0.05, 0.02),
    "leadership": (0.10, 0.00),
}
# Competence: (required offset, current offset); the digital lead's own strengths.
_COMPETENCE = {
    "mindset": (0.30, 0.20),
    "data": (0.20, -0.30),
    "services": (0.20, 0.00),
    "change": (0.40, 0.30),
    "benefits": (0.30, -0.20),
    "security": (0.10, -0.10),
    "collaboration": (0.00, 0.40),
    "sourcing": (-0.20, -0.40),
}
_DIGITAL_LEAD_STRENGTHS = {"data", "security", "sourcing", "technology"}


def _size_effect(population: int) -> float:
    """0 at about 8 000 inhabitants, −1.3 at 1 000, +1.7 at 80 000."""
    return (float(np.log10(max(population, 100))) - 3.9) / 0.6


def _municipalities(cohort: str) -> list[Any]:
    spec = _cohort(cohort)
    found = register.in_county(spec["county"]) if spec["county"] else register.all()
    return sorted(found, key=lambda m: m.number)


def _cohort(cohort: str) -> dict[str, Any]:
    if cohort not in COHORTS:
        raise DatasetError("assessment.error.unknown_cohort", name=cohort, choices=", ".join(COHORTS))
    return COHORTS[cohort]


def answer_columns(instruments: tuple[str, ...] = SHIPPED) -> list[str]:
    """``maturity.ST1.today`` … : one column per instrument and answer key."""
    return [f"{name}.{k}" for name in instruments for k in load_instrument(name).answer_keys()]


def _code(value: float, rng: np.random.Generator, dk_rate: float, na_rate: float, blank_rate: float) -> str:
    draw = rng.random()
    if draw < blank_rate:
        return ""
    if draw < blank_rate + na_rate:
        return "not_relevant"
    if draw < blank_rate + na_rate + dk_rate:
        return "dont_know"
    return str(_level(value))


def _level(value: float) -> int:
    """A latent value rounded onto the 1–5 scale."""
    return min(5, max(1, round(value)))


def _respondent(
    rng: np.random.Generator,
    level: float,
    role: str,
    size: float,
    item_offsets: dict[str, float],
    banks: tuple[Instrument, ...],
    *,
    missing: bool = True,
) -> dict[str, str]:
    """One respondent's answers to all three instruments, as text codes keyed by column name."""
    rates = (1.0 if missing else 0.0, 0.01 if missing else 0.0, 0.01 if missing else 0.0)
    out: dict[str, str] = {}
    maturity, capabilities, competence = banks
    for dim in maturity.dimensions:
        offset, extra_dk = _MATURITY[dim.id]
        lead = role == "digital_lead" and dim.id in _DIGITAL_LEAD_STRENGTHS
        value = level + offset + (0.2 if lead else 0.0) + rng.normal(0, 0.35)
        gap = max(0.2, 0.9 + 0.25 * (3.0 - value) + rng.normal(0, 0.3))
        dk = (0.03 + (0.0 if lead else extra_dk)) * rates[0]
        for item in dim.items:
            noise = item_offsets[item.id] + rng.normal(0, 0.55)
            today = _code(value + noise, rng, dk, rates[1], rates[2])
            if today in ("dont_know", "not_relevant"):
                ambition = today if rng.random() < 0.6 else str(_level(value + gap))
            else:
                ambition = _code(
                    value + noise + gap + rng.normal(0, 0.3), rng, 0.01 * rates[0], 0.0, rates[2]
                )
                if ambition.isdigit() and today.isdigit():
                    ambition = str(max(int(ambition), int(today)))
            out[f"maturity.{item.id}.today"] = today
            out[f"maturity.{item.id}.ambition"] = ambition
    for dim in capabilities.dimensions:
        offset, extra_dk = _CAPABILITIES[dim.id]
        size_bonus = 0.1 * size if dim.id == "digital" else 0.0
        value = level + offset + size_bonus + rng.normal(0, 0.4)
        dk = (0.02 + extra_dk) * rates[0]
        for item in dim.items:
            noise = item_offsets[item.id] + rng.normal(0, 0.55)
            out[f"capabilities.{item.id}.today"] = _code(value + noise, rng, dk, rates[1] / 2, rates[2])
    for dim in competence.dimensions:
        required_offset, current_offset = _COMPETENCE[dim.id]
        lead = role == "digital_lead" and dim.id in _DIGITAL_LEAD_STRENGTHS
        director = role == "director" and dim.id in {"mindset", "change", "benefits"}
        required = 3.4 + required_offset + (0.3 if director else 0.0) + rng.normal(0, 0.6)
        current = 2.4 + 0.55 * (level - 2.45) + current_offset + (0.8 if lead else 0.0) + rng.normal(0, 0.65)
        for item in dim.items:
            out[f"competence.{item.id}.required"] = _code(required, rng, 0.02 * rates[0], 0.0, rates[2])
            out[f"competence.{item.id}.current"] = _code(current, rng, 0.0, 0.0, rates[2])
    return out


def _item_offsets(rng: np.random.Generator) -> dict[str, float]:
    offsets = {}
    for name in SHIPPED:
        for item in load_instrument(name).items:
            offsets[item.id] = float(rng.normal(0, 0.2))
    return offsets


def generate(seed: int, cohort: str = "agder") -> pd.DataFrame:
    """The synthetic cohort as one row per respondent and one column per answer (text codes; blank where
    the respondent skipped the item)."""
    spec = _cohort(cohort)
    rng = np.random.default_rng(seed)
    item_offsets = _item_offsets(rng)
    banks = tuple(load_instrument(name) for name in SHIPPED)
    rows = []
    for m in _municipalities(cohort):
        size = _size_effect(m.population)
        municipal_level = 2.45 + 0.28 * size + rng.normal(0, 0.3)
        n = int(np.clip(np.rint(spec["base"] + 1.6 * size + rng.normal(0, 1.6)), spec["min"], spec["max"]))
        for i in range(1, n + 1):
            if i == 1:
                role = "director"
            elif i == 2 and n >= 5:
                role = "digital_lead"
            else:
                role = "head_of_sector" if rng.random() < 0.7 else "staff_lead"
            level = municipal_level + rng.normal(0, 0.35)
            answers = _respondent(rng, level, role, size, item_offsets, banks)
            rows.append(
                {"respondent": f"{m.number}-r{i:02d}", "municipality": m.number, "role": role, **answers}
            )
    columns = ["respondent", "municipality", "role", *answer_columns()]
    return pd.DataFrame(rows, columns=columns)


def table_schema() -> dict[str, Any]:
    """The Table Schema of a synthetic cohort file (kept in ``datasets/datapackage.json``)."""
    fields: list[dict[str, Any]] = [
        {
            "name": "respondent",
            "type": "string",
            "constraints": {"required": True, "unique": True, "pattern": r"\d{4}-r\d{2}"},
            "description": {
                "nb": "Anonym respondent-id: kommunenummer-rNN",
                "en": "Opaque respondent id: municipality-rNN",
                "nn": "Anonym respondent-id: kommunenummer-rNN",
            },
        },
        {
            "name": "municipality",
            "type": "string",
            "constraints": {"required": True, "pattern": r"\d{4}"},
            "description": {"nb": "Kommunenummer", "en": "Municipality number", "nn": "Kommunenummer"},
        },
        {
            "name": "role",
            "type": "string",
            "constraints": {"required": True, "enum": list(ROLES)},
            "description": {
                "nb": "Rolle i ledergruppen",
                "en": "Role in the leader group",
                "nn": "Rolle i leiargruppa",
            },
        },
    ]
    for column in answer_columns():
        fields.append({"name": column, "type": "string", "constraints": {"enum": ANSWER_VALUES}})
    return {"fields": fields, "primaryKey": "respondent"}


# --- using the synthetic data ------------------------------------------------------------------------------


def load(cohort: str = "agder") -> pd.DataFrame:
    """The stored synthetic cohort (validated against its schema)."""
    return data.load(_cohort(cohort)["dataset"])


def tidy(wide: pd.DataFrame, instrument: str | Instrument | None = None) -> pd.DataFrame:
    """Wide synthetic rows as tidy answers (the shape of ``Store.answers()``), numbers as ints."""
    names = [load_instrument(instrument).id] if instrument is not None else list(SHIPPED)
    columns = [c for c in wide.columns if c.split(".", 1)[0] in names]
    long = wide.melt(id_vars=["respondent", "municipality", "role"], value_vars=columns, var_name="column")
    long = long.dropna(subset=["value"])
    long = long[long["value"].astype(str) != ""]
    parts = long["column"].str.split(".", n=1, expand=True)
    values = long["value"].astype(str)
    out = pd.DataFrame(
        {
            "respondent": long["respondent"].astype("string").to_numpy(),
            "municipality": long["municipality"].astype("string").to_numpy(),
            "role": long["role"].astype("string").to_numpy(),
            "instrument": parts[0].astype("string").to_numpy(),
            "version": pd.array(parts[0].map({n: load_instrument(n).version for n in names}), dtype="string"),
            "status": "final",
            "item": parts[1].astype("string").to_numpy(),
            "value": [int(v) if v.isdigit() else v for v in values],
        }
    )
    return out.reset_index(drop=True)


def cohort_answers(cohort: str = "agder", instrument: str | Instrument | None = None) -> pd.DataFrame:
    """Tidy answers of a synthetic cohort (a copy: the caller may change it)."""
    name = load_instrument(instrument).id if instrument is not None else None
    return _cohort_answers(cohort, name).copy()


@functools.lru_cache(maxsize=16)
def _cohort_answers(cohort: str, instrument: str | None) -> pd.DataFrame:
    # Every participant without a cohort of their own compares with the same sample, so it is read once
    # per process rather than once per questionnaire.
    return tidy(load(cohort), instrument)


def fill_store(
    store: Store | str | None,
    cohort: str = "agder",
    *,
    instruments: tuple[str, ...] = SHIPPED,
    municipalities: list[str] | None = None,
    status: str = "final",
) -> int:
    """Save a synthetic cohort into a store as final submissions (for demos and training). Each
    submission's ``meta`` says it is synthetic, with cohort, generator and seed. Returns the number of
    submissions saved."""
    st = open_store(store)
    spec = _cohort(cohort)
    seed = data.resource(spec["dataset"])["provenance"]["seed"]
    wide = load(cohort)
    if municipalities is not None:
        wide = wide[wide["municipality"].isin(municipalities)]
    saved = 0
    for name in instruments:
        inst = load_instrument(name)
        prefix = f"{inst.id}."
        columns = [c for c in wide.columns if c.startswith(prefix)]
        for row in wide[["respondent", "municipality", "role", *columns]].itertuples(index=False, name=None):
            respondent, municipality, role, *values = row
            answers = {
                col[len(prefix) :]: int(v) if str(v).isdigit() else str(v)
                for col, v in zip(columns, values)
                if not pd.isna(v) and str(v) != ""
            }
            st.save(
                str(respondent),
                inst.id,
                answers,
                status=status,
                version=inst.version,
                municipality=str(municipality),
                role=str(role),
                meta={"synthetic": True, "cohort": cohort, "generator": GENERATOR, "seed": seed},
            )
            saved += 1
    return saved


def demo_answers(
    instrument: str | Instrument, respondent: str = "demo", municipality: str = "4228"
) -> dict[str, Any]:
    """Plausible answers for one respondent (no blanks), deterministic in respondent and municipality.
    Used by the ``prefill="demo"`` of the questionnaires, so notebooks run headless."""
    inst = load_instrument(instrument)
    m = register.get(municipality)
    rng = np.random.default_rng([zlib.crc32(f"{inst.id}|{respondent}|{m.number}".encode()), 7])
    offsets = _item_offsets(rng)
    size = _size_effect(m.population)
    level = 2.45 + 0.28 * size + rng.normal(0, 0.4)
    banks = tuple(load_instrument(name) for name in SHIPPED)
    answers = _respondent(rng, level, "head_of_sector", size, offsets, banks, missing=False)
    prefix = f"{inst.id}."
    return {k[len(prefix) :]: int(v) for k, v in answers.items() if k.startswith(prefix)}
