"""What interrupts a flow on the sandbox: checkpoint pages and dialogs, on demand (the faults
`checkpoint` and `dialogs`), and a log of what a visitor did with them, for tests.

- A checkpoint (login challenge, two-factor code, captcha, "suspicious activity", a
  temporary block) is a page at `/checkpoint/<kind>`. Armed `on = "pages"`, every page a
  signed-in visitor opens leads there; armed `on = "login"`, a right password does
  (instead of signing in). Its form has a field; typing into it or sending it is logged,
  so a test can prove jadwal never does either.
- The consent and "save your login info?" dialogs are modal overlays rendered on the
  next N pages they fit (one dialog a page, consent first); a button closes them (static/interrupts.js, no navigation) and
  the choice is logged.

The replicas of other sites (issue 14) reuse the same state and log through
`checkpoint_redirect` and `dialogs_for`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, jsonify, redirect, render_template, request
from werkzeug.wrappers import Response

from scheduler.sandbox import auth
from scheduler.sandbox.api import admin
from scheduler.sandbox.faults import CHECKPOINT_KINDS, DIALOGS
from scheduler.sandbox.state import site

bp = Blueprint("interrupts", __name__)

#: paths a checkpoint never redirects (the checkpoint itself, logging in and out, assets)
_FREE = ("/checkpoint/", "/dialogs/", "/login", "/logout", "/static/", "/media/", "/api/", "/_admin/")


def checkpoint_redirect(prefix: str = "") -> Response | None:
    """Before a page: send a signed-in visitor to the armed checkpoint (`prefix` for a replica's own)."""
    faults = site().faults
    if faults.checkpoint is None or faults.checkpoint_on != "pages" or auth.current_user() is None:
        return None
    if request.method != "GET" or request.path.startswith(_FREE):
        return None
    return redirect(f"{prefix}/checkpoint/{faults.checkpoint}?" + urlencode({"next": request.full_path}), 302)


def login_checkpoint() -> Response | None:
    """After a right password: the armed login checkpoint instead of a session, or None."""
    faults = site().faults
    if faults.checkpoint is None or faults.checkpoint_on != "login":
        return None
    site().interrupts.add(f"checkpoint_login:{faults.checkpoint}")
    return redirect(f"/checkpoint/{faults.checkpoint}", 302)


def dialogs_for(signed_in: bool) -> list[str]:
    """The dialog to render on this page, if any: one at a time, as sites do (consent first; its use
    counts toward its times). A list, so a replica may show its own kinds the same way."""
    if request.method != "GET":
        return []
    faults = site().faults
    for name in DIALOGS:
        if (signed_in or name == "consent") and faults.take_dialog(name):
            site().interrupts.add(f"dialog_shown:{name}")
            return [name]
    return []


@bp.route("/checkpoint/<kind>", methods=["GET", "POST"])
def checkpoint(kind: str) -> Any:
    if kind not in CHECKPOINT_KINDS:
        abort(404, "No such page.")
    log = site().interrupts
    if request.method == "POST":
        log.add(f"checkpoint_submitted:{kind}")
        abort(403, "The code is not right.")
    log.add(f"checkpoint_shown:{kind}")
    return render_template("checkpoint.html", kind=kind), 200


@bp.post("/checkpoint/<kind>/typed")
def typed(kind: str) -> Any:
    """Called by the checkpoint page's script on any keystroke in its form."""
    site().interrupts.add(f"checkpoint_typed:{kind if kind in CHECKPOINT_KINDS else 'unknown'}")
    return "", 204


@bp.post("/dialogs/<name>/<choice>")
def dismissed(name: str, choice: str) -> Any:
    """Called by a dialog's buttons (the overlay is already closed in the page)."""
    if name not in DIALOGS or choice not in ("accept", "decline"):
        abort(404, "No such dialog.")
    site().interrupts.add(f"dialog_{choice}:{name}")
    return "", 204


@admin.get("/interrupts")
def interrupts_log() -> Any:
    return jsonify(site().interrupts.snapshot())
