/* What every replica's script shares, loaded before its own (served by replicas/base.py at
   <base>/static/shared/replica.js): the CSRF token, beacons and JSON answers, interrupting dialogs,
   the checkpoint form's "someone typed" beacon (tests prove jadwal never types there), the "Action
   Blocked" overlay and a login form that is sent by script. Plain DOM, no framework. */
window.Replica = (function () {
  "use strict";
  const base = document.body.dataset.base;

  /* The CSRF token: the site's cookie `name`, else the page's copy. */
  function csrf(name) {
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : document.body.dataset.csrf;
  }
  function beacon(path) {
    return fetch(base + path, { method: "POST", headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin" });
  }
  async function readJson(reply) {
    try { return await reply.json(); } catch (e) { return null; }
  }

  /* Overlays `.overlay[data-dialog]`: a click on one of its `choices` tells the site and closes it. */
  function dialogs(choices) {
    document.querySelectorAll(".overlay[data-dialog]").forEach(function (overlay) {
      overlay.querySelectorAll(choices).forEach(function (button) {
        button.addEventListener("click", async function () {
          await beacon("/_interrupts/dialog/" + overlay.dataset.dialog + "/" + button.dataset.choice);
          overlay.remove();
        });
      });
    });
  }

  /* The checkpoint page's form: the first of `events` on it is told to the site. Returns the form and
     its kind, or null on other pages. */
  function checkpointForm(events) {
    const form = document.getElementById("checkpoint-form");
    if (!form) return null;
    const kind = form.closest("[data-kind]").dataset.kind;
    let told = false;
    const tell = function () { if (!told) { told = true; beacon("/_interrupts/checkpoint/" + kind + "/typed"); } };
    events.forEach(function (name) { form.addEventListener(name, tell); });
    return { form: form, kind: kind };
  }

  /* The "Action Blocked" overlay, its OK button wired (null on pages without one). */
  function blockedOverlay() {
    const overlay = document.getElementById("blocked-overlay");
    if (overlay) overlay.querySelector('[data-action="blocked-ok"]').addEventListener("click", function () {
      overlay.hidden = true;
    });
    return overlay;
  }

  /* A login form sent by script (its user field found by `userField`): its button is enabled once both
     fields are filled; `send({username, password, next})` posts it and `done(data)` handles the JSON
     answer (true: it moved on; false: the form is usable again). */
  function loginForm(form, userField, send, done) {
    const user = form.querySelector(userField);
    const pass = form.querySelector('input[type="password"]');
    const submit = form.querySelector('button[type="submit"]');
    const sync = function () { submit.disabled = !(user.value.trim() && pass.value); };
    user.addEventListener("input", sync);
    pass.addEventListener("input", sync);
    sync();
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      if (submit.disabled) return;
      submit.disabled = true;
      let data = null;
      try {
        const next = form.querySelector('input[name="next"]').value;
        data = await readJson(await send({ username: user.value, password: pass.value, next: next }));
      } catch (e) { data = null; }
      if (done(data)) return;
      sync();
    });
  }

  return { base: base, csrf: csrf, beacon: beacon, readJson: readJson, dialogs: dialogs,
           checkpointForm: checkpointForm, blockedOverlay: blockedOverlay, loginForm: loginForm };
})();
