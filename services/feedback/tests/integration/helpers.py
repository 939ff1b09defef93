"""Requests, givers, links and answers for feedback's integration tests."""

import uuid
from datetime import timedelta

from dialoog.feedback.domain import links
from dialoog.kit.clock import now, today
from dialoog.kit.settings import DEV_SECRET

LINK_KEY = links.derive_key(DEV_SECRET, "link")


def request_body(people, givers, *, anonymous=False, self_reflection=True, days=14, purpose=None):
    return {
        "purpose": purpose or "Voorbereiding op mijn ontwikkelgesprek",
        "questions": [
            {"key": "sterk", "text": "Wat doe ik goed?", "kind": "open"},
            {
                "key": "samen",
                "text": {"nl": "Hoe werken we samen?", "en": "How do we work together?"},
                "kind": "rating",
                "comment": True,
            },
        ],
        "givers": givers,
        "deadline": (today() + timedelta(days=days)).isoformat(),
        "anonymous": anonymous,
        "self_reflection": self_reflection,
    }


def colleague(people, key):
    return {"person_id": str(people[key])}


def outsider(name="Petra Extern"):
    return {"name": name, "email": f"{name.split()[0].lower()}.{uuid.uuid4().hex[:8]}@extern.example.nl"}


def link_for(tenant: str, giver_id, days: int = 30) -> str:
    """A link as the service makes it (the test knows the development secret)."""
    return links.sign(
        LINK_KEY,
        links.Link(tenant, uuid.UUID(str(giver_id)), now().replace(microsecond=0) + timedelta(days=days)),
    )


def link_in(message) -> str:
    from dialoog.testing.mailbox import text_of

    body = text_of(message)
    return body.split("/f/", 1)[1].split()[0]


OPEN_ANSWER = [
    {"question_key": "sterk", "text": "Je legt ingewikkelde regels helder uit."},
    {"question_key": "samen", "rating": 4, "comment": "Prettig en snel."},
]
