"""Messages in English and Indonesian: the catalog is complete and compiled, and the language is chosen
by --lang, JADWAL_LANG or the locale (English by default)."""

from __future__ import annotations

import gettext
import json
import importlib.util
import os
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from scheduler import i18n

ROOT = Path(__file__).parents[1]
JADWAL = [sys.executable, "-m", "scheduler"]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """Other tests assert English messages: never leave Indonesian behind."""
    yield
    i18n.set_language("en")


def fields(text: str) -> set[str]:
    """The named placeholders of a str.format template ('{a} {b:.1f}' -> {'a', 'b'})."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def env(**extra: str) -> dict[str, str]:
    """The environment without any language setting, plus `extra`."""
    out = {k: v for k, v in os.environ.items() if k not in ("JADWAL_LANG", *i18n.LOCALE_VARS)}
    return out | extra


def jadwal(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JADWAL, *args], cwd=ROOT, env=env(**extra), capture_output=True, text=True,
                          timeout=60)


# -- the catalog -------------------------------------------------------------------------------------


def test_every_message_in_the_code_has_an_indonesian_translation() -> None:
    catalog = SCRIPT.load_po()
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    ids = [m.id if isinstance(m.id, str) else m.id[0] for m in SCRIPT.extract() if m.id]
    assert len(ids) > 100  # the extraction really finds the wrapped messages
    missing = [i for i in ids if i not in translated]
    empty = [i for i in ids if i in translated and (
        translated[i].fuzzy or not all(translated[i].string if isinstance(translated[i].string, tuple)
                                       else (translated[i].string,)))]
    assert not missing, f"run scripts/i18n.py and translate: {missing}"
    assert not empty, f"translate in jadwal.po: {empty}"


def test_placeholders_of_each_translation_match_its_msgid() -> None:
    bad = []
    for message in SCRIPT.load_po():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        want = set().union(*map(fields, ids))
        if len(set(map(frozenset, map(fields, ids)))) == 1:  # both forms name the same fields: each keeps them all
            bad += [(ids[0], s) for s in strings if fields(s) != want]
        else:  # forms differ (click's "Did you mean {possibility}?" / "{possibilities}"): together they keep all
            bad += [(ids[0], s) for s in strings if not fields(s) <= want]
            bad += [(ids[0], "") for _ in [0] if set().union(*map(fields, strings)) != want]
    assert not bad


def test_compiled_catalog_is_the_po_file() -> None:
    """The committed .mo must hold jadwal.po's messages: a stale .mo fails here (its header, which
    names the babel release that compiled it, may differ)."""
    assert not SCRIPT.is_stale(), "run scripts/i18n.py"
    with SCRIPT.MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.gettext("Aborted.") == "Dibatalkan."


def test_a_changed_translation_makes_the_catalog_stale_but_a_new_header_does_not() -> None:
    catalog = SCRIPT.load_po()
    same = SCRIPT.mo_messages(SCRIPT.mo_bytes(catalog))
    catalog.msgid_bugs_address = "someone@example.com"  # header only
    assert SCRIPT.mo_messages(SCRIPT.mo_bytes(catalog)) == same
    catalog["Aborted."].string = "Batal."
    assert SCRIPT.mo_messages(SCRIPT.mo_bytes(catalog)) != same


# -- choosing the language ---------------------------------------------------------------------------


@pytest.mark.parametrize(("flag", "environ", "expected"), [
    (None, {}, "en"),
    (None, {"LANG": "id_ID.UTF-8"}, "id"),
    (None, {"LANG": "en_US.UTF-8"}, "en"),
    (None, {"LANG": "C.UTF-8"}, "en"),
    (None, {"LANGUAGE": "id:en", "LANG": "en_US.UTF-8"}, "id"),
    (None, {"LC_ALL": "id_ID.UTF-8", "LANG": "en_US.UTF-8"}, "id"),
    (None, {"LC_MESSAGES": "en_GB.UTF-8", "LANG": "id_ID.UTF-8"}, "en"),
    (None, {"JADWAL_LANG": "id", "LANG": "en_US.UTF-8"}, "id"),
    (None, {"JADWAL_LANG": "en", "LANG": "id_ID.UTF-8"}, "en"),
    ("en", {"JADWAL_LANG": "id", "LANG": "id_ID.UTF-8"}, "en"),
    ("id", {"LANG": "en_US.UTF-8"}, "id"),
])
def test_resolution_order_flag_env_locale_english(flag: str | None, environ: dict[str, str],
                                                   expected: str) -> None:
    assert i18n.resolve(flag, environ) == expected


def test_messages_are_looked_up_when_used_not_at_import() -> None:
    i18n.set_language("id")
    assert i18n._("Aborted.") == "Dibatalkan."
    assert i18n.ngettext("(and {count} more problem in this file)", "(and {count} more problems in this file)",
                         3).format(count=3) == "(dan 3 masalah lain di berkas ini)"
    i18n.set_language("en")
    assert i18n._("Aborted.") == "Aborted."
    assert i18n.language() == "en"


def test_lang_is_a_global_option_in_the_help() -> None:
    result = jadwal("--help")
    assert result.returncode == 0
    assert "--lang [en|id]" in result.stdout


# -- validate ----------------------------------------------------------------------------------------

R3 = "plans/broken/r3-too-much-selling.toml"


def test_validate_in_indonesian_with_the_articles_rule_name() -> None:
    result = jadwal("--lang", "id", "validate", R3)
    assert result.returncode == 1
    out = result.stdout
    assert "Terlalu Banyak Jualan" in out
    assert "ig terlalu banyak jualan dalam 7 hari dari 2026-12-01 sampai 2026-12-07 (seluruh rencana): 4 dari 14 " \
           "postingannya adalah postingan jualan (28,6%); rencana mengizinkan paling banyak 20% (mix.max_selling). " \
           "Postingan jualan saat itu: 1202-1900-promo (2026-12-02 19:00, baris 71), " in out
    assert '  perbaiki: ganti tipe 2 postingan ini, misalnya tulis type = "education" di masing-masing: ' \
           "1203-1900-promo (baris 85), 1206-0900-promo (baris 120)" in out
    assert ": kesalahan R3 too-much-selling" in out
    assert out.rstrip().endswith(f"{R3}: 2 kesalahan")
    assert "selling posts" not in out and "fix:" not in out


def test_english_is_the_default() -> None:
    result = jadwal("validate", R3)
    assert "ig sells too much in the 7 days from 2026-12-01 to 2026-12-07 (the whole plan): 4 of its 14 posts are " \
           "selling posts (28.6%)" in result.stdout
    assert '  fix: give these 2 posts another type, e.g. write type = "education" in each: ' in result.stdout
    assert result.stdout.rstrip().endswith(f"{R3}: 2 errors")


@pytest.mark.parametrize("variables", [{"JADWAL_LANG": "id"}, {"LANG": "id_ID.UTF-8"}, {"LC_ALL": "id_ID.UTF-8"}])
def test_environment_chooses_indonesian(variables: dict[str, str]) -> None:
    result = jadwal("validate", R3, **variables)
    assert "ig terlalu banyak jualan" in result.stdout


def test_flag_wins_over_the_environment() -> None:
    result = jadwal("--lang", "en", "validate", R3, JADWAL_LANG="id", LANG="id_ID.UTF-8")
    assert "ig sells too much" in result.stdout
    result = jadwal("--lang", "id", "validate", "plans/kopi-senja.toml", JADWAL_LANG="en")
    assert result.stdout.strip() == "plans/kopi-senja.toml: OK, 80 postingan, 2026-12-01..2026-12-31"


def test_json_translates_message_and_hint_but_never_the_machine_fields() -> None:
    english = json.loads(jadwal("validate", "--format", "json", R3).stdout)["findings"]
    indonesian = json.loads(jadwal("--lang", "id", "validate", "--format", "json", R3).stdout)["findings"]
    assert len(english) == len(indonesian) == 2
    for en, id_ in zip(english, indonesian, strict=True):
        for key in ("rule", "slug", "severity", "file", "line"):
            assert en[key] == id_[key]
        assert en["message"] != id_["message"] and en["hint"] != id_["hint"]
    assert indonesian[1]["message"].startswith("3 postingan jualan berturut-turut untuk ig: ")
    assert indonesian[1]["hint"] == ('ganti tipe 1203-1900-promo (baris 85), misalnya tulis type = "education" di '
                                     "dalamnya; atau sisipkan postingan tipe lain di antaranya")


def test_github_annotations_in_indonesian() -> None:
    lines = jadwal("--lang", "id", "validate", "--format", "github", R3).stdout.splitlines()
    assert lines[0].startswith("::error file=plans/broken/r3-too-much-selling.toml,line=85,title=R3 too-much-selling::")
    assert "(perbaiki: ganti tipe 2 postingan ini" in lines[0]


@pytest.mark.parametrize("plan", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "plans" / "broken").glob("*.toml")))
def test_every_broken_plan_reads_in_indonesian(plan: str) -> None:
    """No English left in the findings of the example plans (keys and values of the plan aside)."""
    findings = json.loads(jadwal("--lang", "id", "validate", "--format", "json", plan).stdout)["findings"]
    assert findings
    english = re.compile(r"\b(the|is|are|posts|has|add|move|plan asks|allows)\b")
    for finding in findings:
        for key in ("message", "hint"):
            text = re.sub(r"\[[^]]*\]|\w+\.\w+|\"[^\"]*\"", "", finding[key])  # [engagement], mix.x, "30m"
            assert not english.search(text), (finding["rule"], finding[key])


# -- status ------------------------------------------------------------------------------------------


def test_status_in_indonesian(tmp_path: Path) -> None:
    from datetime import datetime, timedelta, timezone

    from daemon_helpers import plan_toml, status_journal

    day = datetime(2030, 3, 4, 8, 0, tzinfo=timezone.utc)
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_toml([day + timedelta(hours=h) for h in (0, 3, 6, 25, 29)], url="http://127.0.0.1:9",
                              session=tmp_path / "s.json"))
    state = tmp_path / "state.db"
    status_journal(plan, state, day + timedelta(hours=4))
    out = jadwal("--lang", "id", "status", str(plan), "--state", str(state))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "daemon test: 3 menunggu, 1 terbit, 1 gagal"
    assert lines[1] == (f"daemon: tidak berjalan pada jurnal ini (jalankan: jadwal daemon {plan} --state {state})")
    assert lines[2].startswith("berikutnya: p002 (ig) pada 2030-03-04 14:00:00 UTC")
    for heading in ("jadwal berikutnya:", "sudah terbit:", f"gagal: jadwal retry {plan} --state {state} POST_ID "
                    "mencoba lagi:", "peringatan terbaru:"):
        assert heading in lines
    assert "      disimpan: /f/p001/screenshot.png" in lines

    out = jadwal("status", str(plan), "--state", str(tmp_path / "none.db"), LANG="id_ID.UTF-8")
    assert out.returncode == 1
    assert f"kesalahan: tidak ada basis data status di {tmp_path / 'none.db'}\n  perbaiki: jalankan" in out.stderr


# -- inbox -------------------------------------------------------------------------------------------


def test_inbox_and_reply_errors_in_indonesian(tmp_path: Path) -> None:
    from datetime import datetime, timedelta, timezone

    from daemon_helpers import plan_toml

    from scheduler.runtime.journal import Journal
    from scheduler.plan import load_plan
    from scheduler.platforms.base import Comment, PublishedRef

    now = datetime.now(timezone.utc).replace(microsecond=0)
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_toml([now - timedelta(hours=6), now - timedelta(hours=5)], url="http://127.0.0.1:9",
                              session=tmp_path / "s.json"), encoding="utf-8")
    state = tmp_path / "state.db"
    with Journal(state) as journal:
        journal.sync(load_plan(plan), now)
        journal.claim("p000", now)
        journal.published("p000", PublishedRef("7", "http://127.0.0.1:9/p/7", now - timedelta(hours=6)), now)
        journal.comments.record(journal.get("p000"), "kopisenja", [
            Comment("70", "fan", "Kak, ada yang decaf?", None, now - timedelta(hours=5), "7"),
            Comment("71", "fan2", "Harganya berapa?", None, now - timedelta(minutes=20), "7"),
        ], now)
    out = jadwal("inbox", str(plan), "--state", str(state), "--stats", "1", JADWAL_LANG="id")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "2 komentar menunggu jawaban (balas dalam 4h; penanggung jawab Rina)" in text
    assert "1  fan  di p000 (ig)  5h yang lalu  TERLAMBAT 1h" in text
    assert "2  fan2  di p000 (ig)  20m yang lalu" in text
    assert "jawab satu: jadwal reply" in text
    assert "tanggapan (awal minggu, akun: dijawab/diterima, median waktu menjawab):" in text
    assert "ig: 0/2 (0%), median -" in text
    unknown = jadwal("--lang", "id", "reply", str(plan), "--state", str(state), "--comment", "999", "Halo")
    assert unknown.returncode == 1
    assert "kesalahan: tidak ada komentar '999' di jurnal\n  perbaiki: jalankan `jadwal inbox" in unknown.stderr


# -- the daemon's alerts -----------------------------------------------------------------------------


def test_daemon_alert_in_indonesian(tmp_path: Path) -> None:
    from datetime import timedelta

    from scheduler.runtime.clock import FakeClock
    from scheduler.runtime.journal import Journal
    from test_daemon_loop import T0, FakeSite, make_daemon

    i18n.set_language("id")  # what `jadwal --lang id daemon ...` does before the daemon starts
    clock = FakeClock(T0)
    with Journal(tmp_path / "state.db") as journal:
        daemon = make_daemon(tmp_path, journal, FakeSite(), clock, [("old", T0 - timedelta(hours=3), "lama")],
                             grace=timedelta(hours=1))
        daemon.step()
        (alert,) = journal.events(alerts_only=True)
    assert alert.kind == "missed"  # the machine field stays
    assert alert.message == ("1 postingan sudah lewat jadwal lebih dari 1h dan tidak pernah terbit: old. "
                             f"Perbaiki: `jadwal retry {tmp_path / 'plan.toml'} --state {tmp_path / 'state.db'} old` "
                             "menerbitkan satu sekarang")


def test_comment_alert_and_notification_title_in_indonesian(tmp_path: Path) -> None:
    from dataclasses import replace
    from datetime import datetime, timedelta, timezone

    from scheduler.comments.alerts import alert_overdue
    from scheduler.runtime.journal import Journal
    from scheduler.notify import alert_title
    from scheduler.platforms.base import Comment, PublishedRef
    from daemon_helpers import model_plan

    t0 = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)
    plan = model_plan([("p1", t0 - timedelta(hours=1), "a")])
    plan = replace(plan, engagement=replace(plan.engagement, reply_within=timedelta(hours=4)))
    i18n.set_language("id")
    with Journal(tmp_path / "state.db") as journal:
        journal.sync(plan, t0)
        journal.claim("p1", t0)
        journal.published("p1", PublishedRef("10", "http://127.0.0.1:1/p/10", t0), t0)
        journal.comments.record(journal.get("p1"), "ig", [
            Comment("1", "fan", "Buka jam berapa?", None, t0, "10"),
            Comment("2", "fan2", "Ada decaf?", None, t0, "10")], t0)
        now = t0 + timedelta(hours=5)
        alert_overdue(journal, plan, now, since=t0 - timedelta(days=1))
        (sent,) = journal.unsent_alerts()
    assert sent.title == "jadwal: 2 komentar belum dijawab di ig (ig)"
    assert "komentar-komentar ini sudah menunggu lebih dari 4h (engagement.reply_within):" in sent.body
    assert ('- fan 5h yang lalu: "Buka jam berapa?" http://127.0.0.1:1/p/10\n'
            '  jawab: jadwal reply plan.toml --comment 1 "..."') in sent.body
    assert [alert_title("plan_rejected"), alert_title("failed", "p1")] == [
        "jadwal: rencana ditolak", "jadwal: gagal (p1)"]


def test_a_plan_that_cannot_be_read_is_told_in_indonesian(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[plan]\nname = "x"\n[engagement]\nownr = "a"\n', encoding="utf-8")
    result = jadwal("--lang", "id", "validate", str(plan))
    assert result.returncode == 2
    assert result.stdout.splitlines()[:3] == [
        f"{plan}:4: kesalahan load unknown-key (Berkas rencana)",
        "  kunci 'ownr' tidak dikenal di [engagement]",
        "  perbaiki: maksudnya 'owner'? Tulis barisnya: owner = \"a\"",
    ]


def test_the_daemon_refuses_a_broken_plan_in_indonesian(tmp_path: Path) -> None:
    out = jadwal("--lang", "id", "daemon", "plans/broken/r3-too-much-selling.toml", "--state",
                 str(tmp_path / "state.db"))
    assert out.returncode == 1
    assert "kesalahan R3 too-much-selling: ig terlalu banyak jualan dalam 7 hari" in out.stderr
    assert "punya 2 kesalahan aturan; daemon tidak akan menjalankannya" in out.stderr
    assert not (tmp_path / "state.db").exists()
