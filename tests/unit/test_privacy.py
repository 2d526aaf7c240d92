"""One privacy check for every path that publishes a group figure."""

import numpy as np
import pytest

from casekit.errors import PrivacyError
from casekit.privacy import DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR, check_min_group_size


def test_whole_numbers_from_the_floor_up_are_accepted():
    assert (MIN_GROUP_SIZE_FLOOR, DEFAULT_MIN_GROUP_SIZE) == (3, 5)
    assert check_min_group_size(3) == 3 and check_min_group_size(12) == 12
    accepted = check_min_group_size(np.int64(7))  # a count taken from a DataFrame
    assert accepted == 7 and type(accepted) is int


@pytest.mark.parametrize("value", [1, 0, -5, 2])
def test_sizes_below_the_floor_are_refused_naming_value_and_floor(value):
    with pytest.raises(PrivacyError) as err:
        check_min_group_size(value)
    assert f"min_group_size er {value}" in err.value.message() and "minst 3" in err.value.message()
    assert f"min_group_size is {value}" in err.value.message("en") and "at least 3" in err.value.message("en")


@pytest.mark.parametrize("value", [True, False, 3.5, 5.0, "5", None, [5]])
def test_anything_but_a_whole_number_is_refused_with_a_clear_message(value):
    with pytest.raises(PrivacyError) as err:
        check_min_group_size(value)
    assert repr(value) in err.value.message() and "heltall på minst 3" in err.value.message()
    assert "whole number of at least 3" in err.value.message("en")
