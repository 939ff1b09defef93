"""The presets against the rules in DOMAIN.md and the seeds, validation, versions and diffs."""

from datetime import date

import pytest
from pydantic import ValidationError

from dialoog.contracts.cycle import PRESETS, CycleDefinition, preset
from dialoog.contracts.cycle.versions import Version, diff, effective_on


def edited(definition: CycleDefinition, **changes) -> dict:
    data = definition.model_dump(mode="json")
    data.update(changes)
    return data


# --- continuous (BEL Combinatie / BAR) -------------------------------------------------------------
def test_continuous_start_talk_is_the_employees_and_good_talks_are_anyones():
    c = preset("continuous")
    start, good = c.talk("start_talk"), c.talk("good_talk")
    assert start.initiated_by == ["employee"] and start.per_period.max == 1
    assert set(good.initiated_by) == {"employee", "manager"} and good.per_period.max is None
    assert good.per_period.min == 1  # HR checks that everyone had a good talk


def test_continuous_has_the_six_topics_a_to_f_and_workload_is_asked_at_every_age():
    good = preset("continuous").talk("good_talk")
    assert [t.key[0] for t in good.topics] == ["a", "b", "c", "d", "e", "f"]
    assert [t.key for t in preset("continuous").topics_to_prompt("good_talk", age=30)] == [
        "e_workload_balance"
    ]


def test_the_workload_rule_can_follow_the_car_uwo_age_of_50():
    data = preset("continuous").model_dump(mode="json")
    for topic in data["talk_types"][1]["topics"]:
        if topic["key"] == "e_workload_balance":
            topic["prompt"] = "age_50_plus"
    cao = CycleDefinition.model_validate(data)
    assert cao.topics_to_prompt("good_talk", age=49) == []
    assert [t.key for t in cao.topics_to_prompt("good_talk", age=50)] == ["e_workload_balance"]


def test_continuous_has_no_conclusion_and_the_salary_talk_decides():
    c = preset("continuous")
    assert c.conclusion_scale is None and not c.reward_advice.enabled
    assert c.salary_round.decision_source == "salary_talk" and c.salary_round.reference_date == "01-01"
    assert c.salary_round.guidelines_required


# --- three_talks (Heemstede) ------------------------------------------------------------------------
def test_three_talks_planning_progress_evaluation():
    h = preset("three_talks")
    planning, progress, evaluation = (
        h.talk(k) for k in ("planning_talk", "progress_talk", "evaluation_talk")
    )
    assert planning.establishes_work_plan and planning.recorded_by == ["employee"]
    assert progress.timing == "halfway" and progress.per_period.min >= 1
    assert evaluation.recorded_by == ["employee"]
    assert "evaluation_talk" in planning.combinable_with and "planning_talk" in evaluation.combinable_with


def test_three_talks_probation_and_director_and_escalation():
    h = preset("three_talks")
    assert h.probation.enabled and h.probation.assessment_months_before_end == 3
    assert h.probation.improvement_points_in_progress_talk_required
    assert h.read_access.director_reads_talk_reports
    assert h.escalation.to == ["next_manager", "hr_advisor"]
    assert h.regulation.valid_from == date(2013, 10, 1)


# --- four_levels (Rijk) ------------------------------------------------------------------------------
def test_four_levels_scale_reaction_no_objection_reward_advice():
    r = preset("four_levels")
    assert [lvl.key for lvl in r.conclusion_scale.levels] == ["++", "+", "+/-", "-"]
    assert [lvl.key for lvl in r.conclusion_scale.levels if lvl.requires_improvement_plan] == ["-"]
    assert r.employee_may_react and not r.objection_against_conclusion.allowed
    assert r.reward_advice.enabled and r.reward_advice.may_differ_from_conclusion
    assert r.salary_round.decision_source == "reward_advice"
    assert r.talk("evaluation_talk").ends_with_conclusion
    assert "employee" in r.talk("evaluation_talk").recorded_by  # may enter the report themselves


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_variant_keeps_the_assessment_talk_with_a_six_week_objection(name):
    a = preset(name).assessment_talk
    assert a.available and a.objection.allowed and a.objection.term_weeks == 6
    assert "employee" in a.requested_by


