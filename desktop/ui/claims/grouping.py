"""Which claims are about the same thing: the timeline's groups come from the services' read
side (:mod:`desktop.services.timeline`); this module names them for the timeline widget."""

from __future__ import annotations

from desktop.services.timeline import SAME_THING, TimelineGroup, counted_nouns, parse_date, timeline_groups

__all__ = ["SAME_THING", "TimelineGroup", "counted_nouns", "parse_date", "timeline_groups"]
