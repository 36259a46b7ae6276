// On a phone the tab strip scrolls sideways (responsive.css): once drawn, the active tab is brought into the strip's
// view, so "Referrals" is not selected off-screen. Only the strip scrolls, never the page.
export function revealActiveTab(root) {
  requestAnimationFrame(() => {
    const strip = root.querySelector('.tabs');
    const active = strip?.querySelector('a.active');
    if (!strip || !active || strip.scrollWidth <= strip.clientWidth) return;
    const [s, a] = [strip.getBoundingClientRect(), active.getBoundingClientRect()];
    strip.scrollLeft += a.left - s.left - (s.width - a.width) / 2;
  });
}
