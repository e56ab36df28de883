// dossier serve: live reload and the error overlay. Injected into HTML pages while serving only.
(() => {
  // The build this page shows: the server reloads the page at once if the site has moved on.
  const since = document.currentScript.dataset.since;
  const KEY = "dossier-scroll";
  const saved = sessionStorage.getItem(KEY);
  if (saved) {
    sessionStorage.removeItem(KEY);
    const [path, x, y] = JSON.parse(saved);
    if (path === location.pathname) addEventListener("load", () => scrollTo(x, y));
  }
  let overlay = null;
  function showError(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "dossier-error-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-label", "Build error");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);color:#fff;" +
        "font:14px/1.5 ui-monospace,monospace;padding:2rem;overflow:auto";
      const title = document.createElement("p");
      title.style.cssText = "font:bold 18px system-ui,sans-serif;margin:0 0 1rem;color:#ff9b9b";
      title.textContent = "dossier: the last change does not build — still showing the last good version";
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      overlay.append(title, pre);
      document.body.append(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  }
  function hideError() {
    if (overlay) overlay.remove();
    overlay = null;
  }
  function reload() {
    sessionStorage.setItem(KEY, JSON.stringify([location.pathname, scrollX, scrollY]));
    location.reload();
  }
  function swapStyles() {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("dossier-reload", Date.now());
      link.href = url.href;
    }
  }
  let connectedOnce = false;
  function connect() {
    const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__dossier/livereload?since=" + since);
    socket.onopen = () => {
      // After a server restart the page may be stale: reload once the server is back.
      if (connectedOnce && window.__dossierLost) reload();
      connectedOnce = true;
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.kind === "reload" && (!message.only || message.only.includes(location.pathname))) reload();
      else if (message.kind === "css") { hideError(); swapStyles(); }
      else if (message.kind === "error") showError(message.text);
      else if (message.kind === "ok") hideError();
    };
    socket.onclose = () => { window.__dossierLost = true; setTimeout(connect, 500); };
  }
  connect();
})();
