"""The self-assessments' published group figures: what participants may see, from snapshots.

Participants see the answers a published snapshot names (:mod:`casekit.privacy`), never the store as it
is right now. A snapshot's *unit* is the municipality's leader group and its *facets* are the dimensions
of the instrument, per perspective: a facet of a leader group changes only when at least
``min_group_size`` of its people have a new or changed score in it, and a role within a county only by at
least ``min_group_size`` people. The snapshot kind is the instrument's id (``maturity``,
``capabilities``, ``competence``).

A trainer's views (a session without a municipality, the cohort report) read the store live.
"""

from __future__ import annotations

import pandas as pd

from .. import municipalities, privacy
from ..privacy import DEFAULT_MIN_GROUP_SIZE, Published, check_min_group_size, served
from ..store import ServiceStore, Snapshot, Store, open_store
from .model import Instrument, load_instrument
from .scoring import responses, score

#: Groups that cut across leader groups, per instrument whose participant views show them: the
#: leader-group workbook of module 2 shows the competence profile per role within the county.
GROUPINGS: dict[str, tuple[tuple[str, ...], ...]] = {"competence": (("county", "role"),)}
#: Separates dimension and perspective in a facet's name.
FACET_JOIN = ":"


def final_history(store: Store | str | None, instrument: str | Instrument) -> pd.DataFrame:
    """Every final answer of the instrument in the store, older submissions included (tidy, with
    ``submission_id``), limited to the instrument's answer keys."""
    inst = load_instrument(instrument)
    frame = open_store(store).answers(inst.id, status="final", latest=False)
    return frame[frame["item"].isin(inst.answer_keys())].reset_index(drop=True)


def facet_rows(history: pd.DataFrame, instrument: str | Instrument) -> pd.DataFrame:
    """One row per final submission and dimension/perspective it has a score in: the rows of the rule
    (``submission_id``, ``who`` the respondent, ``unit`` the municipality, ``facet``, ``county`` and
    ``role``, and when it was saved). Each submission is scored on its own, so an older one counts as
    it was."""
    inst = load_instrument(instrument)
    columns = [*privacy.ROW_COLUMNS, privacy.STAMP, "county", "role"]
    if history.empty:
        return pd.DataFrame(columns=columns)
    per_submission = history.assign(respondent=history["submission_id"].astype(str))
    scored = score(responses(per_submission, inst)).dropna(subset=["score"])
    meta = history.drop_duplicates("submission_id").set_index(history["submission_id"].drop_duplicates())
    meta = meta.assign(stamp=meta["created_at"].astype(str))  # once per submission, not per facet
    ids = scored["respondent"].astype(int).to_numpy()
    municipality = meta.loc[ids, "municipality"].astype("string").fillna("").to_numpy()
    counties = {n: _county(n) for n in set(municipality)}
    return pd.DataFrame(
        {
            "submission_id": ids,
            "who": meta.loc[ids, "respondent"].astype(str).to_numpy(),
            "unit": municipality,
            "facet": (scored["dimension"] + FACET_JOIN + scored["perspective"]).astype(str).to_numpy(),
            privacy.STAMP: meta.loc[ids, "stamp"].to_numpy(),
            "county": [counties[n] for n in municipality],
            "role": meta.loc[ids, "role"].astype("string").fillna("").to_numpy(),
        },
        columns=columns,
    )


def _county(number: str) -> str:
    try:
        return municipalities.get(number).county_number if number else ""
    except Exception:  # a number the register does not know: its own group
        return f"?{number}"


def published_answers(
    store: Store | str | None,
    instrument: str | Instrument,
    *,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    refresh: bool = True,
    actor: str | None = None,
) -> tuple[pd.DataFrame, Published]:
    """The final answers participants may see (tidy, like ``Store.answers()``), and the publication they
    come from. The snapshot is refreshed first when the rule allows a change. On a shared hub the
    service works it out (a participant's kernel may not read others' answers): others' respondent ids
    are pseudonyms there, and their submission ids negative."""
    inst = load_instrument(instrument)
    st = open_store(store)
    if isinstance(st, ServiceStore):  # the service applies the cohort's size; a bad one is still refused
        check_min_group_size(min_group_size)
        return served(st, inst.id)
    history = final_history(st, inst)
    result = privacy.published(
        st,
        inst.id,
        facet_rows(history, inst),
        min_group_size=min_group_size,
        groupings=GROUPINGS.get(inst.id, ()),
        actor=actor,
        refresh=refresh,
    )
    return restrict(history, result, inst), result


def restrict(history: pd.DataFrame, result: Published, instrument: str | Instrument) -> pd.DataFrame:
    """The answers of ``history`` that the publication names: per submission, the items of the facets
    (dimension and perspective) it is published for."""
    inst = load_instrument(instrument)
    if not result.shown or not result.facets:
        return history.iloc[0:0].reset_index(drop=True)
    keys = pd.DataFrame(
        [
            (f"{dim.id}{FACET_JOIN}{p}", f"{item.id}.{p}")
            for dim in inst.dimensions
            for p in inst.perspective_ids
            for item in dim.items
        ],
        columns=["facet", "item"],
    )
    pairs = pd.DataFrame(
        [(i, f) for i, facets in result.facets.items() for f in facets], columns=["submission_id", "facet"]
    )
    wanted = pairs.merge(keys, on="facet")[["submission_id", "item"]]
    frame = history.merge(wanted.astype({"submission_id": history["submission_id"].dtype}), how="inner")
    return frame.sort_values(["submission_id", "item"], kind="stable").reset_index(drop=True)


def published_group(
    store: Store | str | None,
    municipality: str,
    instrument: str | Instrument,
    *,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> pd.DataFrame:
    """The published answers of one municipality's leader group (tidy; empty while none are published)."""
    answers, _result = published_answers(store, instrument, min_group_size=min_group_size)
    return answers[answers["municipality"] == municipality].reset_index(drop=True)


def publish_answers(
    store: Store | str | None,
    instrument: str | Instrument,
    *,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    actor: str | None = None,
) -> Snapshot:
    """Publish the instrument's group figures as the answers stand now (a trainer at a deadline)."""
    inst = load_instrument(instrument)
    st = open_store(store)
    rows = facet_rows(final_history(st, inst), inst)
    return privacy.publish(st, inst.id, rows, min_group_size=min_group_size, actor=actor)
