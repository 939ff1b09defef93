"""Talks by the tenant's cycle definition: pure checks. Every rule comes from the definition,
never from which tenant it is."""

from __future__ import annotations

from dataclasses import dataclass

from dialoog.contracts.cycle.schema import CycleDefinition


class RuleBroken(ValueError):
    def __init__(self, field: str, reason_nl: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.field = field
        self.nl = reason_nl
        self.en = reason_en


@dataclass(frozen=True)
class TalkRequest:
    type: str
    initiated_by: str  # role: employee | manager
    recorded_by: str  # role
    fields: dict
    topics: tuple[str, ...] = ()
    conclusion: str | None = None
    reward_advice: str | None = None


def check_talk(definition: CycleDefinition, request: TalkRequest, held_this_period: int) -> None:
    try:
        talk = definition.talk(request.type)
    except KeyError:
        known = ", ".join(t.key for t in definition.talk_types)
        raise RuleBroken(
            "type",
            f"onbekend gesprek; deze cyclus kent: {known}",
            f"unknown talk type; this cycle has: {known}",
        ) from None
    if request.initiated_by not in talk.initiated_by:
        raise RuleBroken(
            "initiated_by",
            f"een {talk.label.nl.lower()} wordt niet door deze rol geïnitieerd",
            f"a {talk.label.en.lower()} is not initiated by this role",
        )
    if request.recorded_by not in talk.recorded_by:
        raise RuleBroken(
            "recorded_by", "deze rol legt dit gesprek niet vast", "this role does not record this talk"
        )
    if talk.per_period.max is not None and held_this_period >= talk.per_period.max:
        raise RuleBroken(
            "type",
            f"er is deze periode al {held_this_period} keer een {talk.label.nl.lower()} gevoerd",
            f"this period already had {held_this_period} {talk.label.en.lower()}(s)",
        )
    for spec in talk.fields:
        if spec.required and spec.kind != "topics" and not str(request.fields.get(spec.key, "")).strip():
            raise RuleBroken(f"fields.{spec.key}", "is verplicht", "is required")
    known_topics = {t.key for t in talk.topics}
    unknown = [t for t in request.topics if t not in known_topics]
    if unknown:
        raise RuleBroken(
            "topics", f"onbekende onderwerpen: {', '.join(unknown)}", f"unknown topics: {', '.join(unknown)}"
        )
    if any(spec.kind == "topics" and spec.required for spec in talk.fields) and not request.topics:
        raise RuleBroken(
            "topics", "kies minstens één besproken onderwerp", "choose at least one topic touched"
        )
    if request.conclusion is not None:
        if not talk.ends_with_conclusion:
            raise RuleBroken(
                "conclusion",
                "dit gesprek eindigt niet met een conclusie",
                "this talk does not end with a conclusion",
            )
        try:
            definition.level(request.conclusion)
        except KeyError:
            raise RuleBroken("conclusion", "onbekend niveau", "unknown level") from None
        # Only the manager establishes it: the service checks that the caller is the manager.
    elif talk.ends_with_conclusion and request.recorded_by == "manager":
        raise RuleBroken("conclusion", "kies een conclusie", "choose a conclusion")
    if request.reward_advice is not None:
        if not definition.reward_advice.enabled:
            raise RuleBroken(
                "reward_advice", "deze cyclus kent geen beloningsadvies", "this cycle has no reward advice"
            )
        try:
            definition.level(request.reward_advice)
        except KeyError:
            raise RuleBroken("reward_advice", "onbekend niveau", "unknown level") from None


def opens_improvement_plan(definition: CycleDefinition, conclusion: str | None) -> bool:
    return conclusion is not None and definition.level(conclusion).requires_improvement_plan
