"""The privacy rule every published group figure follows: a minimum group size, checked one way.

A figure about a group (a municipality's count, a county's mean, a role's needs) is shown only when at
least ``min_group_size`` people stand behind it. The default is 5 and no setting may go below the floor
of 3. Every path that publishes a group figure checks the setting with :func:`check_min_group_size`, so
``1``, ``0``, ``-5``, ``True``, ``3.5``, ``"5"`` and ``None`` are refused with the same clear message
instead of silently showing a count of one.
"""

from __future__ import annotations

import numbers

from .errors import PrivacyError

MIN_GROUP_SIZE_FLOOR = 3
DEFAULT_MIN_GROUP_SIZE = 5


def check_min_group_size(value: object) -> int:
    """``value`` as an int when it is a whole number (not a bool, float or text) of at least
    :data:`MIN_GROUP_SIZE_FLOOR`; otherwise a :class:`~casekit.errors.PrivacyError` naming the value and
    the floor, in the reader's language."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise PrivacyError("privacy.error.min_group_size_type", value=repr(value), floor=MIN_GROUP_SIZE_FLOOR)
    if value < MIN_GROUP_SIZE_FLOOR:
        raise PrivacyError("privacy.error.min_group_size", value=int(value), floor=MIN_GROUP_SIZE_FLOOR)
    return int(value)
