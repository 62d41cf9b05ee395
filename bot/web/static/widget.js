/*
 * Rinnalla chat widget. One tag adds it to any page:
 *
 *   <script src="https://rinnalla.example/static/widget.js"
 *           data-server="https://rinnalla.example" defer></script>
 *
 * data-server       where Rasa's socket.io channel is (default: the script's origin)
 * data-privacy-url  the privacy page (default: <script origin>/tietosuoja)
 * data-exit-url     where "Poistu nopeasti" goes (default: https://www.google.fi/)
 *
 * Every message is put on the page as text (textContent), never as HTML; only
 * http(s) addresses and phone numbers become links, built as elements.
 * The conversation id, the history and unsent messages live in this device's
 * localStorage; nothing else is stored.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__rinnalla) { return; }
  window.__rinnalla = true;

  var scriptUrl = new URL(script.src, location.href);
  var assets = scriptUrl.href.replace(/[^/]*$/, "");
  var server = script.getAttribute("data-server") || scriptUrl.origin;
  var privacyUrl = script.getAttribute("data-privacy-url") || scriptUrl.origin + "/tietosuoja";
  var exitUrl = script.getAttribute("data-exit-url") || "https://www.google.fi/";

  var STORE_KEY = "rinnalla.chat.v1";
  var MAX_CHARS = 2000;
  var MAX_HISTORY = 200;
  var CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY2345679";
  var CODE_LENGTH = 7;

  var T = {
    launcher: "Chattaa",
    launcherLong: "Avaa Rinnalla-chat",
    title: "Rinnalla",
    subtitle: "Chattibotti, ei ihminen",
    close: "Sulje chat",
    exit: "Poistu nopeasti",
    exitHint: "Poistuu heti toiselle sivulle",
    emergency: "Hätätilanteessa soita ",
    notLive: "Kukaan ei seuraa tätä chattia reaaliajassa.",
    privacy: "Älä kirjoita henkilötunnusta tai osoitetta. ",
    privacyLink: "Näin käsittelemme tietojasi",
    inputLabel: "Kirjoita viesti",
    placeholder: "Kirjoita viesti…",
    send: "Lähetä",
    menu: "Valikko",
    restart: "Aloita alusta",
    clear: "Tyhjennä keskustelu tältä laitteelta",
    clearAsk: "Poistetaanko keskustelu tältä laitteelta? Viestit häviävät tästä näkymästä. " +
      "Jos chat on yhdistetty työntekijääsi, tarvitset uuden koodin.",
    clearYes: "Tyhjennä",
    clearNo: "Peruuta",
    cleared: "Keskustelu on poistettu tältä laitteelta.",
    forgotten: "Keskustelu on poistettu palvelimelta ja tältä laitteelta. Tämä on uusi keskustelu.",
    typing: "Rinnalla kirjoittaa…",
    you: "Sinä",
    bot: "Rinnalla",
    worker: "Työntekijäsi viesti",
    connecting: "Yhdistetään…",
    offline: "Ei yhteyttä. Viestisi lähtee, kun yhteys palaa.",
    back: "Yhteys palasi.",
    waiting: "Odottaa yhteyttä",
    slowDown: "Lähetit monta viestiä lyhyessä ajassa. Seuraava viesti lähtee hetken päästä itsestään.",
    tooLong: "Viesti on liian pitkä. Lyhennä se alle " + MAX_CHARS + " merkkiin.",
    empty: "Kirjoita ensin viesti.",
    badCode: "Linkin koodi ei ole kokonainen. Kirjoita koodi itse viestiksi.",
    counter: function (n) { return n + " / " + MAX_CHARS; },
    unread: function (n) { return n === 1 ? "1 uusi viesti" : n + " uutta viestiä"; },
    at: "klo "
  };

  // ---- storage (falls back to memory when localStorage is blocked) ----
  var memory = null;
  function load() {
    try {
      var raw = window.localStorage.getItem(STORE_KEY);
      if (raw) { return JSON.parse(raw); }
    } catch (e) { /* private mode or corrupt data: start fresh */ }
    return memory;
  }
  function save() {
    state.messages = state.messages.slice(-MAX_HISTORY);
    memory = state;
    try { window.localStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* memory only */ }
  }
  function newSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function freshState() {
    return { sessionId: newSessionId(), messages: [], outbox: [], open: false, seq: 0 };
  }
  var state = load();
  if (!state || typeof state.sessionId !== "string" || !Array.isArray(state.messages)) {
    state = freshState();
  }
  state.outbox = Array.isArray(state.outbox) ? state.outbox.filter(function (o) {
    return o && typeof o.payload === "string";
  }) : [];
  state.seq = state.seq || 0;

  // ---- DOM helpers ----
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; }
      else if (key === "class") { node.className = attrs[key]; }
      else if (attrs[key] !== null && attrs[key] !== undefined) { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  // Addresses and phone numbers become links; everything else stays text.
  var LINK_RE = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)])|((?:\+358[\s-]?|\b0)\d{1,3}(?:[\s-]?\d{2,4}){2,3}\b|\b11[26](?:\s?117)?\b)/g;
  function appendLinked(parent, text) {
    var last = 0;
    text.replace(LINK_RE, function (match, url, phone, offset) {
      if (offset > last) { parent.appendChild(document.createTextNode(text.slice(last, offset))); }
      var href = url ? url : "tel:" + phone.replace(/[\s-]/g, "");
      var attrs = { href: href };
      if (url) { attrs.target = "_blank"; attrs.rel = "noopener noreferrer"; }
      parent.appendChild(el("a", attrs, [document.createTextNode(match)]));
      last = offset + match.length;
      return match;
    });
    if (last < text.length) { parent.appendChild(document.createTextNode(text.slice(last))); }
  }

  function bubbleIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "rinnalla-launcher-icon");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    return svg;
  }

  function timeLabel(iso) {
    var d = new Date(iso);
    var hh = d.getHours(), mm = ("0" + d.getMinutes()).slice(-2);
    return T.at + hh + "." + mm;
  }

  // ---- build the widget ----
  var root = el("div", { class: "rinnalla", lang: "fi" });
  var exitButton = el("button", { type: "button", class: "rinnalla-exit", title: T.exitHint, text: T.exit });
  // Inside the open chat the same button sits in the header instead.
  var headerExit = el("button", { type: "button", class: "rinnalla-exit-inline", title: T.exitHint, text: T.exit });
  var launcher = el("button", {
    type: "button", class: "rinnalla-launcher", "aria-expanded": "false",
    "aria-controls": "rinnalla-window", "aria-label": T.launcherLong
  }, [bubbleIcon(), el("span", { text: T.launcher })]);

  var closeButton = el("button", { type: "button", class: "rinnalla-close", "aria-label": T.close }, [
    el("span", { "aria-hidden": "true", text: "✕" })
  ]);
  var menuButton = el("button", {
    type: "button", class: "rinnalla-menu-button", "aria-expanded": "false", "aria-controls": "rinnalla-menu",
    "aria-label": T.menu, title: T.menu
  }, [el("span", { "aria-hidden": "true", text: "⋯" })]);
  var restartButton = el("button", { type: "button", class: "rinnalla-restart", text: T.restart });
  var clearButton = el("button", { type: "button", class: "rinnalla-clear", text: T.clear });
  var menu = el("div", { id: "rinnalla-menu", class: "rinnalla-menu", hidden: "" }, [restartButton, clearButton]);
  var confirmYes = el("button", { type: "button", class: "rinnalla-confirm-yes", text: T.clearYes });
  var confirmNo = el("button", { type: "button", class: "rinnalla-confirm-no", text: T.clearNo });
  var confirmBox = el("div", { class: "rinnalla-confirm", role: "alertdialog", "aria-labelledby": "rinnalla-confirm-text", hidden: "" }, [
    el("p", { id: "rinnalla-confirm-text", text: T.clearAsk }), el("div", { class: "rinnalla-row" }, [confirmYes, confirmNo])
  ]);

  var emergency = el("p", { class: "rinnalla-emergency" }, [
    document.createTextNode(T.emergency), el("a", { href: "tel:112", text: "112" }),
    document.createTextNode(". " + T.notLive)
  ]);
  var status = el("p", { class: "rinnalla-status", role: "status", "aria-live": "polite" });
  var log = el("ol", { class: "rinnalla-list" });
  var logBox = el("div", { class: "rinnalla-log", role: "log", "aria-live": "polite", "aria-label": "Keskustelu", tabindex: "0" }, [log]);
  var typing = el("p", { class: "rinnalla-typing", hidden: "" }, [
    el("span", { class: "rinnalla-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
    el("span", { text: T.typing })
  ]);
  var quick = el("div", { class: "rinnalla-quick", role: "group", "aria-label": "Vastausvaihtoehdot" });
  var input = el("textarea", {
    id: "rinnalla-input", class: "rinnalla-input", rows: "2", maxlength: String(MAX_CHARS * 2),
    placeholder: T.placeholder, autocomplete: "off", "aria-describedby": "rinnalla-hint"
  });
  var hint = el("p", { id: "rinnalla-hint", class: "rinnalla-hint", "aria-live": "polite" });
  var sendButton = el("button", { type: "submit", class: "rinnalla-send", text: T.send });
  var form = el("form", { class: "rinnalla-form", novalidate: "" }, [
    el("label", { for: "rinnalla-input", class: "rinnalla-sr", text: T.inputLabel }),
    input, sendButton
  ]);
  var privacy = el("p", { class: "rinnalla-privacy" }, [
    document.createTextNode(T.privacy), el("a", { href: privacyUrl, target: "_blank", rel: "noopener", text: T.privacyLink })
  ]);
  var header = el("header", { class: "rinnalla-header" }, [
    el("div", { class: "rinnalla-titles" }, [
      el("h2", { id: "rinnalla-title", class: "rinnalla-title", text: T.title }),
      el("p", { class: "rinnalla-subtitle", text: T.subtitle })
    ]),
    headerExit, menuButton, closeButton
  ]);
  var windowEl = el("section", {
    id: "rinnalla-window", class: "rinnalla-window", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "rinnalla-title", hidden: ""
  }, [header, menu, confirmBox, emergency, status, logBox, typing, quick, form, hint, privacy]);

  root.appendChild(exitButton);
  root.appendChild(windowEl);
  root.appendChild(launcher);

  // ---- rendering ----
  function renderMessage(message) {
    var body = el("div", { class: "rinnalla-text" });
    appendLinked(body, message.text || "");
    var meta = el("p", { class: "rinnalla-meta" }, [
      el("span", { class: message.from === "worker" ? "rinnalla-who" : "rinnalla-sr",
        text: (message.from === "user" ? T.you : message.from === "worker" ? T.worker : T.bot) + ", " }),
      el("time", { datetime: message.time, text: timeLabel(message.time) })
    ]);
    if (message.pending) {
      meta.appendChild(el("span", { class: "rinnalla-pending", text: " · " + T.waiting }));
    }
    var item = el("li", { class: "rinnalla-msg rinnalla-" + message.from, "data-id": String(message.id) }, [body, meta]);
    return item;
  }
  function renderAll() {
    log.textContent = "";
    state.messages.forEach(function (m) { log.appendChild(renderMessage(m)); });
    var last = state.messages[state.messages.length - 1];
    renderQuick(last && last.from !== "user" ? last.buttons : null);
    scrollDown();
  }
  function renderQuick(buttons) {
    quick.textContent = "";
    (buttons || []).forEach(function (b) {
      var button = el("button", { type: "button", class: "rinnalla-reply", text: b.title });
      button.addEventListener("click", function () {
        sendText(b.payload, b.title);
        input.focus();
      });
      quick.appendChild(button);
    });
    quick.hidden = !(buttons && buttons.length);
  }
  function scrollDown() {
    logBox.scrollTop = logBox.scrollHeight;
    // again after layout: the quick replies below may have taken room
    window.requestAnimationFrame(function () { logBox.scrollTop = logBox.scrollHeight; });
  }
  function addMessage(message) {
    state.seq += 1;
    message.id = state.seq;
    message.time = message.time || new Date().toISOString();
    state.messages.push(message);
    save();
    log.appendChild(renderMessage(message));
    renderQuick(message.from !== "user" ? message.buttons : null);
    scrollDown();
    return message;
  }
  function markSent(id) {
    state.messages.forEach(function (m) { if (m.id === id) { delete m.pending; } });
    state.outbox = state.outbox.filter(function (o) { return o.id !== id; });
    save();
    var node = log.querySelector('[data-id="' + id + '"] .rinnalla-pending');
    if (node) { node.remove(); }
  }
  function setStatus(text) { status.textContent = text || ""; status.hidden = !text; }
  function setHint(text) { hint.textContent = text || ""; }
  var typingTimer = null;
  function showTyping(on) {
    clearTimeout(typingTimer);
    typing.hidden = !on;
    if (on) { typingTimer = setTimeout(function () { typing.hidden = true; }, 30000); }
  }

  // ---- opening and closing ----
  // A message that arrives while the chat is closed (a worker's reply) is
  // counted on the launcher.
  var unread = 0;
  var unreadBadge = el("span", { class: "rinnalla-unread", hidden: "" });
  launcher.appendChild(unreadBadge);
  function setUnread(count) {
    unread = count;
    unreadBadge.textContent = count ? T.unread(count) : "";
    unreadBadge.hidden = !count;
    launcher.setAttribute("aria-label", count ? T.launcherLong + ", " + T.unread(count) : T.launcherLong);
  }
  function openChat(focusInput) {
    setUnread(0);
    windowEl.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.hidden = true;
    exitButton.hidden = true;
    state.open = true;
    save();
    ensureSocket();
    scrollDown();
    if (focusInput !== false) { input.focus(); }
    if (!state.messages.length && !state.outbox.length && !state.greeted) {
      state.greeted = true;
      save();
      queue("/greet", null);
    }
  }
  function closeChat() {
    windowEl.hidden = true;
    launcher.hidden = false;
    exitButton.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    closeMenu();
    launcher.focus();
  }
  function closeMenu() { menu.hidden = true; menuButton.setAttribute("aria-expanded", "false"); }

  // ---- the connection ----
  var socket = null;
  var fromWorker = false;  // between the markers around a worker's reply
  var confirmed = false;
  var wasOffline = false;

  function loadSocketIo(done) {
    if (window.io) { done(); return; }
    var tag = el("script", { src: assets + "vendor/socket.io-4.7.5.min.js" });
    tag.onload = done;
    tag.onerror = function () {
      tag.remove();
      setStatus(T.offline);
      setTimeout(function () { ensureSocket(); }, 10000);  // try again
    };
    document.head.appendChild(tag);
  }
  function ensureSocket() {
    if (socket) { return; }
    setStatus(T.connecting);
    loadSocketIo(function () {
      if (socket) { return; }
      socket = window.io(server, { path: "/socket.io", transports: ["websocket", "polling"], reconnectionDelayMax: 10000 });
      socket.on("connect", function () {
        socket.emit("session_request", { session_id: state.sessionId });
      });
      socket.on("session_confirm", function (id) {
        sending = false;
        if (typeof id === "string" && id !== state.sessionId) { state.sessionId = id; save(); }
        confirmed = true;
        setStatus(wasOffline ? T.back : "");
        if (wasOffline) { setTimeout(function () { if (confirmed) { setStatus(""); } }, 4000); }
        wasOffline = false;
        flush();
      });
      socket.on("bot_uttered", onBotMessage);
      socket.on("disconnect", function () { confirmed = false; wasOffline = true; setStatus(T.offline); showTyping(false); });
      socket.on("connect_error", function () { confirmed = false; wasOffline = true; setStatus(T.offline); });
    });
  }
  // "poista tietoni" was confirmed and done (actions/privacy.py): the server
  // has deleted the conversation, so this device forgets it too and starts a
  // new conversation id. The bot's answer to it stays on screen.
  function conversationForgotten() {
    var lastUser = -1;
    state.messages.forEach(function (m, i) { if (m.from === "user") { lastUser = i; } });
    var answer = state.messages.slice(lastUser + 1).filter(function (m) { return m.from === "bot"; });
    showTyping(false);
    startNewConversation(T.forgotten);
    answer.forEach(function (m) { addMessage({ from: "bot", text: m.text, time: m.time }); });
  }
  function onBotMessage(data) {
    if (!data || typeof data !== "object") { return; }
    if (data.rinnalla === "conversation_forgotten") { conversationForgotten(); return; }
    if (Array.isArray(data.worker_replies_begin)) { fromWorker = true; return; }
    if (Array.isArray(data.worker_replies)) {
      // The worker's reply is on screen (it came just before): tell the server.
      fromWorker = false;
      socket.emit("replies_seen", { session_id: state.sessionId, ids: data.worker_replies });
      return;
    }
    var text = typeof data.text === "string" ? data.text : "";
    var buttons = Array.isArray(data.quick_replies) ? data.quick_replies.filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string";
    }).map(function (b) { return { title: b.title, payload: b.payload }; }) : null;
    if (!text && !(buttons && buttons.length)) { return; }
    showTyping(false);
    addMessage({ from: fromWorker ? "worker" : "bot", text: text, buttons: buttons && buttons.length ? buttons : null });
    if (windowEl.hidden) { setUnread(unread + 1); }
  }
  // One message at a time, in order; a message leaves the outbox only when
  // the server has acknowledged it (after it has answered it).
  var sending = false;
  function flush() {
    if (!socket || !confirmed || sending || !state.outbox.length) { return; }
    var item = state.outbox[0];
    var sentOn = socket;
    sending = true;
    showTyping(true);
    socket.timeout(60000).emit("user_uttered", { message: item.payload, session_id: state.sessionId }, function (err, result) {
      sending = false;
      if (sentOn !== socket) { return; }  // the conversation was cleared meanwhile
      if (err) { showTyping(false); return; }  // stays in the outbox; sent again after a reconnect
      showTyping(false);
      if (result && result.reason === "rate_limited") {
        // Too many messages in a short time: it waits in the outbox and goes later.
        setStatus(T.slowDown);
        setTimeout(function () { setStatus(""); flush(); }, Math.max(1, result.retry_after || 5) * 1000);
        return;
      }
      markSent(item.id);
      flush();
    });
  }
  function queue(payload, shown) {
    var id;
    if (shown !== null) {
      id = addMessage({ from: "user", text: shown, pending: true }).id;
    } else {
      state.seq += 1;
      id = state.seq;
    }
    state.outbox.push({ id: id, payload: payload });
    save();
    flush();
  }
  function sendText(payload, shown) {
    renderQuick(null);
    queue(payload, shown === undefined ? payload : shown);
  }

  // ---- events ----
  launcher.addEventListener("click", function () { openChat(); });
  closeButton.addEventListener("click", closeChat);
  function quickExit() {
    // replace(): the back button does not come back to this page.
    try { document.body.style.visibility = "hidden"; } catch (e) { /* leave anyway */ }
    window.location.replace(exitUrl);
  }
  exitButton.addEventListener("click", quickExit);
  headerExit.addEventListener("click", quickExit);
  windowEl.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      if (!confirmBox.hidden) { confirmBox.hidden = true; clearButton.focus(); return; }
      if (!menu.hidden) { closeMenu(); menuButton.focus(); return; }
      closeChat();
    }
  });
  menuButton.addEventListener("click", function () {
    var opening = menu.hidden;
    menu.hidden = !opening;
    menuButton.setAttribute("aria-expanded", String(opening));
    if (opening) { restartButton.focus(); }
  });
  restartButton.addEventListener("click", function () {
    closeMenu();
    sendText("/start_over", T.restart);
    input.focus();
  });
  clearButton.addEventListener("click", function () {
    confirmBox.hidden = false;
    confirmNo.focus();
  });
  confirmNo.addEventListener("click", function () { confirmBox.hidden = true; closeMenu(); input.focus(); });
  // History, outbox and conversation id go; a new id starts on a new socket.
  function startNewConversation(notice) {
    try { window.localStorage.removeItem(STORE_KEY); } catch (e) { /* nothing stored */ }
    memory = null;
    if (socket) { socket.off(); socket.disconnect(); socket = null; confirmed = false; wasOffline = false; }
    state = freshState();
    state.open = !windowEl.hidden;
    state.greeted = true;
    save();
    renderAll();
    setHint(notice);
    ensureSocket();
  }
  confirmYes.addEventListener("click", function () {
    confirmBox.hidden = true;
    closeMenu();
    startNewConversation(T.cleared);
    input.focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { setHint(T.empty); input.focus(); return; }
    if (text.length > MAX_CHARS) { setHint(T.tooLong + " (" + T.counter(text.length) + ")"); input.focus(); return; }
    setHint("");
    input.value = "";
    sendText(text, text);
    input.focus();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : sendButton.click();
    }
  });
  input.addEventListener("input", function () {
    var n = input.value.trim().length;
    setHint(n > MAX_CHARS ? T.tooLong + " (" + T.counter(n) + ")" : (n > MAX_CHARS - 200 ? T.counter(n) : ""));
  });
  window.addEventListener("offline", function () { wasOffline = true; setStatus(T.offline); });
  // The network is back: reconnect now instead of waiting for socket.io's
  // back-off (up to 15 s), so a waiting message leaves at once.
  window.addEventListener("online", function () {
    if (!socket) { ensureSocket(); return; }
    if (!socket.connected) { socket.disconnect(); socket.connect(); }
  });
  window.addEventListener("resize", function () { if (!windowEl.hidden) { scrollDown(); } });

  // ---- invite links: ?code=K7PQ2XW links the chat without typing ----
  function takeInviteCode() {
    var params = new URLSearchParams(location.search);
    var raw = params.get("code") || params.get("koodi");
    if (raw === null) { return; }
    params.delete("code");
    params.delete("koodi");
    var rest = params.toString();
    // The code never stays in the address bar or the browser history.
    history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
    var code = raw.toUpperCase().replace(/[\s-]/g, "");
    var ok = code.length === CODE_LENGTH && code.split("").every(function (c) { return CODE_ALPHABET.indexOf(c) >= 0; });
    state.greeted = true;
    save();
    openChat(false);
    if (ok) { sendText("Koodini on " + code); } else { setHint(T.badCode); }
  }

  function start() {
    // First in the page, so the quick exit is the first thing Tab reaches.
    document.body.insertBefore(root, document.body.firstChild);
    document.documentElement.classList.add("rinnalla-ready");
    renderAll();
    setStatus("");
    // Connected whenever there is a conversation, so a worker's reply arrives
    // live even while the chat is closed.
    if (state.open) { openChat(false); }
    else if (state.outbox.length || state.messages.length) { ensureSocket(); }
    takeInviteCode();
  }

  var css = el("link", { rel: "stylesheet", href: assets + "widget.css" });
  document.head.appendChild(css);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
