"""Content plans: the model, the TOML loader (with source lines) and presets."""

from __future__ import annotations

from pathlib import Path

from scheduler.plan.model import Account, Cadence, Engagement, Mix, Plan, Post, PostType, Target

__all__ = ["Account", "Cadence", "Engagement", "Mix", "Plan", "Post", "PostType", "Target", "load_plan"]


def load_plan(path: str | Path) -> Plan:
    """Read and parse a plan file; raises `PlanLoadError`. (Lazy import keeps `--help` fast.)"""
    from scheduler.plan.loader import load_plan as _load

    return _load(path)
