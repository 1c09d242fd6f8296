/* The TikTok replica's scripts: the cookie banner (a custom element with an open shadow root), the
   login form, captchas, TikTok Studio's upload page, the content list, and a video's comments.
   Plain DOM, no framework; the description and comment boxes are TTDraft editors (draft.js). */
(function () {
  "use strict";
  const base = document.body.dataset.base;

  const R = window.Replica;
  const beacon = R.beacon, readJson = R.readJson;
  function csrf() { return R.csrf("tt_csrf_token"); }
  function headers(extra) {
    return Object.assign({ "X-CSRFToken": csrf(), "X-Requested-With": "XMLHttpRequest" }, extra || {});
  }
  function postJson(path, body) {
    return fetch(base + path, { method: "POST", body: JSON.stringify(body), credentials: "same-origin",
      headers: headers({ "Content-Type": "application/json" }) });
  }
  function postForm(path, form) {
    return fetch(base + path, { method: "POST", body: form, credentials: "same-origin", headers: headers() });
  }
  function getJson(path) {
    return fetch(base + path, { credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" } });
  }
  /* A held account's calls answer checkpoint_required: go where the site says; a lost session: log in. */
  function checkpointOrLogin(reply, data) {
    if (data && data.checkpoint_url) { window.location.assign(data.checkpoint_url); return true; }
    if (reply && reply.status === 401) {
      window.location.assign(base + "/login?next=" + encodeURIComponent(location.pathname + location.search));
      return true;
    }
    return false;
  }

  /* --- the cookie banner ------------------------------------------------------------------------- */
  class CookieBanner extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: "open" });
      root.innerHTML =
        '<link rel="stylesheet">' +
        '<div class="TUXModal-overlay"></div><div class="tiktok-cookie-banner"><div class="text"></div>' +
        '<div class="button-wrapper"><button type="button"></button><button type="button"></button></div></div>';
      root.querySelector("link").href = this.dataset.style;  // the page's policy allows no inline style
      root.querySelector(".text").textContent = this.dataset.text;
      const buttons = root.querySelectorAll(".button-wrapper button");
      buttons[0].textContent = this.dataset.decline;
      buttons[1].textContent = this.dataset.allow;
      const self = this;
      [["decline", buttons[0]], ["accept", buttons[1]]].forEach(function (pair) {
        pair[1].addEventListener("click", async function () {
          await beacon("/_interrupts/dialog/consent/" + pair[0]);
          self.remove();
        });
      });
    }
  }
  customElements.define("tiktok-cookie-banner", CookieBanner);

  /* --- the header's More menu ------------------------------------------------------------------------ */
  const moreButton = document.querySelector('[data-e2e="nav-more-menu"]');
  if (moreButton) {
    const list = moreButton.parentElement.querySelector(".more-list");
    moreButton.addEventListener("click", function () {
      list.hidden = !list.hidden;
      moreButton.setAttribute("aria-expanded", String(!list.hidden));
    });
  }

  /* --- login ------------------------------------------------------------------------------------------ */
  const loginForm = document.getElementById("loginForm");
  if (loginForm) {
    const tip = loginForm.querySelector('[data-e2e="login-error-tip"]');
    R.loginForm(loginForm, 'input[name="username"]', function (fields) {
      return postJson("/passport/web/user/login/", fields);
    }, function (data) {
      if (data && data.message === "success") { window.location.assign(data.data.redirect_url); return true; }
      tip.textContent = (data && data.data && data.data.description) || "Something went wrong";
      tip.hidden = false;
      return false;
    });
  }

  /* --- checkpoint pages: tell the site someone touched them (tests prove jadwal never does) ------------ */
  const checkpoint = R.checkpointForm(["input", "pointerdown", "keydown"]);
  if (checkpoint && checkpoint.kind.startsWith("captcha")) captcha(checkpoint.form, checkpoint.kind);

  function captcha(form, kind) {
    const code = form.querySelector('input[name="code"]');
    const message = form.querySelector(".captcha_verify_message");
    async function send() {
      const reply = await fetch(location.href, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "follow" });
      if (reply.redirected && !/\/captcha\//.test(new URL(reply.url).pathname)) {
        message.className = "captcha_verify_message captcha_verify_message-pass";
        message.textContent = form.dataset.pass;
        setTimeout(function () { window.location.assign(reply.url); }, 400);
        return;
      }
      message.className = "captcha_verify_message captcha_verify_message-fail";
      message.textContent = form.dataset.fail;
      reset();
    }
    const handle = form.querySelector(".secsdk-captcha-drag-icon");
    const piece = form.querySelector(".captcha_verify_img_slide");
    const inner = form.querySelector('[data-testid="whirl-inner-img"]');
    let reset = function () {};
    if (handle) {
      const max = parseInt(handle.parentElement.dataset.max, 10);
      const start = inner ? parseFloat(inner.dataset.start) : 0;
      let x0 = null, pos = 0;
      const place = function (p) {
        pos = Math.max(0, Math.min(max, p));
        handle.style.left = pos + "px";
        handle.setAttribute("aria-valuenow", String(Math.round(pos)));
        if (piece) piece.style.left = pos + "px";
        if (inner) inner.style.transform = "rotate(" + (start + pos * 360 / max) + "deg)";
      };
      reset = function () { place(0); };
      if (piece) piece.style.top = piece.dataset.top + "px";
      place(0);
      handle.addEventListener("pointerdown", function (event) {
        x0 = event.clientX - pos;
        handle.setPointerCapture(event.pointerId);
      });
      handle.addEventListener("pointermove", function (event) { if (x0 !== null) place(event.clientX - x0); });
      handle.addEventListener("pointerup", function () {
        if (x0 === null) return;
        x0 = null;
        code.value = String(Math.round(inner ? pos * 360 / max : pos));
        send();
      });
    } else {
      const chosen = [];
      const submit = form.querySelector(".verify-captcha-submit-button");
      form.querySelectorAll("#verify-points img").forEach(function (img) {
        img.addEventListener("click", function () {
          const i = chosen.indexOf(img.dataset.index);
          if (i >= 0) chosen.splice(i, 1); else if (chosen.length < 2) chosen.push(img.dataset.index);
          form.querySelectorAll("#verify-points img").forEach(function (o) { o.classList.toggle("chosen", chosen.includes(o.dataset.index)); });
          submit.disabled = chosen.length !== 2;
        });
      });
      reset = function () { chosen.length = 0; submit.disabled = true; form.querySelectorAll("#verify-points img").forEach(function (o) { o.classList.remove("chosen"); }); };
      form.addEventListener("submit", function (event) { event.preventDefault(); code.value = chosen.join(","); send(); });
    }
  }

  /* --- TikTok Studio: upload --------------------------------------------------------------------------- */
  const upload = document.getElementById("upload");
  if (upload) studio(upload);

  function studio(upload) {
    async function armed(name) {  // the site decides when the moment comes
      const data = await readJson(await postJson("/api/studio/interrupt/" + name + "/", {}));
      return !!(data && data.show);
    }
    const card = upload.querySelector(".upload-card");
    const input = upload.querySelector('input[type="file"]');
    const uploadError = upload.querySelector(".upload-error");
    const progress = upload.querySelector(".upload-progress");
    const form = upload.querySelector(".post-form");
    const postButton = form.querySelector(".post-button");
    const postError = form.querySelector(".post-error");
    const toast = document.querySelector(".toast");
    const popover = form.querySelector(".mention-list-popover");
    const counter = form.querySelector(".word-count .count");
    const maxCaption = parseInt(upload.dataset.maxCaption, 10);
    let videoId = null, ready = false, busy = false, dirty = false;

    const editorRoot = form.querySelector(".caption-editor");
    const editor = window.TTDraft(editorRoot, { maxLength: maxCaption, onKeyDown: popoverKeys });
    const combobox = editor.content;

    /* the interrupting dialogs: a modal's overlay takes every click until it is answered */
    function dialog(name) { return document.querySelector('[data-dialog="' + name + '"]'); }
    function ask(name) {
      return new Promise(function (resolve) {
        const box = dialog(name);
        box.hidden = false;
        const answer = async function (choice) {
          box.hidden = true;
          document.removeEventListener("keydown", onEscape, true);
          box.querySelectorAll("[data-choice]").forEach(function (b) { b.onclick = null; });
          if (name !== "discard") await beacon("/_interrupts/dialog/" + name + "/" + choice);
          resolve(choice);
        };
        const onEscape = function (event) {
          if (event.key === "Escape") { event.stopPropagation(); answer(name === "restricted" ? "accept" : "decline"); }
        };
        document.addEventListener("keydown", onEscape, true);
        box.querySelectorAll("[data-choice]").forEach(function (b) { b.onclick = function () { answer(b.dataset.choice); }; });
      });
    }
    if (upload.dataset.tutorial === "1") ask("tutorial");

    /* choosing and uploading the file */
    upload.querySelector('[data-action="select"]').addEventListener("click", function () { input.click(); });
    upload.querySelector('[data-action="replace"]').addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      const file = input.files && input.files[0];
      if (!file) return;
      if (!file.type.startsWith("video/")) {  // the browser's accept="video/*" is advice only; the site says no
        showUploadError(upload.dataset.unsupported + " (" + file.name + ")");
        input.value = "";
        return;
      }
      input.value = "";  // the same file may be chosen again after a failure
      send(file);
    });
    function showUploadError(text) {
      uploadError.textContent = text;
      uploadError.hidden = false;
    }
    function status(text, percent) {
      progress.querySelector(".status-text").textContent = text;
      progress.querySelector(".info-progress-num").textContent = Math.round(percent) + "%";
      progress.querySelector(".progress").setAttribute("aria-valuenow", String(Math.round(percent)));
      progress.querySelector(".bar").style.width = percent + "%";
    }
    function send(file) {
      uploadError.hidden = true;
      card.hidden = true;
      progress.hidden = false;
      progress.querySelector('[data-action="replace"]').hidden = true;
      progress.querySelector(".resolution-label-text").hidden = true;
      progress.querySelector(".file-name").textContent = file.name;
      const url = URL.createObjectURL(file);
      progress.querySelector("video.preview").src = url;
      form.querySelector("video.cover").src = url;
      status(upload.dataset.uploading, 0);
      setReady(false);
      videoId = null;
      form.hidden = false;
      dirty = true;
      // the description starts as the file's name [S: HZ deletes it key by key; TU, SAU select all first]
      editor.setText(file.name.replace(/\.[^.]+$/, ""));
      counter.textContent = String(editor.text().length);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", base + "/api/studio/upload/");
      xhr.setRequestHeader("X-CSRFToken", csrf());
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) status(upload.dataset.uploading, Math.min(99, event.loaded * 100 / event.total));
      };
      xhr.onload = function () {
        let data = null;
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
        if (checkpointOrLogin(xhr, data)) return;
        if (!data || data.status_code !== 0) { failed((data && data.status_msg) || upload.dataset.failed); return; }
        videoId = data.video_id;
        status(upload.dataset.uploaded, 100);
        afterUpload(data);
      };
      xhr.onerror = function () { failed(upload.dataset.failed); };
      const body = new FormData();
      body.append("video", file, file.name);
      xhr.send(body);
    }
    function failed(text) {
      progress.querySelector(".status-text").textContent = text;
      progress.querySelector('[data-action="replace"]').hidden = false;
      form.hidden = true;
      dirty = false;
    }
    async function afterUpload(data) {
      // "Turn on automatic content checks?" then "New editing features added" come after the upload [S: TU#238]
      const processed = new Promise(function (resolve) { setTimeout(resolve, data.processing_ms); });
      status(upload.dataset.processing, 100);
      if (await armed("content_checks")) await ask("content_checks");
      if (await armed("editing_features")) await ask("editing_features");
      await processed;
      if (videoId !== data.video_id) return;
      status(upload.dataset.uploaded, 100);
      const label = progress.querySelector(".resolution-label-text");
      label.textContent = data.resolution;
      label.hidden = false;
      setReady(true);
    }
    function setReady(value) {
      ready = value;
      postButton.setAttribute("data-disabled", String(!value));
      postButton.setAttribute("aria-disabled", String(!value));
    }

    /* the description: count, and suggestions for #hashtags and @accounts */
    let suggestFor = null, options = [], active = 0;
    editor.onChange = function (text, caret) {
      counter.textContent = String(text.length);
      const before = text.slice(0, caret);
      const m = before.match(/(?:^|\s)([#@])([^\s#@]*)$/);
      if (!m || !m[2]) { closePopover(); return; }
      const token = { sign: m[1], word: m[2], start: caret - m[2].length - 1, end: caret };
      suggestFor = token;
      setTimeout(function () { if (suggestFor === token) fetchSuggestions(token); }, 250);
    };
    async function fetchSuggestions(token) {
      const type = token.sign === "#" ? "hashtag" : "user";
      const reply = await getJson("/api/studio/suggest/?type=" + type + "&keyword=" + encodeURIComponent(token.word));
      const data = await readJson(reply);
      if (suggestFor !== token || !data) return;
      popover.innerHTML = "";
      options = [];
      const rows = type === "hashtag" ? data.hashtags : data.users;
      rows.forEach(function (row, i) {
        const option = document.createElement("div");
        option.setAttribute("role", "option");
        option.id = "mention-option-" + i;
        if (type === "hashtag") {
          option.className = "hashtag-suggestion-item";
          option.innerHTML = '<span class="hash-tag-topic"></span> <span class="hash-tag-view-count"></span>';
          option.querySelector(".hash-tag-topic").textContent = "#" + row.name;
          option.querySelector(".hash-tag-view-count").textContent = row.views;
          option.dataset.value = row.name;
        } else {
          option.className = "user-item";
          option.innerHTML = '<span class="user-id"></span> <span class="nickname"></span>';
          option.querySelector(".user-id").textContent = row.unique_id;
          option.querySelector(".nickname").textContent = row.nickname;
          option.dataset.value = row.unique_id;
        }
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        popover.appendChild(option);
        options.push(option);
      });
      if (!options.length) { closePopover(); return; }
      highlight(0);
      popover.hidden = false;
      combobox.setAttribute("aria-expanded", "true");
    }
    function highlight(i) {
      active = i;
      options.forEach(function (o, k) { o.setAttribute("aria-selected", String(k === i)); });
      combobox.setAttribute("aria-activedescendant", options[i] ? options[i].id : "");
    }
    function closePopover() {
      suggestFor = null;
      popover.hidden = true;
      options = [];
      combobox.setAttribute("aria-expanded", "false");
      combobox.removeAttribute("aria-activedescendant");
    }
    function choose(i) {
      const token = suggestFor, option = options[i];
      if (!token || !option) return;
      const value = option.dataset.value;
      const word = token.sign + value;
      closePopover();
      editor.replaceToken(token.start, token.end, word + " ",
        { length: word.length, type: token.sign === "#" ? "hashtag" : "mention", value: value });
    }
    function popoverKeys(event) {
      if (popover.hidden || !options.length) return false;
      if (event.key === "ArrowDown") { highlight((active + 1) % options.length); return true; }
      if (event.key === "ArrowUp") { highlight((active + options.length - 1) % options.length); return true; }
      if (event.key === "Enter" || event.key === "Tab") { choose(active); return true; }  // Enter takes the first [S: TU]
      if (event.key === "Escape") { closePopover(); return true; }
      return false;
    }
    combobox.addEventListener("blur", function () { setTimeout(closePopover, 150); });

    /* settings */
    const visibility = form.querySelector('[data-e2e="video_visibility_container"] [role="combobox"]');
    const visibilityList = form.querySelector("#visibility-options");
    visibility.addEventListener("click", function () {
      visibilityList.hidden = !visibilityList.hidden;
      visibility.setAttribute("aria-expanded", String(!visibilityList.hidden));
    });
    visibilityList.querySelectorAll('[role="option"]').forEach(function (option) {
      option.addEventListener("click", function () {
        visibility.dataset.value = option.dataset.value;
        visibility.querySelector("span").textContent = option.textContent;
        visibilityList.querySelectorAll('[role="option"]').forEach(function (o) { o.setAttribute("aria-selected", String(o === option)); });
        visibilityList.hidden = true;
        visibility.setAttribute("aria-expanded", "false");
      });
    });
    const more = form.querySelector(".more-btn");
    more.addEventListener("click", function () {
      const body = form.querySelector(".advanced-body");
      body.hidden = !body.hidden;
      more.setAttribute("aria-expanded", String(!body.hidden));
      more.textContent = body.hidden ? more.dataset.more : more.dataset.less;
    });
    const copyright = form.querySelector('[data-e2e="copyright_container"] [role="switch"]');
    copyright.addEventListener("click", function () {
      const on = copyright.getAttribute("aria-checked") !== "true";
      copyright.setAttribute("aria-checked", String(on));
      const status = form.querySelector(".copyright-status");
      status.textContent = on ? upload.dataset.checking : "";
      if (on) setTimeout(function () { if (copyright.getAttribute("aria-checked") === "true") status.textContent = upload.dataset.noIssues; }, 1000);
    });

    /* Discard, and leaving with an unposted video */
    form.querySelector('[data-action="discard"]').addEventListener("click", async function () {
      if (await ask("discard") !== "accept") return;
      dirty = false;
      window.location.reload();
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !busy) { event.preventDefault(); event.returnValue = ""; }
    });

    /* Post */
    postButton.addEventListener("click", async function () {
      if (!ready || busy) return;  // a TUXButton with data-disabled="true" does nothing
      busy = true;
      postError.hidden = true;
      if (await armed("restricted")) await ask("restricted");
      if (await armed("continue_to_post") && await ask("continue_to_post") !== "accept") { busy = false; return; }
      setReady(false);
      toast.textContent = toast.dataset.leaving;  // [W: HZ "Leaving the page does not interrupt…"]
      toast.hidden = false;
      let reply = null, data = null;
      try {
        reply = await postJson("/api/studio/post/", {
          video_id: videoId, caption: editor.text(),
          mentions: editor.entities().filter(function (e) { return e.type === "mention"; }).map(function (e) { return e.value; }),
          visibility: visibility.dataset.value,
          allow_comment: form.querySelector('input[name="allow_comment"]').checked,
          copyright_check: copyright.getAttribute("aria-checked") === "true",
        });
        data = await readJson(reply);
      } catch (e) { reply = null; }
      if (reply && reply.ok && data && data.status_code === 0) {
        dirty = false;
        sessionStorage.setItem("tt-published", data.item_id);
        window.location.assign(base + "/tiktokstudio/content");
        return;
      }
      busy = false;
      toast.hidden = true;
      if (reply && checkpointOrLogin(reply, data)) return;
      postError.textContent = (data && data.status_msg) || upload.dataset.failed;
      postError.hidden = false;
      setReady(true);
    });
  }

  /* --- TikTok Studio: the content list says a video was just published ------------------------------- */
  const table = document.querySelector('[data-tt="components_PostTable_Container"]');
  if (table && sessionStorage.getItem("tt-published")) {
    sessionStorage.removeItem("tt-published");
    const toast = document.querySelector(".toast");
    toast.textContent = toast.dataset.published + ". " + toast.dataset.leaving;
    toast.hidden = false;
  }

  /* --- a video: comments loaded as the list scrolls, replies, the comment box --------------------------- */
  const list = document.querySelector('[data-e2e="comment-list"]');
  if (list) comments(list);

  function comments(list) {
    const item = list.dataset.itemId;
    const box = list.querySelector(".comments");
    const sentinel = list.querySelector(".comment-sentinel");
    let loading = false;
    async function loadMore() {
      if (loading || sentinel.dataset.more !== "1") return;
      loading = true;
      sentinel.querySelector(".spinner").hidden = false;
      const reply = await getJson("/api/comment/list/?aweme_id=" + item + "&cursor=" + sentinel.dataset.cursor);
      const data = await readJson(reply);
      sentinel.querySelector(".spinner").hidden = true;
      loading = false;
      if (!data) return;
      box.insertAdjacentHTML("beforeend", data.html);
      sentinel.dataset.cursor = String(data.cursor || sentinel.dataset.cursor);
      sentinel.dataset.more = data.has_more ? "1" : "0";
      if (data.has_more && visible(sentinel)) loadMore();
    }
    function visible(el) {
      const r = el.getBoundingClientRect(), l = list.getBoundingClientRect();
      return r.top < Math.min(l.bottom, window.innerHeight) + 200;
    }
    new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) loadMore();
    }, { root: null, rootMargin: "0px 0px 200px 0px" }).observe(sentinel);

    list.addEventListener("click", async function (event) {
      const target = event.target.closest('[data-action], [data-e2e="comment-reply-1"], [data-e2e="comment-reply-2"]');
      if (!target || !list.contains(target)) return;
      const thread = target.closest(".reply-container") || target.closest('[class*="-DivCommentObjectWrapper"]').querySelector(".reply-container");
      if (target.dataset.action === "more-replies") {
        if (target.dataset.busy) return;
        target.dataset.busy = "1";
        const shown = thread.querySelectorAll(".replies > *").length;
        const reply = await getJson("/api/comment/list/reply/?item_id=" + item + "&comment_id=" + thread.dataset.commentId + "&cursor=" + shown);
        const data = await readJson(reply);
        delete target.dataset.busy;
        if (!data) return;
        thread.querySelector(".replies").insertAdjacentHTML("beforeend", data.html);
        thread.querySelector(".replies").hidden = false;
        thread.querySelector('[data-action="hide-replies"]').hidden = false;
        if (data.has_more) target.querySelector("span").textContent = target.dataset.more;
        else target.hidden = true;
      } else if (target.dataset.action === "hide-replies") {
        thread.querySelector(".replies").innerHTML = "";
        target.hidden = true;
        const view = thread.querySelector('[data-action="more-replies"]');
        view.hidden = false;
        view.querySelector("span").textContent = view.dataset.first || view.querySelector("span").textContent;
      } else {
        startReply(target.dataset.replyTo, target.dataset.author);
      }
    });
    list.querySelectorAll('[data-action="more-replies"]').forEach(function (b) { b.dataset.first = b.querySelector("span").textContent; });
    new MutationObserver(function () {
      list.querySelectorAll('[data-action="more-replies"]:not([data-first])').forEach(function (b) { b.dataset.first = b.querySelector("span").textContent; });
    }).observe(box, { childList: true });
    list.addEventListener("keydown", function (event) {
      if ((event.key === "Enter" || event.key === " ") && event.target.getAttribute("role") === "button") {
        event.preventDefault();
        event.target.click();
      }
    });

    const editorRoot = document.querySelector(".comment-editor");
    if (!editorRoot) return;
    const send = document.querySelector('[data-e2e="comment-post"]');
    const error = document.querySelector(".comment-bottom .error");
    const indicator = document.querySelector(".reply-indicator");
    let replyTo = null;
    const editor = window.TTDraft(editorRoot, { placeholder: editorRoot.dataset.placeholder, singleLine: true,
      maxLength: parseInt(editorRoot.dataset.max, 10), onSubmit: submit });
    editor.onChange = function (text) { send.setAttribute("aria-disabled", String(!text.trim())); };
    function startReply(id, author) {
      replyTo = id;
      const label = indicator.querySelector(".reply-label");
      label.textContent = label.dataset.template.replace("__NAME__", author);
      indicator.hidden = false;
      editor.focus();
    }
    indicator.querySelector(".reply-cancel").addEventListener("click", function () { replyTo = null; indicator.hidden = true; });
    send.addEventListener("click", submit);
    send.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); submit(); } });
    async function submit() {
      const text = editor.text().trim();
      if (!text || send.dataset.busy) return;
      send.dataset.busy = "1";
      const body = new FormData();
      body.append("aweme_id", item);
      body.append("text", text);
      if (replyTo) body.append("reply_id", replyTo);
      let reply = null, data = null;
      try {
        reply = await postForm("/api/comment/publish/", body);
        data = await readJson(reply);
      } catch (e) { reply = null; }
      delete send.dataset.busy;
      if (reply && reply.ok && data && data.status_code === 0) {
        const parent = data.comment.reply_id !== "0" ? list.querySelector('.reply-container[data-comment-id="' + data.comment.reply_id + '"]') : null;
        if (parent) {
          parent.querySelector(".replies").insertAdjacentHTML("beforeend", data.html);
        } else {
          box.insertAdjacentHTML("afterbegin", data.html);  // a new comment shows first [G]
          const empty = list.querySelector(".empty-comments");
          if (empty) empty.remove();
        }
        editor.setText("");
        send.setAttribute("aria-disabled", "true");
        replyTo = null;
        indicator.hidden = true;
        error.hidden = true;
        return;
      }
      if (reply && checkpointOrLogin(reply, data)) return;
      error.textContent = (data && data.status_msg) || "Couldn't post comment";
      error.hidden = false;
    }
  }
})();
