"""Is work on track at a date: traffic lights of targets, indicators, tasks and units.

Reads snapshots through graph.queries; never writes."""

from dutygraph.graph.progress.duty import Duty, LoopLights, duty_light
from dutygraph.graph.progress.traffic import Lights, Status, lights_at, status

__all__ = ["Duty", "Lights", "LoopLights", "Status", "duty_light", "lights_at", "status"]
