"""The three presets, each implementing its source regulation (../shared/seeds). A tenant starts
from one and may change any parameter; the result is validated by the same schema."""

from __future__ import annotations

from datetime import date

from dialoog.contracts.cycle.schema import (
    AssessmentTalk,
    ConclusionLevel,
    ConclusionScale,
    CycleDefinition,
    DefinitiveMoment,
    Escalation,
    FeedbackOptions,
    FieldSpec,
    Frequency,
    Label,
    Objection,
    Probation,
    ReadAccess,
    Regulation,
    RewardAdvice,
    SalaryRound,
    TalkType,
    Topic,
)


def L(nl: str, en: str) -> Label:
    return Label(nl=nl, en=en)


AGREEMENTS = FieldSpec(key="agreements", label=L("Afspraken", "Agreements"), kind="agreements")
SUMMARY = FieldSpec(key="summary", label=L("Kort verslag", "Short record"), kind="long_text")

# Seed 001 (BAR, "het goede gesprek") topics a-f. Topic e: the CAR-UWO requires it from age 50;
# BAR asks it at every age. The preset follows BAR ("always"); a tenant may set "age_50_plus".
GOOD_TALK_TOPICS = [
    Topic(
        key="a_right_things",
        label=L(
            "Doe ik de goede dingen? Doe ik de dingen goed?",
            "Am I doing the right things? Am I doing things right?",
        ),
    ),
    Topic(
        key="b_strength",
        label=L(
            "Wat is mijn kracht/talent, waar ligt mijn passie, waar krijg ik energie van?",
            "What is my strength/talent, where is my passion, what gives me energy?",
        ),
    ),
    Topic(
        key="c_added_value",
        label=L(
            "Waar ligt mijn toegevoegde waarde? Welke bijdrage lever ik aan de doelstellingen?",
            "Where is my added value? What do I contribute to the goals?",
        ),
    ),
    Topic(
        key="d_development",
        label=L(
            "Hoe kan ik mij blijven ontwikkelen? Wat heb ik daarvoor nodig?",
            "How can I keep developing? What do I need for that?",
        ),
    ),
    Topic(
        key="e_workload_balance",
        label=L(
            "Zijn de belasting-belastbaarheid en werk-privé in balans?",
            "Are workload and capacity, and work and private life, in balance?",
        ),
        prompt="always",
    ),
    Topic(key="f_right_place", label=L("Zit ik nog op de juiste plek?", "Am I still in the right place?")),
]

CONTINUOUS = CycleDefinition(
    preset="continuous",
    label=L("Het goede gesprek (doorlopend)", "The good conversation (continuous)"),
    talk_types=[
        TalkType(
            key="start_talk",
            label=L("Startgesprek", "Start talk"),
            initiated_by=["employee"],  # seed 000: the employee initiates, when it suits them
            recorded_by=["employee"],
            per_period=Frequency(min=0, max=1),
            timing="start",
            fields=[SUMMARY, AGREEMENTS],
        ),
        TalkType(
            key="good_talk",
            label=L("Goed gesprek", "Good talk"),
            initiated_by=["employee", "manager"],  # either side, as often as needed
            recorded_by=["employee", "manager"],  # they decide together who records
            per_period=Frequency(min=1),  # HR checks: has every employee had a good talk?
            fields=[
                FieldSpec(
                    key="topics",
                    label=L("Besproken onderwerpen", "Topics touched"),
                    kind="topics",
                    required=True,
                ),
                SUMMARY,
                AGREEMENTS,
            ],
            topics=GOOD_TALK_TOPICS,
        ),
    ],
    employee_may_react=True,
    definitive_moment=DefinitiveMoment(locked_by=["manager"], confirmed_by=["employee", "manager"]),
    feedback=FeedbackOptions(external_givers_allowed=True, anonymity_threshold=3),
    salary_round=SalaryRound(decision_source="salary_talk", reference_date="01-01", guidelines_required=True),
    read_access=ReadAccess(director_reads_talk_reports=False),
    assessment_talk=AssessmentTalk(available=True, objection=Objection(allowed=True, term_weeks=6)),
    regulation=Regulation(
        title="HR gesprekken, visie; Afspraken over het goede gesprek",
        organisation="BEL Combinatie (Blaricum, Eemnes, Laren); BAR-organisatie",
        valid_from=None,
        source="seeds 000, 001, 004",
    ),
)

