"""The director's departments: the unit and every unit below it (domain/reports.py)."""

from dialoog.portfolio.domain.reports import units_under


def test_the_units_under_a_director_are_hers_and_all_below_it():
    parents = {"afd": None, "team-a": "afd", "team-b": "afd", "sub": "team-a", "other": None, "x": "other"}
    assert units_under(parents, "afd") == {"afd", "team-a", "team-b", "sub"}
    assert units_under(parents, "team-b") == {"team-b"}
    assert units_under(parents, None) == set()


def test_a_cycle_in_the_tree_is_not_followed_forever():
    assert units_under({"a": "b", "b": "a"}, "a") == {"a", "b"}
