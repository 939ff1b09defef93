from dialoog.feedback.persistence.tables import outbox as outbox_table
from dialoog.kit.events.outbox import Outbox

outbox = Outbox(outbox_table)