# --- validation -----------------------------------------------------------------------------------------
def errors_of(data) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        CycleDefinition.model_validate(data)
    return [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in caught.value.errors()]


def test_invalid_definitions_name_the_field_and_the_reason():
    data = preset("three_talks").model_dump(mode="json")
    data["talk_types"][0]["combinable_with"] = ["lunch"]
    data["salary_round"]["reference_date"] = "31-02x"
    data["feedback"]["anonymity_threshold"] = 0
    found = dict(errors_of(data))
    assert "unknown talk type 'lunch'" in found["talk_types"]
    assert "salary_round.reference_date" in found
    assert "feedback.anonymity_threshold" in found


@pytest.mark.parametrize("day_month", ["29-02", "30-02", "31-04", "31-11"])
def test_a_reference_date_must_be_a_day_of_every_year(day_month):
    data = preset("continuous").model_dump(mode="json")
    data["salary_round"]["reference_date"] = day_month
    [(where, reason)] = errors_of(data)
    assert where == "salary_round.reference_date" and "not a day of every year" in reason


def test_a_reference_date_of_1_march_or_31_december_is_fine():
    for day_month in ("01-03", "31-12", "28-02"):
        data = preset("continuous").model_dump(mode="json")
        data["salary_round"]["reference_date"] = day_month
        assert CycleDefinition.model_validate(data).salary_round.reference_date == day_month


def test_cross_field_rules():
    four = preset("four_levels").model_dump(mode="json")
    assert any("conclusion" in msg for _, msg in errors_of({**four, "conclusion_scale": None}))
    cont = preset("continuous").model_dump(mode="json")
    reasons = [
        msg
        for _, msg in errors_of(
            {**cont, "salary_round": {**cont["salary_round"], "decision_source": "reward_advice"}}
        )
    ]
    assert any("reward_advice.enabled" in r for r in reasons)
    assert errors_of({**cont, "unknown_rule": True})[0][0] == "unknown_rule"


def test_duplicate_talk_keys_are_refused():
    data = preset("continuous").model_dump(mode="json")
    data["talk_types"].append(data["talk_types"][0])
    assert any("repeated: start_talk" in msg for _, msg in errors_of(data))


# --- versions -------------------------------------------------------------------------------------------
def test_work_in_progress_keeps_the_version_it_began_with():
    v1 = Version(1, date(2026, 1, 1), preset("continuous"))
    changed = CycleDefinition.model_validate(edited(preset("continuous"), period_months=6))
    v2 = Version(2, date(2026, 7, 1), changed)
    versions = [v1, v2]
    started_in_march = effective_on(versions, date(2026, 3, 1))
    assert started_in_march.number == 1
    assert effective_on(versions, date(2026, 7, 1)).number == 2
    assert effective_on(versions, date(2025, 12, 31)) is None
    # A correction made later but effective from the same date replaces the earlier one from then on.
    v3 = Version(3, date(2026, 7, 1), preset("continuous"))
    assert effective_on([*versions, v3], date(2026, 8, 1)).number == 3
    assert effective_on([*versions, v3], date(2026, 3, 1)).number == 1


def test_diff_names_each_changed_parameter_by_key():
    old = preset("continuous")
    data = old.model_dump(mode="json")
    data["feedback"]["anonymity_threshold"] = 5
    data["talk_types"][1]["label"]["nl"] = "Het goede gesprek"
    new = CycleDefinition.model_validate(data)
    changes = {(c.path, c.old, c.new) for c in diff(old, new)}
    assert changes == {
        ("feedback.anonymity_threshold", 3, 5),
        ("talk_types[good_talk].label.nl", "Goed gesprek", "Het goede gesprek"),
    }
    assert diff(old, old) == []
