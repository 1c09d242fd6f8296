"""Finding platform adapters: the `jadwal.platforms` entry-point group.

The built-in `sandbox` adapter is registered in jadwal's own `pyproject.toml`
exactly as a third-party `jadwal-foo` package would register `foo`, so there is
one path for both. A loaded class is checked against the `Adapter` protocol
here, once, so a broken plugin fails with its name instead of an
`AttributeError` in the middle of a publish.
"""

from __future__ import annotations

import inspect
from importlib.metadata import EntryPoint, entry_points

from scheduler.errors import ConfigError
from scheduler.platforms.base import POST_METRICS, Adapter

GROUP = "jadwal.platforms"

#: what every adapter class must provide, read off the protocol itself
REQUIRED_METHODS: tuple[str, ...] = tuple(
    name for name, value in vars(Adapter).items() if not name.startswith("_") and inspect.isfunction(value)
)


def available() -> dict[str, EntryPoint]:
    """Installed adapters by platform name (not imported yet)."""
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def describe(ep: EntryPoint) -> str:
    """`package version` of the distribution that ships an entry point (for messages and listings)."""
    dist = ep.dist
    return f"{dist.name} {dist.version}" if dist is not None else "unknown package"


def get_adapter_class(name: str) -> type[Adapter]:
    """The adapter class registered as `name`, imported and checked against the protocol."""
    found = available()
    ep = found.get(name)
    if ep is None:
        installed = ", ".join(sorted(found)) or "none"
        raise ConfigError(
            f"no platform adapter named {name!r} is installed (installed: {installed})",
            f"check the account's `platform`, or install the adapter: pip install jadwal-{name}",
        )
    try:
        cls = ep.load()
    except Exception as exc:  # noqa: BLE001 - any import failure is the plugin's, reported with its name
        raise ConfigError(
            f"the platform adapter {name!r} ({ep.value}, from {describe(ep)}) failed to load: {exc}",
            "reinstall or upgrade the package that provides it, or uninstall it",
        ) from exc
    check_adapter_class(name, ep, cls)
    return cls


def check_adapter_class(name: str, ep: EntryPoint, cls: object) -> None:
    """Raise `ConfigError` naming the plugin unless `cls` is a class with every protocol method."""
    where = f"the platform adapter {name!r} ({ep.value}, from {describe(ep)})"
    hint = "the plugin does not implement jadwal's Adapter protocol; upgrade it or report it to its author"
    if not inspect.isclass(cls):
        raise ConfigError(f"{where} is not a class", hint)
    missing = [m for m in REQUIRED_METHODS if not callable(getattr(cls, m, None))]
    if missing:
        raise ConfigError(f"{where} lacks method(s): {', '.join(missing)}", hint)
    if not isinstance(getattr(cls, "name", None), str):
        raise ConfigError(f"{where} has no `name` class attribute", hint)
    declared = getattr(cls, "post_metric_names", None)
    if not isinstance(declared, tuple) or not all(isinstance(m, str) for m in declared):
        raise ConfigError(f"{where} has no `post_metric_names` tuple (the per-post numbers it reads)", hint)
    unknown = [m for m in declared if m not in POST_METRICS]
    if unknown:
        raise ConfigError(f"{where} declares unknown per-post metric(s): {', '.join(unknown)} "
                          f"(known: {', '.join(POST_METRICS)})", hint)
