"""The anonymity rule of an anonymous request (issue 12 point 3)."""

import uuid

from dialoog.feedback.domain.anonymity import in_hidden_order, shown_group, visibility


def test_nothing_is_shown_below_the_threshold_and_it_says_how_many_are_needed():
    seen = visibility({"colleagues": 1, "outsiders": 1}, 3)
    assert (seen.visible, seen.needed, seen.apart) == (False, 1, ())


def test_at_the_threshold_everything_is_pooled_when_no_group_reaches_it_alone():
    seen = visibility({"colleagues": 2, "outsiders": 1}, 3)
    assert (seen.visible, seen.needed, seen.apart) == (True, 0, ())
    assert shown_group("colleagues", seen) == shown_group("outsiders", seen) == "all"


def test_a_group_is_apart_only_when_it_alone_reaches_the_threshold_and_the_rest_does_too():
    seen = visibility({"colleagues": 3, "outsiders": 3, "manager": 0}, 3)
    assert seen.apart == ("colleagues", "outsiders")
    # The manager's one answer would stand alone in "all": nothing is split then.
    assert visibility({"colleagues": 3, "manager": 1}, 3).apart == ()
    # Three colleagues apart, and the other three together in "all".
    mixed = visibility({"colleagues": 3, "outsiders": 2, "manager": 1}, 3)
    assert mixed.apart == ("colleagues",)
    assert shown_group("manager", mixed) == shown_group("outsiders", mixed) == "all"


def test_one_group_alone_is_shown_as_all():
    assert visibility({"colleagues": 4}, 3).apart == ()


def test_the_order_reveals_neither_answering_order_nor_ids_and_is_stable_per_key():
    answers = [{"answer_id": uuid.UUID(int=i), "question_key": "a"} for i in range(1, 30)]
    one = in_hidden_order(b"k1", answers, ["a"])
    assert one == in_hidden_order(b"k1", list(reversed(answers)), ["a"])
    assert one != answers and one != sorted(answers, key=lambda a: a["answer_id"], reverse=True)
    assert one != in_hidden_order(b"k2", answers, ["a"])


def test_answers_follow_the_order_of_the_questions():
    answers = [{"answer_id": uuid.uuid4(), "question_key": k} for k in ("b", "a", "b", "a")]
    assert [a["question_key"] for a in in_hidden_order(b"k", answers, ["a", "b"])] == ["a", "a", "b", "b"]
