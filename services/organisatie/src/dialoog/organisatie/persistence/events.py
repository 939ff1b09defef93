from dialoog.kit.events.outbox import Outbox
from dialoog.organisatie.persistence.tables import outbox as outbox_table

outbox = Outbox(outbox_table)