THREE_TALKS = CycleDefinition(
    preset="three_talks",
    label=L("Cyclus van jaargesprekken", "Cycle of annual talks"),
    talk_types=[
        TalkType(
            key="planning_talk",
            label=L("Planningsgesprek", "Planning talk"),
            initiated_by=["employee", "manager"],
            recorded_by=["employee"],  # the employee drafts the individual work plan
            per_period=Frequency(min=1, max=1),
            timing="start",
            fields=[
                FieldSpec(
                    key="expected_results",
                    label=L("Verwachte prestaties", "Expected results"),
                    kind="agreements",
                    required=True,
                ),
                FieldSpec(key="competencies", label=L("Competenties", "Competencies"), kind="competencies"),
                FieldSpec(
                    key="development",
                    label=L("Ontwikkelwensen en ondersteuning", "Development wishes and support needed"),
                ),
                FieldSpec(key="manager_remarks", label=L("Opmerkingen leidinggevende", "Manager's remarks")),
            ],
            combinable_with=["evaluation_talk"],
            establishes_work_plan=True,  # established together: definitive for 12 months
        ),
        TalkType(
            key="progress_talk",
            label=L("Voortgangsgesprek", "Progress talk"),
            initiated_by=["employee", "manager"],
            recorded_by=["employee", "manager"],
            per_period=Frequency(min=1),  # at least one, about halfway
            timing="halfway",
            fields=[
                FieldSpec(
                    key="changed_agreements",
                    label=L("Gewijzigde afspraken", "Changed agreements"),
                    kind="agreements",
                ),
                FieldSpec(key="improvement_points", label=L("Verbeterpunten", "Improvement points")),
                SUMMARY,
            ],
        ),
        TalkType(
            key="evaluation_talk",
            label=L("Evaluatiegesprek", "Evaluation talk"),
            initiated_by=["employee", "manager"],
            recorded_by=["employee"],  # recorded in writing by the employee
            per_period=Frequency(min=1, max=1),
            timing="end",
            fields=[
                FieldSpec(
                    key="realised", label=L("Gerealiseerde afspraken", "Agreements realised"), required=True
                ),
                FieldSpec(
                    key="factors", label=L("Factoren die een rol speelden", "Factors that played a part")
                ),
                FieldSpec(
                    key="conclusions",
                    label=L(
                        "Conclusies over functioneren en ontwikkeling",
                        "Conclusions on performance and development",
                    ),
                ),
            ],
            combinable_with=["planning_talk"],
        ),
    ],
    employee_may_react=True,
    definitive_moment=DefinitiveMoment(
        locked_by=["employee", "manager"], confirmed_by=["employee", "manager"]
    ),
    probation=Probation(
        enabled=True,
        planning_within_weeks=6,
        progress_after_months=3,
        assessment_months_before_end=3,
        improvement_points_in_progress_talk_required=True,
    ),
    read_access=ReadAccess(director_reads_talk_reports=True),
    assessment_talk=AssessmentTalk(available=True, objection=Objection(allowed=True, term_weeks=6)),
    escalation=Escalation(to=["next_manager", "hr_advisor"]),
    regulation=Regulation(
        title="Cyclus van jaargesprekken",
        organisation="Gemeente Heemstede",
        valid_from=date(2013, 10, 1),
        source="seed 002 (CAR-UWO)",
    ),
)

FOUR_LEVELS = CycleDefinition(
    preset="four_levels",
    label=L("Personeelsgesprek met conclusie", "Staff talk with conclusion"),
    talk_types=[
        TalkType(
            key="plan_talk",
            label=L("Plannen", "Plan"),
            initiated_by=["employee", "manager"],
            recorded_by=["employee", "manager"],
            per_period=Frequency(min=1, max=1),
            timing="start",
            fields=[
                FieldSpec(
                    key="result_agreements",
                    label=L("Resultaatafspraken (beperkt aantal)", "Result agreements (a limited number)"),
                    kind="agreements",
                    required=True,
                ),
                FieldSpec(
                    key="development",
                    label=L("Ontwikkelafspraken", "Development agreements"),
                    kind="agreements",
                ),
            ],
        ),
        TalkType(
            key="reflect_talk",
            label=L("Reflecteren op functioneren", "Reflect on performance"),
            initiated_by=["employee", "manager"],
            recorded_by=["employee"],  # informal; the employee keeps track
            per_period=Frequency(min=0),
            timing="halfway",
            fields=[SUMMARY],
            confirmed_by_both=False,
        ),
        TalkType(
            key="evaluation_talk",
            label=L("Evalueren met conclusie", "Evaluate with conclusion"),
            initiated_by=["employee", "manager"],
            recorded_by=["employee", "manager"],  # the employee may enter the report themselves
            per_period=Frequency(min=1, max=1),
            timing="end",
            fields=[SUMMARY],
            ends_with_conclusion=True,
        ),
    ],
    conclusion_scale=ConclusionScale(
        levels=[
            ConclusionLevel(
                key="++",
                label=L(
                    "Prestaties ruim boven afspraken en verwachtingen",
                    "Well above agreements and expectations",
                ),
                advises_raise=True,
            ),
            ConclusionLevel(
                key="+",
                label=L(
                    "Prestaties overeenkomstig afspraken en verwachtingen",
                    "In line with agreements and expectations",
                ),
                advises_raise=True,
            ),
            ConclusionLevel(
                key="+/-",
                label=L(
                    "Nog niet volledig; verbetering op onderdelen nodig",
                    "Not yet fully; improvement on parts needed",
                ),
                advises_raise=False,
            ),
            ConclusionLevel(
                key="-",
                label=L(
                    "Duidelijk achter; verbetertraject noodzakelijk",
                    "Clearly behind; an improvement plan is required",
                ),
                advises_raise=False,
                requires_improvement_plan=True,
            ),
        ]
    ),
    employee_may_react=True,
    objection_against_conclusion=Objection(allowed=False),  # one-sided: no objection
    reward_advice=RewardAdvice(enabled=True, may_differ_from_conclusion=True),
    definitive_moment=DefinitiveMoment(locked_by=["manager"], confirmed_by=["manager"]),
    salary_round=SalaryRound(
        decision_source="reward_advice", reference_date="01-01", guidelines_required=True
    ),
    assessment_talk=AssessmentTalk(available=True, objection=Objection(allowed=True, term_weeks=6)),
    regulation=Regulation(
        title="Personeelsgesprek (gesprekscyclus Rijksoverheid)",
        organisation="Rijksoverheid",
        valid_from=None,
        source="seed 003",
    ),
)

PRESETS: dict[str, CycleDefinition] = {d.preset: d for d in (CONTINUOUS, THREE_TALKS, FOUR_LEVELS)}


def preset(name: str) -> CycleDefinition:
    try:
        return PRESETS[name]
    except KeyError as exc:
        raise KeyError(f"unknown preset {name!r}; one of {', '.join(PRESETS)}") from exc
