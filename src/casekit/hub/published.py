"""Published group figures for a participant's kernel, worked out in the service.

A participant's kernel may not read other people's answers, so it cannot apply the privacy rule itself
(:func:`casekit.privacy.published` needs every final submission). The service can: it runs the same
refresh rule with the rows the domain's ``published`` module builds, for the caller's cohort and with the
cohort's ``min_group_size``, and answers with what that snapshot publishes, as tidy rows:

- only the answers the snapshot names (a leader group below ``min_group_size`` is not in it);
- respondent ids replaced by pseudonyms that hold within one snapshot only (the caller's own kept), and
  the submission ids of others by negative numbers of that snapshot;
- only numeric levels, the instrument's own answer codes (``dont_know`` …) and radar ring votes: no
  free text.
"""

from __future__ import annotations

import hashlib
import hmac
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..assessment.model import load_instrument, shipped
from ..assessment.published import published_answers
from ..errors import HubError
from ..privacy import Published
from ..radar.published import published_ballots
from ..radar.votes import BALLOT_INSTRUMENT
from ..store import Store


@dataclass(frozen=True)
class Served:
    """What the service answers: the publication and its rows, already made pseudonymous."""

    published: Published
    frame: pd.DataFrame
    facets: dict[int, list[str]]


def _assessment(store: Store, kind: str, k: int, actor: str) -> tuple[pd.DataFrame, Published]:
    inst = load_instrument(kind)
    frame, result = published_answers(store, inst, min_group_size=k, actor=actor)
    codes = {o.code for o in inst.scale.options}
    keep = [_numeric(v) or (isinstance(v, str) and v in codes) for v in frame["value"]]
    return frame.loc[pd.Series(keep, index=frame.index, dtype=bool)].reset_index(drop=True), result


def _radar(store: Store, kind: str, k: int, actor: str) -> tuple[pd.DataFrame, Published]:
    return published_ballots(store, min_group_size=k, actor=actor)


def _numeric(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def builder(kind: str) -> Callable[[Store, str, int, str], tuple[pd.DataFrame, Published]]:
    """The domain's view of ``kind``; an unknown kind is a 404 naming the ones served."""
    if kind == BALLOT_INSTRUMENT:
        return _radar
    if kind in shipped():
        return _assessment
    kinds = ", ".join([*shipped(), BALLOT_INSTRUMENT])
    raise HubError("hub.error.unknown_kind", http_status=404, kind=kind, kinds=kinds)


def pseudonym(secret: bytes, snapshot: int, respondent: str) -> str:
    digest = hmac.new(secret, f"{snapshot}\n{respondent}".encode(), hashlib.sha256).hexdigest()
    return f"anon-{digest[:10]}"


def serve(store: Store, kind: str, *, min_group_size: int, caller: str, secret: bytes) -> Served:
    """The published answers of ``kind`` in ``store`` (bound to the caller's cohort), refreshed first when
    the rule allows, as the caller may see them."""
    frame, result = builder(kind)(store, kind, min_group_size, caller)
    if not result.shown:
        return Served(result, frame.iloc[0:0], {})
    ident = result.snapshot.id if result.snapshot is not None else 0
    frame = frame.copy()
    others = frame["respondent"].astype(str) != caller
    names = {r: pseudonym(secret, ident, r) for r in set(frame.loc[others, "respondent"].astype(str))}
    frame.loc[others, "respondent"] = frame.loc[others, "respondent"].astype(str).map(names)
    renumbered: Mapping[int, int] = {}
    if "submission_id" in frame.columns:
        theirs = sorted(set(frame.loc[others, "submission_id"].astype(int)))
        renumbered = {old: -(n + 1) for n, old in enumerate(theirs)}
        frame["submission_id"] = frame["submission_id"].astype(int).map(lambda i: renumbered.get(i, i))
    shown = set(frame["submission_id"].astype(int)) if "submission_id" in frame.columns else set()
    facets = {
        renumbered.get(i, i): sorted(f) for i, f in result.facets.items() if renumbered.get(i, i) in shown
    }
    return Served(result, frame, facets)
