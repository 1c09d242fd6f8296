/* The Facebook replica's scripts: login, interrupting dialogs, switching profile, the Lexical-like
   editor, the two composers (the www dialog and Business Suite), timelines (See more, time tooltips,
   more stories on scroll), likes, and comments with replies. Plain DOM, no framework. */
(function () {
  "use strict";
  const base = document.body.dataset.base;
  const lang = document.body.dataset.lang || "en";

  const R = window.Replica;
  const readJson = R.readJson;

  function headers() { return { "X-CSRFToken": R.csrf("fb_dtsg"), "X-Requested-With": "XMLHttpRequest" }; }
  function send(path, body) {
    return fetch(base + path, { method: "POST", body: body, headers: headers(), credentials: "same-origin" });
  }
  function graphql(name, fields) {
    const body = new FormData();
    body.append("fb_api_req_friendly_name", name);
    Object.keys(fields).forEach(function (k) { body.append(k, fields[k]); });
    return send("/api/graphql/", body);
  }
  function fragment(path) {
    return fetch(base + path, { headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); });
  }
  function disabled(el) { return el.getAttribute("aria-disabled") === "true"; }
  function param(href, name) {
    const m = (href || "").match(new RegExp("[?&]" + name + "=(\\d+)"));
    return m ? m[1] : null;
  }

  /* Checkpoints, blocks and lost sessions answered to a script call; true when handled. */
  const blockedOverlay = R.blockedOverlay();
  function showBlocked(summary, description) {
    if (!blockedOverlay) return;
    blockedOverlay.querySelector("h2").textContent = summary;
    blockedOverlay.querySelector(".blocked-text").textContent = description;
    blockedOverlay.hidden = false;
  }
  function handled(reply, data) {
    if (data && data.checkpoint_url) { window.location.assign(data.checkpoint_url); return true; }
    const error = data && data.errors && data.errors[0];
    if (error && error.code === "rate_limited") { showBlocked(error.summary, error.description); return true; }
    if (reply && reply.status === 401) {
      window.location.assign(base + "/login/?next=" + encodeURIComponent(location.pathname + location.search));
      return true;
    }
    return false;
  }
  function showError(box, data, fallback) {
    if (!box) return;
    const error = data && data.errors && data.errors[0];
    box.textContent = (error && error.message) || (data && data.error) || fallback;
    box.hidden = false;
  }

  /* div[role=button] answers Enter and Space like a button. */
  document.addEventListener("keydown", function (event) {
    const el = event.target;
    if (!(el instanceof HTMLElement) || el.getAttribute("role") !== "button" || el.tagName === "BUTTON") return;
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); el.click(); }
  });

  /* --- interrupting dialogs: cookie consent, "Save your login info?" ----------------------- */
  R.dialogs("[data-choice]");

  /* --- checkpoint pages: tell the site someone typed (tests prove jadwal never does) -------- */
  R.checkpointForm(["input"]);

  /* --- login: Enter submits the form; the 2026 "Log in" is a div [S: AMM PR #336] ---------- */
  const loginForm = document.getElementById("login_form");
  if (loginForm) {
    const divButton = loginForm.querySelector('[data-action="login"]');
    if (divButton) {
      divButton.addEventListener("click", function () { loginForm.submit(); });
      loginForm.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && event.target instanceof HTMLInputElement) { event.preventDefault(); loginForm.submit(); }
      });
    }
  }

  /* --- the profile menu, "See all profiles", and /pages/ "Switch Now" ------------------------- */
  const profileButton = document.querySelector('[data-action="profile-menu"]');
  const profileMenu = document.getElementById("profile-menu");
  const profiles = document.getElementById("profiles-overlay");
  if (profileButton && profileMenu) {
    profileButton.addEventListener("click", function () {
      profileMenu.hidden = !profileMenu.hidden;
      profileButton.setAttribute("aria-expanded", String(!profileMenu.hidden));
    });
    profileMenu.querySelector('[data-action="all-profiles"]').addEventListener("click", function () {
      profileMenu.hidden = true;
      profileButton.setAttribute("aria-expanded", "false");
      profiles.hidden = false;
    });
    profiles.querySelector('[data-action="close"]').addEventListener("click", function () { profiles.hidden = true; });
    profiles.querySelectorAll('[data-action="submit"]').forEach(function (b) {
      b.addEventListener("click", function () { b.closest("form").submit(); });
    });
  }
  const switchOverlay = document.getElementById("switch-overlay");
  if (switchOverlay) {
    document.querySelectorAll('[data-action="switch-now"]').forEach(function (b) {
      b.addEventListener("click", function () {
        switchOverlay.querySelector("h2").textContent = b.dataset.title;
        switchOverlay.querySelector(".switch-text").textContent = b.dataset.text;
        switchOverlay.querySelector('input[name="profile"]').value = b.dataset.profile;
        switchOverlay.hidden = false;
      });
    });
    switchOverlay.querySelector('[data-action="cancel"]').addEventListener("click", function () { switchOverlay.hidden = true; });
    switchOverlay.querySelector('[data-action="confirm"]').addEventListener("click", function () {
      switchOverlay.querySelector("form").submit();
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (profileMenu && !profileMenu.hidden) profileMenu.hidden = true;
    if (profiles && !profiles.hidden) profiles.hidden = true;
  });

  /* --- the editor ---------------------------------------------------------------------------
     Like Lexical [S: AutomaApp/automa#1566, MP 2025-12; research §2]: what it holds changes only
     through the browser's own editing (key presses, insertText, execCommand) or a paste event; a
     script that sets its DOM (innerText, innerHTML, a fake "input" event) is undone, so nothing
     enables Post that a person could not have typed. Lines are paragraphs (<p>); white-space is
     pre-wrap, so a newline inserted as text stays a line break. */
  const editors = new WeakMap();
  function editorText(root) {
    const lines = [];
    let loose = null;
    function textOf(node) {
      if (node.nodeType === Node.TEXT_NODE) return node.data;
      if (node.nodeName === "BR") return "\n";
      let out = "";
      node.childNodes.forEach(function (child) {
        const block = child.nodeName === "P" || child.nodeName === "DIV";
        out += (block && out && !out.endsWith("\n") ? "\n" : "") + textOf(child);
      });
      return out;
    }
    root.childNodes.forEach(function (child) {
      if (child.nodeName === "P" || child.nodeName === "DIV") {
        if (loose !== null) { lines.push(loose); loose = null; }
        lines.push(textOf(child).replace(/\n$/, ""));
      } else {
        loose = (loose || "") + textOf(child);
      }
    });
    if (loose !== null) lines.push(loose.replace(/\n$/, ""));
    return lines.join("\n").replace(/\u00a0/g, " ").replace(/\n+$/, "");
  }
  function editor(root) {
    if (editors.has(root)) return editors.get(root);
    const listeners = [];
    let snapshot = root.innerHTML, trusted = false;
    const wrap = root.closest(".editor-wrap");
    const observer = new MutationObserver(function () {
      if (!trusted) {  // not the browser's editing: undo it
        root.innerHTML = snapshot;
        observer.takeRecords();
        return;
      }
      trusted = false;
      snapshot = root.innerHTML;
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    function changed() {
      const text = editorText(root);
      if (wrap) wrap.classList.toggle("has-text", text.length > 0);
      listeners.forEach(function (f) { f(text); });
    }
    root.addEventListener("input", function (event) {
      if (!event.isTrusted) return;
      trusted = true;
      changed();
    });
    root.addEventListener("paste", function (event) {
      event.preventDefault();
      const data = event.clipboardData || (event.detail && event.detail.clipboardData);
      const text = data ? data.getData("text/plain") : "";
      if (text) document.execCommand("insertText", false, text);
    });
    const api = {
      text: function () { return editorText(root); },
      clear: function () {
        root.innerHTML = "<p><br></p>";
        observer.takeRecords();
        snapshot = root.innerHTML;
        changed();
      },
      onChange: function (f) { listeners.push(f); },
      root: root,
    };
    editors.set(root, api);
    return api;
  }

  /* --- the composers: the www "Create post" dialog and Business Suite's page ----------------- */
  function composer(form, onPublished) {
    const surface = form.dataset.surface;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    const ed = editor(form.querySelector('[data-lexical-editor="true"]'));
    const input = form.querySelector('input[type="file"]');
    const list = form.querySelector(".attachments");
    const progress = form.querySelector(".posting");
    const maxPhotos = parseInt(form.dataset.maxPhotos, 10);
    let attachments = [], busy = false;

    function errorBox() {
      const shown = Array.from(form.querySelectorAll('[role="alert"]')).filter(function (e) { return !e.parentElement.closest("[hidden]"); });
      return shown[0] || form.querySelector('[role="alert"]');
    }
    function hideErrors() { form.querySelectorAll('[role="alert"]').forEach(function (e) { e.hidden = true; }); }
    function sync() {
      const pending = attachments.some(function (a) { return !a.fbid; });
      const content = ed.text().trim().length > 0 || attachments.length > 0;
      form.querySelectorAll('[data-action="next"], [data-action="post"]').forEach(function (b) {
        b.setAttribute("aria-disabled", String(busy || pending || !content));
      });
    }
    ed.onChange(sync);

    function tile(item) {
      const li = document.createElement("li");
      const bar = document.createElement("div");
      bar.setAttribute("role", "progressbar");
      bar.setAttribute("aria-label", lang === "id" ? "Mengunggah…" : "Uploading…");
      bar.setAttribute("aria-valuemin", "0");
      bar.setAttribute("aria-valuemax", "100");
      bar.setAttribute("aria-valuenow", "0");
      li.appendChild(bar);
      item.li = li;
      item.bar = bar;
      list.querySelector("ul").appendChild(li);
      list.hidden = false;
    }
    function uploaded(item) {
      item.bar.remove();
      const url = URL.createObjectURL(item.file);
      const preview = item.file.type.startsWith("video/") ? document.createElement("video") : document.createElement("img");
      preview.src = url;
      if (preview.tagName === "IMG") preview.alt = "";
      item.li.appendChild(preview);
      const remove = document.createElement("div");
      remove.setAttribute("role", "button");
      remove.setAttribute("tabindex", "0");
      remove.setAttribute("aria-label", lang === "id" ? "Hapus" : "Remove");
      remove.className = "remove";
      remove.textContent = "×";
      remove.addEventListener("click", function () {
        attachments = attachments.filter(function (a) { return a !== item; });
        item.li.remove();
        list.hidden = attachments.length === 0;
        sync();
      });
      item.li.appendChild(remove);
    }
    function dropItem(item) {
      attachments = attachments.filter(function (a) { return a !== item; });
      item.li.remove();
      list.hidden = attachments.length === 0;
    }
    function upload(item) {
      const request = new XMLHttpRequest();
      request.open("POST", base + "/ajax/react_composer/attachments/upload/");
      const h = headers();
      Object.keys(h).forEach(function (k) { request.setRequestHeader(k, h[k]); });
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) item.bar.setAttribute("aria-valuenow", String(Math.round(e.loaded * 100 / e.total)));
      });
      request.addEventListener("load", function () {
        let data = null;
        try { data = JSON.parse(request.responseText); } catch (e) { data = null; }
        if (request.status === 200 && data && data.fbid) {
          item.fbid = data.fbid;
          uploaded(item);
        } else {
          dropItem(item);
          if (!handled({ status: request.status }, data)) showError(errorBox(), data, form.dataset.failed);
        }
        sync();
      });
      request.addEventListener("error", function () { dropItem(item); showError(errorBox(), null, form.dataset.failed); sync(); });
      const body = new FormData();
      body.append("file", item.file, item.file.name);
      request.send(body);
    }
    function addFiles(files) {
      if (!files.length) return;
      hideErrors();
      const videos = attachments.concat(files.map(function (f) { return { file: f }; }))
        .filter(function (a) { return a.file.type.startsWith("video/"); }).length;
      if (attachments.length + files.length > maxPhotos) { showError(errorBox(), null, form.dataset.tooMany); return; }
      if (videos > 1) { showError(errorBox(), null, form.dataset.oneVideo); return; }
      files.forEach(function (file) {
        const item = { file: file, fbid: null };
        attachments.push(item);
        tile(item);
        upload(item);
      });
      sync();
    }
    input.addEventListener("change", function () { addFiles(Array.from(input.files || [])); input.value = ""; });
    const pick = form.querySelector('[data-action="pick"]');
    if (pick) pick.addEventListener("click", function (event) { event.preventDefault(); input.click(); });

    function view(name) {
      form.querySelectorAll("section.view").forEach(function (s) { s.hidden = s.dataset.view !== name; });
    }
    function reset() {
      attachments = []; busy = false;
      list.querySelector("ul").innerHTML = "";
      list.hidden = true;
      ed.clear();
      hideErrors();
      if (progress) progress.hidden = true;
      const switcher = form.querySelector('input[role="switch"]');
      if (switcher) { switcher.checked = false; switcher.setAttribute("aria-checked", "false"); }
      view("compose");
      sync();
    }
    const next = form.querySelector('[data-action="next"]');
    if (next) next.addEventListener("click", function () { if (!disabled(next)) view("settings"); });
    const back = form.querySelector('[data-action="back"]');
    if (back) back.addEventListener("click", function () { view("compose"); });
    const switcher = form.querySelector('input[role="switch"]');
    if (switcher) switcher.addEventListener("change", function () { switcher.setAttribute("aria-checked", String(switcher.checked)); });

    async function submit() {
      if (busy) return;
      busy = true;
      hideErrors();
      sync();
      if (progress) progress.hidden = false;
      const fields = {
        message: ed.text(), photo_ids: attachments.map(function (a) { return a.fbid; }).join(","),
        target: form.dataset.target, actor_id: form.dataset.actor, surface: surface,
      };
      if (switcher) fields.scheduled = switcher.checked ? "1" : "0";
      let reply = null, data = null;
      try {
        reply = await graphql(surface === "business_suite" ? "BusinessComposerStoryCreateMutation" : "ComposerStoryCreateMutation", fields);
        data = await readJson(reply);
      } catch (e) { reply = null; }
      busy = false;
      if (progress) progress.hidden = true;
      if (reply && reply.ok && data && data.data) {
        onPublished(data);
        reset();
        return;
      }
      if (!handled(reply, data)) showError(errorBox(), data, form.dataset.failed);
      sync();
    }
    form.querySelectorAll('[data-action="post"]').forEach(function (b) {
      b.addEventListener("click", function () { if (!disabled(b)) submit(); });
    });
    sync();
    return { reset: reset, addFiles: addFiles, editor: ed, input: input };
  }

  const toast = document.getElementById("toast");
  function say(text) {
    if (!toast) return;
    toast.textContent = text;
    toast.hidden = false;
    setTimeout(function () { toast.hidden = true; }, 8000);
  }

  const overlay = document.getElementById("composer-overlay");
  if (overlay) {
    const form = overlay.querySelector("form");
    const region = document.querySelector('[role="region"].composer-region');
    const dialog = composer(form, function (data) {
      overlay.hidden = true;
      const feed = document.querySelector('.feed[data-owner="' + form.dataset.target + '"]');
      if (feed && data.html) {
        const empty = feed.querySelector(".empty");
        if (empty) empty.remove();
        feed.insertAdjacentHTML("afterbegin", data.html);
      }
      say(form.dataset.published);
    });
    function open() { overlay.hidden = false; dialog.editor.root.focus(); }
    function close() { overlay.hidden = true; dialog.reset(); }
    region.querySelector('[data-action="open-composer"]').addEventListener("click", open);
    region.querySelector('[data-action="open-composer-photo"]').addEventListener("click", function () { open(); dialog.input.click(); });
    const regionInput = region.querySelector('input[type="file"]');
    regionInput.addEventListener("change", function () { open(); dialog.addFiles(Array.from(regionInput.files || [])); regionInput.value = ""; });
    form.querySelector('[data-action="close"]').addEventListener("click", close);
    document.addEventListener("keydown", function (event) { if (event.key === "Escape" && !overlay.hidden) close(); });
  }
  const business = document.getElementById("business-composer");
  if (business) composer(business, function () { say(business.dataset.published); });

  /* --- timelines: See more, the time tooltip, more stories on scroll, Like ------------------- */
  const dateFormat = new Intl.DateTimeFormat(lang === "id" ? "id-ID" : "en-US", {
    weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit",
  });
  let tooltip = null;
  document.addEventListener("mouseover", function (event) {
    const link = event.target instanceof Element ? event.target.closest("a.timestamp") : null;
    if (!link || (tooltip && tooltip.dataset.for === link.dataset.timeKey)) return;
    const story = link.closest('[role="article"]');
    const times = story ? story.querySelector("script.story-time") : null;
    if (!times) return;
    const epoch = JSON.parse(times.textContent)[link.dataset.timeKey];
    if (tooltip) tooltip.remove();
    tooltip = document.createElement("div");
    tooltip.setAttribute("role", "tooltip");
    tooltip.dataset.for = link.dataset.timeKey;
    tooltip.textContent = dateFormat.format(new Date(epoch * 1000));
    const box = link.getBoundingClientRect();
    tooltip.style.left = (window.scrollX + box.left) + "px";
    tooltip.style.top = (window.scrollY + box.bottom + 4) + "px";
    document.body.appendChild(tooltip);
  });
  document.addEventListener("mouseout", function (event) {
    const link = event.target instanceof Element ? event.target.closest("a.timestamp") : null;
    if (link && tooltip && !link.contains(event.relatedTarget)) { tooltip.remove(); tooltip = null; }
  });

  document.addEventListener("click", async function (event) {
    const target = event.target instanceof Element ? event.target.closest("[data-action]") : null;
    if (!target) return;
    const action = target.dataset.action;
    if (action === "see-more") {
      const message = target.closest('[data-ad-rendering-role="story_message"]');
      message.querySelector(".short").remove();
      message.querySelector(".full").hidden = false;
    } else if (action === "like") {
      const on = target.getAttribute("aria-pressed") !== "true";
      const reply = await graphql("CometUFIFeedbackReactMutation", { post: target.dataset.post, on: on ? "1" : "0" });
      const data = await readJson(reply);
      if (!reply.ok) { handled(reply, data); return; }
      target.setAttribute("aria-pressed", String(on));
      const count = target.closest('[role="article"]').querySelector(".reaction-count");
      if (count) count.textContent = String(data.reactions);
    }
  });

  function watchMore(root) {
    const marker = root.querySelector(".more-stories");
    if (!marker || !("IntersectionObserver" in window)) return;
    const seen = new IntersectionObserver(async function (entries) {
      if (!entries.some(function (e) { return e.isIntersecting; })) return;
      seen.disconnect();
      const html = await fragment("/ajax/timeline/?owner=" + encodeURIComponent(marker.dataset.owner) +
        "&before=" + marker.dataset.before + "&start=" + marker.dataset.start);
      const holder = marker.parentElement;
      marker.insertAdjacentHTML("beforebegin", html);
      marker.remove();
      watchMore(holder);
    });
    seen.observe(marker);
  }
  document.querySelectorAll(".feed").forEach(watchMore);

  /* --- comments and replies ------------------------------------------------------------------ */
  const ufi = document.querySelector("section.ufi");
  if (ufi) {
    const post = ufi.dataset.post;
    const commentList = ufi.querySelector(".comment-list");
    const sortButton = ufi.querySelector('[data-action="sort"]');
    const sortMenu = ufi.querySelector(".sort-menu");
    function commentIdOf(article) {
      const link = article.querySelector(':scope > .comment-main a[href*="comment_id="]');
      return link ? param(link.getAttribute("href"), "comment_id") : null;
    }
    function threadOf(el) { return el.closest('[role="article"].comment:not(.reply)'); }
    async function loadReplies(thread) {
      const html = await fragment("/ajax/replies/?comment=" + commentIdOf(thread));
      thread.querySelector(":scope > .replies").innerHTML = html;
      const button = thread.querySelector(':scope > [data-action="replies"]');
      if (button) button.remove();
    }
    async function addComment(text, parent) {
      const fields = { post: post, text: text };
      if (parent) fields.parent = parent;
      let reply = null, data = null;
      try {
        reply = await graphql("useCometUFICreateCommentMutation", fields);
        data = await readJson(reply);
      } catch (e) { reply = null; }
      if (reply && reply.ok && data && data.html) return data;
      if (!handled(reply, data)) return { failed: data || {} };
      return null;
    }

    sortButton.addEventListener("click", function () {
      sortMenu.hidden = !sortMenu.hidden;
      sortButton.setAttribute("aria-expanded", String(!sortMenu.hidden));
    });
    sortMenu.querySelectorAll('[role="menuitem"]').forEach(function (item) {
      item.addEventListener("click", async function () {
        const order = item.dataset.order;
        commentList.innerHTML = await fragment("/ajax/comments/?post=" + post + "&order=" + order + "&offset=0");
        ufi.dataset.order = order;
        sortButton.querySelector("span").textContent = item.textContent.trim();
        sortMenu.querySelectorAll('[role="menuitem"]').forEach(function (o) {
          if (o === item) o.setAttribute("aria-checked", "true"); else o.removeAttribute("aria-checked");
        });
        sortMenu.hidden = true;
        sortButton.setAttribute("aria-expanded", "false");
      });
    });

    commentList.addEventListener("click", async function (event) {
      const button = event.target instanceof Element ? event.target.closest("[data-action]") : null;
      if (!button) return;
      if (button.dataset.action === "more-comments") {
        if (button.dataset.loading) return;
        button.dataset.loading = "1";
        const html = await fragment("/ajax/comments/?post=" + post + "&order=" + button.dataset.order + "&offset=" + button.dataset.offset);
        button.insertAdjacentHTML("beforebegin", html);
        button.remove();
      } else if (button.dataset.action === "replies") {
        await loadReplies(threadOf(button));
      } else if (button.dataset.action === "reply") {
        const thread = threadOf(button);
        const box = thread.querySelector(":scope > .reply-box");
        const field = box.querySelector('[data-lexical-editor="true"]');
        field.setAttribute("aria-label", field.dataset.label.replace("__NAME__", button.dataset.name));
        box.hidden = false;
        editor(field);
        field.focus();
      }
    });

    /* Enter sends a reply; Shift+Enter is a new line [S: SAU, KT; Shift+Enter G] */
    commentList.addEventListener("keydown", async function (event) {
      const field = event.target instanceof Element ? event.target.closest('.reply-box [data-lexical-editor="true"]') : null;
      if (!field || event.key !== "Enter" || event.shiftKey || event.isComposing) return;
      event.preventDefault();
      const ed = editor(field);
      const text = ed.text().trim();
      const thread = threadOf(field);
      const error = thread.querySelector(":scope > .reply-box .error");
      if (!text || field.dataset.sending) return;
      field.dataset.sending = "1";
      const data = await addComment(text, commentIdOf(thread));
      delete field.dataset.sending;
      if (data && data.html) {
        error.hidden = true;
        if (thread.querySelector(':scope > [data-action="replies"]')) await loadReplies(thread);
        else thread.querySelector(":scope > .replies").insertAdjacentHTML("beforeend", data.html);
        ed.clear();
      } else if (data && data.failed) {
        showError(error, data.failed, error.textContent);
      }
    });

    const box = ufi.querySelector(".comment-box");
    if (box) {
      const field = box.querySelector('[data-lexical-editor="true"]');
      const ed = editor(field);
      const sendButton = box.querySelector('[data-action="send-comment"]');
      const error = box.querySelector(".error");
      const sync = function () { sendButton.setAttribute("aria-disabled", String(!ed.text().trim())); };
      ed.onChange(sync);
      const submit = async function () {
        const text = ed.text().trim();
        if (!text || disabled(sendButton)) return;
        sendButton.setAttribute("aria-disabled", "true");
        const data = await addComment(text, null);
        if (data && data.html) {
          error.hidden = true;
          const more = commentList.querySelector(':scope > [data-action="more-comments"]');
          if (more) more.insertAdjacentHTML("beforebegin", data.html); else commentList.insertAdjacentHTML("beforeend", data.html);
          ed.clear();
        } else if (data && data.failed) {
          showError(error, data.failed, error.textContent);
        }
        sync();
      };
      sendButton.addEventListener("click", submit);
      field.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); submit(); }
      });
    }
  }
  document.querySelectorAll('[data-lexical-editor="true"]').forEach(function (root) {
    if (!root.closest(".reply-box")) editor(root);
  });
})();
