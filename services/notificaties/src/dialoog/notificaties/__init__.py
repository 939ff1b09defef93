"""notificaties: E-mail, the in-app inbox and webhooks, made from events."""
