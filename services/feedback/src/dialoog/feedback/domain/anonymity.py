"""The anonymity rule of an anonymous request (issue 12 point 3), pure.

Nothing is shown until at least `threshold` givers have answered, counted over the whole request.
Then a group (colleagues, outsiders, the manager) is shown apart only when that group alone
reaches the threshold, and only when what is left for the pool ("all") is empty or reaches the
threshold too: a pool of one manager's answer beside a group of three colleagues would name her.
Within what is shown, answers are ordered by a keyed hash of their id, so neither the order of
answering nor the order of the givers can be read from it; no giver ids, no timestamps.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from uuid import UUID

Group = Literal["colleagues", "outsiders", "manager"]
Shown = Literal["all", "colleagues", "outsiders", "manager"]
GROUPS: tuple[Group, ...] = ("colleagues", "outsiders", "manager")


@dataclass(frozen=True)
class Visibility:
    answered: int
    threshold: int
    visible: bool
    needed: int  # answers still needed before anything is shown (0 once visible)
    apart: tuple[Group, ...]  # the groups shown on their own; every other answer is in "all"


def visibility(answered_per_group: Mapping[str, int], threshold: int) -> Visibility:
    """What an anonymous request may show, given how many givers of each group answered."""
    answered = sum(answered_per_group.values())
    if answered < threshold:
        return Visibility(answered, threshold, False, threshold - answered, ())
    apart = tuple(g for g in GROUPS if answered_per_group.get(g, 0) >= threshold)
    rest = answered - sum(answered_per_group[g] for g in apart)
    if 0 < rest < threshold:
        apart = ()  # the remainder would stand out on its own: pool everything
    if len(apart) == 1 and rest == 0:
        apart = ()  # one group only: "all" says the same and says less
    return Visibility(answered, threshold, True, 0, apart)


def shown_group(group: str, seen: Visibility) -> Shown:
    return group if group in seen.apart else "all"  # type: ignore[return-value]


def order_key(key: bytes, answer_id: UUID) -> bytes:
    """A keyed hash of an answer id: the order it gives reveals nothing about who or when."""
    return hmac.new(key, answer_id.bytes, hashlib.sha256).digest()


def in_hidden_order(key: bytes, answers: Iterable[dict], questions: Sequence[str]) -> list[dict]:
    """Answers in the order of the request's questions, and within a question by `order_key`."""
    position = {k: i for i, k in enumerate(questions)}
    return sorted(
        answers,
        key=lambda a: (position.get(a["question_key"], len(position)), order_key(key, a["answer_id"])),
    )
