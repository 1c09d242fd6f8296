/* A Draft.js-like editor, as TikTok's description and comment boxes behave [S: research §2 "Caption
   editor"; MP tiktok.ts; MPD TIKTOK_COMMENT_AUTOMATION.md]: the text lives in the editor's own model,
   not in the DOM. The model changes only on real input (the browser's `beforeinput` from key presses,
   Playwright's keyboard.type / press_sequentially / insert_text / fill) or on a `paste` event with
   text/plain data (a synthetic ClipboardEvent works, as it does on the live site). Setting innerText,
   innerHTML or textContent, or execCommand, changes the DOM only: the next render puts the model's
   text back, and what is posted is the model's text.

   window.TTDraft(root, options) -> {text(), setText(), focus(), onChange, replaceToken(), entities()}
   options: {placeholder, maxLength, singleLine (Enter submits), onSubmit, onKeyDown}
*/
(function () {
  "use strict";

  function codePointBefore(text, at) {
    if (at >= 2) {
      const hi = text.charCodeAt(at - 2), lo = text.charCodeAt(at - 1);
      if (hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) return 2;
    }
    return at > 0 ? 1 : 0;
  }
  function codePointAfter(text, at) {
    const hi = text.charCodeAt(at);
    if (hi >= 0xd800 && hi <= 0xdbff && at + 1 < text.length) return 2;
    return at < text.length ? 1 : 0;
  }

  window.TTDraft = function (root, options) {
    options = options || {};
    const key = Math.random().toString(36).slice(2, 7);
    root.classList.add("DraftEditor-root");
    const placeholder = document.createElement("div");
    placeholder.className = "public-DraftEditorPlaceholder-root";
    placeholder.innerHTML = '<div class="public-DraftEditorPlaceholder-inner"></div>';
    placeholder.firstChild.textContent = options.placeholder || "";
    const container = document.createElement("div");
    container.className = "DraftEditor-editorContainer";
    const content = root.querySelector("[contenteditable]") || document.createElement("div");
    content.classList.add("notranslate", "public-DraftEditor-content");
    content.setAttribute("contenteditable", "true");
    content.setAttribute("spellcheck", "false");
    content.style.outline = "none";
    content.style.whiteSpace = "pre-wrap";
    container.appendChild(content);
    root.innerHTML = "";
    root.appendChild(placeholder);
    root.appendChild(container);

    let text = "";
    let entities = [];  // {start, end, type: "hashtag"|"mention", value}
    let rendering = false;
    const api = { onChange: null };

    function blocks() { return text.split("\n"); }

    function render(caret) {
      rendering = true;
      const box = document.createElement("div");
      box.setAttribute("data-contents", "true");
      let offset = 0;
      blocks().forEach(function (line, i) {
        const k = key + "-" + i + "-0";
        const block = document.createElement("div");
        block.setAttribute("data-block", "true");
        block.setAttribute("data-editor", key);
        block.setAttribute("data-offset-key", k);
        const inner = document.createElement("div");
        inner.setAttribute("data-offset-key", k);
        inner.className = "public-DraftStyleDefault-block public-DraftStyleDefault-ltr";
        const runs = [];
        let pos = 0;
        entities.filter(function (e) { return e.start >= offset && e.end <= offset + line.length; })
          .sort(function (a, b) { return a.start - b.start; })
          .forEach(function (e) {
            if (e.start - offset > pos) runs.push({ text: line.slice(pos, e.start - offset) });
            runs.push({ text: line.slice(e.start - offset, e.end - offset), entity: e });
            pos = e.end - offset;
          });
        if (pos < line.length) runs.push({ text: line.slice(pos) });
        if (!runs.length) {
          const span = document.createElement("span");
          span.setAttribute("data-offset-key", k);
          const br = document.createElement("br");
          br.setAttribute("data-text", "true");
          span.appendChild(br);
          inner.appendChild(span);
        }
        runs.forEach(function (run) {
          const span = document.createElement("span");
          span.setAttribute("data-offset-key", k);
          if (run.entity) span.className = run.entity.type === "hashtag" ? "hash-tag-entity" : "mention-entity";
          const t = document.createElement("span");
          t.setAttribute("data-text", "true");
          t.textContent = run.text;
          span.appendChild(t);
          inner.appendChild(span);
        });
        block.appendChild(inner);
        box.appendChild(block);
        offset += line.length + 1;
      });
      content.innerHTML = "";
      content.appendChild(box);
      placeholder.hidden = text.length > 0;
      if (caret !== undefined && document.activeElement === content) placeCaret(caret);
      rendering = false;
    }

    function blockElements() { return Array.from(content.querySelectorAll("[data-block]")); }

    function modelOffset(node, off) {
      const list = blockElements();
      const lines = blocks();
      const before = function (i) { let n = 0; for (let j = 0; j < i; j++) n += lines[j].length + 1; return n; };
      if (node === content || (node.nodeType === 1 && node.hasAttribute && node.hasAttribute("data-contents"))) {
        const i = Math.min(off, list.length);
        return i >= list.length ? text.length : before(i);
      }
      const el = node.nodeType === 1 ? node : node.parentElement;
      const block = el && el.closest("[data-block]");
      if (!block || !content.contains(block)) return off <= 0 ? 0 : text.length;
      const i = list.indexOf(block);
      const range = document.createRange();
      range.setStart(block, 0);
      try { range.setEnd(node, off); } catch (e) { return before(i); }
      return before(i) + Math.min(range.toString().length, lines[i].length);
    }

    function selection() {
      const sel = window.getSelection();
      if (!sel || !sel.rangeCount || !content.contains(sel.anchorNode)) return { start: text.length, end: text.length };
      const r = sel.getRangeAt(0);
      const a = modelOffset(r.startContainer, r.startOffset), b = modelOffset(r.endContainer, r.endOffset);
      return { start: Math.min(a, b), end: Math.max(a, b) };
    }

    function placeCaret(at) {
      const lines = blocks();
      let i = 0, col = at;
      while (i < lines.length - 1 && col > lines[i].length) { col -= lines[i].length + 1; i++; }
      const block = blockElements()[i];
      if (!block) return;
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      let node = walker.nextNode(), target = null, pos = 0;
      while (node) {
        if (col <= node.length) { target = node; pos = col; break; }
        col -= node.length;
        const nextNode = walker.nextNode();
        if (!nextNode) { target = node; pos = node.length; break; }
        node = nextNode;
      }
      const range = document.createRange();
      if (target) range.setStart(target, pos); else range.setStart(block.querySelector("span") || block, 0);
      range.collapse(true);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }

    function edit(start, end, insert) {
      if (options.maxLength !== undefined) {
        const room = options.maxLength - (text.length - (end - start));
        if (insert.length > room) insert = insert.slice(0, Math.max(room, 0));
      }
      const delta = insert.length - (end - start);
      entities = entities.filter(function (e) { return e.end <= start || e.start >= end; })  // an edited one is plain text again
        .map(function (e) { return e.start >= end ? { start: e.start + delta, end: e.end + delta, type: e.type, value: e.value } : e; });
      text = text.slice(0, start) + insert + text.slice(end);
      render(start + insert.length);
      if (api.onChange) api.onChange(text, start + insert.length);
    }

    function wordBoundaryBefore(at) {
      let i = at;
      while (i > 0 && /\s/.test(text[i - 1])) i--;
      while (i > 0 && !/\s/.test(text[i - 1])) i--;
      return i;
    }

    content.addEventListener("beforeinput", function (event) {
      event.preventDefault();
      const sel = selection();
      const type = event.inputType;
      if (type === "insertText" || type === "insertReplacementText" || type === "insertFromPaste" || type === "insertFromDrop") {
        const data = event.data !== null && event.data !== undefined ? event.data
          : (event.dataTransfer ? event.dataTransfer.getData("text/plain") : "");
        if (data) edit(sel.start, sel.end, options.singleLine ? data.replace(/\r?\n/g, " ") : data.replace(/\r\n/g, "\n"));
      } else if (type === "insertParagraph" || type === "insertLineBreak") {
        if (options.singleLine) { if (options.onSubmit) options.onSubmit(); return; }
        edit(sel.start, sel.end, "\n");
      } else if (type === "deleteContentBackward") {
        if (sel.start !== sel.end) edit(sel.start, sel.end, "");
        else if (sel.start > 0) edit(sel.start - codePointBefore(text, sel.start), sel.start, "");
      } else if (type === "deleteContentForward") {
        if (sel.start !== sel.end) edit(sel.start, sel.end, "");
        else if (sel.start < text.length) edit(sel.start, sel.start + codePointAfter(text, sel.start), "");
      } else if (type === "deleteWordBackward") {
        edit(sel.start === sel.end ? wordBoundaryBefore(sel.start) : sel.start, sel.end, "");
      } else if (type === "deleteSoftLineBackward" || type === "deleteHardLineBackward") {
        edit(sel.start === sel.end ? text.lastIndexOf("\n", sel.start - 1) + 1 : sel.start, sel.end, "");
      } else if (type === "deleteByCut" || type === "deleteContent" || type === "deleteByDrag") {
        if (sel.start !== sel.end) edit(sel.start, sel.end, "");
      }
      // anything else (formatting, undo, composition) is ignored, as a plain-text editor would
    });

    content.addEventListener("paste", function (event) {
      event.preventDefault();
      const data = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
      if (!data) return;
      const sel = selection();
      edit(sel.start, sel.end, options.singleLine ? data.replace(/\r?\n/g, " ") : data.replace(/\r\n/g, "\n"));
    });

    content.addEventListener("cut", function (event) {
      const sel = selection();
      if (sel.start === sel.end) return;
      event.preventDefault();
      if (event.clipboardData) event.clipboardData.setData("text/plain", text.slice(sel.start, sel.end));
      edit(sel.start, sel.end, "");
    });

    content.addEventListener("keydown", function (event) {
      if (options.onKeyDown && options.onKeyDown(event)) event.preventDefault();
    });

    // a change that did not come through the model (execCommand, innerText, ...) is undone on the
    // next input event, and never reaches what is posted
    content.addEventListener("input", function () { if (!rendering) render(selection().end); });

    content.addEventListener("focus", function () { placeholder.classList.add("focused"); });

    api.text = function () { return text; };
    api.entities = function () { return entities.slice(); };
    api.content = content;
    api.setText = function (value) { text = value; entities = []; render(text.length); };
    api.caret = function () { return selection().end; };
    api.focus = function () { content.focus(); placeCaret(text.length); };
    /* Replace model text [start, end) by `insert`, marking [start, start + token length) as an entity. */
    api.replaceToken = function (start, end, insert, entity) {
      edit(start, end, insert);
      if (entity) {
        entities.push({ start: start, end: start + entity.length, type: entity.type, value: entity.value });
        render(start + insert.length);
      }
    };
    render();
    return api;
  };
})();
