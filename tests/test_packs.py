"""Platform packs as data: every built-in pack is valid and complete; user packs merge, and a broken one is
reported with its file, line and fix (no browser here; `test_packs_e2e.py` drives pages)."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from scheduler.errors import ConfigError, PackError
from scheduler.packs import load
from scheduler.packs.load import BUILTIN_DIR, SCHEMA_PATH, builtin_platforms, user_folders
from scheduler.packs.model import STRATEGIES
from scheduler.packs.pack import pack_for, pack_of
from scheduler.plan.model import Account

SCHEMA = json.loads(SCHEMA_PATH.read_text())
BUILTIN = builtin_platforms()


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_every_installed_adapter_of_jadwal_has_a_pack() -> None:
    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert set(pyproject["project"]["entry-points"]["jadwal.platforms"]) <= set(BUILTIN)


@pytest.mark.parametrize("platform", BUILTIN)
def test_builtin_pack_is_valid_complete_and_bilingual(platform: str) -> None:
    raw = tomllib.loads((BUILTIN_DIR / f"{platform}.toml").read_text())
    as_json = json.loads(json.dumps(raw, default=str))
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
                                    ).validate(as_json)
    pack = pack_for(platform)
    assert pack is not None and pack.platform == platform
    assert {"en", "id"} <= set(pack.data.languages)
    assert pack.data.checked <= date.today()
    # every text a locator matches on is given in both UI languages (a site shows its user's language)
    for spec in [*pack.data.locators.values()]:
        for strategy in spec.fallbacks:
            if strategy.kind in ("label", "placeholder", "alt", "title", "text") or (
                    strategy.kind == "role" and strategy.texts):
                langs = {lang for lang, _text in strategy.texts}
                assert langs == {"", } or {"en", "id"} <= langs, (spec.key, strategy)
    limits = pack.data.limits
    given = [name for name in ("text", "title", "hashtags", "mentions", "posts_per_day", "term_name", "reply",
                               "reply_gap") if getattr(limits, name) is not None]
    assert given and all(getattr(limits, name).source.strip() for name in given), given  # each with its source
    assert limits.media is not None and limits.media.source and all(k.source for k in limits.media.kinds.values())
    # the checkpoints every platform may show: a second login step and a captcha (a site has more or not)
    assert {"two_factor", "captcha"} <= set(pack.data.checkpoints)
    assert set(pack.data.pacing) == {"publish", "comments", "reply"}
    assert pack.data.sources


def test_the_sandbox_pack_has_every_checkpoint_and_a_limit_of_every_kind_it_checks() -> None:
    """The sandbox exercises every mechanism, so its pack has all of them."""
    pack = pack_for("sandbox")
    assert pack is not None
    for name in ("text", "hashtags", "mentions", "posts_per_day"):
        assert getattr(pack.data.limits, name) is not None, name
    assert set(pack.data.checkpoints) == {"login_challenge", "two_factor", "captcha", "suspicious_activity",
                                          "blocked"}


def test_the_wordpress_pack_says_what_the_adapter_relies_on() -> None:
    """The login form's ids and names before labels, in both languages; WordPress 6.1's limits as the
    issue-15 findings give them; replies paced past the flood check."""
    from datetime import timedelta

    pack = pack_for("wordpress")
    assert pack is not None
    locators = pack.data.locators
    assert [s.attribute for s in locators["login.username"].fallbacks[:2]] == [("id", "user_login"), ("name", "log")]
    assert [s.attribute for s in locators["login.password"].fallbacks[:2]] == [("id", "user_pass"), ("name", "pwd")]
    assert locators["login.submit"].fallbacks[0].attribute == ("id", "wp-submit")
    assert dict(locators["login.submit"].fallbacks[2].texts) == {"en": "Log In", "id": "Masuk Log"}
    assert dict(locators["login.password"].fallbacks[2].texts) == {"en": "Password", "id": "Kata Sandi"}
    limits = pack.data.limits
    assert (limits.text, limits.title, limits.hashtags, limits.posts_per_day) == (None, None, None, None)
    assert limits.term_name is not None and limits.term_name.max == 200
    assert limits.reply is not None and limits.reply.max == 65_525
    assert limits.reply_gap is not None and limits.reply_gap.min_gap == timedelta(seconds=15)
    assert limits.media is not None and limits.media.max_count is None and not limits.media.required
    image = limits.media.kinds["image"]
    assert image.mime == ("image/jpeg", "image/png", "image/gif", "image/webp") and image.max_bytes == 2 * 1024 * 1024
    assert set(limits.media.kinds) == {"image"}  # the adapter posts pictures only
    assert pack.data.pacing["reply"].min_gap > limits.reply_gap.min_gap


def write_pack(folder: Path, text: str, platform: str = "sandbox") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{platform}.toml"
    path.write_text(text)
    return path


FIX = """\
platform = "sandbox"
version = "1.0.0-kopi1"

