"""Title and body of each kind, in Dutch and English. `{placeholders}` are the rule's `params`
(counts, dates, a year) and `tenant`; nothing else can appear."""

from __future__ import annotations

TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "salaris.round.opened": {
        "nl": ("De salarisronde {year} is geopend", "De salarisronde {year} staat open tot {deadline}."),
        "en": ("The {year} salary round is open", "The {year} salary round is open until {deadline}."),
    },
    "salaris.round.tasks_assigned": {
        "nl": (
            "Er staan salarisbesluiten voor u klaar",
            "U heeft {count} salarisbesluit(en) te nemen, uiterlijk {deadline}.",
        ),
        "en": (
            "Salary decisions are waiting for you",
            "You have {count} salary decision(s) to make by {deadline}.",
        ),
    },
    "salaris.round.reminder_due": {
        "nl": (
            "Herinnering: salarisbesluiten nog open",
            "Er staan nog {open} salarisbesluit(en) open; de termijn eindigt op {deadline}.",
        ),
        "en": (
            "Reminder: salary decisions still open",
            "{open} salary decision(s) are still open; the term ends on {deadline}.",
        ),
    },
    "salaris.round.escalated": {
        "nl": ("Salarisronde: besluiten over de termijn", "Na de termijn staan nog {open} besluit(en) open."),
        "en": ("Salary round: decisions past the term", "{open} decision(s) are still open after the term."),
    },
    "salaris.decision.returned": {
        "nl": (
            "Een salarisbesluit is teruggelegd",
            "Een salarisbesluit is aan u teruggelegd om aan te passen.",
        ),
        "en": ("A salary decision was returned", "A salary decision was returned to you to revise."),
    },
    "salaris.letter.issued": {
        "nl": (
            "Er staat een salarisbesluit voor u klaar",
            "Er staat een besluit over uw salaris voor u klaar. Bezwaar kan tot en met {objection_deadline}.",
        ),
        "en": (
            "A salary decision is ready for you",
            "A decision about your salary is ready for you. You may object until {objection_deadline}.",
        ),
    },
    "salaris.objection.filed": {
        "nl": ("Nieuw bezwaar tegen een salarisbesluit", "Er is bezwaar gemaakt tegen een salarisbesluit."),
        "en": ("New objection to a salary decision", "An objection to a salary decision was filed."),
    },
    "salaris.objection.state_changed": {
        "nl": ("Uw bezwaar is bijgewerkt", "Er is iets veranderd aan uw bezwaar."),
        "en": ("Your objection was updated", "Something changed about your objection."),
    },
    "portfolio.agreement.confirmed": {
        "nl": ("Een afspraak is bevestigd", "Een afspraak in het portfolio is door beiden bevestigd."),
        "en": ("An agreement was confirmed", "An agreement in the portfolio was confirmed by both."),
    },
    "portfolio.talk.recorded": {
        "nl": ("Een gesprek is vastgelegd", "Er is een gesprek in uw portfolio vastgelegd."),
        "en": ("A talk was recorded", "A talk was recorded in your portfolio."),
    },
    "portfolio.conclusion.recorded": {
        "nl": ("Een conclusie is vastgelegd", "Er is een conclusie in uw portfolio vastgelegd."),
        "en": ("A conclusion was recorded", "A conclusion was recorded in your portfolio."),
    },
    "portfolio.assessment.requested": {
        "nl": ("Een beoordelingsgesprek is aangevraagd", "Er is een beoordelingsgesprek aangevraagd."),
        "en": ("An assessment talk was requested", "An assessment talk was requested."),
    },
    "portfolio.assessment.established": {
        "nl": (
            "Er staat een beoordeling voor u klaar",
            "Er staat een beoordeling voor u klaar. Bezwaar kan tot en met {objection_deadline}.",
        ),
        "en": (
            "An assessment is ready for you",
            "An assessment is ready for you. You may object until {objection_deadline}.",
        ),
    },
    "portfolio.decision.established": {
        "nl": (
            "Er staat een besluit voor u klaar",
            "Er staat een besluit voor u klaar. Bezwaar kan tot en met {objection_deadline}.",
        ),
        "en": (
            "A decision is ready for you",
            "A decision is ready for you. You may object until {objection_deadline}.",
        ),
    },
    "portfolio.escalation.raised": {
        "nl": ("Een meningsverschil is aan u voorgelegd", "Een meningsverschil is aan u voorgelegd."),
        "en": ("A disagreement was escalated to you", "A disagreement was escalated to you."),
    },
    "portfolio.objection.filed": {
        "nl": ("Nieuw bezwaar tegen een beoordeling", "Er is bezwaar gemaakt tegen een beoordeling."),
        "en": ("New objection to an assessment", "An objection to an assessment was filed."),
    },
    "portfolio.objection.status_changed": {
        "nl": ("Uw bezwaar is bijgewerkt", "Er is iets veranderd aan uw bezwaar."),
        "en": ("Your objection was updated", "Something changed about your objection."),
    },
    "portfolio.decision_objection.filed": {
        "nl": ("Nieuw bezwaar tegen een besluit", "Er is bezwaar gemaakt tegen een besluit."),
        "en": ("New objection to a decision", "An objection to a decision was filed."),
    },
    "portfolio.decision_objection.status_changed": {
        "nl": ("Uw bezwaar is bijgewerkt", "Er is iets veranderd aan uw bezwaar."),
        "en": ("Your objection was updated", "Something changed about your objection."),
    },
    "feedback.request.created": {
        "nl": ("Er is feedback aan u gevraagd", "Een collega vraagt uw feedback, graag vóór {deadline}."),
        "en": (
            "Your feedback was asked for",
            "A colleague asks for your feedback, preferably by {deadline}.",
        ),
    },
    "feedback.request.givers_added": {
        "nl": ("Er is feedback aan u gevraagd", "Een collega vraagt uw feedback."),
        "en": ("Your feedback was asked for", "A colleague asks for your feedback."),
    },
    "feedback.request.reminded": {
        "nl": ("Herinnering: feedback gevraagd", "Een collega wacht nog op uw feedback."),
        "en": ("Reminder: feedback asked for", "A colleague is still waiting for your feedback."),
    },
    "feedback.request.answered": {
        "nl": (
            "Er is feedback gegeven",
            "Er is feedback gegeven op uw verzoek ({answered} antwoord(en) tot nu toe).",
        ),
        "en": ("Feedback was given", "Feedback was given on your request ({answered} answer(s) so far)."),
    },
    "feedback.request.declined": {
        "nl": ("Een verzoek om feedback is afgeslagen", "Iemand heeft uw verzoek om feedback afgeslagen."),
        "en": ("A feedback request was declined", "Someone declined your request for feedback."),
    },
    "feedback.request.expired": {
        "nl": ("Uw verzoek om feedback is verlopen", "De termijn van uw verzoek om feedback is voorbij."),
        "en": ("Your feedback request expired", "The term of your feedback request has passed."),
    },
    "notificaties.webhook.disabled": {
        "nl": (
            "Een webhook is uitgezet",
            "Een webhook van {tenant} is uitgezet en ontvangt geen berichten meer.",
        ),
        "en": (
            "A webhook was switched off",
            "A webhook of {tenant} was switched off and receives nothing anymore.",
        ),
    },
    # --- reminders (ADR 0030) ---------------------------------------------------------------
    "notificaties.reminder.feedback_deadline_giver": {
        "nl": (
            "Herinnering: er wordt nog feedback van u gevraagd",
            "Een collega vroeg u om feedback; de termijn loopt tot en met {deadline}.",
        ),
        "en": (
            "Reminder: your feedback is still asked for",
            "A colleague asked you for feedback; the term runs until {deadline}.",
        ),
    },
    "notificaties.reminder.feedback_deadline_requester": {
        "nl": (
            "Herinnering: de termijn van uw feedbackvraag loopt af",
            "Uw feedbackvraag staat open tot en met {deadline}. U kunt wie nog niet antwoordde een herinnering sturen.",
        ),
        "en": (
            "Reminder: the term of your feedback request is ending",
            "Your feedback request is open until {deadline}. You can remind those who have not answered.",
        ),
    },
    "notificaties.reminder.objection_term_salaris": {
        "nl": (
            "Herinnering: de bezwaartermijn loopt af",
            "Bezwaar tegen het besluit over uw salaris kan tot en met {last_day}.",
        ),
        "en": (
            "Reminder: the objection term is ending",
            "You may object to the decision about your salary until {last_day}.",
        ),
    },
    "notificaties.reminder.objection_term_portfolio": {
        "nl": (
            "Herinnering: de bezwaartermijn loopt af",
            "Bezwaar tegen het besluit in uw portfolio kan tot en met {last_day}.",
        ),
        "en": (
            "Reminder: the objection term is ending",
            "You may object to the decision in your portfolio until {last_day}.",
        ),
    },
    "notificaties.reminder.halfway_talk": {
        "nl": (
            "Herinnering: het voortgangsgesprek",
            "Halverwege {year} staat een voortgangsgesprek gepland dat nog niet is vastgelegd.",
        ),
        "en": (
            "Reminder: the progress talk",
            "A progress talk halfway {year} has not been recorded yet.",
        ),
    },
    "notificaties.reminder.talk_this_year": {
        "nl": (
            "Herinnering: nog geen goed gesprek dit jaar",
            "Er is in {year} nog geen goed gesprek vastgelegd; het jaar eindigt op {day}.",
        ),
        "en": (
            "Reminder: no good talk this year yet",
            "No good talk has been recorded in {year} yet; the year ends on {day}.",
        ),
    },
    "notificaties.reminder.conclusion_due": {
        "nl": (
            "Herinnering: de conclusie van dit jaar",
            "De conclusie over {year} is nog niet vastgelegd; het jaar eindigt op {day}.",
        ),
        "en": (
            "Reminder: this year's conclusion",
            "The conclusion for {year} has not been recorded yet; the year ends on {day}.",
        ),
    },
}

CHROME: dict[str, dict[str, str]] = {
    "nl": {
        "greeting": "Beste {name},",
        "open": "Bekijk het in Dialoog",
        "footer": "Dit bericht is verstuurd door Dialoog namens {tenant}. U ontvangt het omdat u daar werkt.",
        "preferences": "Uw e-mailvoorkeuren wijzigen: {url}",
        "unsubscribe": "Geen e-mail meer over dit onderwerp: {url}",
        "digest_subject": "{count} nieuwe meldingen in Dialoog",
        "digest_intro": "Dit zijn uw meldingen sinds de vorige samenvatting:",
    },
    "en": {
        "greeting": "Dear {name},",
        "open": "View it in Dialoog",
        "footer": "This message was sent by Dialoog on behalf of {tenant}. You receive it because you work there.",
        "preferences": "Change your e-mail preferences: {url}",
        "unsubscribe": "No more e-mail about this: {url}",
        "digest_subject": "{count} new notifications in Dialoog",
        "digest_intro": "These are your notifications since the previous digest:",
    },
}
