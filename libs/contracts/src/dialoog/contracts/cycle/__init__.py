"""A tenant's HR conversation cycle as data: the schema, the three presets, versions and diffs."""

from dialoog.contracts.cycle.presets import PRESETS, preset
from dialoog.contracts.cycle.schema import CycleDefinition

__all__ = ["PRESETS", "CycleDefinition", "preset"]
