"""The lock files are what pyproject.toml asks for: a dependency added or changed without
`scripts/lock` fails here, not on a new machine."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", re.M)


def pins(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / f"{name}.txt").read_text(encoding="utf-8")
    return {canonicalize_name(m[1]): m[2] for m in PIN.finditer(text)}


@pytest.mark.parametrize(("lock", "wanted"), [
    ("run", PROJECT["dependencies"]),
    ("test", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]),
])
def test_every_dependency_is_pinned_within_its_range(lock: str, wanted: list[str]) -> None:
    pinned = pins(lock)
    for line in wanted:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is not in requirements/{lock}.txt: run scripts/lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), \
            f"requirements/{lock}.txt pins {requirement.name}=={pinned[name]}, outside {requirement}: run scripts/lock"


def test_every_pin_carries_hashes_and_the_two_locks_agree() -> None:
    run, test = pins("run"), pins("test")
    assert {name: version for name, version in test.items() if name in run} == run
    for name in ("run", "test"):
        text = (ROOT / "requirements" / f"{name}.txt").read_text(encoding="utf-8")
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
        assert all("--hash=sha256:" in block for block in blocks if PIN.match(block)), name
