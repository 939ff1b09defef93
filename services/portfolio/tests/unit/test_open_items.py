"""The next talk the cycle expects of an employee (the home's "what's next", ADR 0038)."""

from dialoog.contracts.cycle import PRESETS
from dialoog.portfolio.domain.open_items import expected_talk

THREE = PRESETS["three_talks"]


def test_the_first_talk_type_below_its_minimum_in_the_cycles_order():
    first, second, third = THREE.talk_types
    assert expected_talk(THREE, {}) == first
    assert expected_talk(THREE, {first.key: 1}) == second
    assert expected_talk(THREE, {second.key: 1}) == first
    assert expected_talk(THREE, {first.key: 1, second.key: 2}) == third


def test_nothing_is_expected_once_every_minimum_is_held():
    held = {t.key: t.per_period.min for t in THREE.talk_types}
    assert expected_talk(THREE, held) is None
    assert expected_talk(THREE, {k: n + 1 for k, n in held.items()}) is None


def test_a_type_without_a_minimum_is_never_expected():
    optional = [t.key for t in PRESETS["continuous"].talk_types if t.per_period.min == 0]
    assert optional
    assert expected_talk(PRESETS["continuous"], {}).key not in optional
