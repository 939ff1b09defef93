"""The cycle definition schema. One engine runs every tenant's cycle from this data; the presets in
presets.py are starting points, not code branches. Invalid definitions are refused with errors that
name the field and the reason (pydantic's `loc` and message)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", description="lower-case key, e.g. good_talk")]
Role = Literal["employee", "manager", "hr_advisor", "director"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Strict):
    nl: Annotated[str, Field(min_length=1, max_length=200)]
    en: Annotated[str, Field(min_length=1, max_length=200)]


class Topic(_Strict):
    key: Key
    label: Label
    prompt: Literal["always", "age_50_plus", "on_request"] = Field(
        "on_request", description="when the portal puts the topic on the agenda by itself"
    )


class FieldSpec(_Strict):
    key: Key
    label: Label
    kind: Literal["text", "long_text", "date", "agreements", "topics", "competencies"] = "long_text"
    required: bool = False


class Frequency(_Strict):
    min: Annotated[int, Field(ge=0, le=52)] = 0
    max: Annotated[int | None, Field(ge=1, le=52)] = None

    @model_validator(mode="after")
    def _order(self) -> Frequency:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max ({self.max}) is smaller than min ({self.min})")
        return self


class TalkType(_Strict):
    key: Key
    label: Label
    initiated_by: Annotated[list[Role], Field(min_length=1)]
    recorded_by: Annotated[list[Role], Field(min_length=1)]
    per_period: Frequency = Frequency()
    timing: Literal["any", "start", "halfway", "end"] = "any"
    fields: list[FieldSpec] = []
    topics: list[Topic] = []
    combinable_with: list[Key] = []
    establishes_work_plan: bool = False
    ends_with_conclusion: bool = False
    confirmed_by_both: bool = True


class ConclusionLevel(_Strict):
    key: Annotated[str, Field(min_length=1, max_length=8)]
    label: Label
    requires_improvement_plan: bool = False
    # As a reward advice (beloningsadvies), does this level advise the periodic raise? None: it
    # says nothing either way (salaris then shows no advised outcome for it).
    advises_raise: bool | None = None


class ConclusionScale(_Strict):
    levels: Annotated[list[ConclusionLevel], Field(min_length=2, max_length=10)]

    @field_validator("levels")
    @classmethod
    def _unique(cls, levels: list[ConclusionLevel]) -> list[ConclusionLevel]:
        keys = [level.key for level in levels]
        if len(set(keys)) != len(keys):
            raise ValueError(f"level keys must be unique: {keys}")
        return levels


class Objection(_Strict):
    allowed: bool
    term_weeks: Annotated[int, Field(ge=1, le=52)] = 6  # Awb art. 6:7


class RewardAdvice(_Strict):
    enabled: bool = False
    may_differ_from_conclusion: bool = True


class DefinitiveMoment(_Strict):
    locked_by: Annotated[list[Role], Field(min_length=1)]
    confirmed_by: Annotated[list[Role], Field(min_length=1)] = ["employee", "manager"]
    open_after_lock: list[Literal["reaction", "new_period"]] = ["reaction", "new_period"]


class Probation(_Strict):
    enabled: bool = False
    planning_within_weeks: Annotated[int, Field(ge=1, le=26)] = 6
    progress_after_months: Annotated[int, Field(ge=1, le=12)] = 3
    assessment_months_before_end: Annotated[int, Field(ge=1, le=12)] = 3
    improvement_points_in_progress_talk_required: bool = True


class FeedbackOptions(_Strict):
    external_givers_allowed: bool = True
    anonymity_threshold: Annotated[int, Field(ge=1, le=20)] = Field(
        3, description="answers needed before anonymous feedback is shown"
    )


class SalaryRound(_Strict):
    decision_source: Literal["salary_talk", "reward_advice"] = "salary_talk"
    reference_date: Annotated[str, Field(pattern=r"^(0[1-9]|[12][0-9]|3[01])-(0[1-9]|1[0-2])$")] = Field(
        "01-01", description="day-month (peildatum), 01-01 is 1 January"
    )
    guidelines_required: bool = True

    @field_validator("reference_date")
    @classmethod
    def _a_day_of_every_year(cls, value: str) -> str:
        day, month = (int(x) for x in value.split("-"))
        try:
            date(2027, month, day)  # a common year: 29 February is not a day of every year
        except ValueError:
            raise ValueError(
                f"{value} is not a day of every year; the reference date (peildatum) must be one"
            ) from None
        return value


class ReadAccess(_Strict):
    director_reads_talk_reports: bool = False


class AssessmentTalk(_Strict):
    available: bool = True
    requested_by: list[Role] = ["employee", "manager"]
    objection: Objection = Objection(allowed=True, term_weeks=6)


class Escalation(_Strict):
    to: list[Literal["next_manager", "hr_advisor"]] = ["next_manager", "hr_advisor"]


class Regulation(_Strict):
    title: Annotated[str, Field(min_length=1, max_length=300)]
    organisation: Annotated[str, Field(min_length=1, max_length=200)]
    valid_from: date | None = Field(
        None, description="the regulation's own date of entry into force, when known"
    )
    source: str | None = Field(None, max_length=300)


class CycleDefinition(_Strict):
    preset: Literal["continuous", "three_talks", "four_levels", "custom"]
    label: Label
    period_months: Annotated[int, Field(ge=1, le=24)] = 12
    talk_types: Annotated[list[TalkType], Field(min_length=1, max_length=20)]
    conclusion_scale: ConclusionScale | None = None
    employee_may_react: bool = True
    objection_against_conclusion: Objection = Objection(allowed=False)
    reward_advice: RewardAdvice = RewardAdvice()
    definitive_moment: DefinitiveMoment
    probation: Probation = Probation()
    feedback: FeedbackOptions = FeedbackOptions()
    salary_round: SalaryRound = SalaryRound()
    read_access: ReadAccess = ReadAccess()
    assessment_talk: AssessmentTalk = AssessmentTalk()
    escalation: Escalation = Escalation()
    regulation: Regulation

    @field_validator("talk_types")
    @classmethod
    def _talks_consistent(cls, talks: list[TalkType]) -> list[TalkType]:
        keys = [t.key for t in talks]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"talk keys must be unique; repeated: {', '.join(duplicates)}")
        for index, talk in enumerate(talks):
            for other in talk.combinable_with:
                if other not in keys:
                    raise ValueError(f"[{index}].combinable_with names an unknown talk type '{other}'")
                if other == talk.key:
                    raise ValueError(f"[{index}].combinable_with: a talk cannot be combined with itself")
            topic_keys = [t.key for t in talk.topics]
            if len(set(topic_keys)) != len(topic_keys):
                raise ValueError(f"[{index}].topics: topic keys must be unique")
        return talks

    @model_validator(mode="after")
    def _rules_consistent(self) -> CycleDefinition:
        concluding = [t.key for t in self.talk_types if t.ends_with_conclusion]
        if concluding and self.conclusion_scale is None:
            raise ValueError(
                f"conclusion_scale: talk '{concluding[0]}' ends with a conclusion, so a scale is needed"
            )
        if self.conclusion_scale is not None and not concluding:
            raise ValueError(
                "conclusion_scale: no talk type ends with a conclusion (set ends_with_conclusion)"
            )
        if self.reward_advice.enabled and self.conclusion_scale is None:
            raise ValueError("reward_advice: a reward advice follows a conclusion; add a conclusion_scale")
        if self.salary_round.decision_source == "reward_advice" and not self.reward_advice.enabled:
            raise ValueError("salary_round.decision_source: 'reward_advice' needs reward_advice.enabled")
        if self.objection_against_conclusion.allowed and self.conclusion_scale is None:
            raise ValueError("objection_against_conclusion: there is no conclusion to object to")
        if self.probation.enabled and not any(t.timing == "halfway" for t in self.talk_types):
            raise ValueError(
                "probation: improvement points must be raised in a progress talk; add a 'halfway' talk type"
            )
        return self

    # --- questions the engine asks ------------------------------------------------------------
    def talk(self, key: str) -> TalkType:
        for talk in self.talk_types:
            if talk.key == key:
                return talk
        raise KeyError(key)

    def level(self, key: str) -> ConclusionLevel:
        if self.conclusion_scale is None:
            raise KeyError(key)
        for level in self.conclusion_scale.levels:
            if level.key == key:
                return level
        raise KeyError(key)

    def topics_to_prompt(self, talk_key: str, age: int | None) -> list[Topic]:
        """The topics the portal puts on the agenda of this talk for an employee of this age."""
        return [
            topic
            for topic in self.talk(talk_key).topics
            if topic.prompt == "always" or (topic.prompt == "age_50_plus" and age is not None and age >= 50)
        ]
