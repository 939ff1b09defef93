"""The rules: for each event type notificaties listens to, who is told, in which category, with
which template (the rule's `kind`) and link, and whether it is always sent at once (a formal notice
or a notice about the tenant's own platform). Data, one entry per event type (ADR 0025).

Audiences, resolved by `dialoog.notificaties.service.recipients` from notificaties' projection of
organisatie:
- `employee`: the payload's `employee_id` (or the employee of the payload's assessment/decision)
- `manager`: the payload's `manager_id`, else the manager and delegate of the employee
- `managers`: the payload's `manager_ids`
- `requester`: the payload's `requester_id` (feedback)
- `colleagues`: the payload's `colleague_ids` (feedback)
- `target`: the payload's `target_person` (an escalation to a named person)
- `hr`: everyone with the `hr_advisor` role
- `tenant_admins`: everyone with the `tenant_admin` role

Links are portal paths, formatted with the payload's fields. Templates say that something is
waiting and where, never what (no personnel content); `params` names the payload fields a template
may show (counts, dates, a year)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Category = Literal["task", "reminder", "decision", "feedback", "information"]
CATEGORIES: tuple[Category, ...] = ("task", "reminder", "decision", "feedback", "information")
Audience = Literal[
    "employee", "manager", "managers", "requester", "colleagues", "target", "hr", "tenant_admins"
]


@dataclass(frozen=True)
class Rule:
    event_type: str
    audience: tuple[Audience, ...]
    category: Category
    link: str
    params: tuple[str, ...] = ()
    always_sent: bool = False  # e-mailed at once whatever the preference (ADR 0025)
    # Where a recipient of one audience does it, when that differs from `link` (a manager opens
    # her employee's portfolio, HR its own pages).
    links: tuple[tuple[Audience, str], ...] = ()

    def link_for(self, audience: Audience | None) -> str:
        return dict(self.links).get(audience, self.link) if audience else self.link

    @property
    def kind(self) -> str:
        """`salaris.round.tasks_assigned`: the rule's key, the template's name."""
        service, entity, event = self.event_type.removeprefix("nl.dialoog.").split(".")[:3]
        return f"{service}.{entity}.{event}"


def _t(service: str, entity: str, event: str) -> str:
    return f"nl.dialoog.{service}.{entity}.{event}.v1"


RULES: dict[str, Rule] = {
    r.event_type: r
    for r in (
        # --- salaris: the year-end round -----------------------------------------------------
        Rule(_t("salaris", "round", "opened"), ("hr",), "information", "/hr/salaris", ("year", "deadline")),
        Rule(
            _t("salaris", "round", "tasks_assigned"),
            ("manager",),
            "task",
            "/team/salaris",
            ("count", "deadline"),
        ),
        Rule(
            _t("salaris", "round", "reminder_due"),
            ("manager",),
            "reminder",
            "/team/salaris",
            ("open", "deadline", "days_left"),
        ),
        Rule(_t("salaris", "round", "escalated"), ("hr",), "task", "/hr/salaris", ("open",)),
        Rule(_t("salaris", "decision", "returned"), ("manager",), "task", "/team/salaris/{decision_id}"),
        Rule(
            _t("salaris", "letter", "issued"),
            ("employee",),
            "decision",
            "/salaris",
            ("objection_deadline",),
            always_sent=True,
        ),
        Rule(_t("salaris", "objection", "filed"), ("hr",), "task", "/hr/salaris/bezwaren"),
        Rule(_t("salaris", "objection", "state_changed"), ("employee",), "decision", "/salaris"),
        # --- portfolio -----------------------------------------------------------------------
        Rule(
            _t("portfolio", "agreement", "confirmed"),
            ("employee", "manager"),
            "information",
            "/portfolio",
            links=(("manager", "/portfolio/{employee_id}"),),
        ),
        Rule(_t("portfolio", "talk", "recorded"), ("employee",), "information", "/portfolio"),
        Rule(_t("portfolio", "conclusion", "recorded"), ("employee",), "information", "/portfolio"),
        Rule(
            _t("portfolio", "assessment", "requested"), ("manager", "hr"), "task", "/portfolio/{employee_id}"
        ),
        Rule(
            _t("portfolio", "assessment", "established"),
            ("employee",),
            "decision",
            "/portfolio",
            ("objection_deadline",),
            always_sent=True,
        ),
        Rule(
            _t("portfolio", "decision", "established"),
            ("employee",),
            "decision",
            "/portfolio",
            ("objection_deadline",),
            always_sent=True,
        ),
        Rule(_t("portfolio", "escalation", "raised"), ("target",), "task", "/portfolio/{employee_id}"),
        Rule(_t("portfolio", "objection", "filed"), ("hr",), "task", "/hr/bezwaren"),
        Rule(_t("portfolio", "objection", "status_changed"), ("employee",), "decision", "/portfolio"),
        Rule(_t("portfolio", "decision_objection", "filed"), ("hr",), "task", "/hr/bezwaren"),
        Rule(
            _t("portfolio", "decision_objection", "status_changed"), ("employee",), "decision", "/portfolio"
        ),
        # --- feedback (the anonymity rule applies upstream: events name no giver) ---------------
        Rule(
            _t("feedback", "request", "created"),
            ("colleagues",),
            "feedback",
            "/feedback/gevraagd",
            ("deadline",),
        ),
        Rule(
            _t("feedback", "request", "givers_added"),
            ("colleagues",),
            "feedback",
            "/feedback/gevraagd",
        ),
        Rule(
            _t("feedback", "request", "reminded"),
            ("colleagues",),
            "reminder",
            "/feedback/gevraagd",
        ),
        Rule(
            _t("feedback", "request", "answered"),
            ("requester",),
            "feedback",
            "/feedback/{request_id}",
            ("answered",),
        ),
        Rule(_t("feedback", "request", "declined"), ("requester",), "feedback", "/feedback/{request_id}"),
        Rule(
            _t("feedback", "request", "expired"),
            ("requester",),
            "feedback",
            "/feedback/{request_id}",
            ("answered",),
        ),
        # --- notificaties: the tenant's own platform -------------------------------------------
        Rule(
            _t("notificaties", "webhook", "disabled"),
            ("tenant_admins",),
            "information",
            "/beheer/webhooks",
            ("reason",),
            always_sent=True,
        ),
    )
}


def _reminder(name: str) -> str:
    return f"nl.dialoog.notificaties.reminder.{name}.v1"


# Reminders (ADR 0030): made by the reminder workflows at their moments, not by an event, so
# their "event types" are names in notificaties' own space that no stream carries. The texts may
# show the subject's day (`deadline`, `last_day`, `year`), never what it is about.
REMINDER_RULES: dict[str, Rule] = {
    r.kind.split(".")[-1]: r
    for r in (
        # the colleagues who have not answered a request that is not anonymous
        Rule(
            _reminder("feedback_deadline_giver"),
            ("colleagues",),
            "reminder",
            "/feedback/gevraagd",
            ("deadline",),
        ),
        # the asker, who can remind whoever has not answered (for an anonymous request only she can)
        Rule(
            _reminder("feedback_deadline_requester"),
            ("requester",),
            "reminder",
            "/feedback/{request_id}",
            ("deadline",),
        ),
        # the end of a legal term: always sent, as the letter that started it (ADR 0025)
        Rule(
            _reminder("objection_term_salaris"),
            ("employee",),
            "reminder",
            "/salaris",
            ("last_day",),
            always_sent=True,
        ),
        Rule(
            _reminder("objection_term_portfolio"),
            ("employee",),
            "reminder",
            "/portfolio",
            ("last_day",),
            always_sent=True,
        ),
        # what the tenant's cycle still expects: the employee her own portfolio, the manager hers
        *(
            Rule(
                _reminder(name),
                ("employee", "manager"),
                "reminder",
                "/portfolio",
                ("year", "day"),
                links=(("manager", "/portfolio/{employee_id}"),),
            )
            for name in ("halfway_talk", "talk_this_year", "conclusion_due")
        ),
    )
}


# The kinds that are always e-mailed at once (shown read-only on the preferences page).
ALWAYS_SENT: tuple[str, ...] = tuple(
    sorted(r.kind for r in (*RULES.values(), *REMINDER_RULES.values()) if r.always_sent)
)
# The event types each stream's consumer asks for.
SERVICES: tuple[str, ...] = ("salaris", "portfolio", "feedback", "notificaties")


def rule_for(event_type: str) -> Rule | None:
    return RULES.get(event_type)


def subjects_of(service: str) -> list[str]:
    """NATS subjects of the events of `service` that have a rule."""
    out = []
    for rule in RULES.values():
        svc, entity, event = rule.kind.split(".")
        if svc == service:
            out.append(f"hr.*.{svc}.{entity}.{event}")
    return sorted(out)


def link_of(rule: Rule, data: dict, audience: Audience | None = None) -> str:
    """The portal path for a recipient of `audience`, filled from the payload."""
    return rule.link_for(audience).format(**{k: v for k, v in data.items() if isinstance(v, str | int)})


def params_of(rule: Rule, data: dict) -> dict:
    return {k: data[k] for k in rule.params if k in data}
