"""Adapters are found through the `jadwal.platforms` entry-point group, like third-party plugins."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.errors import ConfigError
from scheduler.platforms import registry


def _install_fake_plugin(root: Path, monkeypatch: pytest.MonkeyPatch, module_body: str, *, name: str = "fake") -> None:
    """A real (unpacked) distribution `jadwal-fake` on sys.path, as pip would leave it."""
    module = f"jadwal_{name}_plugin"
    (root / f"{module}.py").write_text(textwrap.dedent(module_body))
    info = root / f"jadwal_{name}-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: jadwal-{name}\nVersion: 1.2.3\n")
    (info / "entry_points.txt").write_text(f"[jadwal.platforms]\n{name} = {module}:Adapter\n")
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.delitem(sys.modules, module, raising=False)


GOOD_PLUGIN = """
    class Adapter:
        name = "fake"
        post_metric_names = ("likes",)
        def __init__(self, account): self.account = account
        def login(self, page, credentials): pass
        def check_session(self, page): pass
        def publish(self, page, draft, *, dry_run=False): return None
        def find_published(self, page, draft, *, since): return None
        def comments(self, page, ref): return []
        def reply(self, page, ref, comment_id, text): raise NotImplementedError
        def metrics(self, page): return {}
        def post_metrics(self, page, ref): return {"likes": 1}
"""


def test_builtin_sandbox_adapter_is_registered_like_a_plugin() -> None:
    found = registry.available()
    assert found["sandbox"].value == "scheduler.platforms.sandbox:SandboxAdapter"
    cls = registry.get_adapter_class("sandbox")
    assert cls.name == "sandbox"
    assert registry.describe(found["sandbox"]).startswith("jadwal ")


def test_third_party_plugin_is_discovered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install_fake_plugin(tmp_path, monkeypatch, GOOD_PLUGIN)
    assert "fake" in registry.available()
    cls = registry.get_adapter_class("fake")
    assert cls.__module__ == "jadwal_fake_plugin"
    assert registry.describe(registry.available()["fake"]) == "jadwal-fake 1.2.3"


def test_platforms_command_lists_package_and_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scheduler.cli import cli

    _install_fake_plugin(tmp_path, monkeypatch, GOOD_PLUGIN)
    result = CliRunner().invoke(cli, ["platforms"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.split()[:3] == ["fake", "jadwal-fake", "1.2.3"] for line in lines), result.output
    assert any(line.split()[:2] == ["sandbox", "jadwal"] for line in lines), result.output


def test_unknown_platform_names_installed_ones_and_the_fix() -> None:
    with pytest.raises(ConfigError) as info:
        registry.get_adapter_class("mastodon")
    assert info.value.message.startswith("no platform adapter named 'mastodon' is installed (installed: ")
    assert "sandbox" in info.value.message
    assert "pip install jadwal-mastodon" in info.value.hint


def test_plugin_missing_protocol_methods_is_rejected_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install_fake_plugin(
        tmp_path,
        monkeypatch,
        """
        class Adapter:
            name = "fake"
            def login(self, page, credentials): pass
            def publish(self, page, draft, *, dry_run=False): return None
        """,
    )
    with pytest.raises(ConfigError) as info:
        registry.get_adapter_class("fake")
    message = info.value.message
    assert "'fake' (jadwal_fake_plugin:Adapter, from jadwal-fake 1.2.3)" in message
    assert message.endswith("lacks method(s): check_session, find_published, comments, reply, metrics, "
                            "post_metrics")


@pytest.mark.parametrize(("declared", "said"), [
    ("", "has no `post_metric_names` tuple"),
    ('post_metric_names = ("likes", "hearts")', "declares unknown per-post metric(s): hearts (known: likes, "),
])
def test_plugin_must_declare_the_per_post_metrics_it_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           declared: str, said: str) -> None:
    body = GOOD_PLUGIN.replace('post_metric_names = ("likes",)', declared)
    _install_fake_plugin(tmp_path, monkeypatch, body)
    with pytest.raises(ConfigError) as info:
        registry.get_adapter_class("fake")
    assert said in info.value.message


def test_builtin_adapters_declare_what_they_read_per_post() -> None:
    assert registry.get_adapter_class("sandbox").post_metric_names == ("likes", "comments", "views")
    assert registry.get_adapter_class("wordpress").post_metric_names == ("comments",)


def test_plugin_that_is_not_a_class_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install_fake_plugin(tmp_path, monkeypatch, "Adapter = 42\n")
    with pytest.raises(ConfigError, match=r"'fake' .* is not a class"):
        registry.get_adapter_class("fake")


def test_plugin_that_fails_to_import_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install_fake_plugin(tmp_path, monkeypatch, "import no_such_module_for_jadwal\n")
    with pytest.raises(ConfigError) as info:
        registry.get_adapter_class("fake")
    assert "'fake' (jadwal_fake_plugin:Adapter, from jadwal-fake 1.2.3) failed to load" in info.value.message
    assert "no_such_module_for_jadwal" in info.value.message
