from dialoog.kit.events.outbox import Outbox
from dialoog.portfolio.persistence.tables import outbox as outbox_table

outbox = Outbox(outbox_table)
