"""The texts of notifications and their mails, per kind in Dutch and English, and how a mail is
made of them (plain text and HTML, the tenant's name, a link into the portal). Texts say that
something is waiting and where, never what: no personnel content (ADR 0025)."""
