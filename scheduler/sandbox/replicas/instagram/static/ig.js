/* The Instagram replica's scripts: the login form (its inputs have no names), dialogs, the create
   dialog, and the post page's comments. Plain DOM, no framework. */
(function () {
  "use strict";
  const base = document.body.dataset.base;

  const R = window.Replica;
  const readJson = R.readJson;

  function post(path, body, json) {
    const headers = { "X-CSRFToken": R.csrf("csrftoken"), "X-Requested-With": "XMLHttpRequest" };
    if (json) headers["Content-Type"] = "application/json";
    return fetch(base + path, { method: "POST", body: json ? JSON.stringify(body) : body, headers, credentials: "same-origin" });
  }
  function checkpointOrError(reply, data) {
    if (data && data.checkpoint_url) { window.location.assign(data.checkpoint_url); return true; }
    if (data && data.message === "feedback_required") { showBlocked(data); return true; }
    if (reply.status === 401) { window.location.assign(base + "/accounts/login/?next=" + encodeURIComponent(location.pathname)); return true; }
    return false;
  }

  /* --- interrupting dialogs: consent, notifications ------------------------------------ */
  R.dialogs("button[data-choice]");

  const languageSelect = document.getElementById("language-select");
  if (languageSelect) languageSelect.addEventListener("change", function () { languageSelect.form.submit(); });

  /* --- checkpoint pages: tell the site someone typed (tests prove jadwal never does) ------ */
  R.checkpointForm(["input"]);

  /* --- login ---------------------------------------------------------------------------- */
  const loginForm = document.getElementById("loginForm");
  if (loginForm) {
    const alertBox = loginForm.querySelector('[role="alert"]');
    R.loginForm(loginForm, 'input[type="text"]', function (fields) {
      return post("/api/v1/web/accounts/login/ajax/", fields, true);
    }, function (data) {
      if (data && data.redirect) { window.location.assign(data.redirect); return true; }
      alertBox.textContent = (data && data.message) || "Sorry, there was a problem with your request.";
      alertBox.hidden = false;
      return false;
    });
  }

  /* --- Action Blocked -------------------------------------------------------------------- */
  const blockedOverlay = R.blockedOverlay();
  function showBlocked(data) {
    if (!blockedOverlay) return;
    blockedOverlay.querySelector("h2").textContent = data.feedback_title;
    blockedOverlay.hidden = false;
  }

  /* --- the create dialog ------------------------------------------------------------------ */
  const createLink = document.getElementById("create-link");
  const overlay = document.getElementById("create-overlay");
  if (createLink && overlay) {
    const menu = document.querySelector(".create-menu");
    const dialog = document.getElementById("create-dialog");
    const title = document.getElementById("create-title");
    const input = dialog.querySelector('input[type="file"]');
    const back = dialog.querySelector('[data-action="back"]');
    const next = dialog.querySelector('[data-action="next"]');
    const share = dialog.querySelector('[data-action="share"]');
    const editor = dialog.querySelector(".caption-editor");
    const counter = dialog.querySelector(".counter .count");
    const suggestions = dialog.querySelector(".suggestions");
    const discard = document.getElementById("discard-overlay");
    const reels = document.getElementById("reels-overlay");
    const maxItems = parseInt(dialog.dataset.maxItems, 10);
    const maxCaption = parseInt(dialog.dataset.maxCaption, 10);
    let files = [], step = "select", crop = "original", filter = "normal", busy = false;

    const flow = function () {
      const steps = ["select"];
      if (dialog.dataset.crop === "on") steps.push("crop");
      if (dialog.dataset.edit === "on" && !isVideo()) steps.push("edit");
      steps.push("caption");
      return steps;
    };
    const isVideo = function () { return files.length === 1 && files[0].type.startsWith("video/"); };

    function show(name) {
      step = name;
      dialog.querySelectorAll("section.step").forEach(function (s) { s.hidden = s.dataset.step !== name; });
      const key = name === "caption" && isVideo() ? "reel" : name === "shared" && isVideo() ? "reelShared" : name;
      title.textContent = title.dataset["title" + key.charAt(0).toUpperCase() + key.slice(1)] || title.dataset.titleSelect;
      back.hidden = !["crop", "edit", "caption"].includes(name);
      next.hidden = !["crop", "edit"].includes(name);
      share.hidden = name !== "caption";
      const shared = dialog.querySelector(".shared-text");
      shared.textContent = name === "shared" ? (isVideo() ? shared.dataset.reel : shared.dataset.post) : "";
    }
    function previews() {
      if (!files.length) return;
      const url = URL.createObjectURL(files[0]);
      dialog.querySelectorAll(".preview-img").forEach(function (img) { img.src = isVideo() ? "" : url; img.hidden = isVideo(); });
      const video = dialog.querySelector(".preview-video");
      video.hidden = !isVideo();
      if (isVideo()) video.src = url;
      const gallery = dialog.querySelector(".gallery");
      gallery.innerHTML = "";
      const alts = dialog.querySelector(".alt-list");
      alts.innerHTML = "";
      files.forEach(function (file, i) {
        const li = document.createElement("li");
        li.textContent = file.name;
        gallery.appendChild(li);
        if (file.type.startsWith("image/")) {
          const row = document.createElement("li");
          const thumb = document.createElement("img");
          thumb.src = URL.createObjectURL(file);
          thumb.alt = "";
          const alt = document.createElement("input");
          alt.type = "text";
          alt.placeholder = dialog.querySelector(".alt-texts").dataset.placeholder || "";
          alt.setAttribute("aria-label", alt.placeholder);
          alt.dataset.index = String(i);
          row.appendChild(thumb);
          row.appendChild(alt);
          alts.appendChild(row);
        }
      });
    }
    function reset() {
      files = []; crop = "original"; filter = "normal"; busy = false;
      input.value = "";
      editor.innerHTML = "<p><br></p>";
      counter.textContent = "0";
      dialog.querySelectorAll('input[name="location"]').forEach(function (i) { i.value = ""; });
      dialog.querySelectorAll('input[role="switch"]').forEach(function (i) { i.checked = false; i.setAttribute("aria-checked", "false"); });
      dialog.querySelector('[data-step="select"] .error').hidden = true;
      show("select");
    }
    function open() { menu.hidden = true; createLink.setAttribute("aria-expanded", "false"); reset(); overlay.hidden = false; }
    function close() { overlay.hidden = true; discard.hidden = true; reset(); }
    function tryClose() {
      if (busy) return;
      if (files.length && !["shared", "failed"].includes(step)) { discard.hidden = false; return; }
      close();
    }

    createLink.addEventListener("click", function (event) {
      event.preventDefault();
      menu.hidden = !menu.hidden;
      createLink.setAttribute("aria-expanded", String(!menu.hidden));
    });
    document.getElementById("create-post").addEventListener("click", function (event) { event.preventDefault(); open(); });
    overlay.querySelector(".dialog-close").addEventListener("click", tryClose);
    overlay.addEventListener("click", function (event) { if (event.target === overlay) tryClose(); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !overlay.hidden && discard.hidden && reels.hidden) tryClose();
    });
    discard.querySelector('[data-action="discard"]').addEventListener("click", close);
    discard.querySelector('[data-action="cancel"]').addEventListener("click", function () { discard.hidden = true; });
    reels.querySelector('[data-action="reels-ok"]').addEventListener("click", function () { reels.hidden = true; });

    dialog.querySelector('[data-action="pick"]').addEventListener("click", function () { input.click(); });
    input.addEventListener("change", async function () {
      const chosen = Array.from(input.files || []);
      const error = dialog.querySelector('[data-step="select"] .error');
      const accepted = input.accept.split(",");
      const bad = chosen.find(function (f) { return !accepted.includes(f.type); });
      if (!chosen.length) return;
      if (bad || chosen.length > maxItems) {
        error.textContent = bad ? bad.name + ": " + (dialog.dataset.unsupported || "This file is not supported")
          : dialog.dataset.tooMany;
        error.hidden = false;
        input.value = "";
        return;
      }
      error.hidden = true;
      files = chosen;
      previews();
      if (chosen.some(function (f) { return f.type.startsWith("video/"); })) {
        const reply = await post("/api/v1/web/reels_notice/", new FormData());
        const data = await readJson(reply);
        if (data && data.show) reels.hidden = false;
      }
      goTo(flow()[1]);
    });

    function goTo(name) {
      show(name);
      if (name === "crop" && isVideo()) {  // processing: Next is disabled a moment [W: index 68459409519]
        next.setAttribute("aria-disabled", "true");
        setTimeout(function () { next.removeAttribute("aria-disabled"); }, 1500);
      }
    }
    next.addEventListener("click", function () {
      if (next.getAttribute("aria-disabled") === "true") return;
      const steps = flow();
      goTo(steps[steps.indexOf(step) + 1]);
    });
    back.addEventListener("click", function () {
      const steps = flow();
      const previous = steps[steps.indexOf(step) - 1];
      if (previous === "select") { tryClose(); return; }
      show(previous);
    });

    dialog.querySelector('[data-action="crop-menu"]').addEventListener("click", function (event) {
      const m = dialog.querySelector(".crop-menu");
      m.hidden = !m.hidden;
      event.currentTarget.setAttribute("aria-expanded", String(!m.hidden));
    });
    dialog.querySelectorAll(".crop-menu [data-crop]").forEach(function (b) {
      b.addEventListener("click", function () { crop = b.dataset.crop; dialog.querySelector(".crop-menu").hidden = true; });
    });
    dialog.querySelector('[data-action="gallery"]').addEventListener("click", function (event) {
      const gal = dialog.querySelector(".gallery");
      gal.hidden = !gal.hidden;
      event.currentTarget.setAttribute("aria-expanded", String(!gal.hidden));
    });
    dialog.querySelectorAll("[data-filter]").forEach(function (b) {
      b.addEventListener("click", function () {
        filter = b.dataset.filter;
        dialog.querySelectorAll("[data-filter]").forEach(function (o) { o.setAttribute("aria-pressed", String(o === b)); });
      });
    });
    dialog.querySelectorAll('[data-action="expand"]').forEach(function (b) {
      b.addEventListener("click", function () {
        const body = b.nextElementSibling;
        body.hidden = !body.hidden;
        b.setAttribute("aria-expanded", String(!body.hidden));
      });
    });
    dialog.querySelectorAll('input[role="switch"]').forEach(function (s) {
      s.addEventListener("change", function () { s.setAttribute("aria-checked", String(s.checked)); });
    });

    function captionText() {
      // what the person typed, one line per paragraph (the editor keeps <p> lines, as the live one does)
      const lines = Array.from(editor.querySelectorAll("p"));
      const text = lines.length ? lines.map(function (p) { return p.innerText.replace(/\n$/, ""); }).join("\n") : editor.innerText;
      return text.replace(/\u00a0/g, " ").replace(/\n+$/, "");
    }
    editor.addEventListener("input", function () {
      const text = captionText();
      counter.textContent = text.length.toLocaleString("en-US");
      counter.parentElement.classList.toggle("over", text.length > maxCaption);
      const word = (text.split(/\s/).pop() || "");
      // typing # or @ opens suggestions [S: REEL26]; a click elsewhere closes them
      if (/^[#@]\w*$/.test(word)) {
        suggestions.innerHTML = "";
        [word + "", word + "_id", word + "indonesia"].forEach(function (s) {
          const o = document.createElement("div");
          o.setAttribute("role", "option");
          o.textContent = s;
          suggestions.appendChild(o);
        });
        suggestions.hidden = false;
      } else {
        suggestions.hidden = true;
      }
    });
    dialog.addEventListener("click", function (event) { if (!suggestions.contains(event.target)) suggestions.hidden = true; });

    async function doShare() {
      if (busy) return;
      const caption = captionText();
      if (caption.length > maxCaption) return;
      busy = true;
      const form = new FormData();
      files.forEach(function (f) { form.append("media", f, f.name); });
      form.append("caption", caption);
      form.append("crop", crop);
      form.append("filter", filter);
      form.append("location", dialog.querySelector('input[name="location"]').value);
      dialog.querySelectorAll(".alt-list input").forEach(function (i) { form.append("alt_" + i.dataset.index, i.value); });
      dialog.querySelectorAll('input[role="switch"]').forEach(function (s) { form.append(s.name, s.checked ? "1" : "0"); });
      show("sharing");
      let reply = null, data = null;
      try {
        reply = await post("/api/v1/media/configure/", form);
        data = await readJson(reply);
      } catch (e) { reply = null; }
      busy = false;
      if (reply && reply.ok && data && data.status === "ok") { show("shared"); return; }
      if (reply && checkpointOrError(reply, data)) { show("caption"); return; }
      const detail = dialog.querySelector(".failure-detail");
      if (data && data.message && data.status === "fail") detail.textContent = data.message;
      show("failed");
    }
    share.addEventListener("click", doShare);
    dialog.querySelector('[data-action="retry"]').addEventListener("click", function () { show("caption"); });
    [next, share, back].forEach(function (b) {
      b.addEventListener("keydown", function (event) { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); b.click(); } });
    });
  }

  /* --- the post page ------------------------------------------------------------------------ */
  const article = document.querySelector("article.post");
  if (article) {
    const code = article.dataset.code;
    const slides = Array.from(article.querySelectorAll(".slide"));
    let current = 0;
    const prev = article.querySelector(".nav.prev"), nextSlide = article.querySelector(".nav.next");
    function showSlide(i) {
      current = i;
      slides.forEach(function (s, k) { s.hidden = k !== i; });
      if (prev) prev.hidden = i === 0;
      if (nextSlide) nextSlide.hidden = i === slides.length - 1;
    }
    if (prev) prev.addEventListener("click", function () { showSlide(Math.max(0, current - 1)); });
    if (nextSlide) nextSlide.addEventListener("click", function () { showSlide(Math.min(slides.length - 1, current + 1)); });

    const list = article.querySelector("ul.comments");
    list.addEventListener("click", async function (event) {
      const button = event.target.closest("button[data-action]");
      if (!button) return;
      if (button.dataset.action === "more") {
        button.disabled = true;
        const reply = await fetch(base + "/p/" + code + "/comments/?after=" + button.dataset.after, { headers: { "X-Requested-With": "XMLHttpRequest" } });
        const html = await reply.text();
        const holder = button.closest("li");
        holder.insertAdjacentHTML("afterend", html);
        holder.remove();
      } else if (button.dataset.action === "replies") {
        const box = list.querySelector('ul.replies[data-for="' + button.dataset.commentId + '"]');
        if (!box.hidden) { box.hidden = true; button.querySelector("span").textContent = button.dataset.show; return; }
        if (!box.dataset.loaded) {
          const reply = await fetch(base + "/p/" + code + "/c/" + button.dataset.commentId + "/replies/", { headers: { "X-Requested-With": "XMLHttpRequest" } });
          box.innerHTML = await reply.text();
          box.dataset.loaded = "1";
        }
        box.hidden = false;
        button.querySelector("span").textContent = button.dataset.hide;
      } else if (button.dataset.action === "reply") {
        replyingTo = button.dataset.commentId;
        textarea.value = "@" + button.dataset.author + " ";
        textarea.focus();
        syncComment();
      }
    });

    const likeButton = article.querySelector('[data-action="like"]');
    if (likeButton) likeButton.addEventListener("click", async function () {
      const liked = likeButton.dataset.liked === "true";
      const reply = await post("/api/v1/web/likes/" + code + "/" + (liked ? "unlike" : "like") + "/", new FormData());
      const data = await readJson(reply);
      if (!reply.ok) { checkpointOrError(reply, data); return; }
      likeButton.dataset.liked = String(!liked);
      const label = liked ? likeButton.dataset.like : likeButton.dataset.unlike;
      likeButton.querySelector("svg").setAttribute("aria-label", label);
      likeButton.querySelector("title").textContent = label;
      const likes = article.querySelector(".likes");
      const n = data.likes;
      likes.innerHTML = n === 0 ? '<span class="like-count"></span>' : '<a role="link" href="' + base + "/p/" + code + '/liked_by/"><span class="like-count"></span></a>';
      likes.querySelector(".like-count").textContent = n === 0 ? likes.dataset.none : n === 1 ? likes.dataset.one : likes.dataset.many.replace("__N__", n.toLocaleString("en-US"));
    });

    const form = article.querySelector("form.comment-form");
    let replyingTo = null, textarea = null, syncComment = function () {};
    if (form) {
      textarea = form.querySelector("textarea");
      const send = form.querySelector('[data-action="post-comment"]');
      const error = form.querySelector(".error");
      syncComment = function () {
        send.setAttribute("aria-disabled", String(!textarea.value.trim()));
        if (replyingTo && !textarea.value.startsWith("@")) replyingTo = null;  // the mention was removed: a plain comment
      };
      textarea.addEventListener("input", syncComment);
      const focus = article.querySelector('[data-action="focus-comment"]');
      if (focus) focus.addEventListener("click", function () { textarea.focus(); });
      const submit = async function () {
        if (send.getAttribute("aria-disabled") === "true") return;
        send.setAttribute("aria-disabled", "true");
        const body = new FormData();
        body.append("comment_text", textarea.value);
        if (replyingTo) body.append("replied_to_comment_id", replyingTo);
        let reply = null, data = null;
        try {
          reply = await post("/api/v1/web/comments/" + code + "/add/", body);
          data = await readJson(reply);
        } catch (e) { reply = null; }
        if (reply && reply.ok && data && data.status === "ok") {
          if (data.parent_id) {
            const box = list.querySelector('ul.replies[data-for="' + data.parent_id + '"]');
            box.insertAdjacentHTML("beforeend", data.html);
            box.hidden = false;
          } else {
            const more = list.querySelector("li.load-more");
            if (more) more.insertAdjacentHTML("beforebegin", data.html); else list.insertAdjacentHTML("beforeend", data.html);
          }
          textarea.value = "";
          replyingTo = null;
          error.hidden = true;
        } else if (!(reply && checkpointOrError(reply, data))) {
          error.textContent = (data && data.message) || "Couldn't post comment.";
          error.hidden = false;
        }
        syncComment();
      };
      send.addEventListener("click", submit);
      textarea.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); submit(); }
      });
    }
  }
})();