[locators]
"compose.submit" = [{ role = "button", name = { en = "Share now", id = "Bagikan sekarang" } }]
"""


def test_a_user_pack_with_only_the_changed_step_is_merged_over_the_builtin(tmp_path: Path) -> None:
    path = write_pack(tmp_path / "mine", FIX)
    pack = pack_for("sandbox", tmp_path / "mine")
    assert pack is not None
    assert pack.version == "1.0.0-kopi1"
    assert pack.data.origin.overrides == (path,)
    assert pack.describe() == f"sandbox pack 1.0.0-kopi1 (built in + {path})"
    [only] = pack.spec("compose.submit").fallbacks
    assert only.describe() == 'role button "Share now" / "Bagikan sekarang"'
    builtin = pack_for("sandbox")
    assert builtin is not None
    assert pack.spec("compose.text") == builtin.spec("compose.text")  # untouched steps stay
    assert pack.data.limits == builtin.data.limits


def test_the_plans_folder_wins_over_jadwal_packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_pack = write_pack(tmp_path / "env", FIX.replace("1.0.0-kopi1", "from-env"))
    plan_pack = write_pack(tmp_path / "plan", FIX.replace("1.0.0-kopi1", "from-plan"))
    monkeypatch.setenv("JADWAL_PACKS", str(tmp_path / "env"))
    assert user_folders(tmp_path / "plan") == [tmp_path / "env", tmp_path / "plan"]
    pack = pack_for("sandbox", tmp_path / "plan")
    assert pack is not None and pack.version == "from-plan"
    assert pack.data.origin.overrides == (env_pack, plan_pack)
    account = Account("ig", "sandbox", "http://x", "kopi", None, 1, packs=None)
    assert pack_of(account).version == "from-env"


def test_an_edited_pack_is_read_again(tmp_path: Path) -> None:
    path = write_pack(tmp_path, FIX)
    assert pack_for("sandbox", tmp_path).version == "1.0.0-kopi1"  # type: ignore[union-attr]
    path.write_text(FIX.replace("1.0.0-kopi1", "1.0.0-kopi2-longer"))
    assert pack_for("sandbox", tmp_path).version == "1.0.0-kopi2-longer"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ('"compose.text" = [{ css = "textarea" }, { label = "Post text" }]', 5,
         "locators.compose.text: fallback 2 (label) comes after a CSS selector"),
        ('"compose.text" = [{ css = "//textarea" }]', 5,
         "locators.compose.text.0.css: '//textarea' looks like XPath, which packs never use"),
        ('"compose.text" = [{ css = "xpath=//textarea" }]', 5,
         "locators.compose.text.0.css: 'xpath=//textarea' looks like XPath, which packs never use"),
        ('"compose.text" = [{ label = "A", css = "textarea" }]', 5, "locators.compose.text.0:"),
        ('"compose.text" = [{ label = { en = "A", fr = "B" } }]', 5,
         "locators.compose.text: fallback 1 gives a text in fr, which the pack's `languages` does not list"),
        ('"compose.text" = [{ label = "A", name = "B" }]', 5,
         "locators.compose.text: fallback 1: `name` belongs to a `role`"),
        ('"compose.text" = []', 5, "locators.compose.text: [] should be non-empty"),
        ('"compose" = [{ label = "A" }]', 4, "locators: 'compose' does not match"),
    ],
)
def test_a_broken_user_pack_names_file_line_and_fix(tmp_path: Path, body: str, line: int, message: str) -> None:
    path = write_pack(tmp_path, f'platform = "sandbox"\nversion = "x"\n\n[locators]\n{body}\n')
    with pytest.raises(PackError) as raised:
        pack_for("sandbox", tmp_path)
    error = raised.value
    assert error.file == str(path)
    assert error.line == line or (error.line is not None and error.line <= line)
    assert error.message.startswith(f"{path}:{error.line}: {message}"), error.message
    assert error.hint


def test_a_user_pack_for_another_platform_or_with_a_bad_limit_is_refused(tmp_path: Path) -> None:
    write_pack(tmp_path, 'platform = "instagram"\nversion = "1"\n')
    with pytest.raises(PackError, match="this pack is for platform 'instagram'"):
        pack_for("sandbox", tmp_path)
    write_pack(tmp_path, 'platform = "sandbox"\nversion = "1"\n[limits.text]\nmax = 10\n')
    with pytest.raises(PackError) as raised:
        pack_for("sandbox", tmp_path)
    assert raised.value.message.endswith("sandbox.toml:3: limits.text: 'source' is a required property")
    assert raised.value.line == 3
    write_pack(tmp_path, 'platform = "sandbox"\nversion = "1"\n[pacing]\npublish = { min_gap = "soon" }\n')
    with pytest.raises(PackError, match="pacing.publish.min_gap"):
        pack_for("sandbox", tmp_path)


def test_a_platform_without_builtin_needs_a_whole_pack(tmp_path: Path) -> None:
    write_pack(tmp_path, 'platform = "myspace"\nversion = "1"\n', platform="myspace")
    with pytest.raises(PackError, match="'checked' is a required property"):
        pack_for("myspace", tmp_path)
    assert pack_for("myspace") is None
    with pytest.raises(ConfigError, match="there is no pack for platform 'myspace'"):
        pack_of(Account("x", "myspace", "http://x", "x", None, 1))
    whole = (BUILTIN_DIR / "sandbox.toml").read_text().replace('platform = "sandbox"', 'platform = "myspace"')
    write_pack(tmp_path, whole, platform="myspace")
    pack = pack_for("myspace", tmp_path)
    assert pack is not None and pack.data.origin.builtin is None


def test_strategies_are_preferred_in_order_css_last() -> None:
    assert STRATEGIES[-1] == "css"
    assert "xpath" not in STRATEGIES
    assert load.MERGED_BY_ENTRY == ("locators", "checkpoints", "dialogs", "limits", "pacing", "patterns")


def test_a_plan_names_its_packs_folder_and_an_accounts_profile(tmp_path: Path) -> None:
    from scheduler.plan import load_plan

    path = tmp_path / "plan.toml"
    path.write_text('[plan]\nname = "p"\ngoal = "g"\ntimezone = "UTC"\nstart = 2026-12-01\nend = 2026-12-01\n'
                    'packs = "mypacks"\n\n[[account]]\nid = "ig"\nplatform = "sandbox"\nprofile = "profiles/ig"\n')
    plan = load_plan(path)
    assert plan.packs == tmp_path / "mypacks"
    assert plan.accounts["ig"].profile == tmp_path / "profiles" / "ig"
    assert plan.accounts["ig"].packs == tmp_path / "mypacks"  # adapters built from the account find them
    write_pack(tmp_path / "mypacks", FIX)
    assert pack_of(plan.accounts["ig"]).version == "1.0.0-kopi1"


def test_platforms_shows_each_pack_its_version_and_origin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from scheduler.cli import cli

    result = CliRunner().invoke(cli, ["platforms"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("sandbox "))
    checked = pack_for("sandbox").data.checked  # type: ignore[union-attr]
    assert row.endswith(f"pack 1.0.0 (checked {checked}; built in)")
    row = next(line for line in result.output.splitlines() if line.startswith("wordpress "))
    assert row.endswith(f"pack 1.0.0 (checked {pack_for('wordpress').data.checked}; built in)")  # type: ignore[union-attr]
    path = write_pack(tmp_path / "env", FIX)
    monkeypatch.setenv("JADWAL_PACKS", str(tmp_path / "env"))
    row = next(line for line in CliRunner().invoke(cli, ["platforms"]).output.splitlines()
               if line.startswith("sandbox "))
    assert row.endswith(f"pack 1.0.0-kopi1 (checked {checked}; built in + {path})")
    path.write_text('platform = "sandbox"\nversion = "x"\n[locators]\n"compose.text" = [{ css = "//x" }]\n')
    result = CliRunner().invoke(cli, ["platforms"])
    assert result.exit_code == 1
    assert f"pack INVALID: {path}:4: locators.compose.text.0.css" in result.output


def test_a_pack_broken_under_a_running_daemon_fails_the_post_before_any_browser(tmp_path: Path) -> None:
    """A PlatformError the daemon files as a failed attempt (retrying would not help), not an unknown outcome."""
    from datetime import datetime, timezone

    from scheduler.browser_publisher import BrowserPublisher
    from scheduler.errors import PlatformError
    from scheduler.plan.model import Post

    write_pack(tmp_path / "mine", 'platform = "sandbox"\nversion = "x"\n[locators]\n"compose.text" = []\n')
    account = Account("ig", "sandbox", "http://127.0.0.1:1", "kopi", None, 1, packs=tmp_path / "mine")
    at = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
    publisher = BrowserPublisher(tmp_path / "failures")
    with pytest.raises(PackError) as raised:
        publisher.publish(account, Post("p1", "ig", at, at.replace(tzinfo=None), "tips", "Halo"))
    assert isinstance(raised.value, PlatformError) and not raised.value.retryable
    assert not publisher.active  # found out before a browser was started
