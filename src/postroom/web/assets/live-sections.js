// Keeps parts of a page up to date: inside each element with data-live-url, every element with
// data-live-section="name" is replaced by the HTML for that name in the JSON at that URL. Each
// polls on its own, waits longer when answers are slow, stops while the tab is hidden, and
// touches only what changed; it stops for good when the JSON says `stop`, and reloads the page
// when it says `reload` (the page itself has changed). The page is complete without this script.
function follow(container) {
  const url = container.dataset.liveUrl;
  const base = Number(container.dataset.liveInterval || 5000);
  let interval = base;
  let timer = null;
  let stopped = false;

  async function refresh() {
    timer = null;
    if (document.hidden) return;
    const started = performance.now();
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const sections = await response.json();
        if (sections.reload) {
          window.location.reload();
          return;
        }
        for (const [name, html] of Object.entries(sections)) {
          const element = container.querySelector(`[data-live-section="${name}"]`);
          if (element && element.innerHTML !== html) element.innerHTML = html;
        }
        if (sections.stop) {
          stopped = true;
          return;
        }
      }
      const took = performance.now() - started;
      // A slow answer means a busy server: ask less often, up to once a minute.
      interval = took > 1000 ? Math.min(interval * 2, 60000) : base;
    } catch {
      interval = Math.min(interval * 2, 60000);
    }
    schedule();
  }

  function schedule() {
    if (timer === null && !stopped && !document.hidden) timer = setTimeout(refresh, interval);
  }

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
    } else if (timer === null && !stopped) {
      refresh();
    }
  });
  schedule();
}

document.querySelectorAll("[data-live-url]").forEach(follow);
